"""Post -> Facts. The only package that imports spaCy (through pipeline.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.structure import structure_facts
from kg.facts import Facts
from kg.model import Post

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTRACTOR_VERSION = "19"


def extract_post(post: Post, docs: list[Doc]) -> Facts:
    """A post and its parsed pieces -> every fact it holds. Pure: same input, same facts."""
    facts = structure_facts(post)
    from kg.extract.nlp import nlp_facts

    nlp_facts(post, docs, facts)
    return facts


class Extractor:
    """Posts -> facts with one model, loaded on first use (once per build process or worker)."""

    def __init__(self, model: str | None = None, taxonomy: Path | None = None) -> None:
        self.model = model
        self.taxonomy = taxonomy  # the user's vocabulary file, extending kg/data/
        self._nlp: Language | None = None

    @property
    def nlp(self) -> Language:
        """The loaded pipeline, with only the components extraction reads."""
        if self._nlp is None:
            from kg.extract.pipeline import load_nlp

            self._nlp = load_nlp(self.model, self.taxonomy)
        return self._nlp

    def run(self, posts: list[Post]) -> Iterator[tuple[Post, Facts | str]]:
        """Each post with its facts, or with the reason extraction failed for it."""
        if not posts:
            return
        from kg.extract.pipeline import parse_posts

        for post, docs in parse_posts(self.nlp, posts):
            try:
                yield post, extract_post(post, docs)
            except Exception as exc:  # one post's failure must not stop the build
                yield post, f"extraction failed: {type(exc).__name__}: {exc}"
