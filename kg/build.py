"""The build: content folder -> posts -> facts -> graph -> out/graph.json and out/graph.html."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg import store
from kg.corpus import DEFAULT_MAX_FILE_MB, read_corpus
from kg.graph import build_graph
from kg.model import Problem


@dataclass
class BuildResult:
    """What a build made and met: the graph, where it went, and the problems in the input."""

    graph: nx.MultiDiGraph
    problems: list[Problem] = field(default_factory=list)
    posts: int = 0
    out: Path | None = None

    def counts(self) -> dict[str, int]:
        """Number of nodes per type."""
        return dict(sorted(Counter(d.get("type", "?") for _, d in self.graph.nodes(data=True)).items()))


def build(
    content: Path | str = "content",
    out: Path | str | None = "out",
    *,
    model: str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    on_problem: Callable[[Problem], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the graph of every post under `content`; write it to `out` unless out is None."""
    from kg.extract import extract_posts

    content = Path(content)
    if not content.is_dir():
        raise FileNotFoundError(f"{content}: no such folder of posts")
    posts, problems = read_corpus(content, max_file_mb=max_file_mb, on_problem=on_problem)
    all_facts = []
    for i, facts in enumerate(extract_posts(posts, model=model), 1):
        all_facts.append(facts)
        if progress is not None:
            progress(i, len(posts))
    meta = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "corpus": str(content)}
    graph = build_graph(all_facts, meta)
    result = BuildResult(graph, problems, len(posts))
    if out is not None:
        result.out = write_outputs(graph, Path(out))
    return result


def write_outputs(graph: nx.MultiDiGraph, out: Path) -> Path:
    """Write graph.json and graph.html into `out`, each replaced only once it is complete."""
    from kg.render.html import render_html

    out.mkdir(parents=True, exist_ok=True)
    json_text = store.dumps(graph)
    html_text = render_html(graph)
    store.atomic_write(out / "graph.json", json_text)
    store.atomic_write(out / "graph.html", html_text)
    return out
