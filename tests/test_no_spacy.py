"""Queries start fast: no `kg` query command imports spaCy, and each reads graph.json once."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from role_graph import role_graph

from kg import store
from kg.cli import app

# Arguments that make each query command answer from the role graph of tests/role_graph.py.
QUERIES = {
    "stats": [],
    "show": ["product engineer"],
    "links": ["alpha"],
    "compare": ["product-engineer", "product-manager"],
    "roles": [],
    "skills": ["pm"],
    "neighbors": ["pm"],
    "path": ["pe", "pm"],
    "export": ["--format", "graphml"],
    "ask": ["skills of pe vs pm"],
}

# Runs the real entry point with an audit hook that counts opens of graph.json.
PROBE = """
import os, sys
target = os.path.realpath(sys.argv[1])
opens = []

def hook(event, args):
    if event == "open" and isinstance(args[0], (str, bytes, os.PathLike)):
        if os.path.realpath(os.fsdecode(args[0])) == target:
            opens.append(args[1])

sys.addaudithook(hook)
from kg.cli import main
sys.argv = ["kg", *sys.argv[2:], "--graph", sys.argv[1]]
try:
    main()
    status = 0
except SystemExit as exc:
    status = exc.code or 0
print("PROBE", "spacy" in sys.modules, len(opens), status, file=sys.stderr)
"""


def command_names() -> set[str]:
    return {c.name or c.callback.__name__.replace("_", "-") for c in app.registered_commands}


def test_every_query_command_is_probed() -> None:
    assert command_names() - {"build"} == set(QUERIES)


@pytest.mark.parametrize("command", sorted(QUERIES))
def test_query_reads_graph_once_without_spacy(tmp_path: Path, command: str) -> None:
    graph = tmp_path / "graph.json"
    store.save(role_graph(), graph)
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(graph), command, *QUERIES[command]],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    probe = [line.split() for line in done.stderr.splitlines() if line.startswith("PROBE")]
    assert probe, done.stderr
    _, spacy_loaded, opens, status = probe[-1]
    assert status == "0", done.stderr
    assert spacy_loaded == "False"
    assert opens == "1"
    assert done.stdout.strip()
