"""Stages: ordered headings become stage nodes; what a role does under one is tied to it."""

from __future__ import annotations

from extract_support import edges, extract, nodes_of, post

from kg.facts import node_id

JOURNEY = post(
    """
    ## How do designers and researchers work?

    ### Stage 1: Discovery

    Designers talk to users.

    ### Step 2 - Delivery

    Designers prototype fast.

    ## Afterwards

    Designers write reports.
    """,
    title="Designers at work",
)


def stage_nodes(facts):
    return sorted((n for n in facts.nodes.values() if n["type"] == "stage"), key=lambda n: n["order"])


def test_stage_headings_become_ordered_stages_labelled_without_their_prefix() -> None:
    facts = extract(JOURNEY, "journey.md")
    stages = stage_nodes(facts)
    assert [(s["label"], s["order"], s["post"]) for s in stages] == [
        ("Discovery", 1, "post:/blog/journey"),
        ("Delivery", 2, "post:/blog/journey"),
    ]
    assert "Stage 1" in stages[0]["aliases"]
    assert {"Step 2", "Stage 2"} <= set(stages[1]["aliases"])


def test_stage_ids_are_unique_per_post() -> None:
    one = {n["id"] for n in stage_nodes(extract(JOURNEY, "one.md"))}
    two = {n["id"] for n in stage_nodes(extract(JOURNEY, "two.md"))}
    assert one and two and not one & two


def test_skills_in_a_stage_section_name_the_stage_and_the_role_is_active_in_it() -> None:
    facts = extract(JOURNEY, "journey.md")
    first, second = (n["id"] for n in stage_nodes(facts))
    by_skill = {
        facts.nodes[e["target"]]["label"]: e["stages"]
        for e in facts.edges
        if e["type"] == "has_skill" and e["source"] == node_id("role", "designer")
    }
    assert by_skill == {"talking to users": [first], "prototyping": [second], "writing reports": []}
    assert {(node_id("role", "designer"), first), (node_id("role", "designer"), second)} == edges(
        facts, "active_in"
    )


def test_numbered_headings_are_stages_only_in_a_process() -> None:
    steps = extract(
        post(
            """
            ## Our hiring process

            ### 1. Culture interview

            ### 2. Technical interview
            """,
            title="Hiring developer advocates",
        )
    )
    assert [s["label"] for s in stage_nodes(steps)] == ["Culture interview", "Technical interview"]
    traits = extract(
        post(
            """
            ## 1. Curiosity

            ## 2. Taste
            """,
            title="Traits we love",
        )
    )
    assert nodes_of(traits, "stage") == set()


def test_numbered_tips_of_a_how_to_post_are_not_stages() -> None:
    headings = ["The answer is in your data", "Talk to your customers", "Embrace failure"]
    tips = extract(
        post(
            "\n\n".join(f"## {n}. {h}" for n, h in enumerate(headings, 1)), title="How to start a growth team"
        )
    )
    assert nodes_of(tips, "stage") == set()
    # the same headings said to be steps are the post's stages
    steps = extract(
        post(
            "\n\n".join(f"## Step {n}: {h}" for n, h in enumerate(headings, 1)),
            title="How to start a growth team",
        )
    )
    assert [s["label"] for s in stage_nodes(steps)] == headings


def test_a_post_comparing_roles_walks_through_numbered_activities() -> None:
    walk = extract(
        post(
            """
            ## 1. Planning the work

            Designers sketch flows.

            ## 2. Building it
            """,
            title="Designer vs frontend developer",
        )
    )
    assert [s["label"] for s in stage_nodes(walk)] == ["Planning the work", "Building it"]
    differences = extract(
        post(
            """
            ## 1. Focus

            ## 2. Tools
            """,
            title="Designer vs frontend developer",
        )
    )
    assert nodes_of(differences, "stage") == set()


def test_parts_of_an_article_are_not_stages() -> None:
    parts = extract(post("## Part 1: Get the data\n\n## Part 2: Filter it", title="Our activation query"))
    assert nodes_of(parts, "stage") == set()
    stages = extract(post("## Stage 1: Get the data\n\n## Stage 2: Filter it", title="Our activation query"))
    assert [s["label"] for s in stage_nodes(stages)] == ["Get the data", "Filter it"]
