"""A build killed halfway loses nothing: the previous outputs stay whole and the next build succeeds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write

from kg.builder import build
from kg.cache import Cache
from kg.store import load

ROLES = ["product engineer", "product manager", "data scientist", "designer", "growth engineer"]
DOING = ["talks to users", "writes code", "ships features", "runs experiments", "reads the metrics"]
PLACES = ["at Acme", "in a small startup", "on the platform team", "before the launch", "every week"]


def generated_corpus(folder: Path, posts: int, sentences: int = 30) -> Path:
    """Posts of varied prose about roles, enough of it to keep the parser busy for a while."""
    rng = random.Random(7)
    for i in range(posts):
        lines = [f"A {rng.choice(ROLES)} {rng.choice(DOING)} {rng.choice(PLACES)}." for _ in range(sentences)]
        body = "\n\n".join(" ".join(lines[j : j + 3]) for j in range(0, sentences, 3))
        write(folder, f"gen-{i:03}.md", f"---\ntitle: Generated {i}\n---\n\n# Generated {i}\n\n{body}\n")
    return folder


def entries(out: Path) -> list[Path]:
    return sorted((out / "cache").glob("*/*.json"))


def test_sigkill_mid_build_keeps_previous_outputs(tmp_path: Path) -> None:
    out = tmp_path / "out"
    small = generated_corpus(tmp_path / "small", posts=2, sentences=3)
    build(small, out, workers=1)
    before = {name: (out / name).read_bytes() for name in ("graph.json", "graph.html")}
    first_entries = len(entries(out))

    big = generated_corpus(tmp_path / "big", posts=40)
    kg = Path(sys.executable).with_name("kg")
    cmd = [kg, "build", "--content", big, "--out", out, "--workers", "1"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(entries(out)) <= first_entries and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the build ended before it could be killed mid-way"

    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} changed by a killed build"
    assert load(out / "graph.json").number_of_nodes() > 0
    cache = Cache(out / "cache", "")
    assert all(cache.get(path.stem) is not None for path in entries(out)), "a half-written entry"

    result = build(big, out, workers=1)
    assert result.posts == 40
    assert result.cached > 0, "work finished before the kill was lost"
    assert result.parsed == 40 - result.cached
    assert load(out / "graph.json").graph["corpus"] == str(big)
    assert not list(out.glob(".*.tmp"))


def _children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from Linux's /proc")
def test_workers_end_when_their_build_is_killed(tmp_path: Path) -> None:
    big = generated_corpus(tmp_path / "big", posts=120, sentences=60)  # enough text for worker processes
    kg = Path(sys.executable).with_name("kg")
    cmd = [kg, "build", "--content", big, "--out", tmp_path / "out", "--workers", "2"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    workers: list[int] = []
    while proc.poll() is None and time.monotonic() < deadline:
        workers = _children(proc.pid)
        if len(workers) >= 3:  # two workers and multiprocessing's resource tracker
            break
        time.sleep(0.05)
    time.sleep(1)  # let the workers get on with starting
    workers = _children(proc.pid)
    assert len(workers) >= 2, "the build did not start its workers"
    os.kill(proc.pid, signal.SIGKILL)  # the build alone, as a user's kill -9 does
    proc.wait()
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"{len(left)} worker process(es) outlived the killed build"
