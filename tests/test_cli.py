"""The query commands end to end through the typer app, on a small hand-made graph.json."""

from __future__ import annotations

import json

import pytest
from role_graph import role_graph
from typer.testing import CliRunner

from kg import store
from kg.cli import app

runner = CliRunner()
PE, PM = "role:product-engineer", "role:product-manager"


def run(*args: str):
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def test_compare_json_is_the_design_shape(graph_file):
    result = run("compare", "product-engineer", "product managers", "--graph", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"roles", "summary", "warnings", "skills", "tools", "stages", "companies", "posts"}
    assert data["roles"] == [PE, PM]
    for tool in data["tools"]:
        assert tool["id"].startswith("tool:") and set(tool["roles"]) <= {PE, PM}
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
    out = out[out.index("Skills both have") :]  # the key differences above name skills too
    assert out.index("Skills both have") < out.index("talking to users") < out.index("Only product engineer")
    assert out.index("Only product engineer") < out.index("writing code") < out.index("Only product manager")
    assert (
        out.index("Only product manager") < out.index("stakeholder management") < out.index("Stage by stage")
    )
    assert "Product engineers write the code." in out
    assert "alpha:9" in out


def test_compare_table_prints_quotes_and_titles_as_written(tmp_path):
    graph = role_graph()
    graph.nodes["post:/blog/alpha"]["title"] = "Alpha [b]in bold[/b]"
    evidence = graph.edges[PE, "skill:writing-code", "has_skill"]["evidence"][0]
    evidence["text"] = "Product engineers [red]write[/red] the code."
    store.save(graph, tmp_path / "graph.json")
    result = run("compare", "pe", "pm", "-g", str(tmp_path / "graph.json"))
    assert result.exit_code == 0, result.output
    assert "Product engineers [red]write[/red] the code." in result.stdout  # not taken for rich markup
    assert "Alpha [b]in bold[/b]" in result.stdout


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


def test_neighbors_by_type(graph_file):
    result = run("neighbors", "pm", "--type", "skill", "-g", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["id"] == PM
    assert {n["label"] for n in data["neighbors"]} == {"talking to users", "stakeholder management"}
    table = run("neighbors", "pm", "-t", "skill", "-g", str(graph_file)).stdout
    assert "-has_skill->" in table and "PMs manage stakeholders." in table


def test_path_lists_each_hop_with_evidence(graph_file):
    result = run("path", "Acme", "data scientist", "-g", str(graph_file), "-f", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["source"] == "company:acme" and data["target"] == "role:data-scientist"
    assert [h["from"] for h in data["hops"]][0] == "company:acme"
    assert data["hops"][-1]["to"] == "role:data-scientist"
    md = run("path", "Acme", "data scientist", "-g", str(graph_file), "-f", "markdown").stdout
    assert md.count("\n| ") == len(data["hops"]) + 1  # header + one row per hop
    assert "Acme looks for product engineers." in md


def test_path_between_unconnected_nodes_exits_1(graph_file, tmp_path):
    g = role_graph()
    g.add_node("skill:island", type="skill", label="island", aliases=[])
    path = tmp_path / "island.json"
    store.save(g, path)
    result = run("path", "pm", "island", "-g", str(path))
    assert result.exit_code == 1
    assert "not connected" in result.stderr


def test_unknown_node_exits_2(graph_file):
    for args in (["path", "pm", "zzz"], ["neighbors", "zzz"], ["show", "zzz"], ["skills", "zzz"]):
        assert run(*args, "-g", str(graph_file)).exit_code == 2, args


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "json", "cypher"])
def test_export_writes_a_file_or_stdout(graph_file, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = run("export", "--format", fmt, "--out", str(out), "-g", str(graph_file))
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    assert run("export", "-f", fmt, "-g", str(graph_file)).stdout == out.read_text(encoding="utf-8")


def test_export_csv_needs_out(graph_file, tmp_path):
    assert run("export", "-f", "csv", "-g", str(graph_file)).exit_code == 2
    result = run("export", "-f", "csv", "--out", str(tmp_path / "csv"), "-g", str(graph_file))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "csv").iterdir()) == ["nodes.csv", "relationships.csv"]


def test_show_links_stats_in_markdown(graph_file):
    show = run("show", "acme", "-g", str(graph_file), "-f", "markdown").stdout
    assert "| hires | product engineer | 1 |" in show
    links = run("links", "alpha", "-g", str(graph_file), "-f", "markdown").stdout
    assert "### links out" in links and "| links_to | Beta |" in links
    stats = json.loads(run("stats", "-g", str(graph_file), "-f", "json").stdout)
    assert stats["node_types"]["role"] == 3


def test_role_completion_reads_the_graph(graph_file):
    from kg.cli import _role_names

    class Ctx:
        params = {"graph": graph_file}

    assert [name for name, _ in _role_names(Ctx(), "product")] == ["product-engineer", "product-manager"]
    assert _role_names(Ctx(), "zzz") == []

    class Missing:
        params = {"graph": graph_file.parent / "none.json"}

    assert _role_names(Missing(), "") == []


def test_shell_completion_offers_role_names(graph_file):
    result = runner.invoke(
        app,
        [],
        prog_name="kg",
        env={
            "_KG_COMPLETE": "complete_bash",
            "_TYPER_COMPLETE_ARGS": f"kg compare --graph {graph_file} product",
            "COMP_WORDS": f"kg compare --graph {graph_file} product",
            "COMP_CWORD": "4",
        },
    )
    assert "product-engineer" in result.stdout and "product-manager" in result.stdout
