"""Quote finding on raw text: pairing, apostrophes, multi-paragraph quotes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimex.extraction.quotes import find_quotes
from conftest import EXAMPLES


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


# ---- quotations without a closing mark are bounded ---------------------------------------

REPRODUCTION = (
    "“We will win,” Smith said. “This is the end, Jones said. Brown said the vote was “rigged."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the reproduction: the stray opener ends before its own attribution
        (REPRODUCTION, ["“We will win,”", "“This is the end", "“rigged."]),
        # ... or at its sentence end
        ("Smith said the “budget was fine. Jones said it was not.", ["“budget was fine."]),
        ("“This is the end. Brown said the vote was rigged.", ["“This is the end."]),
        ("He said “Mr. Hale left. Then he ran.", ["“Mr. Hale left."]),
        ("She met J.M. “Barrie at noon. He left.", ["“Barrie at noon."]),
        # ... or before the next opening mark
        ("Smith said “the budget. “We will win,” Jones said.", ["“the budget.", "“We will win,”"]),
        # a quote that follows said: (in the paragraph or the one before) keeps its paragraph
        (
            "The minister said: “We will win. We always do.\n\nLee said it was close.",
            ["“We will win. We always do."],
        ),
        (
            "Transcript as follows:\n\n“We will win. We always do.\n\nLee said it was close.",
            ["“We will win. We always do."],
        ),
        (
            "He continued, “We will win. We always do.\n\nLee said it was close.",
            ["“We will win. We always do."],
        ),
        # news style over paragraphs keeps working, also after an attributed first part
        (
            "“We will win,” Okoro said. “We always do.\n\n“And we will win again.”",
            ["“We will win,”", "“We always do.\n\n“And we will win again.”"],
        ),
        ("“A.\n\n“B. C.\n\n“D.”", ["“A.\n\n“B. C.\n\n“D.”"]),
        (
            "“A,” Lee said on Friday. “B.\n\n“C,” she added.",
            ["“A,”", "“B.\n\n“C,”"],
        ),
        ("“A.\n\n“B.\n\n“C,” she said.", ["“A.\n\n“B.\n\n“C,”"]),
        # ... but not into a closed quotation with its own attribution
        (
            "The mayor said the “plan was bad.\n\n“We will win,” Jones said.",
            ["“plan was bad.", "“We will win,”"],
        ),
        # ... nor over an attribution in its own paragraph
        ("“It is over. Brown said the vote was rigged.\n\n“B.”", ["“It is over.", "“B.”"]),
        ("“Brown said the vote was rigged.\n\n“B.”", ["“Brown said the vote was rigged.", "“B.”"]),
        ("“It is over, she said. Then she left.\n\n“B.”", ["“It is over", "“B.”"]),
        # a one-line text: the bound comes from the sentence, not the (missing) paragraph
        (
            "The council met. “The budget passed by four votes. Lee said so. Kim agreed.",
            ["“The budget passed by four votes."],
        ),
        # “ typed for ” closes; a mark glued to the word before with a space after opens
        # nothing; a double mark inside a word is no quote mark
        ("“It is unusual,“ said Noble. “It is hard.”", ["“It is unusual,“", "“It is hard.”"]),
        ("“Apparently not,“ he said.", ["“Apparently not,“"]),
        ("The strike lasted 19 days.« Okoro said she hoped it would end.", []),
        ('the bud“get and the wo"rd and the »plan« of', []),
        # straight quotes: a mark that can only close closes nothing when none is open
        ('Smith said the plan" was bad. "We will win," Jones said.', ['"We will win,"']),
        ('He said "yes" and "no', ['"yes"', '"no']),
        # single quotes: within their sentence, or closing after punctuation
        ("Lee said the ‘budget was fine. The workers’ union said no.", []),
        ("‘We will win. We always do,’ she said.", ["‘We will win. We always do,’"]),
        ("the ‘old’ plan and the ‘new plan", ["‘old’"]),
        ("a ‘stray and a ‘real’ quote", ["‘real’"]),
        # a stray single quote inside a double quotation changes nothing
        ("“He called it ‘rubbish, she said.”", ["“He called it ‘rubbish, she said.”"]),
    ],
)
def test_unclosed_quotes_are_bounded(text, expected):
    assert quoted(text) == expected


@pytest.mark.parametrize(
    ("text", "closed"),
    [
        (REPRODUCTION, [True, False, False]),
        ("“A,” she said.", [True]),
        ("“It is unusual,“ said Noble.", [True]),
        ("Smith said the “budget was fine.", [False]),
    ],
)
def test_closed_says_whether_a_closing_mark_was_found(text, closed):
    assert [q.closed for q in find_quotes(text)] == closed


def _long_text(size: int, stray_at: float, mark: str = "“") -> tuple[str, int]:
    """A one-line fictional text of about `size` characters: narration and reported speech,
    a closed quotation every thousand sentences (about 60,000 characters), and one stray
    `mark` in a narration sentence at `stray_at` of the way."""
    sentences = [
        "The council of Town {n} met on Monday to discuss the road budget.",
        "Mayor Lind{n} said the bridge over the river would reopen in week {n}.",
        "The works will cost {n} thousand crowns, according to the planning office.",
        "Residents had waited for months, and many drove the long way round.",
    ]
    parts: list[str] = []
    n = length = 0
    while length < size:
        if n % 1000 == 999:
            parts.append(f"“We are nearly there,” the engineer in charge of site {n} said.")
        parts.append(sentences[n % len(sentences)].format(n=n))
        length += len(parts[-1]) + 1
        n += 1
    text = " ".join(parts)
    pos = text.index("Residents had", int(len(text) * stray_at)) + len("Residents had ")
    return text[:pos] + mark + text[pos:], pos


@pytest.mark.parametrize("mark", ["“", '"', "«"])
def test_a_stray_mark_in_a_long_text_stays_in_its_sentence(mark):
    text, pos = _long_text(156_000, 0.1, mark)
    quotes = find_quotes(text)
    (stray,) = [q for q in quotes if q.start == pos]
    assert (
        text[stray.start : stray.end]
        == mark + "waited for months, and many drove the long way round."
    )
    assert not stray.closed
    assert max(q.end - q.start for q in quotes) == stray.end - stray.start


@pytest.mark.parametrize("at", [0.0, 0.1, 0.5, 0.95])
def test_chunks_of_a_long_text_with_a_stray_mark_never_cut_a_quotation(at):
    from claimex.engine.chunking import chunk_text

    text, _ = _long_text(156_000, at)
    quotes = find_quotes(text)
    max_chars = 20_000
    chunks = list(chunk_text(text, max_chars, before=1_000, after=1_000))
    assert len(chunks) <= len(text) // (max_chars // 2) + 1  # parts end near their limit
    for chunk in chunks[:-1]:
        assert not any(q.start < chunk.end < q.end for q in quotes), chunk


# ---- claims around a stray mark -----------------------------------------------------------


def _speaker_and_content(claims: list[dict]) -> list[tuple[str | None, str]]:
    return [((c["speaker"] or {}).get("name"), c["content"]["text"]) for c in claims]


def test_the_reproduction_keeps_smith_jones_and_brown(run):
    claims = run(REPRODUCTION)
    got = [
        ((c["speaker"] or {}).get("name"), c["cue"]["text"], c["content"]["text"], c["type"])
        for c in claims
    ]
    assert got == [
        ("Smith", "said", "“We will win,”", "direct"),
        ("Jones", "said", "“This is the end", "direct"),
        ("Brown", "said", "the vote was “rigged", "mixed"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Smith said the “budget was fine. Jones said it was not.",
            [("Smith", "the “budget was fine"), ("Jones", "it was not")],
        ),
        ("“This is the end. Brown said the vote was rigged.", [("Brown", "the vote was rigged")]),
        (
            "The mayor said the “plan was bad.\n\n“We will win,” Jones said.",
            [("The mayor", "the “plan was bad"), ("Jones", "“We will win,”")],
        ),
        (
            "The minister said: “We will win. We always do.\n\nLee said the vote was close.",
            [("The minister", "“We will win. We always do."), ("Lee", "the vote was close")],
        ),
        (
            "“It is unusual,“ said Larry Noble, a lawyer. “It is hard to pull off.”",
            [
                (
                    "Larry Noble",
                    "“It is unusual,“ said Larry Noble, a lawyer. “It is hard to pull off.”",
                )
            ],
        ),
        (
            "Smith said the ‘budget was fine. Jones said the workers’ pay would rise.",
            [("Smith", "the ‘budget was fine"), ("Jones", "the workers’ pay would rise")],
        ),
        # a cue that opens the next sentence is not the quote's attribution
        ("“We are done.” Asked later, she said it was off.", [("she", "it was off")]),
        # negatives: a stray mark makes no claim
        ("The strike lasted 19 days.« The port stayed open.", []),
        ("“The budget passed by four votes. The council met on Monday.", []),
    ],
)
def test_claims_around_a_stray_mark(run, text, expected):
    assert _speaker_and_content(run(text)) == expected


BUDGET_VOTE = EXAMPLES / "budget-vote.txt"


def _extent(claim: dict) -> tuple[int, int]:
    """The characters a claim stands on: its source, cue and content."""
    spans = [s for s in (claim["source"], claim["cue"], claim["content"]) if s]
    return min(s["start"] for s in spans), max(s["end"] for s in spans)


def _sentence_around(doc, pos: int) -> tuple[int, int]:
    """The characters of the sentences of `doc` that touch position `pos`."""
    touched = [(s.start_char, s.end_char) for s in doc.sents if s.start_char <= pos <= s.end_char]
    return min(a for a, _ in touched), max(b for _, b in touched)


def lost_claims(
    before: list[dict], after: list[dict], landing: tuple[int, int], moved: Callable[[int], int]
) -> list[dict]:
    """The claims of `before` that `after` lost: a claim is lost when it stands (source, cue
    or content) wholly outside the `landing` sentence and no claim of `after` has its content
    at the same characters, once `moved` maps an offset before the edit to one after it."""
    lo, hi = landing
    contents = {(c["content"]["start"], c["content"]["end"]) for c in after}
    return [
        c
        for c in before
        if (_extent(c)[1] < lo or _extent(c)[0] > hi)
        and (moved(c["content"]["start"]), moved(c["content"]["end"])) not in contents
    ]


@pytest.fixture(scope="module")
def budget_vote(nlp):
    text = BUDGET_VOTE.read_text(encoding="utf-8")
    doc = nlp(text)
    return text, doc, list(doc._.claimex_data)


def test_flattening_budget_vote_keeps_every_content(run, budget_vote):
    text, _, claims = budget_vote
    flat = text.replace("\n", " ")  # one line, same offsets
    assert len(claims) >= 15
    assert [c["content"] for c in run(flat)] == [c["content"] for c in claims]


@pytest.mark.parametrize("nth", range(12), ids=lambda n: f"closing-mark-{n + 1}")
def test_flattened_budget_vote_without_one_closing_mark(run, budget_vote, nth):
    """budget-vote on one line with its nth ” removed keeps every claim of the unflattened
    run except those of the sentence the mark was removed from."""
    text, doc, claims = budget_vote
    closing = [i for i, ch in enumerate(text) if ch == "”"]
    assert len(closing) == 12
    pos = closing[nth]
    flat = text.replace("\n", " ")
    after = run(flat[:pos] + flat[pos + 1 :])
    lost = lost_claims(claims, after, _sentence_around(doc, pos), lambda o: o - (o > pos))
    assert lost == []


ARTICLES = sorted(EXAMPLES.glob("*.txt"))
STRAY_MARKS = ["“", "”", '"', "«", "»", "‘", "’", "'"]


@pytest.fixture(scope="module")
def parsed_articles(nlp):
    """Each example article, its parse and its claims (parsed once for the module)."""
    out = {}
    for path in ARTICLES:
        text = path.read_text(encoding="utf-8")
        doc = nlp(text)
        out[path.name] = (text, doc, list(doc._.claimex_data))
    return out


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    name=st.sampled_from([p.name for p in ARTICLES]),
    mark=st.sampled_from(STRAY_MARKS),
    data=st.data(),
)
def test_one_stray_mark_loses_at_most_the_claims_of_its_sentence(
    nlp, parsed_articles, name, mark, data
):
    """Insert one quote mark anywhere in an example article: every claim that stands wholly
    outside the sentence the mark lands in keeps its content (offsets moved by one). The
    sentence is taken from both parses, before and after the insertion, since the mark may
    move a sentence boundary."""
    text, doc, claims = parsed_articles[name]
    pos = data.draw(st.integers(0, len(text)), label="position")
    new_doc = nlp(text[:pos] + mark + text[pos:])
    lo, hi = _sentence_around(doc, pos)
    for sent in new_doc.sents:
        if sent.start_char <= pos < sent.end_char:
            lo, hi = min(lo, sent.start_char), max(hi, sent.end_char - 1)
    lost = lost_claims(claims, list(new_doc._.claimex_data), (lo, hi), lambda o: o + (o > pos))
    assert lost == [], (text[max(0, pos - 80) : pos] + mark + text[pos : pos + 80], lost)


@pytest.mark.parametrize(
    ("text", "types"),
    [
        ("The minister said: “We will win. We always do.", ["direct"]),
        (REPRODUCTION, ["direct", "direct", "mixed"]),
        ("Smith said the “budget was fine.", ["mixed"]),
        ("Smith said the budget was fine.", ["indirect"]),
    ],
)
def test_type_of_a_claim_on_an_unclosed_quotation(run, text, types):
    assert [c["type"] for c in run(text)] == types
