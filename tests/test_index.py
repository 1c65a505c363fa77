"""The query index beside graph.json: same answers as the whole graph, and never trusted when stale."""

from __future__ import annotations

import importlib
import itertools
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CONTENT
from role_graph import role_graph

import kg
from kg import store
from kg.api import KnowledgeGraph
from kg.index import index_path, write_index


def save_with_index(graph, path: Path) -> Path:
    """graph.json and its index, as `kg build` leaves them."""
    store.save(graph, path)
    write_index(graph, path, store.SCHEMA_VERSION)
    return path


def answers(knowledge: KnowledgeGraph) -> dict:
    """Every question kg answers from a few nodes, asked about every node the graph has."""
    whole = knowledge.graph if knowledge._graph is not None else store.load(knowledge.file)
    nodes = sorted(whole.nodes)
    roles = sorted(n for n, d in whole.nodes(data=True) if d["type"] == "role")
    posts = sorted(n for n, d in whole.nodes(data=True) if d["type"] == "post")
    return {
        "roles": knowledge.roles(),
        "nodes": {kind: knowledge.nodes(kind) for kind in ["role", "skill", "post", "nothing", None]},
        "compare": {pair: knowledge.compare(*pair).to_dict() for pair in itertools.permutations(roles, 2)},
        "skills": {r: knowledge.skills(r) for r in roles},
        "node": {n: knowledge.node(n) for n in nodes},
        "neighbors": {n: knowledge.neighbors(n) for n in nodes},
        "links": {p: knowledge.links(p) for p in posts},
        "find": {
            (str(d.get("label")), kind): knowledge.find(str(d.get("label")), kind)
            for _, d in whole.nodes(data=True)
            for kind in (None, d["type"])
        },
    }


def opened_from_index(path: Path) -> KnowledgeGraph:
    found = kg.load(path)
    assert found._graph is None, "the index was not used"
    return found


@pytest.fixture(scope="module")
def content_graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built by `kg.build`, which writes graph.json and its index."""
    out = tmp_path_factory.mktemp("content-out")
    kg.build(CONTENT, out, workers=1)
    return out / "graph.json"


def test_index_answers_equal_whole_graph_answers_on_the_role_graph(tmp_path: Path) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    assert answers(opened_from_index(path)) == answers(KnowledgeGraph(store.load(path), path))


def test_build_writes_an_index_that_answers_like_graph_json(content_graph: Path) -> None:
    assert index_path(content_graph).is_file()
    indexed = opened_from_index(content_graph)
    whole = KnowledgeGraph(store.load(content_graph), content_graph)
    assert answers(indexed) == answers(whole)
    assert repr(indexed) == repr(whole)


def test_an_index_of_another_graph_json_is_ignored(tmp_path: Path) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    changed = role_graph()
    changed.remove_node("skill:prototyping")
    store.save(changed, path)  # graph.json rewritten, its index left from before
    answer = kg.load(path).compare("product engineer", "product manager")
    assert "skill:prototyping" not in {s["id"] for s in answer.skills}


@pytest.mark.parametrize("damage", [b"", b"not a database at all", b"SQLite format 3\x00" + b"\x00" * 200])
def test_a_damaged_index_is_ignored(tmp_path: Path, damage: bytes) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    index_path(path).write_bytes(damage)
    answer = kg.load(path).compare("pe", "pm").to_dict()
    assert answer == KnowledgeGraph(role_graph()).compare("pe", "pm").to_dict()


def test_a_missing_graph_json_is_an_error_even_with_an_index(tmp_path: Path) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    path.unlink()
    with pytest.raises(store.StoreError, match="no such file"):
        kg.load(path)


def test_whole_graph_questions_still_read_graph_json(tmp_path: Path) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    indexed, whole = opened_from_index(path), KnowledgeGraph(store.load(path), path)
    assert indexed.stats() == whole.stats()
    assert indexed.path("pe", "data scientist") == whole.path("pe", "data scientist")
    assert indexed.export("json") == whole.export("json")


# Runs `kg ARGS --graph GRAPH`; prints whether networkx was imported and how often graph.json was opened.
PROBE = """
import os, sys
target = os.path.realpath(sys.argv[1])
opens = []
sys.addaudithook(lambda event, args: opens.append(1) if event == "open" and isinstance(args[0], str)
                 and os.path.realpath(args[0]) == target else None)
from kg.cli import main
sys.argv = ["kg", *sys.argv[2:], "--graph", sys.argv[1]]
try:
    main()
except SystemExit as exc:
    assert not exc.code, exc.code
print("PROBE", "networkx" in sys.modules, len(opens), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "query",
    [
        ["compare", "pe", "pm"],
        ["roles"],
        ["skills", "pm"],
        ["show", "acme"],
        ["neighbors", "pm"],
        ["links", "alpha"],
    ],
)
def test_queries_on_a_built_graph_read_only_the_index(tmp_path: Path, query: list[str]) -> None:
    path = save_with_index(role_graph(), tmp_path / "graph.json")
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(path), *query], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()
    probe = [line.split() for line in done.stderr.splitlines() if line.startswith("PROBE")][-1]
    assert probe[1:] == ["False", "0"], "networkx imported or graph.json read: " + done.stderr


def test_a_build_that_stops_before_its_index_leaves_none_behind(tmp_path: Path, monkeypatch) -> None:
    build = importlib.import_module("kg.builder")  # the module; `kg.build` is also the build function
    write_outputs = build.write_outputs
    write_outputs(role_graph(), tmp_path)
    before = (tmp_path / "graph.json").stat()
    changed = role_graph()
    changed.nodes["skill:prototyping"]["label"] = "PROTOTYPING"  # same size of graph.json

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "index_image", killed)
    with pytest.raises(KeyboardInterrupt):
        write_outputs(changed, tmp_path)
    # nothing is renamed before every output is written: the previous graph.json and its index answer
    assert (tmp_path / "graph.json").stat().st_mtime_ns == before.st_mtime_ns
    skills = kg.load(tmp_path / "graph.json").skills("pe")
    assert "PROTOTYPING" not in {s["label"] for s in skills}
    assert not list(tmp_path.glob(".*.tmp"))


def test_a_saved_graph_is_indexed_too(tmp_path: Path) -> None:
    changed = role_graph()
    changed.nodes["skill:prototyping"]["label"] = "rapid prototyping"
    KnowledgeGraph(changed).save(tmp_path / "graph.json")
    skills = opened_from_index(tmp_path / "graph.json").skills("pe")
    assert "rapid prototyping" in {s["label"] for s in skills}
