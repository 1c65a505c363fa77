"""Fast reads of a parsed piece: its sentences with their text, and token attributes as strings.

`Span.text` joins the text of every token of the span on each call, `Span.ents` walks all of the
doc's entities, and `token.pos_` and the like make a Token object per access; extraction reads
these for every sentence and token, several times over, so they are taken once here.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

# Strings by hash. A hash names the same string in every vocabulary (a symbol's id, such as a
# POS tag's, names its text), so this only grows with the words met.
_STRINGS: dict[int, str] = {}


@dataclass(frozen=True)
class SentenceText:
    """A sentence of a doc: its span, its text (`span.text`) and its entities (`span.ents`)."""

    span: Span
    text: str
    ents: tuple[Span, ...]


def sentences(doc: Doc, text: str | None = None) -> list[SentenceText]:
    """The sentences of `doc`, in order; `text` is the text it was parsed from, when known."""
    if text is None or not _spans(doc, text):
        text = doc.text
    ents = list(doc.ents)
    out = []
    for sent in doc.sents:
        inside = tuple(e for e in ents if e.start >= sent.start and e.end <= sent.end)
        out.append(SentenceText(sent, text[sent.start_char : sent.end_char], inside))
    return out


def _spans(doc: Doc, text: str) -> bool:
    """Whether `doc`'s tokens cover `text` exactly end to end (a parse of it keeps every character)."""
    if not len(doc):
        return text == ""
    last = doc[-1]
    return last.idx + len(last.text_with_ws) == len(text)


def attr_strings(doc: Doc, *attrs: int) -> list[list[str]]:
    """For each token attribute in `attrs` (spacy.attrs: ORTH, LOWER, POS, DEP...), its string value
    for each token of `doc`."""
    known = _STRINGS
    out = []
    for keys in doc.to_array(list(attrs)).T.tolist():
        try:
            out.append([known[key] for key in keys])
        except KeyError:  # a string not met before
            strings = doc.vocab.strings
            for key in keys:
                if key not in known:
                    known[key] = strings[key]
            out.append([known[key] for key in keys])
    return out
