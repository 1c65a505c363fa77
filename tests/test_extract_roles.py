"""Roles: noun phrases headed by a role noun, merged across plural and aliases; generic words are not roles."""

from __future__ import annotations

from extract_support import edges, extract, nodes_of, post, skills_of

from kg.facts import node_id


def test_plural_and_singular_are_one_role_with_the_forms_seen_as_aliases() -> None:
    facts = extract(
        post("""
        A growth engineer runs experiments. Growth engineers also talk to users.
        """)
    )
    assert nodes_of(facts, "role") == {"growth engineer"}
    assert "growth engineers" in facts.nodes[node_id("role", "growth engineer")]["aliases"]


def test_known_aliases_name_the_canonical_role() -> None:
    facts = extract(post("Our PMs write the specs. Every PM talks to customers."))
    role = facts.nodes[node_id("role", "product manager")]
    assert role["label"] == "product manager"
    assert {"PMs", "PM"} <= set(role["aliases"])
    assert nodes_of(facts, "role") == {"product manager"}


def test_coordinated_head_borrows_the_modifier() -> None:
    facts = extract(post("Both product engineers and managers share this goal."))
    assert nodes_of(facts, "role") == {"product engineer", "product manager"}


def test_generic_words_alone_are_not_roles() -> None:
    facts = extract(post("Engineers and people on other teams use the tools. Our users like it."))
    assert nodes_of(facts, "role") == set()


def test_a_title_that_names_a_generic_role_alone_makes_it_a_role() -> None:
    facts = extract(post("Engineers should answer support tickets.", title="Why engineers do support"))
    assert nodes_of(facts, "role") == {"engineer"}


def test_praise_is_not_part_of_the_role_but_a_level_is() -> None:
    facts = extract(post("We hired two senior data scientists and a great full-stack engineer."))
    assert nodes_of(facts, "role") == {"senior data scientist", "data scientist", "full-stack engineer"}
    levels = {(e["source"], e["target"], e["level"]) for e in facts.edges if e["type"] == "level_of"}
    assert levels == {("role:senior-data-scientist", "role:data-scientist", "senior")}


def test_a_level_alone_with_a_generic_head_names_a_role() -> None:
    facts = extract(post("Staff engineers set the technical direction. Our principal engineers review the designs."))
    assert nodes_of(facts, "role") == {"staff engineer", "principal engineer", "engineer"}


def test_a_noun_that_only_modifies_another_is_not_a_role() -> None:
    facts = extract(post("Developer tooling matters, and so does the developer experience."))
    assert nodes_of(facts, "role") == set()


def test_each_role_mention_is_evidence_of_the_post_mentioning_it() -> None:
    facts = extract(
        post("""
        Designers sketch.

        A designer also tests ideas.
        """)
    )
    rid = node_id("role", "designer")
    mentions = [e for e in facts.edges if e["type"] == "mentions" and e["target"] == rid]
    assert ("post:/blog/x", rid) in edges(facts, "mentions")
    assert sorted(e["evidence"][0]["line"] for e in mentions) == [5, 7]
    assert mentions[0]["evidence"][0]["text"] == "Designers sketch."


def test_the_roles_a_title_names_are_mentioned_with_the_title_as_evidence() -> None:
    facts = extract(post("Nothing about jobs here.", title="What is a growth engineer?"))
    (edge,) = [e for e in facts.edges if e["type"] == "mentions" and e["target"].startswith("role:")]
    assert edge["target"] == node_id("role", "growth engineer")
    assert edge["evidence"] == [{"post": "post:/blog/x", "line": 2, "text": "What is a growth engineer?"}]


def test_a_generic_head_alone_is_the_title_role_it_heads() -> None:
    facts = extract(
        post("Analysts write SQL. Scientists train models.", title="Data scientist vs data analyst")
    )
    assert nodes_of(facts, "role") == {"data scientist", "data analyst"}
    assert "analysts" in facts.nodes[node_id("role", "data analyst")]["aliases"]


def test_engineers_alone_are_engineers_at_large_even_in_a_post_about_one_kind() -> None:
    facts = extract(
        post(
            "Without product engineers in the loop, engineers mainly consume requirements.",
            title="Why companies should hire product engineers",
        )
    )
    assert "engineers" not in facts.nodes[node_id("role", "product engineer")]["aliases"]


def test_a_verb_after_a_junior_role_is_not_part_of_its_name() -> None:
    facts = extract(post("Tech leads review code and mentor junior developers."))
    assert nodes_of(facts, "role") == {"tech lead", "junior developer", "developer"}


def test_the_initials_of_a_title_role_name_it() -> None:
    facts = extract(
        post(
            "SEs give tailored demos. The AE qualifies the lead.", title="Sales engineer vs account executive"
        )
    )
    assert nodes_of(facts, "role") == {"sales engineer", "account executive"}
    assert "SEs" in facts.nodes[node_id("role", "sales engineer")]["aliases"]
    assert skills_of(facts, "sales engineer") == {"giving demos"}
    assert skills_of(facts, "account executive") == {"sales"}


def test_in_my_role_as_a_role_the_narrator_is_that_role() -> None:
    facts = extract(post("In my role as a PM, I talk to users. In our team, I write code."))
    assert skills_of(facts, "product manager") == {"talking to users"}


def test_a_discipline_as_a_subject_is_the_role_that_practises_it() -> None:
    facts = extract(post("Growth engineering focuses on activation and retention. The proposed design is fine."))
    assert skills_of(facts, "growth engineer") == {"improving conversion and activation", "improving retention"}
    assert "designer" not in {n["label"] for n in facts.nodes.values() if n["type"] == "role"}
