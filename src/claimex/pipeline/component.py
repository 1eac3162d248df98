"""The spaCy component: `nlp.add_pipe("claimex")` sets `doc._.claims`.

The claims are stored on the Doc as plain JSON data (`doc._.claimex_data`), so that they
survive `Doc.to_bytes`, `DocBin` and `nlp.pipe(n_process=2)`; `doc._.claims` returns them as
`claimex.Claim` models.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from claimex.extraction.claims import Extractor
from claimex.rules import RuleSet, load_rules, with_scope
from claimex.schemas import Claim

RULES_FILE = "rules.jsonl"


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
        self.rule_files = with_scope(rules, scope)
        self.ruleset: RuleSet = load_rules(self.rule_files)
        self.extractor = Extractor(nlp.vocab, self.ruleset)
        # the CLI sets this: a document that breaks extraction is reported, not fatal
        self.catch_errors = False

    def __call__(self, doc: Doc) -> Doc:
        try:
            doc._.claimex_data = self.extractor(doc) if len(doc) else []
        except Exception as exc:
            if not self.catch_errors:
                raise
            doc._.claimex_data = None
            doc.user_data["claimex_error"] = f"extraction failed: {type(exc).__name__}: {exc}"
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def set_rules(self, ruleset: RuleSet) -> None:
        self.ruleset = ruleset
        self.extractor = Extractor(self.nlp.vocab, ruleset)

    # ---- serialization: the merged rules are saved with the pipeline ----------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return "\n".join(json.dumps(r) for r in self.ruleset.to_records()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        records = [json.loads(line) for line in data.decode("utf-8").splitlines() if line]
        self.set_rules(load_rules(records=records))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        folder = Path(path)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / RULES_FILE).write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> ClaimExtractor:
        return self.from_bytes((Path(path) / RULES_FILE).read_bytes())


@Language.factory(
    "claimex",
    default_config={"rules": [], "scope": None},
    requires=["token.dep", "token.lemma", "token.pos", "doc.ents", "doc.sents"],
    assigns=["doc._.claims", "doc._.claimex_data"],
)
def make_claimex(nlp: Language, name: str, rules: list[str], scope: str | None) -> ClaimExtractor:
    """Factory of the `claimex` component; `rules` lists extra rule files (JSONL); `scope`
    ("all" or "speech") overrides the scope the rule files set (default "all")."""
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
