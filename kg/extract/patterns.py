"""Word patterns from the vocabularies ("talk ... to|with user|customer"), matched on lemma or text.

spaCy's Matcher compares one attribute per token; vocabularies need "lemma or lower-cased text"
(spaCy lemmatises "data" to "datum" and a gerund noun "shipping" to itself), so patterns compile
to a small index of token-key sequences instead.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.attrs import IS_PUNCT, LEMMA, LOWER, ORTH, POS
from spacy.tokens import Doc

from kg.extract.docs import attr_strings
from kg.extract.vocab import GAP, pattern_problem

MAX_GAP = 3  # words a "..." may skip
_POS = {"ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN", "VERB"}
_POS_SUFFIX = re.compile(r"(.+)/([A-Z]+)")


@dataclass(frozen=True)
class Slot:
    """One token position: the keys it accepts and, optionally, a part of speech."""

    keys: frozenset[str]
    pos: str | None = None


Pattern = tuple[Slot | None, ...]  # None is a gap of up to MAX_GAP words


@dataclass(frozen=True)
class Match:
    """A pattern found in a doc: tokens [start, end) say `label`."""

    start: int
    end: int
    label: str


Tokenizer = Callable[[str], Doc]


@lru_cache(maxsize=1)
def blank_tokenizer() -> Tokenizer:
    """The English tokenizer without a model (the models use the same rules)."""
    import spacy

    return spacy.blank("en").tokenizer


def tokenize(text: str, tokenizer: Tokenizer | None = None) -> tuple[str, ...]:
    """Split a vocabulary word the way the English tokenizer splits text ("a/b" -> a, /, b)."""
    if text.isalnum():
        return (text,)
    return tuple(t.text for t in (tokenizer or blank_tokenizer())(text))


def compile_pattern(
    text: str, case_sensitive: bool = False, tokenizer: Tokenizer | None = None
) -> list[Pattern]:
    """One pattern string -> the token-key sequences it stands for (ValueError when it is too big)."""
    problem = pattern_problem(text)
    if problem:
        raise ValueError(problem)
    slots: list[list[tuple[tuple[str, ...], str | None]] | None] = []
    for word in text.split():
        if word == GAP:
            slots.append(None)
            continue
        alts = []
        for alt in word.split("|"):
            pos = None
            m = _POS_SUFFIX.fullmatch(alt)
            if m and m.group(2) in _POS:
                alt, pos = m.group(1), m.group(2)
            toks = tuple(t if case_sensitive else t.lower() for t in tokenize(alt, tokenizer))
            if toks:
                alts.append((toks, pos))
        slots.append(alts)
    if not slots or slots[0] is None or slots[-1] is None:
        raise ValueError(f"pattern {text!r} must start and end with a word")
    choices = []
    for slot in slots:
        if slot is None:
            choices.append([(None,)])
            continue
        by_shape: dict[tuple[int, str | None], set[tuple[str, ...]]] = defaultdict(set)
        for toks, pos in slot:
            by_shape[(len(toks), pos)].add(toks)
        choices.append(
            [
                tuple(Slot(frozenset(t[i] for t in group), pos if i == n - 1 else None) for i in range(n))
                for (n, pos), group in sorted(by_shape.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))
            ]
        )
    return [tuple(itertools.chain.from_iterable(parts)) for parts in itertools.product(*choices)]


@dataclass(frozen=True)
class TokenKeys:
    """What patterns read of a doc's tokens, taken in one pass and shared by every pattern set."""

    folded: list[tuple[str, ...]]  # lower-cased text and lemma of each token
    exact: list[tuple[str, ...]]  # the text of each token
    pos: list[str]
    punct: list[bool]
    ends: list[int]  # for each token, the index just past its sentence


def token_keys(doc: Doc) -> TokenKeys:
    """The TokenKeys of `doc`, read from arrays (no Token object per token and attribute)."""
    texts, lowers, lemmas, pos = attr_strings(doc, ORTH, LOWER, LEMMA, POS)
    folded = [
        (lower, lemma.lower()) if lemma and lemma.lower() != lower else (lower,)
        for lower, lemma in zip(lowers, lemmas, strict=True)
    ]
    punct = [flag == 1 for flag in doc.to_array(IS_PUNCT).tolist()]
    return TokenKeys(folded, [(text,) for text in texts], pos, punct, _sentence_ends(doc))


class PatternSet:
    """Many labelled patterns, indexed by their first word, matched over a Doc in one pass."""

    def __init__(
        self,
        entries: Iterable[tuple[str, str]],
        case_sensitive: bool = False,
        tokenizer: Tokenizer | None = None,
    ) -> None:
        self.case_sensitive = case_sensitive
        entries = list(entries)
        self.labels = frozenset(label for label, _ in entries)  # every label a pattern gives
        index: dict[str, list[tuple[Pattern, str]]] = defaultdict(list)
        for label, text in entries:
            for pattern in compile_pattern(text, case_sensitive, tokenizer):
                first = pattern[0]
                assert first is not None
                for key in first.keys:
                    index[key].append((pattern, label))
        self._index = dict(index)  # a plain dict: .get of an unknown key adds nothing

    def __call__(self, doc: Doc, tokens: TokenKeys | None = None) -> list[Match]:
        """Every match in `doc`, never across a sentence boundary, in token order.

        `tokens` is token_keys(doc) when the caller already has it (several sets over one doc).
        """
        tokens = tokens if tokens is not None else token_keys(doc)
        keys = tokens.exact if self.case_sensitive else tokens.folded
        index = self._index
        found: set[Match] = set()
        for i, token_keys_ in enumerate(keys):
            candidates = index.get(token_keys_[0])
            if len(token_keys_) > 1:  # text and lemma: a pattern indexed under both is tried once
                more = index.get(token_keys_[1])
                if more and candidates:
                    tried = {id(pattern) for pattern, _ in candidates}
                    candidates = candidates + [c for c in more if id(c[0]) not in tried]
                else:
                    candidates = candidates or more
            if candidates:
                for pattern, label in candidates:
                    end = self._match(tokens, keys, tokens.ends[i], i, pattern, 0)
                    if end is not None:
                        found.add(Match(i, end, label))
        return sorted(found, key=lambda m: (m.start, m.end, m.label))

    def _match(
        self, tokens: TokenKeys, keys: list[tuple[str, ...]], limit: int, i: int, pattern: Pattern, k: int
    ) -> int | None:
        if k == len(pattern):
            return i
        slot = pattern[k]
        if slot is None:
            for skip in range(MAX_GAP + 1):
                j = i + skip
                if j >= limit or (skip and tokens.punct[j - 1]):
                    return None
                end = self._match(tokens, keys, limit, j, pattern, k + 1)
                if end is not None:
                    return end
            return None
        if i >= limit or slot.keys.isdisjoint(keys[i]):
            return None
        if slot.pos is not None and tokens.pos[i] != slot.pos:
            return None
        return self._match(tokens, keys, limit, i + 1, pattern, k + 1)


def _sentence_ends(doc: Doc) -> list[int]:
    """For each token, the index just past its sentence."""
    if not doc.has_annotation("SENT_START"):
        return [len(doc)] * len(doc)
    ends: list[int] = []
    for sent in doc.sents:
        ends.extend([sent.end] * (sent.end - sent.start))
    return ends
