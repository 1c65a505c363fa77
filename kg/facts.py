"""Facts: the nodes and edges one post contributes, as plain JSON-serialisable data.

Extraction is a pure function post -> Facts; merging many Facts into one graph is graph.py's job.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

Evidence = dict[str, Any]  # {"post": post id, "line": 1-based line, "text": sentence}


def slugify(text: str) -> str:
    """Lower-case ASCII slug: 'Jean-Michel Lemieux' -> 'jean-michel-lemieux'."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "x"


def node_id(kind: str, label: str) -> str:
    """The id of a node of `kind` named `label`: 'role:product-engineer'."""
    return f"{kind}:{slugify(label)}"


def evidence(post: str, line: int, text: str) -> Evidence:
    """One piece of evidence: where in which post a sentence says something."""
    return {"post": post, "line": int(line), "text": " ".join(text.split())}


class Facts:
    """Nodes and edges found in one post."""

    def __init__(self, post: str) -> None:
        self.post = post
        self.nodes: dict[str, dict[str, Any]] = {}
        self.edges: list[dict[str, Any]] = []

    def node(
        self, id: str, type: str, label: str, aliases: list[str] | tuple[str, ...] = (), **attrs: Any
    ) -> str:
        """Add (or enrich) a node; returns its id."""
        node = self.nodes.setdefault(id, {"id": id, "type": type, "label": label, "aliases": []})
        for alias in aliases:
            if alias and alias != node["label"] and alias not in node["aliases"]:
                node["aliases"].append(alias)
        for key, value in attrs.items():
            if value is not None and node.get(key) in (None, "", []):
                node[key] = value
        return id

    def edge(
        self,
        source: str,
        target: str,
        type: str,
        evidence: Evidence | None = None,
        **attrs: Any,
    ) -> None:
        """Add an edge with the evidence behind it."""
        self.edges.append(
            {
                "source": source,
                "target": target,
                "type": type,
                "evidence": [evidence] if evidence else [],
                **attrs,
            }
        )

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form, for the cache."""
        return {"post": self.post, "nodes": list(self.nodes.values()), "edges": self.edges}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Facts:
        """Inverse of to_dict."""
        facts = cls(data["post"])
        facts.nodes = {n["id"]: n for n in data["nodes"]}
        facts.edges = list(data["edges"])
        return facts
