"""Roles, skills, stages, companies and people from a post's parsed pieces (to be filled in)."""

from __future__ import annotations

from spacy.tokens import Doc

from kg.facts import Facts
from kg.model import Post


def nlp_facts(post: Post, docs: list[Doc], facts: Facts) -> None:
    """Add what the sentences of `post` say about roles, skills, stages, companies and people."""
    return None
