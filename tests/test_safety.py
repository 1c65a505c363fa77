"""kg touches only what it wrote: no deleting or writing through links or into folders of others."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import write
from typer.testing import CliRunner

from kg import cache as cache_mod
from kg.builder import BuildError, build
from kg.cli import app
from kg.store import load

POST = """
---
title: {title}
---

# {title}

A product engineer at Acme talks to users and writes code every day.
"""


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch) -> None:
    """Cache keys that ignore edits to kg's source made while the test runs."""
    monkeypatch.setattr(cache_mod, "code_digest", lambda root=None: "pinned")


def corpus(folder: Path, n: int = 1) -> Path:
    for i in range(n):
        write(folder, f"post-{i}.md", POST.format(title=f"Post {i}"))
    return folder


def run_build(content: Path, out: Path, *more: str):
    return CliRunner().invoke(app, ["build", "--content", str(content), "--out", str(out), *more])


def one_line_error(result) -> str:
    text = result.output.strip()
    assert "Traceback" not in text
    assert len(text.splitlines()) == 1, text
    return " ".join(text.split())


# --- fault 1: cache pruning deletes only kg's own files and never follows a link ------------------


def test_build_never_deletes_files_in_a_cache_folder_it_did_not_make(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "proj"
    precious = out / "cache" / "important" / "data.txt"
    precious.parent.mkdir(parents=True)
    precious.write_text("precious")
    result = run_build(content, out)
    assert precious.read_text() == "precious"
    assert result.exit_code == 1
    assert "cache" in one_line_error(result) and "important" in result.output


def test_build_refuses_a_cache_folder_that_is_a_symlink(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "repo" / "out"
    repo = out.parent
    (repo / ".git").mkdir(parents=True)
    (repo / ".git" / "config").write_text("[core]\n")
    (repo / "README").write_text("hello")
    out.mkdir()
    (out / "cache").symlink_to("..")
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "symlink" in one_line_error(result)
    assert sorted(p.name for p in repo.iterdir()) == [".git", "README", "out"]
    assert (repo / ".git" / "config").read_text() == "[core]\n"
    assert not (out / "graph.json").exists()


def test_build_refuses_an_out_folder_that_is_a_symlink(tmp_path: Path) -> None:
    content, elsewhere = corpus(tmp_path / "posts"), tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "out").symlink_to(elsewhere)
    result = run_build(content, tmp_path / "out")
    assert result.exit_code == 1
    assert "symlink" in one_line_error(result)
    assert list(elsewhere.iterdir()) == []


def test_build_refuses_outputs_it_did_not_write(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "site"
    out.mkdir()
    (out / "graph.html").write_text("<p>my own page</p>")
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "graph.html" in one_line_error(result)
    assert (out / "graph.html").read_text() == "<p>my own page</p>"


def test_prune_removes_only_kg_entries_and_no_link_targets(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts", n=2), tmp_path / "out"
    build(content, out, workers=1)
    entries = sorted((out / "cache").glob("*/*.json"))
    assert len(entries) == 2
    victim = tmp_path / "victim.json"
    victim.write_text("keep me")
    stray = entries[0].parent / "notes.txt"
    stray.write_text("mine")
    link = entries[0].parent / ("f" * 64 + ".json")
    link.symlink_to(victim)
    with pytest.raises(BuildError, match="symlink"):
        build(content, out, workers=1)
    link.unlink()
    (content / "post-1.md").unlink()
    build(content, out, workers=1)
    assert victim.read_text() == "keep me"
    assert stray.read_text() == "mine"
    assert len(sorted((out / "cache").glob("*/*.json"))) == 1


def test_an_out_folder_of_an_older_kg_is_still_used(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    for marker in (out / ".kg-out", out / "cache" / ".kg-cache"):
        marker.unlink()  # as an older kg left it
    result = build(content, out, workers=1)
    assert result.cached == 1
    assert load(out / "graph.json").number_of_nodes() > 0


# --- fault 2: the lock never follows a symlink -------------------------------------------------------


def test_the_lock_is_never_opened_through_a_symlink(tmp_path: Path) -> None:
    content, out = corpus(tmp_path / "posts"), tmp_path / "o"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("do not touch")
    (out / ".kg-build.lock").symlink_to(victim)
    result = run_build(content, out)
    assert victim.read_text() == "do not touch"
    assert result.exit_code == 1
    assert ".kg-build.lock" in one_line_error(result)


# --- fault 6: outputs are renamed only when all are written; a full disk is one line -------------


def test_a_full_disk_while_writing_graph_html_leaves_the_previous_outputs(
    tmp_path: Path, monkeypatch
) -> None:
    import errno

    from kg import store

    content, out = corpus(tmp_path / "posts"), tmp_path / "out"
    build(content, out, workers=1)
    names = ("graph.json", "graph.html", "cache/graph-index.sqlite")
    before = {name: (out / name).read_bytes() for name in names}
    write(content, "post-9.md", POST.format(title="Post 9"))
    real_stage = store.stage

    def full_disk(path, text):
        if Path(path).name == "graph.html":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        return real_stage(path, text)

    monkeypatch.setattr(store, "stage", full_disk)
    result = run_build(content, out)
    assert result.exit_code == 1
    assert "disk full" in one_line_error(result).split("warning")[-1]
    for name, data in before.items():
        assert (out / name).read_bytes() == data, f"{name} changed by a failed build"
    assert not list(out.glob(".*.tmp")) and not list((out / "cache").glob(".*.tmp"))


# --- fault 7: symlinks in --content that lead outside it are not followed ---------------------------


def test_symlinks_out_of_the_content_folder_are_reported_once_and_not_followed(tmp_path: Path) -> None:
    from kg.corpus import iter_files

    content = corpus(tmp_path / "posts")
    outside = corpus(tmp_path / "private")
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (content / "linked").symlink_to(outside)
    (content / "secret.md").symlink_to(secret)
    (content / "root").symlink_to("/")
    write(content, "inner/post-in.md", POST.format(title="Inner"))
    (content / "again").symlink_to(content / "inner")  # inside the folder: read once
    problems = []
    files = sorted(p.relative_to(content).as_posix() for p in iter_files(content, problems.append))
    assert files == ["again/post-in.md", "post-0.md"]
    skipped = sorted(p.path for p in problems if "outside" in p.message)
    assert skipped == ["linked", "root", "secret.md"]
    assert len(problems) == 4  # the three links out, and the second way into inner/


# --- fault 3 (and 10): taxonomy patterns are bounded, bad ones are FILE:LINE errors ----------------

HUGE = " ".join("|".join(f"w{i}{j}/NOUN" for j in range(13)) for i in range(9))


@pytest.mark.parametrize(
    "pattern, reason",
    [
        (HUGE, "alternatives"),
        ("taste " + " ".join(["... tea"] * 12), "gaps"),
        (" ".join(f"w{i}" for i in range(40)), "words"),
        ("tea ...", "word"),
        ("", "empty"),
    ],
    ids=["alternatives", "gaps", "words", "ends-in-gap", "empty"],
)
def test_a_taxonomy_pattern_too_big_or_malformed_is_a_file_line_error(
    tmp_path: Path, pattern, reason
) -> None:
    import json
    import time

    from kg.extract.vocab import VocabError, load_vocab

    taxonomy = tmp_path / "mine.yaml"
    taxonomy.write_text(f"skills:\n  tea tasting:\n    - tasting tea\n    - {json.dumps(pattern)}\n")
    start = time.monotonic()
    with pytest.raises(VocabError, match=rf"^{taxonomy}:4: .*{reason}"):
        load_vocab(taxonomy)
    assert time.monotonic() - start < 5
    result = run_build(corpus(tmp_path / "posts"), tmp_path / "out", "--taxonomy", str(taxonomy))
    assert result.exit_code == 1
    assert f"{taxonomy}:4:" in one_line_error(result)


# --- fault 5: terminal escapes from posts never reach the terminal -----------------------------------

EVIL = "a \x1b]0;PWNED\x07 \x1b[2J \x9b31m"


@pytest.mark.parametrize(
    "command",
    [
        ["show", "tag:evil"],
        ["show", "tag:evil", "--format", "markdown"],
        ["links", "post:/blog/p"],
        ["neighbors", "post:/blog/p"],
        ["neighbors", "post:/blog/p", "--format", "markdown"],
        ["neighbors", "tag:evil", "--format", "json"],
    ],
)
def test_control_characters_from_a_post_are_never_printed_raw(tmp_path: Path, command) -> None:
    import networkx as nx

    from kg import store

    graph = nx.MultiDiGraph()
    ev = [{"post": "post:/blog/p", "line": 3, "text": f"tagged {EVIL}"}]
    graph.add_node("post:/blog/p", type="post", label=f"P {EVIL}", url="/blog/p", in_corpus=True)
    graph.add_node("tag:evil", type="tag", label=EVIL, aliases=[EVIL])
    graph.add_node("post:/blog/q", type="post", label=EVIL, url="/blog/q", in_corpus=False)
    graph.add_edge("post:/blog/p", "tag:evil", key="tagged", type="tagged", weight=1, evidence=ev)
    graph.add_edge("post:/blog/p", "post:/blog/q", key="links_to", type="links_to", weight=1, evidence=ev)
    path = tmp_path / "graph.json"
    store.save(graph, path)
    result = CliRunner().invoke(app, [*command, "--graph", str(path)])
    assert result.exit_code == 0, result.output
    assert not any(c in result.output for c in "\x1b\x07\x9b"), repr(result.output)
    assert "PWNED" in result.output


# --- faults 4, 11, 12 and the export tracebacks of 10 ------------------------------------------------


def _odd_graph():
    import networkx as nx

    graph = nx.MultiDiGraph(corpus="c\x1bontent")
    graph.add_node("post:/blog/a\x1bb", type="post", label="x\uffffy \x00 \x0c", title='=HYPERLINK("x")')
    graph.add_node("skill:s", type="skill", label="@SUM(A1)", weight=float("inf"), big=2**70)
    graph.add_edge("post:/blog/a\x1bb", "skill:s", key="mentions", type="mentions", weight=1, evidence=[])
    return graph


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_xml_exports_read_back_whatever_the_strings_hold(tmp_path: Path, fmt) -> None:
    import networkx as nx

    from kg.render.export import export

    path = tmp_path / f"g.{fmt}"
    export(_odd_graph(), fmt, path)
    back = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(path)
    assert back.number_of_nodes() == 2 and back.number_of_edges() == 1


def test_cypher_writes_only_values_cypher_reads() -> None:
    from kg.render.export import to_cypher

    text = to_cypher(_odd_graph())
    assert "inf," not in text and "inf}" not in text and str(2**70) + "," not in text
    assert "'inf'" in text and f"'{2**70}'" in text


def test_csv_cells_never_start_a_spreadsheet_formula(tmp_path: Path) -> None:
    import csv

    from kg.render.export import export

    export(_odd_graph(), "csv", tmp_path)
    with open(tmp_path / "nodes.csv", newline="") as handle:
        cells = [cell for row in list(csv.reader(handle))[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "@", "+")]


def test_csv_out_that_is_a_file_is_one_line_exit_1(tmp_path: Path, graph_file: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = CliRunner().invoke(
        app, ["export", "--format", "csv", "--out", str(target), "--graph", str(graph_file)]
    )
    assert result.exit_code == 1
    assert "is a file" in one_line_error(result)


def test_out_that_is_a_file_is_one_line_exit_1(tmp_path: Path) -> None:
    target = tmp_path / "file"
    target.write_text("x")
    result = run_build(corpus(tmp_path / "posts"), target)
    assert result.exit_code == 1
    assert "is a file" in one_line_error(result)


# --- fault 9: a damaged index with an intact header falls back to graph.json ---------------------------


@pytest.mark.parametrize("where", [0.3, 0.6, 0.9])
def test_a_damaged_index_body_falls_back_to_graph_json(
    tmp_path: Path, graph_file: Path, where: float
) -> None:
    import kg as kg_api
    from kg.index import index_path

    kg_api.load(graph_file).save(graph_file)
    index = index_path(graph_file)
    data = bytearray(index.read_bytes())
    start = int(len(data) * where)
    for i in range(start, min(start + 512, len(data))):
        data[i] ^= 0xFF
    index.write_bytes(bytes(data))
    os.utime(graph_file, ns=(graph_file.stat().st_atime_ns, graph_file.stat().st_mtime_ns))
    for command in (["compare", "pe", "pm"], ["skills", "pe"], ["show", "pe"], ["roles"]):
        result = CliRunner().invoke(app, [*command, "--graph", str(graph_file)])
        assert result.exit_code == 0, result.output
        assert "Traceback" not in result.output


# --- fault 10: a graph.json of the right version with wrong types is one line, exit 1 ----------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d["nodes"][0].update(label=["a"]),
        lambda d: d["nodes"][0].update(label=None),
        lambda d: d["nodes"][0].update(aliases=3),
        lambda d: d["links"][0].update(evidence=["a sentence"]),
        lambda d: d["links"][0].update(weight="2"),
        lambda d: d["links"][0].update(weight=None),
        lambda d: d["links"][0].pop("key"),
    ],
    ids=["label-list", "label-null", "aliases-int", "evidence-str", "weight-str", "weight-null", "no-key"],
)
@pytest.mark.parametrize(
    "command", [["stats"], ["show", "pe"], ["compare", "pe", "pm"], ["export", "-f", "graphml"]]
)
def test_a_graph_json_with_wrong_types_is_one_line_exit_1(
    tmp_path: Path, graph_file: Path, damage, command
) -> None:
    import json

    data = json.loads(graph_file.read_text())
    damage(data)
    graph_file.write_text(json.dumps(data))
    result = CliRunner().invoke(app, [*command, "--graph", str(graph_file)])
    assert result.exit_code == 1, result.output
    assert str(graph_file) in one_line_error(result)


# --- rough edges ---------------------------------------------------------------------------------------


def test_neighbors_of_an_unknown_type_exits_2_listing_the_types(graph_file: Path) -> None:
    result = CliRunner().invoke(app, ["neighbors", "pm", "--type", "skills", "--graph", str(graph_file)])
    assert result.exit_code == 2
    assert "skill" in one_line_error(result) and "role" in result.output


def test_build_ends_with_the_absolute_paths_of_its_outputs(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    corpus(tmp_path / "posts")
    result = CliRunner().invoke(app, ["build", "--content", "posts", "--out", "out"])
    assert result.exit_code == 0, result.output
    for name in ("graph.json", "graph.html"):
        assert f"wrote {tmp_path / 'out' / name}" in result.output


def test_stats_tells_corpus_posts_from_outside_link_targets(tmp_path: Path) -> None:
    import json

    content, out = corpus(tmp_path / "posts", n=2), tmp_path / "out"
    write(
        content,
        "post-0.md",
        POST.format(title="Post 0") + "\nSee [a](/blog/elsewhere) and [b](/blog/gone).\n",
    )
    build(content, out, workers=1)
    result = CliRunner().invoke(app, ["stats", "--graph", str(out / "graph.json"), "--format", "json"])
    assert json.loads(result.output)["posts"] == {"in_corpus": 2, "outside": 2}
    table = CliRunner().invoke(app, ["stats", "--graph", str(out / "graph.json")]).output
    assert "in the corpus" in table and "outside" in table


def test_a_readme_like_file_without_frontmatter_is_skipped_and_said_so(tmp_path: Path) -> None:
    from kg.corpus import read_corpus

    content = corpus(tmp_path / "posts")
    write(content, "SOURCES.md", "# Sources\n\n- https://example.com/a\n")
    write(content, "NOTES.md", "---\ntitle: Notes\n---\n\nA designer writes notes.\n")  # frontmatter: a post
    posts, problems = read_corpus(content)
    assert sorted(p.file for p in posts) == ["NOTES.md", "post-0.md"]
    assert [(p.path, "not a post" in p.message) for p in problems] == [("SOURCES.md", True)]
