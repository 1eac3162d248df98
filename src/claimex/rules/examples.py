"""The examples of rules, checked: each rule says which sentences it must extract and what it
must give for them (tests/test_rules.py runs the packaged ones; `claimex rules --check FILE`
runs those of a user's file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from claimex.rules.schema import AnyRule, RuleExample

if TYPE_CHECKING:
    from claimex.engine import Engine
    from claimex.rules.loader import RuleSet
    from claimex.schemas import ClaimData


@dataclass(frozen=True)
class ExampleCheck:
    """One example of a rule and how it went: `failure` says what was wrong; `skipped` why a
    rule's examples were not run (then `number` is 0)."""

    rule: str
    origin: str  # file:line of the record that last defined or changed the rule
    number: int
    text: str = ""
    failure: str | None = None
    skipped: str | None = None

    @property
    def passed(self) -> bool:
        return self.failure is None and self.skipped is None


def example_failure(rule_id: str, example: RuleExample, claims: Sequence[ClaimData]) -> str | None:
    """What the claims of `example.text` lack to satisfy the example, or None."""
    mine = [c for c in claims if rule_id in (c["rule"], *c["extended_by"])]
    if not mine:
        return f"{rule_id} did not fire; got {[c['rule'] for c in claims]}"
    claim = next((c for c in mine if c["content"]["text"] == example.content), None)
    if claim is None:
        return (
            f"no claim of {rule_id} has the content {example.content!r}; "
            f"contents were {[c['content']['text'] for c in mine]}"
        )
    cue = claim["cue"]["text"] if claim["cue"] else None
    if example.cue is not None and cue != example.cue:
        return f"the cue is {cue!r}, not {example.cue!r}"
    source = claim["source"]["text"] if claim["source"] else None
    if source != example.source:
        return f"the source is {source!r}, not {example.source!r}"
    if example.type is not None and claim["type"] != example.type:
        return f"the type is {claim['type']!r}, not {example.type!r}"
    return None


def rules_of_file(ruleset: RuleSet, path: str | Path) -> list[AnyRule]:
    """The rules whose last definition or change is a record of the file `path`."""
    return [
        rule
        for rule in ruleset.rules.values()
        if Path(ruleset.origins.get(rule.id, "").rpartition(":")[0]) == Path(path)
    ]


def check_rule_file(engine: Engine, path: str | Path) -> list[ExampleCheck]:
    """Run the examples of the rules of the file `path` through `engine` (a pipeline built
    with that file), in the order of the file."""
    ruleset: RuleSet = engine.nlp.get_pipe("claimex").ruleset
    running = {r.id for r in ruleset.enabled()}
    checks: list[ExampleCheck] = []
    todo: list[tuple[AnyRule, int, RuleExample]] = []
    for rule in rules_of_file(ruleset, path):
        origin = ruleset.origins[rule.id]
        if rule.id not in running:
            why = "the rule is off" if not rule.enabled else f"not in scope {ruleset.scope!r}"
            checks.append(ExampleCheck(rule.id, origin, 0, skipped=why))
        elif not rule.examples:
            checks.append(ExampleCheck(rule.id, origin, 0, failure="the rule has no example"))
        todo += [(rule, n, ex) for n, ex in enumerate(rule.examples, 1) if rule.id in running]
    results = engine.run((str(i), ex.text) for i, (_, _, ex) in enumerate(todo))
    for (rule, n, example), result in zip(todo, results, strict=True):
        failure = result.error or example_failure(rule.id, example, result.claims)
        checks.append(ExampleCheck(rule.id, ruleset.origins[rule.id], n, example.text, failure))
    return sorted(checks, key=lambda c: (_line(c.origin), c.number))


def _line(origin: str) -> int:
    line = origin.rpartition(":")[2]
    return int(line) if line.isdigit() else 0
