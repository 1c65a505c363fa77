"""Builds on a Dask cluster: the same graph as one process, problems reported, the cache used."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg.builder import build
from kg.cli import app
from tests.conftest import write
from tests.test_build import corpus, graph_bytes

distributed = pytest.importorskip("dask.distributed", reason='needs Dask: pip install -e ".[dask]"')


@pytest.fixture(scope="module")
def scheduler() -> str:
    """The address of a LocalCluster of 2 worker processes, shared by this module's tests."""
    cluster = distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    )
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def test_cluster_build_is_byte_identical_to_one_process(tmp_path: Path, scheduler: str) -> None:
    content = corpus(tmp_path / "posts", n=6)
    one = build(content, tmp_path / "one", workers=1, use_cache=False)
    dask = build(content, tmp_path / "dask", scheduler=scheduler, use_cache=False)
    assert (one.parsed, dask.parsed) == (6, 6)
    assert dask.workers == 2
    assert graph_bytes(tmp_path / "dask") == graph_bytes(tmp_path / "one")


def test_a_failing_post_is_reported_and_the_rest_builds(tmp_path: Path, scheduler: str) -> None:
    content = corpus(tmp_path / "posts", n=3)
    write(content, "broken.md", "---\ntitle: [unclosed\n---\n\nA designer sketches screens.\n")
    (content / "bad.md").write_bytes(b"\xff\xfe\x00\x00" * 50)
    result = build(content, tmp_path / "out", scheduler=scheduler)
    assert "bad.md" in {p.path for p in result.problems}
    assert all(p.line >= 1 and p.message for p in result.problems)
    assert result.posts >= 3
    graph = (tmp_path / "out" / "graph.json").read_text(encoding="utf-8")
    assert all(f"post-{i}" in graph for i in range(3))


def test_second_cluster_build_takes_every_post_from_the_cache(tmp_path: Path, scheduler: str) -> None:
    content, out = corpus(tmp_path / "posts", n=4), tmp_path / "out"
    first = build(content, out, scheduler=scheduler)
    before = graph_bytes(out)
    (content / "post-0.md").write_text((content / "post-0.md").read_text() + "\nA designer joins.\n")
    second = build(content, out, scheduler=scheduler)
    assert (first.parsed, first.cached) == (4, 0)
    assert (second.parsed, second.cached) == (1, 3)  # only the changed post goes to the cluster
    assert graph_bytes(out) != before


def test_unreachable_scheduler_is_one_line_and_out_is_untouched(tmp_path: Path) -> None:
    content = corpus(tmp_path / "posts", n=2)
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = tmp_path / "out"
    result = runner_build(content, out, f"tcp://127.0.0.1:{port}")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "cannot reach the Dask scheduler" in lines[0], result.output
    assert not out.exists()


def runner_build(content: Path, out: Path, scheduler: str):  # noqa: ANN201
    """`kg build --scheduler` through the CLI, as a user runs it."""
    return CliRunner().invoke(
        app, ["build", "--content", str(content), "--out", str(out), "--scheduler", scheduler]
    )
