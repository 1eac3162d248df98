"""The spaCy component: `nlp.add_pipe("claimex")` sets `doc._.claims`.

The claims are stored on the Doc as plain JSON data (`doc._.claimex_data`), so that they
survive `Doc.to_bytes`, `DocBin` and `nlp.pipe(n_process=2)`; `doc._.claims` returns them as
`claimex.Claim` models.

Rules are kept as spaCy's SpanRuler keeps its patterns: extra rule files are read by
`initialize(rules=[...])`, and the merged rules are saved with the pipeline (`rules.jsonl`
in the component's folder), so that `spacy.load` reads no rule file of the user's. A component
that was neither initialized nor loaded has the packaged rules.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from spacy import util
from spacy.language import Language
from spacy.tokens import Doc

from claimex.extraction.claims import Extractor
from claimex.rules import RuleSet, load_rules, scope_file, with_scope
from claimex.schemas import Claim

RULES_FILE = "rules.jsonl"
ERROR_KEY = "claimex_error"


def _claims_getter(doc: Doc) -> list[Claim]:
    return [Claim.model_validate(c) for c in (doc._.claimex_data or [])]


if not Doc.has_extension("claimex_data"):
    Doc.set_extension("claimex_data", default=None)
if not Doc.has_extension("claims"):
    Doc.set_extension("claims", getter=_claims_getter)


class ClaimExtractor:
    """Finds attributed claims (who said what) in a parsed Doc."""

    def __init__(
        self,
        nlp: Language,
        name: str = "claimex",
        rules: Iterable[str] = (),
        scope: str | None = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        if scope is not None:
            scope_file(scope)  # an unknown scope is an error here, not at the first Doc
        self.scope = scope
        # rule files given in the component's config (where claimex 1.2 put them): read when
        # the rules are first needed, unless initialize() or loading set them before
        self.config_rules = list(rules)
        self._extractor: Extractor | None = None

    @property
    def extractor(self) -> Extractor:
        if self._extractor is None:
            rules = load_rules(with_scope(self.config_rules, self.scope))
            self._extractor = Extractor(self.nlp.vocab, rules)
        return self._extractor

    @property
    def ruleset(self) -> RuleSet:
        return self.extractor.rules

    def set_rules(self, ruleset: RuleSet) -> None:
        self._extractor = Extractor(self.nlp.vocab, ruleset)

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        rules: Sequence[str | Path] = (),
    ) -> None:
        """The packaged rules, then the config's rule files and `rules` over them (files
        of the rule format), with the component's scope. Called by `nlp.initialize()` with
        the settings of `[initialize.components.claimex]`, or directly."""
        files = [*self.config_rules, *(str(r) for r in rules)]
        self.set_rules(load_rules(with_scope(files, self.scope)))

    def __call__(self, doc: Doc, *, catch_errors: bool = False) -> Doc:
        """Set the claims of `doc`. With `catch_errors` (a per-call choice: pass
        `component_cfg={"claimex": {"catch_errors": True}}` to `nlp.pipe`), a document that
        breaks extraction gets no claims (None) and the error in `doc.user_data["claimex_error"]`
        instead of raising."""
        try:
            doc._.claimex_data = self.extractor(doc) if len(doc) else []
        except Exception as exc:
            if not catch_errors:
                raise
            doc._.claimex_data = None
            doc.user_data[ERROR_KEY] = f"extraction failed: {type(exc).__name__}: {exc}"
        return doc

    def pipe(
        self, stream: Iterable[Doc], *, batch_size: int = 128, catch_errors: bool = False
    ) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc, catch_errors=catch_errors)

    # ---- serialization: the merged rules are saved with the pipeline ----------------------
    # "rules" is the one field; `exclude=["rules"]` leaves them out (a component loaded
    # without them has the packaged rules). Loading never reads the config's rule files.
    def _rules_jsonl(self) -> bytes:
        return "\n".join(json.dumps(r) for r in self.ruleset.to_records()).encode("utf-8")

    def _read_rules_jsonl(self, data: bytes) -> None:
        records = [json.loads(line) for line in data.decode("utf-8").split("\n") if line]
        self.set_rules(load_rules(records=records))

    def _loaded(self) -> None:
        self.config_rules = []
        if self._extractor is None:
            self.set_rules(load_rules(with_scope([], self.scope)))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return util.to_bytes({"rules": self._rules_jsonl}, exclude)

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        self._extractor = None
        if data[:1] == b"{":  # claimex 1.2 saved the rules as plain JSONL
            self._read_rules_jsonl(data)
        else:
            util.from_bytes(data, {"rules": self._read_rules_jsonl}, exclude)
        self._loaded()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        def write(p: Path) -> None:
            p.write_bytes(self._rules_jsonl())

        util.to_disk(path, {RULES_FILE: write}, exclude)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        def read(p: Path) -> None:
            if p.exists():  # absent when saved with exclude=["rules"]
                self._read_rules_jsonl(p.read_bytes())

        self._extractor = None
        util.from_disk(path, {RULES_FILE: read}, exclude)
        self._loaded()
        return self


@Language.factory(
    "claimex",
    default_config={"rules": [], "scope": None},
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.claims", "doc._.claimex_data"],
)
def make_claimex(nlp: Language, name: str, rules: list[str], scope: str | None) -> ClaimExtractor:
    """Factory of the `claimex` component. `scope` ("all" or "speech") overrides the scope
    the rule files set (default "all"). Extra rule files go to `initialize(rules=[...])`
    (`[initialize.components.claimex]`); `rules` here is read only by a component that is
    neither initialized nor loaded from disk, so that pipelines saved by claimex 1.2 (which
    put the paths here) load without their rule files."""
    return ClaimExtractor(nlp, name, rules, scope)


__all__ = ["ClaimExtractor", "make_claimex", "paragraph_boundaries"]


@Language.component(
    "claimex_paragraphs",
    assigns=["token.is_sent_start"],
)
def paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every line break, so that the parser never joins a headline
    or a paragraph to the next one (it keeps boundaries that are already set)."""
    for tok in doc[:-1]:
        if "\n" in tok.text or (tok.whitespace_ and "\n" in tok.whitespace_):
            doc[tok.i + 1].is_sent_start = True
    return doc
