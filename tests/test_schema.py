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
        assert Claim.model_validate(claim).data() == claim
