"""Rule data: the cue lexicon and the construction rules, loaded and validated."""

from claimex.rules.loader import (
    RuleError,
    RuleSet,
    default_rule_files,
    load_rules,
    scope_file,
    with_scope,
)
from claimex.rules.schema import CueEntry, DependencyRule, QuoteRule, RuleExample, SurfaceRule

__all__ = [
    "CueEntry",
    "DependencyRule",
    "QuoteRule",
    "RuleError",
    "RuleExample",
    "RuleSet",
    "SurfaceRule",
    "default_rule_files",
    "load_rules",
    "scope_file",
    "with_scope",
]
