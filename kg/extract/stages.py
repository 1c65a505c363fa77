"""Stages: ordered headings ("Stage 1: ...", "Step 3: ...", numbered steps of a how-to) as nodes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc

from kg.extract.rules import Rules
from kg.facts import node_id, slugify
from kg.model import Post

_NUMBERED = re.compile(r"^\s*(\d{1,2})\s*[.):]\s*(\S.*)$")
_WORDS = "|".join(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])
_NUMBER_WORDS = {w: i for i, w in enumerate(_WORDS.split("|"), 1)}


@dataclass
class Stage:
    """A stage heading of one post: its node id, human label, order and aliases."""

    id: str
    label: str
    order: int
    piece: int
    level: int
    aliases: list[str] = field(default_factory=list)


def _keyword_heading(text: str, words: frozenset[str]) -> tuple[str, int, str] | None:
    """'Stage 2: Building the product' -> ('Stage', 2, 'Building the product')."""
    if not words:
        return None
    alts = "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))
    m = re.match(
        rf"^\s*({alts})\s+(\d{{1,2}}|{_WORDS})\b\s*(?:[:.)\-–—]\s*)?(.*)$", text, flags=re.IGNORECASE
    )
    if not m:
        return None
    number = m.group(2).lower()
    order = int(number) if number.isdigit() else _NUMBER_WORDS[number]
    label = m.group(3).strip() or f"{m.group(1).capitalize()} {order}"
    return m.group(1).capitalize(), order, label


def find_stages(
    post: Post, rules: Rules, docs: list[Doc] | None = None, title_roles: tuple[str, ...] = ()
) -> dict[int, Stage]:
    """The stage headings of `post`, by piece index.

    A heading is a stage when it starts with a stage word and a number, or when it is one of at
    least two numbered sibling headings under a heading (or title) that names a process ("The
    hiring process"), or, in a post comparing roles (`title_roles`), when each of those numbered
    headings opens with an activity ("1. Planning the work", "2. Building it"). Numbered tips
    ("1. Embrace failure") and lists of traits are not stages.
    """
    stage_words = rules.word_set("stage_words")
    process = rules.word_set("process_words")
    slug = slugify(post.url.rstrip("/").rsplit("/", 1)[-1])
    found: dict[int, Stage] = {}
    numbered: dict[tuple[str, ...], list[tuple[int, int, str, int]]] = {}
    for i, piece in enumerate(post.pieces):
        if piece.kind != "heading":
            continue
        text = " ".join(piece.text.split())
        keyword = _keyword_heading(text, stage_words)
        if keyword is not None:
            word, order, label = keyword
            aliases = [f"{word} {order}", text] + ([f"Stage {order}"] if word != "Stage" else [])
            found[i] = _stage(post, slug, i, piece.level, order, label, aliases)
            continue
        m = _NUMBERED.match(text)
        if m:
            parent = tuple(piece.section[:-1])
            numbered.setdefault(parent, []).append((i, int(m.group(1)), m.group(2).strip(), piece.level))
    for parent, heads in numbered.items():
        context = " ".join([post.title, *parent]).lower()
        if len(heads) < 2:
            continue
        if not any(_has_word(context, w) for w in process) and not (
            len(title_roles) >= 2
            and docs is not None
            and all(_opens_with_activity(docs[i]) for i, *_ in heads)
        ):
            continue
        for i, order, label, level in heads:
            found[i] = _stage(post, slug, i, level, order, label, [f"Step {order}", post.pieces[i].text])
    return found


def _opens_with_activity(doc: Doc) -> bool:
    """Whether a numbered heading opens with a gerund: "2. Building the product"."""
    words = [t for t in doc if not (t.is_punct or t.like_num or t.is_space)]
    return bool(words) and words[0].tag_ == "VBG"


def _has_word(text: str, word: str) -> bool:
    return re.search(rf"\b{re.escape(word)}\b", text) is not None


def _stage(
    post: Post, slug: str, piece: int, level: int, order: int, label: str, aliases: list[str]
) -> Stage:
    label = label.rstrip(" .:")
    sid = node_id("stage", f"{slug}-{order}-{label}")
    return Stage(sid, label, order, piece, level, [a for a in dict.fromkeys(aliases) if a != label])


def stage_of_pieces(post: Post, stages: dict[int, Stage]) -> list[Stage | None]:
    """For each piece, the stage whose section holds it (the stage heading itself included)."""
    current: Stage | None = None
    out: list[Stage | None] = []
    for i, piece in enumerate(post.pieces):
        if piece.kind == "heading":
            if i in stages:
                current = stages[i]
            elif current is not None and piece.level <= current.level:
                current = None
        out.append(current)
    return out
