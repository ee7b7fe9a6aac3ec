"""The headline rule meets a stated rate on 340 development sentences judged by hand.

The sentences (`tests/audit/dev/headlines.jsonl`) are day-page events long enough for the rule
to shorten, drawn with a fixed seed from development rows only. Each headline a judge has seen
is filed as acceptable or not; a change to the rule that makes a headline nobody has judged
fails here until it is judged, and one that makes the rule worse fails on the floor.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audit.devheadlines import JUDGED, QUOTA, draw, judgements, rate
from audit.freshheadlines import JUDGED as FRESH_JUDGED
from audit.freshheadlines import QUOTA as FRESH_QUOTA
from audit.rows import is_gold
from graph.importers.headline import TITLE_MAX
from tests.conftest import SHARED

#: Acceptable headlines among the judged ones must stay at or above this (306 of 340 measured:
#: 274 of the 300 the rule was tuned on, 32 of the 40 drawn after it).
FLOOR = 0.88
#: The same for the 80 sentences of the second fresh sample (71 of 80 measured: 38 of the
#: tuning half, 33 of the held-out half).
FRESH_FLOOR = 0.85


def test_every_headline_the_rule_gives_has_been_judged() -> None:
    measured = rate(judgements())
    assert measured.unjudged == [], "judge these headlines by hand and file them in " + JUDGED.name


def test_the_rule_gives_acceptable_headlines_often_enough() -> None:
    measured = rate(judgements())
    assert measured.judged == QUOTA
    assert measured.acceptable / measured.judged >= FLOOR


def test_the_judged_sentences_are_development_rows_the_rule_shortens() -> None:
    rows = judgements()
    keys = [row.key for row in rows]
    assert len(set(keys)) == len(keys) == QUOTA
    assert not any(is_gold(key) for key in keys)
    assert all(len(row.sentence.rstrip(".")) > TITLE_MAX for row in rows)
    # A headline is never judged both ways.
    assert all(not row.acceptable & row.unacceptable for row in rows)


def test_the_judged_sentences_are_the_seeded_draw() -> None:
    datasets = SHARED / "datasets"
    if not datasets.is_dir():
        pytest.skip(f"the shared data sets are not at {datasets}")
    drawn = [(str(key), sentence) for key, sentence in draw(datasets)]
    assert drawn == [(row.key, row.sentence) for row in judgements()]


def test_a_headline_nobody_judged_is_reported_as_unjudged(tmp_path: Path) -> None:
    sentence = (
        "The Council of Trent establishes an official distinction between Roman Catholicism and "
        "Protestantism."
    )
    path = tmp_path / "judged.jsonl"
    key = "wikipedia-onthisday/events/1/1.json#1"
    row = {"key": key, "sentence": sentence, "acceptable": ["x"], "unacceptable": []}
    path.write_text(json.dumps(row) + "\n", encoding="utf-8")
    measured = rate(judgements(path))
    assert (measured.acceptable, measured.judged) == (0, 0)
    assert [key for key, _ in measured.unjudged] == [row["key"]]


def test_the_fresh_sample_is_judged_and_read_well_enough() -> None:
    # 80 sentences drawn with their own seed after the 340 (`audit.freshheadlines`), judged as the
    # rule gave them (68 acceptable), half of them held out from the rules written since.
    rows = judgements(FRESH_JUDGED)
    keys = [row.key for row in rows]
    assert len(set(keys)) == len(keys) == FRESH_QUOTA
    assert not set(keys) & {row.key for row in judgements()}
    assert not any(is_gold(key) for key in keys)
    assert all(len(row.sentence.rstrip(".")) > TITLE_MAX for row in rows)
    measured = rate(rows)
    assert measured.unjudged == [], "judge these headlines by hand and file them in " + FRESH_JUDGED.name
    assert measured.acceptable / measured.judged >= FRESH_FLOOR
