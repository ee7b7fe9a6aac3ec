"""A few events relinked in a field's posting lists, spliced in place, equal the whole merge of them.

`Field.relinked` splices an edit's few events into the arrays (`Field._spliced`) and merges
many in one pass over every entry (`Field._merged`, what `tests/graph/test_relink.py`
compares with a whole build): on the bundled data, seeded random rows of every field,
values gained and lost, neighbouring values' lists both growing, the two must agree entry
for entry and type for type.
"""

from __future__ import annotations

import random

import numpy as np
import pytest

from graph.queries.postings import FIELDS, postings
from graph.store import KnowledgeGraph


@pytest.mark.parametrize("name", sorted(FIELDS))
def test_spliced_rows_equal_the_whole_merge(kg: KnowledgeGraph, name: str) -> None:
    index = postings(kg)
    field = index.fields[name]
    rng = random.Random(name)
    for _ in range(150):
        rows = {}
        for _ in range(rng.randrange(4)):
            size = 1 if name == "category" else rng.randrange(4)
            rows[rng.randrange(index.events)] = [rng.choice(field.ids) for _ in range(size)]
        spliced, merged = field._spliced(rows), field._merged(rows)
        for part in ("indptr", "values", "owner", "post_ptr", "post"):
            now, whole = getattr(spliced, part), getattr(merged, part)
            assert now.dtype == whole.dtype and np.array_equal(now, whole), (part, rows)
