"""Load rule files (JSONL), validate every record, and merge user files over the defaults."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
    """The cue lexicon and the rules, after user files have been merged in."""

    cues: dict[tuple[str, str], CueEntry] = field(default_factory=dict)
    rules: dict[str, AnyRule] = field(default_factory=dict)
    scope: Scope = "all"

    def add(self, record: AnyRecord) -> None:
        if isinstance(record, CueEntry):
            self.cues[(record.lemma, record.pos)] = record
        elif isinstance(record, ScopeSetting):
            self.scope = record.scope
        else:
            self.rules[record.id] = record

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
        recs += [
            r.model_dump(exclude_defaults=True) | {"type": r.type} for r in self.rules.values()
        ]
        if self.scope != "all":
            recs.append({"type": "scope", "scope": self.scope})
        return recs


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


def validate_record(data: object, origin: str) -> AnyRecord:
    """One rule record, validated; an error names `origin` (file and line)."""
    try:
        return RECORD_ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleError(f"{origin}: {where}: {first['msg']}") from None


def parse_records(lines: Iterable[bytes], origin: str) -> list[AnyRecord]:
    """Validate JSONL rule records; errors name `origin` and the line."""
    out: list[AnyRecord] = []
    for entry in read_jsonl(lines, comments=True):
        if entry.error is not None:
            raise RuleError(f"{origin}:{entry.line}: {entry.error}")
        out.append(validate_record(entry.value, f"{origin}:{entry.line}"))
    return out


def read_rule_file(path: Path) -> list[AnyRecord]:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RuleError(f"{path}: rule file not found") from None
    except OSError as exc:
        raise RuleError(f"{path}: cannot read rule file ({exc.strerror or exc})") from None
    return parse_records(byte_lines(data), str(path))


def load_rules(
    extra: Sequence[str | Path] = (), records: Sequence[dict[str, object]] | None = None
) -> RuleSet:
    """The packaged rules, or `records` when given, then every file of `extra` over them."""
    rules = RuleSet()
    if records is not None:
        for n, record in enumerate(records, 1):
            rules.add(validate_record(record, f"<saved rules>:{n}"))
    else:
        for path in default_rule_files():
            for rec in read_rule_file(path):
                rules.add(rec)
    for extra_path in extra:
        for rec in read_rule_file(Path(extra_path)):
            rules.add(rec)
    return rules
