"""Clio's history graph: records, dates, the NetworkX store and its traversals. No GraphQL here."""
