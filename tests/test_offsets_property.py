"""Property: on any text, every span of every claim is exactly the text at its offsets."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimex.extraction.quotes import find_quotes
from claimex.schemas import Claim

PIECES = [
    "said",
    "says",
    "told",
    "according to",
    "warned that",
    "Okoro",
    "Ada Okoro",
    "she",
    "he",
    "the minister",
    "critics",
    "the report",
    "that",
    "the plan",
    "was",
    "is dead",
    "will fail",
    ",",
    ".",
    ":",
    ";",
    "?",
    "“",
    "”",
    '"',
    "'",
    "‘",
    "’",
    "''",
    "``",
    "«",
    "»",
    "—",
    "(",
    ")",
    "\n",
    "\n\n",
    " ",
    "  ",
    "\t",
    "\r\n",
    "é",
    "日本",
    "🙂",
    "\u00a0",
    "\u200b",
    "\ufeff",
    "As",
    "noted",
    "in a statement",
    "accused",
    "of",
    "called",
    "reckless",
    "Mr.",
    "U.S.",
]

news_like = st.lists(st.sampled_from(PIECES), min_size=1, max_size=60).map(" ".join)
any_text = st.text(min_size=1, max_size=300)


def check_claims(text: str, claims: list[dict]) -> None:
    for data in claims:
        claim = Claim.model_validate(data)
        for span in claim.spans():
            assert 0 <= span.start <= span.end <= len(text)
            assert text[span.start : span.end] == span.text
        frags = claim.content.fragments
        for frag in frags:
            assert claim.content.start <= frag.start <= frag.end <= claim.content.end
        if frags:
            assert frags[0].start == claim.content.start
            assert frags[-1].end == claim.content.end
        if claim.speaker is not None and claim.speaker.start is not None:
            assert text[claim.speaker.start : claim.speaker.end] == claim.speaker.name


SETTINGS = settings(
    max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(text=news_like)
def test_offsets_hold_on_news_like_text(nlp, text):
    check_claims(text, nlp(text)._.claimex_data)


@SETTINGS
@given(text=any_text)
def test_offsets_hold_on_arbitrary_text(nlp, text):
    check_claims(text, nlp(text)._.claimex_data)


@settings(max_examples=500, deadline=None)
@given(text=st.one_of(news_like, any_text))
def test_quotes_are_ordered_and_disjoint(text):
    last_end = 0
    for q in find_quotes(text):
        assert last_end <= q.start < q.end <= len(text)
        last_end = q.end
