"""Pure functions on the graph: find nodes, describe them, and answer questions. No spaCy here."""

from __future__ import annotations

import difflib
import re
from collections import Counter
from typing import Any

import networkx as nx


class NotFound(LookupError):
    """A name that matches no node; carries the closest known names."""

    def __init__(self, name: str, kind: str | None, suggestions: list[str]) -> None:
        what = kind or "node"
        hint = f"; did you mean: {', '.join(suggestions)}?" if suggestions else ""
        super().__init__(f"no {what} named {name!r}{hint}")
        self.name = name
        self.suggestions = suggestions


def _squash(text: str) -> str:
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def _keys(node_id: str, data: dict[str, Any]) -> set[str]:
    url = str(data.get("url") or "")
    names = [
        node_id,
        node_id.split(":", 1)[-1],
        data.get("label", ""),
        url,
        url.rstrip("/").rsplit("/", 1)[-1],
    ]
    names += list(data.get("aliases") or [])
    keys = set()
    for name in names:
        key = _squash(name)
        if key:
            keys.add(key)
            if key.endswith("s"):
                keys.add(key[:-1])
    return keys


def find_node(graph: nx.MultiDiGraph, name: str, kind: str | None = None) -> str:
    """The id of the node called `name` (id, label, alias, plural, URL), optionally of one type."""
    if name in graph and (kind is None or graph.nodes[name].get("type") == kind):
        return name
    if kind and f"{kind}:{name}" in graph:
        return f"{kind}:{name}"
    wanted = {_squash(name)}
    if next(iter(wanted)).endswith("s"):
        wanted.add(next(iter(wanted))[:-1])
    candidates = [(n, d) for n, d in graph.nodes(data=True) if kind is None or d.get("type") == kind]
    hits = [n for n, d in candidates if _keys(n, d) & wanted]
    if hits:
        # prefer corpus posts and the best-connected node when several share a name
        return max(hits, key=lambda n: (graph.nodes[n].get("in_corpus", False), graph.degree(n), n))
    labels = {str(d.get("label", n)): n for n, d in candidates}
    close = difflib.get_close_matches(name, list(labels), n=5, cutoff=0.5)
    raise NotFound(name, kind, close)


def stats(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes per type and edges per relation."""
    nodes = Counter(d.get("type", "?") for _, d in graph.nodes(data=True))
    edges = Counter(k for _, _, k in graph.edges(keys=True))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "node_types": dict(sorted(nodes.items())),
        "relations": dict(sorted(edges.items())),
        "graph": dict(graph.graph),
    }


def _edge_view(graph: nx.MultiDiGraph, source: str, target: str, key: str, data: dict) -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "type": key,
        "source_label": graph.nodes[source].get("label", source),
        "target_label": graph.nodes[target].get("label", target),
        "weight": data.get("weight", 1),
        "evidence": data.get("evidence", []),
        **({"stages": data["stages"]} if data.get("stages") else {}),
    }


def node_info(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node with its attributes and every edge in and out, with evidence."""
    data = dict(graph.nodes[node])
    out = [_edge_view(graph, node, v, k, d) for _, v, k, d in graph.out_edges(node, keys=True, data=True)]
    inc = [_edge_view(graph, u, node, k, d) for u, _, k, d in graph.in_edges(node, keys=True, data=True)]
    return {"id": node, **data, "out": out, "in": inc}


def links(graph: nx.MultiDiGraph, post: str) -> dict[str, Any]:
    """A post's outgoing and incoming `links_to` edges."""
    info = node_info(graph, post)
    return {
        "id": post,
        "label": info.get("label"),
        "out": [e for e in info["out"] if e["type"] == "links_to"],
        "in": [e for e in info["in"] if e["type"] == "links_to"],
    }
