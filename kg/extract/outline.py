"""A post's outline: for each piece, the roles its title and headings are about.

The title counts as a heading above all others. A heading (or the title) naming exactly one role
makes that role the topic of its section; with a trait word ("characteristics", "skills", "what
we look for") its subheadings are traits of that role ("### Customer obsession").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Post


@dataclass
class Heading:
    """A heading (or the title, level 0) with the roles it names and whether it lists traits."""

    level: int
    roles: tuple[str, ...]
    traits: bool
    owners: tuple[str, ...] | None = None  # whose traits it lists, when not all of `roles`

    @property
    def trait_roles(self) -> tuple[str, ...]:
        return self.roles if self.owners is None else self.owners


@dataclass
class Place:
    """Where a piece sits: the role its section is about, and the role its traits belong to."""

    topic: tuple[str, ...]  # one role, or empty
    trait: tuple[str, ...]  # one role when the piece is under a trait heading of that role


def has_trait_word(text: str, words: frozenset[str]) -> bool:
    """Whether `text` holds one of the trait words (whole words, any case)."""
    low = text.lower()
    return any(w in low and re.search(rf"\b{re.escape(w)}\b", low) for w in words)


def seeking_cue(text: str, words: frozenset[str]) -> int | None:
    """Where the last seeking phrase of `text` ends ("what founders should look for" -> after "look
    for"), or None: roles named before it are the ones seeking, not the ones with the traits."""
    low = text.lower()
    ends = [m.end() for w in words if w in low for m in re.finditer(rf"\b{re.escape(w)}\b", low)]
    return max(ends) if ends else None


def outline(
    post: Post,
    heading_roles: dict[int, tuple[str, ...]],
    title_roles: tuple[str, ...],
    trait_words: frozenset[str],
    owners: dict[int, tuple[str, ...]] | None = None,
    title_owners: tuple[str, ...] | None = None,
) -> list[Place]:
    """The Place of every piece of `post`, given the roles each heading piece names (and, in
    `owners` / `title_owners`, whose traits a heading lists when that is not all of them)."""
    owners = owners or {}
    stack = [Heading(0, title_roles, has_trait_word(post.title, trait_words), title_owners)]
    places: list[Place] = []
    for i, piece in enumerate(post.pieces):
        if piece.kind == "heading":
            while len(stack) > 1 and stack[-1].level >= piece.level:
                stack.pop()
            places.append(Place(_topic(stack), _trait(stack)))
            stack.append(
                Heading(
                    piece.level,
                    heading_roles.get(i, ()),
                    has_trait_word(piece.text, trait_words),
                    owners.get(i),
                )
            )
        else:
            places.append(Place(_topic(stack), _trait(stack)))
    return places


def _topic(stack: list[Heading]) -> tuple[str, ...]:
    for heading in reversed(stack):
        if heading.roles:
            return heading.roles if len(heading.roles) == 1 else ()
    return ()


def _trait(stack: list[Heading]) -> tuple[str, ...]:
    """The role of the nearest heading naming roles, if it names one and a trait word is on the way."""
    traits = False
    for heading in reversed(stack):
        traits = traits or heading.traits
        if heading.roles:
            owners = heading.trait_roles
            return owners if len(owners) == 1 and traits else ()
    return ()
