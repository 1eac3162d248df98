"""Run the dependency rules (spaCy DependencyMatcher patterns) and turn matches into candidates."""

from __future__ import annotations

from spacy.matcher import DependencyMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from claimex.extraction.candidates import Candidate
from claimex.extraction.content_spans import (
    according_head,
    as_complement,
    clause_range,
    clean_ranges,
    drop_trailing_relative,
    if_clause,
    infinitive_complement,
    is_stray_report,
    prep_object_tail,
)
from claimex.extraction.grammar import RELATIVE_PRONOUNS, find_subject
from claimex.extraction.text_index import CharRange, TextIndex
from claimex.extraction.tree_matcher import TreeMatcher, Unsupported
from claimex.rules import DependencyRule, RuleError, RuleSet
from claimex.rules.patterns import expand_pattern
from claimex.rules.words import words

OBJECT_DEPS = {"dobj", "oprd", "xcomp", "ccomp", "dative"}
OBJECT_PREPS = words().object_preps
# prepositions after the object that stay in it (measured on PolNeAR train: "criticized X
# for Y", "tweeted a link to a story", "offered colorful language about Y", "showed X with a
# lead" unless a comma sets "with" off)
OBJECT_SPAN_PREPS = OBJECT_PREPS | words().object_span_preps
COMPLEMENT_DEPS = {"ccomp", "dobj", "xcomp", "csubj"}
LIGHT_VERBS = words().light_verbs
LIGHT_VERB_PHRASES = words().light_verb_phrases


class DependencyRunner:
    """Every enabled dependency rule of a RuleSet, matched on the parse.

    Patterns are validated by spaCy's DependencyMatcher; those that only walk child/head
    relations run on the fast TreeMatcher, the others on the DependencyMatcher.
    """

    def __init__(self, vocab: Vocab, rules: RuleSet) -> None:
        self.rules = rules
        self.cue_lemmas = frozenset(c.lemma for c in rules.cues.values() if c.pos == "VERB")
        self.by_key: dict[int, DependencyRule] = {}
        self.node_names: dict[str, list[str]] = {}
        validator = DependencyMatcher(vocab, validate=True)
        self.matcher = DependencyMatcher(vocab, validate=True)
        self.tree = TreeMatcher()
        self.order: dict[int, int] = {}
        for rule in rules.dependency_rules():
            pattern = expand_pattern(rule.pattern, rules)
            names = [str(node["RIGHT_ID"]) for node in pattern]
            try:  # the rule file's check (schema.DependencyRule) saw the pattern before
                validator.add(rule.id, [pattern])  # its placeholders were expanded
            except (ValueError, KeyError) as exc:
                where = rules.origins.get(rule.id, "")
                raise RuleError(f"{where}: rule {rule.id}: invalid pattern ({exc})") from None
            key = vocab.strings[rule.id]
            try:
                self.tree.add(key, pattern)
            except Unsupported:
                self.matcher.add(rule.id, [pattern])
            self.by_key[key] = rule
            self.order[key] = len(self.order)
            self.node_names[rule.id] = names

    def __call__(self, doc: Doc, index: TextIndex) -> list[Candidate]:
        out: list[Candidate] = []
        matches = self.tree(doc)
        if len(self.matcher):
            matches += [(key, list(ids)) for key, ids in self.matcher(doc)]
        matches.sort(key=lambda m: (self.order[m[0]], m[1]))
        for key, token_ids in matches:
            rule = self.by_key[key]
            nodes = {
                name: doc[i] for name, i in zip(self.node_names[rule.id], token_ids, strict=True)
            }
            cand = self._candidate(rule, nodes, index)
            if cand is not None:
                out.append(cand)
        return out

    # ---- building one candidate ---------------------------------------------------------
    def _candidate(
        self, rule: DependencyRule, nodes: dict[str, Token], index: TextIndex
    ) -> Candidate | None:
        cue = nodes[rule.cue]
        content_head = nodes[rule.content]
        if (
            content_head.dep_ == "ccomp"
            and content_head.i < cue.i
            and any(c.dep_ == "ccomp" and c.i > cue.i for c in cue.children)
        ):
            return None  # "X, whose flat ... was flooded, said CLAUSE": X is no clause
        if "prep" in nodes and rule.cue_extra and "prep" in rule.cue_extra:
            entry = self.rules.cue(cue.lemma_.lower(), cue.pos_)
            if entry is None or nodes["prep"].lower_ not in entry.preps:
                return None
        cue_tokens = self._cue_tokens(cue, [nodes[n] for n in rule.cue_extra], rule.cue_range)
        content = self._content(rule, cue, content_head, nodes, index, cue_tokens)
        if not content or self._too_short(cue, content, index):
            return None
        source_tok = self._source_token(rule, cue, nodes)
        if source_tok is None and rule.require_source:
            return None
        if source_tok is None and _bare_verb(cue):
            return None  # "Plan to close four schools": a headline noun read as a verb
        if source_tok is not None and _idiom(cue, source_tok):
            return None
        if (
            source_tok is not None
            and index.quote_around(source_tok.idx) is not None
            and index.quote_around(cue.idx) is None
        ):
            return None  # a subject inside a quote, the cue outside: a misparsed quotation
        source: CharRange | None = None
        if source_tok is not None:
            source = index.noun_phrase(source_tok, stop=cue_tokens)
            for lo, _ in content:
                if source is not None and source_tok.idx < lo < source[1]:
                    source = index.trim(source[0], lo, keep_quotes=False)
            if source is not None and any(lo < source[1] and source[0] < hi for lo, hi in content):
                # a source inside its own content is a misparse ("said the report, which ...")
                content = [r for r in content if not (r[0] <= source[0] and source[1] <= r[1])]
                if not content:
                    return None
        cue_range = index.token_range(min(cue_tokens), max(cue_tokens))
        return Candidate(
            rule=rule.id,
            priority=rule.priority,
            content=content,
            cue=cue_range,
            cue_token=cue.i,
            source=source,
            source_token=source_tok.i if source_tok is not None and source else None,
            anchor_token=cue.i,
            nested_is_content=rule.nested == "content",
        )

    def _too_short(self, cue: Token, content: list[CharRange], index: TextIndex) -> bool:
        entry = self.rules.cue(cue.lemma_.lower(), cue.pos_)
        if entry is None or entry.min_words <= 1:
            return False
        words = sum(
            1 for lo, hi in content for i in index.tokens_in(lo, hi) if not index.doc[i].is_punct
        )
        return words < entry.min_words

    @staticmethod
    def _cue_tokens(cue: Token, extra: list[Token], whole_range: bool = False) -> list[int]:
        """The cue word, its particle (point out), and the extra nodes when they are adjacent,
        or with `whole_range` every word from the first to the last of them."""
        if whole_range:
            lo, hi = min(t.i for t in [cue, *extra]), max(t.i for t in [cue, *extra])
            return list(range(lo, hi + 1))
        ids = {cue.i}
        for child in cue.children:
            if child.dep_ == "prt" and child.i == cue.i + 1:
                ids.add(child.i)
        pending = [t.i for t in extra if t.i not in ids]
        grown = True
        while grown:  # add extra nodes that touch the cue, growing outwards
            grown = False
            for i in list(pending):
                if min(ids) - 1 <= i <= max(ids) + 1:
                    ids.add(i)
                    pending.remove(i)
                    grown = True
        return sorted(ids)

    def _source_token(
        self, rule: DependencyRule, cue: Token, nodes: dict[str, Token]
    ) -> Token | None:
        if rule.source == "none":
            return None
        if rule.source == "subject":
            if is_stray_report(cue, self.cue_lemmas):
                clause = cue.head  # "said A and accused B", "said A and B, saying C": one speaker
                while clause.dep_ in ("conj", "xcomp", "advcl") and clause.head != clause:
                    clause = clause.head
                if clause.dep_ == "ccomp":
                    return find_subject(clause.head)
            return find_subject(cue)
        if rule.source == "noun":
            return noun_source(cue)
        if rule.source.startswith("subject:"):
            return find_subject(nodes[rule.source.removeprefix("subject:")])
        return nodes[rule.source]

    def _content(
        self,
        rule: DependencyRule,
        cue: Token,
        head: Token,
        nodes: dict[str, Token],
        index: TextIndex,
        cue_tokens: list[int],
    ) -> list[CharRange]:
        doc = index.doc
        if rule.content_span == "clause_without_cue":
            if any(c.dep_ in COMPLEMENT_DEPS for c in cue.children):
                return []
            if cue.dep_ == "conj" and any(
                not t.is_punct for t in doc[cue.right_edge.i + 1 : head.sent.end]
            ):
                return []
            removed = set(range(cue.left_edge.i, cue.right_edge.i + 1))
            if cue.lower_ == "according":
                head = according_head(cue, head)
                # "reported that, according to X, A": the complementizer is not X's claim
                removed |= {c.i for c in head.children if c.dep_ == "mark" and c.i < cue.i}
            keep = [i for i in range(head.left_edge.i, head.right_edge.i + 1) if i not in removed]
            ranges = index.tokens_ranges(keep)
        elif rule.content_span == "object":
            last = head.right_edge.i
            for child in cue.rights:
                if child.i <= head.i:
                    continue
                if (
                    child.dep_ in OBJECT_DEPS
                    or (
                        child.dep_ == "prep"
                        and child.lower_ in OBJECT_SPAN_PREPS
                        and not (child.lower_ == "with" and doc[child.i - 1].text == ",")
                    )
                    or as_complement(child, head)
                    or infinitive_complement(child, head)
                    or if_clause(child, head)
                ):
                    last = max(last, child.right_edge.i)
            last = drop_trailing_relative(head, head.left_edge.i, last)
            ranges = [index.token_range(head.left_edge.i, last)]
        elif rule.content_span == "passive_object":
            # X is accused by Y of Z: the content is X and "of Z"
            if head.lower_ in RELATIVE_PRONOUNS and cue.dep_ == "relcl":
                head = cue.head  # "Salo, who is accused by ...": the content is about Salo
                ranges = [index.token_range(head.left_edge.i, head.i)]
            else:
                ranges = [index.subtree_range(head)]
            prep = next(
                (
                    t
                    for t in cue.subtree
                    if t.i > cue.i and t.dep_ == "prep" and t.lower_ in OBJECT_PREPS - {"as"}
                ),
                None,
            )
            if prep is not None:
                ranges.append(index.subtree_range(prep))
        else:
            ranges = [clause_range(cue, head, index, self.cue_lemmas)]
            prep = nodes.get("prep")
            if prep is not None and head.head == prep and prep.head == cue:
                last = prep_object_tail(cue, prep)
                if last > prep.right_edge.i:
                    ranges[0] = (ranges[0][0], index.token_range(last, last)[1])
            for name in rule.content_extra:
                ranges.append(index.subtree_range(nodes[name]))
        return clean_ranges(ranges, index, exclude=cue_tokens)


def _idiom(cue: Token, subject: Token) -> bool:
    """A connective such as "That said, ...", not an attribution."""
    return (
        subject.lower_ in ("that", "this")
        and subject.i == subject.sent.start
        and cue.i == subject.i + 1
        and cue.i + 1 < len(cue.doc)
        and cue.nbor().text == ","
    )


def _bare_verb(tok: Token) -> bool:
    """A base-form verb with no subject and no auxiliary at the start of its sentence."""
    return (
        tok.tag_ == "VB"
        and tok.i == tok.sent.start
        and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in tok.children)
    )


def noun_source(cue: Token) -> Token | None:
    """The source of a cue noun: its possessor, a by/from phrase, a light verb's subject, or
    the subject of the verb whose "with" phrase holds it."""
    for child in cue.children:
        if child.dep_ == "poss":
            return child
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return pobj
    if cue.dep_ == "dobj" and cue.head.lemma_ in LIGHT_VERBS:
        return find_subject(cue.head)
    for child in cue.children:
        if child.dep_ == "nsubj":  # "He pledges to ...": a verb the parser took for a noun
            return child
    head = cue.head
    if cue.dep_ == "pobj" and head.lower_ == "with" and head.head.pos_ in ("VERB", "AUX"):
        return find_subject(head.head)  # "she ended the rally with criticism of ..."
    if cue.dep_ == "pobj" and f"{head.head.lemma_.lower()} {head.lower_}" in LIGHT_VERB_PHRASES:
        return find_subject(head.head)  # "she came to the conclusion that ..."
    return None
