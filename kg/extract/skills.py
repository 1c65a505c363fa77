"""Skill statements: which roles a sentence gives each vocabulary skill it mentions."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from kg.extract.refer import BLOCK, INHERIT, NONE, ROLES, Resolver, Who, negated_verb
from kg.extract.rules import SKILL_SPANS, TOOL_SPANS

_TRAIT_POS = {"NOUN", "PROPN", "ADJ"}


@dataclass
class SkillStatement:
    """A skill (canonical label) a sentence mentions, the words it used, and the roles it is given."""

    label: str
    surface: str
    roles: tuple[str, ...]
    denied: tuple[str, ...] = ()  # roles the sentence says do not do it ("PMs don't own the roadmap")


def sentence_skills(
    sent: Span,
    resolver: Resolver,
    context: tuple[str, ...],
    piece: int,
    section: tuple[str, ...],
    role_tokens: set[int],
    skill_spans: list[Span] | None = None,
) -> list[SkillStatement]:
    """The skills `sent` mentions, each with the roles the sentence gives it.

    `context` is who a subject-less clause is about (the role of a list's intro, of a trait
    heading, ...); `role_tokens` are tokens inside role names, which never count as skills;
    `skill_spans` are the doc's skill spans (doc.spans[SKILL_SPANS]) when the caller has them.
    """
    out: dict[str, SkillStatement] = {}
    teams = resolver.rules.word_set("team_words")
    not_before = resolver.rules.vocab.data.get("one_word_skill_not_before") or {}
    group = resolver.leading_group(sent)
    hedges = _hedge_phrases(resolver)
    for span in sent.doc.spans.get(SKILL_SPANS, []) if skill_spans is None else skill_spans:
        if span.start < sent.start or span.end > sent.end:
            continue
        if not role_tokens.isdisjoint(range(span.start, span.end)) or _names_teams(span, teams):
            continue
        if (
            len(span) == 1
            and span.end < sent.end
            and sent.doc[span.end].lower_ in not_before.get(span.label_, ())
        ):
            continue  # "reports to a member of the exec team" is not writing reports
        if _hedged(sent, span, hedges):
            continue  # "they may need help with design": a need, not a skill
        who = resolver.clause(span.start, span.end, sent)
        roles = _roles_of(who, span, sent, resolver, context, piece, section, group)
        denied: tuple[str, ...] = ()
        if who.negated and negated_verb(span.root) is not None:
            denied = resolver.sentence_roles() or resolver.adjacent_role(span.start, sent)
        surface = " ".join(span.text.lower().split())
        prev = out.get(span.label_)
        if prev is None:
            out[span.label_] = SkillStatement(span.label_, surface, roles, denied)
        else:
            prev.roles = tuple(dict.fromkeys(prev.roles + roles))
            prev.denied = tuple(dict.fromkeys(prev.denied + denied))
    for st in out.values():
        st.denied = tuple(r for r in st.denied if r not in st.roles)
    return list(out.values())


def sentence_tools(
    sent: Span,
    resolver: Resolver,
    context: tuple[str, ...],
    piece: int,
    section: tuple[str, ...],
    role_tokens: set[int],
) -> list[SkillStatement]:
    """The tools `sent` names (tools.yaml), each with the roles the sentence says use it."""
    out: dict[str, SkillStatement] = {}
    group = resolver.leading_group(sent)
    hedges = _hedge_phrases(resolver)
    for span in sent.doc.spans.get(TOOL_SPANS, []):
        if span.start < sent.start or span.end > sent.end:
            continue
        if not role_tokens.isdisjoint(range(span.start, span.end)) or _hedged(sent, span, hedges):
            continue
        who = resolver.clause(span.start, span.end, sent)
        roles = _roles_of(who, span, sent, resolver, context, piece, section, group)
        prev = out.setdefault(span.label_, SkillStatement(span.label_, span.text, ()))
        prev.roles = tuple(dict.fromkeys(prev.roles + roles))
    return [st for st in out.values() if st.roles]


def _roles_of(
    who: Who,
    span: Span,
    sent: Span,
    resolver: Resolver,
    context: tuple[str, ...],
    piece: int,
    section: tuple[str, ...],
    group: tuple[str, ...],
) -> tuple[str, ...]:
    """The roles a resolved clause gives the phrase `span`."""
    if not who.negated:  # the parser's misreadings of "Both translate ..." / "engineers ship ..."
        if group:
            who = Who(ROLES, group)
        elif adjacent := resolver.adjacent_role(span.start, sent):
            who = Who(ROLES, adjacent)
    if who.kind == ROLES:
        return who.roles
    if who.kind == INHERIT:
        return resolver.previous_roles(piece, section)
    if who.kind == NONE:
        return who.as_roles or context
    assert who.kind == BLOCK
    return ()

def _hedge_phrases(resolver: Resolver) -> list[tuple[str, ...]]:
    return [tuple(str(h).lower().split()) for h in resolver.rules.vocab.data.get("hedge_phrases") or []]


def _hedged(sent: Span, span: Span, hedges: list[tuple[str, ...]]) -> bool:
    """Whether a hedge ("may need help with", "little of their time", "ideally avoid") comes before
    the phrase in its sentence: the sentence says the role needs help with it or avoids it."""
    words = [t.lower_ for t in sent.doc[sent.start : span.start]]
    for hedge in hedges:
        n = len(hedge)
        if any(tuple(words[i : i + n]) == hedge for i in range(len(words) - n + 1)):
            return True
    return False


def _names_teams(span: Span, teams: frozenset[str]) -> bool:
    """Whether a one-word skill is one of several teams listed together ("This can include design,
    marketing, ops, engineering"): the list names the people involved, not what anyone does."""
    if len(span) != 1 or span[0].lower_ not in teams:
        return False
    first = span[0]
    while first.dep_ == "conj" and first.head.i != first.i:
        first = first.head
    listed = [t for t in (first, *first.conjuncts) if t.lower_ in teams]
    return len(listed) >= 2 and span[0] in listed


def heading_trait(text: str, sent: Span, role_tokens: set[int]) -> str | None:
    """A short noun-phrase heading as a trait label ('Customer obsession' -> 'customer obsession';
    'Attribute 2: Total dependability' -> 'total dependability')."""
    colon = next((t.i for t in sent if t.text == ":"), None)
    tokens = sent[colon + 1 - sent.start :] if colon is not None and colon - sent.start <= 3 else sent
    if not role_tokens.isdisjoint(range(sent.start, sent.end)):
        return None  # "The product engineer way" is about the role, not one of its traits
    words = [t for t in tokens if not t.is_punct and not t.like_num and t.pos_ != "DET"]
    gerund = sent.root.tag_ == "VBG" and len(words) <= 2  # "Storytelling", "Shipping fast"
    if (
        not 1 <= len(words) <= 3
        or not (sent.root.pos_ in _TRAIT_POS or gerund)
        or text.rstrip().endswith("?")
    ):
        return None
    return " ".join(t.lower_ for t in words)
