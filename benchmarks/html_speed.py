"""How fast graph.html is usable: time from navigation to the graph stabilised and drawn, in headless Chromium.

    .venv/bin/python benchmarks/html_speed.py                 # content/, ../shared/corpus/posthog, 500 posts
    .venv/bin/python benchmarks/html_speed.py --with-2000     # and 2,000 posts
    .venv/bin/python benchmarks/html_speed.py --posts 0       # skip the copied corpora (their builds take minutes)
    .venv/bin/python benchmarks/html_speed.py --graph g.json  # time the page of an existing graph.json too

The 500- and 2,000-post corpora are the posthog posts copied under distinct names into a temporary folder.
For each page: its size, the time from navigation to the first view laid out and drawn, the nodes drawn,
and that time as a ratio to the page of an empty graph opened in the same run (the baseline: the cost
of vis-network and the explorer themselves). Goal (issue 13): 500 posts at most 5 MB, ready in at most 3 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import available, chromium, open_page  # noqa: E402

from kg import store  # noqa: E402
from kg.build import build  # noqa: E402
from kg.render.html import render_html  # noqa: E402

POSTHOG = ROOT.parent / "shared" / "corpus" / "posthog"
MARKS = ["kg:data-parsed", "kg:view-ready", "kg:network-created", "kg:stabilised", "kg:drawn"]
console = Console(width=200)


def copies(source: Path, folder: Path, posts: int) -> Path:
    """`posts` posts in `folder`: the files of `source` copied round-robin under distinct names."""
    files = sorted(p for p in source.iterdir() if p.suffix in (".md", ".mdx"))
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(posts):
        original = files[i % len(files)]
        round_ = i // len(files)
        name = original.name if round_ == 0 else f"{original.stem}-copy{round_}{original.suffix}"
        shutil.copyfile(original, folder / name)
    return folder


def time_page(browser, html: Path, runs: int) -> dict:
    """Milliseconds from navigation start to stabilised-and-drawn, per run, and the page's own marks."""
    ready, marks, shown, drawn = [], [], "", 0
    for _ in range(runs):
        page, recorder = open_page(browser, html, timeout_ms=120_000)
        ready.append(page.evaluate("window.kgReady"))
        marks.append(
            page.evaluate(
                "names => names.map(n => performance.getEntriesByName(n)[0]?.startTime ?? null)", MARKS
            )
        )
        shown = page.locator("#status").text_content()
        drawn = page.evaluate("kg.network.body.nodeIndices.length")
        errors = recorder.console_errors + recorder.page_errors
        if errors or recorder.requests != [html.resolve().as_uri()]:
            raise SystemExit(f"{html}: errors {errors} or requests {recorder.requests}")
        page.context.close()
    median_marks = [statistics.median(m[i] for m in marks) for i in range(len(MARKS))]
    return {"ready": ready, "marks": median_marks, "shown": shown, "drawn": drawn}


def main() -> None:
    """Build each corpus, render its page, time it in Chromium, print a table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--posts", type=int, default=500, help="size of the copied corpus (0: skip it)")
    parser.add_argument("--with-2000", action="store_true", help="also a copied corpus of 2,000 posts")
    parser.add_argument("--runs", type=int, default=3, help="page loads per corpus (median reported)")
    parser.add_argument("--graph", type=Path, action="append", default=[], help="also time this graph.json")
    args = parser.parse_args()
    if not available():
        raise SystemExit("needs /usr/bin/chromium and Playwright for Python")

    table = Table(title="graph.html: navigation -> stabilised and drawn (headless Chromium)")
    for column in ("graph", "posts", "nodes", "edges", "nodes drawn", "page MB", "build s", "render s"):
        table.add_column(column, justify="right" if column != "graph" else "left")
    table.add_column("ready ms (median)", justify="right", style="bold")
    table.add_column("x empty page", justify="right")
    table.add_column("runs ms", justify="right")
    table.add_column("parse / view / network / stable / drawn ms", justify="right")

    with tempfile.TemporaryDirectory(prefix="kg-html-speed-") as tmp, chromium() as browser:
        tmp = Path(tmp)
        empty = tmp / "empty" / "graph.html"
        empty.parent.mkdir()
        empty.write_text(render_html(nx.MultiDiGraph()), encoding="utf-8")
        baseline = statistics.median(time_page(browser, empty, args.runs)["ready"])
        console.print(f"baseline: the page of an empty graph is ready in {baseline:.0f} ms")
        jobs: list[tuple[str, Path | None, Path | None]] = [("content/", ROOT / "content", None)]
        if POSTHOG.is_dir():
            jobs.append(("posthog", POSTHOG, None))
            sizes = ([args.posts] if args.posts else []) + ([2000] if args.with_2000 and args.posts else [])
            for size in sizes:
                jobs.append((f"{size} posts", copies(POSTHOG, tmp / f"copies-{size}", size), None))
        else:
            console.print(f"({POSTHOG} is absent: only content/ and --graph files are timed)")
        jobs += [(str(g), None, g) for g in args.graph]
        for name, content, graph_file in jobs:
            out = tmp / f"out-{len(list(tmp.iterdir()))}"
            posts, build_s = "", ""
            if content is not None:
                console.print(f"building {name} ...")
                started = time.perf_counter()
                result = build(content, out)
                build_s = f"{time.perf_counter() - started:.1f}"
                graph, posts = result.graph, str(result.posts)
            else:
                graph = store.load(graph_file)
            started = time.perf_counter()
            html = render_html(graph)
            render_s = f"{time.perf_counter() - started:.2f}"
            out.mkdir(parents=True, exist_ok=True)
            (out / "graph.html").write_text(html, encoding="utf-8")
            console.print(
                f"timing {name}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges ..."
            )
            timing = time_page(browser, out / "graph.html", args.runs)
            table.add_row(
                name,
                posts,
                str(graph.number_of_nodes()),
                str(graph.number_of_edges()),
                str(timing["drawn"]),
                f"{len(html.encode()) / 1e6:.1f}",
                build_s,
                render_s,
                f"{statistics.median(timing['ready']):.0f}",
                f"{statistics.median(timing['ready']) / baseline:.1f}",
                " ".join(f"{r:.0f}" for r in timing["ready"]),
                " / ".join(f"{m:.0f}" if m is not None else "-" for m in timing["marks"]),
            )
    console.print(table)


if __name__ == "__main__":
    main()
