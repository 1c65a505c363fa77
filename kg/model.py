"""Plain data passed between the stages: posts from the corpus reader, facts from extraction."""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Problem:
    """Something wrong with an input file, reported as `path:line: message`."""

    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class Link:
    """A body link: its text, raw target, the normalised URL it points to, and its source line."""

    text: str
    target: str
    url: str
    line: int
    piece: int = -1  # index of the Piece whose text holds the link text, -1 if none


@dataclass
class Piece:
    """A piece of prose (paragraph, list item, quote, heading) with its source lines.

    `breaks` holds (offset, line) pairs: the text from `offset` on comes from file line `line`.
    """

    text: str
    kind: str  # "paragraph" | "item" | "quote" | "heading" | "cell" (of a table)
    section: list[str]  # heading path above this piece, outermost first
    breaks: list[tuple[int, int]]
    level: int = 0  # heading level for headings, list depth for items, 0 for a table's header cells
    parent: int = -1  # list items: the piece that introduces the list; body cells: their column's header
    row: int = -1  # body cells: the first cell of their row (-1 for that cell itself)

    @property
    def line(self) -> int:
        """The 1-based file line where the piece starts."""
        return self.breaks[0][1]

    def line_at(self, offset: int) -> int:
        """The 1-based file line of the character at `offset` in `text`."""
        starts = [o for o, _ in self.breaks]
        return self.breaks[max(bisect.bisect_right(starts, offset) - 1, 0)][1]


@dataclass
class Post:
    """One file of the corpus, read and parsed, ready for extraction."""

    id: str  # "post:" + url
    url: str
    file: str  # path relative to the corpus folder, with forward slashes
    title: str
    date: str | None
    authors: list[str]
    tags: list[str]
    category: str | None
    pieces: list[Piece] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    title_line: int = 1
    meta_lines: dict[str, int] = field(default_factory=dict)
    digest: str = ""  # sha256 of the file's bytes

    def to_dict(self) -> dict[str, Any]:
        """The post as JSON-serialisable data."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Post:
        """Rebuild a Post from `to_dict` output."""
        data = dict(data)
        data["pieces"] = [
            Piece(**{**p, "breaks": [tuple(b) for b in p["breaks"]]}) for p in data.get("pieces", [])
        ]
        data["links"] = [Link(**link) for link in data.get("links", [])]
        return cls(**data)
