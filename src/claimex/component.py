"""Kept for `claimex.component:make_claimex` (the entry point and older imports): the
component lives in `claimex.pipeline.component`."""

from claimex.pipeline.component import ClaimExtractor, make_claimex, paragraph_boundaries

__all__ = ["ClaimExtractor", "make_claimex", "paragraph_boundaries"]
