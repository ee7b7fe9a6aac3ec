"""Day-page sentences as headlines: short, whole, and made of the sentence's own words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.importers.headline import TITLE_MAX, headline


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # Short enough: the sentence without its full stop.
        (
            "Copper coins are minted in Japan for the first time.",
            "Copper coins are minted in Japan for the first time",
        ),
        # Parentheses go first.
        (
            "Constantinople (now Istanbul) falls to the Ottoman army of Sultan Mehmed II after a siege "
            "(lasting 53 days).",
            "Constantinople falls to the Ottoman army of Sultan Mehmed II after a siege",
        ),
        # The wider-story headings go; the last heading stays when it fits.
        (
            "World War II: Operation Overlord: Allied troops land on the beaches of Normandy, France, "
            "in the largest seaborne invasion in history.",
            "Operation Overlord: Allied troops land on the beaches of Normandy, France",
        ),
        # The last heading goes too when the rest alone fits.
        (
            "World War II: Operation Overlord: Allied troops land on the beaches of Normandy in the largest "
            "seaborne invasion.",
            "Allied troops land on the beaches of Normandy in the largest seaborne invasion",
        ),
        # An opening subordinate clause is not the news.
        (
            "While en route from Adana to Ankara, the train carrying the delegation of the republic derails "
            "near Yenice, killing forty passengers and crew.",
            "The train carrying the delegation of the republic derails near Yenice",
        ),
        # A cut before the phrase that cannot finish, never mid-phrase, never with an ellipsis.
        (
            "The June Rebellion breaks out in Paris in an attempt to overthrow the monarchy of Louis "
            "Philippe of France and restore the republic.",
            "The June Rebellion breaks out in Paris",
        ),
    ],
    ids=["fits", "parentheses", "last-heading", "no-heading", "subordinate-clause", "phrase-cut"],
)
def test_headline(sentence: str, expected: str) -> None:
    assert headline(sentence) == expected


@given(
    st.lists(
        st.sampled_from(["war", "of", "the", "Battle", "Paris,", "in", "(note)", "begins:", "a", "x" * 30]),
        max_size=60,
    )
)
def test_headline_is_short_whole_and_never_cut_with_an_ellipsis(words: list[str]) -> None:
    sentence = " ".join(words)
    title = headline(sentence)
    assert len(title) <= TITLE_MAX
    assert not title.endswith("…")

    # Every word of the headline is a word of the sentence (punctuation aside).
    def words_of(text: str) -> set[str]:
        return set(text.translate(str.maketrans(",:()", "    ")).split())

    assert words_of(title) <= words_of(sentence)
