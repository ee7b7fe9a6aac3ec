"""Limits that refuse a query before it runs: one table (``table``), the measure of a document
(``measure``), the refusal (``guard``) and the Strawberry extensions that apply them (``extensions``).

Import from the modules themselves: ``schema.codes`` derives the limits' error codes from the
table, so this package imports nothing that reads the codes in turn.
"""
