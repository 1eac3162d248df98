"""The claim as JSON data (`ClaimData`, a TypedDict) and as a model (`Claim`) are one
contract: the same fields at every level, and extraction's output validates as a Claim."""

from __future__ import annotations

import typing

import pytest

from claimex.schemas import (
    Claim,
    ClaimData,
    Content,
    ContentData,
    Cue,
    CueData,
    Span,
    SpanData,
    Speaker,
    SpeakerData,
)


@pytest.mark.parametrize(
    ("data", "model"),
    [
        (ClaimData, Claim),
        (SpanData, Span),
        (CueData, Cue),
        (ContentData, Content),
        (SpeakerData, Speaker),
    ],
    ids=lambda t: t.__name__,
)
def test_typed_dict_has_the_fields_of_the_model(data, model):
    assert set(typing.get_type_hints(data)) == set(model.model_fields)


def test_extracted_claims_are_claims(run):
    claims = run("“We will not back down,” said Ada Okoro. She said the talks had failed.")
    assert claims
    for claim in claims:
        assert Claim.model_validate(claim).model_dump(mode="json") == claim


@pytest.mark.parametrize(
    ("meta", "dumped"),
    [
        (
            {"url": "https://news.example/a", "page": None},
            {"url": "https://news.example/a", "page": None},
        ),
        ({}, {}),  # an empty object is kept as it is
        (None, "absent"),  # no --keep: no key
    ],
)
def test_meta_is_carried_and_absent_without_keep(run, meta, dumped):
    (claim,) = run("“We will not back down,” said Ada Okoro.")
    if meta is not None:
        claim = {**claim, "meta": meta}
    data = Claim.model_validate(claim).model_dump(mode="json")
    assert data.get("meta", "absent") == dumped
    assert data == claim


def test_meta_must_be_an_object(run):
    (claim,) = run("“We will not back down,” said Ada Okoro.")
    with pytest.raises(ValueError, match="meta"):
        Claim.model_validate({**claim, "meta": ["not", "an", "object"]})
