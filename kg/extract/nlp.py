"""Roles, skills, stages, companies and people from a post's parsed pieces.

`nlp_facts` walks the pieces in order: role mentions become role nodes, each vocabulary skill a
sentence mentions goes to the roles its clause is about (see refer.py), stage headings become
stage nodes, and companies and people come from links, cues and entities (see entities.py).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from kg.extract.entities import entity_facts
from kg.extract.outline import outline
from kg.extract.refer import INHERIT, NONE, Resolver
from kg.extract.roles import Mention, role_mentions, roles_in_text
from kg.extract.rules import SKILL_SPANS, TAXONOMY_KEY, Rules, apply_rules, get_rules
from kg.extract.skills import SkillStatement, heading_trait, sentence_skills
from kg.extract.stages import find_stages, stage_of_pieces
from kg.facts import Facts, evidence, node_id
from kg.model import Post

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
    title_roles, bare = roles_in_text(post.title, rules)
    as_a = _AS_A.search(post.title)
    you_roles = tuple(roles_in_text(as_a.group(1), rules)[0][:1]) if as_a else ()
    mentions = [role_mentions(doc, rules, frozenset(bare)) for doc in docs]
    heading_roles = {
        i: tuple(dict.fromkeys(r for m in mentions[i] for r in m.roles))
        for i, piece in enumerate(post.pieces)
        if piece.kind == "heading"
    }
    places = outline(post, heading_roles, tuple(title_roles), rules.word_set("trait_words"))
    stages = find_stages(post, rules)
    stage_at = stage_of_pieces(post, stages)
    for stage in stages.values():
        piece = post.pieces[stage.piece]
        facts.node(stage.id, "stage", stage.label, stage.aliases, order=stage.order, post=post.id)
        facts.edge(post.id, stage.id, "mentions", evidence(post.id, piece.line, piece.text))

    resolver = Resolver(rules, you_roles, tuple(title_roles))
    for i, (piece, doc) in enumerate(zip(post.pieces, docs, strict=True)):
        section = tuple(piece.section)
        place = places[i]
        context = _context(post, i, resolver, places)
        role_tokens = {t for m in mentions[i] if m.roles for t in range(m.start, m.end)}
        stage = stage_at[i]
        stages_here = [stage.id] if stage is not None else []
        for sent in doc.sents:
            line = piece.line_at(sent.start_char)
            ev = evidence(post.id, line, sent.text)
            resolver.read(i, section, sent, mentions[i], place.topic)
            for m in mentions[i]:
                if m.roles and sent.start <= m.head < sent.end:
                    _role(facts, post, m, ev)
            statements = sentence_skills(sent, resolver, context, i, section, role_tokens)
            if piece.kind == "heading" and not statements and place.trait and i not in stages:
                label = heading_trait(piece.text, sent, role_tokens)
                if label:
                    statements = [SkillStatement(label, label, place.trait)]
            active: list[str] = []
            for st in statements:
                sid = facts.node(node_id("skill", st.label), "skill", st.label)
                facts.edge(post.id, sid, "mentions", ev)
                for role in st.roles:
                    rid = facts.node(node_id("role", role), "role", role)
                    facts.edge(rid, sid, "has_skill", ev, stages=stages_here)
                    active.append(role)
            roles = resolver.sentence_roles()
            if not roles:
                main = resolver.clause(sent.root.i, sent.root.i + 1, sent)
                if main.kind == INHERIT:
                    roles = resolver.previous_roles(i, section)
                elif main.kind == NONE:
                    roles = main.as_roles or context
            resolver.finish(roles)
            if stage is not None:
                for role in dict.fromkeys(active + list(roles)):
                    rid = facts.node(node_id("role", role), "role", role)
                    facts.edge(rid, stage.id, "active_in", ev)
    entity_facts(post, docs, rules, facts, mentions, places)


def _role(facts: Facts, post: Post, mention: Mention, ev: dict) -> None:
    for role in mention.roles:
        surface = " ".join(mention.text.split())
        alias = surface if surface.isupper() or any(c.isupper() for c in surface[1:]) else surface.lower()
        rid = facts.node(node_id("role", role), "role", role, [alias])
        facts.edge(post.id, rid, "mentions", ev)


def _context(post: Post, i: int, resolver: Resolver, places: list) -> tuple[str, ...]:
    """Whom a subject-less clause in piece `i` is about: a list's intro, a quote's intro, a trait heading."""
    piece = post.pieces[i]
    place = places[i]
    if piece.kind == "item":
        parent = piece.parent
        while 0 <= parent < len(post.pieces):
            last = resolver.piece_last.get(parent)
            if last is not None:
                roles = last.roles or tuple(dict.fromkeys(r for ref in last.referents for r in ref.roles))
                if roles:
                    return roles
            if post.pieces[parent].kind != "item":
                break
            parent = post.pieces[parent].parent
        return place.trait or resolver.you_roles
    if piece.kind == "quote":
        j = i - 1
        while j >= 0 and post.pieces[j].kind == "quote":
            j -= 1
        last = resolver.piece_last.get(j)
        if last is not None and post.pieces[j].text.rstrip().endswith(":"):
            roles = last.roles or tuple(dict.fromkeys(r for ref in last.referents for r in ref.roles))
            if roles:
                return roles
        return place.trait
    if piece.kind == "heading":
        return place.trait
    return resolver.you_roles
