"""kg ask: questions in plain words -> the query they ask, on a hand-made graph and on content/."""

from __future__ import annotations

import io
import json
import re

import pytest
from conftest import CONTENT
from rich.console import Console
from role_graph import A, ev
from test_query import _degree_graph
from typer.testing import CliRunner

import kg
from kg import store
from kg.ask import NotUnderstood
from kg.cli import app
from kg.render.report import comparison_sections, stems, to_rich

PE, PM, DS = "role:product-engineer", "role:product-manager", "role:data-scientist"
FORMS = [
    ("skills of product engineer vs PM", "compare", [PE, PM]),
    ("product engineer vs product manager", "compare", [PE, PM]),
    ("how do product engineers differ from data scientists", "compare", [PE, DS]),
    ("what does a product manager do", "skills", [PM]),
    ("which companies hire product engineers", "neighbors", [PE, "--type", "company"]),
    ("who says product engineers talk to users", "path", [PE, "skill:talking-to-users"]),
    ("what tools do product managers use", "neighbors", [PM, "--type", "tool"]),
    ("which roles talk to users", "neighbors", ["skill:talking-to-users", "--type", "role"]),
    ("product engineer vs product manager in stage 2", "compare", [PE, PM, "--stage", "2"]),
    ("how is writing code connected to product managers", "path", ["skill:writing-code", PM]),
]


@pytest.fixture
def graph() -> kg.KnowledgeGraph:
    return kg.KnowledgeGraph(_degree_graph())


@pytest.mark.parametrize("question, command, args", FORMS)
def test_each_form_maps_to_its_query(graph, question, command, args):
    found = graph.ask(question)
    assert (found.command, found.args) == (command, args)
    assert found.to_dict()["query"] == {"command": command, "args": args}


def test_answers_are_the_commands_answers(graph):
    assert graph.ask("pe vs pm").to_dict()["answer"] == graph.compare("pe", "pm").to_dict()
    roles = {n["id"] for n in graph.ask("which roles talk to users").answer["neighbors"]}
    assert roles == {PE, PM}
    tools = graph.ask("what tools do product managers use").answer["neighbors"]
    assert [t["id"] for t in tools] == ["tool:sql"]
    staged = graph.ask("product engineer vs product manager in stage 2").answer
    assert {s["id"] for s in staged.skills} == {"skill:writing-code"}  # only what the posts place in Build


def test_the_answer_follows_the_graph(graph):
    g = _degree_graph()
    g.add_edge(
        DS, "skill:talking-to-users", key="has_skill", weight=1, evidence=[ev(A, 30, "DS talk to users.")]
    )
    roles = {n["id"] for n in kg.KnowledgeGraph(g).ask("which roles talk to users").answer["neighbors"]}
    assert roles == {PE, PM, DS}


def test_unknown_names_suggest_and_unknown_questions_list_the_forms(graph):
    with pytest.raises(kg.NotFound) as err:
        graph.ask("product enginer vs pm")
    assert "product engineer" in err.value.suggestions
    with pytest.raises(NotUnderstood, match="understands"):
        graph.ask("what is the meaning of life")


def test_cli_ask_in_every_format(tmp_path):
    path = tmp_path / "graph.json"
    store.save(_degree_graph(), path)
    run = CliRunner().invoke
    data = json.loads(run(app, ["ask", "skills of pe vs PM", "-g", str(path), "-f", "json"]).stdout)
    assert set(data) == {"question", "query", "answer"}
    assert data["query"] == {"command": "compare", "args": [PE, PM]}
    table = run(app, ["ask", "which roles talk to users", "-g", str(path)], env={"COLUMNS": "120"})
    assert table.exit_code == 0 and "Product managers talk to users too." in table.stdout
    md = run(app, ["ask", "what does a pm do", "-g", str(path), "-f", "markdown"]).stdout
    assert md.startswith("> kg skills role:product-manager") and "| talking to users |" in md
    bad = run(app, ["ask", "tell me a joke", "-g", str(path)])
    assert bad.exit_code == 2 and "understands" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1


@pytest.fixture(scope="module")
def content_graph(tmp_path_factory) -> kg.KnowledgeGraph:
    if not (CONTENT / "what-is-a-product-engineer.md").is_file():
        pytest.skip("content/ seeds are not there")
    return kg.build(CONTENT, tmp_path_factory.mktemp("out"))


@pytest.mark.parametrize(
    "question, command",
    [
        ("skills of product engineer vs PM", "compare"),
        ("product engineer vs product manager", "compare"),
        ("how do product engineers differ from software engineers", "compare"),
        ("what does a growth engineer do", "skills"),
        ("which companies hire product engineers", "neighbors"),
        ("who says product engineers talk to users", "path"),
        ("which roles talk to users", "neighbors"),
        ("product engineer vs product manager in stage 2", "compare"),
        ("how is coding connected to product managers", "path"),
    ],
)
def test_forms_on_content(content_graph, question, command):
    found = content_graph.ask(question)
    assert found.command == command
    answer = found.to_dict()["answer"]
    assert answer
    if question.startswith("who says"):
        assert len(answer["hops"]) == 1 and answer["hops"][0]["edges"][0]["type"] == "has_skill"
    if question.startswith("which roles"):
        assert {PE, PM} <= {n["id"] for n in answer["neighbors"]}


def test_tools_of_a_role_content_does_not_know(content_graph):
    with pytest.raises(kg.NotFound):
        content_graph.ask("what tools do data engineers use")


def test_software_engineers_warned_on_content(content_graph):
    cmp = content_graph.ask("how do product engineers differ from software engineers").answer
    assert any("software engineers" in w and "no skills" in w for w in cmp.warnings)


@pytest.mark.parametrize("width", [80, 120])
def test_tables_never_break_a_post_line_inside_a_word(content_graph, width):
    cmp = content_graph.compare("pe", "pm")
    console = Console(file=io.StringIO(), width=width)
    for section in comparison_sections(cmp, width=width):
        console.print(to_rich(section))
    text = console.file.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    cells = [c.strip() for line in text.splitlines() for c in re.split("[│┃]", line)]
    # every post:line token printed is whole: a known post name (or short name) and a number
    tokens = [t for c in cells for t in c.split() if re.fullmatch(r"[\w.-]+:\d+,?", t)]
    assert tokens
    names = {p["id"].rsplit("/", 1)[-1] for p in cmp.posts} | {f"p{i}" for i in range(1, len(cmp.posts) + 1)}
    assert all(t.rstrip(",").rsplit(":", 1)[0] in names for t in tokens), tokens
    assert not [c for c in cells if re.search(r"[a-z]-$", c)]  # no id cut after a hyphen


def test_cut_quotes_show_the_skill_words(content_graph):
    cmp = content_graph.compare("pe", "pm")
    checked = 0
    for section in comparison_sections(cmp):
        if not section.title.startswith(("Only", "Skills")):
            continue
        for row in section.rows:
            words = stems(row[0])
            for cell in row[1:]:
                quote = cell.split("” —")[0]
                if "…" in quote and any(w in quote.lower() for w in words):
                    checked += 1
    assert checked
