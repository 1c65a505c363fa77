"""Vocabularies compiled into lookups and pattern sets, once per process and vocabulary digest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc, Span, SpanGroup

from kg.extract.patterns import PatternSet, Tokenizer, token_keys
from kg.extract.vocab import Vocab, load_vocab

SKILL_SPANS = "kg_skills"
ROLE_SPANS = "kg_role_names"
TOOL_SPANS = "kg_tools"
TAXONOMY_KEY = "kg_taxonomy"


def squash(text: str) -> str:
    """The key extraction compares names and vocabulary words by: lower-case, without spaces or
    hyphens ('Full-Stack' -> 'fullstack'), other punctuation kept ('incident.io'). Queries look names
    up more leniently (kg.query._lookup_key: letters and digits only)."""
    return re.sub(r"[\s\-]+", "", text.lower())


def _is_acronym(alias: str) -> bool:
    return " " not in alias and any(c.isupper() for c in alias) and alias.rstrip("s").isupper()


@dataclass
class Rules:
    """Everything extraction looks up, derived from one Vocab."""

    vocab: Vocab
    head_forms: dict[str, str]  # any form of a role head -> its singular
    generic_heads: frozenset[str]
    modifiers: dict[str, str]  # squashed modifier -> how it is written in a role name
    dropped: frozenset[str]  # squashed
    levels: dict[str, str]  # squashed level word ("staff", "senior") -> how it is written
    not_modifiers: frozenset[str]
    known_roles: dict[str, str]  # squashed name or alias -> canonical role
    skills: PatternSet
    role_names: PatternSet
    role_acronyms: PatternSet
    role_titles: PatternSet
    tools: PatternSet  # written as in tools.yaml: "Spark" is the tool, "spark" a word
    tool_only_names: frozenset[str]  # squashed tool names that are not also their maker's ("hadoop")

    def word_set(self, key: str) -> frozenset[str]:
        """A vocabulary list, lower-cased."""
        return self.vocab.words(key)


_RULES: dict[str, Rules] = {}


def get_rules(taxonomy: Path | str | None = None, tokenizer: Tokenizer | None = None) -> Rules:
    """The compiled rules of the default vocabulary extended by `taxonomy`, cached by digest.

    `tokenizer` splits vocabulary words like the text will be split (default: blank English).
    """
    vocab = load_vocab(taxonomy)
    if vocab.digest not in _RULES:
        _RULES[vocab.digest] = compile_rules(vocab, tokenizer)
    return _RULES[vocab.digest]


def compile_rules(vocab: Vocab, tokenizer: Tokenizer | None = None) -> Rules:
    """Build the lookups and pattern sets of `vocab`."""
    data = vocab.data
    head_forms: dict[str, str] = {}
    for head, forms in data["role_heads"].items():
        head = str(head).lower()
        for form in [head, head + "s", *[str(f).lower() for f in forms or []]]:
            head_forms.setdefault(form, head)
    known: dict[str, str] = {}
    names: list[tuple[str, str]] = []
    acronyms: list[tuple[str, str]] = []
    for canonical, aliases in data["roles"].items():
        canonical = str(canonical)
        known[squash(canonical)] = canonical
        for alias in [canonical, *[str(a) for a in aliases or []]]:
            known.setdefault(squash(alias), canonical)
            if _is_acronym(alias):
                acronyms.append((canonical, alias))
            elif " " in alias.strip() or alias.lower() not in head_forms:
                names.append((canonical, alias.lower()))
    titles = data["role_titles"]
    title_patterns = []
    for dept in titles["departments"]:
        for prefix in titles["prefixes"]:
            title_patterns.append(("title", f"{str(prefix).lower()} of {str(dept).lower()}"))
    skills = [(str(label), str(p)) for label, pats in data["skills"].items() for p in pats or []]
    tools = [
        (str(name), str(alias))
        for name, aliases in (data.get("tools") or {}).items()
        for alias in [name, *(aliases or [])]
    ]
    return Rules(
        vocab=vocab,
        head_forms=head_forms,
        generic_heads=frozenset(str(h).lower() for h in data["generic_heads"]),
        modifiers={
            **{squash(str(m)): str(m).lower() for m in data["role_modifiers"]},
            **{squash(str(k)): str(v).lower() for k, v in (data.get("role_modifier_forms") or {}).items()},
        },
        dropped=frozenset(squash(str(m)) for m in data["dropped_modifiers"]),
        levels={squash(str(m)): str(m).lower() for m in data.get("level_modifiers") or []},
        not_modifiers=frozenset(str(m).lower() for m in data["not_modifiers"]),
        known_roles=known,
        skills=PatternSet(skills, tokenizer=tokenizer),
        role_names=PatternSet(names, tokenizer=tokenizer),
        role_acronyms=PatternSet(acronyms, case_sensitive=True, tokenizer=tokenizer),
        role_titles=PatternSet(title_patterns, tokenizer=tokenizer),
        tools=PatternSet(tools, case_sensitive=True, tokenizer=tokenizer),
        tool_only_names=frozenset(squash(alias) for _, alias in tools)
        - {squash(str(c)) for c in data.get("tool_companies") or []},
    )


def role_title_label(rules: Rules, text: str) -> str:
    """The role a matched title names: 'VP of Engineering' -> its canonical name or 'vp of engineering'."""
    return rules.known_roles.get(squash(text), " ".join(text.lower().split()))


def apply_rules(doc: Doc, rules: Rules) -> Doc:
    """Mark skill phrases, tool names and known role names in `doc.spans` (labels are canonical names)."""
    tokens = token_keys(doc)  # read once for the four pattern sets
    skills = _outermost([Span(doc, m.start, m.end, label=m.label) for m in rules.skills(doc, tokens)])
    roles = [
        Span(doc, m.start, m.end, label=m.label)
        for m in rules.role_names(doc, tokens)
        if _ends_in_noun(doc, m.end)
    ]
    roles += [Span(doc, m.start, m.end, label=m.label) for m in rules.role_acronyms(doc, tokens)]
    roles += [
        Span(doc, m.start, m.end, label=role_title_label(rules, doc[m.start : m.end].text))
        for m in rules.role_titles(doc, tokens)
    ]
    tools = [Span(doc, m.start, m.end, label=m.label) for m in rules.tools(doc, tokens)]
    doc.spans[SKILL_SPANS] = SpanGroup(doc, name=SKILL_SPANS, spans=skills)
    doc.spans[TOOL_SPANS] = SpanGroup(doc, name=TOOL_SPANS, spans=_longest(tools))
    doc.spans[ROLE_SPANS] = SpanGroup(doc, name=ROLE_SPANS, spans=_longest(roles))
    return doc


def _ends_in_noun(doc: Doc, end: int) -> bool:
    """Whether a role name ends in a noun ('product engineers', not 'product engineering')."""
    last = doc[end - 1]
    return not last.lower_.endswith("ing") and last.pos_ not in ("ADJ", "ADV", "ADP")


def _outermost(spans: list[Span]) -> list[Span]:
    """Skill spans that are not the last words of a longer one ("system design" says system design,
    not design; "ship bug fixes" still says fixing bugs); spans over the same words keep all labels."""
    return [s for s in spans if not any(o.start < s.start and s.end == o.end for o in spans)]


def _longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longer ones first."""
    taken: set[int] = set()
    out = []
    for span in sorted(spans, key=lambda s: (-(s.end - s.start), s.start)):
        if taken.isdisjoint(range(span.start, span.end)):
            out.append(span)
            taken.update(range(span.start, span.end))
    return sorted(out, key=lambda s: s.start)
