"""A query index beside graph.json: its nodes and edges in SQLite, so a query reads only what it asks about.

graph.json stays the contract; the index is derived from it at build time (OUT/cache/graph-index.sqlite)
and used only while graph.json is the very file it was made from (same size and modification time).
Loading all of a large graph.json costs far more than the question: `kg compare` needs two roles, their
edges and the nodes those edges name, a few hundred rows out of tens of thousands.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.store import atomic_write

if TYPE_CHECKING:
    import networkx as nx

INDEX_VERSION = 1
CHUNK = 500  # ids per `IN (...)`, well under SQLite's limit on bound parameters

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE nodes (pos INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, type TEXT, degree INTEGER, data TEXT);
CREATE TABLE edges (pos INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, key TEXT, data TEXT);
CREATE INDEX nodes_type ON nodes (type);
CREATE INDEX edges_source ON edges (source);
CREATE INDEX edges_target ON edges (target);
"""


def index_path(graph_file: Path) -> Path:
    """Where the index of `graph_file` lives: in the cache folder beside it."""
    return Path(graph_file).parent / "cache" / "graph-index.sqlite"


def _signature(graph_file: Path) -> str:
    """What identifies one written graph.json: its size and modification time, as make and git use."""
    st = os.stat(graph_file)
    return f"{st.st_size}:{st.st_mtime_ns}"


def write_index(graph: nx.MultiDiGraph, graph_file: Path, schema_version: int) -> Path:
    """Index `graph`, which was just saved as `graph_file`; the index file is replaced all at once."""
    target = index_path(graph_file)
    atomic_write(target, index_image(graph, graph_file, schema_version))
    return target


def index_image(graph: nx.MultiDiGraph, written: Path, schema_version: int) -> bytes:
    """The index file's bytes for `graph`, saved as the file `written` (graph.json, or the temporary
    file that is renamed to it: a rename keeps the size and modification time it is known by)."""
    graph_file = written
    db = sqlite3.connect(":memory:")  # built in memory, then written like every other output
    try:
        db.executescript(SCHEMA)
        meta = {
            "index_version": str(INDEX_VERSION),
            "schema_version": str(schema_version),
            "graph_file": _signature(graph_file),
            "nodes": str(graph.number_of_nodes()),
            "edges": str(graph.number_of_edges()),
        }
        db.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        db.executemany(
            "INSERT INTO nodes VALUES (?, ?, ?, ?, ?)",
            (
                (pos, node, data.get("type"), graph.degree(node), _dump(data))
                for pos, (node, data) in enumerate(graph.nodes(data=True))
            ),
        )
        db.executemany(
            "INSERT INTO edges VALUES (?, ?, ?, ?, ?)",
            (
                (pos, u, v, key, _dump(data))
                for pos, (u, v, key, data) in enumerate(graph.edges(keys=True, data=True))
            ),
        )
        db.commit()
        image = db.serialize()
    finally:
        db.close()
    return bytes(image)


def _dump(data: dict[str, Any]) -> str:
    # sorted keys, as in graph.json, so answers from the index equal answers from graph.json
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class Subgraph:
    """Part of a graph, read from the index, with the read-only networkx API that kg.query uses.

    Nodes and edges keep graph.json's order and neighbours are kept as networkx keeps them
    (successors, then keys, in order of insertion), so kg.query gives the same answer on this as on
    the nx.MultiDiGraph read from graph.json, without importing networkx (a fifth of a query's time).
    """

    def __init__(self) -> None:
        self._node: dict[str, dict[str, Any]] = {}
        self._succ: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}
        self._pred: dict[str, dict[str, dict[str, dict[str, Any]]]] = {}

    def add_node(self, node: str, data: dict[str, Any]) -> None:
        self._node[node] = data
        self._succ.setdefault(node, {})
        self._pred.setdefault(node, {})

    def add_edge(self, u: str, v: str, key: str, data: dict[str, Any]) -> None:
        for node in (u, v):
            if node not in self._node:
                self.add_node(node, {})
        self._succ[u].setdefault(v, {})[key] = data
        self._pred[v].setdefault(u, {})[key] = data

    def __contains__(self, node: object) -> bool:
        return node in self._node

    @property
    def nodes(self) -> _Nodes:
        return _Nodes(self._node)

    def out_edges(self, node: str, keys: bool = False, data: bool = False) -> list[tuple]:
        return [
            _edge(node, v, key, d, keys, data) for v, kd in self._succ[node].items() for key, d in kd.items()
        ]

    def in_edges(self, node: str, keys: bool = False, data: bool = False) -> list[tuple]:
        return [
            _edge(u, node, key, d, keys, data) for u, kd in self._pred[node].items() for key, d in kd.items()
        ]

    def degree(self, node: str) -> int:
        return sum(map(len, self._succ[node].values())) + sum(map(len, self._pred[node].values()))


def _edge(u: str, v: str, key: str, data: dict[str, Any], keys: bool, with_data: bool) -> tuple:
    return (u, v) + ((key,) if keys else ()) + ((data,) if with_data else ())


class _Nodes(Mapping[str, dict[str, Any]]):
    """`graph.nodes`: node -> attributes, and `graph.nodes(data=True)` as in networkx."""

    def __init__(self, nodes: dict[str, dict[str, Any]]) -> None:
        self._nodes = nodes

    def __getitem__(self, node: str) -> dict[str, Any]:
        return self._nodes[node]

    def __iter__(self) -> Iterator[str]:
        return iter(self._nodes)

    def __len__(self) -> int:
        return len(self._nodes)

    def __call__(self, data: bool = False) -> Iterable:
        return list(self._nodes.items()) if data else list(self._nodes)


class GraphIndex:
    """An open, read-only index that matches its graph.json; answers with small subgraphs.

    Any SQLite error while answering (a damaged file with an intact header) means the answer comes
    from graph.json itself, read whole, from then on (logged on the `kg` logger).
    """

    def __init__(self, db: sqlite3.Connection, meta: dict[str, str], graph_file: Path | None = None) -> None:
        self._db = db
        self.nodes = int(meta["nodes"])
        self.edges = int(meta["edges"])
        self._graph_file = graph_file
        self._whole: Any = None  # graph.json's graph, once the index failed

    def _fallback(self, exc: sqlite3.Error) -> Any:
        if self._graph_file is None:
            raise exc
        import logging

        from kg.store import load

        logging.getLogger("kg").info(
            "%s: query index unusable (%s); reading graph.json", index_path(self._graph_file), exc
        )
        self._db.close()
        self._whole = load(self._graph_file)
        return self._whole

    def __getattribute__(self, name: str) -> Any:
        attr = object.__getattribute__(self, name)
        if name not in ("candidates", "attributes", "around"):
            return attr
        whole = object.__getattribute__(self, "_whole")
        if whole is not None:
            return _WHOLE[name].__get__(whole)

        def guarded(*args: Any, **kwargs: Any) -> Any:
            try:
                return attr(*args, **kwargs)
            except sqlite3.Error as exc:
                return _WHOLE[name].__get__(self._fallback(exc))(*args, **kwargs)

        return guarded

    def candidates(self, kind: str | None = None) -> tuple[Subgraph, dict[str, int]]:
        """The nodes of one type (all without `kind`), no edges, with each node's degree in the whole graph."""
        sql = "SELECT id, degree, data FROM nodes"
        rows = (
            self._db.execute(sql + " WHERE type = ? ORDER BY pos", (kind,))
            if kind
            else self._db.execute(sql + " ORDER BY pos")
        )
        graph = Subgraph()
        degree = {}
        for node, deg, data in rows:
            graph.add_node(node, json.loads(data))
            degree[node] = deg
        return graph, degree

    def attributes(self, node: str) -> dict[str, Any]:
        """One node's attributes (KeyError if the graph has no such node)."""
        row = self._db.execute("SELECT data FROM nodes WHERE id = ?", (node,)).fetchone()
        if row is None:
            raise KeyError(node)
        return json.loads(row[0])

    def around(self, ids: Iterable[str]) -> Subgraph:
        """`ids` with every edge in or out of them and the nodes those edges name, in graph.json's order.

        An edge names its two ends, the posts its evidence quotes and the stages it lists; with all
        of those present, a query about `ids` gives the same answer here as on the whole graph.
        """
        ids = list(dict.fromkeys(ids))
        edges: dict[int, tuple[str, str, str, dict[str, Any]]] = {}
        for column in ("source", "target"):
            for part in _chunks(ids):
                marks = ",".join("?" * len(part))
                sql = f"SELECT pos, source, target, key, data FROM edges WHERE {column} IN ({marks})"
                for pos, u, v, key, data in self._db.execute(sql, part):
                    if pos not in edges:
                        edges[pos] = (u, v, key, json.loads(data))
        named = dict.fromkeys(ids)
        for u, v, _key, data in edges.values():
            named.update(dict.fromkeys((u, v)))
            named.update(dict.fromkeys(ev["post"] for ev in data.get("evidence") or [] if ev.get("post")))
            named.update(dict.fromkeys(data.get("stages") or []))
        nodes = []
        for part in _chunks(list(named)):
            marks = ",".join("?" * len(part))
            nodes += self._db.execute(
                f"SELECT pos, id, data FROM nodes WHERE id IN ({marks})", part
            ).fetchall()
        graph = Subgraph()
        for _pos, node, data in sorted(nodes):
            graph.add_node(node, json.loads(data))
        for pos in sorted(edges):
            graph.add_edge(*edges[pos])
        return graph


def _whole_candidates(graph: Any, kind: str | None = None) -> tuple[Any, None]:
    return graph, None


def _whole_attributes(graph: Any, node: str) -> dict[str, Any]:
    return graph.nodes[node]


def _whole_around(graph: Any, ids: Iterable[str]) -> Any:
    return graph


# what a whole graph answers in place of the index (as kg.api's _Whole does)
_WHOLE = {"candidates": _whole_candidates, "attributes": _whole_attributes, "around": _whole_around}


def _chunks(items: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def open_index(graph_file: Path, schema_version: int) -> GraphIndex | None:
    """The index of `graph_file` if there is one made from this very file by this kg; None otherwise."""
    path = index_path(graph_file)
    try:
        signature = _signature(graph_file)
        if not path.is_file():
            return None
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    except (OSError, sqlite3.Error):
        return None
    try:
        meta = dict(db.execute("SELECT key, value FROM meta"))
    except sqlite3.Error:  # not an index, or a damaged one: the graph.json is still there
        db.close()
        return None
    wanted = {
        "index_version": str(INDEX_VERSION),
        "schema_version": str(schema_version),
        "graph_file": signature,
    }
    if any(meta.get(key) != value for key, value in wanted.items()):
        db.close()
        return None
    return GraphIndex(db, meta, Path(graph_file))
