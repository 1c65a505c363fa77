"""The key differences of a compare: each sentence from the facts behind it; warnings; names in Comparison."""

from __future__ import annotations

from role_graph import role_graph
from test_query import _degree_graph

from kg.query import compare, skills
from kg.render.report import cut

PE, PM, DS = "role:product-engineer", "role:product-manager", "role:data-scientist"


def test_every_sentence_stands_on_facts_of_the_comparison():
    cmp = compare(_degree_graph(), [PE, PM])
    texts = [s["text"] for s in cmp.summary]
    assert 1 <= len(texts) <= 5
    facts = [
        ev for s in cmp.skills for evs in [*s["roles"].values(), *(s.get("not") or {}).values()] for ev in evs
    ]
    facts += [ev for evs in cmp.emphasis.values() for ev in evs]
    for item in cmp.summary:
        assert item["evidence"], item
        assert all(ev in facts for ev in item["evidence"]), item
    only_pe = next(t for t in texts if t.startswith("Only product engineers"))
    assert "writing code" in only_pe and "prototyping" in only_pe
    more = next(s for s in cmp.summary if "product managers more" in s["text"])
    assert "communication" in more["text"] and "stakeholder management" in more["text"]
    assert more["evidence"][0]["text"] == "PMs place a higher emphasis on communication."
    denied = next(s for s in cmp.summary if "do not take on" in s["text"])
    assert "product managers" in denied["text"] and "writing code" in denied["text"]
    assert denied["evidence"][0]["text"] == "PMs don't write code."


def test_no_facts_no_sentences():
    g = role_graph()
    for u, v, k in [e for e in g.edges(keys=True) if e[2] == "has_skill"]:
        g.remove_edge(u, v, k)
    cmp = compare(g, [PE, PM])
    assert cmp.summary == []
    assert len(cmp.warnings) == 2 and "no skills of product engineers" in cmp.warnings[0]


def test_warning_names_the_role_and_its_posts():
    cmp = compare(role_graph(), [PE, DS])
    assert cmp.warnings == ["The posts state only 1 skill of data scientists (1 post mentions the role)."]
    assert "warnings" in cmp.to_dict()


def test_comparison_takes_the_names_the_cli_takes():
    cmp = compare(_degree_graph(), [PE, PM])
    assert {s["id"] for s in cmp.only("pm")} == set() or all(list(s["roles"]) == [PM] for s in cmp.only("pm"))
    assert [s["id"] for s in cmp.only("product engineers")] == [s["id"] for s in cmp.only(PE)]
    assert {s["id"] for s in cmp.more("PMs")} == {"skill:communication", "skill:stakeholder-management"}
    assert cmp.more("pe") == []
    assert {s["id"] for s in cmp.both()} == {s["id"] for s in cmp.shared()}
    assert [s["id"] for s in cmp.denied("pm")] == ["skill:writing-code"]


def test_cut_keeps_the_skill_words_with_ellipses():
    text = "In the early weeks of every project, long before anything ships, " * 2 + (
        "product managers handle stakeholder management for the whole team, "
        + "and then much more follows. " * 4
    )
    shown = cut(text, ["stakeholder", "manage"], width=60, also=["product", "manag"])
    assert "stakeholder management" in shown
    assert shown.startswith("…") and shown.endswith("…") and len(shown) <= 62
    assert cut("short enough", ["short"]) == "short enough"


def test_skills_of_a_role_include_its_levels():
    g = role_graph()
    g.add_node("role:staff-product-engineer", type="role", label="staff product engineer", aliases=[])
    g.add_edge("role:staff-product-engineer", PE, key="level_of", level="staff", evidence=[])
    g.add_edge(
        "role:staff-product-engineer", "skill:statistics", key="has_skill", weight=1, evidence=[], stages=[]
    )
    rows = skills(g, PE)
    assert [r["label"] for r in rows if not r.get("level")] == [r["label"] for r in skills(role_graph(), PE)]
    assert [(r["label"], r["level"]) for r in rows if r.get("level")] == [("statistics", "staff")]
