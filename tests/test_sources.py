"""Sources the parser gets wrong and the grammar repairs: text -> the source of the claim
with the given cue (fictional sentences; the constructions were read in GUM's train split).
The negative cases keep the source the parse gives, or get none. Misparses that the model
makes only in some contexts are given as hand-written parses, for the grammar alone."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from claimex.extraction.grammar import find_subject
from claimex.extraction.text_index import TextIndex

# (text, cue, expected source text or None)
CASES = [
    # a bracketed citation number before the subject: of two subjects, the nearest speaks
    ("[12] Okafor argues that bees prefer blue flowers.", "argues", "Okafor"),
    # an author-year citation as the subject, also after a fronted "besides" phrase
    ("Okafor (2011) found that bees prefer blue flowers.", "found", "Okafor"),
    (
        "Besides the early studies above, Okafor (2011) noted that bees prefer blue flowers.",
        "noted",
        "Okafor",
    ),
    # "X and colleagues" / "X et al." as the subject
    (
        "In a 2011 study Okafor and colleagues found that the bees preferred blue flowers.",
        "found",
        "Okafor and colleagues",
    ),
    ("Okafor et al. found that the bees preferred blue flowers.", "found", "Okafor et al."),
    ("Ada Okafor et al. found that the bees preferred blue flowers.", "found", "Ada Okafor et al."),
    (
        "In 2011, Okafor et al. reported that the bees preferred blue flowers.",
        "reported",
        "Okafor et al.",
    ),
    # a passive cue whose author a fronted "in the study by X" names
    (
        "In the study by Okafor and colleagues, it was found that the bees preferred blue flowers.",
        "found",
        "Okafor and colleagues",
    ),
    # a comment clause ("I think") between the speaker and the cue
    (
        "The fine would have, as Judge Reyes, I think, said the jury had to find the firm "
        "negligent.",
        "said",
        "Judge Reyes",
    ),
    (
        "It was a fine that, as Judge Reyes, I think, said the jury had to find the firm "
        "negligent.",
        "said",
        "Judge Reyes",
    ),
    # post-nominal letters after the name, with a fronted participial clause
    (
        "Speaking for the defence, Ada Brennan, KC, said that the evidence was weak.",
        "said",
        "Ada Brennan, KC",
    ),
    # a closing bracket stays with its partner
    ("Sen. Ada Reyes (D-Ore.) said the bill was dead.", "said", "Sen. Ada Reyes (D-Ore.)"),
    # a second verb without "and": the first verb's subject speaks
    (
        "But Okafor testified before the committee yesterday, said a whole bunch of things "
        "that bees should be protected, that the hives should be counted.",
        "said",
        "Okafor",
    ),
    # an apposition the parser hung across the verb stays out of the source
    (
        "In her first address, Mayor Ada Okoro spoke to this moment—a moment of great "
        "change—and told us two truths: that the port matters, and that it will take work.",
        "told",
        "Mayor Ada Okoro",
    ),
    # a link in brackets after the source is no part of it
    (
        "The site had four million visitors, according to Harbour Metrics (data: "
        "http://www.example.org/stats).",
        "according to",
        "Harbour Metrics",
    ),
    # "In the words of X, ..." (rule prep.in-words-of)
    (
        "In the immortal words of Ada Okoro, “If you can make a crowd laugh, you can make it "
        "listen.”",
        "In the immortal words of",
        "Ada Okoro",
    ),
    # negatives
    (
        "Okafor and colleagues found that the bees preferred blue flowers.",
        "found",
        "Okafor and colleagues",
    ),
    ("His ex-wife contended that the court had erred.", "contended", "His ex-wife"),
    (
        "The plan failed, said the minister, who added that it was over.",
        "said",
        "the minister, who added that it was over",
    ),
    (
        "In a new poll of likely voters, the incumbent leads by six points.",
        "In",
        "a new poll of likely voters",
    ),
    ("In the report, it was found that the pipes were old.", "found", None),
    ("In the evening, it was announced that the bridge would close.", "announced", None),
    (  # a place in a participial clause is no speaker
        "Eric Vance, gasping on a sidewalk in Harbour Street, said that he could not breathe.",
        "said",
        "Eric Vance, gasping on a sidewalk in Harbour Street",
    ),
]


@pytest.mark.parametrize(("text", "cue", "source"), CASES, ids=[c[0][:40] for c in CASES])
def test_source(run, text, cue, source):
    claims = [c for c in run(text) if (c["cue"] or {}).get("text") == cue]
    assert [(c["source"] or {}).get("text") for c in claims] == [source]


@pytest.mark.parametrize(
    "text",
    [
        "She spoke in the words of a poet.",  # not at the head of the sentence
        "In other words, the plan failed.",
    ],
)
def test_no_words_of_claim(run, text):
    assert [c["source"]["text"] for c in run(text) if c["rule"] == "prep.in-words-of"] == []


POS = {"NNP": "PROPN", "NN": "NOUN", "NNS": "NOUN", "PRP": "PRON", "PRP$": "PRON", "DT": "DET"}
POS |= {"IN": "ADP", "CD": "NUM", "VBD": "VERB", "VBZ": "VERB", "VBP": "VERB", "VBG": "VERB"}

# misparses: "word/TAG/dep/head[/ENTITY]" (head: the index of the head token; a ROOT is its
# own)
PARSES = [
    (  # a bracketed number as a second subject: "[12] Okafor argues"
        "[/XX/dep/4 12/CD/nsubj/4 ]/-RRB-/dep/4 Okafor/NNP/nsubj/4 argues/VBZ/ROOT/4 "
        "that/IN/mark/7 bees/NNS/nsubj/7 fly/VBP/ccomp/4 ././punct/4",
        "argues",
        "Okafor",
    ),
    (  # the name taken for an adverbial of the fronted participle, letters after it
        "Speaking/VBG/advcl/10 in/IN/prep/0 their/PRP$/poss/3 defense/NN/pobj/1 ,/,/punct/0 "
        "Ada/NNP/compound/6 Brennan/NNP/npadvmod/0 ,/,/punct/6 KC/NNP/appos/6 ,/,/punct/10 "
        "said/VBD/ROOT/10 that/IN/mark/14 it/PRP/nsubj/14 failed/VBD/ccomp/10 ././punct/10",
        "said",
        "Ada Brennan, KC",
    ),
    (  # the same with a subject of its own: no repair
        "Speaking/VBG/advcl/8 in/IN/prep/0 their/PRP$/poss/3 defense/NN/pobj/1 ,/,/punct/8 "
        "Ada/NNP/compound/6 Brennan/NNP/nsubj/8 ,/,/punct/8 said/VBD/ROOT/8 that/IN/mark/11 "
        "it/PRP/nsubj/11 failed/VBD/ccomp/8 ././punct/8",
        "said",
        "Ada Brennan",
    ),
    (  # a name and its apposition both taken for subjects: the name
        "Ada/NNP/compound/1 Okoro/NNP/nsubj/7 ,/,/punct/7 the/DT/det/5 harbour/NN/compound/5 "
        "master/NN/nsubj/7 ,/,/punct/5 said/VBD/ROOT/7 that/IN/mark/10 it/PRP/nsubj/10 "
        "failed/VBD/ccomp/7 ././punct/7",
        "said",
        "Ada Okoro",
    ),
    (  # a noun phrase and, after a comma, another: the nearest
        "His/PRP$/poss/1 doubts/NNS/nsubj/5 notwithstanding/IN/prep/1 ,/,/punct/5 "
        "analysts/NNS/nsubj/5 agree/VBP/ROOT/5 that/IN/mark/8 it/PRP/nsubj/8 "
        "failed/VBD/ccomp/5 ././punct/5",
        "agree",
        "analysts",
    ),
    pytest.param(
        "A/DT/det/2 new/JJ/amod/2 study/NN/nsubj/4 documenting/NN/acl/2 iodine/NN/nsubj/7 "
        "levels/NN/nsubj/7 has/VBZ/aux/7 found/VBN/ROOT/7 that/IN/mark/10 it/PRP/nsubj/10 "
        "failed/VBD/ccomp/7 ././punct/7",
        "found",
        "A new study documenting iodine levels",
        id="a-noun-phrase-split-into-two-subjects",
        marks=pytest.mark.xfail(
            strict=True,
            reason=(
                "one noun phrase the parser split into two subjects with nothing between: the "
                "nearer is taken; keeping the first when nothing stands between them made 14 "
                "other GUM sources worse"
            ),
        ),
    ),
    (  # a date before a subjectless cue is no speaker
        "Monday/NNP/npadvmod/2/DATE ,/,/punct/2 said/VBD/ROOT/2 that/IN/mark/5 it/PRP/nsubj/5 "
        "failed/VBD/ccomp/2 ././punct/2",
        "said",
        None,
    ),
]


def _parsed(nlp, parse: str) -> Doc:
    rows = [[*t.split("/"), ""][:5] for t in parse.split()]
    return Doc(
        nlp.vocab,
        words=[r[0] for r in rows],
        spaces=[
            r[0] not in "[(" and (n + 1 == len(rows) or rows[n + 1][0] not in ",.])")
            for n, r in enumerate(rows)
        ],
        tags=[r[1] for r in rows],
        pos=[POS.get(r[1], "PUNCT" if r[2] == "punct" else "X") for r in rows],
        deps=[r[2] for r in rows],
        heads=[int(r[3]) for r in rows],
        ents=[f"B-{r[4]}" if r[4] else "O" for r in rows],
    )


@pytest.mark.parametrize(("parse", "cue", "source"), PARSES, ids=[p[2] or "none" for p in PARSES])
def test_source_of_a_misparse(nlp, parse, cue, source):
    doc = _parsed(nlp, parse)
    cue_tok = next(t for t in doc if t.text == cue)
    subject = find_subject(cue_tok)
    found = None
    if subject is not None:
        span = TextIndex(doc, []).noun_phrase(subject, stop=[cue_tok.i])
        found = doc.text[span[0] : span[1]] if span else None
    assert found == source


@pytest.mark.parametrize(
    ("text", "trimmed"),
    [
        ("Sen. Ada Reyes (D-Ore.),", "Sen. Ada Reyes (D-Ore.)"),
        ("the plan [as drafted]", "the plan [as drafted]"),
        ("(the plan)", "the plan"),  # brackets around the whole range go
        ("the plan (late", "the plan (late"),
        ("the plan late),", "the plan late"),  # a closing bracket without its partner goes
        ("the plan (a) and (b))", "the plan (a) and (b)"),
    ],
)
def test_trim_keeps_a_closing_bracket_with_its_partner(nlp, text, trimmed):
    index = TextIndex(nlp(text), [])
    lo, hi = index.trim(0, len(text))
    assert text[lo:hi] == trimmed
