"""graph.json: saved atomically, loaded back equal, and a bad one is one clear line, never a traceback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import networkx as nx
import pytest
from role_graph import role_graph
from typer.testing import CliRunner

from kg import store
from kg.cli import app

runner = CliRunner()


def good(tmp_path: Path) -> Path:
    path = tmp_path / "good.json"
    store.save(role_graph(), path)
    return path


def data(tmp_path: Path) -> dict:
    return json.loads(good(tmp_path).read_text())


def write_json(value) -> Callable[[Path], bytes]:
    return lambda tmp_path: json.dumps(value).encode()


def changed(change: Callable[[dict], None]) -> Callable[[Path], bytes]:
    def make(tmp_path: Path) -> bytes:
        d = data(tmp_path)
        change(d)
        return json.dumps(d).encode()

    return make


BAD = {
    "truncated": (lambda tmp_path: good(tmp_path).read_bytes()[:500], "not valid JSON"),
    "not JSON": (lambda tmp_path: b"<html>not a graph</html>\n", "not valid JSON"),
    "empty": (lambda tmp_path: b"", "empty file"),
    "not UTF-8": (lambda tmp_path: b"\xff\xfe\x00garbage", "not text"),
    "a JSON list": (write_json([1, 2, 3]), "not a kg graph"),
    "other schema version": (changed(lambda d: d["graph"].update(schema_version=99)), "schema version 99"),
    "no schema version": (changed(lambda d: d["graph"].pop("schema_version")), "schema version None"),
    "node without type": (changed(lambda d: d["nodes"][0].pop("type")), "has no type"),
    "edges not a list": (changed(lambda d: d.update(links={})), "no list of `links`"),
    "deeply nested": (lambda tmp_path: b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
}
COMMANDS = [["stats"], ["show", "alpha"], ["links", "alpha"], ["compare", "pm", "product engineer"]]


def one_line_error(result, path: Path, reason: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {path}")
    assert reason in lines[0] and "kg build" in lines[0]


@pytest.mark.parametrize("bad", BAD, ids=list(BAD))
@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_bad_graph_is_one_line_naming_the_file_and_exit_1(tmp_path: Path, bad: str, command) -> None:
    make, reason = BAD[bad]
    path = tmp_path / "bad.json"
    path.write_bytes(make(tmp_path))
    one_line_error(runner.invoke(app, [*command, "--graph", str(path)]), path, reason)


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_a_missing_graph_or_a_folder_is_one_line_too(tmp_path: Path, command) -> None:
    missing = tmp_path / "out" / "graph.json"
    one_line_error(runner.invoke(app, [*command, "--graph", str(missing)]), missing, "no such file")
    folder = tmp_path / "folder.json"
    folder.mkdir()
    one_line_error(runner.invoke(app, [*command, "--graph", str(folder)]), folder, "is a folder")


def test_load_names_the_line_of_broken_json(tmp_path: Path) -> None:
    path = tmp_path / "graph.json"
    path.write_text('{"nodes": [\n{"id": "a",\n')
    with pytest.raises(store.StoreError, match=r"graph\.json:3: not valid JSON"):
        store.load(path)


def test_unknown_node_names_exit_2_with_suggestions(tmp_path: Path) -> None:
    path = good(tmp_path)
    for command in (["show", "alpah"], ["links", "alpah"]):
        result = runner.invoke(app, [*command, "--graph", str(path)])
        assert result.exit_code == 2, result.output
        assert "did you mean" in result.stderr and "Alpha" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_markup_in_a_path_is_printed_as_text(tmp_path: Path) -> None:
    path = tmp_path / "[bold]graph[/bold].json"
    result = runner.invoke(app, ["stats", "--graph", str(path)])
    assert result.exit_code == 1
    assert str(path) in result.stderr


def test_save_and_load_give_back_the_same_graph(tmp_path: Path) -> None:
    graph = role_graph()
    path = tmp_path / "graph.json"
    store.save(graph, path)
    loaded = store.load(path)
    assert store.dumps(loaded) == store.dumps(graph) == path.read_text()
    assert loaded.graph["schema_version"] == store.SCHEMA_VERSION


def test_a_failed_save_leaves_the_previous_graph(tmp_path: Path, monkeypatch) -> None:
    path = good(tmp_path)
    before = path.read_bytes()

    def no_rename(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        store.save(nx.MultiDiGraph(), path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind


def test_atomic_write_makes_an_ordinary_readable_file(tmp_path) -> None:
    import os
    import stat

    from kg.store import atomic_write

    target = tmp_path / "graph.json"
    atomic_write(target, "{}")
    mode = stat.S_IMODE(target.stat().st_mode)
    mask = os.umask(0)
    os.umask(mask)
    assert mode == 0o666 & ~mask  # as any file the user creates, not mkstemp's private 0600
