"""Messy input: every bad file is read or skipped, reported once as `path:line: what`, and the build goes on.

The small messy files live in fixtures/messy/; the big and odd ones (20 MB, binary, Latin-1, UTF-16,
deep nesting, a very long line, a symlink loop, a fifo, an unreadable file, a name that is not UTF-8)
are made in a temporary folder, next to a copy of the fixtures.
"""

from __future__ import annotations

import os
import shutil
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kg import store
from kg.cli import app
from kg.corpus import read_corpus
from kg.model import Problem
from kg.prose import MAX_PIECE_CHARS

FIXTURES = Path(__file__).parent / "fixtures" / "messy"
LOCKED = "locked.md"
BAD_NAME = b"bad\xffname.md"
runner = CliRunner()


@dataclass
class Case:
    """One messy file: the problems it must be reported with, and what of it must reach the graph."""

    file: str
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, part of the message)
    links: list[tuple[str, int]] = field(default_factory=list)  # (target URL, source line) kept
    title: str | None = None  # title of its post node; None when the file is skipped
    skipped: bool = False


CASES = [
    Case("bad-yaml.md", [(4, "invalid frontmatter")], [("/blog/badyaml-target", 6)], "Bad yaml"),
    Case(
        "no-frontmatter.md", [(1, "no frontmatter")], [("/blog/nofront-target", 3)], "Nofront heading title"
    ),
    Case("frontmatter-only.md", [(1, "frontmatter only")], [], "Fmonly title with no body"),
    Case("empty.md", [(1, "empty file")], [], "Empty"),
    Case("binary.md", [(1, "binary file")], skipped=True),
    Case("latin1.md", [(2, "not valid UTF-8")], [("/blog/latin-target", 5)], "Café au lait"),
    Case("utf16.md", [], [("/blog/utf16-target", 5)], "Sixteen"),
    Case("utf16-nobom.md", [], [("/blog/utf16-nobom-target", 5)], "Sixteen without BOM"),
    Case("bom.md", [], [("/blog/bom-target", 5)], "Bom title"),
    Case("crlf.md", [], [("/blog/crlf-target", 6)], "Crlf title"),
    Case("mojibake.md", [], [("/blog/moji-target", 5)], "Mojibake title"),
    Case(
        "components.mdx",
        [],
        [("/blog/mdx-single", 12), ("/blog/mdx-multi", 21), ("/blog/mdx-after", 27)],
        "MDX components",
    ),
    Case("raw-html.md", [], [("/blog/html-after", 13)], "Raw HTML"),
    Case("long-line.md", [(5, "parts of at most")], [("/blog/long-end", 5)], "Long line"),
    Case(
        "nested-list.md", [(14, "nested over")], [("/blog/nest-deep", 44), ("/blog/nest-after", 46)], "Nested"
    ),
    Case(
        "nested-quotes.md",
        [(5, "nested over")],
        [("/blog/quote-deep", 5), ("/blog/quote-after", 7)],
        "Quotes",
    ),
    Case("big.md", [(1, "over the 5 MB limit")], skipped=True),
    Case("links.md", [(5, "javascript:"), (5, "data:")], [("/blog/ok-page", 5)], "Hostile links"),
    Case("a/same-slug.md", [], [], "Same slug A"),
    Case("b/same-slug.md", [(1, "same URL /blog/same-slug as a/same-slug.md")], [], "Same slug B"),
    Case(
        "odd-fields.md",
        [(2, "`title` is not text"), (3, "`date`"), (4, "`tags` has entries"), (5, "`author`")],
        [("/blog/odd-target", 8)],
        "Odd fields",
    ),
    Case("unclosed-fence.md", [(7, "never closed")], [("/blog/fence-target", 5)], "Unclosed fence"),
    Case("a/loop", [(1, "same folder as .")], skipped=True),
    Case("self-link.md", [(1, "cannot read")], skipped=True),
    Case("pipe.md", [(1, "not a regular file")], skipped=True),
    Case(LOCKED, [(1, "cannot read")], skipped=True),
    Case("bad\ufffdname.md", [(1, "file name is not valid UTF-8")], [], "Bad\ufffdname"),
]
BY_FILE = {case.file: case for case in CASES}
SENTENCE = "Longline words go on and on without a break. "


def post(title: str, body: str) -> str:
    return f"---\ntitle: {title}\n---\n\n{body}\n"


def make_messy(folder: Path) -> Path:
    """A copy of fixtures/messy plus the files too big or too odd to commit."""
    shutil.copytree(FIXTURES, folder)
    (folder / "latin1.md").write_bytes(
        post("Café au lait", "Latinword café [link](/blog/latin-target).").encode("latin-1")
    )
    (folder / "utf16.md").write_bytes(post("Sixteen", "Utfword [link](/blog/utf16-target).").encode("utf-16"))
    (folder / "utf16-nobom.md").write_bytes(
        post("Sixteen without BOM", "Utfnobom [link](/blog/utf16-nobom-target).").encode("utf-16-le")
    )
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16)
    with open(folder / "big.md", "wb") as big:  # 20 MB, sparse: skipped before it is read
        big.write(b"# Big\n")
        big.truncate(20 * 1024 * 1024)
    long_line = SENTENCE * (2 * MAX_PIECE_CHARS // len(SENTENCE) + 10) + "[The end](/blog/long-end)."
    (folder / "long-line.md").write_text(post("Long line", long_line))
    deep = (
        "".join("  " * i + f"- Nestitem {i}\n" for i in range(39)) + "  " * 39 + "- [Deep](/blog/nest-deep)"
    )
    (folder / "nested-list.md").write_text(post("Nested", deep + "\n\nNestafter [link](/blog/nest-after)."))
    quotes = ">" * 40 + " Quotedeep [link](/blog/quote-deep)\n\nQuoteafter [link](/blog/quote-after)."
    (folder / "nested-quotes.md").write_text(post("Quotes", quotes))
    (folder / "a" / "loop").symlink_to("..")
    (folder / "self-link.md").symlink_to("self-link.md")
    os.mkfifo(folder / "pipe.md")
    (folder / LOCKED).write_text(post("Locked", "Locked text."))
    with open(os.fsencode(folder) + b"/" + BAD_NAME, "wb") as named:
        named.write(post("Bad\ufffdname", "Badname text.").encode())
    return folder


@contextmanager
def unreadable(path: Path) -> Iterator[None]:
    """`path` made unreadable: chmod 000, and (as root, whom that does not stop) a failing read_bytes."""
    path.chmod(0)
    real = Path.read_bytes

    def refuse(self: Path) -> bytes:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    with pytest.MonkeyPatch.context() as mp:
        try:
            path.open("rb").close()
            mp.setattr(Path, "read_bytes", refuse)
        except PermissionError:
            pass
        yield
    path.chmod(0o644)


@pytest.fixture(scope="module")
def messy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_messy(tmp_path_factory.mktemp("messy") / "content")


@pytest.fixture(scope="module")
def read(messy: Path) -> tuple[list, list[Problem]]:
    with unreadable(messy / LOCKED):
        return read_corpus(messy)


@pytest.fixture(scope="module")
def built(messy: Path, tmp_path_factory: pytest.TempPathFactory):
    """`kg build` of the messy folder (and the same build again with --strict), and its graph."""
    out = tmp_path_factory.mktemp("out")
    args = ["build", "--content", str(messy), "--out", str(out), "--workers", "1"]
    with unreadable(messy / LOCKED):
        first = runner.invoke(app, args)
        strict = runner.invoke(app, [*args, "--strict"])
    assert first.exit_code == 0, first.output
    return first, strict, store.load(out / "graph.json")


def warnings(stderr: str, content: Path) -> Counter:
    """(file, line, message) of each `warning: path:line: message` line kg build printed."""
    found: Counter = Counter()
    prefix = f"warning: {content.as_posix()}/"
    for line in stderr.splitlines():
        assert not line.startswith("warning:") or line.startswith(prefix), line
        if line.startswith(prefix):
            file, number, message = line.removeprefix(prefix).split(":", 2)
            found[(file, int(number), message.strip())] += 1
    return found


def matches(found: dict, file: str, line: int, part: str) -> list:
    return [key for key in found if key[0] == file and key[1] == line and part in key[2]]


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_read_corpus_reports_each_problem_once_and_keeps_what_it_can(case: Case, read) -> None:
    posts, problems = read
    found = Counter((p.path, p.line, p.message) for p in problems)
    for line, part in case.problems:
        hits = matches(found, case.file, line, part)
        assert len(hits) == 1 and found[hits[0]] == 1, (case.file, line, part, problems)
    assert len([p for p in problems if p.path == case.file]) == len(case.problems), problems
    by_file = {p.file: p for p in posts}
    if case.skipped:
        assert case.file not in by_file
        return
    read_post = by_file[case.file]
    assert read_post.title == case.title
    assert sorted((link.url, link.line) for link in read_post.links) == sorted(case.links)


@pytest.mark.parametrize("case", CASES, ids=[c.file for c in CASES])
def test_kg_build_goes_on_reports_once_and_keeps_what_it_can(case: Case, built, messy: Path) -> None:
    first, _, graph = built
    found = warnings(first.stderr, messy)
    for line, part in case.problems:
        hits = matches(found, case.file, line, part)
        assert len(hits) == 1 and found[hits[0]] == 1, (case.file, line, part, first.stderr)
    assert len([key for key in found if key[0] == case.file]) == len(case.problems), first.stderr
    posts = {d["file"]: (n, d) for n, d in graph.nodes(data=True) if d.get("in_corpus")}
    if case.skipped:
        assert case.file not in posts
        return
    node, data = posts[case.file]
    assert data["title"] == case.title
    for url, line in case.links:
        edge = graph.get_edge_data(node, f"post:{url}", key="links_to")
        assert edge is not None, (case.file, url)
        assert [(ev["post"], ev["line"]) for ev in edge["evidence"]] == [(node, line)]


def test_kg_build_sums_up_and_strict_makes_warnings_an_error(built, messy: Path) -> None:
    first, strict, _ = built
    total = sum(warnings(first.stderr, messy).values())
    assert total == sum(len(case.problems) for case in CASES)
    assert f"{total} warning(s)" in first.stderr.splitlines()[-1]
    assert strict.exit_code == 1
    assert warnings(strict.stderr, messy) == warnings(first.stderr, messy)  # cached files report again


def test_duplicate_slugs_get_distinct_ids(built) -> None:
    _, _, graph = built
    titles = {graph.nodes[n]["title"]: n for n in graph if n.startswith("post:/blog/same-slug")}
    assert titles == {"Same slug A": "post:/blog/same-slug", "Same slug B": "post:/blog/same-slug~2"}


def test_no_markup_script_or_mojibake_reaches_the_text(read) -> None:
    posts, _ = read
    text = " ".join(piece.text for p in posts for piece in p.pieces) + " ".join(p.title for p in posts)
    for word in ("Exportword", "Mdxcomment", "Htmlblock", "Scriptblock", "Inlinescript", "Callout", "â€"):
        assert word not in text
    for word in ("Mdxsingle", "Mdxmulti", "Mdxafter", "Htmlafter", "Crlftwo", "Bomtext", "they've"):
        assert word in text


def test_long_text_is_cut_into_parts_the_parser_can_take(read) -> None:
    posts, _ = read
    (long_post,) = [p for p in posts if p.file == "long-line.md"]
    assert len(long_post.pieces) >= 3
    assert all(len(piece.text) <= MAX_PIECE_CHARS for piece in long_post.pieces)
    assert all(piece.text.startswith("Longline") for piece in long_post.pieces)  # cut at sentence ends
    whole = "".join(piece.text for piece in long_post.pieces)
    assert whole == SENTENCE * (2 * MAX_PIECE_CHARS // len(SENTENCE) + 10) + "The end."  # nothing lost


def test_deep_nesting_keeps_every_item(read) -> None:
    posts, _ = read
    (nested,) = [p for p in posts if p.file == "nested-list.md"]
    items = [piece for piece in nested.pieces if piece.text.startswith("Nestitem")]
    assert [piece.text for piece in items] == [f"Nestitem {i}" for i in range(39)]
    assert [piece.line for piece in items] == list(range(5, 44))


def test_files_over_the_size_limit_are_skipped(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(post("Small", "Small text."))
    (tmp_path / "b.md").write_text(post("Bigger", "Bigword " * 200_000))  # 1.6 MB
    posts, problems = read_corpus(tmp_path, max_file_mb=1)
    assert [p.file for p in posts] == ["a.md"]
    assert [str(p) for p in problems] == ["b.md:1: file is 1.5 MB, over the 1 MB limit: skipped"]
    assert [p.file for p in read_corpus(tmp_path)[0]] == ["a.md", "b.md"]
