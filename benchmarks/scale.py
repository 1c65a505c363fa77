"""How the cost of `kg build` grows with the corpus, in one process, two processes and on Dask.

    .venv/bin/python benchmarks/scale.py [--sizes 50,500] [--with-2000] [--runs workers1,workers2,local2]

Makes corpora of 50, 500 (and with --with-2000, 2,000) distinct posts from ../shared/corpus/posthog
by recombining sections of different posts under new names (no two files alike, so the cache cannot
help), builds each cold with `--workers 1`, `--workers 2` and `--scheduler local:2`, and prints per
size and run: seconds per 1,000 words, the build process's peak memory (the client's, not the
workers'), graph.json and graph.html size, `kg compare` time, node and edge counts, and the time per
post against the 50-post time per post of the same run (1.0 = linear growth). Then, per size, each
run's time against `--workers 1`, and the memory of the merge itself (tracemalloc peak, from the
build's cache entries): facts merged as they arrive, as kg does, against all held first.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTHOG = ROOT.parent / "shared" / "corpus" / "posthog"
RUNS = {"workers1": ["--workers", "1"], "workers2": ["--workers", "2"], "local2": ["--scheduler", "local:2"]}
# runs `kg build` in this child and prints its own peak RSS (KiB) last, on stderr
RUNNER = (
    "import resource, sys\n"
    "from kg.cli import app\n"
    "try:\n    app(sys.argv[1:])\n"
    "except SystemExit as e:\n    code = e.code\n"
    "print('maxrss', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code or 0)\n"
)


def sections(text: str) -> tuple[str, list[str]]:
    """A post's front matter and its body cut at `## ` headings."""
    match = re.match(r"---\n.*?\n---\n", text, re.S)
    body = text[match.end() :] if match else text
    parts = re.split(r"(?m)^(?=## )", body)
    return (match.group(0) if match else ""), [p for p in parts if p.strip()]


def make_corpus(folder: Path, count: int) -> int:
    """Write `count` distinct posts made of sections of three different posts; returns the words."""
    posts = [sections(p.read_text(encoding="utf-8")) for p in sorted(POSTHOG.glob("*.md"))]
    posts = [(front, parts) for front, parts in posts if parts]
    n = len(posts)
    words = 0
    folder.mkdir(parents=True)
    for i in range(count):
        picked = []
        for k, step in enumerate((0, 7, 19)):
            parts = posts[(i + step * (1 + i // n)) % n][1]
            picked.append(parts[(i // n + k) % len(parts)])
        front = posts[i % n][0]
        front = re.sub(r"(?m)^title: .*$", f"title: Scale post {i} from recombined sections", front)
        text = f"{front}\n# Scale post {i}\n\n" + "\n".join(picked)
        (folder / f"scale-{i:05d}.md").write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


# merges the cache entries of a build (argv[1]: its cache folder) streamed or all held first (argv[2]);
# prints the tracemalloc peak (bytes)
MERGE = (
    "import sys, tracemalloc\n"
    "from pathlib import Path\n"
    "from kg.cache import Cache\n"
    "from kg.graph import Merger\n"
    "cache = Cache(Path(sys.argv[1]), '')\n"
    "keys = sorted(p.stem for p in Path(sys.argv[1]).glob('??/*.json'))\n"
    "tracemalloc.start()\n"
    "merger = Merger()\n"
    "if sys.argv[2] == 'held':\n"
    "    held = [cache.get(k) for k in keys]\n"
    "    for rank, outcome in enumerate(held):\n"
    "        merger.add(rank, outcome.facts)\n"
    "else:\n"
    "    for rank, key in enumerate(keys):\n"
    "        merger.add(rank, cache.get(key).facts)\n"
    "merger.graph()\n"
    "print(tracemalloc.get_traced_memory()[1])\n"
)


def merge_peak(cache: Path, how: str) -> float:
    """MB at the peak of merging a build's cached facts, `streamed` or all `held` first."""
    done = subprocess.run([sys.executable, "-c", MERGE, str(cache), how], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"merge {how} failed: {done.stderr.strip().splitlines()[-3:]}")
    return int(done.stdout.split()[-1]) / 1e6


def kg(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the kg CLI of this checkout in a child process."""
    return subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, cwd=ROOT)


def measure(corpus: Path, out: Path, run: list[str]) -> dict[str, float]:
    """One cold build and one compare: seconds, peak memory, sizes, counts."""
    start = time.perf_counter()
    built = kg("build", "--content", str(corpus), "--out", str(out), "--no-cache", *run)
    seconds = time.perf_counter() - start
    if built.returncode != 0:
        sys.exit(f"kg build {' '.join(run)} failed: {built.stderr.strip().splitlines()[-3:]}")
    rss = int(re.findall(r"maxrss (\d+)", built.stderr)[-1])
    start = time.perf_counter()
    kg("compare", "product-engineer", "product-manager", "--graph", str(out / "graph.json"))
    compare = time.perf_counter() - start
    graph = json.loads((out / "graph.json").read_text(encoding="utf-8"))
    edges = graph.get("edges", graph.get("links", []))
    return {
        "seconds": seconds,
        "rss_mb": rss / 1024,
        "json_mb": (out / "graph.json").stat().st_size / 1e6,
        "html_mb": (out / "graph.html").stat().st_size / 1e6,
        "compare": compare,
        "nodes": len(graph["nodes"]),
        "edges": len(edges),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,500", help="corpus sizes, comma-separated")
    parser.add_argument("--with-2000", action="store_true", help="also the 2,000-post corpus (long)")
    parser.add_argument("--runs", default=",".join(RUNS), help=f"which of {', '.join(RUNS)}")
    args = parser.parse_args()
    if not POSTHOG.is_dir():
        print(f"scale.py: {POSTHOG} not found: the benchmark needs ../shared/corpus/posthog", file=sys.stderr)
        sys.exit(2)
    sizes = [int(s) for s in args.sizes.split(",") if s]
    if args.with_2000 and 2000 not in sizes:
        sizes.append(2000)
    runs = [r for r in args.runs.split(",") if r]
    base: dict[str, float] = {}
    print(
        "posts  run       words  s/1k words  peak MB  json MB  html MB  compare s  nodes  edges  vs 50/post"
    )
    summary = []
    with tempfile.TemporaryDirectory(prefix="kg-scale-") as tmp:
        for size in sizes:
            corpus = Path(tmp) / f"corpus-{size}"
            words = make_corpus(corpus, size)
            seconds: dict[str, float] = {}
            for run in runs:
                m = measure(corpus, Path(tmp) / f"out-{size}-{run}", RUNS[run])
                seconds[run] = m["seconds"]
                per_post = m["seconds"] / size
                base.setdefault(run, per_post) if size == min(sizes) else None
                ratio = per_post / base[run] if run in base else float("nan")
                print(
                    f"{size:5d}  {run:8s} {words:7d}  {m['seconds'] / words * 1000:10.2f}  {m['rss_mb']:7.0f}"
                    f"  {m['json_mb']:7.2f}  {m['html_mb']:7.2f}  {m['compare']:9.2f}  {m['nodes']:5d}"
                    f"  {m['edges']:5d}  {ratio:10.2f}",
                    flush=True,
                )
            line = f"{size:5d} posts:"
            for run in runs:
                if run != "workers1" and "workers1" in seconds:
                    line += f"  {run} / workers1 = {seconds[run] / seconds['workers1']:.2f}"
            cache = Path(tmp) / f"out-{size}-{runs[0]}" / "cache"
            streamed, held = merge_peak(cache, "streamed"), merge_peak(cache, "held")
            line += f"  merge peak {streamed:.0f} MB streamed vs {held:.0f} MB held ({streamed / held:.2f})"
            summary.append(line)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
