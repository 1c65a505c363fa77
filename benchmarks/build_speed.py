"""How fast `kg build` is against spaCy's own speed, cold, cached and incremental, and how much memory.

    .venv/bin/python benchmarks/build_speed.py [--posts 500] [--repeat 1] [--keep DIR]

Makes a corpus of N posts by copying ../shared/corpus/posthog under distinct names, then measures
in one run: (a) the floor, spaCy's nlp.pipe over exactly the prose the build parses with the same
model and statistical components; (b) a cold `kg build --workers 1`; (c) a no-change rebuild; (d) a
rebuild after one file changed; (e) the peak memory of (b); and a cold build with --workers 2.
A breakdown of (b) by stage comes from the same pass that measures (a). Prints figures, not a verdict
on a noisy machine: use --repeat to see the spread.

Everything runs on a snapshot of kg/ copied at the start, so edits to the working tree during the run
(which would change the cache key, see kg/cache.py) do not disturb it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
POSTHOG = ROOT.parent / "shared" / "corpus" / "posthog"
SNAPSHOT: Path | None = None  # folder holding the copy of kg/ that every run uses


def snapshot_code(folder: Path) -> Path:
    """Copy kg/ into `folder` and import kg from there in this process and in every child."""
    global SNAPSHOT
    shutil.copytree(ROOT / "kg", folder / "kg", ignore=shutil.ignore_patterns("__pycache__"))
    SNAPSHOT = folder
    sys.path.insert(0, str(folder))
    return folder


def kg_command(*args: str) -> tuple[list[str], dict[str, str], str]:
    """The command, environment and working folder that run `kg ARGS` from the snapshot."""
    env = dict(os.environ)
    if SNAPSHOT is None:
        return [str(Path(sys.executable).with_name("kg")), *args], env, os.getcwd()
    env["PYTHONPATH"] = str(SNAPSHOT) + os.pathsep + env.get("PYTHONPATH", "")
    # -m puts the working folder first on sys.path: run from the snapshot so the repo's kg/ is not seen
    return [sys.executable, "-m", "kg", *args], env, str(SNAPSHOT)


def make_corpus(folder: Path, posts: int, source: Path = POSTHOG) -> Path:
    """`posts` files copied round-robin from `source`, each under its own name (so its own URL)."""
    files = sorted(p for p in source.iterdir() if p.suffix in (".md", ".mdx"))
    if not files:
        sys.exit(f"no posts in {source}")
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(posts):
        src = files[i % len(files)]
        shutil.copyfile(src, folder / f"{src.stem}-{i // len(files)}{src.suffix}")
    return folder


class TreeMemory:
    """Peak of the summed resident memory of a process and its descendants, polled from /proc."""

    def __init__(self, pid: int, every: float = 0.05) -> None:
        self.pid, self.every, self.peak = pid, every, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _tree(self) -> list[int]:
        children: dict[int, list[int]] = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
        tree, todo = [], [self.pid]
        while todo:
            pid = todo.pop()
            tree.append(pid)
            todo.extend(children.get(pid, []))
        return tree

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self._tree():
                try:
                    status = Path(f"/proc/{pid}/status").read_text()
                except OSError:
                    continue
                match = re.search(r"VmRSS:\s+(\d+) kB", status)
                total += int(match.group(1)) * 1024 if match else 0
            self.peak = max(self.peak, total)
            self._stop.wait(self.every)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def run_build(content: Path, out: Path, *args: str) -> tuple[float, str, int]:
    """Wall time, stderr and peak tree memory (bytes) of one `kg build`."""
    cmd, env, cwd = kg_command("build", "--content", str(content), "--out", str(out), *args)
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=env, cwd=cwd
    )
    memory = TreeMemory(proc.pid)
    _, err = proc.communicate()
    seconds = time.perf_counter() - start
    peak = memory.stop()
    if proc.returncode != 0:
        sys.exit(f"kg build failed ({proc.returncode}):\n{err}")
    return seconds, err, peak


def parsed_count(stderr: str) -> int:
    match = re.search(r"parsed (\d+) file", stderr)
    return int(match.group(1)) if match else -1


def without_build_time(path: Path) -> str:
    return re.sub(r'"built_at": ?"[^"]*"', "", path.read_text(encoding="utf-8"))


def floor_and_breakdown(content: Path, model: str | None, breakdown: bool) -> dict[str, float]:
    """(a), and with `breakdown` the stages of a build, measured in this process on the same corpus."""
    import spacy

    from kg.corpus import read_corpus
    from kg.extract import extract_post
    from kg.extract.models import model_name
    from kg.extract.pipeline import NEEDED, load_nlp, parse_posts
    from kg.graph import build_graph
    from kg.render.html import render_html
    from kg.store import dumps

    times: dict[str, float] = {}
    start = time.perf_counter()
    posts, _ = read_corpus(content)
    times["read posts"] = time.perf_counter() - start
    texts = [piece.text for post in posts for piece in post.pieces]
    times["words"] = sum(len(text.split()) for text in texts)
    times["texts"] = len(texts)

    start = time.perf_counter()
    name = model_name(model)
    raw = spacy.load(name, exclude=[p for p in spacy.load(name).pipe_names if p not in NEEDED])
    times["load model"] = time.perf_counter() - start
    start = time.perf_counter()
    for _ in raw.pipe(texts):
        pass
    times["floor"] = time.perf_counter() - start
    del raw
    if not breakdown:
        return times

    nlp = load_nlp(model)
    extract = 0.0
    start = time.perf_counter()
    all_facts = []
    for post, docs in parse_posts(nlp, posts):
        t = time.perf_counter()
        all_facts.append(extract_post(post, docs))
        extract += time.perf_counter() - t
    total = time.perf_counter() - start
    times["pipe with kg components"] = total - extract
    times["kg facts from docs"] = extract
    start = time.perf_counter()
    graph = build_graph(all_facts, {"built_at": "", "corpus": str(content)})
    times["merge graph"] = time.perf_counter() - start
    start = time.perf_counter()
    dumps(graph)
    times["graph.json text"] = time.perf_counter() - start
    start = time.perf_counter()
    render_html(graph)
    times["graph.html text"] = time.perf_counter() - start
    return times


def stage_times(content: Path, model: str | None, breakdown: bool) -> dict[str, float]:
    """floor_and_breakdown in a fresh process running the snapshot."""
    cmd = [sys.executable, str(Path(__file__).resolve()), "--stage-times", str(content)]
    cmd += (["--model", model] if model else []) + (["--breakdown"] if breakdown else [])
    env = dict(os.environ, PYTHONPATH=str(SNAPSHOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(SNAPSHOT))
    if done.returncode != 0:
        sys.exit(f"floor measurement failed:\n{done.stderr}")
    return json.loads(done.stdout.splitlines()[-1])


def spread(values: list[float]) -> str:
    if len(values) == 1:
        return f"{values[0]:.2f}"
    return f"{statistics.median(values):.2f} ({min(values):.2f}-{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each measurement (median, range)")
    parser.add_argument("--model", default=None)
    parser.add_argument("--keep", type=Path, help="keep the corpus and the graph here (for query_speed.py)")
    parser.add_argument("--stage-times", type=Path, help=argparse.SUPPRESS)  # child mode: print JSON
    parser.add_argument("--breakdown", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if not POSTHOG.is_dir():
        print(
            f"build_speed.py needs the posthog corpus at {POSTHOG} (../shared/corpus/posthog): not found",
            file=sys.stderr,
        )
        sys.exit(2)
    if args.stage_times:
        print(json.dumps(floor_and_breakdown(args.stage_times, args.model, args.breakdown)))
        return

    from rich.console import Console
    from rich.table import Table

    work = args.keep or Path(tempfile.mkdtemp(prefix="kg-build-speed-"))
    shutil.rmtree(work / "src", ignore_errors=True)
    snapshot_code(work / "src")
    content = make_corpus(work / "corpus", args.posts)
    model = ["--model", args.model] if args.model else []
    console = Console()
    console.print(f"{args.posts} posts in {content}")

    cold, nochange, onechange, cold2, floors = [], [], [], [], []
    stages: dict[str, list[float]] = {}
    peak_rss_maxrss = 0
    peak_tree = peak_tree2 = 0
    identical = True
    for r in range(args.repeat):
        out1, out2 = work / f"out-w1-{r}", work / f"out-w2-{r}"
        shutil.rmtree(out1, ignore_errors=True)
        shutil.rmtree(out2, ignore_errors=True)
        seconds, err, tree = run_build(content, out1, "--workers", "1", *model)
        if r == 0:  # no child has run before: RUSAGE_CHILDREN's max is this build's peak
            peak_rss_maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        cold.append(seconds)
        peak_tree = max(peak_tree, tree)
        # the floor right after, in a fresh process, so both meet about the same machine load
        times = stage_times(content, args.model, breakdown=r == 0)
        floors.append(times["floor"])
        for key, value in times.items():
            stages.setdefault(key, []).append(value)
        seconds, err, _ = run_build(content, out1, "--workers", "1", *model)
        if parsed_count(err) != 0:
            console.print(f"[yellow]no-change rebuild parsed {parsed_count(err)} files (kg source edited?)")
        nochange.append(seconds)
        changed = sorted(content.iterdir())[len(list(content.iterdir())) // 2]
        changed.write_text(
            changed.read_text(encoding="utf-8") + f"\n\nA late edit, run {r}.\n", encoding="utf-8"
        )
        seconds, err, _ = run_build(content, out1, "--workers", "1", *model)
        if parsed_count(err) != 1:
            console.print(f"[yellow]one-file rebuild parsed {parsed_count(err)} files")
        onechange.append(seconds)
        seconds, err, tree = run_build(content, out2, "--workers", "2", "--no-cache", *model)
        cold2.append(seconds)
        peak_tree2 = max(peak_tree2, tree)
        identical &= without_build_time(out1 / "graph.json") == without_build_time(out2 / "graph.json")
        console.print(
            f"run {r + 1}: cold {cold[-1]:.1f}s, floor {floors[-1]:.1f}s, no-change {nochange[-1]:.2f}s, "
            f"one file {onechange[-1]:.2f}s, cold --workers 2 {cold2[-1]:.1f}s"
        )

    words = stages["words"][0]
    floor, b = statistics.median(floors), statistics.median(cold)
    c, d, b2 = statistics.median(nochange), statistics.median(onechange), statistics.median(cold2)

    table = Table(
        title=f"kg build on {args.posts} posts, {int(words)} words, {int(stages['texts'][0])} texts "
        f"(median of {args.repeat}, range in brackets)"
    )
    table.add_column("measure")
    table.add_column("seconds", justify="right")
    table.add_column("words/s", justify="right")
    table.add_row("(a) floor: nlp.pipe, same model and components", spread(floors), f"{words / floor:,.0f}")
    table.add_row("(b) cold kg build --workers 1", spread(cold), f"{words / b:,.0f}")
    table.add_row("    cold kg build --workers 2", spread(cold2), f"{words / b2:,.0f}")
    table.add_row("(c) no-change rebuild", spread(nochange), "")
    table.add_row("(d) one file changed", spread(onechange), "")
    console.print(table)

    ratios = Table(title="ratios and targets")
    ratios.add_column("ratio")
    ratios.add_column("value", justify="right")
    ratios.add_column("target")
    paired = [x / y for x, y in zip(cold, floors, strict=True)]
    ratios.add_row("b/a  cold build / floor (median of paired runs)", spread(paired), "<= 1.25")
    ratios.add_row("c/b  no-change / cold", f"{c / b:.4f}", "<= 0.05")
    ratios.add_row("d/b  one file / cold", f"{d / b:.4f}", "<= 0.1")
    ratios.add_row("--workers 2 / --workers 1 (cold)", f"{b2 / b:.3f}", "< 1")
    ratios.add_row("(e) peak memory of (b), maxrss", f"{peak_rss_maxrss / 2**20:,.0f} MB", "< 1536 MB")
    ratios.add_row("    peak memory of (b), process tree", f"{peak_tree / 2**20:,.0f} MB", "< 1536 MB")
    ratios.add_row("    peak memory, --workers 2 tree", f"{peak_tree2 / 2**20:,.0f} MB", "")
    ratios.add_row("graph.json identical for 1 and 2 workers", "yes" if identical else "NO", "yes")
    console.print(ratios)

    breakdown = Table(title="where a cold build's time goes (in-process pass, median)")
    breakdown.add_column("stage")
    breakdown.add_column("seconds", justify="right")
    for key in (
        "read posts",
        "load model",
        "floor",
        "pipe with kg components",
        "kg facts from docs",
        "merge graph",
        "graph.json text",
        "graph.html text",
    ):
        breakdown.add_row(key, spread(stages[key]))
    console.print(breakdown)
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    else:
        console.print(f"kept {work} (graph: {work / 'out-w1-0' / 'graph.json'})")


if __name__ == "__main__":
    main()
