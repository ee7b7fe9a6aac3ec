"""The one rule for text an edit stores (`graph.edits.edit_text`): visible text kept, NFC; rest refused."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.edits import EditError, edit_text
from graph.text import hidden_character

# Characters no stored text may hold, by kind; each refused wherever it stands.
HIDDEN = st.sampled_from(
    [
        *"\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",  # bidi embeddings, overrides, isolates
        *"\u200b\u2060\ufeff\u00ad\u061c\u200e\u200f",  # zero-width space, joiners of words, marks
        "\U000e0001",  # a language tag
        "\ue000",  # private use
        "\ufffe",  # a noncharacter
        "\u2028",  # a line separator, inside the text (at an end it is trimmed as white space)
        "\x7f",  # DEL, a control
    ]
)


@given(before=st.text(max_size=40), hidden=HIDDEN, after=st.text(max_size=40))
def test_a_hidden_character_is_refused_naming_the_field_wherever_it_stands(
    before: str, hidden: str, after: str
) -> None:
    with pytest.raises(EditError, match=r"^summary: holds U\+[0-9A-F]{4,6} \(") as refused:
        edit_text("summary", f"x{before}{hidden}{after}x")
    assert refused.value.field == "summary"


@given(text=st.text(max_size=200))
def test_what_is_kept_is_nfc_trimmed_and_visible(text: str) -> None:
    try:
        kept = edit_text("summary", text)
    except EditError as error:
        assert str(error).startswith("summary: holds ")
        assert hidden_character(unicodedata.normalize("NFC", text).strip()) is not None
        return
    assert kept == unicodedata.normalize("NFC", kept) == kept.strip()
    assert hidden_character(kept) is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", id="persian-non-joiner"),
        pytest.param("\u0915\u094d\u200d\u0937", id="devanagari-joiner"),
        pytest.param("\U0001f469\u200d\U0001f52c", id="emoji-sequence"),
        pytest.param("Line one\nline two\twith a tab", id="line-feed-and-tab"),
    ],
)
def test_joiners_scripts_need_and_plain_breaks_are_kept(text: str) -> None:
    assert edit_text("description", text) == text
