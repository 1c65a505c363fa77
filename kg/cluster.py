"""Reading and extracting files on a Dask distributed cluster, for corpora one machine is too slow for.

The same chunks and the same per-chunk work as kg.workers' process pool, sent as Dask tasks: each
worker process loads the spaCy model once (kg.workers keeps one Extractor per process), and what
comes back is the plain data the cache stores, merged by the build as each chunk arrives.
"""

from __future__ import annotations

import dataclasses
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kg import workers
from kg.cache import Outcome
from kg.model import Problem

CONNECT_TIMEOUT = "5s"  # an unreachable scheduler is reported after this, not after Dask's 30 s
RETRIES = 3  # times Dask runs a chunk again when the worker running it is lost

_lock = threading.Lock()  # a worker with several threads: one Extractor, used by one thread at a time


class ClusterError(Exception):
    """The cluster cannot be used: Dask not installed, a bad address, a scheduler that does not answer."""


def _run_chunk(
    jobs: list[workers.Job], model: str | None, taxonomy: Path | None
) -> list[tuple[int, Outcome]]:
    """One Dask task: read and extract a chunk of files on the worker that runs it."""
    with _lock:
        workers._start_worker(model, taxonomy)
        return workers._run_jobs(jobs)


class Session:
    """A connected Dask client (and the LocalCluster it started, for `local:N`) that runs chunks."""

    def __init__(self, client: Any, cluster: Any = None) -> None:
        self.client = client
        self.cluster = cluster

    def workers(self) -> int:
        """How many worker processes the scheduler knows of now."""
        return max(len(self.client.scheduler_info().get("workers", {})), 1)

    def extract(
        self,
        jobs: list[workers.Job],
        opts: workers.Options,
        on_done: Callable[[list[tuple[int, Outcome]]], None],
    ) -> int:
        """Run the jobs as one task per chunk, handing each chunk's outcomes to `on_done` as it arrives."""
        from dask.distributed import as_completed

        if not jobs:
            return 0
        # absolute paths: a worker's working folder is its own; names in facts stay relative to root
        jobs = [
            dataclasses.replace(j, path=os.path.abspath(j.path), root=os.path.abspath(j.root)) for j in jobs
        ]
        taxonomy = opts.taxonomy.resolve() if opts.taxonomy is not None else None
        chunks = workers._chunks(jobs)
        futures = [
            self.client.submit(_run_chunk, chunk, opts.model, taxonomy, pure=False, retries=RETRIES)
            for chunk in chunks
        ]
        chunk_of = {future.key: chunk for future, chunk in zip(futures, chunks, strict=True)}
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception as exc:  # the chunk failed on every try: its files are reported, not cached
                reason = f"failed on a Dask worker ({type(exc).__name__}: {exc}): skipped"
                done = [
                    (j.index, Outcome(None, "", [Problem(_name(j), 1, reason)])) for j in chunk_of[future.key]
                ]
            future.release()  # the worker's copy goes as soon as the build has it
            on_done(done)
        return self.workers()

    def close(self) -> None:
        """Disconnect, and stop the LocalCluster if this session started it."""
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def _name(job: workers.Job) -> str:
    path = Path(job.path)
    return path.relative_to(job.root).as_posix() if path.is_relative_to(job.root) else job.path


def connect(address: str) -> Session:
    """Connect to the scheduler at `address` (tcp://host:port), or start `local:N` worker processes."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError('--scheduler needs Dask: pip install -e ".[dask]"') from None
    if address.startswith("local:"):
        count = address.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"{address}: expected local:N with N worker processes, e.g. local:2")
        import dask

        # Dask's nanny sets MALLOC_TRIM_THRESHOLD_=65536 in its workers, which made parsing about 10%
        # slower here (200 posts, summed task time); its sampling profiler takes the GIL every 10 ms
        environ = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
        environ.pop("MALLOC_TRIM_THRESHOLD_", None)
        settings = {
            "distributed.nanny.pre-spawn-environ": environ,
            "distributed.worker.profile.enabled": False,
        }
        with dask.config.set(settings):
            cluster = LocalCluster(
                n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=":0"
            )
        return Session(Client(cluster), cluster)
    if "://" not in address:
        address = f"tcp://{address}"
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise ClusterError(f"{address}: cannot reach the Dask scheduler ({reason[:200]})") from None
    return Session(client)
