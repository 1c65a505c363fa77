"""The query commands end to end through the typer app, on a small hand-made graph.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from role_graph import role_graph
from typer.testing import CliRunner

from kg import store
from kg.cli import app

runner = CliRunner()
PE, PM = "role:product-engineer", "role:product-manager"


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    path = tmp_path / "graph.json"
    store.save(role_graph(), path)
    return path


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_compare_json_is_the_design_shape(graph_file):
    result = run("compare", "product-engineer", "product managers", "--graph", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"roles", "skills", "stages", "companies", "posts"}
    assert data["roles"] == [PE, PM]
    for skill in data["skills"]:
        assert {"id", "label", "roles"} <= set(skill)
        assert set(skill["roles"]) <= {PE, PM}
        assert all({"post", "line", "text"} <= set(ev) for evs in skill["roles"].values() for ev in evs)
    for stage in data["stages"]:
        assert {"id", "label", "order", "roles"} <= set(stage)


def test_compare_accepts_aliases(graph_file):
    result = run("compare", "PE", "pm", "-g", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["roles"] == [PE, PM]


def test_compare_unknown_role_exits_2_with_suggestions(graph_file):
    result = run("compare", "product-enginer", "pm", "-g", str(graph_file))
    assert result.exit_code == 2
    assert "product engineer" in result.stderr
    assert "did you mean" in result.stderr


def test_compare_same_role_twice_exits_2(graph_file):
    result = run("compare", "pm", "product managers", "-g", str(graph_file))
    assert result.exit_code == 2
    assert "two different roles" in result.stderr


def test_compare_table_groups_both_and_only(graph_file):
    result = run("compare", "product-engineer", "pm", "-g", str(graph_file))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.index("Skills both have") < out.index("talking to users") < out.index("Only product engineer")
    assert out.index("Only product engineer") < out.index("writing code") < out.index("Only product manager")
    assert (
        out.index("Only product manager") < out.index("stakeholder management") < out.index("Stage by stage")
    )
    assert "Product engineers write the code." in out
    assert "alpha:9" in out


def test_compare_markdown_is_pipe_tables_with_escaped_cells(graph_file):
    result = run("compare", "product-engineer", "pm", "-g", str(graph_file), "-f", "markdown")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "### Only product manager" in lines
    header = lines.index("| skill | product engineer | product manager |")
    row = lines[header + 2]
    assert row.startswith("| talking to users |")
    assert "users \\| every week" in row  # a pipe in the quote does not split the cell
    assert row.replace("\\|", "").count("|") == 4


def test_compare_missing_graph_exits_1(tmp_path):
    result = run("compare", "a", "b", "-g", str(tmp_path / "none.json"))
    assert result.exit_code == 1
    assert "kg build" in result.stderr


def test_roles_lists_each_role_with_counts(graph_file):
    result = run("roles", "-g", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    rows = {r["id"]: r for r in json.loads(result.stdout)}
    assert rows[PE]["skills"] == 3
    table = run("roles", "-g", str(graph_file)).stdout
    assert "product engineer" in table and "data scientist" in table


def test_skills_of_a_role(graph_file):
    result = run("skills", "PMs", "-g", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["role"] == PM
    assert [s["label"] for s in data["skills"]] == ["talking to users", "stakeholder management"]
    md = run("skills", "pm", "-g", str(graph_file), "-f", "markdown").stdout
    assert "| stakeholder management | 1 |" in md
