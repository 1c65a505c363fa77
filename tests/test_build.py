"""The build: cached, incremental, parallel with output independent of workers, locked, and honest."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

import kg.extract
from kg import cache as cache_mod
from kg import workers
from kg.builder import BuildLocked, build, out_lock
from kg.cli import app
from kg.extract import vocab
from kg.store import load

POST = """
---
title: {title}
author: jane-doe
tags: [Careers]
---

# {title}

{body}

- Product engineers talk to users and ship features.
- They read [the other post](/blog/{other}).
"""


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch) -> None:
    """Cache keys that ignore edits to kg's source made while the test runs (a shared working tree)."""
    monkeypatch.setattr(cache_mod, "code_digest", lambda root=None: "pinned")


def corpus(folder: Path, n: int = 4, words: int = 40) -> Path:
    """`n` small posts that link to each other, with enough prose to parse."""
    sentence = "A product engineer at Acme works with designers and writes code every day. "
    for i in range(n):
        body = sentence * max(1, words // 12)
        write(folder, f"post-{i}.md", POST.format(title=f"Post {i}", body=body, other=f"post-{(i + 1) % n}"))
    return folder


def graph_bytes(out: Path, name: str = "graph.json") -> str:
    """An output without its build time, the one part allowed to differ between equal builds."""
    text = (out / name).read_text(encoding="utf-8")
    return re.sub(r'"built_at": ?"[^"]*"', '"built_at": ""', text)


def test_second_build_parses_nothing_and_gives_the_same_graph(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    first = build(content, out, workers=1)
    assert (first.parsed, first.cached) == (4, 0)
    before = graph_bytes(out)
    second = build(content, out, workers=1)
    assert (second.parsed, second.cached) == (0, 4)
    assert graph_bytes(out) == before
    assert load(out / "graph.json").number_of_nodes() == first.graph.number_of_nodes()


def test_no_change_rebuild_does_not_import_spacy(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    code = (
        "import sys; import kg.cache; from kg.builder import build; "
        "kg.cache.code_digest = lambda root=None: 'pinned'; "
        f"r = build({str(content)!r}, {str(out)!r}, workers=1); "
        "print(r.parsed, r.cached, 'spacy' in sys.modules)"
    )
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True) for _ in "12"]
    assert [r.stdout.split() for r in runs] == [["4", "0", "True"], ["0", "4", "False"]]


def test_one_changed_file_is_the_only_one_parsed(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    changed = content / "post-2.md"
    changed.write_text(changed.read_text().replace("title: Post 2", "title: Renamed post"))
    result = build(content, out, workers=1)
    assert (result.parsed, result.cached) == (1, 3)
    assert result.graph.nodes["post:/blog/post-2"]["title"] == "Renamed post"


def test_new_and_removed_files(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    (content / "post-0.md").unlink()
    write(content, "extra.md", "---\ntitle: Extra\n---\n\nA data scientist builds models.\n")
    result = build(content, out, workers=1)
    assert (result.parsed, result.cached) == (1, 3)
    assert "post:/blog/extra" in result.graph
    assert result.graph.nodes.get("post:/blog/post-0", {}).get("in_corpus") is not True


def test_no_cache_parses_everything(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    before = graph_bytes(out)
    result = build(content, out, workers=1, use_cache=False)
    assert (result.parsed, result.cached) == (4, 0)
    assert graph_bytes(out) == before


def test_vocabulary_change_invalidates_the_cache(tmp_path: Path, monkeypatch) -> None:
    data = tmp_path / "data"
    shutil.copytree(vocab.DATA_DIR, data)
    monkeypatch.setattr(vocab, "DATA_DIR", data)
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    assert build(content, out, workers=1).parsed == 0
    first = vocab.default_files()[0]  # an extraction vocabulary (not ask.yaml, which only questions read)
    first.write_text(first.read_text() + "\n# a vocabulary edit\n")
    assert build(content, out, workers=1).parsed == 4
    assert build(content, out, workers=1).parsed == 0


def test_taxonomy_and_extractor_version_invalidate_the_cache(tmp_path: Path, monkeypatch) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    taxonomy = tmp_path / "mine.yaml"
    taxonomy.write_text("role_heads:\n  astronaut: []\n")
    build(content, out, workers=1, taxonomy=taxonomy)
    assert build(content, out, workers=1, taxonomy=taxonomy).parsed == 0
    taxonomy.write_text("role_heads:\n  astronaut: []\n  pilot: []\n")
    assert build(content, out, workers=1, taxonomy=taxonomy).parsed == 4
    assert build(content, out, workers=1).parsed == 4  # no taxonomy is another context again
    monkeypatch.setattr(kg.extract, "EXTRACTOR_VERSION", kg.extract.EXTRACTOR_VERSION + "-next")
    assert build(content, out, workers=1).parsed == 4


def test_corrupt_cache_entry_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    before = graph_bytes(out)
    entries = sorted((out / "cache").glob("*/*.json"))
    assert len(entries) == 4
    entries[0].write_bytes(entries[0].read_bytes()[:100])
    entries[1].write_text(entries[1].read_text().replace('"type":"post"', '"type":"role"'))
    result = build(content, out, workers=1)
    assert (result.parsed, result.cached, result.rejected) == (2, 2, 2)
    assert graph_bytes(out) == before
    assert build(content, out, workers=1).rejected == 0


def test_output_does_not_depend_on_worker_count(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(workers, "MIN_PARALLEL_BYTES", 0)
    content = corpus(tmp_path / "posts", n=6)
    one = build(content, tmp_path / "one", workers=1, use_cache=False)
    two = build(content, tmp_path / "two", workers=2, use_cache=False)
    assert (one.workers, two.workers) == (1, 2)
    assert graph_bytes(tmp_path / "one") == graph_bytes(tmp_path / "two")
    assert graph_bytes(tmp_path / "one", "graph.html") == graph_bytes(tmp_path / "two", "graph.html")


def test_problems_are_reported_again_from_cache(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=2), tmp_path / "out"
    write(content, "broken.md", "---\ntitle: [unclosed\n---\n\nA designer sketches screens.\n")
    (content / "empty.md").write_bytes(b"")
    first = build(content, out, workers=1)
    second = build(content, out, workers=1)
    assert second.parsed == 0
    assert [str(p) for p in second.problems] == [str(p) for p in first.problems]
    assert {p.path for p in first.problems} == {"broken.md", "empty.md"}


def test_duplicate_urls_get_distinct_ids_built_or_cached(tmp_path: Path) -> None:
    content, out = tmp_path / "posts", tmp_path / "out"
    for folder in ("a", "b"):
        write(content, f"{folder}/same.md", f"---\ntitle: Same {folder}\n---\n\nAn engineer in {folder}.\n")
    first = build(content, out, workers=1)
    second = build(content, out, workers=1)
    for result in (first, second):
        titles = {n: d["title"] for n, d in result.graph.nodes(data=True) if d.get("in_corpus")}
        assert titles == {"post:/blog/same": "Same a", "post:/blog/same~2": "Same b"}
        assert [p.path for p in result.problems] == ["b/same.md"]
    assert second.parsed == 0


def test_second_build_on_the_same_out_refuses_or_waits(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=1), tmp_path / "out"
    with out_lock(out):
        with pytest.raises(BuildLocked, match="another kg build .* is writing here"):
            build(content, out, wait=False)
        cmd = [Path(sys.executable).with_name("kg"), "build", "--content", content, "--out", out]
        errors = tmp_path / "stderr.txt"
        with errors.open("w") as stderr:
            proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
        # poll until the second build says it waits (no fixed sleep): then it must still be waiting
        deadline = time.monotonic() + 120
        while "waiting for it to finish" not in " ".join(errors.read_text().split()):
            assert proc.poll() is None, f"the second build ended instead of waiting: {errors.read_text()}"
            assert time.monotonic() < deadline, "the second build never said it waits for the lock"
            time.sleep(0.05)
        assert proc.poll() is None, "the second build should wait for the lock"
        assert not (out / "graph.json").exists()
    proc.wait(timeout=120)
    assert proc.returncode == 0, errors.read_text()
    assert load(out / "graph.json").number_of_nodes() > 0


def test_leftover_temporary_files_are_cleared(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=1), tmp_path / "out"
    out.mkdir()
    leftover = out / ".graph.json.x1y2.tmp"
    leftover.write_text('{"half": ')
    build(content, out, workers=1)
    assert not leftover.exists()
    assert load(out / "graph.json").number_of_nodes() > 0


def test_bad_taxonomy_is_one_clear_error(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=1), tmp_path / "out"
    taxonomy = tmp_path / "mine.yaml"
    taxonomy.write_text("no_such_key: [x]\n")
    result = CliRunner().invoke(
        app, ["build", "--content", str(content), "--out", str(out), "--taxonomy", str(taxonomy)]
    )
    assert result.exit_code == 1
    assert f"{taxonomy}:1:" in " ".join(result.output.split())
    assert not (out / "graph.json").exists()


def test_workers_that_cannot_start_fall_back_to_one_process(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=4), tmp_path / "out"
    # a program read from stdin cannot be re-imported by spawned workers
    script = (
        "import sys, kg.builder\n"
        "import kg.workers; kg.workers.MIN_PARALLEL_BYTES = 0\n"
        f"r = kg.builder.build({str(content)!r}, {str(out)!r}, workers=2, on_notice=print)\n"
        "print('RESULT', r.parsed, r.workers)\n"
    )
    done = subprocess.run([sys.executable, "-"], input=script, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert "parsing the rest in this process" in done.stdout
    assert "RESULT 4 1" in done.stdout
    assert load(out / "graph.json").number_of_nodes() > 0
