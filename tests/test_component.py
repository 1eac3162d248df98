"""The spaCy component: add_pipe("claimex"), doc._.claims, saving, multiprocessing."""

from __future__ import annotations

import json

import pytest
import spacy

from claimex import Claim
from claimex.pipeline import default_model
from claimex.rules import RuleError, load_rules

TEXTS = [
    "“We will not back down,” said Ada Okoro, the union leader.",
    "Patel said the governor had told him the plan was off.",
    "The weather was mild.",
] * 3


def _plain(nlp, texts, **kwargs):
    return [doc._.claimex_data for doc in nlp.pipe(texts, **kwargs)]


def test_add_pipe_by_name_sets_doc_claims():
    nlp = spacy.load(default_model())
    nlp.add_pipe("claimex")
    doc = nlp(TEXTS[0])
    (claim,) = doc._.claims
    assert isinstance(claim, Claim)
    assert claim.speaker.name == "Ada Okoro"
    assert claim.rule == "quote.after"


def test_factory_is_registered_as_an_entry_point():
    from importlib.metadata import entry_points

    names = {ep.name: ep.value for ep in entry_points(group="spacy_factories")}
    assert names.get("claimex") == "claimex.component:make_claimex"


def test_round_trip_through_to_disk_and_spacy_load(nlp, tmp_path):
    before = _plain(nlp, TEXTS)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert "claimex" in loaded.pipe_names
    assert "claimex_paragraphs" in loaded.pipe_names
    assert _plain(loaded, TEXTS) == before
    rules = loaded.get_pipe("claimex").ruleset
    assert set(rules.rules) == set(nlp.get_pipe("claimex").ruleset.rules)


def test_scope_is_a_component_setting_saved_with_the_pipeline(tmp_path):
    nlp = spacy.load(default_model())
    nlp.add_pipe("claimex", config={"scope": "speech"})
    text = "Most donors back the plan to cut the sales tax. The minister said it was dead."
    assert [c.rule for c in nlp(text)._.claims] == ["verb.ccomp"]
    nlp.to_disk(tmp_path / "speech")
    loaded = spacy.load(tmp_path / "speech")
    assert loaded.get_pipe("claimex").ruleset.scope == "speech"
    assert [c.rule for c in loaded(text)._.claims] == ["verb.ccomp"]


def test_claims_survive_doc_serialization(nlp):
    from spacy.tokens import Doc

    doc = nlp(TEXTS[1])
    copy = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert [c.model_dump() for c in copy._.claims] == [c.model_dump() for c in doc._.claims]


def test_two_processes_give_the_same_claims(nlp):
    assert _plain(nlp, TEXTS, n_process=2, batch_size=2) == _plain(nlp, TEXTS)


def test_library_functions():
    import claimex

    (claim,) = claimex.extract(TEXTS[0], doc_id="a")
    assert claim.doc_id == "a" and claim.claim_id == "c1"
    stance = "Most donors back the plan to cut the sales tax."
    assert [c.rule for c in claimex.extract(stance)] == ["verb.object"]
    assert claimex.extract(stance, scope="speech") == []
    assert [len(r) for r in claimex.extract_many([stance], scope="speech")] == [0]
    results = list(claimex.extract_many([("x", TEXTS[1]), ("y", TEXTS[2])]))
    assert [len(r) for r in results] == [2, 0]
    assert {c.doc_id for c in results[0]} == {"x"}


# -- rule files: read when initialized, saved with the pipeline, never read by spacy.load ---

GROUSE = "The mayor groused that the budget was too small."
GROUSE_CUE = {"type": "cue", "lemma": "grouse", "cue_class": "speech", "frames": ["ccomp"]}


def _rule_file(path, *records):
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def _rules_of(nlp, text):
    return [c["rule"] for c in nlp(text)._.claimex_data]


def test_a_saved_pipeline_loads_without_its_rule_files(tmp_path):
    from claimex.pipeline import load_pipeline

    extra = _rule_file(tmp_path / "extra.jsonl", GROUSE_CUE)
    built = load_pipeline(rules=[extra])
    assert _rules_of(built, GROUSE) == ["verb.ccomp"]
    built.to_disk(tmp_path / "saved")
    extra.unlink()
    assert str(extra) not in (tmp_path / "saved" / "config.cfg").read_text(encoding="utf-8")
    loaded = spacy.load(tmp_path / "saved")
    assert _rules_of(loaded, GROUSE) == ["verb.ccomp"]


def test_rule_files_are_read_by_initialize(tmp_path):
    nlp = spacy.load(default_model())
    comp = nlp.add_pipe("claimex")
    assert _rules_of(nlp, GROUSE) == []  # not initialized: the packaged rules
    comp.initialize(rules=[_rule_file(tmp_path / "extra.jsonl", GROUSE_CUE)])
    assert _rules_of(nlp, GROUSE) == ["verb.ccomp"]
    with pytest.raises(RuleError, match="rule file not found"):
        comp.initialize(rules=[tmp_path / "gone.jsonl"])


def test_rule_files_of_the_component_config_are_read_when_first_needed(tmp_path):
    extra = _rule_file(tmp_path / "extra.jsonl", GROUSE_CUE)
    nlp = spacy.load(default_model())
    nlp.add_pipe("claimex", config={"rules": [str(extra)]})
    assert _rules_of(nlp, GROUSE) == ["verb.ccomp"]
    nlp.to_disk(tmp_path / "saved")  # as claimex 1.2 saved it: the path in the config
    extra.unlink()
    assert str(extra) in (tmp_path / "saved" / "config.cfg").read_text(encoding="utf-8")
    assert _rules_of(spacy.load(tmp_path / "saved"), GROUSE) == ["verb.ccomp"]


@pytest.mark.parametrize(("exclude", "rules"), [([], ["verb.ccomp"]), (["rules"], [])])
def test_serialization_honours_exclude(tmp_path, exclude, rules):
    nlp = spacy.load(default_model())
    comp = nlp.add_pipe("claimex")
    comp.initialize(rules=[_rule_file(tmp_path / "extra.jsonl", GROUSE_CUE)])
    data = comp.to_bytes(exclude=exclude)
    comp.to_disk(tmp_path / "comp", exclude=exclude)
    assert (tmp_path / "comp" / "rules.jsonl").exists() == (not exclude)

    for load in (lambda c: c.from_bytes(data), lambda c: c.from_disk(tmp_path / "comp")):
        other = spacy.load(default_model())
        load(other.add_pipe("claimex"))
        assert _rules_of(other, GROUSE) == rules
    comp.from_disk(tmp_path / "comp", exclude=["rules"])  # the saved rules left out
    assert _rules_of(nlp, GROUSE) == []


def test_rules_saved_as_plain_jsonl_by_claimex_1_2_load():
    nlp = spacy.load(default_model())
    comp = nlp.add_pipe("claimex")
    records = [*load_rules().to_records(), GROUSE_CUE]
    comp.from_bytes("\n".join(json.dumps(r) for r in records).encode("utf-8"))
    assert _rules_of(nlp, GROUSE) == ["verb.ccomp"]
