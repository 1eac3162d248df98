"""Speaker resolution on the shared gold data (CI has it): the GUM speaker gold, scored by
the reference scorer ../shared/eval/score_speakers.py on train and dev together as issue 12
asks, and the speaker names of PolNeAR dev.

The floors are the figures measured for docs/speakers.md (rounded down); where issue 12's
target is higher, the test says so and guards the level reached. "Before" is main before
this work, measured the same way.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimex.rules.words import speaker_words, words
from conftest import extract_gold, reference_scorer, shared_file

pytestmark = pytest.mark.slow

THIRD_PERSON = words().pronoun_gender.keys() | words().they_pronouns | words().it_pronouns


@pytest.fixture(scope="module")
def gum_speaker_scores(tmp_path_factory) -> dict:
    """The reference scorer's results on GUM speakers train and dev together."""
    scorer = reference_scorer("score_speakers.py")
    folder = tmp_path_factory.mktemp("gum_speakers")
    gold: list[dict] = []
    pred = folder / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as out:
        for split in ("train", "dev"):
            path = shared_file("data", "gum_speakers", f"{split}.jsonl")
            gold += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]
            extract_gold(path, folder / f"{split}.jsonl")
            out.write((folder / f"{split}.jsonl").read_text("utf-8"))
    return scorer.score(gold, scorer.load_preds(str(pred)))


def test_third_person_pronoun_sources_get_their_names(gum_speaker_scores):
    """Issue 12's target is 0.80 (main before this work: 0.472 of 72); reached: 0.806
    (0.667 after the first round of docs/speakers.md, 0.722 in 1.3.0)."""
    acc = gum_speaker_scores["name"]["pronoun_3rd.claimex"]
    assert acc["n"] == 72
    assert acc["strict_acc"] >= 0.80


def test_other_sources_get_their_names(gum_speaker_scores):
    """Issue 12's target is 0.90 (before: 0.786 of 201); reached: 0.900, 181 of 201 (0.831
    in 1.3.0, 0.876 in 1.3.1). Most misses are sources the extraction got wrong or missed
    (docs/speakers.md)."""
    acc = gum_speaker_scores["name"]["non_pronoun.claimex"]
    assert acc["n"] == 201
    assert acc["strict_acc"] >= 0.90


def test_news_sources_get_their_names(gum_speaker_scores):
    """Issue 12's target is 0.92 (before: 0.814 of 118); reached: 0.924, 109 of 118 (0.898
    in 1.3.0, 0.915 in 1.3.1)."""
    acc = gum_speaker_scores["by_genre"]["news"]["claimex"]
    assert acc["n"] == 118
    assert acc["strict_acc"] >= 0.92


def test_person_and_organisation_kinds(gum_speaker_scores):
    """Issue 12's target is 0.80 (before: 0.564 of 374); reached: 0.739 of 376 (two claims
    more have a speaker: their sources are found now), 0.761 of 380 with the source repairs
    of tests/test_sources.py (four more), 0.763 with the kind rules of the third round, 0.897
    in schema 1.2, where several people ("researchers", "they" for them) are persons with
    `number` plural, not a `group` (45 of the misses before)."""
    kind = gum_speaker_scores["kind_without_1st_2nd_person_pronouns"]["strict_person_org"]
    assert kind["n"] == 380
    assert kind["acc"] >= 0.89


def test_sources_agree_with_gold(gum_speaker_scores):
    """Matched claims whose source agrees with GUM's (score.py's rule): 801 of 977 before the
    source repairs of tests/test_sources.py, 819 after; non-pronoun sources named right
    0.831 before, 0.876 after (test_other_sources_get_their_names keeps its own floor)."""
    cov = gum_speaker_scores["coverage"]
    assert cov["matched"] == 977
    assert cov["matched_source_agrees"] >= 819
    assert gum_speaker_scores["name"]["non_pronoun.claimex"]["strict_acc"] >= 0.875


def test_interview_answers_resolve(gum_speaker_scores):
    """I in an interview's answers and you in its questions are the interviewee (before:
    0.190 of 79 names right; 0.658 in 1.3.0; now 0.683)."""
    assert gum_speaker_scores["by_genre"]["interview"]["claimex"]["strict_acc"] >= 0.68


@pytest.fixture(scope="module")
def polnear_speakers(polnear_dev_run) -> list[dict]:
    _, pred = polnear_dev_run
    claims = [json.loads(line) for line in Path(pred).read_text("utf-8").splitlines() if line]
    return [c["speaker"] for c in claims if c["speaker"] is not None]


def test_no_bare_pronoun_names_a_speaker_it_could_resolve(polnear_speakers):
    """A speaker named "she" or "they" is one whose pronoun has no antecedent in the
    document, and says so (before: 56 such names, none marked; now none)."""
    bare = [s for s in polnear_speakers if s["name"].lower() in THIRD_PERSON]
    assert len(bare) <= 2  # a margin for documents the parser reads otherwise
    assert all(s["resolved_by"] == "unresolved" for s in bare)


def test_speaker_names_are_short_and_not_glued_to_verbs(polnear_speakers):
    """Names longer than five words: 99 before, 42 now (long organisation names and
    descriptions with one phrase after their head); none ends in a headline verb (before:
    17 claims of a name with "Says")."""
    assert sum(len(s["name"].split()) > 5 for s in polnear_speakers) <= 42
    verbs = speaker_words().name_verbs
    assert not [s["name"] for s in polnear_speakers if s["name"].split()[-1].lower() in verbs]
