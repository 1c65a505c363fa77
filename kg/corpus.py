"""Files -> Posts: find the files, read them safely, split frontmatter from the markdown body."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from kg.encoding import decode, repair
from kg.links import normalise
from kg.model import Post, Problem
from kg.prose import blank_non_prose, parse_body

__all__ = [
    "DEFAULT_MAX_FILE_MB",
    "PostError",
    "blank_non_prose",
    "decode",
    "iter_files",
    "parse_post",
    "read_corpus",
    "read_post",
    "repair",
    "split_frontmatter",
    "unique_id",
]

SUFFIXES = (".md", ".mdx")
DEFAULT_ROOT = "/blog"
DEFAULT_MAX_FILE_MB = 5.0

_FRONTMATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(\n|\Z)", re.DOTALL)
_OPENING = re.compile(r"\A---[ \t]*(\n|\Z)")
_SCALAR = (str, int, float, dt.date)  # frontmatter values that read as text (bool is an int)
_EVIDENCE_KEYS = ("title", "author", "authors", "tags", "category", "date")


class PostError(Exception):
    """A file that cannot be read as a post at all."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML's safe loader, except that an impossible date (2024-02-30) stays a string."""

    def construct_yaml_timestamp(self, node: yaml.Node) -> Any:  # type: ignore[override]
        try:
            return super().construct_yaml_timestamp(node)  # type: ignore[arg-type]
        except ValueError:
            return self.construct_scalar(node)  # type: ignore[arg-type]


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_yaml_timestamp)


def iter_files(folder: Path, on_problem: Callable[[Problem], None] | None = None) -> Iterator[Path]:
    """Every .md/.mdx file under `folder`, recursively, sorted; each real folder is walked once.

    Symlinks to anything outside `folder` are not followed; folders reached again through a symlink
    (a loop, or a second link), folders that cannot be listed and entries that are no regular file
    (fifos, devices) are skipped; each is reported once to `on_problem`, with its path relative to
    `folder`.
    """
    folder = Path(folder)
    seen: dict[str, str] = {}
    root = os.path.realpath(folder)

    def outside(path: str) -> bool:
        """A symlink whose target is not under the content folder (reported, never followed)."""
        if not os.path.islink(path):
            return False
        real = os.path.realpath(path)
        if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
            return False
        if on_problem is not None:
            on_problem(Problem(rel(path), 1, "symlink to outside the content folder: not followed"))
        return True

    def rel(path: str | Path) -> str:
        return Path(path).relative_to(folder).as_posix() if Path(path) != folder else "."

    def unlistable(exc: OSError) -> None:
        if on_problem is not None and exc.filename is not None:
            on_problem(Problem(rel(exc.filename), 1, f"cannot list folder: {exc.strerror or exc}"))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unlistable, followlinks=True):
        real = os.path.realpath(dirpath)
        if real in seen:
            dirnames[:] = []
            if on_problem is not None:
                on_problem(Problem(rel(dirpath), 1, f"same folder as {seen[real]} (symlink loop?): skipped"))
            continue
        seen[real] = rel(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not outside(os.path.join(dirpath, d)))
        for name in sorted(filenames):
            if not name.lower().endswith(SUFFIXES) or outside(os.path.join(dirpath, name)):
                continue
            path = Path(dirpath) / name
            try:
                special = not stat.S_ISREG(path.stat().st_mode)
            except OSError:
                special = False  # a broken link or unreadable entry: read_post says why
            if not special:
                yield path
            elif on_problem is not None:  # a fifo or device would block or never end when read
                on_problem(Problem(rel(path), 1, "not a regular file: skipped"))


def split_frontmatter(text: str, path: str) -> tuple[dict[str, Any], int, list[Problem]]:
    """YAML frontmatter (python-frontmatter's YAML handler) and the number of lines it takes."""
    m = _FRONTMATTER.match(text)
    if not m:
        if _OPENING.match(text) and text.strip() != "---":
            return {}, 0, [Problem(path, 1, "frontmatter opened with --- is never closed: read as text")]
        return {}, 0, []
    body_start = text[: m.end()].count("\n") + (0 if m.group(2) else 1)
    try:
        meta = frontmatter.YAMLHandler().load(m.group(1) or "", Loader=_Loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = (mark.line + 2) if mark is not None else 2
        reason = getattr(exc, "problem", None) or "invalid YAML"
        return {}, body_start, [Problem(path, line, f"invalid frontmatter: {reason}")]
    except RecursionError:
        return {}, body_start, [Problem(path, 2, "invalid frontmatter: nested too deeply")]
    if meta is None:
        return {}, body_start, []
    if not isinstance(meta, dict):
        return {}, body_start, [Problem(path, 2, "frontmatter is not a mapping: ignored")]
    return meta, body_start, []


class _Fields:
    """Typed reads of frontmatter values; a value of the wrong shape is reported and ignored."""

    def __init__(self, meta: dict[str, Any], lines: dict[str, int], path: str, problems: list[Problem]):
        self.meta = meta
        self.lines = lines
        self.path = path
        self.problems = problems

    def _bad(self, key: str, what: str) -> None:
        self.problems.append(
            Problem(self.path, self.lines.get(key, 1), f"frontmatter `{key}` {what}: ignored")
        )

    def text(self, *keys: str) -> str | None:
        """The first of `keys` that is set, as text."""
        for key in keys:
            value = self.meta.get(key)
            if value is None or value == "":
                continue
            if isinstance(value, _SCALAR):
                return str(value).strip() or None
            self._bad(key, "is not text")
        return None

    def texts(self, *keys: str) -> list[str]:
        """The first of `keys` that is set, as a list of texts (a comma-separated string is split)."""
        for key in keys:
            value = self.meta.get(key)
            if value is None:
                continue
            if isinstance(value, _SCALAR):
                return [s.strip() for s in str(value).split(",") if s.strip()]
            if not isinstance(value, list):
                self._bad(key, "is neither text nor a list")
                return []
            if not all(isinstance(v, _SCALAR) or v is None for v in value):
                self._bad(key, "has entries that are not text")
            return [str(v).strip() for v in value if isinstance(v, _SCALAR) and str(v).strip()]
        return []

    def date(self, key: str) -> str | None:
        """An ISO date (YYYY-MM-DD) from a date, a datetime or a string that starts with one."""
        value = self.meta.get(key)
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date().isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        m = re.match(r"\d{4}-\d{2}-\d{2}", str(value)) if isinstance(value, _SCALAR) else None
        try:
            if m:
                return dt.date.fromisoformat(m.group(0)).isoformat()
        except ValueError:
            pass
        shown = repr(str(value)[:40]) if isinstance(value, _SCALAR) else "a list or mapping"
        self._bad(key, f"{shown} is not a date (YYYY-MM-DD)")
        return None


def _meta_lines(text: str, keys: list[str]) -> dict[str, int]:
    """The frontmatter line of each top-level key, for evidence."""
    found: dict[str, int] = {}
    for i, line in enumerate(text.split("\n")[:400], 1):
        m = re.match(r"^([A-Za-z_][\w-]*)\s*:", line)
        if m and m.group(1) in keys and m.group(1) not in found:
            found[m.group(1)] = i
    return found


def parse_post(text: str, rel: str, problems: list[Problem] | None = None, digest: str = "") -> Post:
    """One file's text -> Post. `rel` is its path relative to the corpus folder; never raises on text."""
    problems = problems if problems is not None else []
    text = repair(text.replace("\r\n", "\n").replace("\r", "\n"))
    meta, body_start, fm_problems = split_frontmatter(text, rel)
    problems.extend(fm_problems)
    lines = text.split("\n")
    if not text.strip():
        problems.append(Problem(rel, 1, "empty file"))
    elif body_start and not any(line.strip() for line in lines[body_start:]):
        problems.append(Problem(rel, 1, "frontmatter only, no text"))
    elif not _FRONTMATTER.match(text) and not fm_problems:
        problems.append(Problem(rel, 1, "no frontmatter: title, date and authors unknown"))
    meta_lines = _meta_lines(text[: len("\n".join(lines[:body_start]))], list(meta)) if meta else {}
    fields = _Fields(meta, meta_lines, rel, problems)
    stem = Path(rel).stem
    root = fields.text("rootPage", "rootpage") or DEFAULT_ROOT
    url = normalise("/" + root.strip("/") + "/" + stem) or "/" + stem
    body = parse_body("\n".join(lines[body_start:]), body_start, url, rel)
    problems.extend(body.problems)
    title = fields.text("title") or body.title or stem.replace("-", " ").capitalize()
    return Post(
        id="post:" + url,
        url=url,
        file=rel,
        title=title,
        date=fields.date("date"),
        authors=fields.texts("author", "authors"),
        tags=fields.texts("tags"),
        category=(fields.texts("category") or [None])[0],
        pieces=body.pieces,
        links=body.links,
        title_line=meta_lines.get("title", body.title_line),
        meta_lines={k: v for k, v in meta_lines.items() if k in _EVIDENCE_KEYS},
        digest=digest,
    )


def _relative(path: Path, root: Path) -> str:
    """`path` relative to `root`, with forward slashes."""
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _display_name(path: Path, root: Path) -> str:
    """`path` relative to `root`, made printable (� for the bytes of a name that is not UTF-8)."""
    return os.fsencode(_relative(path, root)).decode("utf-8", errors="replace")


def read_post(path: Path, root: Path, max_file_mb: float = DEFAULT_MAX_FILE_MB) -> tuple[Post, list[Problem]]:
    """Read and parse one file; raises PostError when nothing of it can be used."""
    rel = _display_name(path, root)
    problems: list[Problem] = []
    if rel != _relative(path, root):
        problems.append(Problem(rel, 1, "file name is not valid UTF-8: shown with � for its bad bytes"))
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise PostError(Problem(rel, 1, "not a regular file: skipped"))  # never opened: it may block
        if info.st_size > max_file_mb * 1024 * 1024:
            size = info.st_size / 1048576
            raise PostError(
                Problem(rel, 1, f"file is {size:.1f} MB, over the {max_file_mb:g} MB limit: skipped")
            )
        data = path.read_bytes()
    except OSError as exc:
        raise PostError(Problem(rel, 1, f"cannot read: {exc.strerror or exc}")) from exc
    text, found = decode(data, rel)
    if text is None:
        raise PostError(found[0])
    problems.extend(found)
    if Path(rel).stem.isupper() and not _OPENING.match(text.lstrip("\ufeff")):
        # README.md, SOURCES.md, CHANGELOG.md: notes about the posts, not posts
        raise PostError(
            Problem(rel, 1, "no frontmatter and an all-capitals name (like README.md): not a post, skipped")
        )
    try:
        post = parse_post(text, rel, problems, hashlib.sha256(data).hexdigest())
    except Exception as exc:  # a bug in kg must not stop a build: the file is reported like bad input
        raise PostError(Problem(rel, 1, f"cannot parse ({type(exc).__name__}: {exc}): skipped")) from exc
    return post, problems


def read_corpus(
    folder: Path,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    on_problem: Callable[[Problem], None] | None = None,
) -> tuple[list[Post], list[Problem]]:
    """Every post under `folder`, in a stable order, with the problems met on the way.

    No file stops the reading: one that cannot be used is reported (paths relative to `folder`)
    and skipped.
    """
    folder = Path(folder)
    posts: list[Post] = []
    problems: list[Problem] = []

    def report(problem: Problem) -> None:
        problems.append(problem)
        if on_problem is not None:
            on_problem(problem)

    seen: dict[str, str] = {}
    for path in iter_files(folder, report):
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
