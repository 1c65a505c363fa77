"""Who a clause is about (kg/extract/refer.py), on sentences written for each rule."""

from __future__ import annotations

from extract_support import extract, post, skills_of


def test_a_trait_a_role_keeps_in_others_belongs_to_the_others() -> None:
    # "keep X autonomous", "keep X curious": the complement describes the object, not the subject
    facts = extract(
        post("""
        Engineering managers keep their teams autonomous and fast moving. Engineering managers also talk to users.

        Tech leads keep the team curious about users, and tech leads write code.
        """)
    )
    assert skills_of(facts, "engineering manager") == {"talking to users"}
    assert skills_of(facts, "tech lead") == {"coding"}


def test_a_clause_under_a_negated_verb_is_not_said_either_way() -> None:
    facts = extract(post("That doesn't mean that full-stack developers write all the code themselves."))
    assert "coding" not in skills_of(facts, "full-stack developer")
    assert not [e for e in facts.edges if e["type"] == "not_skill"]  # not a denial either
