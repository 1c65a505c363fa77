"""Queries on a small hand-made graph: finding roles, compare, roles, skills, neighbours, paths."""

from __future__ import annotations

import networkx as nx
import pytest
from role_graph import A, B, role_graph

from kg import query
from kg.query import NoPath, NotFound, compare, find_node

PE, PM, DS = "role:product-engineer", "role:product-manager", "role:data-scientist"


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    return role_graph()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("role:product-engineer", PE),
        ("product-engineer", PE),
        ("product engineer", PE),
        ("Product Engineers", PE),
        ("pm", PM),
        ("PMs", PM),
        ("product managers", PM),
        ("ds", DS),  # initials of a role without any alias
        ("data scientists", DS),
    ],
)
def test_find_role_by_id_label_plural_alias(graph, name, expected):
    assert find_node(graph, name, "role") == expected


def test_unknown_role_suggests_the_closest(graph):
    with pytest.raises(NotFound) as err:
        find_node(graph, "product enginer", "role")
    assert err.value.suggestions[0] == "product engineer"
    assert "did you mean" in str(err.value)


def test_initials_shared_by_two_roles_are_not_guessed(graph):
    graph.add_node("role:data-steward", type="role", label="data steward", aliases=[])
    with pytest.raises(NotFound) as err:
        find_node(graph, "ds", "role")
    assert {"data scientist", "data steward"} <= set(err.value.suggestions)


def test_graph_without_roles_says_so():
    g = nx.MultiDiGraph()
    g.add_node("skill:x", type="skill", label="x")
    with pytest.raises(NotFound, match="no role nodes"):
        find_node(g, "product engineer", "role")


def test_compare_lists_a_skill_under_a_role_only_with_a_has_skill_edge(graph):
    data = compare(graph, [PE, PM]).to_dict()
    assert data["roles"] == [PE, PM]
    held = {s["id"]: sorted(s["roles"]) for s in data["skills"]}
    assert held == {
        "skill:talking-to-users": [PE, PM],
        "skill:writing-code": [PE],  # a post mentioning it near PMs does not make it theirs
        "skill:prototyping": [PE],
        "skill:stakeholder-management": [PM],
    }


def test_compare_evidence_is_the_edge_evidence(graph):
    data = compare(graph, [PE, PM]).to_dict()
    talking = next(s for s in data["skills"] if s["id"] == "skill:talking-to-users")
    assert talking["label"] == "talking to users"
    assert talking["roles"][PM] == graph.edges[PM, "skill:talking-to-users", "has_skill"]["evidence"]


def test_compare_stages_in_order_with_skill_labels(graph):
    stages = compare(graph, [PE, PM]).to_dict()["stages"]
    assert [(s["id"], s["order"]) for s in stages] == [
        ("stage:alpha-1-discovery", 1),
        ("stage:alpha-2-build", 2),
    ]
    assert stages[0]["roles"] == {PE: ["talking to users"], PM: ["talking to users"]}
    assert stages[1]["roles"] == {PE: ["writing code"], PM: []}  # active there, no skill stated


def test_compare_companies_and_posts(graph):
    data = compare(graph, [PE, PM]).to_dict()
    assert list(data["companies"]) == ["company:acme"]
    assert list(data["companies"]["company:acme"]["roles"]) == [PE]
    assert [p["id"] for p in data["posts"]] == [A, B]


def test_compare_cites_the_posts_behind_its_companies_and_writes_only_documented_keys(graph):
    graph.add_node("post:/blog/gamma", type="post", label="Gamma", title="Gamma", url="/blog/gamma")
    graph.add_edge(
        "company:acme", PE, key="hires", type="hires", weight=1,
        evidence=[{"post": "post:/blog/gamma", "line": 3, "text": "Acme hires product engineers."}],
    )  # fmt: skip
    data = compare(graph, [PE, PM]).to_dict()
    # gamma is cited only by a company's evidence
    assert [p["id"] for p in data["posts"]] == [A, B, "post:/blog/gamma"]
    assert {k for s in data["skills"] for k in s} <= {"id", "label", "aliases", "roles", "more", "not"}
    assert set(data["companies"]["company:acme"]) == {"label", "url", "roles"}
    in_stage = compare(graph, [PE, PM], stage="1").to_dict()  # no companies in a stage's compare
    assert (in_stage["companies"], [p["id"] for p in in_stage["posts"]]) == ({}, [A, B])


def test_compare_buckets(graph):
    cmp = compare(graph, [PE, PM])
    assert [s["id"] for s in cmp.shared()] == ["skill:talking-to-users"]
    assert {s["id"] for s in cmp.only(PE)} == {"skill:writing-code", "skill:prototyping"}
    assert [s["id"] for s in cmp.only(PM)] == ["skill:stakeholder-management"]


def test_compare_three_roles_has_a_some_bucket(graph):
    graph.add_edge(DS, "skill:prototyping", key="has_skill", weight=1, evidence=[], stages=[])
    cmp = compare(graph, [PE, PM, DS])
    assert cmp.shared() == []
    assert {s["id"] for s in cmp.some()} == {"skill:talking-to-users", "skill:prototyping"}


def test_compare_output_does_not_share_evidence_with_the_graph(graph):
    data = compare(graph, [PE, PM]).to_dict()
    data["skills"][0]["roles"][PE][0]["text"] = "changed"
    assert graph.edges[PE, "skill:talking-to-users", "has_skill"]["evidence"][0]["text"] != "changed"


def test_roles_counts(graph):
    rows = {r["id"]: r for r in query.roles(graph)}
    assert set(rows) == {PE, PM, DS}
    assert (rows[PE]["skills"], rows[PE]["stages"]) == (3, 1)
    assert rows[PM]["posts"] == 2
    assert rows[DS]["posts"] == 1


def test_skills_most_stated_first(graph):
    rows = query.skills(graph, PM)
    assert [r["label"] for r in rows] == ["talking to users", "stakeholder management"]
    assert rows[0]["weight"] == 2
    assert rows[0]["stage_labels"] == ["Discovery"]


def test_neighbors_filtered_by_type(graph):
    rows = query.neighbors(graph, PE, "skill")
    assert {r["id"] for r in rows} == {"skill:talking-to-users", "skill:writing-code", "skill:prototyping"}
    assert all(r["direction"] == "out" and r["relation"] == "has_skill" for r in rows)
    incoming = query.neighbors(graph, PE, "company")
    assert [(r["id"], r["direction"], r["relation"]) for r in incoming] == [("company:acme", "in", "hires")]


def test_path_gives_each_hop_with_evidence(graph):
    found = query.path(graph, "company:acme", "skill:stakeholder-management")
    ids = [n["id"] for n in found["nodes"]]
    assert ids[0] == "company:acme" and ids[-1] == "skill:stakeholder-management"
    assert len(found["hops"]) == len(ids) - 1 == 4
    for hop in found["hops"]:
        assert hop["edges"], hop
        assert hop["edges"][0]["evidence"]


def test_path_prefers_a_shared_skill_to_a_post_that_mentions_both():
    g = nx.MultiDiGraph()
    for node, kind in [(A, "post"), ("role:x", "role"), ("role:y", "role"), ("skill:s", "skill")]:
        g.add_node(node, type=kind, label=node)
    said = [{"post": A, "line": 1, "text": "..."}]
    for role in ("role:x", "role:y"):
        g.add_edge(A, role, key="mentions", evidence=said)
        g.add_edge(role, "skill:s", key="has_skill", evidence=said)
    assert [n["id"] for n in query.path(g, "role:x", "role:y")["nodes"]] == ["role:x", "skill:s", "role:y"]
    g.remove_node("skill:s")
    assert [n["id"] for n in query.path(g, "role:x", "role:y")["nodes"]] == ["role:x", A, "role:y"]


def test_path_between_unconnected_nodes(graph):
    graph.add_node("skill:island", type="skill", label="island")
    with pytest.raises(NoPath):
        query.path(graph, PE, "skill:island")


def _degree_graph() -> nx.MultiDiGraph:
    """PM communicates more, PE needs fewer stakeholder skills, a PM does not write code, both use SQL."""
    g = role_graph()
    pe, pm = "role:product-engineer", "role:product-manager"
    g.add_node("skill:communication", type="skill", label="communication", aliases=[])
    said_more = {"post": A, "line": 9, "text": "PMs place a higher emphasis on communication."}
    plain = {"post": A, "line": 8, "text": "Both roles require communication skills."}
    g.add_edge(pe, "skill:communication", key="has_skill", weight=1, evidence=[plain], stages=[])
    g.add_edge(
        pm,
        "skill:communication",
        key="has_skill",
        weight=1,
        evidence=[said_more],
        stages=[],
        emphasis="more",
        emphasis_evidence=[said_more],
    )
    fewer = {"post": B, "line": 4, "text": "Product engineers need less stakeholder management."}
    g.add_edge(
        pe,
        "skill:stakeholder-management",
        key="has_skill",
        weight=1,
        evidence=[fewer],
        stages=[],
        emphasis="less",
        emphasis_evidence=[fewer],
    )
    denial = {"post": B, "line": 7, "text": "PMs don't write code."}
    g.add_edge(pm, "skill:writing-code", key="not_skill", weight=1, evidence=[denial])
    g.add_node("tool:sql", type="tool", label="SQL", aliases=[])
    for role, line in ((pe, 11), (pm, 12)):
        g.add_edge(
            role,
            "tool:sql",
            key="uses",
            weight=1,
            stages=[],
            evidence=[{"post": A, "line": line, "text": "They query data with SQL."}],
        )
    return g


def test_compare_marks_the_role_said_to_do_a_skill_more():
    cmp = compare(_degree_graph(), ["role:product-engineer", "role:product-manager"]).to_dict()
    by_id = {s["id"]: s for s in cmp["skills"]}
    assert by_id["skill:communication"]["more"] == ["role:product-manager"]
    # PE is said to need less of it, so the PM (who has it too) is the one who does it more
    assert by_id["skill:stakeholder-management"]["more"] == ["role:product-manager"]
    assert "more" not in by_id["skill:talking-to-users"]


def test_compare_keeps_a_denial_apart_from_the_skill():
    cmp = compare(_degree_graph(), ["role:product-engineer", "role:product-manager"]).to_dict()
    code = next(s for s in cmp["skills"] if s["id"] == "skill:writing-code")
    assert set(code["roles"]) == {"role:product-engineer"}
    assert [e["text"] for e in code["not"]["role:product-manager"]] == ["PMs don't write code."]


def test_compare_lists_tools_like_skills():
    cmp = compare(_degree_graph(), ["role:product-engineer", "role:product-manager"]).to_dict()
    assert [t["id"] for t in cmp["tools"]] == ["tool:sql"]
    assert set(cmp["tools"][0]["roles"]) == {"role:product-engineer", "role:product-manager"}
    assert not any(s["id"] == "tool:sql" for s in cmp["skills"])
