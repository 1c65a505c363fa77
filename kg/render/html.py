"""graph -> one self-contained, offline HTML explorer (vis-network from the pyvis package, our own template).

The page embeds vis-network from the copy shipped inside the pyvis package, the graph as compact JSON
(rows, short keys, one sentence table) gzipped and base64-encoded, which cannot close its script tag
and which the page reads with the browser's DecompressionStream, and a script (templates/explorer.js)
that shows every string from the posts with textContent. A Content-Security-Policy allows only the
page's own scripts, by hash, and no network access at all.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import math
import re
from collections import Counter
from functools import cache
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment, PackageLoader, select_autoescape
from pyvis.network import Network

from kg.ask import grammar

VIS_VERSION = "vis-9.1.2"

# colour, vis-network shape and legend name per node type, in legend order
TYPE_STYLES: dict[str, tuple[str, str, str]] = {
    "role": ("#e15759", "diamond", "roles"),
    "skill": ("#59a14f", "dot", "skills"),
    "stage": ("#f28e2b", "triangle", "stages"),
    "company": ("#b07aa1", "hexagon", "companies"),
    "person": ("#d4a20c", "triangleDown", "people"),
    "post": ("#4e79a7", "square", "posts"),
    "tag": ("#9c755f", "star", "tags"),
}
OTHER_COLOURS = ["#76b7b2", "#ff9da7", "#bab0ac", "#8cd17d", "#86bcb6"]
HIDDEN_RELATIONS = ("mentions",)  # hidden by default behind a toggle
LABEL_MAX = 34  # characters of a label drawn on the canvas; the side panel shows it whole
DEFAULT_VISIBLE_MAX = 600  # the page raises its "min links" filter until at most this many show
# layout iterations by the number of nodes shown at first (at most, iterations): bounded, so the page settles
STABILIZATION = [(120, 200), (300, 140), (None, 100)]
BIG_VIEW = (
    450  # shown nodes above which dragging and zooming hide edges and the first layout is the quick one
)
# a graph whose plain default view would show more nodes than this opens on an overview: roles, tools and the
# STRONGEST skills of each role (posts, tags, people, companies and stages behind the legend's toggles)
OVERVIEW_ABOVE = 150
OVERVIEW_TYPES = ("role", "skill", "tool")
STRONGEST = 5
LABEL_MIN_PX = 9  # a label smaller than this on screen is not drawn (vis-network's drawThreshold)
SAFE_URL = re.compile(r"^(https?://[^\s/]+|/(?![/\\]))[^\s]*$", re.IGNORECASE)


def safe_href(url: Any) -> str | None:
    """`url` if it may be a link on the page (http(s) or site-relative), else None (javascript:, //x, ...)."""
    if not isinstance(url, str) or any(ord(c) < 32 for c in url):
        return None
    return url if SAFE_URL.match(url) else None


def embed_json(data: Any) -> str:
    """JSON for a <script type=application/json> block: no `<`, `>` or `&`, so no `</script>` or `<!--`."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def type_styles(graph: nx.MultiDiGraph) -> dict[str, dict[str, str]]:
    """Colour, shape and legend name for every node type in the graph, known types first."""
    present = Counter(str(d.get("type", "?")) for _, d in graph.nodes(data=True))
    ordered = [t for t in TYPE_STYLES if t in present] + sorted(t for t in present if t not in TYPE_STYLES)
    styles = {}
    for i, kind in enumerate(ordered):
        colour, shape, name = TYPE_STYLES.get(kind, (OTHER_COLOURS[i % len(OTHER_COLOURS)], "dot", kind))
        styles[kind] = {"color": colour, "shape": shape, "name": name, "count": present[kind]}
    return styles


def short_label(label: str) -> str:
    """A label short enough to draw on the canvas."""
    label = " ".join(str(label).split())
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


def node_size(degree: int) -> tuple[float, int]:
    """Node size and label font size for a node with `degree` edges: hubs are bigger and easier to read."""
    size = min(9 + 2.6 * math.sqrt(degree), 44)
    font = min(16 + int(1.5 * math.sqrt(degree)), 32)
    return round(size, 1), font


def shown_degrees(graph: nx.MultiDiGraph) -> Counter[str]:
    """Each node's number of edges in the default view: no hidden relations, no posts outside the corpus."""

    def shown(node: str) -> bool:
        data = graph.nodes[node]
        return not (data.get("type") == "post" and not data.get("in_corpus"))

    degrees: Counter[str] = Counter()
    for source, target, key in graph.edges(keys=True):
        if key not in HIDDEN_RELATIONS and shown(source) and shown(target):
            degrees[source] += 1
            degrees[target] += 1
    return degrees


def _jsonable(value: Any) -> Any:
    """Attribute values as JSON data (sets and tuples as lists, anything unknown as text)."""
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    return str(value)


def communities(graph: nx.MultiDiGraph) -> dict[str, int]:
    """Each node's community (networkx's louvain on the edges shown by default, weighted), largest first."""
    plain = nx.Graph()
    plain.add_nodes_from(graph)
    for source, target, key, data in graph.edges(keys=True, data=True):
        if key in HIDDEN_RELATIONS or source == target:
            continue
        weight = float(data.get("weight", 1) or 1)
        if plain.has_edge(source, target):
            plain[source][target]["weight"] += weight
        else:
            plain.add_edge(source, target, weight=weight)
    if plain.number_of_edges() == 0:
        return {str(n): i for i, n in enumerate(sorted(graph, key=str))}
    parts = nx.community.louvain_communities(plain, weight="weight", seed=7)
    ordered = sorted(parts, key=lambda part: (-len(part), min(str(n) for n in part)))
    return {str(node): i for i, part in enumerate(ordered) for node in part}


def seed_positions(
    graph: nx.MultiDiGraph, community: dict[str, int], degrees: Counter[str]
) -> dict[str, tuple[float, float]]:
    """Starting places: each community on its own patch of a spiral, its best-connected nodes in the middle.

    The layout starts from these, so what belongs together is together after the page's few layout steps.
    """
    golden = math.pi * (3 - math.sqrt(5))
    groups: dict[int, list[str]] = {}
    for node in sorted(graph, key=lambda n: (community[str(n)], -degrees[n], str(n))):
        groups.setdefault(community[str(node)], []).append(str(node))
    places: dict[str, tuple[float, float]] = {}
    spread = 0.0
    for i, members in enumerate(groups[k] for k in sorted(groups)):
        radius = 34 * math.sqrt(len(members))
        spread += radius
        distance = 0.0 if i == 0 else spread * 1.15
        cx, cy = distance * math.cos(i * 2.4), distance * math.sin(i * 2.4)
        spread += radius
        for j, node in enumerate(members):
            r = 34 * math.sqrt(j)
            places[node] = (round(cx + r * math.cos(j * golden), 1), round(cy + r * math.sin(j * golden), 1))
    return places


def vis_options() -> dict[str, Any]:
    """vis-network options: a bounded, quick stabilisation that stops; the page scales some to what it shows."""
    net = Network(directed=True, cdn_resources="in_line")
    net.force_atlas_2based(
        gravity=-110, central_gravity=0.015, spring_length=120, spring_strength=0.05, damping=0.5, overlap=0
    )
    options = json.loads(net.options.to_json())
    options["physics"]["forceAtlas2Based"]["theta"] = 0.8  # coarser Barnes-Hut: faster, still tidy
    options["physics"].update(
        minVelocity=1.5,
        maxVelocity=60,
        timestep=0.6,
        stabilization={
            "enabled": True,
            "iterations": STABILIZATION[0][1],
            "updateInterval": 25,
            "fit": False,
        },
    )
    options["edges"] = {
        "smooth": False,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
        "color": {"color": "#b8c0cc", "highlight": "#3b4252", "hover": "#3b4252", "opacity": 0.8},
        "selectionWidth": 1.5,
    }
    options["nodes"] = {
        "borderWidth": 1,
        "font": {
            "face": "system-ui, sans-serif",
            "color": "#1f2933",
            "strokeWidth": 3,
            "strokeColor": "#fff",
        },
        "scaling": {"label": {"drawThreshold": LABEL_MIN_PX}},
    }
    options["layout"] = {"improvedLayout": False, "randomSeed": 7}
    options["interaction"] = {
        "hover": True,  # a label hidden for lack of room shows while the pointer is on its node
        "tooltipDelay": 10**9,  # no hover tooltips: the side panel shows everything
        "hideEdgesOnDrag": False,
        "hideEdgesOnZoom": False,
        "navigationButtons": False,
        "keyboard": False,
        "multiselect": False,
    }
    return options


EVIDENCE_KEPT = 5  # sentences per edge the page carries; it shows how many more the posts have


class _Table:
    """A list of distinct strings and the index of each: the page's one table of sentences."""

    def __init__(self) -> None:
        self.index: dict[str, int] = {}

    def __call__(self, text: str) -> int:
        return self.index.setdefault(text, len(self.index))

    def items(self) -> list[str]:
        return list(self.index)


def page_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Everything the page shows, compact: short keys, nodes and edges as rows, evidence as sentence indices.

    `n` rows: [id, type index, label, canvas label or null, aliases, size, font size, x, y, community, attrs, href].
    `e` rows: [source, target, relation index, weight, stages, evidence, sentences left out, emphasis,
    emphasis evidence]; a node is its row number, evidence a flat list of (post, line, sentence index) triples.
    """
    styles = type_styles(graph)
    kinds = list(styles)
    community = communities(graph)
    degrees = shown_degrees(graph)
    places = seed_positions(graph, community, degrees)
    nodes = [str(n) for n in graph]
    number = {n: i for i, n in enumerate(nodes)}
    sentences = _Table()

    def ref(node: Any) -> int | str:
        return number.get(str(node), str(node))

    def evidence(items: Any) -> list[Any]:
        flat: list[Any] = []
        for e in list(items or [])[:EVIDENCE_KEPT]:
            line = e.get("line")
            flat += [
                ref(e.get("post", "")),
                line if isinstance(line, int) else None,
                sentences(str(e.get("text", ""))),
            ]
        return flat

    rows = []
    for node, data in graph.nodes(data=True):
        kind = str(data.get("type", "?"))
        text = str(data.get("label") or node)
        drawn = short_label(text)
        size, font = node_size(degrees[node])
        attrs = {k: _jsonable(v) for k, v in data.items() if k not in ("type", "label", "aliases")}
        rows.append(
            [
                str(node),
                kinds.index(kind),
                text,
                drawn if drawn != text else None,
                [str(a) for a in data.get("aliases") or []],
                size,
                font,
                *places[str(node)],
                community[str(node)],
                attrs,
                safe_href(data.get("url")),
            ]
        )
    relations = Counter(str(k) for _, _, k in graph.edges(keys=True))
    relation_names = sorted(relations)
    edges = []
    for source, target, key, data in graph.edges(keys=True, data=True):
        said = data.get("evidence") or []
        emphasis = data.get("emphasis") if data.get("emphasis") in ("more", "less") else None
        edges.append(
            [
                number[str(source)],
                number[str(target)],
                relation_names.index(str(key)),
                data.get("weight", 1),
                [ref(s) for s in data.get("stages") or []],
                evidence(said),
                max(0, len(said) - EVIDENCE_KEPT),
                emphasis,
                evidence(data.get("emphasis_evidence")) if emphasis else [],
            ]
        )
    return {
        "types": styles,
        "kinds": kinds,
        "relations": dict(sorted(relations.items())),
        "rel": relation_names,
        "hiddenRelations": [r for r in HIDDEN_RELATIONS if r in relations],
        "visibleMax": DEFAULT_VISIBLE_MAX,
        "overview": {"above": OVERVIEW_ABOVE, "types": list(OVERVIEW_TYPES), "strongest": STRONGEST},
        "labelMinPx": LABEL_MIN_PX,
        "stabilization": STABILIZATION,
        "bigView": BIG_VIEW,
        "options": vis_options(),
        "ask": grammar(),  # kg ask's question forms and patterns: the search box reads questions with them
        "n": rows,
        "e": edges,
        "s": sentences.items(),
    }


def pack(data: Any) -> str:
    """`data` as the page embeds it: JSON, gzip, base64 (only A-Z a-z 0-9 + / =, so nothing can close the block)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return base64.b64encode(gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)).decode("ascii")


def unpack(page: str) -> dict[str, Any]:
    """The data a graph.html carries (what page_data made), decoded: for tests and tools."""
    found = re.search(r'<script type="application/gzip" id="kg-data">([A-Za-z0-9+/=]*)</script>', page)
    if not found:
        raise ValueError("no kg data block in the page")
    return json.loads(gzip.decompress(base64.b64decode(found.group(1))).decode("utf-8"))


@cache
def _asset(package: str, *path: str) -> str:
    return resources.files(package).joinpath(*path).read_text(encoding="utf-8")


def _inline(text: str, tag: str) -> str:
    """Text to put inside <tag>...</tag>; refuses text that would close the element early."""
    if f"</{tag}" in text.lower() or "<!--" in text:
        raise ValueError(f"asset text would close its <{tag}> element")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("kg.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        keep_trailing_newline=True,
    )


def render_html(graph: nx.MultiDiGraph) -> str:
    """The full text of graph.html: a self-contained explorer that makes no network request."""
    vis_js = _inline(_asset("pyvis", "lib", VIS_VERSION, "vis-network.min.js"), "script")
    vis_js = re.sub(r"\n//# sourceMappingURL=\S*\s*$", "\n", vis_js)  # no .map file to fetch
    vis_css = _inline(_asset("pyvis", "lib", VIS_VERSION, "vis-network.css"), "style")
    # the icons of vis's navigation and editing buttons, which the page does not show: 200 kB less to parse
    vis_css = re.sub(r'url\("data:[^"]*"\)', "none", vis_css)
    app_js = _inline(_asset("kg.render", "templates", "explorer.js"), "script")
    app_css = _inline(_asset("kg.render", "templates", "explorer.css"), "style")
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    corpus = str(graph.graph.get("corpus") or "")
    return (
        _environment()
        .get_template("graph.html.j2")
        .render(
            title=f"kg graph: {corpus}" if corpus else "kg graph",
            csp=csp,
            vis_js=vis_js,
            vis_css=vis_css,
            app_js=app_js,
            app_css=app_css,
            data=pack(page_data(graph)),
            # the graph's own attributes (schema, corpus, build time) stay readable, outside the packed data
            meta_json=embed_json({k: _jsonable(v) for k, v in graph.graph.items()}),
        )
    )
