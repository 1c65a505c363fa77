"""Reading and extracting files, in this process or in a pool of spawned worker processes.

Work goes out in chunks of a few files whose make-up does not depend on the number of workers, and
each worker loads the spaCy model once; what comes back is plain data (cache.Outcome) per file.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.cache import Outcome
from kg.corpus import PostError, read_post
from kg.model import Problem

MAX_CHUNK = 8  # files per worker task: enough for nlp.pipe batching, small enough to balance two workers
# Below this much text to parse, starting worker processes (each loads spaCy) costs more than it saves.
MIN_PARALLEL_BYTES = 250_000


@dataclass
class Job:
    """One file to read and extract, picklable for a worker process."""

    index: int
    path: str
    root: str
    max_file_mb: float
    digest: str  # sha256 of the file when the build looked at it
    size: int
    post_id: str | None = None  # the id to give the post instead of its own (a duplicate URL)


@dataclass(frozen=True)
class Options:
    """How to extract: the model, the user's taxonomy, limits, workers, cache use, where notes go."""

    model: str | None
    taxonomy: Path | None
    max_file_mb: float
    workers: int
    use_cache: bool
    notice: Callable[[str], None]
    cluster: Any = None  # a kg.cluster.Session: parse there instead of in local processes


_extractor = None  # the Extractor of this process, made by _start_worker
_parent: int | None = None  # in a worker process: the pid of the build that started it


def _end_with_parent(parent: int) -> None:
    """Have this worker end when the build that started it is gone (killed, or ended without it)."""
    global _parent
    _parent = parent
    if sys.platform.startswith("linux"):
        import ctypes

        try:  # PR_SET_PDEATHSIG: the kernel sends SIGKILL when the parent dies
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    _check_parent()


def _check_parent() -> None:
    """End this worker at once if its build is gone (it was re-parented); the check between chunks."""
    if _parent is not None and os.getppid() != _parent:
        os._exit(1)


def _start_worker(model: str | None, taxonomy: Path | None, parent: int | None = None) -> None:
    global _extractor
    if parent is not None:
        _end_with_parent(parent)
    from kg.extract import Extractor

    if _extractor is None or (_extractor.model, _extractor.taxonomy) != (model, taxonomy):
        _extractor = Extractor(model, taxonomy)


def _run_jobs(jobs: list[Job]) -> list[tuple[int, Outcome]]:
    """Read and extract a chunk of files (in a worker or in the build process): index -> outcome."""
    _check_parent()
    done: list[tuple[int, Outcome]] = []
    read = []
    for job in jobs:
        try:
            post, problems = read_post(Path(job.path), Path(job.root), job.max_file_mb)
        except PostError as exc:
            done.append((job.index, Outcome(None, job.digest, [exc.problem])))
            continue
        if job.post_id is not None:
            post.id = job.post_id
        read.append((job, post, problems))
    results = _extractor.run([post for _, post, _ in read]) if read else iter(())
    for (job, post, problems), (_, facts) in zip(read, results, strict=True):
        if isinstance(facts, str):  # not cached (empty digest): tried again next build
            done.append((job.index, Outcome(post.id, "", [*problems, Problem(post.file, 1, facts)])))
        else:
            done.append((job.index, Outcome(post.id, post.digest, problems, facts)))
    return done


def _chunks(jobs: list[Job]) -> list[list[Job]]:
    """Jobs cut into chunks that do not depend on the worker count, largest chunks first."""
    size = min(MAX_CHUNK, max(1, math.ceil(len(jobs) / 16)))
    chunks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    return sorted(chunks, key=lambda c: -sum(j.size for j in c))


def extract(
    jobs: list[Job],
    opts: Options,
    on_done: Callable[[list[tuple[int, Outcome]]], None],
) -> int:
    """Run the jobs, in worker processes when there is enough for them; returns how many processes ran."""
    if opts.cluster is not None:
        return opts.cluster.extract(jobs, opts, on_done)
    chunks = _chunks(jobs)
    procs = min(opts.workers, len(chunks))
    if sum(job.size for job in jobs) < MIN_PARALLEL_BYTES:
        procs = min(procs, 1)
    if procs > 1:
        chunks = _extract_in_workers(chunks, procs, opts, on_done)
        if not chunks:
            return procs
        procs = 1
    _start_worker(opts.model, opts.taxonomy)
    for chunk in chunks:
        on_done(_run_jobs(chunk))
    return procs


def _extract_in_workers(
    chunks: list[list[Job]], procs: int, opts: Options, on_done: Callable[[list[tuple[int, Outcome]]], None]
) -> list[list[Job]]:
    """Run chunks in `procs` worker processes; returns the chunks left undone if the workers broke."""
    # spawn: workers start clean (no copied threads or locks) and load the model once each
    pool = ProcessPoolExecutor(
        procs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_start_worker,
        initargs=(opts.model, opts.taxonomy, os.getpid()),
    )
    left = {id(chunk): chunk for chunk in chunks}
    try:
        futures = {pool.submit(_run_jobs, chunk): chunk for chunk in chunks}
        for future in as_completed(futures):
            on_done(future.result())
            del left[id(futures.pop(future))]  # the future, and the outcomes it holds, can go
    except BrokenProcessPool:
        opts.notice(
            "worker processes stopped or could not start; parsing the rest in this process "
            "(a script that calls kg.build needs the `if __name__ == '__main__':` guard)"
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return list(left.values())
