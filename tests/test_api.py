"""The library API: kg.load / kg.build, KnowledgeGraph questions, and `import kg` staying light."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys

import pytest
from conftest import write
from role_graph import role_graph

import kg

PE, PM = "role:product-engineer", "role:product-manager"


def test_load_and_ask(graph_file):
    g = kg.load(graph_file)
    assert isinstance(g, kg.KnowledgeGraph)
    assert g.graph.number_of_nodes() == role_graph().number_of_nodes()
    cmp = g.compare("product engineers", "pm")
    assert isinstance(cmp, kg.Comparison)
    assert cmp.to_dict()["roles"] == [PE, PM]
    assert [r["id"] for r in g.roles()][-1] == "role:data-scientist"  # the only role backed by one post
    assert [s["label"] for s in g.skills("PMs")] == ["talking to users", "stakeholder management"]
    assert g.node("acme")["id"] == "company:acme"
    assert [n["label"] for n in g.nodes("role")] == ["product engineer", "product manager", "data scientist"]
    assert g.label("pm") == "product manager"
    assert g.path("acme", "statistics")["nodes"][-1]["id"] == "skill:statistics"
    assert {n["id"] for n in g.neighbors("pm", type="skill")} == {
        "skill:talking-to-users",
        "skill:stakeholder-management",
    }


def test_compare_to_dict_is_what_the_cli_prints(graph_file):
    from typer.testing import CliRunner

    from kg.cli import app

    result = CliRunner().invoke(app, ["compare", "pe", "pm", "-g", str(graph_file), "-f", "json"])
    assert json.loads(result.stdout) == kg.load(graph_file).compare("pe", "pm").to_dict()


def test_unknown_names_raise_not_found(graph_file):
    g = kg.load(graph_file)
    with pytest.raises(kg.NotFound):
        g.compare("astronaut", "pm")
    with pytest.raises(ValueError, match="two different roles"):
        g.compare("pm", "product manager")


def test_comparison_displays_as_markdown_in_notebooks(graph_file):
    text = kg.load(graph_file).compare("pe", "pm")._repr_markdown_()
    assert text.startswith("## product engineer vs product manager")
    assert "| stakeholder management |" in text


def test_kg_build_function_and_kg_build_module_both_work(tmp_path):
    from kg.builder import BuildResult, write_outputs  # the module kg/build.py stays importable

    folder = tmp_path / "posts"
    write(folder, "a.md", "---\ntitle: A\n---\n\nA post linking to [b](/blog/b).\n")
    write(folder, "b.md", "---\ntitle: B\n---\n\nB post.\n")
    g = kg.build(folder, tmp_path / "out")
    assert isinstance(g, kg.KnowledgeGraph)
    assert (tmp_path / "out" / "graph.json").is_file()
    assert g.file == tmp_path / "out" / "graph.json"
    assert g.graph.has_edge("post:/blog/a", "post:/blog/b", "links_to")
    assert kg.load(g.file).graph.number_of_edges() == g.graph.number_of_edges()
    assert callable(write_outputs) and BuildResult.__name__ == "BuildResult"
    assert not hasattr(kg.build, "BuildResult")  # a plain function, not a module in disguise
    in_memory = kg.build(folder)
    assert in_memory.file is None


def test_import_kg_and_queries_do_not_import_spacy(graph_file):
    code = f"""
import sys
import kg
assert "spacy" not in sys.modules and "networkx" not in sys.modules, "import kg is not light"
g = kg.load({str(graph_file)!r})
g.compare("pe", "pm").to_dict(); g.roles(); g.skills("pm"); g.path("acme", "pm"); g.neighbors("pm")
g.export("graphml"); g.export("cypher")
from typer.testing import CliRunner
from kg.cli import app
for args in (["compare", "pe", "pm"], ["roles"], ["skills", "pm"], ["path", "pe", "pm"], ["neighbors", "pm"]):
    assert CliRunner().invoke(app, [*args, "-g", {str(graph_file)!r}]).exit_code == 0, args
print("spacy" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_importing_the_builder_module_leaves_kg_build_a_function() -> None:
    module = importlib.import_module("kg.builder")
    assert callable(kg.build) and kg.build is not module
    assert module.build is not kg.build  # kg.builder.build runs a build; kg.build returns a KnowledgeGraph
