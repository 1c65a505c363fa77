"""Skills: given to the role a clause is about, through pronouns, "both", lists and trait headings."""

from __future__ import annotations

from extract_support import edges, extract, post, skills_of

from kg.facts import Facts, node_id


def not_skills_of(facts: Facts, role: str) -> set[str]:
    """Labels of the skills `facts` say `role` does not do (not_skill edges)."""
    rid = node_id("role", role)
    return {facts.nodes[t]["label"] for s, t in edges(facts, "not_skill") if s == rid}


def all_skills(facts: Facts) -> set[tuple[str, str]]:
    """(role label, skill label) of every has_skill edge."""
    return {(facts.nodes[s]["label"], facts.nodes[t]["label"]) for s, t in edges(facts, "has_skill")}


def test_a_role_subject_gets_the_skills_of_its_sentence() -> None:
    facts = extract(post("Product engineers write code and talk to customers."))
    assert skills_of(facts, "product engineer") == {"coding", "talking to users"}


def test_skill_edges_carry_the_sentence_and_its_line() -> None:
    facts = extract(
        post("""
        Intro line.

        Data scientists run experiments.
        """)
    )
    (edge,) = [e for e in facts.edges if e["type"] == "has_skill"]
    assert edge["source"] == node_id("role", "data scientist")
    assert edge["target"] == node_id("skill", "experimentation")
    assert edge["evidence"] == [
        {"post": "post:/blog/x", "line": 7, "text": "Data scientists run experiments."}
    ]
    assert edge["stages"] == []


def test_they_refers_to_the_role_of_the_previous_sentence() -> None:
    facts = extract(
        post("""
        Growth engineers care about metrics. They talk to users every week.
        """)
    )
    assert "talking to users" in skills_of(facts, "growth engineer")


def test_a_pronoun_whose_antecedent_is_not_a_role_gives_nothing() -> None:
    facts = extract(
        post("""
        Product managers write specs. Product managers like meetings. The work is taxing for engineers,
        keeping them from what they are good at: writing code.
        """)
    )
    assert "coding" not in skills_of(facts, "product manager")
    assert skills_of(facts, "product manager") == {"defining requirements"}


def test_both_roles_get_a_skill_said_of_both() -> None:
    facts = extract(
        post("""
        Product engineers ship features. Product managers plan launches.
        Both roles require communication skills.
        """)
    )
    assert "communication" in skills_of(facts, "product engineer")
    assert "communication" in skills_of(facts, "product manager")


def test_a_comparison_gives_the_skill_only_to_its_subject() -> None:
    facts = extract(post("Product managers do more research than product engineers."))
    assert skills_of(facts, "product manager") == {"research"}
    assert skills_of(facts, "product engineer") == set()


def test_a_contrast_clause_keeps_each_role_to_its_own_skill() -> None:
    facts = extract(
        post("Product managers are hands-on with launches, while product engineers automate them.")
    )
    assert skills_of(facts, "product manager") == {"launching products"}
    assert skills_of(facts, "product engineer") == {"automation"}


def test_negated_and_prevented_activities_are_not_skills() -> None:
    facts = extract(
        post("""
        Designers don't write code. Meetings prevent designers from talking to users.
        """)
    )
    assert skills_of(facts, "designer") == set()
    assert not_skills_of(facts, "designer") == {"coding"}  # "prevent" blocks; only "don't" denies


def test_list_items_under_a_role_intro_belong_to_the_role() -> None:
    facts = extract(
        post("""
        Data analysts have a clear job. This means they are:

        - comfortable with SQL and dashboards
        - responsible for the roadmap
        """)
    )
    assert skills_of(facts, "data analyst") == {"analyzing data", "roadmap planning"}


def test_trait_headings_under_a_role_section_are_its_skills() -> None:
    facts = extract(
        post("""
        ## What are the characteristics of product designers?

        ### Customer obsession

        Customer obsession shows in many ways. They talk to users every week.

        ### Bias for craft
        """)
    )
    assert skills_of(facts, "product designer") == {
        "customer obsession",
        "bias for craft",
        "talking to users",
    }


def test_as_a_role_gives_the_quote_to_that_role() -> None:
    facts = extract(
        post("""
        > "As a product engineer, writing code is one part of your job. You'll also talk to users."
        """)
    )
    assert skills_of(facts, "product engineer") == {"coding", "talking to users"}


def test_you_means_the_reader_unless_the_post_says_whom_it_addresses() -> None:
    text = post("You should talk to users every week.", title="Getting started as a product engineer")
    assert skills_of(extract(text), "product engineer") == {"talking to users"}
    other = extract(post("You should talk to users every week.", title="Getting started"))
    assert not [e for e in other.edges if e["type"] == "has_skill"]


def test_every_skill_mentioned_is_a_node_the_post_mentions() -> None:
    facts = extract(post("Prototyping matters a lot."))
    sid = node_id("skill", "prototyping")
    assert facts.nodes[sid]["label"] == "prototyping"
    assert any(e["type"] == "mentions" and e["target"] == sid for e in facts.edges)
    assert skills_of(facts, "prototyping") == set()


def test_no_longer_negates_like_not() -> None:
    facts = extract(post("At Acme, product managers no longer own the roadmap."))
    assert skills_of(facts, "product manager") == set()
    assert not_skills_of(facts, "product manager") == {"ownership", "roadmap planning"}


def test_a_skill_owned_by_someone_else_is_not_the_subjects() -> None:
    facts = extract(post("Product managers challenge the team's decisions."))
    assert "making product decisions" not in skills_of(facts, "product manager")
    facts = extract(post("Founders rely on a product engineer's judgement and decisions."))
    assert "making product decisions" in skills_of(facts, "product engineer")
    assert "making product decisions" not in skills_of(facts, "founder")


def test_a_role_right_before_what_it_does_is_its_subject_even_when_misparsed() -> None:
    facts = extract(
        post("""
        Unlike data scientists, growth engineers ship code to production every day.

        The growth engineer ships the winner. They also monitor retention for a few weeks.
        """)
    )
    assert {"coding", "shipping features", "monitoring", "improving retention"} <= skills_of(
        facts, "growth engineer"
    )
    assert skills_of(facts, "data scientist") == set()


def test_fragment_list_items_go_to_the_role_of_their_intro() -> None:
    facts = extract(
        post("""
        Growth engineers move fast. Their toolkit includes:

        - feature flags and experimentation platforms
        """)
    )
    assert {"using feature flags", "experimentation"} <= skills_of(facts, "growth engineer")


def test_both_roles_falls_back_to_the_two_roles_of_the_title() -> None:
    facts = extract(
        post(
            """
            ## Working together

            Both roles dig into the funnel to find drop-offs.
            """,
            title="Growth engineer vs data scientist",
        )
    )
    assert "improving conversion and activation" in skills_of(facts, "growth engineer")
    assert "improving conversion and activation" in skills_of(facts, "data scientist")


def test_a_clause_under_rather_than_gives_its_subject_nothing() -> None:
    facts = extract(post("Rather than the team lead making the call, the founder decides."))
    assert skills_of(facts, "team lead") == set()
    assert skills_of(facts, "founder") == {"making product decisions"}


def test_a_passive_skill_verb_belongs_to_its_agent_not_its_subject() -> None:
    facts = extract(post("Each product engineer is empowered to make mistakes."))
    assert "empowering others" not in skills_of(facts, "product engineer")
    facts = extract(post("Every launch is coordinated by product managers."))
    assert skills_of(facts, "product manager") == {"launching products", "stakeholder management"}


def test_both_opening_a_sentence_gives_both_roles_its_skills() -> None:
    facts = extract(
        post("""
        Both product engineers and managers start the journey. Both translate user needs into product
        requirements. Both don't write code.
        """)
    )
    for role in ("product engineer", "product manager"):
        assert {"understanding user needs", "defining requirements"} <= skills_of(facts, role)
        assert "coding" not in skills_of(facts, role)


def test_teams_listed_together_are_who_is_involved_not_skills() -> None:
    facts = extract(
        post("""
        Product managers manage a team of stakeholders. This can include design, marketing, ops, and
        engineering.
        """)
    )
    assert not {"design", "marketing"} & skills_of(facts, "product manager")
    assert skills_of(facts, "product manager") == {"managing a team", "stakeholder management"}


def test_getting_people_to_do_something_is_the_skill_of_whoever_gets_them_to() -> None:
    facts = extract(post("Product managers spend their time getting stakeholders aligned."))
    assert "stakeholder management" in skills_of(facts, "product manager")


def test_they_under_a_heading_about_users_is_the_role_of_the_section() -> None:
    facts = extract(
        post("""
        ## What makes a great growth engineer?

        ### Curiosity about users

        They talk to customers every week.
        """)
    )
    assert "talking to users" in skills_of(facts, "growth engineer")


def test_whose_time_is_spent_on_something_does_it() -> None:
    facts = extract(post("Growth engineers run experiments. Most of their week is spent shipping code."))
    assert "coding" in skills_of(facts, "growth engineer")


def test_traits_a_role_looks_for_are_not_its_own() -> None:
    facts = extract(
        post(
            """
            Founders are busy. Founders raise money. These are the attributes they need.

            ### Attribute 1: Extreme optimism

            ### Attribute 2: Total dependability
            """,
            title="Making your first ops hire – what founders should look for",
        )
    )
    assert skills_of(facts, "founder") == {"raising money"}
    owned = extract(
        post(
            """
            ## What we look for in product engineers

            ### Extreme optimism
            """
        )
    )
    assert skills_of(owned, "product engineer") == {"extreme optimism"}


def test_what_someone_is_not_made_to_do_is_not_their_skill() -> None:
    facts = extract(
        post(
            "Copywriters write product descriptions. Recruiters are not copywriters, so don't force "
            "copywriters to write the spec."
        )
    )
    assert skills_of(facts, "copywriter") == {"writing product descriptions"}


def test_reporting_to_someone_is_not_writing_reports() -> None:
    facts = extract(post("Each team lead reports to a member of our exec team and reviews code."))
    assert "writing reports" not in skills_of(facts, "team lead")
    assert skills_of(facts, "team lead") == {"code review"}


def test_a_persons_title_is_not_the_subject_a_quote_belongs_to() -> None:
    facts = extract(
        post("""
        Jean-Michel Lemieux, former VP of Engineering at Shopify, defines them as:

        > "Those with empathy to reach for magical experiences."

        Product engineers ship fast.
        """)
    )
    assert skills_of(facts, "vice president of engineering") == set()
    assert all_skills(facts) == {("product engineer", "moving fast")}


def test_a_pronoun_in_a_fronted_clause_points_to_the_subject_after_it() -> None:
    facts = extract(
        post("""
        Growth engineers run tests. Because they build prototypes, product engineers often start companies.
        """)
    )
    assert "prototyping" in skills_of(facts, "product engineer")
    assert "prototyping" not in skills_of(facts, "growth engineer")


def test_what_a_thing_is_called_is_nobodys_skill() -> None:
    facts = extract(post("Founders often pitch investors early. This is a valid strategy for many startups."))
    assert "product strategy" not in skills_of(facts, "founder")
    assert skills_of(facts, "founder") == {"pitching investors"}


def test_onboarding_new_hires_is_not_user_activation() -> None:
    facts = extract(post("Recruiters are busy conducting interviews and onboarding new hires."))
    assert "improving conversion and activation" not in skills_of(facts, "recruiter")
    assert skills_of(facts, "recruiter") == {"conducting interviews", "onboarding hires"}


def test_rarely_doing_something_is_not_a_skill() -> None:
    facts = extract(post("Good engineering managers rarely write production code."))
    assert "coding" not in skills_of(facts, "engineering manager")
    assert not_skills_of(facts, "engineering manager") == {"coding"}


def test_they_after_unlike_is_not_the_role_set_aside() -> None:
    facts = extract(
        post("Tech leads review code. Unlike engineering managers, they still spend their week writing code.")
    )
    assert "coding" in skills_of(facts, "tech lead")
    assert skills_of(facts, "engineering manager") == set()


def test_a_longer_skill_phrase_is_not_also_its_last_word() -> None:
    facts = extract(post("Tech leads care about system design."))
    assert skills_of(facts, "tech lead") == {"system design"}


def test_a_one_word_gerund_under_a_skills_heading_is_a_trait() -> None:
    facts = extract(
        post("""
        ## What makes a great product marketer?

        ### Storytelling

        They talk to customers.
        """)
    )
    assert skills_of(facts, "product marketer") == {"storytelling", "talking to users"}


def test_what_the_role_keeps_others_is_not_the_roles_trait() -> None:
    facts = extract(
        post(
            "Each team lead reports to the exec team, keeping our teams fast moving and autonomous. "
            "Each team lead reviews code."
        )
    )
    assert "working independently" not in skills_of(facts, "team lead")
    assert skills_of(facts, "team lead") == {"code review"}


def test_a_list_item_that_is_a_title_cased_name_states_no_skill() -> None:
    facts = extract(
        post("""
        Data engineers often hold certifications such as:

        - Google Cloud Professional Data Engineer
        - AWS Certified Data Analytics
        - Building data pipelines in the cloud
        """)
    )
    # "Cloud" and "Data Analytics" in the names are not the skills the vocabulary would read there
    assert skills_of(facts, "data engineer") == {"holding certifications", "data pipelines", "infrastructure"}
    names = [e for e in facts.edges if e["type"] == "has_skill" and "Certified" in e["evidence"][0]["text"]]
    assert names == []


def test_a_vocabulary_skill_keeps_the_names_posts_call_it_by() -> None:
    facts = extract(post("Data engineers need strong programming skills. Data engineers write code daily."))
    coding = facts.nodes[node_id("skill", "coding")]
    assert "programming" in coding["aliases"]  # `kg show programming` finds it
    assert not any("code" in a for a in coding["aliases"])  # "write code" states it, names nothing new


def test_a_list_item_annotated_with_its_role_is_that_roles_skill() -> None:
    facts = extract(post("""
    Who does what:

    - Procurement (Product Owner)
    - Release planning (Project Manager)
    """))
    assert skills_of(facts, "product owner") == {"procurement"}  # three capitalised words, not a name
    assert skills_of(facts, "project manager") == {"planning", "release planning"}


def test_a_list_item_naming_a_kind_of_a_vocabulary_skill_keeps_its_kind() -> None:
    facts = extract(post("""
    Product designers own:

    - Interaction design
    - Final visual design
    """))
    assert {"interaction design", "visual design", "design"} <= skills_of(facts, "product designer")


def test_the_x_role_as_a_subject_is_that_role() -> None:
    facts = extract(post("The Project Manager role manages the budget."))
    assert skills_of(facts, "project manager") == {"managing budget"}


def test_a_position_to_do_something_is_its_holders_skill() -> None:
    facts = extract(post("The project manager is in an ideal position to manage the flow of information."))
    assert skills_of(facts, "project manager") == {"managing flow of information"}


def test_a_vocabulary_word_modifying_another_noun_gives_the_name_it_makes() -> None:
    facts = extract(post("Staff engineers reduce infrastructure costs."))
    assert skills_of(facts, "staff engineer") == {"reducing infrastructure costs"}
    assert "infrastructure" in skills_of(extract(post("Staff engineers own infrastructure work.")), "staff engineer")


def test_the_headings_under_what_is_expected_of_a_role_are_its_traits() -> None:
    text = """---
title: What is expected from staff engineers
---

# Expectations

## Get things done

Some text.

## Write clear proposals

More text.

## References

Links.
"""
    skills = skills_of(extract(text), "staff engineer")
    assert {"getting things done", "writing proposals"} <= skills
    assert not skills & {"expectations", "references"}  # a list's own heading and the document's parts


def test_a_table_cell_is_the_skill_of_the_role_its_column_or_row_names() -> None:
    facts = extract(post("""
    | | Product engineer | Product manager |
    |---|---|---|
    | Focus | Write code | Talk to users |

    | Role | Responsibilities |
    |---|---|
    | Data scientist | Run experiments |
    """))
    assert skills_of(facts, "product engineer") == {"coding"}
    assert skills_of(facts, "product manager") == {"talking to users"}
    assert skills_of(facts, "data scientist") == {"experimentation"}
    (edge,) = [e for e in facts.edges if e["type"] == "has_skill" and e["source"] == node_id("role", "product engineer")]
    assert edge["evidence"][0]["text"] == "Focus, Product engineer: Write code"  # reads on its own


def test_a_tool_maker_one_works_at_is_not_a_tool_one_uses() -> None:
    facts = extract(post("""
    Open roles:

    - Security engineer at PostHog
    - Data engineers use PostHog daily.
    """))
    tools = {(s, t) for s, t in edges(facts, "uses")}
    assert tools == {(node_id("role", "data engineer"), node_id("tool", "PostHog"))}


def test_what_the_writer_owns_is_not_the_roles() -> None:
    facts = extract(post("The PM keeps cutting scope from my designs."))
    assert "design" not in skills_of(facts, "product manager")


def test_a_list_item_that_is_a_noun_compound_is_not_read_as_an_imperative() -> None:
    facts = extract(post("""
    Product designers own:

    - Journey mapping
    - Run usability studies
    """))
    assert {"journey mapping", "running usability studies"} <= skills_of(facts, "product designer")


def test_use_cases_are_not_a_use() -> None:
    facts = extract(post("Designers should contribute to use cases and scope."))
    assert not any(s.startswith("using") for s in skills_of(facts, "designer"))


def test_a_citation_line_and_a_missing_thing_are_no_evidence() -> None:
    facts = extract(post("""
    Product managers look at:

    - Source: LinkedIn insights (Jul 14, 2025).
    - No public pricing
    - Retention metrics
    """))
    skills = skills_of(facts, "product manager")
    assert "retention metrics" in skills or "improving retention" in skills
    texts = {ev["text"] for e in facts.edges if e["type"] == "has_skill" for ev in e["evidence"]}
    assert not any(t.startswith("Source:") or t.startswith("No public") for t in texts)


def test_half_a_hyphenated_word_is_no_subject() -> None:
    facts = extract(post("""
    Product designers and product managers both do:

    - Lo-fi sketching and flows
    """))
    assert "lo-fi sketching" in skills_of(facts, "product designer") & skills_of(facts, "product manager")


def test_a_list_item_ensuring_something_is_done_is_the_roles_skill() -> None:
    facts = extract(post("""
    Front-end developers are responsible for:

    - Ensuring sites are optimized for mobile devices
    - Optimizing websites for speed and scalability
    """))
    skills = skills_of(facts, "front-end developer")
    assert {"optimizing sites for mobile devices", "scalability and performance"} <= skills
    assert "system design" not in skills  # scalability is its own skill, not architecture


def test_an_open_phrase_worded_as_a_vocabulary_label_is_that_labels_node() -> None:
    facts = extract(post("By making product decisions and shipping code, product engineers help."))
    ids = [n["id"] for n in facts.nodes.values() if n["label"] == "making product decisions"]
    assert ids == [node_id("skill", "making product decisions")]


def test_a_list_item_that_is_a_link_to_another_page_says_nothing_of_a_role() -> None:
    facts = extract(post("""
    Product engineers should read:

    - [How to harness the power of growth loops](/growth-loops)
    - Talk to users every week
    """))
    assert skills_of(facts, "product engineer") == {"talking to users"}
