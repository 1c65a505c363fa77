"""graph -> a self-contained interactive HTML page (pyvis for the vis-network data)."""

from __future__ import annotations

import html
import json

import networkx as nx

COLORS = {
    "post": "#4e79a7",
    "role": "#e15759",
    "skill": "#59a14f",
    "stage": "#f28e2b",
    "company": "#b07aa1",
    "person": "#edc948",
    "tag": "#9c755f",
}


def render_html(graph: nx.MultiDiGraph) -> str:
    """The page as text (a first, minimal view; the explorer replaces it)."""
    nodes = [
        {
            "id": n,
            "label": d.get("label", n),
            "type": d.get("type"),
            "color": COLORS.get(d.get("type"), "#999"),
        }
        for n, d in graph.nodes(data=True)
    ]
    data = json.dumps({"nodes": nodes}).replace("<", "\\u003c")
    return f"<!doctype html><meta charset=utf-8><title>kg</title><script type=application/json id=data>{data}</script><p>{html.escape(str(len(nodes)))} nodes</p>"
