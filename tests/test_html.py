"""graph.html without a browser: self-contained, safe embedding, legend and sizes from the graph."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import math
import re

import networkx as nx
import pytest

from kg import store
from kg.render.html import EVIDENCE_KEPT, communities, page_data, render_html, safe_href, unpack

HOSTILE = '</script><script>alert(1)</script><!-- <img src=x onerror=alert(2)> "><svg onload=alert(3)>'


def small_graph(label: str = "product engineer") -> nx.MultiDiGraph:
    """A role, two skills, a post in the corpus and one outside it, with evidence."""
    g = nx.MultiDiGraph(corpus="tests", schema_version=1)
    post = "post:/blog/a"
    g.add_node(post, type="post", label="A post", aliases=[], url="/blog/a", title="A post", in_corpus=True)
    g.add_node(
        "post:https://x.org/b", type="post", label="B", aliases=[], url="https://x.org/b", in_corpus=False
    )
    g.add_node("role:pe", type="role", label=label, aliases=["PEs"])
    g.add_node("skill:code", type="skill", label="writing code", aliases=[])
    g.add_node("skill:users", type="skill", label="talking to users", aliases=[])
    ev = [{"post": post, "line": 3, "text": f"A {label} talks to users."}]
    g.add_edge("role:pe", "skill:users", key="has_skill", type="has_skill", weight=1, evidence=ev, stages=[])
    g.add_edge("role:pe", "skill:code", key="has_skill", type="has_skill", weight=1, evidence=ev, stages=[])
    g.add_edge(post, "role:pe", key="mentions", type="mentions", weight=1, evidence=ev)
    g.add_edge(post, "post:https://x.org/b", key="links_to", type="links_to", weight=1, evidence=ev)
    return g


NODE = ["id", "type", "label", "drawn", "aliases", "size", "font", "x", "y", "community", "attrs", "href"]
EDGE = [
    "source",
    "target",
    "relation",
    "weight",
    "stages",
    "evidence",
    "left_out",
    "emphasis",
    "emphasis_evidence",
]


def nodes_of(data: dict) -> dict[str, dict]:
    """The page data's node rows as dicts by id, the type by name."""
    out = {}
    for row in data["n"]:
        node = dict(zip(NODE, row, strict=True))
        node["type"] = data["kinds"][node["type"]]
        out[node["id"]] = node
    return out


def edges_of(data: dict) -> list[dict]:
    """The page data's edge rows as dicts: node ids, relation names, evidence as {post, line, text}."""
    ids = [row[0] for row in data["n"]]
    out = []
    for row in data["e"]:
        edge = dict(zip(EDGE, row, strict=True))
        edge["source"], edge["target"] = ids[edge["source"]], ids[edge["target"]]
        edge["relation"] = data["rel"][edge["relation"]]
        for key in ("evidence", "emphasis_evidence"):
            flat = edge[key]
            edge[key] = [
                {"post": ids[p] if isinstance(p, int) else p, "line": line, "text": data["s"][t]}
                for p, line, t in zip(flat[::3], flat[1::3], flat[2::3], strict=True)
            ]
        out.append(edge)
    return out


def scripts(page: str) -> list[str]:
    """The text of every <script> element, as an HTML parser would cut it."""
    return re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.DOTALL | re.IGNORECASE)


def csp_of(page: str) -> str:
    """The page's Content-Security-Policy, entities decoded."""
    return html.unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1))


def test_page_is_self_contained() -> None:
    page = render_html(small_graph())
    assert page.lstrip().lower().startswith("<!doctype html>")
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=", page, re.IGNORECASE)
    assert not re.search(r"<link\b", page, re.IGNORECASE)
    assert "@import" not in page
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", page, re.IGNORECASE)
    assert "default-src 'none'" in csp_of(page)
    assert "sourceMappingURL" not in page


def test_csp_allows_exactly_the_inline_scripts() -> None:
    page = render_html(small_graph())
    allowed = set(re.findall(r"'sha256-([^']+)'", csp_of(page)))
    code = scripts(page)[2:]  # the first two are data blocks, which are not run
    assert len(code) == 2
    for text in code:
        assert base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() in allowed


def test_hostile_label_cannot_leave_the_data_block() -> None:
    graph = small_graph(HOSTILE)
    page = render_html(graph)
    blocks = scripts(page)
    assert len(blocks) == 4  # meta, data, vis-network, explorer: nothing from the post opened another
    assert page.lower().count("</script") == 4
    assert re.fullmatch(r"[A-Za-z0-9+/=]+", blocks[1])  # base64: no markup can be in it
    data = unpack(page)
    assert nodes_of(data)["role:pe"]["label"] == HOSTILE
    assert f"A {HOSTILE} talks to users." in data["s"]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/blog/what-is-a-product-engineer", "/blog/what-is-a-product-engineer"),
        ("https://example.com/page", "https://example.com/page"),
        ("HTTP://example.com", "HTTP://example.com"),
        ("javascript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("//evil.example/x", None),
        ("/\\evil.example", None),
        ("vbscript:msgbox(1)", None),
        ("relative/path", None),
        ("https://", None),
        (None, None),
        (3, None),
    ],
)
def test_safe_href(url: object, expected: str | None) -> None:
    assert safe_href(url) == expected


def test_post_links_only_when_safe() -> None:
    graph = small_graph()
    graph.add_node("post:/x", type="post", label="x", aliases=[], url="javascript:alert(1)", in_corpus=True)
    info = nodes_of(page_data(graph))
    assert info["post:/blog/a"]["href"] == "/blog/a"
    assert info["post:https://x.org/b"]["href"] == "https://x.org/b"
    assert info["post:/x"]["href"] is None


def test_legend_lists_the_types_present_with_counts() -> None:
    types = page_data(small_graph())["types"]
    assert {t: s["count"] for t, s in types.items()} == {"role": 1, "skill": 2, "post": 2}
    assert len({s["color"] for s in types.values()}) == 3
    assert len({s["shape"] for s in types.values()}) == 3


def test_unknown_types_get_a_style_too() -> None:
    graph = small_graph()
    graph.add_node("gadget:x", type="gadget", label="x", aliases=[])
    graph.add_node("gizmo:y", type="gizmo", label="y", aliases=[])
    types = page_data(graph)["types"]
    assert types["gadget"]["color"] != types["gizmo"]["color"]


def test_hubs_are_bigger_than_leaves() -> None:
    graph = small_graph()
    for i in range(12):
        graph.add_node(f"skill:{i}", type="skill", label=f"s{i}", aliases=[])
        graph.add_edge("role:pe", f"skill:{i}", key="has_skill", type="has_skill", weight=1, evidence=[])
    nodes = nodes_of(page_data(graph))
    assert nodes["role:pe"]["size"] > nodes["skill:code"]["size"]
    assert nodes["role:pe"]["font"] > nodes["skill:code"]["font"]


def test_edges_carry_relation_and_evidence() -> None:
    data = page_data(small_graph())
    edges = edges_of(data)
    assert len(edges) == 4
    by_relation = {e["relation"]: e for e in edges}
    assert by_relation["has_skill"]["evidence"] == [
        {"post": "post:/blog/a", "line": 3, "text": "A product engineer talks to users."}
    ]
    assert data["hiddenRelations"] == ["mentions"]
    assert len(data["s"]) == 1  # the sentence four edges cite is in the page once


def test_evidence_is_cut_to_the_first_few_with_a_count() -> None:
    graph = small_graph()
    said = [{"post": "post:/blog/a", "line": i, "text": f"Sentence {i}."} for i in range(1, 13)]
    graph.add_edge("role:pe", "skill:code", key="uses", weight=12, evidence=said)
    data = page_data(graph)
    edge = next(e for e in edges_of(data) if e["relation"] == "uses")
    assert edge["evidence"] == said[:EVIDENCE_KEPT] and edge["left_out"] == 12 - EVIDENCE_KEPT
    assert "Sentence 12." not in data["s"]


def test_degree_marks_travel_with_the_edge() -> None:
    graph = small_graph()
    graph.edges["role:pe", "skill:code", "has_skill"]["emphasis"] = "more"
    graph.edges["role:pe", "skill:code", "has_skill"]["emphasis_evidence"] = [
        {"post": "post:/blog/a", "line": 9, "text": "PEs code more."}
    ]
    edge = next(e for e in edges_of(page_data(graph)) if e["target"] == "skill:code")
    assert edge["emphasis"] == "more" and edge["emphasis_evidence"][0]["text"] == "PEs code more."


def test_long_labels_are_shortened_on_the_canvas_only() -> None:
    title = "A very long post title that goes on and on about product engineers"
    graph = small_graph()
    graph.nodes["post:/blog/a"]["label"] = title
    node = nodes_of(page_data(graph))["post:/blog/a"]
    assert len(node["drawn"]) < len(title) and node["drawn"].endswith("…")
    assert node["label"] == title


def test_render_leaves_the_graph_unchanged() -> None:
    graph = small_graph()
    before = store.dumps(graph)
    render_html(graph)
    assert store.dumps(graph) == before


def test_empty_graph_renders() -> None:
    page = render_html(nx.MultiDiGraph())
    assert unpack(page)["n"] == [] and unpack(page)["e"] == []


def two_teams() -> nx.MultiDiGraph:
    """Two roles, each with four skills of its own, and one mention between them (not a default edge)."""
    g = nx.MultiDiGraph()
    for role in ("a", "b"):
        g.add_node(f"role:{role}", type="role", label=role, aliases=[])
        for i in range(4):
            g.add_node(f"skill:{role}{i}", type="skill", label=f"{role}{i}", aliases=[])
            g.add_edge(f"role:{role}", f"skill:{role}{i}", key="has_skill", weight=1, evidence=[])
    g.add_edge("role:a", "role:b", key="mentions", weight=1, evidence=[])
    return g


def test_communities_group_what_is_linked() -> None:
    community = communities(two_teams())
    a = {community["role:a"], *(community[f"skill:a{i}"] for i in range(4))}
    b = {community["role:b"], *(community[f"skill:b{i}"] for i in range(4))}
    assert len(a) == len(b) == 1 and a != b


def test_nodes_start_next_to_their_community() -> None:
    graph = two_teams()
    places = {n["id"]: (n["x"], n["y"]) for n in nodes_of(page_data(graph)).values()}

    def spread(team: str) -> float:
        xs = [places[n] for n in graph if n.split(":")[1].startswith(team)]
        return max(math.dist(p, q) for p in xs for q in xs)

    gap = math.dist(places["role:a"], places["role:b"])
    assert gap > max(spread("a"), spread("b")) / 2
    assert render_html(graph) == render_html(two_teams())  # the same page every time


def test_the_graph_attributes_stay_readable_and_safe() -> None:
    graph = small_graph()
    graph.graph["corpus"] = HOSTILE
    meta = scripts(render_html(graph))[0]
    assert "<" not in meta and ">" not in meta and "&" not in meta
    assert json.loads(meta) == {"corpus": HOSTILE, "schema_version": 1}
