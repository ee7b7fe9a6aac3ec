"""The store of record for edits: changes, their review, and API tokens, in SQLite (or PostgreSQL).

`clio.state.store` is the interface and the SQL both databases share; `clio.state.sqlite`
the embedded default; `clio.state.live` keeps a worker's graph up to date with the store;
`clio.state.desk` is the edit workflow (who may propose, review, apply) the mutations call.
"""
