"""The build: content folder -> posts -> facts -> graph -> out/graph.json and out/graph.html.

Each file's facts come from the cache when nothing they depend on changed, else from reading and
parsing the file, in worker processes when there is enough to do. Facts are merged as they arrive
(kg.graph.Merger), to the same graph whatever their order, so the output does not depend on the
number of workers, on what was cached, or on which chunk finished first.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import hashlib
import multiprocessing
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx

from kg import store
from kg.cache import Cache, Outcome, context_digest
from kg.corpus import DEFAULT_MAX_FILE_MB, PostError, iter_files, read_post, unique_id
from kg.graph import Merger
from kg.index import index_image, index_path
from kg.model import Problem
from kg.outdir import UnsafeOutput, claim
from kg.workers import Job, Options, extract

LOCK_NAME = ".kg-build.lock"
OUTPUTS = ("graph.json", "graph.html")


class BuildError(Exception):
    """A build that cannot start: a bad taxonomy file, no spaCy model, a busy output folder."""


class BuildLocked(BuildError):
    """Another build is writing the same output folder."""


@dataclass
class BuildResult:
    """What a build made and met: the graph, where it went, the problems in the input, the work done."""

    graph: nx.MultiDiGraph
    problems: list[Problem] = field(default_factory=list)
    posts: int = 0
    out: Path | None = None
    parsed: int = 0  # files read and parsed by this build
    cached: int = 0  # files whose facts came from the cache
    rejected: int = 0  # cache entries found unusable (corrupt or truncated) and rebuilt
    workers: int = 0  # processes that parsed (0: nothing to parse)

    def counts(self) -> dict[str, int]:
        """Number of nodes per type."""
        return dict(sorted(Counter(d.get("type", "?") for _, d in self.graph.nodes(data=True)).items()))


def default_workers() -> int:
    """The cores this process may run on."""
    try:
        return max(len(os.sched_getaffinity(0)), 1)
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextmanager
def out_lock(out: Path, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the build lock of `out` (released by the OS even if the process is killed)."""
    import fcntl

    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK_NAME
    try:  # never through a link: a link planted here would have the lock truncate its target
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise BuildError(
                f"{lock}: is a symlink; kg's lock is a file of its own: remove the link"
            ) from None
        raise BuildError(f"{lock}: cannot open the build lock ({exc.strerror or exc})") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            message = f"{out}: another kg build (pid {holder}) is writing here"
            if not wait:
                raise BuildLocked(f"{message}; run again when it has finished") from None
            if on_wait is not None:
                on_wait(f"{message}; waiting for it to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)


def _fingerprint(path: Path, root: Path, max_file_mb: float) -> tuple[str, int] | Problem:
    """The sha256 and size of a file's bytes, or the problem that keeps it out of the build."""
    try:
        size = path.stat().st_size
        if size <= max_file_mb * 1024 * 1024:
            return hashlib.sha256(path.read_bytes()).hexdigest(), size
    except OSError:
        pass
    try:  # let the reader word the problem, as a build without cache would
        read_post(path, root, max_file_mb)
    except PostError as exc:
        return exc.problem
    return Problem(str(path), 1, "file changed while being read: skipped")


def _remove_leftovers(out: Path) -> None:
    """Temporary files of a build that was killed before it could rename them (files, never links)."""
    indexed = index_path(out / "graph.json")
    leftovers = [tmp for name in OUTPUTS for tmp in out.glob(f".{name}.*.tmp")]
    for tmp in leftovers + list(indexed.parent.glob(f".{indexed.name}.*.tmp")):
        if tmp.is_file() and not tmp.is_symlink():
            tmp.unlink(missing_ok=True)


def build(
    content: Path | str = "content",
    out: Path | str | None = "out",
    *,
    model: str | None = None,
    taxonomy: Path | str | None = None,
    max_file_mb: float = DEFAULT_MAX_FILE_MB,
    workers: int | None = None,
    scheduler: str | None = None,
    use_cache: bool = True,
    wait: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
    on_notice: Callable[[str], None] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the graph of every post under `content`; write it to `out` unless out is None.

    With `out`, facts are cached under out/cache/ (read unless `use_cache` is False) and the build
    holds out/'s lock: a second build waits (or, with wait=False, raises BuildLocked). `on_notice`
    hears about the build itself (waiting for the lock, workers that failed); `on_problem` about input.
    `scheduler` (tcp://host:port, or local:N) parses on a Dask cluster instead of local processes.
    """
    if getattr(multiprocessing.current_process(), "_inheriting", False):
        # a spawned worker re-running a script that calls kg.build without the __main__ guard
        raise BuildError(
            "kg.build called while a worker process starts: guard it with `if __name__ == '__main__':`"
        )
    content = Path(content)
    if not content.is_dir():
        raise FileNotFoundError(f"{content}: no such folder of posts")
    taxonomy = Path(taxonomy) if taxonomy is not None else None
    if taxonomy is not None:
        from kg.extract.vocab import VocabError, load_vocab

        try:
            load_vocab(taxonomy)  # a bad file is reported here, not by each worker
        except VocabError as exc:
            raise BuildError(str(exc)) from None
    opts = Options(
        model,
        taxonomy,
        max_file_mb,
        workers or default_workers(),
        use_cache and out is not None,
        on_notice or (lambda message: None),
    )
    session = _connect(scheduler) if scheduler is not None else None  # before out/ is touched
    opts = dataclasses.replace(opts, cluster=session)
    try:
        if out is None:
            return _build(content, None, opts, on_problem, progress)
        out = Path(out)
        try:
            claim(out)
            Cache(out / "cache", "").claim()
            with out_lock(out, wait=wait, on_wait=opts.notice):
                _remove_leftovers(out)
                return _build(content, out, opts, on_problem, progress)
        except UnsafeOutput as exc:
            raise BuildError(str(exc)) from None
    finally:
        if session is not None:
            session.close()


def _connect(scheduler: str):  # noqa: ANN202 (kg.cluster imports Dask, only when asked for)
    from kg.cluster import ClusterError, connect

    try:
        return connect(scheduler)
    except ClusterError as exc:
        raise BuildError(str(exc)) from None


@dataclass
class _File:
    path: Path
    rel: str
    digest: str = ""
    size: int = 0
    problem: Problem | None = None  # why the file is left out, when it is
    post_id: str | None = None  # the id it is read as when not its own (a duplicate URL)
    outcome: Outcome | None = None  # without its facts: those are in the merge once they arrive


class _Run:
    """One build's files, their outcomes from cache or extraction, the merge of their facts, the cache
    keys in use.

    Facts go into the merge as each file's outcome arrives and are not kept. A duplicate URL is known
    only once every file's id is: until then a file whose id a lower file already took stays out (it is
    renamed and parsed again), and if a lower file arrives after a higher one of the same id was merged,
    the merge is made again from the cache (`settle`).
    """

    def __init__(self, files: list[_File], cache: Cache | None, use_cache: bool, content: Path) -> None:
        self.files = files
        self.cache = cache
        self.use_cache = use_cache
        self.content = content
        self.used: set[str] = set()
        self.hits = 0
        self.parsed = 0
        self.done = 0
        self.total = sum(f.problem is None for f in files)
        self.cache_error: str | None = None  # why entries stopped being written, if they did
        self.merger = Merger()
        self.merged: set[int] = set()  # files whose facts are in the merge
        self.owner: dict[str, int] = {}  # post id -> the lowest file merged under it (before `settle`)
        self.settled = False  # every file's id is final

    def key(self, file: _File, digest: str) -> str:
        assert self.cache is not None
        return self.cache.key(file.rel, digest, file.post_id)

    def _job(self, i: int, max_file_mb: float) -> Job:
        f = self.files[i]
        return Job(i, str(f.path), str(self.content), max_file_mb, f.digest, f.size, f.post_id)

    def jobs(self, indexes: list[int], max_file_mb: float) -> list[Job]:
        """Take each file's outcome from the cache where it is there; a job for each of the others."""
        jobs = []
        for i in indexes:
            f = self.files[i]
            if self.cache is not None and self.use_cache:
                key = self.key(f, f.digest)
                outcome = self.cache.get(key)
                if outcome is not None:
                    self.used.add(key)
                    self.hits += 1
                    self.done += 1
                    self.arrive(i, outcome)
                    continue
            jobs.append(self._job(i, max_file_mb))
        self.parsed += len(jobs)
        return jobs

    def finished(self, done: list[tuple[int, Outcome]]) -> None:
        """Cache the outcomes a chunk of jobs gave, and merge their facts."""
        for index, outcome in done:
            f = self.files[index]
            self.done += 1
            if self.cache is not None and outcome.digest and self.cache_error is None:
                key = self.key(f, outcome.digest)
                try:
                    self.cache.put(key, outcome)
                    self.used.add(key)
                except (OSError, UnsafeOutput) as exc:  # a full disk: the build goes on without caching
                    self.cache_error = (
                        f"{self.cache.folder}: facts not cached ({getattr(exc, 'strerror', None) or exc})"
                    )
            self.arrive(index, outcome)

    def arrive(self, index: int, outcome: Outcome) -> None:
        """Keep a file's outcome without its facts, which go into the merge unless a lower file has its id."""
        facts, outcome.facts = outcome.facts, None
        self.files[index].outcome = outcome
        if facts is None:
            return
        if not self.settled:
            owner = self.owner.get(outcome.post_id or "")
            if owner is not None and owner < index:
                return  # the same URL as a lower file: renamed, and parsed again under its new id
            self.owner[outcome.post_id or ""] = index
        self.merger.add(index, facts)
        self.merged.add(index)

    def settle(self, renamed: dict[int, Problem], max_file_mb: float) -> list[Job]:
        """Once every id is known: jobs for the renamed files, and the merge made right if it holds facts
        of a file that turned out to be renamed (from the cache, or parsed again when not there)."""
        self.settled = True
        again = []
        if self.merged & renamed.keys():
            again = self._remerge(renamed, max_file_mb)
        return again + self.jobs(sorted(renamed), max_file_mb)

    def _remerge(self, renamed: dict[int, Problem], max_file_mb: float) -> list[Job]:
        """A new merge of every file that keeps its id; jobs for those whose facts are not in the cache."""
        again = []
        self.merger, self.merged = Merger(), set()
        for i, f in enumerate(self.files):
            if i in renamed or f.outcome is None or f.outcome.post_id is None or not f.outcome.digest:
                continue
            outcome = self.cache.get(self.key(f, f.outcome.digest)) if self.cache is not None else None
            if outcome is not None and outcome.facts is not None:
                self.merger.add(i, outcome.facts)
                self.merged.add(i)
            else:  # no cache to take it from: parsed again
                again.append(self._job(i, max_file_mb))
                self.parsed += 1
                self.total += 1
        return again


def _build(
    content: Path,
    out: Path | None,
    opts: Options,
    on_problem: Callable[[Problem], None] | None,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    files = []
    walked: list[Problem] = []  # folders and entries the walk skipped (symlink loops, fifos)
    for path in iter_files(content, walked.append):
        rel = path.relative_to(content).as_posix() if path.is_relative_to(content) else str(path)
        found = _fingerprint(path, content, opts.max_file_mb)
        if isinstance(found, Problem):
            files.append(_File(path, rel, problem=found))
        else:
            files.append(_File(path, rel, *found))
    cache = Cache(out / "cache", context_digest(opts.model, opts.taxonomy)) if out is not None else None
    run = _Run(files, cache, opts.use_cache, content)

    def finished(done: list[tuple[int, Outcome]]) -> None:
        run.finished(done)
        if progress is not None:
            progress(run.done, run.total)

    jobs = run.jobs([i for i, f in enumerate(files) if f.problem is None], opts.max_file_mb)
    finished([])
    procs = extract(jobs, opts, finished)

    # a later file with the same URL gets id~N, and facts made under that id
    seen: dict[str, str] = {}
    renamed: dict[int, Problem] = {}
    for i, f in enumerate(files):
        if f.outcome is not None and f.outcome.post_id is not None:
            final, duplicate = unique_id(f.outcome.post_id, f.rel, seen)
            if duplicate is not None:
                renamed[i] = duplicate
                f.post_id = final
    run.total += len(renamed)
    again = run.settle(renamed, opts.max_file_mb)
    if again:
        procs = max(procs, extract(again, opts, finished))

    if run.cache_error is not None:
        opts.notice(run.cache_error)
    problems: list[Problem] = list(walked)
    for i, f in enumerate(files):
        found = [f.problem] if f.problem else [*f.outcome.problems, *([renamed[i]] if i in renamed else [])]
        problems.extend(found)
    if on_problem is not None:
        for problem in problems:
            on_problem(problem)

    meta = {"built_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"), "corpus": str(content)}
    graph = run.merger.graph(meta)
    result = BuildResult(graph, problems, len(run.merger), None, run.parsed, run.hits, workers=procs)
    if out is not None:
        try:
            result.out = write_outputs(graph, out)
        except OSError as exc:
            full = " (disk full)" if exc.errno in (errno.ENOSPC, errno.EDQUOT) else ""
            raise BuildError(
                f"{out}: cannot write the outputs{full}: {exc.strerror or exc}; "
                "the previous graph.json and graph.html are as they were"
            ) from None
        if cache is not None:
            result.rejected = cache.rejected
            cache.prune(run.used)
    return result


def write_outputs(graph: nx.MultiDiGraph, out: Path) -> Path:
    """Write graph.json, graph.html and the query index into `out`: all are written to temporary files
    first and renamed into place only once every one of them is complete."""
    from kg.render.html import render_html

    out.mkdir(parents=True, exist_ok=True)
    json_text = store.dumps(graph)
    html_text = render_html(graph)
    graph_file = out / "graph.json"
    staged: list[tuple[Path, Path]] = []
    try:
        json_tmp = store.stage(graph_file, json_text)
        staged.append((json_tmp, graph_file))
        staged.append((store.stage(out / "graph.html", html_text), out / "graph.html"))
        indexed = index_path(graph_file)
        staged.append((store.stage(indexed, index_image(graph, json_tmp, store.SCHEMA_VERSION)), indexed))
        # the index names the new graph.json by size and time, so it goes first: beside the old one it is
        # ignored; then graph.html and graph.json, one rename apart
        store.commit([staged[2], staged[1], staged[0]])
    except BaseException:
        store.discard(staged)
        raise
    return out
