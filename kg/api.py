"""The library API: build or load a graph, then ask it questions (the CLI is a thin layer on this)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg import index, query, store
from kg.query import NoPath, NotFound

if TYPE_CHECKING:
    import networkx as nx

    from kg.ask import Answer
    from kg.index import GraphIndex
    from kg.model import Problem

__all__ = ["Comparison", "KnowledgeGraph", "NoPath", "NotFound", "build", "load"]


class Comparison(query.Comparison):
    """A comparison (kg.query's answer) that also shows itself as markdown, in docs and notebooks."""

    @classmethod
    def of(cls, answer: query.Comparison) -> Comparison:
        """The same comparison, with the presentation methods."""
        return cls(**{f.name: getattr(answer, f.name) for f in fields(answer)})

    def to_markdown(self, full: bool = False) -> str:
        """The comparison as markdown: key differences, then tables (`full`: every sentence whole)."""
        from kg.render.report import comparison_markdown

        return comparison_markdown(self, full)

    def _repr_markdown_(self) -> str:
        return self.to_markdown()


DEFAULT_GRAPH = Path("out/graph.json")


class _Whole:
    """A whole graph behind what kg.index's GraphIndex offers, so questions go one way for both."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph

    @property
    def nodes(self) -> int:
        return self.graph.number_of_nodes()

    @property
    def edges(self) -> int:
        return self.graph.number_of_edges()

    def candidates(self, kind: str | None = None) -> tuple[nx.MultiDiGraph, None]:
        return self.graph, None  # find_node picks the type itself and reads degrees from the graph

    def attributes(self, node: str) -> dict[str, Any]:
        return self.graph.nodes[node]

    def around(self, ids: Iterable[str]) -> nx.MultiDiGraph:
        return self.graph


class KnowledgeGraph:
    """A built graph with its questions: compare roles, list roles and skills, follow paths.

    Names may be ids, labels, plurals or aliases; a name that matches nothing raises NotFound.
    """

    def __init__(
        self,
        graph: nx.MultiDiGraph | None = None,
        path: Path | None = None,
        problems: list[Problem] | None = None,
        index: GraphIndex | None = None,
    ) -> None:
        if graph is None and (path is None or index is None):
            raise ValueError("KnowledgeGraph needs a graph, or the path of a graph.json with its index")
        self._graph = graph
        # what questions about a few nodes read: the index (not all of graph.json), or the whole graph
        self._source: GraphIndex | _Whole = index if graph is None else _Whole(graph)
        self.file = path  # the graph.json it was read from or written to, if any
        self.problems = list(problems or [])

    @property
    def graph(self) -> nx.MultiDiGraph:
        """The whole graph (read from graph.json on first use when the graph was opened through its index)."""
        if self._graph is None:
            self._graph = store.load(self.file)
            self._source = _Whole(self._graph)
        return self._graph

    def __repr__(self) -> str:
        where = f" from {self.file}" if self.file else ""
        return f"<KnowledgeGraph{where}: {self._source.nodes} nodes, {self._source.edges} edges>"

    def find(self, name: str, kind: str | None = None) -> str:
        """The id of the node called `name`, optionally of one type ('role', 'skill', ...)."""
        candidates, degree = self._source.candidates(kind)
        return query.find_node(candidates, name, kind, degree)

    def nodes(self, type: str | None = None) -> list[dict[str, Any]]:
        """Every node (of `type` if given) as {"id": ..., **attributes}, in graph.json's order."""
        graph, _ = self._source.candidates(type)
        return [{"id": n, **d} for n, d in graph.nodes(data=True) if type is None or d.get("type") == type]

    def label(self, name: str) -> str:
        """The label of the node called `name`."""
        node = self.find(name)
        data = self._source.attributes(node)
        return str(data.get("label", node))

    def compare(self, *roles: str, stage: str | None = None) -> Comparison:
        """Two or more roles side by side (only in `stage`, an order or label, if given); `.to_dict()`
        is the compare JSON."""
        ids = list(dict.fromkeys(self.find(name, "role") for name in roles))
        if len(ids) < 2:
            raise ValueError(f"compare needs two different roles, got {list(roles)}")
        return Comparison.of(query.compare(self._source.around(ids), ids, stage))

    def ask(self, question: str) -> Answer:
        """A question in plain words ("skills of product engineer vs PM"), answered by the query it maps to;
        `.to_dict()` is {"question", "query": {"command", "args"}, "answer"}. kg.ask.NotUnderstood if it
        maps to none, NotFound for an unknown name."""
        from kg.ask import answer

        return answer(self, question)

    def roles(self) -> list[dict[str, Any]]:
        """Every role with how many posts, skills and stages back it."""
        candidates, _ = self._source.candidates("role")
        return query.roles(
            self._source.around(n for n, d in candidates.nodes(data=True) if d.get("type") == "role")
        )

    def skills(self, role: str) -> list[dict[str, Any]]:
        """The skills the posts give `role` and its levels (`level_of` roles, rows marked with `level`),
        most-stated first, with evidence."""
        node = self.find(role, "role")
        around = self._source.around([node])
        levels = query.levels(around, node)
        if levels:
            around = self._source.around([node, *levels])
        return query.skills(around, node)

    def node(self, name: str) -> dict[str, Any]:
        """A node's attributes with its edges in and out (and their evidence)."""
        node = self.find(name)
        return query.node_info(self._source.around([node]), node)

    def neighbors(self, name: str, type: str | None = None) -> list[dict[str, Any]]:
        """The nodes next to `name` (only of `type` if given), strongest edge first."""
        node = self.find(name)
        return query.neighbors(self._source.around([node]), node, type)

    def path(self, a: str, b: str) -> dict[str, Any]:
        """How `a` and `b` are connected: the shortest chain of edges, each hop with evidence."""
        return query.path(self.graph, self.find(a), self.find(b))

    def links(self, post: str) -> dict[str, Any]:
        """A post's links out and in."""
        node = self.find(post, "post")
        return query.links(self._source.around([node]), node)

    def stats(self) -> dict[str, Any]:
        """Counts of nodes per type and edges per relation."""
        return query.stats(self.graph)

    def export(self, format: str, out: Path | str | None = None) -> str | list[Path]:
        """The graph in another format (graphml, gexf, json, csv, cypher); see kg.render.export."""
        from kg.render.export import export

        return export(self.graph, format, None if out is None else Path(out))

    def save(self, path: Path | str) -> None:
        """Write graph.json atomically, and its query index as `kg build` does."""
        path = Path(path)
        index.index_path(path).unlink(missing_ok=True)
        store.save(self.graph, path)
        index.write_index(self.graph, path, store.SCHEMA_VERSION)
        self.file = path


def load(path: Path | str = DEFAULT_GRAPH) -> KnowledgeGraph:
    """Open a graph.json written by `kg build` (StoreError if missing or unusable).

    When the build's index of this very file is there, questions read only the part of the graph
    they need; otherwise the whole file is read now.
    """
    path = Path(path)
    found = index.open_index(path, store.SCHEMA_VERSION)
    if found is not None:
        return KnowledgeGraph(None, path, index=found)
    return KnowledgeGraph(store.load(path), path)


def build(content: Path | str = "content", out: Path | str | None = None, **options: Any) -> KnowledgeGraph:
    """Build the graph of the posts under `content`; also write graph.json/graph.html to `out` if given.

    `options` go to kg.builder.build (model, max_file_mb, on_problem, progress, ...).
    """
    from kg.builder import build as run_build

    result = run_build(content, out, **options)
    path = Path(result.out) / "graph.json" if result.out is not None else None
    return KnowledgeGraph(result.graph, path, result.problems)
