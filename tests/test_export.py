"""Exports read back: GraphML/GEXF with networkx, CSV with the csv module, Cypher by parsing its quoting."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from role_graph import A, ev, role_graph

from kg.render.export import ExportError, cypher_string, export


@pytest.fixture
def graph() -> nx.MultiDiGraph:
    g = role_graph()
    # awkward text: quotes, backslashes, newlines, a semicolon, a pipe and non-ASCII
    g.add_node(
        "person:o-brien",
        type="person",
        label="Seán O'Brien",
        aliases=['O\\Brien; "Sean"', "line\nbreak"],
        affiliation=None,
    )
    g.add_edge(
        "person:o-brien", A, key="wrote", type="wrote", weight=1, evidence=[ev(A, 1, 'it\'s \\ "quoted"\n')]
    )
    return g


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graph_formats_read_back_with_networkx(graph, fmt, tmp_path):
    [path] = export(graph, fmt, tmp_path / f"g.{fmt}")
    back = nx.read_graphml(path, force_multigraph=True) if fmt == "graphml" else nx.read_gexf(path)
    assert back.number_of_nodes() == graph.number_of_nodes()
    assert back.number_of_edges() == graph.number_of_edges()
    assert set(back.nodes) == set(graph.nodes)
    person = back.nodes["person:o-brien"]
    assert person["label"] == "Seán O'Brien"
    assert json.loads(person["aliases"]) == graph.nodes["person:o-brien"]["aliases"]
    relations = sorted(d["relation"] for _, _, d in back.edges(data=True))
    assert relations == sorted(k for _, _, k in graph.edges(keys=True))
    has_skill = [
        d for u, v, d in back.edges(data=True) if u == "role:product-manager" and d["relation"] == "has_skill"
    ]
    evidence = sorted(e["text"] for d in has_skill for e in json.loads(d["evidence"]))
    assert evidence == [
        "PMs manage stakeholders.",
        "PMs run 'user' interviews.",
        "Product managers talk to users too.",
    ]


def test_json_export_is_node_link(graph):
    data = json.loads(export(graph, "json"))
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["links"]) == graph.number_of_edges()


def test_csv_has_neo4j_admin_headers_and_every_node_and_edge(graph, tmp_path):
    written = export(graph, "csv", tmp_path / "neo4j")
    assert sorted(p.name for p in written) == ["nodes.csv", "relationships.csv"]
    with open(tmp_path / "neo4j" / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = list(csv.DictReader(handle))
    with open(tmp_path / "neo4j" / "relationships.csv", newline="", encoding="utf-8") as handle:
        rels = list(csv.DictReader(handle))
    assert {"id:ID", ":LABEL"} <= set(nodes[0])
    assert {":START_ID", ":END_ID", ":TYPE"} <= set(rels[0])
    assert sorted(n["id:ID"] for n in nodes) == sorted(graph.nodes)
    assert len(rels) == graph.number_of_edges()
    assert {n[":LABEL"] for n in nodes} == {"Post", "Role", "Skill", "Stage", "Company", "Tag", "Person"}
    assert {r[":TYPE"] for r in rels} >= {"HAS_SKILL", "MENTIONS", "HIRES", "LINKS_TO"}
    ids = {n["id:ID"] for n in nodes}
    assert all(r[":START_ID"] in ids and r[":END_ID"] in ids for r in rels)
    wrote = next(r for r in rels if r[":TYPE"] == "WROTE")
    assert json.loads(wrote["evidence"]) == graph.edges["person:o-brien", A, "wrote"]["evidence"]
    # an alias holding the array delimiter (;) cannot be a neo4j array: the column falls back to JSON text
    person = next(n for n in nodes if n["id:ID"] == "person:o-brien")
    assert json.loads(person["aliases"]) == graph.nodes["person:o-brien"]["aliases"]


def test_csv_lists_of_plain_strings_are_neo4j_arrays(tmp_path):
    export(role_graph(), "csv", tmp_path)
    with open(tmp_path / "nodes.csv", newline="", encoding="utf-8") as handle:
        nodes = {n["id:ID"]: n for n in csv.DictReader(handle)}
    assert nodes["role:product-manager"]["aliases:string[]"].split(";") == ["PM", "PMs"]
    assert nodes["stage:alpha-2-build"]["order:long"] == "2"
    assert nodes[A]["in_corpus:boolean"] == "true"


def test_csv_needs_a_folder(graph):
    with pytest.raises(ExportError, match="--out"):
        export(graph, "csv")


STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'")
ESCAPES = {"\\\\": "\\", "\\'": "'", '\\"': '"', "\\n": "\n", "\\r": "\r", "\\t": "\t"}


def cypher_literal(body: str) -> str:
    """Decode the inside of a Cypher string literal."""
    return re.sub(r"\\u([0-9a-fA-F]{4})|\\.", lambda m: chr(int(m[1], 16)) if m[1] else ESCAPES[m[0]], body)


def parse_statements(script: str) -> list[tuple[str, list[str]]]:
    """Each statement with its string literals masked out, and the decoded literals; fails on bad quoting."""
    out = []
    for line in script.splitlines():
        if not line or line.startswith("//"):
            continue
        literals = [cypher_literal(m[1]) for m in STRING.finditer(line)]
        skeleton = STRING.sub("S", line)
        assert "'" not in skeleton and "\\" not in skeleton, f"unbalanced quoting: {line}"
        assert skeleton.endswith(";") and skeleton.count(";") == 1, f"not one statement: {line}"
        out.append((skeleton, literals))
    return out


def test_cypher_statements_parse_and_cover_the_graph(graph):
    statements = parse_statements(export(graph, "cypher"))
    node_merges = [lits for sk, lits in statements if sk.startswith("MERGE (n:")]
    edge_merges = [lits for sk, lits in statements if sk.startswith("MATCH (a:") and "MERGE (a)-[r:" in sk]
    assert sorted(lits[0] for lits in node_merges) == sorted(graph.nodes)
    assert len(edge_merges) == graph.number_of_edges()
    assert {(lits[0], lits[1]) for lits in edge_merges} == {(u, v) for u, v in graph.edges()}
    person = next(lits for lits in node_merges if lits[0] == "person:o-brien")
    assert "Seán O'Brien" in person
    assert set(graph.nodes["person:o-brien"]["aliases"]) <= set(person)
    wrote = next(lits for lits in edge_merges if lits[0] == "person:o-brien")
    assert json.loads(wrote[2]) == graph.edges["person:o-brien", A, "wrote"]["evidence"]


@pytest.mark.parametrize(
    "text", ["plain", "it's", "back\\slash", "end\\", "new\nline", "tab\t", "\x01", "'; DROP"]
)
def test_cypher_string_round_trips(text):
    literal = cypher_string(text)
    assert STRING.fullmatch(literal), literal
    assert cypher_literal(literal[1:-1]) == text


def test_unknown_format(graph):
    with pytest.raises(ExportError, match="graphml"):
        export(graph, "xlsx")


def test_export_into_a_folder_names_the_file(graph, tmp_path: Path):
    [path] = export(graph, "graphml", tmp_path)
    assert path == tmp_path / "graph.graphml"
