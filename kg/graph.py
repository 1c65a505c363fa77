"""Facts -> networkx.MultiDiGraph: merge nodes by id, resolve links, sum edges with their evidence.

Merger takes each post's facts as they arrive, in any order, with the post's rank (its place in file
order), and keeps only the merged state, not the facts: the graph is the one merging them in rank order
gives. Where the first post to say something decides (a node's label and attributes, an edge's
emphasis), the state keeps the rank it came from, so a lower rank arriving later still wins.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.facts import Facts
from kg.links import Resolver

_EMPTY = (None, "", [])  # an attribute with one of these values takes a later post's value
_NOT_COPIED = ("evidence", "emphasis_evidence")  # an edge's parts merged on their own (and its stages)

Position = tuple[Any, ...]  # where a node or edge stands in the merge order; lower comes first


_READER = re.compile(r"\b(?:you|your|yours|yourself)\b", re.I)


def _directness(ev: dict[str, Any]) -> int:
    """How directly a sentence states a fact: a statement (0) before one that addresses the reader
    ("it forces you to learn ...") or a fragment or heading without end punctuation (1), before a
    question (2)."""
    text = ev["text"].rstrip()
    if text.endswith("?"):
        return 2
    if not text.endswith((".", "!", ":", ";", '"', "\u201d", ")")):
        return 1
    return 1 if _READER.search(text) else 0


def evidence_order(ev: dict[str, Any]) -> tuple[int, str, int, str]:
    """Sort key of an edge's evidence: most direct statement first, then post and line."""
    return (_directness(ev), ev["post"], ev["line"], ev["text"])


def _freeze(ev: dict[str, Any]) -> tuple[Any, ...]:
    """A piece of evidence as a small hashable value (post, line, text), from which it is made again."""
    if len(ev) == 3 and isinstance(ev.get("text"), str) and "post" in ev and "line" in ev:
        return (ev["post"], ev["line"], ev["text"])
    return ("", json.dumps(ev, sort_keys=True, ensure_ascii=False, default=str))


def _thaw(frozen: tuple[Any, ...]) -> dict[str, Any]:
    if len(frozen) == 3:
        return {"post": frozen[0], "line": frozen[1], "text": frozen[2]}
    return json.loads(frozen[1])


def _sorted_evidence(frozen: Iterable[tuple[Any, ...]]) -> list[dict[str, Any]]:
    return [ev for _, _, ev in sorted((evidence_order(ev), f, ev) for f in frozen for ev in [_thaw(f)])]


class _Node:
    """One node id's merge: the first node (lowest position) and what later ones add to it."""

    __slots__ = ("pos", "first", "aliases", "values", "corpus")

    def __init__(self, pos: Position, node: dict[str, Any]) -> None:
        self.pos = pos
        self.first = node
        self.aliases: dict[str, Position] = {}  # alias -> position of its first mention after the first node
        # key -> class -> [(position, value) of the first value not in _EMPTY, of the last one in it]
        self.values: dict[str, dict[bool, list[Any]]] = {}
        self.corpus: dict[bool, bool] = {}  # class -> whether a node of that class has in_corpus true

    def add(self, pos: Position, node: dict[str, Any]) -> None:
        if pos < self.pos:  # the new node comes first: the old first one becomes a later one
            (pos, node), (self.pos, self.first) = (self.pos, self.first), (pos, node)
        group = pos[0]
        for i, alias in enumerate([node.get("label"), *node.get("aliases", [])]):
            if alias and (alias not in self.aliases or (pos, i) < self.aliases[alias]):
                self.aliases[alias] = (pos, i)
        for key, value in node.items():
            if key in ("id", "label", "aliases"):
                continue
            if key == "in_corpus":
                self.corpus[group] = self.corpus.get(group, False) or bool(value)
            elif value is not None:
                slot = self.values.setdefault(key, {}).setdefault(group, [None, None])
                if value in _EMPTY:
                    if slot[1] is None or pos > slot[1][0]:
                        slot[1] = (pos, value)
                elif slot[0] is None or pos < slot[0][0]:
                    slot[0] = (pos, value)

    def merged(self) -> dict[str, Any]:
        """The node as merging every node of this id in position order gives it."""
        first = self.first
        node = {**first, "aliases": list(first.get("aliases", []))}
        # a post's own node names it, not the text of a link to it: links (group True) add nothing
        groups = (False,) if first["type"] == "post" and first.get("in_corpus") else (False, True)
        have = set(node["aliases"])
        later = sorted(
            (pos, alias)
            for alias, pos in self.aliases.items()
            if pos[0][0] in groups and alias != first["label"] and alias not in have
        )
        node["aliases"].extend(alias for _, alias in later)
        flags = [self.corpus[g] for g in groups if g in self.corpus]
        if flags:
            node["in_corpus"] = bool(first.get("in_corpus")) or any(flags)
        for key, by_group in self.values.items():
            if key in first and first[key] not in _EMPTY:
                continue
            slots = [by_group[g] for g in groups if g in by_group]
            full = [s[0] for s in slots if s[0] is not None]
            empty = [s[1] for s in slots if s[1] is not None]
            if full:
                node[key] = min(full, key=lambda pv: pv[0])[1]
            elif empty:
                node[key] = max(empty, key=lambda pv: pv[0])[1]
        return node


class _Edge:
    """One (source, target, type)'s merge: the first edge's attributes, evidence, emphasis, stages."""

    __slots__ = ("pos", "first", "evidence", "emphasis", "emphasis_evidence", "stages")

    def __init__(self, pos: Position, edge: dict[str, Any]) -> None:
        self.pos = pos
        self.first = {k: v for k, v in edge.items() if k not in _NOT_COPIED}
        self.evidence: set[tuple[Any, ...]] = set()
        self.emphasis: tuple[Position, Any] | None = None  # the first emphasis said, where
        self.emphasis_evidence: dict[Any, set[tuple[Any, ...]]] = {}  # per emphasis said
        self.stages: set[str] = set()  # of every edge; the graph has them if the first edge has stages

    def add(self, pos: Position, edge: dict[str, Any], intern: dict[str, str]) -> None:
        if pos < self.pos:
            self.pos = pos
            self.first = {k: v for k, v in edge.items() if k not in _NOT_COPIED}
        self.evidence.update(_shared(_freeze(ev), intern) for ev in edge.get("evidence", []))
        emphasis = edge.get("emphasis")
        if emphasis and (self.emphasis is None or pos < self.emphasis[0]):
            self.emphasis = (pos, emphasis)
        if edge.get("emphasis_evidence"):
            said = self.emphasis_evidence.setdefault(emphasis, set())
            said.update(_shared(_freeze(ev), intern) for ev in edge["emphasis_evidence"])
        self.stages.update(edge.get("stages", ()))


def _shared(frozen: tuple[Any, ...], intern: dict[str, str]) -> tuple[Any, ...]:
    """The same evidence with its sentence text shared with every other edge that quotes it."""
    if len(frozen) == 3:
        return (intern.setdefault(frozen[0], frozen[0]), frozen[1], intern.setdefault(frozen[2], frozen[2]))
    return frozen


def _combine(parts: list[_Edge]) -> dict[str, Any]:
    """The attributes of one edge of the graph from the edges that end up between the same nodes."""
    parts.sort(key=lambda part: part.pos)
    attrs = {k: v for k, v in parts[0].first.items() if k not in ("source", "target")}
    said = [part.emphasis for part in parts if part.emphasis is not None]
    if said:
        attrs["emphasis"] = min(said, key=lambda pe: pe[0])[1]
    evidence: set[tuple[Any, ...]] = set().union(*(part.evidence for part in parts))
    attrs["evidence"] = _sorted_evidence(evidence)
    attrs["weight"] = max(len(attrs["evidence"]), 1)
    emphasis = attrs.get("emphasis")
    emphatic = set().union(*(part.emphasis_evidence.get(emphasis, ()) for part in parts))
    if emphatic:
        attrs["emphasis_evidence"] = _sorted_evidence(emphatic)
    if "stages" in attrs:
        attrs["stages"] = sorted(set().union(*(part.stages for part in parts)))
    return attrs


class Merger:
    """Posts' facts merged into one graph as they arrive, in any order, with the same result."""

    def __init__(self) -> None:
        self._nodes: dict[str, _Node] = {}
        self._edges: dict[tuple[str, str, str], _Edge] = {}
        self._ranks: set[int] = set()
        self._intern: dict[str, str] = {}

    def __len__(self) -> int:
        """How many posts' facts were added."""
        return len(self._ranks)

    def add(self, rank: int, facts: Facts) -> None:
        """Merge one post's facts; `rank` is its place in file order (one rank per post)."""
        if rank in self._ranks:
            raise ValueError(f"facts of rank {rank} were merged already")
        self._ranks.add(rank)
        for node in facts.nodes.values():
            pos = (not node.get("in_corpus"), rank)  # a post's own node before the links to it
            merged = self._nodes.get(node["id"])
            if merged is None:
                self._nodes[node["id"]] = _Node(pos, node)
            else:
                merged.add(pos, node)
        for i, edge in enumerate(facts.edges):
            pos = (rank, i)
            key = (edge["source"], edge["target"], edge["type"])
            merged_edge = self._edges.get(key)
            if merged_edge is None:
                merged_edge = self._edges[key] = _Edge(pos, edge)
            merged_edge.add(pos, edge, self._intern)

    def graph(self, meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
        """The merged graph: sorted nodes and edges, links to corpus posts resolved."""
        nodes = {nid: merged.merged() for nid, merged in self._nodes.items()}
        corpus: dict[str, str] = {}  # url -> id of the corpus post there (the first, for duplicates)
        for nid in sorted(nodes):
            if nodes[nid]["type"] == "post" and nodes[nid].get("in_corpus"):
                corpus.setdefault(nodes[nid]["url"], nid)
        resolver = Resolver(corpus)
        redirect: dict[str, str] = {}
        for nid, node in nodes.items():
            if node["type"] == "post" and not node.get("in_corpus"):
                target = resolver.resolve(node["url"])
                if target is not None:
                    redirect[nid] = corpus[target]

        edges: dict[tuple[str, str, str], list[_Edge]] = {}
        for (source, target, kind), merged_edge in self._edges.items():
            source, target = redirect.get(source, source), redirect.get(target, target)
            if source != target:
                edges.setdefault((source, target, kind), []).append(merged_edge)

        graph = nx.MultiDiGraph(**(meta or {}))
        for nid in sorted(nodes):
            if nid in redirect:
                continue  # a moved route or the post's own URL: its links now point at the corpus post
            node = dict(nodes[nid])
            node.pop("id")
            graph.add_node(nid, **node)
        for key in sorted(edges):
            graph.add_edge(key[0], key[1], key=key[2], **_combine(edges[key]))
        return graph


def build_graph(all_facts: Iterable[Facts], meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """Merge every post's facts, taken in the order given, into one graph (sorted nodes and edges)."""
    merger = Merger()
    for rank, facts in enumerate(all_facts):
        merger.add(rank, facts)
    return merger.graph(meta)
