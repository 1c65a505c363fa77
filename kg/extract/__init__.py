"""Post -> Facts. The only package that imports spaCy (through pipeline.py)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.extract.structure import structure_facts
from kg.facts import Facts
from kg.model import Post

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTRACTOR_VERSION = "1"  # bump when extraction output changes, so cached facts are redone


def extract_post(post: Post, docs: list[Doc]) -> Facts:
    """A post and its parsed pieces -> every fact it holds. Pure: same input, same facts."""
    facts = structure_facts(post)
    from kg.extract.nlp import nlp_facts

    nlp_facts(post, docs, facts)
    return facts


def extract_posts(
    posts: Iterable[Post], nlp: Language | None = None, model: str | None = None
) -> Iterator[Facts]:
    """Facts for each post, parsing all of them in one batched nlp.pipe stream."""
    from kg.extract.pipeline import load_nlp, parse_posts

    nlp = nlp or load_nlp(model)
    for post, docs in parse_posts(nlp, posts):
        yield extract_post(post, docs)
