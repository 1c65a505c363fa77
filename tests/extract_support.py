"""Helpers for the extraction tests: one model per test session, tiny posts run through it."""

from __future__ import annotations

import textwrap
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from kg.corpus import parse_post
from kg.extract import extract_post
from kg.extract.pipeline import load_nlp, parse_posts
from kg.facts import Facts, node_id

if TYPE_CHECKING:
    from spacy.language import Language


@cache
def nlp(taxonomy: Path | None = None) -> Language:
    """The real pipeline, loaded once per taxonomy for the whole session."""
    return load_nlp(taxonomy=taxonomy)


def extract(text: str, name: str = "x.md", taxonomy: Path | None = None) -> Facts:
    """The facts of a post written inline (dedented), parsed by the real pipeline."""
    post = parse_post(textwrap.dedent(text).lstrip("\n"), name)
    ((post, docs),) = list(parse_posts(nlp(taxonomy), [post]))
    return extract_post(post, docs)


def post(body: str, title: str = "Notes") -> str:
    """A post file with a title and `body`."""
    return f"---\ntitle: {title}\n---\n\n{textwrap.dedent(body).strip()}\n"


def edges(facts: Facts, type: str) -> set[tuple[str, str]]:
    """(source, target) of every edge of `type`."""
    return {(e["source"], e["target"]) for e in facts.edges if e["type"] == type}


def skills_of(facts: Facts, role: str) -> set[str]:
    """Labels of the skills `facts` give `role` (a role label)."""
    rid = node_id("role", role)
    return {facts.nodes[t]["label"] for s, t in edges(facts, "has_skill") if s == rid}


def nodes_of(facts: Facts, type: str) -> set[str]:
    """Labels of the nodes of `type`."""
    return {n["label"] for n in facts.nodes.values() if n["type"] == type}
