"""graph -> files other tools open: GraphML and GEXF (Gephi, Cytoscape), node-link JSON,
CSV for `neo4j-admin database import`, and a Cypher script of MERGE statements."""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from kg import store

FORMATS = ("graphml", "gexf", "json", "csv", "cypher")
SUFFIX = {"graphml": ".graphml", "gexf": ".gexf", "json": ".json", "cypher": ".cypher"}
CSV_FILES = ("nodes.csv", "relationships.csv")  # what to_csv returns, in this order
_CSV_NAMES = " and ".join(CSV_FILES)


# characters XML 1.0 forbids (all C0 controls but tab and line breaks, surrogates, U+FFFE/U+FFFF)
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FORMULA = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet runs a cell that starts with one of these
_INT64 = 2**63


def xml_safe(value: Any) -> Any:
    """A string with what XML 1.0 cannot hold replaced by U+FFFD; other values as they are."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


class ExportError(ValueError):
    """An export that cannot be made as asked (unknown format, csv without a folder)."""


class ExportFailed(OSError):
    """An export whose files could not be written (a file where a folder should be, a full disk)."""


def _scalar(value: Any) -> Any:
    """A value a flat attribute table can hold: lists and dicts become JSON strings; None stays None."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _uniform(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Attributes whose type differs between rows become strings, so each column has one type."""
    kinds: dict[str, set[type]] = {}
    for row in rows:
        for key, value in row.items():
            kinds.setdefault(key, set()).add(type(value))
    mixed = {key for key, types in kinds.items() if len(types) > 1}
    return [{k: (str(v) if k in mixed else v) for k, v in row.items()} for row in rows]


def flat_graph(graph: nx.MultiDiGraph, edge_type_key: str = "type") -> nx.MultiDiGraph:
    """A copy with only scalar attributes (evidence, aliases, stages as JSON strings) and unique edge ids.

    Each edge keeps its relation under `relation` and `label` (and `edge_type_key` unless None).
    """
    flat = nx.MultiDiGraph()
    flat.graph.update({k: v for k, v in ((k, _scalar(v)) for k, v in graph.graph.items()) if v is not None})
    ids = list(graph.nodes)
    node_rows = _uniform(
        [
            {k: v for k, v in ((k, _scalar(v)) for k, v in d.items()) if v is not None}
            for _, d in graph.nodes(data=True)
        ]
    )
    for node, row in zip(ids, node_rows, strict=True):
        flat.add_node(node, **row)
    edges = list(graph.edges(keys=True, data=True))
    edge_rows = []
    for _, _, relation, data in edges:
        row = {k: v for k, v in ((k, _scalar(v)) for k, v in data.items()) if v is not None and k != "type"}
        row.update(relation=relation, label=relation)
        if edge_type_key:
            row[edge_type_key] = relation
        edge_rows.append(row)
    for i, ((u, v, _, _), row) in enumerate(zip(edges, _uniform(edge_rows), strict=True)):
        flat.add_edge(u, v, key=f"e{i}", **row)
    return flat


def _xml_graph(flat: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """`flat` with every id and string attribute readable in XML."""
    safe = nx.MultiDiGraph()
    safe.graph.update({k: xml_safe(v) for k, v in flat.graph.items()})
    for node, data in flat.nodes(data=True):
        safe.add_node(xml_safe(node), **{k: xml_safe(v) for k, v in data.items()})
    for u, v, key, data in flat.edges(keys=True, data=True):
        safe.add_edge(xml_safe(u), xml_safe(v), key=key, **{k: xml_safe(val) for k, val in data.items()})
    return safe


def to_graphml(graph: nx.MultiDiGraph) -> str:
    """GraphML text (Gephi, Cytoscape, yEd)."""
    buffer = io.BytesIO()
    nx.write_graphml(_xml_graph(flat_graph(graph)), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_gexf(graph: nx.MultiDiGraph) -> str:
    """GEXF text (Gephi). GEXF reserves an edge's `type` for directedness, so the relation is `relation`."""
    buffer = io.BytesIO()
    nx.write_gexf(_xml_graph(flat_graph(graph, edge_type_key=None)), buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def to_json(graph: nx.MultiDiGraph) -> str:
    """Node-link JSON, the same as graph.json."""
    return store.dumps(graph)


# --- Neo4j -----------------------------------------------------------------------------------------


def neo4j_label(kind: Any) -> str:
    """A node type as a Neo4j label: 'role' -> 'Role'."""
    words = re.findall(r"[A-Za-z0-9]+", str(kind or "node"))
    return "".join(w[:1].upper() + w[1:] for w in words) or "Node"


def neo4j_type(relation: str) -> str:
    """A relation as a Neo4j relationship type: 'has_skill' -> 'HAS_SKILL'."""
    return re.sub(r"[^A-Za-z0-9]+", "_", relation).strip("_").upper() or "RELATED_TO"


def _neo4j_value(value: Any) -> Any:
    """Lists of strings stay lists (Neo4j arrays); other lists and dicts become JSON strings."""
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return list(value)
    return _scalar(value)


def _csv_columns(rows: list[dict[str, Any]], skip: Iterable[str]) -> dict[str, str]:
    """Property columns with their neo4j-admin type suffix: {'order': 'order:int', ...}."""
    kinds: dict[str, set[str]] = {}
    for row in rows:
        for key, value in row.items():
            if key in skip or value is None:
                continue
            if isinstance(value, bool):
                kind = "boolean"
            elif isinstance(value, int):
                kind = "long"
            elif isinstance(value, float):
                kind = "double"
            elif isinstance(value, list):
                kind = "string[]" if not any(";" in v for v in value) else "string"
            else:
                kind = "string"
            kinds.setdefault(key, set()).add(kind)
    columns = {}
    for key in sorted(kinds):
        kind = next(iter(kinds[key])) if len(kinds[key]) == 1 else "string"
        columns[key] = key if kind == "string" else f"{key}:{kind}"
    return columns


def _csv_cell(value: Any, header: str) -> str:
    if value is None:
        return ""
    if header.endswith("[]"):
        return ";".join(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if isinstance(value, str) and text.startswith(_FORMULA):
        return "'" + text  # shown as text by a spreadsheet, not run as a formula
    return text


def to_csv(graph: nx.MultiDiGraph) -> dict[str, str]:
    """nodes.csv and relationships.csv with neo4j-admin import headers (:ID, :LABEL, :START_ID, :END_ID, :TYPE)."""
    nodes = [{"id": n, **{k: _neo4j_value(v) for k, v in d.items()}} for n, d in graph.nodes(data=True)]
    columns = _csv_columns(nodes, skip=("id",))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id:ID", ":LABEL", *columns.values()])
    for row in nodes:
        writer.writerow(
            [row["id"], neo4j_label(row.get("type")), *(_csv_cell(row.get(k), h) for k, h in columns.items())]
        )
    nodes_csv = out.getvalue()

    edges = [
        (u, v, k, {key: _neo4j_value(val) for key, val in d.items() if key != "type"})
        for u, v, k, d in graph.edges(keys=True, data=True)
    ]
    columns = _csv_columns([d for *_, d in edges], skip=())
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([":START_ID", ":END_ID", ":TYPE", "relation", *columns.values()])
    for u, v, k, d in edges:
        writer.writerow([u, v, neo4j_type(k), k, *(_csv_cell(d.get(c), h) for c, h in columns.items())])
    return dict(zip(CSV_FILES, (nodes_csv, out.getvalue()), strict=True))


def cypher_string(text: str) -> str:
    """A Cypher string literal: single quotes, with backslash, quote and control characters escaped."""
    escaped = []
    for ch in str(text):
        if ch == "\\":
            escaped.append("\\\\")
        elif ch == "'":
            escaped.append("\\'")
        elif ch == "\n":
            escaped.append("\\n")
        elif ch == "\r":
            escaped.append("\\r")
        elif ch == "\t":
            escaped.append("\\t")
        elif ord(ch) < 32 or 0xD800 <= ord(ch) <= 0xDFFF:
            escaped.append(f"\\u{ord(ch):04x}")
        else:
            escaped.append(ch)
    return "'" + "".join(escaped) + "'"


def cypher_name(name: str) -> str:
    """A property key, label or type as a Cypher identifier (backticked when it needs to be)."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_value(value: Any) -> str | None:
    """A property value as a Cypher literal; None for values Neo4j cannot hold (null)."""
    value = _neo4j_value(value)
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and -_INT64 <= value < _INT64:
        return repr(value)
    if isinstance(value, float) and math.isfinite(value):
        return repr(value)
    if isinstance(value, int | float):  # out of Cypher's range (Infinity, 2**70): kept as text
        return cypher_string(str(value))
    if isinstance(value, list):
        return "[" + ", ".join(cypher_string(v) for v in value) + "]"
    return cypher_string(value)


def _cypher_map(attrs: dict[str, Any]) -> str:
    pairs = [(k, cypher_value(v)) for k, v in sorted(attrs.items())]
    return "{" + ", ".join(f"{cypher_name(k)}: {v}" for k, v in pairs if v is not None) + "}"


def to_cypher(graph: nx.MultiDiGraph) -> str:
    """A Cypher script (cypher-shell -f) of one MERGE statement per node and per relationship."""
    label = {n: neo4j_label(d.get("type")) for n, d in graph.nodes(data=True)}
    lines = [
        f"// kg graph: {graph.number_of_nodes()} nodes, {graph.number_of_edges()} relationships",
        *(
            f"CREATE CONSTRAINT {cypher_name('kg_' + lab.lower() + '_id')} IF NOT EXISTS "
            f"FOR (n:{cypher_name(lab)}) REQUIRE n.id IS UNIQUE;"
            for lab in sorted(set(label.values()))
        ),
    ]
    for node, data in graph.nodes(data=True):
        lines.append(
            f"MERGE (n:{cypher_name(label[node])} {{id: {cypher_string(node)}}}) SET n += {_cypher_map(data)};"
        )
    for u, v, key, data in graph.edges(keys=True, data=True):
        attrs = {k: val for k, val in data.items() if k != "type"}
        lines.append(
            f"MATCH (a:{cypher_name(label[u])} {{id: {cypher_string(u)}}}), "
            f"(b:{cypher_name(label[v])} {{id: {cypher_string(v)}}}) "
            f"MERGE (a)-[r:{cypher_name(neo4j_type(key))}]->(b) SET r += {_cypher_map(attrs)};"
        )
    return "\n".join(lines) + "\n"


def export(graph: nx.MultiDiGraph, format: str, out: Path | None = None) -> str | list[Path]:
    """The graph in `format`: its text when `out` is None, else the files written (csv: into folder `out`)."""
    if format not in FORMATS:
        raise ExportError(f"unknown export format {format!r}; choose one of {', '.join(FORMATS)}")
    if format == "csv":
        if out is None:
            raise ExportError(f"csv writes {_CSV_NAMES}: give a folder with --out")
        if Path(out).exists() and not Path(out).is_dir():
            raise ExportFailed(f"{out}: is a file; csv writes {_CSV_NAMES} into a folder")
        written = []
        try:
            for name, text in to_csv(graph).items():
                store.atomic_write(Path(out) / name, text)
                written.append(Path(out) / name)
        except OSError as exc:
            raise ExportFailed(f"{out}: cannot write ({exc.strerror or exc})") from None
        return written
    text = {"graphml": to_graphml, "gexf": to_gexf, "json": to_json, "cypher": to_cypher}[format](graph)
    if out is None:
        return text
    out = Path(out)
    if out.is_dir():
        out = out / f"graph{SUFFIX[format]}"
    try:
        store.atomic_write(out, text)
    except OSError as exc:
        raise ExportFailed(f"{out}: cannot write ({exc.strerror or exc})") from None
    return [out]
