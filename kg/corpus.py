"""Files -> Posts: frontmatter, text repair, markdown -> prose pieces with sections, links and lines."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import unicodedata
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import frontmatter
import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)
import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kg.links import normalise
from kg.model import Link, Piece, Post, Problem

SUFFIXES = (".md", ".mdx")
DEFAULT_ROOT = "/blog"
DEFAULT_MAX_FILE_MB = 5.0

_md = MarkdownIt("commonmark").enable("table").enable("strikethrough")

# cp1252 bytes with no character: text that went UTF-8 -> cp1252 -> UTF-8 loses them.
_LOST_BYTES = {3: b"\x9d\x81\x8d\x8f\x90", 4: b"\x8f\x9d\x81\x8d\x90"}  # likeliest first
# cp1252's characters for UTF-8 continuation bytes 0x80-0xBF
_CONTINUATION = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
# "â€" that nothing continues: a right double quote (E2 80 9D) whose last byte was dropped
_LOST_QUOTE = re.compile(f"â€(?![{re.escape(_CONTINUATION)}])")
_MOJIBAKE_RUN = re.compile("[\u00c2-\u00f4][\u0080-\u02dc\u2013-\u2122]+")
_FRONTMATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
_MDX_STATEMENT = re.compile(r"^(import|export)\s")
_JSX_OPEN = re.compile(r"^\s*<[A-Z][\w.]*")
_JSX_CLOSE = re.compile(r"^\s*</[A-Z][\w.]*\s*>")


class PostError(Exception):
    """A file that cannot be read as a post at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


def iter_files(folder: Path) -> Iterator[Path]:
    """Every .md/.mdx file under `folder`, recursively, sorted, following no symlink loop."""
    seen: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            continue
        seen.add(real)
        dirnames.sort()
        for name in sorted(filenames):
            if name.lower().endswith(SUFFIXES):
                yield Path(dirpath) / name


def repair(text: str) -> str:
    """Fix mojibake with ftfy, restoring the bytes a cp1252 round trip drops when ftfy alone can't."""
    text = ftfy.fix_text(_LOST_QUOTE.sub("â€\x9d", text), normalization="NFC")
    if not _MOJIBAKE_RUN.search(text):
        return text
    return _MOJIBAKE_RUN.sub(lambda m: _restore_run(m.group(0)), text)


def _restore_run(run: str) -> str:
    """Decode a mojibake run as UTF-8, putting back the undefined cp1252 bytes it lost."""
    try:
        raw = run.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return run
    out = bytearray()
    i = 0
    while i < len(raw):
        lead = raw[i]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if lead >= 0xF0 else 1
        candidates = [raw[i : i + size]] + [
            raw[i : i + pos] + bytes([lost]) + raw[i + pos : i + size - 1]
            for pos in range(size - 1, 0, -1)
            for lost in _LOST_BYTES.get(size, b"")
        ]
        for cand in candidates:
            try:
                char = cand.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if unicodedata.category(char[0]) == "Cn":
                continue  # no such character: the lost byte belongs elsewhere
            out += cand
            i += len(cand) - (cand is not candidates[0])
            break
        else:
            return run
    return out.decode("utf-8")


def decode(data: bytes, path: str) -> tuple[str, list[Problem]]:
    """Bytes -> text: BOMs honoured, UTF-8 preferred, cp1252 as the fallback; binary refused."""
    problems: list[Problem] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), problems
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise PostError(Problem(path, 1, "binary file, not text: skipped"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        problems.append(Problem(path, line, "not valid UTF-8, read as cp1252/Latin-1"))
        text = data.decode("cp1252", errors="replace")
    return text, problems


def split_frontmatter(text: str, path: str) -> tuple[dict[str, Any], int, list[Problem]]:
    """YAML frontmatter (python-frontmatter's YAML handler) and the number of lines it takes."""
    m = _FRONTMATTER.match(text)
    if not m:
        return {}, 0, []
    body_start = text[: m.end()].count("\n") + (0 if m.group(2) else 1)
    try:
        meta = frontmatter.YAMLHandler().load(m.group(1) or "")
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 1
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return {}, body_start, [Problem(path, line, f"invalid frontmatter: {reason}")]
    if not isinstance(meta, dict):
        return {}, body_start, [Problem(path, 2, "frontmatter is not a mapping: ignored")]
    return meta, body_start, []


def blank_non_prose(body: str) -> str:
    """Blank MDX import/export lines and JSX component tags, keeping the line count.

    Markdown between an opening and a closing component tag on lines of their own stays prose.
    """
    out: list[str] = []
    in_tag = False  # inside a component tag that spans lines, until its closing `>`
    for line in body.split("\n"):
        if in_tag:
            in_tag = ">" not in line
            out.append("")
        elif _JSX_OPEN.match(line) or _JSX_CLOSE.match(line):
            in_tag = ">" not in line
            out.append("")
        else:
            out.append("" if _MDX_STATEMENT.match(line) else line)
    return "\n".join(out)


def _as_list(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if v is not None and str(v).strip()]
    return [s.strip() for s in str(value).split(",") if s.strip()]


def _date(value: Any) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if value is None:
        return None
    m = re.match(r"\d{4}-\d{2}-\d{2}", str(value))
    return m.group(0) if m else str(value)


def _meta_lines(text: str, keys: list[str]) -> dict[str, int]:
    """The frontmatter line of each top-level key, for evidence."""
    found: dict[str, int] = {}
    for i, line in enumerate(text.split("\n")[:400], 1):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) in keys and m.group(1) not in found:
            found[m.group(1)] = i
    return found


class _Walker:
    """Turns markdown-it tokens into Pieces and Links, tracking sections and lines."""

    def __init__(self, post_url: str, offset: int) -> None:
        self.url = post_url
        self.offset = offset  # file lines before the markdown body
        self.pieces: list[Piece] = []
        self.links: list[Link] = []
        self.section: list[tuple[int, str]] = []
        self.title: str | None = None
        self.title_line = 1

    def walk(self, tokens: list[Token]) -> None:
        quote_depth = 0
        list_parents: list[int] = []  # piece index introducing each open list
        item_first: list[bool] = []
        heading_level = 0
        for tok in tokens:
            t = tok.type
            if t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                quote_depth -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                parent = len(self.pieces) - 1
                if list_parents and item_first and not item_first[-1]:
                    parent = list_parents[-1]
                list_parents.append(parent)
            elif t in ("bullet_list_close", "ordered_list_close"):
                list_parents.pop()
            elif t == "list_item_open":
                item_first.append(True)
            elif t == "list_item_close":
                item_first.pop()
            elif t == "heading_open":
                heading_level = int(tok.tag[1:])
            elif t == "inline" and tok.map is not None:
                if heading_level:
                    self._heading(tok, heading_level)
                    heading_level = 0
                elif list_parents and item_first:
                    kind = "item"
                    piece = self._inline(tok, kind, level=len(list_parents), parent=list_parents[-1])
                    if item_first[-1] and piece is not None:
                        item_first[-1] = False
                        list_parents[-1] = list_parents[-1]
                elif quote_depth:
                    self._inline(tok, "quote")
                else:
                    self._inline(tok, "paragraph")

    def _heading(self, tok: Token, level: int) -> None:
        piece = self._inline(tok, "heading", level=level, section_after=True)
        text = piece.text if piece is not None else ""
        while self.section and self.section[-1][0] >= level:
            self.section.pop()
        self.section.append((level, text))
        if piece is not None:
            piece.section = [s for _, s in self.section]
        if level == 1 and self.title is None and text:
            self.title = text
            self.title_line = self.offset + tok.map[0] + 1  # type: ignore[index]

    def _inline(
        self, tok: Token, kind: str, level: int = 0, parent: int = -1, section_after: bool = False
    ) -> Piece | None:
        line = self.offset + tok.map[0] + 1  # type: ignore[index]
        text = ""
        breaks: list[tuple[int, int]] = [(0, line)]
        link_stack: list[tuple[int, str, int]] = []
        index = len(self.pieces)
        for child in tok.children or []:
            c = child.type
            if c == "text" or c == "code_inline":
                text += child.content
            elif c in ("softbreak", "hardbreak"):
                line += 1
                text += " " if c == "softbreak" else "\n"
                breaks.append((len(text), line))
            elif c == "link_open":
                link_stack.append((len(text), str(child.attrs.get("href", "")), line))
            elif c == "link_close" and link_stack:
                start, href, link_line = link_stack.pop()
                url = normalise(href, self.url)
                if url is not None:
                    self.links.append(Link(text[start:].strip(), href, url, link_line, index))
            elif c == "html_inline":
                continue  # tags are markup, not prose
            # images: their alt text is not prose and their targets are not links
        if not text.strip():
            return None
        piece = Piece(
            text=text,
            kind=kind,
            section=[s for _, s in self.section],
            breaks=breaks,
            level=level,
            parent=parent,
        )
        self.pieces.append(piece)
        return piece


def parse_post(text: str, rel: str, problems: list[Problem] | None = None, digest: str = "") -> Post:
    """One file's text -> Post. `rel` is its path relative to the corpus folder."""
    problems = problems if problems is not None else []
    text = repair(text.replace("\r\n", "\n").replace("\r", "\n"))
    meta, body_start, fm_problems = split_frontmatter(text, rel)
    problems.extend(fm_problems)
    lines = text.split("\n")
    body = "\n".join(lines[body_start:])
    stem = Path(rel).stem
    root = str(meta.get("rootPage") or meta.get("rootpage") or DEFAULT_ROOT)
    url = normalise("/" + root.strip("/") + "/" + stem) or "/" + stem
    walker = _Walker(url, body_start)
    try:
        walker.walk(_md.parse(blank_non_prose(body)))
    except RecursionError:
        problems.append(Problem(rel, body_start + 1, "markdown nested too deeply: body skipped"))
    title = str(meta.get("title") or walker.title or stem.replace("-", " ").capitalize()).strip()
    meta_lines = _meta_lines(text, ["title", "author", "authors", "tags", "category", "date"])
    return Post(
        id="post:" + url,
        url=url,
        file=rel,
        title=title,
        date=_date(meta.get("date")),
        authors=_as_list(meta.get("author", meta.get("authors"))),
        tags=_as_list(meta.get("tags")),
        category=(_as_list(meta.get("category")) or [None])[0],
        pieces=walker.pieces,
        links=walker.links,
        title_line=meta_lines.get("title", walker.title_line),
        meta_lines=meta_lines,
        digest=digest,
    )


def read_post(path: Path, root: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> tuple[Post, list[Problem]]:
    """Read and parse one file; raises PostError when nothing of it can be used."""
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    try:
        size = path.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            raise PostError(
                Problem(
                    rel, 1, f"file is {size / 1048576:.1f} MB, over the {max_file_mb:g} MB limit: skipped"
                )
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PostError(Problem(rel, 1, f"cannot read: {exc.strerror or exc}")) from exc
    text, problems = decode(data, rel)
    if not text.strip():
        problems.append(Problem(rel, 1, "empty file"))
    post = parse_post(text, rel, problems, hashlib.sha256(data).hexdigest())
    return post, problems


def read_corpus(
    folder: Path,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    on_problem: Callable[[Problem], None] | None = None,
) -> tuple[list[Post], list[Problem]]:
    """Every post under `folder`, in a stable order, with the problems met on the way."""
    folder = Path(folder)
    posts: list[Post] = []
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    seen: dict[str, str] = {}
    for path in iter_files(folder):
        try:
            post, found = read_post(path, folder, max_file_mb)
        except PostError as exc:
            report(exc.problem)
            continue
        for problem in found:
            report(problem)
        post.id, duplicate = unique_id(post.id, post.file, seen)
        if duplicate is not None:
            report(duplicate)
        posts.append(post)
    return posts, problems


def unique_id(post_id: str, file: str, seen: dict[str, str]) -> tuple[str, Problem | None]:
    """`post_id`, or `post_id~N` when an earlier file in `seen` (id -> file) has it; records the choice."""
    final = post_id
    if post_id in seen:
        n = 2
        while f"{post_id}~{n}" in seen:
            n += 1
        final = f"{post_id}~{n}"
    seen[final] = file
    if final == post_id:
        return final, None
    url = post_id.removeprefix("post:")
    return final, Problem(file, 1, f"same URL {url} as {seen[post_id]}: kept as {final}")
