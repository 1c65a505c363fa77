"""notebooks/explore.ipynb runs top to bottom (nbclient, the venv's python3 kernel) and is stored without outputs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from role_graph import role_graph

import kg
from kg import store

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "explore.ipynb"


def run_notebook() -> list:
    """Execute the notebook from its own folder and return its code cells with their outputs."""
    nb = nbformat.read(NOTEBOOK, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute()  # raises CellExecutionError on the first cell that fails
    return [c for c in nb.cells if c.cell_type == "code"]


def outputs(cells: list, mime: str) -> list[str]:
    return [o["data"][mime] for c in cells for o in c.outputs if mime in o.get("data", {})]


def test_notebook_is_stored_without_outputs():
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    assert all(not c.outputs and c.execution_count is None for c in code)


def stats_table(cells: list) -> dict[str, int]:
    """The node counts the notebook's stats table shows."""
    table = next(md for md in outputs(cells, "text/markdown") if md.startswith("| kind | count |"))
    return {kind: int(n) for kind, n in re.findall(r"^\| (\w+) \| (\d+) \|$", table, re.M)}


def test_notebook_shows_compare_chart_neighbourhood_and_links(tmp_path, monkeypatch):
    graph = role_graph()
    path = tmp_path / "graph.json"
    store.save(graph, path)
    monkeypatch.setenv("KG_GRAPH", str(path))
    cells = run_notebook()
    assert stats_table(cells) == {"company": 1, "post": 2, "role": 3, "skill": 5, "stage": 2, "tag": 1}
    markdown = "\n".join(outputs(cells, "text/markdown"))
    assert kg.load(path).compare("product engineer", "product manager").to_markdown() in markdown
    assert "| stakeholder management |" in markdown
    assert len(outputs(cells, "image/png")) == 3  # skills per role, a role's neighbourhood, linked posts
    assert "Alpha</td><td>Beta" in "\n".join(outputs(cells, "text/html"))


def test_notebook_on_content_shows_the_graph_kg_builds_from_it(tmp_path, monkeypatch):
    """Builds the real content/ folder (into a temporary folder) and shows what kg.build gives for it."""
    content = NOTEBOOK.parent.parent / "content"
    if not content.is_dir():
        pytest.skip("no content/ folder")
    monkeypatch.delenv("KG_GRAPH", raising=False)
    monkeypatch.setenv("KG_CONTENT", str(content))
    cells = run_notebook()
    graph = kg.build(content, tmp_path / "out")
    assert stats_table(cells) == graph.stats()["node_types"]
    markdown = "\n".join(outputs(cells, "text/markdown"))
    assert graph.compare("product engineer", "product manager").to_markdown() in markdown
    charts = len(outputs(cells, "image/png"))
    linked = any(
        k == "links_to" and graph.graph.nodes[u].get("in_corpus") and graph.graph.nodes[v].get("in_corpus")
        for u, v, k in graph.graph.edges(keys=True)
    )
    assert charts == 2 + linked  # skills per role, the product engineer's neighbourhood (, linked posts)
