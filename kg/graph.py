"""Facts -> networkx.MultiDiGraph: merge nodes by id, resolve links, sum edges with their evidence."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from kg.facts import Facts
from kg.links import Resolver


def _merge_node(into: dict[str, Any], node: dict[str, Any]) -> None:
    if into["type"] == "post" and into.get("in_corpus") and not node.get("in_corpus"):
        return  # link texts are not names of the post
    for alias in [node.get("label")] + list(node.get("aliases", [])):
        if alias and alias != into["label"] and alias not in into["aliases"]:
            into["aliases"].append(alias)
    for key, value in node.items():
        if key in ("id", "label", "aliases"):
            continue
        if key == "in_corpus":
            into[key] = bool(into.get(key)) or bool(value)
        elif value is not None and into.get(key) in (None, "", []):
            into[key] = value


def _directness(ev: dict[str, Any]) -> int:
    """How directly a sentence states a fact: a statement (0) before a fragment or heading without
    end punctuation (1), before a question (2)."""
    text = ev["text"].rstrip()
    if text.endswith("?"):
        return 2
    return 0 if text.endswith((".", "!", ":", ";", '"', "\u201d", ")")) else 1


def evidence_order(ev: dict[str, Any]) -> tuple[int, str, int, str]:
    """Sort key of an edge's evidence: most direct statement first, then post and line."""
    return (_directness(ev), ev["post"], ev["line"], ev["text"])


def build_graph(all_facts: Iterable[Facts], meta: dict[str, Any] | None = None) -> nx.MultiDiGraph:
    """Merge every post's facts into one graph, in a stable order (sorted nodes and edges)."""
    all_facts = list(all_facts)
    nodes: dict[str, dict[str, Any]] = {}
    found = [node for facts in all_facts for node in facts.nodes.values()]
    # a post's own node names it, not the text of a link to it
    for node in sorted(found, key=lambda n: not n.get("in_corpus")):
        if node["id"] in nodes:
            _merge_node(nodes[node["id"]], node)
        else:
            nodes[node["id"]] = {**node, "aliases": list(node.get("aliases", []))}

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

    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for facts in all_facts:
        for edge in facts.edges:
            source = redirect.get(edge["source"], edge["source"])
            target = redirect.get(edge["target"], edge["target"])
            if source == target:
                continue
            key = (source, target, edge["type"])
            merged = edges.get(key)
            if merged is None:
                merged = edges[key] = {**edge, "source": source, "target": target, "evidence": []}
                merged.pop("emphasis_evidence", None)
                if "stages" in edge:
                    merged["stages"] = []
            for ev in edge.get("evidence", []):
                if ev not in merged["evidence"]:
                    merged["evidence"].append(ev)
            if edge.get("emphasis") and not merged.get("emphasis"):
                merged["emphasis"] = edge["emphasis"]  # the first post to say so decides
            for ev in edge.get("emphasis_evidence", []) if edge.get("emphasis") == merged.get("emphasis") else []:
                merged.setdefault("emphasis_evidence", [])
                if ev not in merged["emphasis_evidence"]:
                    merged["emphasis_evidence"].append(ev)
            for stage in edge.get("stages", []):
                if stage not in merged["stages"]:
                    merged["stages"].append(stage)

    graph = nx.MultiDiGraph(**(meta or {}))
    for nid in sorted(nodes):
        if nid in redirect:
            continue  # a moved route or the post's own URL: its links now point at the corpus post
        node = dict(nodes[nid])
        node.pop("id")
        graph.add_node(nid, **node)
    for key in sorted(edges):
        edge = edges[key]
        attrs = {k: v for k, v in edge.items() if k not in ("source", "target")}
        attrs["evidence"] = sorted(attrs["evidence"], key=evidence_order)
        attrs["weight"] = max(len(attrs["evidence"]), 1)
        if "emphasis_evidence" in attrs:
            attrs["emphasis_evidence"] = sorted(attrs["emphasis_evidence"], key=evidence_order)
        if "stages" in attrs:
            attrs["stages"] = sorted(attrs["stages"])
        graph.add_edge(key[0], key[1], key=key[2], **attrs)
    return graph
