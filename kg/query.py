"""Pure functions on the graph: find nodes, describe them, and answer questions. No spaCy here.

`graph` is an nx.MultiDiGraph, or kg.index's Subgraph, which has the same read API for the functions
that ask about a few nodes (all but `stats` and `path`).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import networkx as nx


class NotFound(LookupError):
    """A name that matches no node; carries the closest known names."""

    def __init__(self, name: str, kind: str | None, suggestions: list[str], known: int = 1) -> None:
        what = kind or "node"
        if suggestions:
            hint = f"; did you mean: {', '.join(suggestions)}?"
        elif not known:
            hint = f"; the graph has no {what} nodes"
        else:
            hint = ""
        super().__init__(f"no {what} named {name!r}{hint}")
        self.name = name
        self.kind = kind
        self.suggestions = suggestions


def _lookup_key(text: str) -> str:
    """What a typed name is looked up by: its letters and digits, lower-cased ('Full-Stack!' ->
    'fullstack', 'incident.io' -> 'incidentio'). Not kg.extract.rules.squash, which keeps the
    punctuation that tells names apart in the text ('incident.io') and removes only spaces and hyphens."""
    return re.sub(r"[^0-9a-z]", "", str(text).lower())


def _singulars(key: str) -> set[str]:
    """A squashed name and its singular forms: 'companies' -> {'companies', 'companie', 'company'}."""
    forms = {key}
    if key.endswith("s"):
        forms.add(key[:-1])
    if key.endswith("ies"):
        forms.add(key[:-3] + "y")
    return forms


def _keys(node_id: str, data: dict[str, Any]) -> set[str]:
    url = str(data.get("url") or "")
    names = [
        node_id,
        node_id.split(":", 1)[-1],
        data.get("label", ""),
        url,
        url.rstrip("/").rsplit("/", 1)[-1],
    ]
    names += list(data.get("aliases") or [])
    keys = set()
    for name in names:
        key = _lookup_key(name)
        if key:
            keys |= _singulars(key)
    return keys


def _initials(label: str) -> str:
    words = re.findall(r"[0-9a-z]+", str(label).lower())
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def _best(graph: nx.MultiDiGraph, hits: list[str], degree: Mapping[str, int] | None) -> str:
    # prefer corpus posts and the best-connected node when several share a name
    links = degree.get if degree is not None else graph.degree
    return max(hits, key=lambda n: (graph.nodes[n].get("in_corpus", False), links(n), n))


def find_node(
    graph: nx.MultiDiGraph, name: str, kind: str | None = None, degree: Mapping[str, int] | None = None
) -> str:
    """The id of the node called `name` (id, label, alias, plural, URL, initials), optionally of one type.

    `degree` gives each node's degree when `graph` holds the candidates without their edges.
    """
    if name in graph and (kind is None or graph.nodes[name].get("type") == kind):
        return name
    if kind and f"{kind}:{name}" in graph:
        return f"{kind}:{name}"
    wanted = _singulars(_lookup_key(name))
    wanted.discard("")
    candidates = [(n, d) for n, d in graph.nodes(data=True) if kind is None or d.get("type") == kind]
    hits = [n for n, d in candidates if _keys(n, d) & wanted]
    if hits:
        return _best(graph, hits, degree)
    # 'pm' / 'PMs' for a product manager when no alias says so: only when the initials are unambiguous
    by_initials = [
        n for n, d in candidates if d.get("type") == "role" and _initials(d.get("label", "")) in wanted
    ]
    if len(by_initials) == 1:
        return by_initials[0]
    labels = {str(d.get("label", n)): n for n, d in candidates}
    squashed = {_lookup_key(label): label for label in labels}
    close = [
        squashed[k] for k in difflib.get_close_matches(_lookup_key(name), list(squashed), n=5, cutoff=0.6)
    ]
    close += [label for label in difflib.get_close_matches(name, list(labels), n=5, cutoff=0.5)]
    close += [str(graph.nodes[n].get("label", n)) for n in sorted(by_initials)]
    raise NotFound(name, kind, list(dict.fromkeys(close))[:5], known=len(candidates))


def stats(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """Counts of nodes per type and edges per relation."""
    nodes = Counter(d.get("type", "?") for _, d in graph.nodes(data=True))
    edges = Counter(k for _, _, k in graph.edges(keys=True))
    return {
        "nodes": graph.number_of_nodes(),
        "edges": graph.number_of_edges(),
        "node_types": dict(sorted(nodes.items())),
        "relations": dict(sorted(edges.items())),
        "graph": dict(graph.graph),
    }


def _edge_view(graph: nx.MultiDiGraph, source: str, target: str, key: str, data: dict) -> dict[str, Any]:
    return {
        "source": source,
        "target": target,
        "type": key,
        "source_label": graph.nodes[source].get("label", source),
        "target_label": graph.nodes[target].get("label", target),
        "weight": data.get("weight", 1),
        "evidence": data.get("evidence", []),
        **({"stages": data["stages"]} if data.get("stages") else {}),
    }


def node_info(graph: nx.MultiDiGraph, node: str) -> dict[str, Any]:
    """A node with its attributes and every edge in and out, with evidence."""
    data = dict(graph.nodes[node])
    out = [_edge_view(graph, node, v, k, d) for _, v, k, d in graph.out_edges(node, keys=True, data=True)]
    inc = [_edge_view(graph, u, node, k, d) for u, _, k, d in graph.in_edges(node, keys=True, data=True)]
    return {"id": node, **data, "out": out, "in": inc}


def links(graph: nx.MultiDiGraph, post: str) -> dict[str, Any]:
    """A post's outgoing and incoming `links_to` edges."""
    info = node_info(graph, post)
    return {
        "id": post,
        "label": info.get("label"),
        "out": [e for e in info["out"] if e["type"] == "links_to"],
        "in": [e for e in info["in"] if e["type"] == "links_to"],
    }


# --- roles and skills -------------------------------------------------------------------------


def _label(graph: nx.MultiDiGraph, node: str) -> str:
    return str(graph.nodes[node].get("label", node)) if node in graph else node


def _posts_of(graph: nx.MultiDiGraph, node: str) -> set[str]:
    """Posts that say something about `node`: evidence on its edges and posts that mention it."""
    posts: set[str] = set()
    for u, _v, k, d in [
        *graph.in_edges(node, keys=True, data=True),
        *graph.out_edges(node, keys=True, data=True),
    ]:
        posts.update(ev["post"] for ev in d.get("evidence") or [] if ev.get("post"))
        if k == "mentions" and graph.nodes[u].get("type") == "post":
            posts.add(u)
    return posts


def roles(graph: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Every role with how many skills, stages and posts back it, best-supported first."""
    rows = []
    for node, data in graph.nodes(data=True):
        if data.get("type") != "role":
            continue
        out = Counter(k for _, _, k in graph.out_edges(node, keys=True))
        rows.append(
            {
                "id": node,
                "label": data.get("label", node),
                "aliases": list(data.get("aliases") or []),
                "skills": out["has_skill"],
                "stages": out["active_in"],
                "posts": len(_posts_of(graph, node)),
                "edges": graph.degree(node),
            }
        )
    return sorted(rows, key=lambda r: (-r["posts"], -r["skills"], -r["edges"], r["label"]))


def _has_skill(graph: nx.MultiDiGraph, role: str) -> list[tuple[str, dict[str, Any]]]:
    return [(v, d) for _, v, k, d in graph.out_edges(role, keys=True, data=True) if k == "has_skill"]


def levels(graph: nx.MultiDiGraph, role: str) -> dict[str, str]:
    """The roles that are levels of `role` (`level_of` edges into it: staff engineer -> engineer) -> level."""
    return {
        u: str(d.get("level") or _label(graph, u))
        for u, _, k, d in graph.in_edges(role, keys=True, data=True)
        if k == "level_of"
    }


def _skill_rows(graph: nx.MultiDiGraph, role: str) -> list[dict[str, Any]]:
    rows = []
    for skill, data in _has_skill(graph, role):
        stages = list(data.get("stages") or [])
        rows.append(
            {
                "id": skill,
                "label": _label(graph, skill),
                "weight": data.get("weight", 1),
                "stages": stages,
                "stage_labels": [_label(graph, s) for s in stages],
                "evidence": list(data.get("evidence") or []),
            }
        )
    return sorted(rows, key=lambda r: (-r["weight"], r["label"]))


def skills(graph: nx.MultiDiGraph, role: str) -> list[dict[str, Any]]:
    """The skills the posts give `role` (has_skill edges), most-stated first, with evidence; then those
    of its levels (roles with a `level_of` edge to it), each row marked with its `level` and `role`.

    A level's edges are read only when `graph` holds them (kg.api asks the index for them).
    """
    rows = _skill_rows(graph, role)
    for level_role, level in sorted(levels(graph, role).items(), key=lambda kv: (kv[1], kv[0])):
        if level_role in graph:
            for row in _skill_rows(graph, level_role):
                rows.append({**row, "level": level, "role": level_role})
    return rows


# --- compare ----------------------------------------------------------------------------------


@dataclass
class Comparison:
    """Roles side by side: each skill with the evidence for every role that has it, stage by stage.

    `to_dict()` is the compare JSON of DESIGN.md. Methods that take a role accept what the CLI
    accepts: an id, its tail, the label, a plural or an alias (`cmp.only("pm")`).
    """

    roles: list[str]
    labels: dict[str, str]
    skills: list[dict[str, Any]]
    stages: list[dict[str, Any]]
    companies: dict[str, dict[str, Any]]
    posts: list[dict[str, Any]]
    tools: list[dict[str, Any]] = field(default_factory=list)
    summary: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    role_nodes: dict[str, dict[str, Any]] = field(default_factory=dict)  # the roles' attributes, for names
    role_posts: dict[str, int] = field(default_factory=dict)  # how many posts say anything of each role
    emphasis: dict[str, list[dict[str, Any]]] = field(
        default_factory=dict
    )  # skill -> sentences saying "more"
    stage: str | None = None  # the stage the comparison is limited to, if any

    def to_dict(self) -> dict[str, Any]:
        """The compare JSON: roles, summary, warnings, skills, tools, stages, companies, posts."""
        return {
            "roles": list(self.roles),
            **({"stage": self.stage} if self.stage else {}),
            "summary": self.summary,
            "warnings": self.warnings,
            "skills": self.skills,
            "tools": self.tools,
            "stages": self.stages,
            "companies": self.companies,
            "posts": self.posts,
        }

    def role(self, name: str) -> str:
        """The id of the compared role called `name` (NotFound, with suggestions, if none is)."""
        if name in self.roles:
            return name
        nodes = _Nodes(
            {r: self.role_nodes.get(r) or {"type": "role", "label": self.labels[r]} for r in self.roles}
        )
        return find_node(nodes, name, "role", degree=dict.fromkeys(self.roles, 0))

    def shared(self) -> list[dict[str, Any]]:
        """Skills every compared role has."""
        return [s for s in self.skills if len(s["roles"]) == len(self.roles)]

    def both(self) -> list[dict[str, Any]]:
        """Skills every compared role has (the same as `shared`)."""
        return self.shared()

    def only(self, role: str) -> list[dict[str, Any]]:
        """Skills only `role` has."""
        rid = self.role(role)
        return [s for s in self.skills if list(s["roles"]) == [rid]]

    def more(self, role: str) -> list[dict[str, Any]]:
        """Skills every role has and the posts say `role` does more."""
        rid = self.role(role)
        return [s for s in self.shared() if rid in s.get("more", [])]

    def denied(self, role: str | None = None) -> list[dict[str, Any]]:
        """Skills the posts say a role (`role`, or any compared role) does not do."""
        rid = self.role(role) if role is not None else None
        return [s for s in self.skills if s.get("not") and (rid is None or rid in s["not"])]

    def some(self) -> list[dict[str, Any]]:
        """Skills more than one but not every role has (only with three roles or more)."""
        return [s for s in self.skills if 1 < len(s["roles"]) < len(self.roles)]


class _Nodes(dict):
    """A few nodes with the read API find_node uses (`in`, `.nodes[n]`, `.nodes(data=True)`)."""

    @property
    def nodes(self) -> _Nodes:
        return self

    def __call__(self, data: bool = False) -> list:
        return list(self.items()) if data else list(self)


def _entry(graph: nx.MultiDiGraph, rows: dict[str, dict[str, Any]], node: str) -> dict[str, Any]:
    return rows.setdefault(
        node,
        {
            "id": node,
            "label": _label(graph, node),
            "aliases": list(graph.nodes[node].get("aliases") or []),
            "roles": {},
        },
    )


def _sorted_rows(
    rows: dict[str, dict[str, Any]], role_ids: list[str], weight: Counter
) -> list[dict[str, Any]]:
    order = {r: i for i, r in enumerate(role_ids)}
    out = sorted(rows.values(), key=lambda s: (-len(s["roles"]), -weight[s["id"]], s["label"]))
    for entry in out:
        entry["roles"] = dict(sorted(entry["roles"].items(), key=lambda kv: order[kv[0]]))
        if "not" in entry:
            entry["not"] = dict(sorted(entry["not"].items(), key=lambda kv: order[kv[0]]))
    return out


def _degree(entry: dict[str, Any], emphasis: dict[str, str], role_ids: list[str]) -> None:
    """Set `more` on a skill entry: roles said to do it more, or that have it beside a role said to do it less."""
    held = [r for r in role_ids if r in entry["roles"]]
    more = [r for r in held if emphasis.get(r) == "more"]
    if any(emphasis.get(r) == "less" for r in held):
        more += [r for r in held if emphasis.get(r) != "less" and r not in more]
    if more and len(more) < len(role_ids):
        entry["more"] = [r for r in role_ids if r in more]


def _stages_named(graph: nx.MultiDiGraph, role_ids: list[str], name: str) -> set[str]:
    """The stages of the compared roles' edges called `name`: a stage id, its order ('2') or its label."""
    known: dict[str, dict[str, Any]] = {}
    for role in role_ids:
        for _, target, key, data in graph.out_edges(role, keys=True, data=True):
            for stage in [*(data.get("stages") or []), *([target] if key == "active_in" else [])]:
                known[stage] = dict(graph.nodes[stage]) if stage in graph else {}
    wanted = _lookup_key(name).removeprefix("stage")
    found = {
        s
        for s, d in known.items()
        if s == name or wanted in (str(d.get("order")), _lookup_key(d.get("label", "")), _lookup_key(s))
    }
    if not found:
        labels = sorted({f"{d.get('order')} {d.get('label', s)}" for s, d in known.items()})
        raise NotFound(name, "stage", labels[:5], known=len(known))
    return found


def compare(graph: nx.MultiDiGraph, role_ids: list[str], stage: str | None = None) -> Comparison:
    """Compare roles (node ids): a skill is listed under a role only if a has_skill edge says so.

    With `stage` (a stage id, order or label), only what the posts place in that stage.
    """
    from kg.summary import summarize, warn

    role_ids = list(dict.fromkeys(role_ids))
    in_stage = _stages_named(graph, role_ids, stage) if stage is not None else None
    by_skill: dict[str, dict[str, Any]] = {}
    by_tool: dict[str, dict[str, Any]] = {}
    weight: Counter = Counter()
    emphasis: dict[str, dict[str, str]] = {}
    said_more: dict[str, list[dict[str, Any]]] = {}
    stage_skills: dict[str, dict[str, list[str]]] = {}
    cited: set[str] = set()
    for role in role_ids:
        for _, target, key, data in graph.out_edges(role, keys=True, data=True):
            evidence = [dict(ev) for ev in data.get("evidence") or []]
            stages = list(data.get("stages") or [])
            if in_stage is not None:
                if key in ("has_skill", "uses") and not in_stage & set(stages):
                    continue
                if key == "active_in" and target not in in_stage:
                    continue
                stages = [s for s in stages if s in in_stage]
            if key in ("has_skill", "uses", "not_skill"):
                cited.update(ev["post"] for ev in evidence if ev.get("post"))
            if key == "has_skill" or key == "uses":
                entry = _entry(graph, by_skill if key == "has_skill" else by_tool, target)
                entry["roles"][role] = evidence
                weight[target] += data.get("weight", len(evidence))
                if data.get("emphasis") in ("more", "less"):
                    emphasis.setdefault(target, {})[role] = data["emphasis"]
                    for ev in data.get("emphasis_evidence") or []:
                        if ev not in said_more.setdefault(target, []):
                            said_more[target].append(dict(ev))
                for st in stages:
                    stage_skills.setdefault(st, {}).setdefault(role, []).append(entry["label"])
            elif key == "not_skill" and in_stage is None:
                _entry(graph, by_skill, target).setdefault("not", {})[role] = evidence
            elif key == "active_in":
                stage_skills.setdefault(target, {}).setdefault(role, [])
                cited.update(ev["post"] for ev in evidence if ev.get("post"))
    for skill, entry in by_skill.items():
        _degree(entry, emphasis.get(skill, {}), role_ids)
    skill_rows = _sorted_rows(by_skill, role_ids, weight)
    tool_rows = _sorted_rows(by_tool, role_ids, weight)
    stage_rows = []
    for st, held in stage_skills.items():
        data = graph.nodes[st] if st in graph else {}
        stage_rows.append(
            {
                "id": st,
                "label": data.get("label", st),
                "order": data.get("order"),
                "post": data.get("post"),
                "roles": {r: sorted(set(held[r])) for r in role_ids if r in held},
            }
        )
    stage_rows.sort(
        key=lambda s: (str(s["post"] or ""), s["order"] if s["order"] is not None else 1e9, s["id"])
    )
    companies: dict[str, dict[str, Any]] = {}
    if in_stage is None:
        companies, company_posts = _companies(graph, role_ids)
        cited |= company_posts
    posts = [
        {
            "id": p,
            "title": graph.nodes[p].get("title") or _label(graph, p),
            "url": graph.nodes[p].get("url"),
        }
        for p in sorted(cited)
        if p in graph
    ]
    cmp = Comparison(
        role_ids,
        {r: _label(graph, r) for r in role_ids},
        skill_rows,
        stage_rows,
        companies,
        posts,
        tool_rows,
        role_nodes={r: dict(graph.nodes[r]) for r in role_ids if r in graph},
        role_posts={r: len(_posts_of(graph, r)) for r in role_ids if r in graph},
        emphasis={k: v for k, v in said_more.items() if k in by_skill},
        stage=stage,
    )
    cmp.summary = summarize(cmp)
    cmp.warnings = warn(cmp, {r: sum(1 for _ in _has_skill(graph, r)) for r in role_ids})
    return cmp


def _companies(graph: nx.MultiDiGraph, role_ids: list[str]) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Companies tied to a compared role by any edge (hires, mentions...), with that evidence, and
    the posts that evidence cites."""
    found: dict[str, dict[str, Any]] = {}
    cited: set[str] = set()
    for role in role_ids:
        edges = [*graph.in_edges(role, keys=True, data=True), *graph.out_edges(role, keys=True, data=True)]
        for u, v, key, data in edges:
            other = v if u == role else u
            if graph.nodes[other].get("type") != "company":
                continue
            entry = found.setdefault(
                other,
                {"label": _label(graph, other), "url": graph.nodes[other].get("url"), "roles": {}},
            )
            evidence = entry["roles"].setdefault(role, [])
            for ev in data.get("evidence") or []:
                if {**ev, "relation": key} not in evidence:
                    evidence.append({**ev, "relation": key})
                    cited.add(ev.get("post", ""))
    cited.discard("")
    return dict(sorted(found.items())), cited


# --- neighbours and paths -----------------------------------------------------------------------


def neighbors(graph: nx.MultiDiGraph, node: str, kind: str | None = None) -> list[dict[str, Any]]:
    """Every edge between `node` and its neighbours (of type `kind` if given), strongest first."""
    rows = []
    info = node_info(graph, node)
    for e in info["out"] + info["in"]:
        outgoing = e["source"] == node
        other = e["target"] if outgoing else e["source"]
        if kind and graph.nodes[other].get("type") != kind:
            continue
        rows.append(
            {
                "id": other,
                "label": _label(graph, other),
                "type": graph.nodes[other].get("type"),
                "relation": e["type"],
                "direction": "out" if outgoing else "in",
                "weight": e["weight"],
                "evidence": e["evidence"],
            }
        )
    return sorted(rows, key=lambda r: (-r["weight"], r["type"] or "", r["label"], r["relation"]))


class NoPath(LookupError):
    """Two nodes the graph does not connect."""


WEAK_TIE = 1.5  # what a `mentions` hop costs in `path`, against 1 for any other relation


def path(graph: nx.MultiDiGraph, source: str, target: str) -> dict[str, Any]:
    """The shortest chain of edges (either direction) from `source` to `target`, each hop with evidence."""
    import networkx as nx

    undirected = nx.Graph()
    undirected.add_nodes_from(graph)
    for u, v, key, d in graph.edges(keys=True, data=True):
        # one step per hop; a hop backed by evidence beats an equally short bare one, and a post that
        # merely mentions both ends is a weaker tie than a stated one (a shared skill, a hiring company)
        cost = (1.0 if d.get("evidence") else 1.001) * (WEAK_TIE if key == "mentions" else 1.0)
        if not undirected.has_edge(u, v) or undirected[u][v]["cost"] > cost:
            undirected.add_edge(u, v, cost=cost)
    try:
        nodes = nx.shortest_path(undirected, source, target, weight="cost")
    except nx.NetworkXNoPath:
        raise NoPath(f"{_label(graph, source)!r} and {_label(graph, target)!r} are not connected") from None
    hops = []
    for a, b in zip(nodes, nodes[1:], strict=False):
        edges = [_edge_view(graph, a, b, k, d) for k, d in (graph.get_edge_data(a, b) or {}).items()]
        edges += [_edge_view(graph, b, a, k, d) for k, d in (graph.get_edge_data(b, a) or {}).items()]
        edges.sort(key=lambda e: (-len(e["evidence"]), -e["weight"], e["type"]))
        hops.append(
            {"from": a, "to": b, "from_label": _label(graph, a), "to_label": _label(graph, b), "edges": edges}
        )
    return {
        "source": source,
        "target": target,
        "nodes": [{"id": n, "label": _label(graph, n), "type": graph.nodes[n].get("type")} for n in nodes],
        "hops": hops,
    }
