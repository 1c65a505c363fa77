"""Development posts: what a reader of each post would expect to find.

The three posts in fixtures/devposts/ are about roles the seeds never mention (growth engineers,
data scientists and analysts, designers). They are development fixtures, not held out: the rules
in kg/extract/ were written while reading them and their comments quote them, so these tests
guard against regressions only. Generalisation is measured on posts the rules were not written
against, by ../shared/eval/check.py (its dev set).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from extract_support import edges, nlp, nodes_of, skills_of

from kg.corpus import parse_post
from kg.extract import extract_post
from kg.extract.pipeline import parse_posts
from kg.facts import Facts, node_id

DEVPOSTS = Path(__file__).parent / "fixtures" / "devposts"


@cache
def facts_of(name: str) -> Facts:
    """The facts of one development post, extracted once per session."""
    post = parse_post((DEVPOSTS / name).read_text(encoding="utf-8"), name)
    ((post, docs),) = list(parse_posts(nlp(), [post]))
    return extract_post(post, docs)


def growth() -> Facts:
    return facts_of("what-is-a-growth-engineer.md")


def data() -> Facts:
    return facts_of("data-scientist-vs-data-analyst.md")


def design() -> Facts:
    return facts_of("designer-vs-product-manager.md")


def stages(facts: Facts) -> list[dict]:
    return sorted((n for n in facts.nodes.values() if n["type"] == "stage"), key=lambda n: n["order"])


def skill_stages(facts: Facts, role: str, skill: str) -> set[str]:
    """The stage labels the post ties `role`'s `skill` to."""
    rid, sid = node_id("role", role), node_id("skill", skill)
    return {
        facts.nodes[s]["label"]
        for e in facts.edges
        if e["type"] == "has_skill" and (e["source"], e["target"]) == (rid, sid)
        for s in e["stages"]
    }


# -- What is a growth engineer? -----------------------------------------------------------------


def test_growth_post_names_its_roles_once_whatever_the_form() -> None:
    facts = growth()
    assert {"growth engineer", "product engineer", "designer", "data scientist"} <= nodes_of(facts, "role")
    assert "growth engineers" in facts.nodes[node_id("role", "growth engineer")]["aliases"]
    assert not {"analyst", "engineer", "growth engineering"} & nodes_of(facts, "role")


def test_growth_engineer_gets_what_the_post_says_they_do() -> None:
    got = skills_of(growth(), "growth engineer")
    assert {
        "coding", "shipping features", "experimentation", "using feature flags", "a/b testing",
        "statistics", "analyzing data", "copywriting", "talking to users", "moving fast",
    } <= got  # fmt: skip


def test_trait_headings_are_skills_of_the_growth_engineer() -> None:
    assert {"comfort with data", "speed over polish"} <= skills_of(growth(), "growth engineer")


def test_roles_the_growth_engineer_works_with_get_none_of_its_skills() -> None:
    facts = growth()
    assert skills_of(facts, "designer") == set()
    assert skills_of(facts, "data scientist") == set()


def test_the_quoted_head_of_growth_is_a_person_at_her_company() -> None:
    facts = growth()
    pid = node_id("person", "Priya Raman")
    assert facts.nodes[pid]["affiliation"] == "Loomly"
    assert (pid, "post:/blog/what-is-a-growth-engineer") in edges(facts, "quoted_in")
    assert (pid, node_id("company", "Loomly")) in edges(facts, "affiliated_with")


def test_companies_named_in_the_growth_post_and_who_hires_growth_engineers() -> None:
    facts = growth()
    assert {"Linear", "Vercel", "Duolingo", "Notion", "Canva", "Loomly"} <= nodes_of(facts, "company")
    role = node_id("role", "growth engineer")
    hires = edges(facts, "hires")
    assert {(node_id("company", c), role) for c in ("Loomly", "Vercel", "Linear", "Duolingo")} <= hires
    assert nodes_of(facts, "person") == {"Priya Raman", "Maya Lindqvist"}


def test_trait_headings_are_not_stages() -> None:
    assert stages(growth()) == []


# -- Data scientist vs data analyst --------------------------------------------------------------


def test_data_post_has_the_two_roles_and_short_forms_are_the_same_roles() -> None:
    facts = data()
    assert nodes_of(facts, "role") == {"data scientist", "data analyst"}
    assert "analysts" in facts.nodes[node_id("role", "data analyst")]["aliases"]


def test_data_post_walks_through_four_stages_in_order() -> None:
    assert [(s["order"], s["label"]) for s in stages(data())] == [
        (1, "Framing the question"),
        (2, "Getting the data"),
        (3, "Analysis and modeling"),
        (4, "Sharing results"),
    ]


def test_each_data_role_gets_its_own_skills() -> None:
    facts = data()
    scientist, analyst = skills_of(facts, "data scientist"), skills_of(facts, "data analyst")
    assert {"machine learning", "statistics", "experimentation", "data pipelines", "coding"} <= scientist
    assert {"analyzing data", "writing reports", "understanding the business"} <= analyst
    assert not {"machine learning", "statistics", "data pipelines"} & analyst


def test_a_skill_said_of_both_roles_goes_to_both() -> None:
    facts = data()
    assert "communication" in skills_of(facts, "data scientist") & skills_of(facts, "data analyst")


def test_comparatives_give_the_skill_to_the_role_that_has_more_of_it() -> None:
    facts = data()
    assert "coding" not in skills_of(facts, "data analyst")
    assert "understanding the business" not in skills_of(facts, "data scientist")


def test_data_skills_are_tied_to_the_stage_they_happen_in() -> None:
    facts = data()
    assert skill_stages(facts, "data scientist", "machine learning") == {"Analysis and modeling"}
    assert skill_stages(facts, "data scientist", "data pipelines") == {"Getting the data"}
    assert "Sharing results" in skill_stages(facts, "data analyst", "writing reports")
    active = {
        facts.nodes[s]["label"] for r, s in edges(facts, "active_in") if r == node_id("role", "data analyst")
    }
    assert active == {s["label"] for s in stages(facts)}


def test_companies_that_employ_both_data_roles() -> None:
    facts = data()
    assert nodes_of(facts, "company") == {"Spotify", "Airbnb", "Netflix"}
    hires = edges(facts, "hires")
    for company in ("Spotify", "Airbnb", "Netflix"):
        for role in ("data scientist", "data analyst"):
            assert (node_id("company", company), node_id("role", role)) in hires


# -- Designer vs product manager -----------------------------------------------------------------


def test_design_post_roles_with_the_pm_alias_merged() -> None:
    facts = design()
    assert {"designer", "product manager"} <= nodes_of(facts, "role")
    assert {"PMs", "PM"} & set(facts.nodes[node_id("role", "product manager")]["aliases"])


def test_designer_and_pm_each_get_their_own_work() -> None:
    facts = design()
    designer, pm = skills_of(facts, "designer"), skills_of(facts, "product manager")
    assert {"prototyping", "research", "design"} <= designer
    assert {"prioritization", "roadmap planning", "stakeholder management", "defining requirements"} <= pm
    assert not {"prioritization", "roadmap planning", "defining requirements"} & designer
    assert not {"prototyping"} & pm


def test_what_both_roles_do_goes_to_both() -> None:
    facts = design()
    both = skills_of(facts, "designer") & skills_of(facts, "product manager")
    assert {"talking to users", "making product decisions"} <= both


def test_comparatives_in_the_design_post_stay_with_their_subject() -> None:
    facts = design()
    assert "understanding the business" in skills_of(facts, "product manager")
    assert "understanding the business" not in skills_of(facts, "designer")
    assert "design" not in skills_of(facts, "product manager")


def test_teams_a_launch_involves_are_not_the_pms_skills() -> None:
    assert not {"marketing", "sales", "customer support"} & skills_of(design(), "product manager")


def test_the_quoted_designer_is_a_person_at_his_company_and_no_hiring_is_claimed() -> None:
    facts = design()
    pid = node_id("person", "Sam Okafor")
    assert facts.nodes[pid]["affiliation"] == "Monzo"
    assert (pid, "post:/blog/designer-vs-product-manager") in edges(facts, "quoted_in")
    assert nodes_of(facts, "company") == {"Monzo", "Figma"}
    assert edges(facts, "hires") == set()
