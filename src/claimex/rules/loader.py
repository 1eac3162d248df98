"""Load rule files (JSONL), validate every record, and merge user files over the defaults."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from claimex.io.jsonl import byte_lines, read_jsonl
from claimex.rules.schema import (
    RECORD_ADAPTER,
    AnyRecord,
    AnyRule,
    CueEntry,
    DependencyRule,
    QuoteRule,
    Scope,
    ScopeSetting,
    SurfaceRule,
)

PACKAGE_FILES = ("cues.jsonl", "rules.jsonl")


class RuleError(ValueError):
    """A rule file that cannot be used; the message names the file and line."""


@dataclass
class RuleSet:
    """The cue lexicon and the rules, after user files have been merged in. `origins` says
    where each rule was last defined or changed ("file:line"), for the messages."""

    cues: dict[tuple[str, str], CueEntry] = field(default_factory=dict)
    rules: dict[str, AnyRule] = field(default_factory=dict)
    scope: Scope = "all"
    origins: dict[str, str] = field(default_factory=dict)

    def add(self, record: AnyRecord, origin: str = "") -> None:
        if isinstance(record, CueEntry):
            self.cues[(record.lemma, record.pos)] = record
        elif isinstance(record, ScopeSetting):
            self.scope = record.scope
        else:
            self.rules[record.id] = record
            self.origins.pop(record.id, None)  # in the order records were merged
            self.origins[record.id] = origin

    def merge(self, data: object, origin: str) -> None:
        """One record of a rule file over the rules so far. A record without "type" changes
        the fields it gives of the rule with its "id"; any other record is complete: a cue
        entry adds or replaces its lemma, a rule adds or replaces the rule of its id."""
        hint = ""
        if isinstance(data, dict) and "type" not in data:
            rule_id = data.get("id")
            if not isinstance(rule_id, str):
                raise RuleError(
                    f'{origin}: a record without "type" changes a rule and needs its "id"'
                )
            current = self.rules.get(rule_id)
            if current is None:
                close = difflib.get_close_matches(rule_id, list(self.rules), n=1)
                guess = f"; did you mean {close[0]!r}?" if close else ""
                raise RuleError(f"{origin}: no rule {rule_id!r} to change{guess}")
            data = current.model_dump() | data
        elif (
            isinstance(data, dict) and isinstance(data.get("id"), str) and data["id"] in self.rules
        ):
            hint = f' (to change only some fields of rule {data["id"]}, leave out "type")'
        self.add(validate_record(data, origin, hint), origin)

    def check(self) -> None:
        """What no single record shows: a quote position has one rule (its logic is in code,
        so a second rule for it would silently take the first one's place)."""
        by_position: dict[str, QuoteRule] = {}
        for rule in (self.rules[rule_id] for rule_id in self.origins):
            if not (isinstance(rule, QuoteRule) and rule.enabled):
                continue
            other = by_position.setdefault(rule.position, rule)
            if other is not rule:
                raise RuleError(
                    f"{self.origins[rule.id]}: rule {rule.id}: position {rule.position!r} "
                    f"is already rule {other.id}'s ({self.origins[other.id]}); change that "
                    f'rule, or turn it off first with {{"id": "{other.id}", "enabled": false}}'
                )

    def lemmas(self, frame: str, pos: str | None = None) -> list[str]:
        """Lemmas that take `frame` (optionally only of one part of speech), sorted."""
        return sorted(
            {c.lemma for c in self.cues.values() if frame in c.frames and pos in (None, c.pos)}
        )

    def cue(self, lemma: str, pos: str = "VERB") -> CueEntry | None:
        """The entry of a lemma; a part of speech other than NOUN or ADJ (a token's AUX,
        PROPN, ...) looks up the verb."""
        return self.cues.get((lemma, pos if pos in ("NOUN", "ADJ") else "VERB"))

    def enabled(self) -> list[AnyRule]:
        """The rules that run: switched on, and in the scope."""
        return [
            r
            for r in self.rules.values()
            if r.enabled and (self.scope == "all" or r.scope == "speech")
        ]

    def dependency_rules(self) -> list[DependencyRule]:
        return [r for r in self.enabled() if isinstance(r, DependencyRule)]

    def quote_rules(self) -> dict[str, QuoteRule]:
        return {r.position: r for r in self.enabled() if isinstance(r, QuoteRule)}

    def surface_rules(self) -> list[SurfaceRule]:
        return [r for r in self.enabled() if isinstance(r, SurfaceRule)]

    def to_records(self) -> list[dict[str, object]]:
        """Every record as plain JSON data (cues first), for saving with a pipeline."""
        recs = [c.model_dump(exclude_defaults=True) | {"type": "cue"} for c in self.cues.values()]
        recs += [rule_record(r) for r in self.rules.values()]
        if self.scope != "all":
            recs.append({"type": "scope", "scope": self.scope})
        return recs


def rule_record(rule: AnyRule) -> dict[str, object]:
    """A rule as a record of a rule file: the fields that say what it is first, then those
    that differ from their defaults."""
    head = ("id", "type", "priority", "enabled", "scope", "description")
    data = rule.model_dump()
    rest = rule.model_dump(exclude_defaults=True)
    return {k: data[k] for k in head} | {k: v for k, v in rest.items() if k not in head}


def scope_file(scope: str) -> Path:
    """The packaged rule file that sets the scope ('all' or 'speech')."""
    if scope not in ("all", "speech"):
        raise RuleError(f"unknown scope {scope!r} (all, speech)")
    return Path(str(resources.files("claimex.rules") / f"scope-{scope}.jsonl"))


def with_scope(rules: Iterable[str | Path], scope: str | None) -> list[str]:
    """Rule files, then the packaged file that sets `scope` when one is given (so that it
    wins over a scope record in the files)."""
    return [str(r) for r in rules] + ([str(scope_file(scope))] if scope else [])


def default_rule_files() -> list[Path]:
    base = resources.files("claimex.rules")
    return [Path(str(base / name)) for name in PACKAGE_FILES]


def validate_record(data: object, origin: str, hint: str = "") -> AnyRecord:
    """One complete rule record, validated; an error names `origin` (file and line)."""
    try:
        return RECORD_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = list(first["loc"])
        if loc and isinstance(data, dict) and loc[0] == data.get("type"):
            loc = loc[1:]  # the record type that pydantic's union adds
        where = ".".join(str(p) for p in loc)
        msg = first["msg"].removeprefix("Value error, ")
        if first["type"] == "union_tag_not_found":
            msg = 'a record needs a "type" (cue, dependency, quote, surface or scope)'
        elif first["type"] == "missing":
            msg += hint
        raise RuleError(f"{origin}: {where + ': ' if where else ''}{msg}") from None


def read_rules(lines: Iterable[bytes], origin: str, over: RuleSet | None = None) -> RuleSet:
    """JSONL rule records merged over a copy of `over` (else over nothing); errors name
    `origin` and the line."""
    rules = (
        RuleSet()
        if over is None
        else replace(over, cues=dict(over.cues), rules=dict(over.rules), origins=dict(over.origins))
    )
    _merge_lines(rules, lines, origin)
    rules.check()
    return rules


def _merge_lines(rules: RuleSet, lines: Iterable[bytes], origin: str) -> None:
    for entry in read_jsonl(lines, comments=True):
        if entry.error is not None:
            raise RuleError(f"{origin}:{entry.line}: {entry.error}")
        rules.merge(entry.value, f"{origin}:{entry.line}")


def _merge_file(rules: RuleSet, path: Path) -> None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RuleError(f"{path}: rule file not found") from None
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file ({exc.strerror or exc})") from None
    _merge_lines(rules, byte_lines(data), str(path))


def load_rules(
    extra: Sequence[str | Path] = (), records: Sequence[dict[str, object]] | None = None
) -> RuleSet:
    """The packaged rules, or `records` when given, then every file of `extra` over them."""
    rules = RuleSet()
    if records is not None:
        for n, record in enumerate(records, 1):
            rules.merge(record, f"<saved rules>:{n}")
    else:
        for path in default_rule_files():
            _merge_file(rules, path)
    for extra_path in extra:
        _merge_file(rules, Path(extra_path))
    rules.check()
    return rules
