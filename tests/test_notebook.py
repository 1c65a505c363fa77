"""notebooks/explore.ipynb runs top to bottom (nbclient, the venv's python3 kernel) and is stored without outputs."""

from __future__ import annotations

from pathlib import Path

import pytest
from role_graph import role_graph

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


def test_notebook_shows_compare_chart_neighbourhood_and_links(tmp_path, monkeypatch):
    path = tmp_path / "graph.json"
    store.save(role_graph(), path)
    monkeypatch.setenv("KG_GRAPH", str(path))
    cells = run_notebook()
    markdown = "\n".join(outputs(cells, "text/markdown"))
    assert "## product engineer vs product manager" in markdown
    assert "| stakeholder management |" in markdown
    assert len(outputs(cells, "image/png")) == 3  # skills per role, a role's neighbourhood, linked posts
    assert "Alpha</td><td>Beta" in "\n".join(outputs(cells, "text/html"))


@pytest.mark.slow
def test_notebook_builds_content_without_crashing(monkeypatch):
    """Builds the real content/ folder (into a temporary folder): runs whether or not roles are extracted yet."""
    if not (NOTEBOOK.parent.parent / "content").is_dir():
        pytest.skip("no content/ folder")
    monkeypatch.delenv("KG_GRAPH", raising=False)
    monkeypatch.delenv("KG_CONTENT", raising=False)
    cells = run_notebook()
    assert "KnowledgeGraph" in outputs(cells, "text/plain")[0]
