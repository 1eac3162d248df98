"""Where a claim's content starts and ends: the reported clause and the object, repaired
where the small model's parse typically errs (asides, trailing participles, colons, quotes
cut in two)."""

from __future__ import annotations

from spacy.tokens import Token

from claimex.extraction.text_index import CharRange, TextIndex
from claimex.rules.words import words

MARKS = words().complementizers
REPORTING_DEPS = {"ccomp", "dobj", "xcomp", "prep"}


def is_stray_report(tok: Token, cue_lemmas: frozenset[str]) -> bool:
    """A cue verb that the parser put inside another claim's content although it is the
    speaker's next act: "said A and accused B of C", "announced A, citing B"."""
    if tok.pos_ != "VERB" or tok.lemma_.lower() not in cue_lemmas:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return False
    if tok.dep_ == "conj":
        return tok.tag_ in ("VBD", "VBZ", "VBP") and any(
            c.dep_ in REPORTING_DEPS for c in tok.children
        )
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and tok.i > 0 and tok.nbor(-1).text == ","


def according_head(cue: Token, head: Token) -> Token:
    """The clause that "according to X" covers: the parser often hangs the phrase on the last
    conjunct or subordinate clause, but the attribution covers the whole sentence ("A won, and B
    lost, according to X"; "X said A, according to Y"). Measured on PolNeAR train: the content
    is the sentence. A phrase before the verb of a that-clause stays inside it ("reported that,
    according to X, A")."""
    while head.dep_ in ("conj", "advcl", "ccomp") and head.head != head:
        if head.dep_ == "ccomp" and cue.i < head.i:
            break
        head = head.head
    return head


def clause_range(
    cue: Token, head: Token, index: TextIndex, cue_lemmas: frozenset[str] = frozenset()
) -> CharRange:
    """The reported clause headed by `head`, repaired where the parse typically errs.

    For a clause after its cue: it starts at its complementizer (said on Sunday that ...),
    takes in a second subject the parser hung on the cue (said the plan ... would fail), and
    ends before a further cue verb of the speaker's that the parser hung on the clause
    (said A and accused B of C).
    """
    first, last = head.left_edge.i, head.right_edge.i
    if head.i > cue.i:
        mark = next(
            (c for c in head.children if c.dep_ == "mark" and c.lower_ in MARKS and c.i < head.i),
            None,
        )
        if mark is not None and first < mark.i and first > cue.i:
            first = mark.i
        late_subj = [c for c in cue.children if c.dep_ == "nsubj" and cue.i < c.i < first]
        if late_subj and any(c.dep_ == "nsubj" and c.i < cue.i for c in cue.children):
            first = late_subj[0].left_edge.i
        for child in head.rights:
            if is_stray_report(child, cue_lemmas):
                last = min(last, child.left_edge.i - 1)
                while last > first and head.doc[last].dep_ in ("cc", "punct"):
                    last -= 1
                break
        last = _drop_trailing_adjunct(head, last)
        last = _through_colon(head, last)
    last = drop_trailing_relative(head, first, last)
    return index.token_range(first, max(first, last))


def _through_colon(head: Token, last: int) -> int:
    """A reported clause that stops at a colon goes on through what the colon announces,
    to the end of the sentence: a quote or a lower-case phrase (said it failed for one
    reason: the cost), and for a that-clause of a cue any sentence (argued that X: Y).
    Measured on PolNeAR train: a capitalised sentence after the colon of another clause
    (an appearance, an infinitive) is mostly the writer's own."""
    doc = head.doc
    nxt = last + 1
    if nxt >= len(doc) or doc[nxt].text != ":" or doc[nxt].sent.start != head.sent.start:
        return last
    after = next((t for t in doc[nxt + 1 : doc[nxt].sent.end] if not t.is_space), None)
    if after is None or not (after.is_quote or after.text[:1].islower() or head.dep_ == "ccomp"):
        return last
    end = doc[nxt].sent.end - 1
    while end > nxt and (doc[end].is_punct or doc[end].is_space):
        end -= 1
    return end if end > nxt else last


SETTING_OFF = {",", "—", "–", "-", "--"}
# subordinators of a contrast the writer adds to a reported clause ("said A, while B")
CONTRAST_MARKS = words().contrast_marks


def _drop_trailing_adjunct(head: Token, last: int) -> int:
    """The last token before a comma- or dash-set adjunct that ends a reported clause after
    its cue: a participial clause with no subject of its own ("said A, saying B", "announced
    A, throwing B into doubt": the speaker's next act or the writer's comment, and a cue
    participle is a claim of its own) or a contrast ("said A, while B", "A, even though B").
    Measured on PolNeAR train and dev: content F up, a clause with a subject of its own
    joined by "and"/"but" stays (cutting it lowered F)."""
    doc = head.doc
    for tok in doc[head.i + 1 : last + 1]:
        lo = tok.left_edge.i
        if tok.dep_ != "advcl" or tok.right_edge.i < last - 1 or lo <= head.i + 1:
            continue
        if doc[lo - 1].text not in SETTING_OFF:
            continue
        if tok.tag_ == "VBG" and not any(
            c.dep_ in ("mark", "nsubj", "nsubjpass") for c in tok.children
        ):
            return lo - 2
        if any(c.dep_ == "mark" and c.lower_ in CONTRAST_MARKS for c in tok.children):
            return lo - 2
    return last


def _unset_clause(child: Token, head: Token, first_words: tuple[str, ...]) -> bool:
    """`child` is an adverbial clause of the cue that starts after the object `head` with
    one of `first_words` and no comma before it."""
    lo = child.left_edge
    return (
        child.dep_ == "advcl"
        and lo.lower_ in first_words
        and lo.i > head.i
        and head.doc[lo.i - 1].text != ","
    )


def as_complement(child: Token, head: Token) -> bool:
    """An "as" phrase after the object that the parser made a clause of the cue: "described
    the plan as reckless", "sees the council as captured by developers". One with a subject
    of its own ("as the vote neared") or set off by a comma is not part of the content."""
    return _unset_clause(child, head, ("as",)) and not any(
        g.dep_ in ("nsubj", "nsubjpass", "expl") for g in child.children
    )


def prep_object_tail(cue: Token, prep: Token) -> int:
    """The last token of an "as" phrase or a to-infinitive after a cue's prepositional object
    that the parser hung on the cue: "referred to the mayor as a reformer", "called on the
    council to act". Without one, the end of the prepositional phrase."""
    doc = cue.doc
    last = prep.right_edge.i
    for child in cue.rights:
        if child.i <= prep.i:
            continue
        if (
            child.dep_ == "prep" and child.lower_ == "as" and doc[child.i - 1].text != ","
        ) or infinitive_complement(child, prep):
            last = max(last, child.right_edge.i)
    return last


def infinitive_complement(child: Token, head: Token) -> bool:
    """A to-infinitive after the object that the parser made a purpose clause of the cue, while
    it completes the object noun: "praised the council's efforts to cut waste", "backed her
    call to raise wages". One set off by a comma or with a subject of its own is not."""
    return (
        _unset_clause(child, head, ("to",))
        and child.tag_ == "VB"
        and not any(g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in child.children)
    )


def if_clause(child: Token, head: Token) -> bool:
    """An if- or whether-clause right after the object: "asked voters if they had decided",
    "promised a tax cut if she wins"."""
    return _unset_clause(child, head, ("if", "whether"))


def drop_trailing_relative(head: Token, first: int, last: int) -> int:
    """The last token before a relative clause set off by a comma that ends the span: the
    writer's aside, not the speaker's words ("said the fire started in the mill, which had
    been closed for years"). Measured on PolNeAR train and dev: content F up."""
    doc = head.doc
    for tok in doc[first : last + 1]:
        if (
            tok.dep_ == "relcl"
            and tok.right_edge.i >= last
            and tok.left_edge.i > first + 2
            and doc[tok.left_edge.i - 1].text == ","
        ):
            return tok.left_edge.i - 2
    return last


def clean_ranges(
    ranges: list[CharRange],
    index: TextIndex,
    exclude: list[int] = (),  # type: ignore[assignment]
) -> list[CharRange]:
    """Trim every range, drop empty ones and cut out excluded tokens, in text order."""
    doc = index.doc
    cut: list[CharRange] = []
    for lo, hi in sorted(ranges):
        pieces = [(lo, hi)]
        for i in exclude:
            t_lo, t_hi = doc[i].idx, doc[i].idx + len(doc[i].text)
            nxt = []
            for a, b in pieces:
                if t_lo >= b or t_hi <= a:
                    nxt.append((a, b))
                    continue
                if a < t_lo:
                    nxt.append((a, t_lo))
                if t_hi < b:
                    nxt.append((t_hi, b))
            pieces = nxt
        cut.extend(pieces)
    out: list[CharRange] = []
    for lo, hi in cut:
        lo, hi = index.trim(*cover_quotes(lo, hi, index))
        if lo < hi:
            out.append((lo, hi))
    return out


def cover_quotes(lo: int, hi: int, index: TextIndex) -> CharRange:
    """Widen [lo, hi) over any quotation it cuts: the parse often leaves a closing mark or
    the end of a quoted phrase outside the clause, and a quote is never split."""
    for q in index.quotes:
        if q.start >= hi:
            break
        if q.end <= lo:
            continue
        if lo <= q.start < hi < q.end:
            hi = q.end
        elif q.start < lo < q.end <= hi:
            lo = q.start
    return lo, hi
