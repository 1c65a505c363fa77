"""Tools, denials, hedges, emphasis and which sentences count as evidence, on made-up posts."""

from __future__ import annotations

from extract_support import edges, extract, post, skills_of

from kg.facts import Facts, evidence, node_id
from kg.graph import build_graph

DE = node_id("role", "data engineer")
PM = node_id("role", "product manager")
PE = node_id("role", "product engineer")


def test_tools_a_role_uses_become_tool_nodes_and_uses_edges() -> None:
    facts = extract(post("Data engineers use Airflow and dbt to move data. The weather was nice."))
    assert edges(facts, "uses") == {(DE, node_id("tool", "Airflow")), (DE, node_id("tool", "dbt"))}
    assert facts.nodes[node_id("tool", "dbt")]["type"] == "tool"


def test_a_tool_named_in_a_sentence_about_no_role_is_not_used_by_anyone() -> None:
    facts = extract(post("Data engineers build pipelines.\n\nSnowflake raised money last year."))
    assert edges(facts, "uses") == set()
    assert (DE, node_id("tool", "Snowflake")) not in edges(facts, "uses")


def test_tool_names_match_as_written_so_a_common_word_is_not_a_tool() -> None:
    facts = extract(post("Data engineers use Spark. They also need a spark of curiosity."))
    assert edges(facts, "uses") == {(DE, node_id("tool", "Spark"))}


def test_a_clear_denial_is_a_not_skill_edge_and_no_skill() -> None:
    facts = extract(post("Product managers don't write code. Product engineers write code."))
    coding = node_id("skill", "coding")
    assert edges(facts, "not_skill") == {(PM, coding)}
    assert skills_of(facts, "product manager") == set()
    assert skills_of(facts, "product engineer") == {"coding"}


def test_a_negated_clause_about_something_else_denies_nothing() -> None:
    facts = extract(post("Product engineers ship so often that a single launch doesn't matter."))
    assert edges(facts, "not_skill") == set()


def test_hedges_give_no_skill() -> None:
    facts = extract(
        post("""
        Product engineers write code. They may need help with design.
        Ideally, they spend little of their time on testing.
        """)
    )
    assert skills_of(facts, "product engineer") == {"coding"}


def test_a_comparative_in_the_roles_clause_sets_emphasis() -> None:
    facts = extract(
        post(
            "Both roles require communication skills, but product managers place a higher emphasis on them.",
            title="Product engineer vs product manager",
        )
    )
    communication = node_id("skill", "communication")
    by_role = {
        e["source"]: e for e in facts.edges if e["type"] == "has_skill" and e["target"] == communication
    }
    assert set(by_role) == {PE, PM}
    assert by_role[PM]["emphasis"] == "more"
    assert by_role[PM]["emphasis_evidence"][0]["text"].startswith("Both roles require")
    assert "emphasis" not in by_role[PE]


def test_fewer_sets_less() -> None:
    facts = extract(post("Product managers need fewer programming skills."))
    (edge,) = [e for e in facts.edges if e["type"] == "has_skill" and e["source"] == PM]
    assert edge["emphasis"] == "less"


def test_questions_and_level_boilerplate_are_never_skill_evidence() -> None:
    facts = extract(
        post("""
        Do data engineers write code?

        A senior data engineer has all of the responsibilities of a data engineer who writes code.

        Data engineers run experiments.
        """)
    )
    assert skills_of(facts, "data engineer") == {"experimentation"}


def test_evidence_is_ordered_statements_first_then_post_and_line() -> None:
    a, b = Facts("post:/blog/a"), Facts("post:/blog/b")
    for facts in (a, b):
        facts.node(PM, "role", "product manager")
        facts.node(node_id("skill", "research"), "skill", "research")
    a.edge(PM, node_id("skill", "research"), "has_skill", evidence("post:/blog/a", 3, "Research"))
    b.edge(PM, node_id("skill", "research"), "has_skill", evidence("post:/blog/b", 9, "PMs do research."))
    a.edge(
        PM, node_id("skill", "research"), "has_skill", evidence("post:/blog/a", 7, "PMs research markets.")
    )
    a.edge(
        PM, node_id("skill", "research"), "has_skill", evidence("post:/blog/a", 1, "It teaches you research.")
    )
    graph = build_graph([a, b])
    texts = [e["text"] for e in graph.edges[PM, node_id("skill", "research"), "has_skill"]["evidence"]]
    # a sentence that addresses the reader says less of the role than one about the role
    assert texts == ["PMs research markets.", "PMs do research.", "It teaches you research.", "Research"]


def test_a_denial_of_one_kind_of_thing_is_not_a_denial_of_the_skill() -> None:
    facts = extract(
        post("Product managers write code. Product engineers don't write code that users never run.")
    )
    assert edges(facts, "not_skill") == set()
    assert skills_of(facts, "product manager") == {"coding"}
