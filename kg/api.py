"""The library API: build or load a graph, then ask it questions (the CLI is a thin layer on this)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg import query, store
from kg.query import Comparison, NoPath, NotFound

if TYPE_CHECKING:
    from kg.model import Problem

__all__ = ["Comparison", "KnowledgeGraph", "NoPath", "NotFound", "build", "load"]

DEFAULT_GRAPH = Path("out/graph.json")


class KnowledgeGraph:
    """A built graph with its questions: compare roles, list roles and skills, follow paths.

    Names may be ids, labels, plurals or aliases; a name that matches nothing raises NotFound.
    """

    def __init__(
        self, graph: nx.MultiDiGraph, path: Path | None = None, problems: list[Problem] | None = None
    ) -> None:
        self.graph = graph
        self.file = path  # the graph.json it was read from or written to, if any
        self.problems = list(problems or [])

    def __repr__(self) -> str:
        where = f" from {self.file}" if self.file else ""
        return f"<KnowledgeGraph{where}: {self.graph.number_of_nodes()} nodes, {self.graph.number_of_edges()} edges>"

    def find(self, name: str, kind: str | None = None) -> str:
        """The id of the node called `name`, optionally of one type ('role', 'skill', ...)."""
        return query.find_node(self.graph, name, kind)

    def compare(self, *roles: str) -> Comparison:
        """Two or more roles side by side; `.to_dict()` is the compare JSON."""
        ids = list(dict.fromkeys(self.find(name, "role") for name in roles))
        if len(ids) < 2:
            raise ValueError(f"compare needs two different roles, got {list(roles)}")
        return query.compare(self.graph, ids)

    def roles(self) -> list[dict[str, Any]]:
        """Every role with how many posts, skills and stages back it."""
        return query.roles(self.graph)

    def skills(self, role: str) -> list[dict[str, Any]]:
        """The skills the posts give `role`, most-stated first, with evidence."""
        return query.skills(self.graph, self.find(role, "role"))

    def node(self, name: str) -> dict[str, Any]:
        """A node's attributes with its edges in and out (and their evidence)."""
        return query.node_info(self.graph, self.find(name))

    def neighbors(self, name: str, type: str | None = None) -> list[dict[str, Any]]:
        """The nodes next to `name` (only of `type` if given), strongest edge first."""
        return query.neighbors(self.graph, self.find(name), type)

    def path(self, a: str, b: str) -> dict[str, Any]:
        """How `a` and `b` are connected: the shortest chain of edges, each hop with evidence."""
        return query.path(self.graph, self.find(a), self.find(b))

    def links(self, post: str) -> dict[str, Any]:
        """A post's links out and in."""
        return query.links(self.graph, self.find(post, "post"))

    def stats(self) -> dict[str, Any]:
        """Counts of nodes per type and edges per relation."""
        return query.stats(self.graph)

    def export(self, format: str, out: Path | str | None = None) -> str | list[Path]:
        """The graph in another format (graphml, gexf, json, csv, cypher); see kg.render.export."""
        from kg.render.export import export

        return export(self.graph, format, None if out is None else Path(out))

    def save(self, path: Path | str) -> None:
        """Write graph.json atomically."""
        store.save(self.graph, Path(path))
        self.file = Path(path)


def load(path: Path | str = DEFAULT_GRAPH) -> KnowledgeGraph:
    """Read a graph.json written by `kg build` (StoreError if missing or unusable)."""
    return KnowledgeGraph(store.load(Path(path)), Path(path))


def build(content: Path | str = "content", out: Path | str | None = None, **options: Any) -> KnowledgeGraph:
    """Build the graph of the posts under `content`; also write graph.json/graph.html to `out` if given.

    `options` go to kg.build.build (model, max_file_mb, on_problem, progress, ...).
    """
    from kg.build import build as run_build

    result = run_build(content, out, **options)
    path = Path(result.out) / "graph.json" if result.out is not None else None
    return KnowledgeGraph(result.graph, path, result.problems)
