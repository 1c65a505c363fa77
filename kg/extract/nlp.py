"""Roles, skills, stages, companies and people from a post's parsed pieces.

`nlp_facts` walks the pieces in order: role mentions become role nodes, each vocabulary skill a
sentence mentions goes to the roles its clause is about (see refer.py), stage headings become
stage nodes, and companies and people come from links, cues and entities (see entities.py).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from kg.extract.docs import sentences
from kg.extract.entities import entity_facts
from kg.extract.outline import Place, outline, seeking_cue
from kg.extract.refer import FIRST_PERSON, INHERIT, NONE, Resolver
from kg.extract.roles import Mention, role_mentions, roles_in_text, short_forms
from kg.extract.rules import SKILL_SPANS, TAXONOMY_KEY, Rules, apply_rules, get_rules
from kg.extract.skills import (
    SkillStatement,
    heading_trait,
    sentence_emphasis,
    sentence_skills,
    sentence_tools,
)
from kg.extract.stages import Stage, find_stages, stage_of_pieces
from kg.facts import Evidence, Facts, evidence, node_id
from kg.model import Piece, Post

_AS_A = re.compile(r"\bas an?\s+(.+)$", re.IGNORECASE)


def rules_for(docs: list[Doc]) -> Rules:
    """The rules the docs were parsed with (their taxonomy), marking docs parsed without them."""
    taxonomy = docs[0].user_data.get(TAXONOMY_KEY) if docs else None
    rules = get_rules(taxonomy)
    for doc in docs:
        if SKILL_SPANS not in doc.spans:
            apply_rules(doc, rules)
    return rules


def nlp_facts(post: Post, docs: list[Doc], facts: Facts) -> None:
    """Add what the sentences of `post` say about roles, skills, stages, companies and people."""
    if not docs:
        return
    rules = rules_for(docs)
    sents = [sentences(doc, piece.text) for piece, doc in zip(post.pieces, docs, strict=True)]
    title_roles, bare = roles_in_text(post.title, rules)
    as_a = _AS_A.search(post.title)
    you_roles = tuple(roles_in_text(as_a.group(1), rules)[0][:1]) if as_a else ()
    forms = short_forms(title_roles, bare, rules)
    mentions = [role_mentions(doc, rules, forms) for doc in docs]
    heading_roles = {
        i: tuple(dict.fromkeys(r for m in mentions[i] for r in m.roles))
        for i, piece in enumerate(post.pieces)
        if piece.kind == "heading"
    }
    title_ev = evidence(post.id, post.title_line, post.title)
    for role in [*title_roles, *sorted(bare)]:  # the title names what the post is about
        facts.edge(post.id, _role_node(facts, role), "mentions", title_ev)
    seeking = rules.word_set("seeking_words")
    owners = {i: _owners_after(docs[i], mentions[i], seeking) for i in heading_roles}
    cue = seeking_cue(post.title, seeking)
    title_owners = None if cue is None else tuple(roles_in_text(post.title[cue:], rules)[0])
    places = outline(
        post, heading_roles, tuple(title_roles), rules.word_set("trait_words"), owners, title_owners
    )
    stages = find_stages(post, rules, docs, tuple(title_roles))
    _stage_facts(post, stages, facts)
    stage_at = stage_of_pieces(post, stages)

    resolver = Resolver(rules, you_roles, tuple(title_roles))
    link_items = _link_items(post)
    fragments = _fragment_pieces(post, link_items)
    not_evidence = [str(p).lower() for p in rules.vocab.data.get("not_evidence_phrases") or []]
    openings = tuple(str(p).lower() for p in rules.vocab.data.get("not_evidence_openings") or [])
    for i, (piece, doc_sents) in enumerate(zip(post.pieces, sents, strict=True)):
        section = tuple(piece.section)
        place = places[i]
        parent = piece.parent if piece.kind == "item" else -1
        author_items = 0 <= parent < len(post.pieces) and _author_intro(post.pieces[parent].text, rules)
        context = () if author_items else _subjectless_roles(post, i, resolver, places)
        if piece.kind == "item" and not author_items:
            context = _annotated_roles(piece.text, rules, context)
        role_tokens = {t for m in mentions[i] if m.roles for t in range(m.start, m.end)}
        skill_spans = list(docs[i].spans.get(SKILL_SPANS, []))  # read once, not per sentence
        stage = stage_at[i]
        for sentence in doc_sents:
            sent = sentence.span
            ev = evidence(post.id, piece.line_at(sent.start_char), _in_context(post, piece, sentence.text))
            resolver.read(i, section, sent, mentions[i], place.topic, piece.kind == "heading")
            for m in mentions[i]:
                if m.roles and sent.start <= m.head < sent.end:
                    _role_facts(facts, post, m, ev)
            statements = sentence_skills(
                sent, resolver, context, i, section, role_tokens, skill_spans, fragments[i]
            )
            if (
                _not_evidence(sentence.text, not_evidence, openings)
                or author_items
                or link_items[i]
                or _a_name(piece, sentence.text)
            ):
                statements = []  # a question, level boilerplate or the author's plan says nothing of roles
            if piece.kind == "heading" and not statements and place.trait and i not in stages:
                statements = _heading_traits(piece.text, sent, resolver, place.trait, i, role_tokens, skill_spans)
            degree = sentence_emphasis(sent, resolver) if statements else {}
            doers = _skill_facts(facts, post, statements, ev, stage, degree)
            tools = sentence_tools(sent, resolver, context, i, section, role_tokens)
            _tool_facts(facts, post, tools, ev, stage)
            roles = _roles_of_sentence(resolver, sent, i, section, context)
            resolver.finish(roles)
            if stage is not None:
                for role in dict.fromkeys(doers + list(roles)):
                    facts.edge(_role_node(facts, role), stage.id, "active_in", ev)
    entity_facts(post, docs, rules, facts, mentions, places, tuple(title_roles), sents)


def _link_items(post: Post) -> list[bool]:
    """Which pieces are list items or cells that are mostly a link's text ("- [How to harness the
    power of growth loops](/growth-loops)"): they name another page, they say nothing of a role."""
    linked = [0] * len(post.pieces)
    for link in post.links:
        if 0 <= link.piece < len(linked):
            linked[link.piece] += len(link.text)
    return [
        p.kind in ("item", "cell") and linked[i] * 2 >= len(p.text.strip()) > 0
        for i, p in enumerate(post.pieces)
    ]


def _fragment_pieces(post: Post, link_items: list[bool]) -> list[bool]:
    """Which pieces may name a skill by a noun phrase alone: short list items and table cells that are
    not mostly a link's text ("- Time management", not "- [The ops toolkit for startups](/blog/ops)")."""
    return [
        p.kind in ("item", "cell") and len(p.text.split()) <= 8 and not link_items[i]
        for i, p in enumerate(post.pieces)
    ]


def _in_context(post: Post, piece: Piece, text: str) -> str:
    """A table cell's sentence with what it stands under ("Focus, Product engineer: Write code"),
    so that its evidence reads on its own; any other sentence as it is."""
    if piece.kind != "cell":
        return text
    around = [post.pieces[j].text.strip() for j in (piece.row, piece.parent) if 0 <= j < len(post.pieces)]
    around = [a for a in around if a]
    return f"{', '.join(around)}: {text}" if around else text


def _heading_traits(
    text: str,
    sent: Span,
    resolver: Resolver,
    owners: tuple[str, ...],
    piece: int,
    role_tokens: set[int],
    skill_spans: list[Span],
) -> list[SkillStatement]:
    """What a heading under a role's trait heading gives that role: its noun phrase ("### Customer
    obsession") or what it tells them to do ("## Bring calm"); nothing for a heading that lists
    traits itself ("# Expectations") or names a part of the document ("## References")."""
    rules = resolver.rules
    low = " ".join(text.lower().split()).strip(" #:.")
    if low in rules.word_set("trait_words") or low in rules.word_set("document_headings"):
        return []
    label = heading_trait(text, sent, role_tokens)
    if label:
        return [SkillStatement(label, label, owners)]
    if sent.root.pos_ != "VERB" or sent.root.i != sent.start:
        return []  # a longer noun phrase ("Industry associations and communities") is a topic
    return sentence_skills(sent, resolver, owners, piece, (), role_tokens, skill_spans)


def _a_name(piece: Piece, text: str) -> bool:
    """Whether a list item is a title-cased name ("Google Cloud Professional Machine Learning
    Engineer", "AWS Certified Data Analytics"): it names a thing, it says nothing of a role."""
    words = re.findall(r"[A-Za-z][\w'’-]*", _TRAILING_PARENS.sub("", text))  # "Procurement (Product Owner)"
    return piece.kind in ("item", "cell") and len(words) >= 3 and all(w[0].isupper() for w in words)


def _not_evidence(text: str, phrases: list[str], openings: tuple[str, ...] = ()) -> bool:
    """Whether a sentence can never be evidence of a skill: a question ("What are a PM's
    responsibilities?"), level boilerplate ("has all of the responsibilities of a senior ...") or a
    citation or caption ("Source: LinkedIn insights")."""
    low = " ".join(text.lower().split())
    return low.rstrip().endswith("?") or any(p in low for p in phrases) or low.startswith(openings)


def _owners_after(doc: Doc, mentions: list[Mention], seeking: frozenset[str]) -> tuple[str, ...] | None:
    """The roles a heading names after its seeking phrase ("What we look for in product engineers"),
    or None when it has none (then all its roles own its traits)."""
    cue = seeking_cue(doc.text, seeking)
    if cue is None:
        return None
    return tuple(dict.fromkeys(r for m in mentions if doc[m.start].idx >= cue for r in m.roles))


def _stage_facts(post: Post, stages: dict[int, Stage], facts: Facts) -> None:
    """A node for each stage of the post, which the post mentions."""
    for stage in stages.values():
        piece = post.pieces[stage.piece]
        facts.node(stage.id, "stage", stage.label, stage.aliases, order=stage.order, post=post.id)
        facts.edge(post.id, stage.id, "mentions", evidence(post.id, piece.line, piece.text))


def _role_node(facts: Facts, role: str, aliases: list[str] | None = None) -> str:
    return facts.node(node_id("role", role), "role", role, aliases or [])


def _role_facts(facts: Facts, post: Post, mention: Mention, ev: Evidence) -> None:
    """The role a mention names (with the form it was written in) and the post's mention of it."""
    surface = " ".join(mention.text.split())
    alias = surface if any(c.isupper() for c in surface[1:]) else surface.lower()  # keep "PMs"
    for role in mention.roles:
        facts.edge(post.id, _role_node(facts, role, [alias]), "mentions", ev)
        if mention.level and mention.base:  # "staff engineers": a level of engineer
            facts.edge(_role_node(facts, role), _role_node(facts, mention.base), "level_of", ev, level=mention.level)


def _skill_facts(
    facts: Facts,
    post: Post,
    statements: list[SkillStatement],
    ev: Evidence,
    stage: Stage | None,
    degree: dict[str, str] | None = None,
) -> list[str]:
    """Skill nodes, the post's mentions of them and `has_skill` edges; returns the roles given one."""
    doers: list[str] = []
    for st in statements:
        sid = facts.node(node_id("skill", st.key or st.label), "skill", st.label, [st.surface])
        facts.edge(post.id, sid, "mentions", ev)
        for role in st.roles:
            extra = {"emphasis": degree[role], "emphasis_evidence": [ev]} if degree and role in degree else {}
            rid = _role_node(facts, role)
            facts.edge(rid, sid, "has_skill", ev, stages=[stage.id] if stage else [], **extra)
            doers.append(role)
        for role in st.denied:
            facts.edge(_role_node(facts, role), sid, "not_skill", ev)
    return doers


def _tool_facts(
    facts: Facts, post: Post, statements: list[SkillStatement], ev: Evidence, stage: Stage | None
) -> None:
    """Tool nodes, the post's mentions of them and `uses` edges from the roles using them."""
    for st in statements:
        tid = facts.node(node_id("tool", st.label), "tool", st.label, [st.surface])
        facts.edge(post.id, tid, "mentions", ev)
        for role in st.roles:
            facts.edge(_role_node(facts, role), tid, "uses", ev, stages=[stage.id] if stage else [])


def _roles_of_sentence(
    resolver: Resolver, sent: Span, piece: int, section: tuple[str, ...], context: tuple[str, ...]
) -> tuple[str, ...]:
    """The roles a sentence is about: its subjects' roles, else what its main clause refers to."""
    roles = resolver.sentence_roles()
    if roles:
        return roles
    main = resolver.clause(sent.root.i, sent.root.i + 1, sent)
    if main.kind == INHERIT:
        return resolver.previous_roles(piece, section)
    if main.kind == NONE:
        return main.as_roles or context
    return ()


def _intro_roles(resolver: Resolver, piece: int) -> tuple[str, ...]:
    """The roles the last sentence of piece `piece` is about, else the roles it names."""
    last = resolver.piece_last.get(piece)
    if last is None:
        return ()
    return last.roles or tuple(dict.fromkeys(r for ref in last.referents for r in ref.roles))


_TRAILING_PARENS = re.compile(r"\(([^()]{1,80})\)\W*$")


def _annotated_roles(text: str, rules: Rules, context: tuple[str, ...]) -> tuple[str, ...]:
    """Whom a list item says it is for, in a closing parenthesis ("Procurement (Product Owner)",
    "Task allocation (Development Team)": no role), else `context`."""
    m = _TRAILING_PARENS.search(text)
    if m is None:
        return context
    roles, bare = roles_in_text(m.group(1), rules)
    words = set(re.findall(r"[a-z]+", m.group(1).lower()))
    people = rules.word_set("people_nouns") | {"everyone", "everybody", "all"}
    if roles:
        return tuple(roles)
    return () if bare or words & people else context


def _author_intro(text: str, rules: Rules) -> bool:
    """Whether a list's items are no role's skills: its intro ends with the author as its subject
    ("In this post, we:", "I will:") or is negated ("the activities we do not handle:")."""
    head, colon, _ = text.rstrip().rpartition(":")
    if not colon:
        return False
    words = re.findall(r"[a-z']+", re.split(r"[.!?]\s", head.lower())[-1])
    if any(w in rules.word_set("negating_words") or w.endswith("n't") for w in words):
        return True  # "these are the activities we do not handle:": what no one here does
    return any(w in FIRST_PERSON for w in words[-3:])


def _subjectless_roles(post: Post, i: int, resolver: Resolver, places: list[Place]) -> tuple[str, ...]:
    """Whom a clause without a subject in piece `i` is about: a list item's intro ("This means they
    are:"), a quote's intro ("X looks for this:"), the role a trait heading belongs to, whom
    the post addresses as "you", or (for a list item) the one role the title names."""
    piece = post.pieces[i]
    place = places[i]
    if piece.kind == "item":
        parent = piece.parent
        while 0 <= parent < len(post.pieces):
            roles = _intro_roles(resolver, parent)
            if roles:
                return roles
            if post.pieces[parent].kind != "item":
                break
            parent = post.pieces[parent].parent
        # "What is expected from staff engineers": a list about no one else is about the title's role
        sole = resolver.title_roles if len(resolver.title_roles) == 1 else ()
        return place.trait or place.topic or resolver.you_roles or sole
    if piece.kind == "cell":
        # a role's column ("| | Product engineer | Product manager |"), or a row that names a role
        for owner in (piece.parent, piece.row):
            roles = _intro_roles(resolver, owner) if 0 <= owner < i else ()
            if roles:
                return roles
        return ()
    if piece.kind == "quote":
        j = i - 1
        while j >= 0 and post.pieces[j].kind == "quote":
            j -= 1
        if j >= 0 and post.pieces[j].text.rstrip().endswith(":"):
            roles = _intro_roles(resolver, j)
            if roles:
                return roles
        return place.trait
    if piece.kind == "heading":
        return place.trait
    return resolver.you_roles
