"""Interviews: who answers. An interview is a text whose questions are answered in the
paragraphs after them (or that labels them Q: and A:), after an introduction that says it is
an interview and names the interviewee."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter

from claimex.extraction.entity_groups import Entities
from claimex.extraction.mentions import Mention
from claimex.extraction.quotes import paragraphs
from claimex.extraction.text_index import TextIndex
from claimex.rules.words import speaker_words

INTERVIEW_WORDS = re.compile(
    r"\binterview|\btells?\b|\btold\b|\bspoke (?:with|to)\b|\btalk(?:s|ed)? (?:with|to)\b"
    r"|\bsat down with\b|\bQ\s*&\s*A\b",
    re.IGNORECASE,
)
QUESTION_LABEL = re.compile(r"\s*(?:Q|Question)\s*[:.]", re.IGNORECASE)
ANSWER_LABEL = re.compile(r"\s*(?:A|Answer)\s*[:.]", re.IGNORECASE)
MIN_QUESTIONS = 2
INTERVIEWER_VERBS = speaker_words().interviewer_verbs


class Interview:
    """The answer paragraphs of an interview and the mention that names its interviewee."""

    def __init__(
        self,
        interviewee: Mention,
        answers: list[tuple[int, int]],
        questions: list[tuple[int, int]],
    ) -> None:
        self.interviewee = interviewee
        self.answers = answers
        self.questions = questions
        self.answer_starts = [a for a, _ in answers]
        self.question_starts = [q for q, _ in questions]

    def interviewee_at(self, char: int, first_person: bool) -> bool:
        """Is I (`first_person`) or you at `char` the interviewee: I in an answer, you in
        a question ("Do you think ...?")?"""
        paras, starts = (
            (self.answers, self.answer_starts)
            if first_person
            else (self.questions, self.question_starts)
        )
        n = bisect_right(starts, char) - 1
        return n >= 0 and char < paras[n][1]


def find_interview(
    index: TextIndex, mentions: list[Mention], entities: Entities
) -> Interview | None:
    text = index.text
    paras = paragraphs(text)
    kinds = [_paragraph_kind(text, lo, hi) for lo, hi in paras]
    questions = [n for n, k in enumerate(kinds) if k == "question"]
    if len(questions) < MIN_QUESTIONS:
        return None
    intro_end = paras[questions[0]][0]
    if not INTERVIEW_WORDS.search(text, 0, intro_end):
        return None
    first_line_end = paras[0][1]
    votes: Counter[int] = Counter()
    first: dict[int, Mention] = {}
    interviewed: list[int] = []
    for m in mentions:
        start = index.starts[m.start]
        if start >= intro_end:
            break
        if _interviewed(index, m):
            interviewed.append(entities.root(m.index))
        if m.type != "name" or entities.animacy_of(m) != "person" or _interviewer(index, m):
            continue
        root = entities.root(m.index)
        votes[root] += 2 if start < first_line_end else 1
        first.setdefault(root, m)
    named_interviewed = {root for root in interviewed if root in first}
    if len(named_interviewed) == 1:  # "Wikinews interviewed him": the one interviewed
        votes = Counter({named_interviewed.pop(): 1})
    if not votes:
        return None
    ranked = votes.most_common(2)
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return None  # two people named as often: no telling who answers
    answers: list[tuple[int, int]] = []
    asked: list[tuple[int, int]] = []
    after_question = False
    for (lo, hi), kind in zip(paras, kinds, strict=True):
        if kind == "question":
            after_question = True
            asked.append((lo, hi))
        elif kind == "answer" or (after_question and lo >= intro_end):
            answers.append((lo, hi))
    return Interview(first[ranked[0][0]], answers, asked)


def _interviewed(index: TextIndex, m: Mention) -> bool:
    """Is `m` the object of "interviewed"? (Not of "spoke with", "sat down with", which
    go both ways.)"""
    tok = index.doc[m.head]
    return tok.dep_ == "dobj" and tok.head.lemma_.lower() == "interview"


def _interviewer(index: TextIndex, m: Mention) -> bool:
    """Is `m` the subject of "interviews", "spoke with" (the one who asks)?"""
    tok = index.doc[m.head]
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in INTERVIEWER_VERBS


def _paragraph_kind(text: str, lo: int, hi: int) -> str:
    if QUESTION_LABEL.match(text, lo, hi):
        return "question"
    if ANSWER_LABEL.match(text, lo, hi):
        return "answer"
    if text[lo:hi].rstrip().endswith("?"):
        return "question"
    return "other"
