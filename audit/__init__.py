"""The import audit: a gold set judged by hand, and the comparison `make audit` runs.

Nothing here is imported by `graph/`, `schema/` or `clio/`: the audit reads the shared data
sets and an import's output directory as a client would, and judges the importer from outside.
"""
