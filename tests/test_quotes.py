"""Quote finding on raw text: pairing, apostrophes, multi-paragraph quotes."""

from __future__ import annotations

import pytest

from claimex.extraction.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“A,” she said.", ["“A,”"]),
        ('"A," she said, "B."', ['"A,"', '"B."']),
        ("''A,'' said Jo. ''B.''", ["''A,''", "''B.''"]),
        ("``A,'' said Jo.", ["``A,''"]),
        ("«Non», a-t-il dit.", ["«Non»"]),
        ("He said: “A ‘nested’ quote.”", ["“A ‘nested’ quote.”"]),
        ("Mayor Sees 'Personal Insult' in Harbour Vote", ["'Personal Insult'"]),
        ("the workers’ rights, the ’90s, rock ’n’ roll, don’t", []),
        ("the workers' rights in the '90s", []),
        ("the so-called “savings” plan", ["“savings”"]),
    ],
)
def test_pairs(text, expected):
    assert quoted(text) == expected


def test_quote_over_paragraphs_is_one_quote():
    text = "He said:\n\n“A.\n\n“B.\n\n“C.”\n\nAfter."
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == "“A.\n\n“B.\n\n“C.”"
    assert q.paragraphs == 3 and q.closed


def test_unclosed_quote_ends_with_its_paragraph():
    text = '"Unclosed quote here.\n\nNext paragraph.'
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == '"Unclosed quote here.'
    assert not q.closed


def test_closed_quotes_in_consecutive_paragraphs_stay_apart():
    text = "“A,” she said.\n\n“B.”"
    assert quoted(text) == ["“A,”", "“B.”"]
