"""The spaCy component: add_pipe("claimex"), doc._.claims, saving, multiprocessing."""

from __future__ import annotations

import spacy

from claimex import Claim
from claimex.pipeline import default_model

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
