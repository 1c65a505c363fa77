"""Skill statements: which roles a sentence gives each vocabulary skill it mentions."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

from kg.extract.grammar import says_absent
from kg.extract.refer import BLOCK, INHERIT, NONE, ROLES, SUBJECT_DEPS, Resolver, Who
from kg.extract.rules import SKILL_SPANS, TOOL_SPANS, Rules
from kg.extract.statements import Phrase, may_be_verb, sentence_phrases

_TRAIT_POS = {"NOUN", "PROPN", "ADJ"}


@dataclass
class SkillStatement:
    """A skill (canonical label) a sentence mentions, the words it used, and the roles it is given."""

    label: str
    surface: str  # the words a vocabulary skill was named by, kept as its alias ("" for a statement)
    roles: tuple[str, ...]
    denied: tuple[str, ...] = ()  # roles the sentence says do not do it ("PMs don't own the roadmap")
    key: str = ""  # an open phrase's lemma key, which names its node ("build data pipeline")


def sentence_skills(
    sent: Span,
    resolver: Resolver,
    context: tuple[str, ...],
    piece: int,
    section: tuple[str, ...],
    role_tokens: set[int],
    skill_spans: list[Span] | None = None,
    fragment: bool = False,
) -> list[SkillStatement]:
    """The skills `sent` mentions, each with the roles the sentence gives it.

    `context` is who a subject-less clause is about (the role of a list's intro, of a trait
    heading, ...); `role_tokens` are tokens inside role names, which never count as skills;
    `skill_spans` are the doc's skill spans (doc.spans[SKILL_SPANS]) when the caller has them;
    `fragment` says the sentence is a list item or cell, whose noun phrase can name a skill.
    Vocabulary skills come first; then open phrases (statements.py) that no vocabulary skill covers.
    """
    out: dict[str, SkillStatement] = {}
    teams = resolver.rules.word_set("team_words")
    not_before = resolver.rules.vocab.data.get("one_word_skill_not_before") or {}
    group = resolver.leading_group(sent)
    hedges = _hedge_phrases(resolver)
    spans = [
        s
        for s in (sent.doc.spans.get(SKILL_SPANS, []) if skill_spans is None else skill_spans)
        if s.start >= sent.start and s.end <= sent.end
    ]
    covered = {i for s in spans for i in range(s.start, s.end)}  # which open phrases leave alone
    frames = resolver.rules.word_set("frame_nouns") | resolver.rules.word_set("empty_heads") if spans else frozenset()
    for span in spans:
        if not role_tokens.isdisjoint(range(span.start, span.end)) or _names_teams(span, teams):
            continue
        if says_absent(span.root):
            continue  # "No public pricing": what is missing
        if len(span) == 1 and _names_another_thing(span[0], covered, frames):
            continue  # "infrastructure costs", "coding standards": the open phrase names it
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
        denied = _denied_by(span, resolver) if who.negated else ()
        # "programming", "point of view" name the skill; "writing code" is a statement of it
        surface = "" if _states(span) else " ".join(span.text.lower().split())
        _add(out, span.label_, SkillStatement(span.label_, surface, roles, denied))
    tools = {i for t in sent.doc.spans.get(TOOL_SPANS, []) for i in range(t.start, t.end)}
    for phrase in sentence_phrases(sent, resolver.rules, fragment):
        tokens = range(phrase.start, phrase.end)
        if (phrase.end - 1 in tools and not phrase.verb) or phrase.end - 1 in role_tokens:
            continue  # "Python" is a tool ("know Python" a skill); "skills of front-end developers" a role
        if _said_by_vocabulary(phrase, covered, sent, resolver) or _hedged(
            sent, sent.doc[phrase.start : phrase.end], hedges
        ):
            continue
        inside = phrase.start <= phrase.anchor < phrase.end and not phrase.verb  # a fragment's own head
        if (phrase.anchor in covered and not inside) or phrase.anchor in role_tokens or (
            not phrase.verb and not role_tokens.isdisjoint(tokens)
        ):
            continue  # "responsible for" is the vocabulary's ownership; "product managers" a role
        span = sent.doc[phrase.start : phrase.end]
        who = resolver.clause(phrase.anchor, phrase.anchor + 1, sent)
        if who.kind == BLOCK and not who.negated and _ensured_under_passive(sent.doc[phrase.anchor], resolver):
            who = Who(NONE)  # "Ensuring sites are optimized", read with "ensuring" under the passive
        roles = _roles_of(who, span, sent, resolver, context, piece, section, group)
        denied = _denied_by(span, resolver) if who.negated else ()
        if (roles or denied) and phrase.label in resolver.rules.skills.labels:
            # "making product decisions" said in other words than the vocabulary's is its node
            _add(out, phrase.label, SkillStatement(phrase.label, "", roles, denied))
        elif roles or denied:
            _add(out, phrase.key, SkillStatement(phrase.label, phrase.label, roles, denied, phrase.key))
    for st in out.values():
        st.denied = tuple(r for r in st.denied if r not in st.roles)
    return list(out.values())


def _add(out: dict[str, SkillStatement], key: str, st: SkillStatement) -> None:
    """Put `st` under `key`, or add its roles and denials to the statement already there."""
    prev = out.setdefault(key, st)
    if prev is not st:
        prev.roles = tuple(dict.fromkeys(prev.roles + st.roles))
        prev.denied = tuple(dict.fromkeys(prev.denied + st.denied))


def _ensured_under_passive(anchor: Token, resolver: Resolver) -> bool:
    """Whether a phrase's verb is an ensuring verb the parser hung below the passive it governs."""
    return anchor.lemma_.lower() in resolver.rules.word_set("ensuring_verbs") and anchor.dep_ in ("advcl", "compound")


def _names_another_thing(token: Token, covered: set[int], frames: frozenset[str]) -> bool:
    """Whether a one-word vocabulary match modifies another noun, naming something else with it
    ("infrastructure costs", "coding standards"; not "design skills", "design work": `frames`)."""
    head = token.head
    return (
        token.dep_ in ("compound", "amod", "nmod")
        and head.i > token.i
        and head.pos_ in ("NOUN", "PROPN")
        and head.i not in covered
        and head.lemma_.lower() not in frames
        and head.lower_ not in frames
    )


def _states(span: Span) -> bool:
    """Whether a skill span is a verb and what it acts on ("writing code"), not a name ("programming")."""
    first = span[0]
    return first.pos_ == "VERB" or first.tag_.startswith("VB") or (
        len(span) > 1 and first.lower_.endswith("ing") and may_be_verb(first.lemma_.lower())
    )


def _said_by_vocabulary(phrase: Phrase, covered: set[int], sent: Span, resolver: Resolver) -> bool:
    """Whether a vocabulary skill already names an open phrase: it covers the object ("build
    dashboards"; but "unit testing" is a kind of testing worth its own name), or any word before a
    framing head ("programming skills" is coding)."""
    head = sent.doc[phrase.end - 1]
    words = range(phrase.object_start, phrase.end) if phrase.object_start >= 0 else range(0)
    if head.lemma_.lower() in resolver.rules.word_set("frame_nouns"):
        return not covered.isdisjoint(words) or head.i in covered
    if head.i in covered:
        # "unit testing", "interaction design": a kind of the vocabulary's skill, said as well
        return all(i in covered for i in words if sent.doc[i].is_alpha)
    return False


def sentence_tools(
    sent: Span,
    resolver: Resolver,
    context: tuple[str, ...],
    piece: int,
    section: tuple[str, ...],
    role_tokens: set[int],
) -> list[SkillStatement]:
    """The tools `sent` names (tools.yaml, or listed after a tool noun), each with the roles the
    sentence says use it (none, for a tool the post only names)."""
    out: dict[str, SkillStatement] = {}
    group = resolver.leading_group(sent)
    hedges = _hedge_phrases(resolver)
    known = list(sent.doc.spans.get(TOOL_SPANS, []))
    taken = {i for span in known for i in range(span.start, span.end)}
    listed = [(s, n) for s, n in listed_tools(sent, resolver.rules) if taken.isdisjoint(range(s.start, s.end))]
    for span, noun in [(s, None) for s in known] + listed:
        if span.start < sent.start or span.end > sent.end:
            continue
        if not role_tokens.isdisjoint(range(span.start, span.end)) or _hedged(sent, span, hedges):
            continue
        if span.root.dep_ == "pobj" and span.root.head.lower_ in ("at", "for", "from"):
            continue  # "Security Engineer at PostHog": where they work, not what they use
        # a listed name's statement is its tool noun's: "use editing tools that ... (e.g. Flare)"
        start, end = (span.start, span.end) if noun is None else (noun, noun + 1)
        who = resolver.clause(start, end, sent)
        roles = _roles_of(who, span, sent, resolver, context, piece, section, group)
        prev = out.setdefault(span.label_, SkillStatement(span.label_, span.text, ()))
        prev.roles = tuple(dict.fromkeys(prev.roles + roles))
    # a known tool no role is said to use is still one the post names; a listed unknown name is a
    # tool only when someone uses it ("platforms (e.g. Udemy)" may name companies)
    known_labels = {span.label_ for span in known}
    return [st for st in out.values() if st.roles or st.label in known_labels]


def listed_tools(sent: Span, rules: Rules) -> list[tuple[Span, int | None]]:
    """Names listed after a tool noun and a list cue, known to tools.yaml or not: "editing tools
    (e.g. Flare, Paligo, Confluence)", "languages such as Elixir and Go" (labels: the names),
    each with the index of its tool noun."""
    nouns = rules.word_set("tool_nouns")
    cues = [tuple(c.split()) for c in rules.word_set("list_cues")]
    ends = rules.word_set("list_end_words")
    doc = sent.doc
    out: list[tuple[Span, int | None]] = []
    for token in sent:
        if token.lower_ not in nouns:
            continue
        cue, i = None, token.i + 1
        if i < sent.end and doc[i].text == "(":
            cue = ("(",)  # "API protocols (REST, SOAP, RPC)": the parenthesis lists them
            i += 1
        while cue is None and i < min(token.i + 10, sent.end) and doc[i].text not in (".", ";"):
            words = tuple(t.lower_ for t in doc[i : min(i + 3, sent.end)])
            cue = next((c for c in cues if words[: len(c)] == c), None)
            i += 1
        if cue is None:
            continue  # "editing tools that are specific to writing (e.g. Flare, Paligo)": a cue near
        i += len(cue) - 1
        start = None
        while i <= sent.end:
            t = doc[i] if i < sent.end else None
            name_word = (
                t is not None
                and (t.text[:1].isupper() or (t.text[:1] in ".#" and t.text[1:2].isalpha()))  # ".NET"
                and t.lower_ not in ends
                and t.lower_ not in nouns  # "Database knowledge of SQL": a tool noun, not a name
            )
            if name_word and start is None:
                start = i
            elif not name_word:
                if start is not None:
                    out.append((Span(doc, start, i, label=doc[start:i].text), token.i))
                    start = None
                if t is None or t.text in (")", ".", ";") or (t.is_alpha and t.lower_ not in ("and", "or")):
                    break
            i += 1
    return out


def sentence_emphasis(sent: Span, resolver: Resolver) -> dict[str, str]:
    """Roles a sentence says do its skills more or less ("..., but product managers place a higher
    emphasis on them", "PMs need fewer programming skills"): role -> "more" | "less".

    A comparative word in the clause whose subject is the role, outside the subject itself."""
    more = resolver.rules.word_set("emphasis_more")
    less = resolver.rules.word_set("emphasis_less")
    out: dict[str, str] = {}
    for token in sent:
        if token.dep_ not in SUBJECT_DEPS or token.head.i == token.i:
            continue
        who = resolver.subject(token)
        if who.kind != ROLES:
            continue
        words = _clause_words(token.head, token)
        degree = "less" if less.intersection(words) else "more" if more.intersection(words) else None
        if degree:
            for role in who.roles:
                out.setdefault(role, degree)
    return out


def _clause_words(verb: Token, subject: Token) -> list[str]:
    """The words of `verb`'s own clause, without its subject and without clauses of other subjects
    ("Both roles require X, but PMs place a higher emphasis on it": "higher" is the PMs' clause)."""
    out = []
    for t in verb.subtree:
        if t.i in (subject.i, *(s.i for s in subject.subtree)):
            continue
        u, own = t, True
        while u.i != verb.i:
            if u.pos_ in ("VERB", "AUX") and any(c.dep_ in SUBJECT_DEPS for c in u.children):
                own = False
                break
            u = u.head
        if own:
            out.append(t.lower_)
    return out


def _denied_by(span: Span, resolver: Resolver) -> tuple[str, ...]:
    """The roles a negated clause says do not do the phrase: the roles of the negated verb's subject
    ("PMs don't own the roadmap"), not of a clause blocked by "rather than" or "avoid"."""
    verb = resolver.negated_verb(span.root)
    if verb is None or any(t.dep_ == "relcl" for c in verb.children if c.dep_ == "dobj" for t in c.subtree):
        return ()  # "don't ship features that users don't want" denies one kind of them, not shipping
    subject = next((c for c in verb.children if c.dep_ in SUBJECT_DEPS), None)
    who = resolver.subject(subject) if subject is not None else None
    return who.roles if who is not None and who.kind == ROLES else ()


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
