"""How fast a query answers: `kg compare` against a bare `python -c "import networkx, typer"`.

    .venv/bin/python benchmarks/query_speed.py [--graph out/graph.json] [--posts 500] [--repeat 15]

Without --graph, builds one from N posts first (as benchmarks/build_speed.py makes them; or pass the
graph that `build_speed.py --keep DIR` left in DIR/out-w1-0/). The commands run in turn, so they
meet the same machine load; prints medians, the ratio, and where kg's start-up time goes
(`python -X importtime`, largest imports first). For comparison it also times `kg compare` on a copy
of graph.json without the build's query index (out/cache/graph-index.sqlite), which reads it whole.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
KG = Path(sys.executable).with_name("kg")
COMPARE = ["compare", "product-engineer", "product-manager"]
BARE = [sys.executable, "-c", "import networkx, typer"]


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def make_graph(posts: int, folder: Path) -> Path:
    sys.path.insert(0, str(HERE))
    from build_speed import make_corpus

    content = make_corpus(folder / "corpus", posts)
    out = folder / "out"
    subprocess.run([str(KG), "build", "--content", str(content), "--out", str(out)], check=True)
    return out / "graph.json"


def import_costs(graph: Path, top: int) -> list[tuple[int, str]]:
    """The largest imports (cumulative microseconds) of one `kg compare`, from -X importtime."""
    code = f"import sys; sys.argv = ['kg', *{[*COMPARE, '--graph', str(graph)]!r}]; from kg.cli import main; main()"
    done = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)", line)
        if match and not match.group(2):  # imported by the program itself, not by another module
            rows.append((int(match.group(1)), match.group(3).strip()))
    return sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--graph", type=Path)
    parser.add_argument("--posts", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from rich.console import Console
    from rich.table import Table

    from kg.index import index_path

    graph = args.graph or make_graph(args.posts, Path(tempfile.mkdtemp(prefix="kg-query-speed-")))
    console = Console()
    if not index_path(graph).is_file():
        console.print(f"no query index beside {graph}: run `kg build` to make one")
    bare_copy = Path(tempfile.mkdtemp(prefix="kg-query-speed-")) / "graph.json"
    shutil.copyfile(graph, bare_copy)
    query = [str(KG), *COMPARE, "--graph", str(graph)]
    whole = [str(KG), *COMPARE, "--graph", str(bare_copy)]
    wall(query), wall(whole)  # warm the file cache
    compare, bare, unindexed = [], [], []
    for _ in range(args.repeat):
        compare.append(wall(query))
        bare.append(wall(BARE))
        unindexed.append(wall(whole))
    c, b, w = statistics.median(compare), statistics.median(bare), statistics.median(unindexed)

    table = Table(title=f"{graph} ({graph.stat().st_size / 2**20:.1f} MB), median of {args.repeat}")
    table.add_column("command")
    table.add_column("median s", justify="right")
    table.add_column("min-max s", justify="right")
    table.add_row("kg " + " ".join(COMPARE), f"{c:.3f}", f"{min(compare):.3f}-{max(compare):.3f}")
    table.add_row('python -c "import networkx, typer"', f"{b:.3f}", f"{min(bare):.3f}-{max(bare):.3f}")
    table.add_row("[b]ratio (target <= 1.5)[/b]", f"[b]{c / b:.2f}[/b]", "")
    table.add_row("kg compare without the index", f"{w:.3f}", f"{min(unindexed):.3f}-{max(unindexed):.3f}")
    table.add_row("ratio without the index", f"{w / b:.2f}", "")
    console.print(table)

    costs = Table(title="largest imports of kg compare (python -X importtime, cumulative)")
    costs.add_column("module")
    costs.add_column("ms", justify="right")
    for micros, module in import_costs(graph, 12):
        costs.add_row(module, f"{micros / 1000:.0f}")
    console.print(costs)


if __name__ == "__main__":
    main()
