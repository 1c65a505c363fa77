"""The key differences of a comparison in a few plain sentences, each from the facts behind it.

Computed from a Comparison's skill entries only (what one role alone is credited with, what all have
but one more, what the posts say a role does not do, what all share), so no sentence says anything
the rows do not; rendering the sentences is kg.render.report's job.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.query import Comparison

MAX_SENTENCES = 5
PER_SENTENCE = 3  # skills named in one sentence


def best(evidence: list[dict[str, Any]], name: str = "", others: Iterable[str] = ()) -> dict[str, Any] | None:
    """The sentence to quote: one naming `name` and none of `others` (other roles), else one naming
    none of them, else the first (evidence comes best first)."""
    if not evidence:
        return None
    others = [o.lower() for o in others if o]

    def names(ev: dict[str, Any], key: str) -> bool:
        return bool(key) and key in str(ev.get("text", "")).lower()

    clean = [ev for ev in evidence if not any(names(ev, o) for o in others)]
    return next((ev for ev in clean if names(ev, name.lower())), (clean or evidence)[0])


def plural(label: str) -> str:
    """'product engineer' -> 'product engineers', 'vice president of engineering' -> 'vice presidents of ...'."""
    head, sep, tail = label.partition(" of ")
    if head.endswith("person"):
        head = head[: -len("person")] + "people"
    elif head.endswith("y") and head[-2:-1] not in ("a", "e", "o", "u"):
        head = head[:-1] + "ies"
    elif head.endswith(("s", "sh", "ch", "x")):
        head += "es"
    else:
        head += "s"
    return head + sep + tail


def listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _posts(entries: list[dict[str, Any]], roles: Iterable[str]) -> set[str]:
    roles = list(roles)
    return {ev.get("post") for e in entries for r in roles for ev in e["roles"].get(r, []) if ev.get("post")}


def _statements(entries: list[dict[str, Any]], roles: Iterable[str]) -> int:
    roles = list(roles)
    return sum(len(e["roles"].get(r, [])) for e in entries for r in roles)


def _counted(entries: list[dict[str, Any]], roles: Iterable[str]) -> str:
    roles = list(roles)
    n, posts = _statements(entries, roles), len(_posts(entries, roles))
    return f"{n} statement{'s' * (n != 1)} in {posts} post{'s' * (posts != 1)}"


def _ranked(entries: list[dict[str, Any]], roles: list[str]) -> list[dict[str, Any]]:
    """Most stated first, then said in the most posts."""
    return sorted(entries, key=lambda e: (-_statements([e], roles), -len(_posts([e], roles)), e["label"]))


def _others(cmp: Comparison, role: str) -> list[str]:
    return [label for r, label in cmp.labels.items() if r != role]


def summarize(cmp: Comparison) -> list[dict[str, Any]]:
    """At most five sentences ({"text", "evidence"}), strongest difference first, each with its evidence."""
    out: list[dict[str, Any]] = []
    everyone = "Both" if len(cmp.roles) == 2 else "All of them"
    for role in cmp.roles:
        only = _ranked([s for s in cmp.skills if list(s["roles"]) == [role]], [role])[:PER_SENTENCE]
        if only:
            name = cmp.labels[role]
            out.append(
                {
                    "text": f"Only {plural(name)} are credited with "
                    f"{listing([s['label'] for s in only])} ({_counted(only, [role])}).",
                    "evidence": [best(s["roles"][role], name, _others(cmp, role)) for s in only],
                }
            )
    shared = [s for s in cmp.skills if len(s["roles"]) == len(cmp.roles)]
    more: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for s in shared:
        if s.get("more"):
            more.setdefault(tuple(s["more"]), []).append(s)
    for roles, entries in more.items():
        entries = _ranked(entries, list(roles))[:PER_SENTENCE]
        evidence = [
            cmp.emphasis.get(s["id"], [None])[0]
            or best(s["roles"][roles[0]], cmp.labels[roles[0]], _others(cmp, roles[0]))
            for s in entries
        ]
        out.append(
            {
                "text": f"{everyone} are credited with {listing([s['label'] for s in entries])}, "
                f"{listing([plural(cmp.labels[r]) for r in roles])} more.",
                "evidence": evidence,
            }
        )
    for role in cmp.roles:
        denied = [s for s in cmp.skills if role in (s.get("not") or {})][:PER_SENTENCE]
        if denied:
            out.append(
                {
                    "text": f"The posts say {plural(cmp.labels[role])} do not take on "
                    f"{listing([s['label'] for s in denied])}.",
                    "evidence": [s["not"][role][0] for s in denied if s["not"][role]],
                }
            )
    plain = _ranked([s for s in shared if not s.get("more")], list(cmp.roles))[:PER_SENTENCE]
    if plain:
        out.append(
            {
                "text": f"{everyone} are credited with {listing([s['label'] for s in plain])} "
                f"({_counted(plain, cmp.roles)}).",
                "evidence": [s["roles"][cmp.roles[0]][0] for s in plain if s["roles"][cmp.roles[0]]],
            }
        )
    return [{"text": s["text"], "evidence": [dict(ev) for ev in s["evidence"] if ev]} for s in out][
        :MAX_SENTENCES
    ]


def warn(cmp: Comparison, stated: dict[str, int]) -> list[str]:
    """One line per compared role the posts give fewer than three skills, with how many posts mention it."""
    lines = []
    for role in cmp.roles:
        count = stated.get(role, 0)
        if count >= 3:
            continue
        posts = cmp.role_posts.get(role, 0)
        mention = f"{posts} post{'s' * (posts != 1)} mention{'s' * (posts == 1)} the role"
        what = "no skills" if count == 0 else f"only {count} skill{'s' * (count != 1)}"
        lines.append(f"The posts state {what} of {plural(cmp.labels[role])} ({mention}).")
    return lines
