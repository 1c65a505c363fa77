"""Save a PNG of graph.html for the README (docs/graph.png), taken in headless Chromium.

    .venv/bin/python benchmarks/screenshot.py                        # build content/, compare two roles
    .venv/bin/python benchmarks/screenshot.py --graph out/graph.json --select role:product-engineer
    .venv/bin/python benchmarks/screenshot.py --compare "" ""         # the plain overview
    .venv/bin/python benchmarks/screenshot.py --content ../shared/corpus/posthog --compare "" "" --out docs/posthog.png
    .venv/bin/python benchmarks/screenshot.py --content ../shared/corpus/posthog --view skill --out docs/matrix.png

By default it compares product engineer and product manager (when the graph has them), so the picture
shows the legend, the coloured skills and the side panel with the counts.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import available, chromium, open_page  # noqa: E402

from kg import query, store  # noqa: E402
from kg.build import build  # noqa: E402
from kg.render.html import render_html  # noqa: E402


def main() -> None:
    """Build or load a graph, open its page, set it up as asked and save the screenshot."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--content", type=Path, default=ROOT / "content", help="posts to build from")
    parser.add_argument("--graph", type=Path, help="an existing graph.json instead of building")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "graph.png", help="the PNG to write")
    parser.add_argument("--compare", nargs=2, default=["product engineer", "product manager"], metavar="ROLE")
    parser.add_argument("--select", help="a node to click (and open in the side panel) instead")
    parser.add_argument("--size", default="1440x900", help="viewport WIDTHxHEIGHT in CSS pixels")
    parser.add_argument(
        "--view",
        choices=["graph", "skill", "tool"],
        default="graph",
        help="the tab: the graph, roles x skills or roles x tools (a matrix ignores --compare)",
    )
    parser.add_argument(
        "--cell",
        nargs=2,
        metavar=("ROLE", "ROW"),
        default=["product engineer", ""],
        help="in a matrix, the cell to click (ROW empty: the role's first cell)",
    )
    args = parser.parse_args()
    if not available():
        raise SystemExit("needs /usr/bin/chromium and Playwright for Python")

    with tempfile.TemporaryDirectory(prefix="kg-screenshot-") as tmp:
        graph = store.load(args.graph) if args.graph else build(args.content, None).graph
        page_file = Path(tmp) / "graph.html"
        page_file.write_text(render_html(graph), encoding="utf-8")
        width, height = (int(v) for v in args.size.split("x"))
        with chromium() as browser:
            page, recorder = open_page(browser, page_file, width=width, height=height)
            if args.view != "graph":
                page.click(f'#views button[data-view="{args.view}"]')
                role = query.find_node(graph, args.cell[0], "role")
                cells = page.locator(f'#matrix-table button.cell[data-role="{role}"]')
                if args.cell[1]:
                    row = query.find_node(graph, args.cell[1], args.view)
                    cells = page.locator(f'#matrix-table button.cell[data-role="{role}"][data-skill="{row}"]')
                if cells.count():
                    cells.first.click()
            elif args.select:
                page.evaluate("id => kg.choose(id)", query.find_node(graph, args.select))
            elif all(args.compare):
                try:
                    roles = [query.find_node(graph, name, "role") for name in args.compare]
                except query.NotFound as exc:
                    raise SystemExit(f"cannot compare: {exc}") from None
                page.select_option("#compare-a", roles[0])
                page.select_option("#compare-b", roles[1])
            page.wait_for_timeout(800)  # zoom animations
            if recorder.console_errors or recorder.page_errors:
                raise SystemExit(f"page errors: {recorder.console_errors + recorder.page_errors}")
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
    print(f"{args.out}: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} edges")


if __name__ == "__main__":
    main()
