"""Query answers -> sections of rows, printed as rich tables (terminal) or markdown tables (docs)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.table import Table
from rich.text import Text

from kg.links import last_segment

if TYPE_CHECKING:
    from kg.query import Comparison

QUOTE_WIDTH = 90


@dataclass
class Section:
    """One table of an answer: a title, column headers and rows of text."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "(none)"


def slug(post: str) -> str:
    """A post's short name: 'post:/blog/what-is-a-product-engineer' -> 'what-is-a-product-engineer'."""
    return last_segment(str(post).removeprefix("post:"))


def where(ev: dict[str, Any]) -> str:
    """Where a piece of evidence is: 'what-is-a-product-engineer:12'."""
    return f"{slug(ev.get('post', ''))}:{ev.get('line', '?')}"


def quote(ev: dict[str, Any] | None, width: int = QUOTE_WIDTH) -> str:
    """A short quote of the sentence behind a fact, cut at a word boundary."""
    if not ev:
        return ""
    text = " ".join(str(ev.get("text", "")).split())
    if len(text) > width:
        text = text[: width - 1].rsplit(" ", 1)[0] + "…"
    return f"“{text}”"


def best(evidence: list[dict[str, Any]], name: str = "", others: Iterable[str] = ()) -> dict[str, Any] | None:
    """The sentence to quote: one naming `name` and none of `others` (other roles), else one naming
    none of them, else the first."""
    if not evidence:
        return None
    others = [o.lower() for o in others if o]

    def names(ev: dict[str, Any], key: str) -> bool:
        return bool(key) and key in str(ev.get("text", "")).lower()

    clean = [ev for ev in evidence if not any(names(ev, o) for o in others)]
    return next((ev for ev in clean if names(ev, name.lower())), (clean or evidence)[0])


def cite(evidence: list[dict[str, Any]], name: str = "", others: Iterable[str] = ()) -> str:
    """One quote (see `best`) with where it is, and how many more sentences say the same."""
    ev = best(evidence, name, others)
    if ev is None:
        return ""
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    return f"{quote(ev)} — {where(ev)}{more}"


def comparison_sections(cmp: Comparison) -> list[Section]:
    """Skills every role has, skills only one has, skills some have, then stage by stage and companies."""
    names = [cmp.labels[r] for r in cmp.roles]
    both = "both" if len(cmp.roles) == 2 else "all of them"
    sections = [
        Section(
            f"Skills {both} have",
            ["skill", *names],
            [
                [s["label"], *(cite(s["roles"][r], cmp.labels[r], _others(cmp, r)) for r in cmp.roles)]
                for s in cmp.shared()
            ],
        )
    ]
    for role, name in zip(cmp.roles, names, strict=True):
        sections.append(
            Section(
                f"Only {name}",
                ["skill", "evidence", "post"],
                [
                    [
                        s["label"],
                        quote(best(s["roles"][role], name, _others(cmp, role))),
                        _where_all(s, role),
                    ]
                    for s in cmp.only(role)
                ],
            )
        )
    if len(cmp.roles) > 2:
        some = [(s["label"], s["roles"], next(iter(s["roles"].values()))) for s in cmp.some()]
        sections.append(_held_by(cmp, "Some of them", "skill", some))
    if cmp.stages:
        several_posts = len({st["post"] for st in cmp.stages}) > 1  # then say whose stage each row is
        sections.append(
            Section(
                "Stage by stage",
                ["#", "stage", *names],
                [
                    [
                        "" if st["order"] is None else str(st["order"]),
                        f"{st['label']} ({slug(st['post'])})"
                        if several_posts and st["post"]
                        else st["label"],
                        *(
                            ", ".join(st["roles"].get(r, [])) or ("(active)" if r in st["roles"] else "")
                            for r in cmp.roles
                        ),
                    ]
                    for st in cmp.stages
                ],
            )
        )
    if cmp.companies:
        companies = [
            (c["label"], c["roles"], [ev for evs in c["roles"].values() for ev in evs])
            for c in cmp.companies.values()
        ]
        sections.append(_held_by(cmp, "Companies", "company", companies))
    return sections


def _held_by(
    cmp: Comparison, title: str, header: str, items: list[tuple[str, Iterable[str], list[dict[str, Any]]]]
) -> Section:
    """Things held by some of the compared roles: each with those roles and a quote."""
    return Section(
        title,
        [header, "roles", "evidence"],
        [
            [label, ", ".join(cmp.labels[r] for r in roles), cite(evidence)]
            for label, roles, evidence in items
        ],
    )


def _others(cmp: Comparison, role: str) -> list[str]:
    return [label for r, label in cmp.labels.items() if r != role]


def _where_all(skill: dict[str, Any], role: str) -> str:
    evidence = skill["roles"][role]
    places = list(dict.fromkeys(where(ev) for ev in evidence))
    return ", ".join(places[:3]) + (f" (+{len(places) - 3})" if len(places) > 3 else "")


def roles_section(rows: list[dict[str, Any]]) -> Section:
    """`kg roles`: each role with its counts."""
    return Section(
        f"{len(rows)} roles",
        ["role", "id", "posts", "skills", "stages", "aliases"],
        [
            [
                r["label"],
                r["id"],
                str(r["posts"]),
                str(r["skills"]),
                str(r["stages"]),
                ", ".join(r["aliases"]),
            ]
            for r in rows
        ],
    )


def skills_section(role_label: str, rows: list[dict[str, Any]]) -> Section:
    """`kg skills ROLE`: the role's skills with weight, stages and a quote."""
    return Section(
        f"Skills of {role_label}",
        ["skill", "weight", "stages", "evidence"],
        [[r["label"], str(r["weight"]), ", ".join(r["stage_labels"]), cite(r["evidence"])] for r in rows],
    )


def neighbors_section(label: str, rows: list[dict[str, Any]]) -> Section:
    """`kg neighbors NODE`: each edge to a neighbour, arrow showing its direction."""
    return Section(
        f"Neighbours of {label}",
        ["relation", "neighbour", "type", "weight", "evidence"],
        [
            [
                f"-{r['relation']}->" if r["direction"] == "out" else f"<-{r['relation']}-",
                r["label"],
                str(r["type"]),
                str(r["weight"]),
                cite(r["evidence"]),
            ]
            for r in rows
        ],
    )


def path_section(found: dict[str, Any]) -> Section:
    """`kg path A B`: one row per hop, with the relation that makes it and its evidence."""
    rows = []
    for i, hop in enumerate(found["hops"], 1):
        edge = hop["edges"][0]
        arrow = f"-{edge['type']}->" if edge["source"] == hop["from"] else f"<-{edge['type']}-"
        others = f" (+{len(hop['edges']) - 1} more)" if len(hop["edges"]) > 1 else ""
        rows.append([str(i), hop["from_label"], arrow + others, hop["to_label"], cite(edge["evidence"])])
    labels = [n["label"] for n in found["nodes"]]
    return Section(
        f"{labels[0]} → {labels[-1]}: {len(found['hops'])} hop(s)",
        ["#", "from", "relation", "to", "evidence"],
        rows,
    )


def sources_line(cmp: Comparison, limit: int = 10) -> str:
    """The posts a comparison quotes, by title: the first `limit`, then how many more."""
    titles = [str(p["title"]) for p in cmp.posts]
    if len(titles) <= limit:
        return "Evidence from: " + ", ".join(titles)
    more = len(titles) - limit
    return (
        f"Evidence from {len(titles)} posts: "
        + ", ".join(titles[:limit])
        + f" and {more} more (--format markdown or json lists them all)"
    )


def to_rich(section: Section) -> Table:
    """A section as a rich table; cells are plain text, so a quoted `[b]` stays as written."""
    table = Table(title=Text(section.title), title_justify="left", show_lines=False)
    for header in section.headers:
        table.add_column(Text(header), overflow="fold")
    for row in section.rows:
        table.add_row(*(Text(cell) for cell in row))
    if not section.rows:
        table.add_row(Text(section.empty), *[""] * (len(section.headers) - 1))
    return table


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(section: Section, level: int = 3) -> str:
    """A section as a markdown heading and a pipe table (pipes in cells escaped)."""
    lines = [f"{'#' * level} {section.title}", ""]
    if not section.rows:
        return "\n".join([*lines, section.empty, ""])
    lines.append("| " + " | ".join(_cell(h) for h in section.headers) + " |")
    lines.append("|" + "|".join("---" for _ in section.headers) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
    return "\n".join([*lines, ""])


def comparison_markdown(cmp: Comparison) -> str:
    """The whole comparison as markdown: a heading, then each section's table."""
    title = " vs ".join(cmp.labels[r] for r in cmp.roles)
    body = "\n".join(to_markdown(s) for s in comparison_sections(cmp))
    sources = ", ".join(f"[{p['title']}]({p['url']})" if p.get("url") else p["title"] for p in cmp.posts)
    return f"## {title}\n\n{body}" + (f"\nSources: {sources}\n" if sources else "")


def stats_sections(data: dict[str, Any]) -> list[Section]:
    """`kg stats`: nodes per type and edges per relation."""
    return [
        Section(
            f"{data['nodes']} nodes, {data['edges']} edges",
            ["kind", "name", "count"],
            [["node", k, str(v)] for k, v in data["node_types"].items()]
            + [["edge", k, str(v)] for k, v in data["relations"].items()],
        )
    ]


def edges_section(title: str, edges: list[dict[str, Any]], side: str) -> Section:
    """Edges of one node (`side` = 'target' for edges out, 'source' for edges in), with a quote each."""
    return Section(
        title,
        ["relation", "node", "weight", "evidence"],
        [[e["type"], e[f"{side}_label"], str(e["weight"]), cite(e["evidence"])] for e in edges],
    )


def node_sections(info: dict[str, Any]) -> list[Section]:
    """`kg show NODE`: its attributes, then its edges out and in."""
    attrs = [
        [key, ", ".join(map(str, value)) if isinstance(value, list) else str(value)]
        for key, value in info.items()
        if key not in ("label", "out", "in") and value not in (None, [], "")
    ]
    return [
        Section(str(info.get("label", info["id"])), ["attribute", "value"], attrs),
        edges_section("out", info["out"], "target"),
        edges_section("in", info["in"], "source"),
    ]
