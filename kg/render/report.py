"""Query answers -> sections of rows, printed as rich tables (terminal) or markdown tables (docs)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from kg.links import last_segment
from kg.summary import best

if TYPE_CHECKING:
    from kg.query import Comparison

QUOTE_WIDTH = 90
SHORT_WORDS = {"a", "an", "and", "the", "to", "of", "in", "on", "for", "with", "or", "by", "at", "as"}


@dataclass
class Section:
    """One table of an answer: a title, column headers and rows of text.

    `bullets` makes it a list (one cell per row) rather than a table; `notes` are lines shown above it.
    """

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "(none)"
    bullets: bool = False
    notes: list[str] = field(default_factory=list)


def slug(post: str) -> str:
    """A post's short name: 'post:/blog/what-is-a-product-engineer' -> 'what-is-a-product-engineer'."""
    return last_segment(str(post).removeprefix("post:"))


def where(ev: dict[str, Any], names: Mapping[str, str] | None = None) -> str:
    """Where a piece of evidence is: 'what-is-a-product-engineer:12' (or 'p2:12' with short `names`)."""
    post = slug(ev.get("post", ""))
    return f"{(names or {}).get(post, post)}:{ev.get('line', '?')}"


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ings", "ing", "ment", "ation", "ions", "ion", "ies", "ers", "er", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _same(a: str, b: str) -> bool:
    """Two stems of one word ('manag' of 'managers', 'manage' of 'management')."""
    short, long = sorted((a, b), key=len)
    return len(short) >= 3 and long.startswith(short)


def stems(*names: str) -> list[str]:
    """The stems of the content words of names ('talking to users' -> ['talk', 'user']), to find them in text."""
    found = [
        _stem(w)
        for name in names
        for w in re.findall(r"[0-9A-Za-z]+", str(name))
        if w.lower() not in SHORT_WORDS
    ]
    return list(dict.fromkeys(found))


def cut(text: str, words: Iterable[str] = (), width: int = QUOTE_WIDTH, also: Iterable[str] = ()) -> str:
    """`text` cut to about `width` characters around the words with the stems in `words` (the fact's,
    e.g. the skill's) and `also` (counting less, e.g. the role's), with an ellipsis on each cut side."""
    text = " ".join(str(text).split())
    if len(text) <= width:
        return text
    weights = {**{w: 1 for w in also}, **{w: 3 for w in words}}
    tokens = [(m.start(), m.end(), _stem(m.group())) for m in re.finditer(r"[0-9A-Za-z']+", text)]
    hits = [
        (s, e, max((w for w in weights if _same(stem, w)), key=weights.get, default=None))
        for s, e, stem in tokens
    ]
    room = width - 2  # the ellipses

    def score(start: int) -> int:
        inside = [w for s, e, w in hits if w and s >= start and e <= start + room]
        # each of the fact's words counts, the role's only once
        return sum(weights[w] for w in inside if weights[w] > 1) + len({w for w in inside if weights[w] == 1})

    starts = [s for s, _e, _w in tokens]
    best_start = max(starts, key=lambda s: (score(s), -s))
    # move back over words the window does not need, so the cut shows what leads up to the match
    used = [e for s, e, w in hits if w and s >= best_start and e <= best_start + room]
    last = max(used) if used else best_start + room
    earlier = [s for s in starts if s <= best_start and last - s <= room]
    best_start = min(earlier) if earlier else best_start
    end = min(len(text), best_start + room)
    if end < len(text):
        space = text.rfind(" ", best_start, end + 1)
        end = space if space > best_start else end
    shown = text[best_start:end].strip(" ,;:")
    return ("…" if best_start > 0 else "") + shown + ("…" if end < len(text) else "")


def quote(
    ev: dict[str, Any] | None, width: int = QUOTE_WIDTH, words: Iterable[str] = (), also: Iterable[str] = ()
) -> str:
    """A short quote of the sentence behind a fact, cut at word boundaries around `words` and `also` (stems)."""
    if not ev:
        return ""
    return f"“{cut(str(ev.get('text', '')), words, width, also)}”"


def cite(
    evidence: list[dict[str, Any]],
    name: str = "",
    others: Iterable[str] = (),
    words: Iterable[str] = (),
    names: Mapping[str, str] | None = None,
    full: bool = False,
    also: Iterable[str] = (),
) -> str:
    """One quote (see `best`) with where it is and how many more sentences say the same; with `full`,
    every sentence whole, one a line."""
    if full:
        return "\n".join(
            f"“{' '.join(str(ev.get('text', '')).split())}” — {where(ev, names)}" for ev in evidence
        )
    ev = best(evidence, name, others)
    if ev is None:
        return ""
    more = f" (+{len(evidence) - 1} more)" if len(evidence) > 1 else ""
    return f"{quote(ev, words=words, also=also)} — {where(ev, names)}{more}"


def short_names(cmp: Comparison, width: int | None) -> dict[str, str]:
    """Short names for the posts ('p1', 'p2', ...) when `post:line` would not fit a column of a
    `width`-wide table (none for markdown or a wide terminal)."""
    if width is None:
        return {}
    posts = [slug(p["id"]) for p in cmp.posts]
    budget = (width - 24) // max(len(cmp.roles), 1) - 4
    if not posts or max(len(p) + 5 for p in posts) <= budget:
        return {}
    return {p: f"p{i}" for i, p in enumerate(posts, 1)}


def legend(names: Mapping[str, str]) -> str:
    """The line that says which post each short name stands for."""
    return "posts: " + ", ".join(f"{short} = {post}" for post, short in names.items())


def summary_section(cmp: Comparison, names: Mapping[str, str] | None = None, full: bool = False) -> Section:
    """The key differences, each sentence with its strongest evidence; the warnings above them."""
    rows = []
    for item in cmp.summary:
        evidence = item["evidence"]
        if full:
            shown = "\n".join(
                f"“{' '.join(str(ev['text']).split())}” — {where(ev, names)}" for ev in evidence
            )
            rows.append([item["text"] + ("\n" + shown if shown else "")])
        elif evidence:
            ev = evidence[0]
            words = stems(item["text"])  # the skills and roles the sentence names
            rows.append([f"{item['text']} {quote(ev, words=words)} ({where(ev, names)})"])
        else:
            rows.append([item["text"]])
    return Section(
        "Key differences",
        ["key differences"],
        rows,
        empty="(the posts state no differences)",
        bullets=True,
        notes=[f"warning: {w}" for w in cmp.warnings],
    )


def comparison_sections(cmp: Comparison, full: bool = False, width: int | None = None) -> list[Section]:
    """Key differences, skills every role has (and those one does more), skills only one has, skills
    some have, what the posts say a role does not do, tools, stage by stage and companies.

    `full` quotes every sentence whole; `width` is the terminal's, for short post names when needed.
    """
    names = short_names(cmp, width)
    labels = [cmp.labels[r] for r in cmp.roles]
    both = "both" if len(cmp.roles) == 2 else "all of them"

    def cell(entry: dict[str, Any], role: str) -> str:
        words = stems(entry["label"], *entry.get("aliases", []))
        also = stems(cmp.labels[role])
        return cite(entry["roles"][role], cmp.labels[role], _others(cmp, role), words, names, full, also)

    def side_by_side(title: str, entries: list[dict[str, Any]]) -> Section:
        return Section(
            title, ["skill", *labels], [[s["label"], *(cell(s, r) for r in cmp.roles)] for s in entries]
        )

    sections = [summary_section(cmp, names, full)]
    sections.append(side_by_side(f"Skills {both} have", [s for s in cmp.shared() if not s.get("more")]))
    more: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for s in cmp.shared():
        if s.get("more"):
            more.setdefault(tuple(s["more"]), []).append(s)
    for roles, entries in more.items():
        sections.append(
            side_by_side(f"{both.capitalize()}, {' and '.join(cmp.labels[r] for r in roles)} more", entries)
        )
    for role, name in zip(cmp.roles, labels, strict=True):
        only = [s for s in cmp.skills if list(s["roles"]) == [role]]
        sections.append(
            Section(
                f"Only {name}",
                ["skill", "evidence"] if full else ["skill", "evidence", "post"],
                [
                    [s["label"], cell(s, role)]
                    if full
                    else [
                        s["label"],
                        quote(
                            best(s["roles"][role], name, _others(cmp, role)),
                            words=stems(s["label"]),
                            also=stems(name),
                        ),
                        _where_all(s, role, names),
                    ]
                    for s in only
                ],
            )
        )
    if len(cmp.roles) > 2:
        some = [(s["label"], s["roles"], next(iter(s["roles"].values()))) for s in cmp.some()]
        sections.append(_held_by(cmp, "Some of them", "skill", some, names, full))
    denied = [(s, r) for s in cmp.skills for r in cmp.roles if r in (s.get("not") or {})]
    if denied:
        sections.append(
            Section(
                "Said not to",
                ["skill", "role", "evidence"],
                [
                    [
                        s["label"],
                        cmp.labels[r],
                        cite(
                            s["not"][r],
                            cmp.labels[r],
                            _others(cmp, r),
                            stems(s["label"]),
                            names,
                            full,
                        ),
                    ]
                    for s, r in denied
                ],
            )
        )
    if cmp.tools:
        tools = [
            (t["label"], t["roles"], [ev for evs in t["roles"].values() for ev in evs]) for t in cmp.tools
        ]
        sections.append(_held_by(cmp, "Tools", "tool", tools, names, full))
    if cmp.stages:
        several_posts = len({st["post"] for st in cmp.stages}) > 1  # then say whose stage each row is
        sections.append(
            Section(
                "Stage by stage",
                ["#", "stage", *labels],
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
        sections.append(_held_by(cmp, "Companies", "company", companies, names, full))
    return sections


def _held_by(
    cmp: Comparison,
    title: str,
    header: str,
    items: list[tuple[str, Iterable[str], list[dict[str, Any]]]],
    names: Mapping[str, str] | None = None,
    full: bool = False,
) -> Section:
    """Things held by some of the compared roles: each with those roles and a quote."""
    return Section(
        title,
        [header, "roles", "evidence"],
        [
            [
                label,
                ", ".join(cmp.labels[r] for r in roles),
                cite(evidence, words=stems(label), names=names, full=full),
            ]
            for label, roles, evidence in items
        ],
    )


def _others(cmp: Comparison, role: str) -> list[str]:
    return [label for r, label in cmp.labels.items() if r != role]


def _where_all(skill: dict[str, Any], role: str, names: Mapping[str, str] | None = None) -> str:
    evidence = skill["roles"][role]
    places = list(dict.fromkeys(where(ev, names) for ev in evidence))
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
    """`kg skills ROLE`: the role's skills with weight, stages and a quote; its levels' skills marked."""
    leveled = any(r.get("level") for r in rows)
    return Section(
        f"Skills of {role_label}" + (" and its levels" if leveled else ""),
        ["skill", *(["level"] if leveled else []), "weight", "stages", "evidence"],
        [
            [
                r["label"],
                *([str(r.get("level") or "")] if leveled else []),
                str(r["weight"]),
                ", ".join(r["stage_labels"]),
                cite(r["evidence"], words=stems(r["label"]), also=stems(role_label)),
            ]
            for r in rows
        ],
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


def to_rich(section: Section) -> RenderableType:
    """A section as a rich table; cells are plain text, so a quoted `[b]` stays as written.

    Columns wrap at spaces; a cell with no space (an id, a `post:line`) is never cut inside.
    """
    table = Table(
        title=Text(section.title),
        title_justify="left",
        show_lines=section.bullets,
        show_header=not section.bullets,
    )
    unbroken = [
        max((len(word) for row in section.rows for word in str(row[i]).split() if ":" in word), default=0)
        for i in range(len(section.headers))
    ]
    for header, keep in zip(section.headers, unbroken, strict=True):
        table.add_column(Text(header), overflow="fold", min_width=keep or None)
    for row in section.rows:
        table.add_row(*(Text(("• " if section.bullets else "") + cell) for cell in row))
    if not section.rows:
        table.add_row(Text(section.empty), *[""] * (len(section.headers) - 1))
    if section.notes:
        return Group(*(Text(note) for note in section.notes), table)
    return table


def _cell(text: str) -> str:
    return (
        "<br>".join(" ".join(part.split()) for part in str(text).split("\n"))
        .replace("\\", "\\\\")
        .replace("|", "\\|")
    )


def to_markdown(section: Section, level: int = 3) -> str:
    """A section as a markdown heading and a pipe table (pipes in cells escaped), or a list."""
    lines = [f"{'#' * level} {section.title}", ""]
    lines += [f"> {note}" for note in section.notes] + ([""] if section.notes else [])
    if not section.rows:
        return "\n".join([*lines, section.empty, ""])
    if section.bullets:
        lines += ["- " + _cell(row[0]) for row in section.rows]
        return "\n".join([*lines, ""])
    lines.append("| " + " | ".join(_cell(h) for h in section.headers) + " |")
    lines.append("|" + "|".join("---" for _ in section.headers) + "|")
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in section.rows]
    return "\n".join([*lines, ""])


def comparison_markdown(cmp: Comparison, full: bool = False) -> str:
    """The whole comparison as markdown: a heading, then each section's table."""
    title = " vs ".join(cmp.labels[r] for r in cmp.roles) + (f" (stage {cmp.stage})" if cmp.stage else "")
    body = "\n".join(to_markdown(s) for s in comparison_sections(cmp, full))
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
