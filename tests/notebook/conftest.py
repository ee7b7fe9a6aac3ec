"""The hand-made data set with dates before Christ, shared with tests/queries."""

from tests.queries.conftest import ancient, ancient_client

__all__ = ["ancient", "ancient_client"]
