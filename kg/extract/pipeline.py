"""The spaCy pipeline: which model, which components, and parsing a post's pieces in batches."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from lemminflect import getAllLemmas

from kg.extract.models import MODEL_CANDIDATES, MODEL_ENV, ModelError, model_name  # noqa: F401
from kg.model import Piece, Post

if TYPE_CHECKING:  # spaCy is imported only when a model is loaded, so cache checks stay light
    from spacy.language import Language
    from spacy.tokens import Doc

# Components extraction reads: POS, lemmas, dependencies, entities (sentences come from the parser).
NEEDED = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")


def load_nlp(requested: str | None = None, taxonomy: Path | str | None = None) -> Language:
    """Load the model with only the components extraction needs, plus kg's rule component.

    `taxonomy` is a YAML file in the format of kg/data/*.yaml whose entries extend the defaults
    (a bad file raises kg.extract.vocab.VocabError naming its file and line).
    """
    import spacy

    from kg.extract.component import RULES_COMPONENT  # registers the component's factory

    name = model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(f"cannot load spaCy model {name!r}: {exc}") from exc
    nlp.select_pipes(disable=[p for p in nlp.pipe_names if p not in NEEDED])
    nlp.add_pipe(RULES_COMPONENT, last=True, config={"taxonomy": str(taxonomy) if taxonomy else None})
    return nlp


def parse_text(piece: Piece) -> str:
    """The text spaCy parses for a piece: a list item or heading that opens with a capitalised verb
    ("Gather materials", "## Bring calm") starts lower-cased, which the tagger reads as the verb it is
    (it takes "Gather" for a name). Same length, so offsets and quoted sentences do not change."""
    text = piece.text
    if piece.kind not in ("item", "heading", "cell"):
        return text
    stripped = text.lstrip()
    word = stripped.split(maxsplit=1)[0] if stripped else ""
    if len(word) < 2 or not word.isalpha() or not word[0].isupper() or not word[1:].islower():
        return text
    if word.lower() not in getAllLemmas(word.lower()).get("VERB", ()):
        return text
    rest = stripped[len(word) :].split(maxsplit=1)
    if rest and rest[0].lower().endswith("ing"):
        return text  # "Journey mapping", "Load testing": a noun compound, not an imperative
    if piece.kind == "heading" and rest and rest[0][:1].isupper():
        return text  # a title-cased heading ("Lead Engineers", "Build Your Team") is left as written
    at = len(text) - len(stripped)
    return text[:at] + word[0].lower() + text[at + 1 :]


def parse_posts(
    nlp: Language, posts: Iterable[Post], batch_size: int = 256
) -> Iterator[tuple[Post, list[Doc]]]:
    """Parse every piece of every post with one nlp.pipe stream; yield each post with its docs."""
    posts = list(posts)
    texts = ((parse_text(piece), i) for i, post in enumerate(posts) for piece in post.pieces)
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
