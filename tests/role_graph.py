"""A small hand-made role graph for query, CLI, API and export tests (no build, no spaCy)."""

from __future__ import annotations

import networkx as nx

A = "post:/blog/alpha"
B = "post:/blog/beta"


def ev(post: str, line: int, text: str) -> dict:
    """One evidence record."""
    return {"post": post, "line": line, "text": text}


def role_graph() -> nx.MultiDiGraph:
    """Two posts comparing a product engineer and a product manager, with stages, a company, a data scientist."""
    g = nx.MultiDiGraph(built_at="2024-01-01T00:00:00+00:00", corpus="posts")
    g.add_node(A, type="post", label="Alpha", title="Alpha", url="/blog/alpha", in_corpus=True, aliases=[])
    g.add_node(B, type="post", label="Beta", title="Beta", url="/blog/beta", in_corpus=True, aliases=[])
    g.add_node("role:product-engineer", type="role", label="product engineer", aliases=["product engineers"])
    g.add_node("role:product-manager", type="role", label="product manager", aliases=["PM", "PMs"])
    g.add_node("role:data-scientist", type="role", label="data scientist", aliases=[])
    for slug, label in [
        ("talking-to-users", "talking to users"),
        ("writing-code", "writing code"),
        ("prototyping", "prototyping"),
        ("stakeholder-management", "stakeholder management"),
        ("statistics", "statistics"),
    ]:
        g.add_node(f"skill:{slug}", type="skill", label=label, aliases=[])
    g.add_node("stage:alpha-1-discovery", type="stage", label="Discovery", order=1, post=A, aliases=[])
    g.add_node("stage:alpha-2-build", type="stage", label="Build", order=2, post=A, aliases=[])
    g.add_node("company:acme", type="company", label="Acme", url="https://acme.example", aliases=["Acme Inc"])
    g.add_node("tag:careers", type="tag", label="Careers", aliases=[])

    def has_skill(role: str, skill: str, evidence: list[dict], stages: list[str] = ()) -> None:
        g.add_edge(
            role,
            skill,
            key="has_skill",
            type="has_skill",
            weight=len(evidence),
            evidence=evidence,
            stages=list(stages),
        )

    pe, pm, ds = "role:product-engineer", "role:product-manager", "role:data-scientist"
    has_skill(
        pe,
        "skill:talking-to-users",
        [ev(A, 3, "Product engineers talk to users | every week.")],
        ["stage:alpha-1-discovery"],
    )
    has_skill(
        pm,
        "skill:talking-to-users",
        [ev(A, 4, "Product managers talk to users too."), ev(B, 7, "PMs run 'user' interviews.")],
        ["stage:alpha-1-discovery"],
    )
    has_skill(
        pe, "skill:writing-code", [ev(A, 9, "Product engineers write the code.")], ["stage:alpha-2-build"]
    )
    has_skill(pe, "skill:prototyping", [ev(B, 2, "They build prototypes quickly.")])
    has_skill(pm, "skill:stakeholder-management", [ev(B, 5, "PMs manage stakeholders.")])
    has_skill(ds, "skill:statistics", [ev(B, 11, "Data scientists know statistics.")])

    def edge(u: str, v: str, key: str, evidence: dict) -> None:
        g.add_edge(u, v, key=key, type=key, weight=1, evidence=[evidence])

    edge(pm, "stage:alpha-2-build", "active_in", ev(A, 10, "The PM reviews the build."))
    edge(pe, "stage:alpha-2-build", "active_in", ev(A, 9, "Product engineers write the code."))
    # a mention is not a skill: writing code must stay "only product engineer"
    edge(B, "skill:writing-code", "mentions", ev(B, 6, "PMs do not write code."))
    for post, role, line in [(A, pe, 1), (A, pm, 1), (B, pm, 2), (B, ds, 11)]:
        edge(post, role, "mentions", ev(post, line, "mention"))
    edge("company:acme", pe, "hires", ev(B, 12, "Acme looks for product engineers."))
    edge(A, B, "links_to", ev(A, 20, "see [Beta](/blog/beta)"))
    edge(A, "tag:careers", "tagged", ev(A, 2, "tags: Careers"))
    return g
