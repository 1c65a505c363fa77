"""graph.html in headless Chromium: offline, legend, search, evidence panel, filters, compare, hostile posts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx
import pytest
from browser import available, chromium, open_page
from conftest import CONTENT, SHARED

from kg import query, store
from kg.build import build
from kg.render.html import render_html

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not available(), reason="needs /usr/bin/chromium and Playwright for Python"),
]

HOSTILE = Path(__file__).parent / "fixtures" / "hostile"
PE, PM, DS = "role:product-engineer", "role:product-manager", "role:data-scientist"
POST = "post:/blog/pe-vs-pm"


@pytest.fixture(scope="module")
def browser() -> Any:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def content_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ built once into a temporary out folder; the folder."""
    out = tmp_path_factory.mktemp("content-out")
    build(CONTENT, out)
    return out


def roles_graph() -> nx.MultiDiGraph:
    """Three roles with known skills: PE and PM share two, each has its own, the data scientist one more."""
    g = nx.MultiDiGraph(corpus="hand-made")
    g.add_node(POST, type="post", label="Product engineer vs product manager", title="Product engineer vs product manager",
               url="/blog/pe-vs-pm", in_corpus=True, aliases=[])  # fmt: skip
    g.add_node("post:/blog/other", type="post", label="Other", url="/blog/other", in_corpus=True, aliases=[])
    g.add_node(PE, type="role", label="product engineer", aliases=["product engineers"])
    g.add_node(PM, type="role", label="product manager", aliases=["PMs"])
    g.add_node(DS, type="role", label="data scientist", aliases=[])
    g.add_node("tag:careers", type="tag", label="Careers", aliases=[])
    skills = {
        "talking-to-users": (PE, PM),
        "prioritising": (PE, PM),
        "writing-code": (PE,),
        "shipping-features": (PE,),
        "writing-specs": (PM,),
        "statistics": (DS,),
        "product-management": (),
    }
    line = 10
    for slug, owners in skills.items():
        g.add_node(f"skill:{slug}", type="skill", label=slug.replace("-", " "), aliases=[])
        for role in owners:
            line += 1
            text = f"The {g.nodes[role]['label']} is {slug.replace('-', ' ')} (line {line})."
            g.add_edge(role, f"skill:{slug}", key="has_skill", type="has_skill", weight=1,
                       evidence=[{"post": POST, "line": line, "text": text}], stages=[])  # fmt: skip
    # a mention is not a claim: the PM is mentioned next to statistics, but has no has_skill edge to it
    g.add_edge(POST, "skill:statistics", key="mentions", type="mentions", weight=1, evidence=[])
    g.add_edge(POST, PM, key="mentions", type="mentions", weight=1, evidence=[])
    g.add_edge(POST, "skill:product-management", key="mentions", type="mentions", weight=1, evidence=[])
    for post in (POST, "post:/blog/other"):
        g.add_edge(post, "tag:careers", key="tagged", type="tagged", weight=1, evidence=[])
    return g


def open_graph(browser: Any, graph: nx.MultiDiGraph, folder: Path) -> tuple[Any, Any]:
    """Render `graph` to folder/graph.html and open it."""
    path = folder / "graph.html"
    path.write_text(render_html(graph), encoding="utf-8")
    return open_page(browser, path)


def click_node(page: Any, node: str, *, shift: bool = False) -> None:
    """Click a node where it is drawn on the canvas, as a user would."""
    page.evaluate("id => window.kg.network.focus(id, {scale: 1.2})", node)
    x, y = page.evaluate(
        """id => { const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
                   const r = document.querySelector('#graph canvas').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(x, y)
    if shift:
        page.keyboard.up("Shift")


def drawn_nodes(page: Any) -> set[str]:
    """Ids of the nodes vis-network draws now."""
    return set(page.evaluate("kg.network.body.nodeIndices"))


def assert_quiet(page: Any, recorder: Any, url: str) -> None:
    """No request but the page itself, no console or page error, no dialog, no CSP violation."""
    assert recorder.requests == [url]
    assert recorder.console_errors == []
    assert recorder.page_errors == []
    assert recorder.dialogs == []
    assert page.evaluate("window.__kgViolations") == []


# --- the page built from content/ ---------------------------------------------------------------


def test_content_page_loads_offline_without_errors(browser: Any, content_build: Path) -> None:
    page, recorder = open_page(browser, content_build / "graph.html")
    graph = store.load(content_build / "graph.json")
    assert_quiet(page, recorder, (content_build / "graph.html").resolve().as_uri())
    assert len(drawn_nodes(page)) > 0
    assert page.evaluate("kg.network.physics.physicsEnabled") is False  # stabilised, then stopped
    assert page.locator("#status").text_content().split(" of ")[1].startswith(str(graph.number_of_nodes()))


def test_legend_lists_the_types_present(browser: Any, content_build: Path) -> None:
    page, _ = open_page(browser, content_build / "graph.html")
    graph = store.load(content_build / "graph.json")
    types = {d["type"] for _, d in graph.nodes(data=True)}
    legend = page.locator("#legend-types button")
    assert set(legend.evaluate_all("bs => bs.map(b => b.dataset.type)")) == types
    for kind in types:
        count = sum(1 for _, d in graph.nodes(data=True) if d["type"] == kind)
        assert (
            page.locator(f'#legend-types button[data-type="{kind}"] .count')
            .text_content()
            .endswith(f"/{count}")
        )


def content_roles(out: Path, *names: str) -> tuple[nx.MultiDiGraph, list[str]]:
    """The graph built from content/ and the ids of the roles called `names` (which it must have)."""
    graph = store.load(out / "graph.json")
    return graph, [query.find_node(graph, name, "role") for name in names]


def test_content_search_product_manager_focuses_it(browser: Any, content_build: Path) -> None:
    graph, [wanted] = content_roles(content_build, "product manager")
    page, _ = open_page(browser, content_build / "graph.html")
    page.fill("#search", "product manager")
    page.press("#search", "Enter")
    assert page.evaluate("kg.network.getSelectedNodes()") == [wanted]
    assert page.locator("#panel-body h1").text_content() == graph.nodes[wanted]["label"]


def test_content_clicking_a_role_shows_its_evidence(browser: Any, content_build: Path) -> None:
    graph, [role] = content_roles(content_build, "product engineer")
    page, _ = open_page(browser, content_build / "graph.html")
    click_node(page, role)
    assert page.locator("#panel-body h1").text_content() == graph.nodes[role]["label"]
    sentences = set(page.locator("#panel-body .sentence").all_text_contents())
    said = {ev["text"] for *_, d in graph.out_edges(role, data=True) for ev in d.get("evidence", [])}
    said |= {ev["text"] for *_, d in graph.in_edges(role, data=True) for ev in d.get("evidence", [])}
    assert sentences and sentences <= said


def test_content_compare_matches_kg_compare(browser: Any, content_build: Path) -> None:
    graph, [pe, pm] = content_roles(content_build, "product engineer", "product manager")
    page, _ = open_graph_file(browser, content_build)
    page.select_option("#compare-a", pe)
    page.select_option("#compare-b", pm)
    assert_compare(page, graph, pe, pm)


def open_graph_file(browser: Any, out: Path) -> tuple[Any, Any]:
    """Open out/graph.html."""
    return open_page(browser, out / "graph.html")


def assert_compare(page: Any, graph: nx.MultiDiGraph, a: str, b: str) -> None:
    """The page's skill lists and counts are those of kg compare, and the nodes are coloured so."""
    cmp = query.compare(graph, [a, b])
    more_a, more_b = {s["id"] for s in cmp.more(a)}, {s["id"] for s in cmp.more(b)}
    shared = {s["id"] for s in cmp.shared()}
    expected = {
        "both": shared - more_a - more_b,
        "both-more-a": more_a,
        "both-more-b": more_b,
        "only-a": {s["id"] for s in cmp.only(a)},
        "only-b": {s["id"] for s in cmp.only(b)},
    }
    for group, ids in expected.items():
        shown = page.locator(f'#panel-body ul[data-group="{group}"] li').evaluate_all(
            "ls => ls.map(l => l.dataset.id)"
        )
        assert set(shown) == ids, group
    counts = {"both": shared, "only-a": expected["only-a"], "only-b": expected["only-b"]}
    for group, ids in counts.items():
        assert page.locator(f'#panel-body [data-count="{group}"] strong').text_content() == str(len(ids))
    denied = page.locator('#panel-body ul[data-group="not"] > li').evaluate_all(
        "ls => ls.map(l => [l.dataset.role, l.dataset.id])"
    )
    assert {tuple(d) for d in denied} == {(r, s["id"]) for s in cmp.denied() for r in s["not"]}
    colours = page.evaluate("Object.fromEntries(kg.nodes.get().map(n => [n.id, n.color.background]))")
    palette = {"both": "#7048e8", "only-a": "#1c7ed6", "only-b": "#f08c00"}
    for group, ids in counts.items():
        assert {colours[i] for i in ids} <= {palette[group]}
    assert shared | expected["only-a"] | expected["only-b"] <= drawn_nodes(page)


# --- hand-made graphs where the answer is known ---------------------------------------------------


def test_search_prefers_the_exact_name_and_finds_aliases(browser: Any, tmp_path: Path) -> None:
    page, _ = open_graph(browser, roles_graph(), tmp_path)
    page.fill("#search", "product manager")
    options = page.locator("#search-results li").evaluate_all("ls => ls.map(l => l.dataset.id)")
    assert options[0] == PM and POST in options  # type-ahead lists the post title that contains it too
    page.press("#search", "Enter")
    assert page.evaluate("kg.network.getSelectedNodes()") == [PM]
    page.wait_for_timeout(600)  # the zoom animation
    x, y = page.evaluate(f"Object.values(kg.network.canvasToDOM(kg.network.getPositions(['{PM}'])['{PM}']))")
    graph_box, panel_box = page.locator("#graph").bounding_box(), page.locator("#panel").bounding_box()
    legend_box = page.locator("#legend").bounding_box()
    left, right = legend_box["x"] + legend_box["width"] - graph_box["x"], panel_box["x"] - graph_box["x"]
    assert (
        abs(x - (left + right) / 2) < 2 and abs(y - graph_box["height"] / 2) < 2
    )  # between legend and panel
    page.fill("#search", "pms")
    page.keyboard.press("Enter")
    assert page.evaluate("kg.network.getSelectedNodes()") == [PM]


def test_clicking_a_role_shows_its_evidence(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    page, recorder = open_graph(browser, graph, tmp_path)
    click_node(page, PE)
    assert page.locator("#panel").is_visible()
    assert page.locator("#panel-body h1").text_content() == "product engineer"
    assert page.locator("#panel-body .type").text_content() == "role"
    assert "product engineers" in page.locator("#panel-body .aliases").text_content()
    sentences = page.locator("#panel-body .sentence").all_text_contents()
    expected = [ev["text"] for _, _, d in graph.out_edges(PE, data=True) for ev in d["evidence"]]
    assert sorted(sentences) == sorted(expected)
    sources = page.locator("#panel-body .source").all_text_contents()
    assert all("Product engineer vs product manager, line " in s for s in sources)
    hrefs = set(
        page.locator("#panel-body .source a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    )
    assert hrefs == {"/blog/pe-vs-pm"}
    assert page.locator("#panel-body summary").first.text_content().startswith("has_skill →")
    # the neighbourhood stays in colour, the rest is dimmed
    colours = page.evaluate("Object.fromEntries(kg.nodes.get().map(n => [n.id, n.color.background]))")
    assert colours["skill:writing-code"] != colours["skill:statistics"]
    assert recorder.page_errors == []


def test_hiding_a_type_hides_its_nodes(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    skills = {n for n, d in graph.nodes(data=True) if d["type"] == "skill"}
    page, _ = open_graph(browser, graph, tmp_path)
    assert drawn_nodes(page) & skills
    page.click('#legend-types button[data-type="skill"]')
    assert not drawn_nodes(page) & skills
    assert page.get_attribute('#legend-types button[data-type="skill"]', "aria-pressed") == "false"
    assert drawn_nodes(page) & {PE, PM}
    page.click('#legend-types button[data-type="skill"]')
    assert drawn_nodes(page) & skills


def test_outside_posts_and_mentions_are_hidden_until_toggled(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    graph.add_node("post:https://elsewhere.org/x", type="post", label="Elsewhere", url="https://elsewhere.org/x",
                   in_corpus=False, aliases=[])  # fmt: skip
    graph.add_edge(
        POST, "post:https://elsewhere.org/x", key="links_to", type="links_to", weight=1, evidence=[]
    )
    page, _ = open_graph(browser, graph, tmp_path)
    mention_ids = page.evaluate("kg.edges.get().filter(e => !e.hidden).map(e => e.id)")
    mentions = {i for i, (_, _, k) in enumerate(graph.edges(keys=True)) if k == "mentions"}
    assert not mentions & set(mention_ids)
    assert "post:https://elsewhere.org/x" not in drawn_nodes(page)
    assert "skill:product-management" not in drawn_nodes(page)  # only a mention links it
    page.click('button[data-toggle="outside"]')
    assert "post:https://elsewhere.org/x" in drawn_nodes(page)
    page.click('button[data-toggle="relation-mentions"]')
    assert "skill:product-management" in drawn_nodes(page)
    assert mentions <= set(page.evaluate("kg.edges.get().filter(e => !e.hidden).map(e => e.id)"))


def test_compare_with_the_selects(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    page, _ = open_graph(browser, graph, tmp_path)
    options = page.locator("#compare-a option").evaluate_all("os => os.map(o => o.value)")
    assert options == ["", DS, PE, PM]
    before = page.evaluate("kg.network.getPositions()")
    page.select_option("#compare-a", PE)
    page.select_option("#compare-b", PM)
    group = {g: set(page.locator(f'#panel-body ul[data-group="{g}"] li').evaluate_all("ls => ls.map(l => l.dataset.id)"))
             for g in ("both", "only-a", "only-b")}  # fmt: skip
    assert group == {
        "both": {"skill:talking-to-users", "skill:prioritising"},
        "only-a": {"skill:writing-code", "skill:shipping-features"},
        "only-b": {"skill:writing-specs"},
    }
    assert_compare(page, graph, PE, PM)
    colours = page.evaluate("Object.fromEntries(kg.nodes.get().map(n => [n.id, n.color.background]))")
    assert colours["skill:statistics"] == colours["skill:product-management"]  # neither role: dimmed
    # laid out left to right: only the first | first | both | second | only the second
    x = {k: v["x"] for k, v in page.evaluate("kg.network.getPositions()").items()}
    assert max(x[s] for s in group["only-a"]) < x[PE] < min(x[s] for s in group["both"])
    assert max(x[s] for s in group["both"]) < x[PM] < min(x[s] for s in group["only-b"])
    assert drawn_nodes(page) == {PE, PM} | group["both"] | group["only-a"] | group["only-b"]
    page.click("#compare-clear")
    assert page.evaluate("kg.compare()") is None
    assert page.evaluate("kg.network.getPositions()") == before  # everything back where it was


def test_compare_with_shift_click(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    page, _ = open_graph(browser, graph, tmp_path)
    click_node(page, PM, shift=True)
    click_node(page, DS, shift=True)
    assert page.input_value("#compare-a") == PM and page.input_value("#compare-b") == DS
    assert_compare(page, graph, PM, DS)


# --- hostile posts ---------------------------------------------------------------------------------


def test_hostile_posts_run_nothing_and_show_as_text(browser: Any, tmp_path: Path) -> None:
    graph = build(HOSTILE, None).graph
    # a URL no corpus link can produce, to check the page's own href filter too
    graph.add_node("post:/evil-url", type="post", label="evil url", url="javascript:window.__kgPwned=99",
                   in_corpus=True, aliases=[])  # fmt: skip
    graph.add_edge("post:/blog/evil", "post:/evil-url", key="links_to", type="links_to", weight=1,
                   evidence=[{"post": "post:/evil-url", "line": 1, "text": "<img src=x onerror=alert(98)>"}])  # fmt: skip
    # names that are also properties of every JavaScript object
    graph.add_node(
        "tag:__proto__", type="tag", label="constructor", aliases=["toString"], note="hasOwnProperty"
    )
    graph.add_edge("post:/blog/evil", "tag:__proto__", key="tagged", type="tagged", weight=1, evidence=[])
    page, recorder = open_graph(browser, graph, tmp_path)
    page.click('button[data-toggle="outside"]')
    for toggle in page.locator('button[data-toggle^="relation-"]').all():
        toggle.click()
    page.fill("#min-degree", "0")
    page.dispatch_event("#min-degree", "change")
    assert drawn_nodes(page) == set(graph.nodes)
    shown, hrefs = [], []
    for node in graph.nodes:  # every panel, through the same call a click makes
        page.evaluate("id => kg.choose(id)", node)
        for more in page.locator("#panel-body button.more").all():
            more.click()
        shown.append(page.locator("#panel-body").text_content())
        hrefs += page.locator("#panel-body a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
    roles = [n for n, d in graph.nodes(data=True) if d["type"] == "role"]
    if len(roles) >= 2:
        page.select_option("#compare-a", roles[0])
        page.select_option("#compare-b", roles[1])
        shown.append(page.locator("#panel-body").text_content())
    for text in ("<img", "<script", "<svg", "javascript:"):
        page.fill("#search", text)
        assert page.locator("#search-results li").count() > 0
        shown.append(page.locator("#search-results").text_content())
    page.wait_for_timeout(300)

    assert page.evaluate("window.__kgPwned") is None
    assert_quiet(page, recorder, (tmp_path / "graph.html").resolve().as_uri())
    everything = "\n".join(shown)
    for data in (d for _, d in graph.nodes(data=True)):
        assert data["label"] in everything  # shown literally, markup and all
    assert '<img src=x onerror="window.__kgPwned=1;alert(1)">' in everything
    assert "<img src=x onerror=alert(98)>" in everything
    assert (
        page.locator("#panel-body img, #panel-body svg, #panel-body script, #search-results img").count() == 0
    )
    assert "/blog/evil" in hrefs and "https://example.com/%22%3E%3Csvg/onload=alert(20)%3E" in hrefs
    assert all(h is None or h.startswith(("/blog/", "https://")) for h in hrefs)


def test_empty_graph_page_is_ready(browser: Any, tmp_path: Path) -> None:
    page, recorder = open_graph(browser, nx.MultiDiGraph(), tmp_path)
    assert drawn_nodes(page) == set()
    assert page.locator("#status").text_content().startswith("0 of 0 nodes")
    assert_quiet(page, recorder, (tmp_path / "graph.html").resolve().as_uri())


# --- the role x skill matrix ----------------------------------------------------------------------


def open_matrix(page: Any, kind: str = "skill") -> None:
    """Switch to the matrix view as a user would: its tab."""
    page.click(f'#views button[data-view="{kind}"]')
    assert page.locator("#matrix").is_visible()


def matrix_columns(page: Any) -> list[str]:
    """Role ids of the matrix's columns, left to right."""
    return page.locator("#matrix-table th.col").evaluate_all("ths => ths.map(t => t.dataset.role)")


def matrix_rows(page: Any) -> list[str]:
    """Skill (or tool) ids of the matrix's rows, top to bottom."""
    return page.locator("#matrix-table tbody tr").evaluate_all("trs => trs.map(t => t.dataset.row)")


def test_content_matrix_has_both_roles_and_their_shared_skills(browser: Any, content_build: Path) -> None:
    graph, [pe, pm] = content_roles(content_build, "product engineer", "product manager")
    page, recorder = open_graph_file(browser, content_build)
    open_matrix(page)
    assert {pe, pm} <= set(matrix_columns(page))
    cells = {(c["role"], c["skill"]): c for c in page.evaluate("kg.matrix()")}
    shared = [s["id"] for s in query.compare(graph, [pe, pm]).shared()]
    assert shared
    for skill in shared:
        for role in (pe, pm):
            assert cells[role, skill]["weight"] == graph.edges[role, skill, "has_skill"]["weight"] > 0
    # every has_skill edge of a role is a cell with its weight, and nothing else is
    expected = {(u, v): d["weight"] for u, v, k, d in graph.edges(keys=True, data=True) if k == "has_skill"}
    assert {k: c["weight"] for k, c in cells.items() if c["weight"]} == expected
    # what the page draws is what kg.matrix() says
    drawn = page.locator("#matrix-table button.cell").evaluate_all(
        "bs => bs.map(b => [b.dataset.role, b.dataset.skill, +b.dataset.weight])"
    )
    assert {(r, s): w for r, s, w in drawn} == {k: c["weight"] for k, c in cells.items()}
    assert recorder.page_errors == []


def test_content_tools_matrix_lists_uses_edges(browser: Any, content_build: Path) -> None:
    graph = store.load(content_build / "graph.json")
    page, _ = open_graph_file(browser, content_build)
    open_matrix(page, "tool")
    expected = {(u, v) for u, v, k in graph.edges(keys=True) if k == "uses"}
    assert {(c["role"], c["skill"]) for c in page.evaluate("kg.matrix()")} == expected


def matrix_graph() -> nx.MultiDiGraph:
    """The three roles, a fourth that shares only statistics with the data scientist, a 'more' and a 'not'."""
    g = roles_graph()
    g.add_node("role:zoologist", type="role", label="zoologist", aliases=[])
    g.add_edge("role:zoologist", "skill:statistics", key="has_skill", type="has_skill", weight=3,
               evidence=[{"post": POST, "line": 40, "text": "Zoologists do statistics."}], stages=[])  # fmt: skip
    g.edges[PM, "skill:talking-to-users", "has_skill"]["emphasis"] = "more"
    g.edges[PM, "skill:talking-to-users", "has_skill"]["emphasis_evidence"] = [
        {"post": POST, "line": 41, "text": "PMs talk to users even more."}
    ]
    g.add_edge(PM, "skill:writing-code", key="not_skill", type="not_skill", weight=1,
               evidence=[{"post": POST, "line": 42, "text": "The product manager does not write code."}])  # fmt: skip
    return g


def test_matrix_cell_click_shows_its_evidence(browser: Any, tmp_path: Path) -> None:
    graph = matrix_graph()
    page, _ = open_graph(browser, graph, tmp_path)
    open_matrix(page)
    page.click(f'#matrix-table button.cell[data-role="{PE}"][data-skill="skill:writing-code"]')
    assert page.locator("#panel").is_visible()
    assert page.locator("#panel-body h1").text_content() == "writing code"
    sentences = page.locator("#panel-body .sentence").all_text_contents()
    assert sentences == [ev["text"] for ev in graph.edges[PE, "skill:writing-code", "has_skill"]["evidence"]]
    # the PM's cell for the same skill: no statement that it does, one that it does not
    page.click(f'#matrix-table button.cell[data-role="{PM}"][data-skill="skill:writing-code"]')
    assert page.locator("#panel-body .sentence").all_text_contents() == [
        "The product manager does not write code."
    ]
    assert page.locator('#panel-body h2[data-relation="not_skill"]').count() == 1
    page.click(f'#matrix-table button.cell[data-role="{PM}"][data-skill="skill:talking-to-users"]')
    assert "PMs talk to users even more." in page.locator("#panel-body .sentence").all_text_contents()


def test_matrix_marks_more_and_not(browser: Any, tmp_path: Path) -> None:
    page, _ = open_graph(browser, matrix_graph(), tmp_path)
    open_matrix(page)
    cells = {(c["role"], c["skill"]): c for c in page.evaluate("kg.matrix()")}
    assert cells[PM, "skill:talking-to-users"]["more"] is True
    assert cells[PE, "skill:talking-to-users"]["more"] is False
    assert cells[PM, "skill:writing-code"] == {
        "role": PM, "skill": "skill:writing-code", "weight": 0, "more": False, "less": False, "not": True
    }  # fmt: skip
    cell = page.locator(f'#matrix-table button.cell[data-role="{PM}"]')
    assert "▲" in cell.and_(page.locator('[data-skill="skill:talking-to-users"]')).text_content()
    assert "✕" in cell.and_(page.locator('[data-skill="skill:writing-code"]')).text_content()


def test_matrix_sort_columns_and_clusters(browser: Any, tmp_path: Path) -> None:
    page, _ = open_graph(browser, matrix_graph(), tmp_path)
    open_matrix(page)
    # by how many roles (then statements): the skills two roles share come first
    rows = matrix_rows(page)
    assert rows[0] == "skill:statistics"  # 2 roles, 4 statements
    assert set(rows[1:3]) == {"skill:talking-to-users", "skill:prioritising"}
    page.select_option("#matrix-sort", "role:role:zoologist")
    assert matrix_rows(page)[0] == "skill:statistics"
    page.select_option("#matrix-sort", "name")
    rows = matrix_rows(page)
    assert rows == sorted(rows, key=lambda s: s.split(":")[1].replace("-", " "))
    # similar roles side by side: the two that share statistics, the two that share two skills
    columns = matrix_columns(page)
    assert abs(columns.index(DS) - columns.index("role:zoologist")) == 1
    assert abs(columns.index(PE) - columns.index(PM)) == 1
    page.click("#matrix-cluster")
    assert matrix_columns(page) == [DS, PE, PM, "role:zoologist"]  # by name
    # picking columns: without the PM, its cells and the skill only it has go
    page.click("#matrix-columns summary")
    page.uncheck(f'#matrix-column-list input[data-role="{PM}"]')
    assert PM not in matrix_columns(page)
    cells = page.evaluate("kg.matrix()")
    assert cells and all(c["role"] != PM for c in cells)
    assert "skill:writing-specs" not in matrix_rows(page)
    page.check(f'#matrix-column-list input[data-role="{PM}"]')
    assert "skill:writing-specs" in matrix_rows(page)


def test_hostile_names_run_nothing_in_the_matrix(browser: Any, tmp_path: Path) -> None:
    graph = build(HOSTILE, None).graph
    evil = '<img src=x onerror="window.__kgPwned=30;alert(30)">'
    graph.add_node("role:__proto__", type="role", label=f"constructor {evil}", aliases=["toString"])
    graph.add_node(
        "skill:constructor", type="skill", label="<script>window.__kgPwned=31</script>", aliases=[]
    )
    graph.add_node("tool:hasOwnProperty", type="tool", label="<svg onload=alert(32)>", aliases=[])
    post = next(n for n, d in graph.nodes(data=True) if d["type"] == "post" and d.get("in_corpus"))
    for target, key in (("skill:constructor", "has_skill"), ("tool:hasOwnProperty", "uses"),
                        ("skill:talking-to-users", "not_skill")):  # fmt: skip
        graph.add_edge("role:__proto__", target, key=key, type=key, weight=2, emphasis="more", stages=[],
                       evidence=[{"post": post, "line": 1, "text": f"{evil} said {key}"}],
                       emphasis_evidence=[{"post": post, "line": 2, "text": "<b onmouseover=alert(33)>more</b>"}])  # fmt: skip
    page, recorder = open_graph(browser, graph, tmp_path)
    shown = []
    for kind in ("skill", "tool"):
        open_matrix(page, kind)
        shown.append(page.locator("#matrix").text_content())
        for cell in page.locator("#matrix-table button.cell").all():
            cell.click()
            shown.append(page.locator("#panel-body").text_content())
        for head in page.locator("#matrix-table button.head").all():
            head.click()
            shown.append(page.locator("#panel-body").text_content())
    for question in (f"{evil} vs product manager", "who says <svg onload=alert(34)> talk to users"):
        page.fill("#search", question)
        page.press("#search", "Enter")
        shown.append(page.locator("#panel-body").text_content())
    page.wait_for_timeout(300)
    assert page.evaluate("window.__kgPwned") is None
    assert_quiet(page, recorder, (tmp_path / "graph.html").resolve().as_uri())
    everything = "\n".join(shown)
    assert f"{evil} vs product manager" in everything
    for text in (
        evil,
        "<script>window.__kgPwned=31</script>",
        "<svg onload=alert(32)>",
        "<b onmouseover=alert(33)>",
    ):
        assert text in everything
    assert (
        page.locator("#matrix img, #matrix svg, #matrix script, #panel-body img, #panel-body b").count() == 0
    )


# --- focus ------------------------------------------------------------------------------------------


def neighbourhood(
    graph: nx.MultiDiGraph, node: str, depth: int, hidden: tuple[str, ...] = ("mentions",)
) -> set[str]:
    """`node` and what is at most `depth` edges from it, either way, over the relations shown by default."""
    plain = nx.Graph()
    plain.add_nodes_from(graph)
    plain.add_edges_from((u, v) for u, v, k in graph.edges(keys=True) if k not in hidden)
    return set(nx.single_source_shortest_path_length(plain, node, cutoff=depth))


def double_click_node(page: Any, node: str) -> None:
    """Double-click a node where it is drawn."""
    page.evaluate("id => window.kg.network.focus(id, {scale: 1.2})", node)
    x, y = page.evaluate(
        """id => { const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
                   const r = document.querySelector('#graph canvas').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    page.mouse.dblclick(x, y)


def test_focus_shows_exactly_the_neighbourhood(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    page, _ = open_graph(browser, graph, tmp_path)
    before = drawn_nodes(page)
    places = page.evaluate("kg.network.getPositions()")
    double_click_node(page, PE)
    assert drawn_nodes(page) == neighbourhood(graph, PE, 1) == {PE, *(f"skill:{s}" for s in (
        "talking-to-users", "prioritising", "writing-code", "shipping-features"))}  # fmt: skip
    assert page.locator("#crumbs").is_visible()
    assert page.locator("#panel-body h1").text_content() == "product engineer"
    page.click('#crumbs button[data-depth="2"]')
    assert drawn_nodes(page) == neighbourhood(graph, PE, 2)
    assert PM in drawn_nodes(page) and DS not in drawn_nodes(page)
    # mentions switched on: the post that mentions the PM joins the PM's neighbourhood
    page.click('#crumbs button[data-depth="1"]')
    page.click('button[data-toggle="relation-mentions"]')
    page.click('#panel-body .neighbour[data-id="skill:talking-to-users"]')  # a neighbour is selected ...
    page.evaluate("id => kg.focus(id)", PM)  # ... and the focus moves on, the breadcrumb grows
    assert drawn_nodes(page) == neighbourhood(graph, PM, 1, hidden=())
    assert page.locator("#crumbs button.crumb").all_text_contents() == [
        "all nodes",
        "product engineer",
        "product manager",
    ]
    page.click(f'#crumbs button[data-crumb="{PE}"]')
    assert drawn_nodes(page) == neighbourhood(graph, PE, 1, hidden=())
    page.click('#crumbs button[data-crumb=""]')
    assert page.locator("#crumbs").is_hidden()
    page.click('button[data-toggle="relation-mentions"]')
    assert drawn_nodes(page) == before
    after = page.evaluate("kg.network.getPositions()")
    assert {n: after[n] for n in places} == places  # everything back where it was


def test_focus_from_search_panel_and_matrix(browser: Any, tmp_path: Path) -> None:
    graph = roles_graph()
    page, _ = open_graph(browser, graph, tmp_path)
    page.fill("#search", "data scientist")
    page.dispatch_event(f'#search-results li[data-id="{DS}"] button.focus', "mousedown")
    assert drawn_nodes(page) == neighbourhood(graph, DS, 1)
    page.click('#crumbs button[data-crumb=""]')
    page.evaluate("id => kg.choose(id)", PM)
    page.click('#panel-body button.focus[data-focus="role:product-manager"]')
    assert drawn_nodes(page) == neighbourhood(graph, PM, 1)
    page.click('#crumbs button[data-crumb=""]')
    open_matrix(page)
    page.click(f'#matrix-table button.cell[data-role="{PE}"][data-skill="skill:writing-code"]')
    page.click('#panel-body button.focus[data-focus="skill:writing-code"]')
    assert page.locator("#matrix").is_hidden()
    assert drawn_nodes(page) == neighbourhood(graph, "skill:writing-code", 1) == {PE, "skill:writing-code"}


def test_content_focus_on_a_role(browser: Any, content_build: Path) -> None:
    graph, [pe] = content_roles(content_build, "product engineer")
    page, recorder = open_graph_file(browser, content_build)
    double_click_node(page, pe)
    assert drawn_nodes(page) == neighbourhood(graph, pe, 1)
    page.click('#crumbs button[data-depth="2"]')
    assert drawn_nodes(page) == neighbourhood(graph, pe, 2)
    assert recorder.page_errors == []


# --- the default view at corpus scale ------------------------------------------------------------

POSTHOG = SHARED / "corpus" / "posthog"

# every label vis-network draws now, measured from what it drew: the box, in CSS pixels of the canvas
DRAWN_LABELS = """() => {
  const net = kg.network, scale = net.getScale(), min = net.body.nodes[net.body.nodeIndices[0]].options.scaling.label.drawThreshold;
  return net.body.nodeIndices.map(id => net.body.nodes[id]).filter(n => {
    const f = n.options.font, s = n.labelModule.size;
    return s && s.width > 0 && f.size * scale >= min - 1 && f.color !== "rgba(0,0,0,0)";
  }).map(n => {
    const s = n.labelModule.size, a = net.canvasToDOM({x: s.left, y: s.top}),
          b = net.canvasToDOM({x: s.left + s.width, y: s.top + s.height});
    return {id: n.id, left: a.x, top: a.y, right: b.x, bottom: b.y};
  });
}"""


def overlaps(boxes: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """Pairs of label boxes that overlap (by more than half a pixel)."""
    found = []
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
                min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
            ):
                found.append((a["id"], b["id"]))
    return found


@pytest.fixture(scope="module")
def posthog_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """../shared/corpus/posthog built once; the out folder."""
    if not POSTHOG.is_dir():
        pytest.skip(f"needs the posthog corpus at {POSTHOG} (the shared folder beside the repository)")
    out = tmp_path_factory.mktemp("posthog-out")
    build(POSTHOG, out)
    return out


def test_posthog_default_view_draws_no_overlapping_labels(browser: Any, posthog_build: Path) -> None:
    graph = store.load(posthog_build / "graph.json")
    page, recorder = open_graph_file(browser, posthog_build)
    shown = drawn_nodes(page)
    types = {graph.nodes[n]["type"] for n in shown}
    assert types <= {"role", "skill", "tool"}  # posts, tags, people... behind the toggles
    credited = {u for u, _, k in graph.edges(keys=True) if k in ("has_skill", "uses")}
    assert credited <= shown  # every role the posts credit with a skill or a tool
    for node in shown - credited:  # and only what one of them is strongest at, or a role next to one
        assert any(
            graph.has_edge(r, node, "has_skill")
            or graph.has_edge(r, node, "uses")
            or (graph.nodes[node]["type"] == "role" and (graph.has_edge(r, node) or graph.has_edge(node, r)))
            for r in credited
        ), node
    labels = page.evaluate(DRAWN_LABELS)
    assert overlaps(labels) == []
    named = {b["id"] for b in labels}
    assert len(labels) >= 20 and "role:product-engineer" in named
    assert len(named & credited) >= len(credited) / 2  # roles are labelled first
    # what kg.labels() reports is what is drawn
    assert {b["id"] for b in page.evaluate("kg.labels()")} == {b["id"] for b in labels}
    # zoomed in, labels that had no room come back, still without overlap
    page.evaluate(
        "kg.network.moveTo({scale: kg.network.getScale() * 2.5, position: kg.network.getPositions(['role:product-engineer'])['role:product-engineer']})"
    )
    page.wait_for_timeout(400)
    zoomed = page.evaluate(DRAWN_LABELS)
    assert overlaps(zoomed) == []
    # the other types are one click away
    page.click('#legend-types button[data-type="post"]')
    assert any(graph.nodes[n]["type"] == "post" for n in drawn_nodes(page))
    assert recorder.page_errors == []


def test_hover_shows_a_label_that_had_no_room(browser: Any, posthog_build: Path) -> None:
    page, _ = open_graph_file(browser, posthog_build)
    drawn = {b["id"] for b in page.evaluate(DRAWN_LABELS)}
    quiet = sorted(drawn_nodes(page) - drawn)
    if not quiet:
        pytest.skip("every label has room in this view")
    node = quiet[0]
    x, y = page.evaluate(
        """id => { const p = kg.network.canvasToDOM(kg.network.getPositions([id])[id]);
                   const r = document.querySelector('#graph canvas').getBoundingClientRect();
                   return [r.left + p.x, r.top + p.y]; }""",
        node,
    )
    page.mouse.move(x, y)
    page.wait_for_timeout(200)
    assert node in {b["id"] for b in page.evaluate(DRAWN_LABELS)}


def test_compare_shows_both_more_and_said_not_to(browser: Any, tmp_path: Path) -> None:
    graph = matrix_graph()  # the PM talks to users more, and is said not to write code
    page, _ = open_graph(browser, graph, tmp_path)
    page.select_option("#compare-a", PE)
    page.select_option("#compare-b", PM)
    assert_compare(page, graph, PE, PM)
    more = page.locator('#panel-body ul[data-group="both-more-b"] li').evaluate_all(
        "ls => ls.map(l => l.dataset.id)"
    )
    assert more == ["skill:talking-to-users"]
    assert "Both, product manager more (1)" in page.locator("#panel-body h2").all_text_contents()
    denied = page.locator('#panel-body ul[data-group="not"]')
    assert "The product manager does not write code." in denied.locator(".sentence").all_text_contents()


# --- questions in the search box: the same parser as kg ask -------------------------------------


def test_questions_parse_as_kg_ask_reads_them(browser: Any, tmp_path: Path) -> None:
    from test_ask import FORMS
    from test_query import _degree_graph

    import kg

    graph = _degree_graph()
    page, recorder = open_graph(browser, graph, tmp_path)
    library = kg.KnowledgeGraph(graph)
    for question, command, args in FORMS:
        assert page.evaluate("q => kg.parse(q)", question) == {"command": command, "args": args}, question
        found = library.ask(question)
        assert (found.command, found.args) == (command, args)
    assert page.evaluate("q => kg.parse(q)", "what is the meaning of life") == {
        "notUnderstood": "what is the meaning of life"
    }
    missing = page.evaluate("q => kg.parse(q)", "product enginer vs pm")
    assert missing["notFound"] == "product enginer"
    assert recorder.page_errors == []


def test_content_questions_agree_with_kg_ask(browser: Any, content_build: Path) -> None:
    import kg

    library = kg.load(content_build / "graph.json")
    page, _ = open_graph_file(browser, content_build)
    questions = [
        "skills of product engineer vs PM",
        "product engineer vs product manager",
        "how do product engineers differ from software engineers",
        "what does a growth engineer do",
        "which companies hire product engineers",
        "who says product engineers talk to users",
        "which roles talk to users",
        "product engineer vs product manager in stage 2",
        "how is coding connected to product managers",
    ]
    for question in questions:
        found = library.ask(question)
        assert page.evaluate("q => kg.parse(q)", question) == {"command": found.command, "args": found.args}
    assert "notFound" in page.evaluate("q => kg.parse(q)", "what tools do data engineers use")


def test_a_question_typed_in_the_search_box_is_answered_in_the_panel(
    browser: Any, content_build: Path
) -> None:
    import kg

    library = kg.load(content_build / "graph.json")
    page, recorder = open_graph_file(browser, content_build)
    page.fill("#search", "which roles talk to users?")
    page.press("#search", "Enter")
    assert page.locator("#panel").is_visible()
    answer = library.ask("which roles talk to users").answer
    shown = set(page.locator("#panel-body .neighbour").evaluate_all("bs => bs.map(b => b.dataset.id)"))
    assert shown == {n["id"] for n in answer["neighbors"]}
    page.fill("#search", "skills of product engineer vs PM")
    page.press("#search", "Enter")
    graph, [pe, pm] = content_roles(content_build, "product engineer", "product manager")
    assert page.evaluate("kg.compare().a") == pe and page.evaluate("kg.compare().b") == pm
    assert_compare(page, graph, pe, pm)
    page.fill("#search", "who says product engineers talk to users")
    page.press("#search", "Enter")
    said = {ev["text"] for hop in library.ask("who says product engineers talk to users").answer["hops"]
            for e in hop["edges"] for ev in e["evidence"]}  # fmt: skip
    sentences = set(page.locator("#panel-body .sentence").all_text_contents())
    assert sentences and sentences <= said
    page.fill("#search", "what is the meaning of life and everything")
    page.press("#search", "Enter")
    assert "which roles SKILL" in page.locator('#panel-body [data-problem="not-understood"]').text_content()
    page.fill("#search", "product manager")  # a name is still a search
    page.press("#search", "Enter")
    assert page.evaluate("kg.network.getSelectedNodes()") == [pm]
    assert recorder.page_errors == []
