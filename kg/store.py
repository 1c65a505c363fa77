"""Save and load out/graph.json: node-link JSON with a schema version, written atomically."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # networkx is imported where a whole graph is read or written: queries may not need it
    import networkx as nx

SCHEMA_VERSION = 1


class StoreError(Exception):
    """graph.json is missing or unusable; the message names the file and what to do."""


def to_data(graph: nx.MultiDiGraph) -> dict[str, Any]:
    """The graph as node-link data (edges under `links`), with the schema version."""
    import networkx as nx

    data = nx.node_link_data(graph, edges="links")
    data["graph"] = {"schema_version": SCHEMA_VERSION, **data.get("graph", {})}
    return data


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_FILE_MODE = 0o666 & ~_umask()  # what the user's umask gives a new file; mkstemp would make 0600


def stage(path: Path, text: str | bytes) -> Path:
    """Write what is to become `path` into a new temporary file beside it (synced); returns that file.

    `commit` renames it into place; until then `path` is as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, _FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def commit(staged: list[tuple[Path, Path]]) -> None:
    """Rename each staged temporary file onto its path, in order (all were written completely first)."""
    for tmp, path in staged:
        os.replace(tmp, path)


def discard(staged: list[tuple[Path, Path]]) -> None:
    """Remove staged temporary files that will not be renamed."""
    for tmp, _ in staged:
        tmp.unlink(missing_ok=True)


def atomic_write(path: Path, text: str | bytes) -> None:
    """Write `path` through a temporary file in the same folder and a rename: all or nothing."""
    path = Path(path)
    tmp = stage(path, text)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def dumps(graph: nx.MultiDiGraph) -> str:
    """graph.json text: stable key order, so equal graphs give equal bytes."""
    return json.dumps(to_data(graph), ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def save(graph: nx.MultiDiGraph, path: Path) -> None:
    """Write graph.json atomically: a failed write leaves the previous file as it was."""
    atomic_write(path, dumps(graph))


def load(path: Path) -> nx.MultiDiGraph:
    """Read graph.json back into a MultiDiGraph; StoreError with a one-line reason if unusable."""
    path = Path(path)
    hint = "run `kg build` to make it"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise StoreError(f"{path}: no such file; {hint}") from None
    except IsADirectoryError:
        raise StoreError(f"{path}: is a folder, not a graph.json; {hint}") from None
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not text (not UTF-8), so not a graph.json; {hint}") from None
    except OSError as exc:
        raise StoreError(f"{path}: cannot read ({exc.strerror or exc}); {hint}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        what = "empty file" if not text.strip() else f"not valid JSON ({exc.msg}), truncated or damaged?"
        raise StoreError(f"{path}:{exc.lineno}: {what}; {hint} again") from None
    except RecursionError:
        raise StoreError(f"{path}: JSON nested too deeply to be a graph; {hint} again") from None
    if not isinstance(data, dict) or not isinstance(data.get("nodes"), list):
        raise StoreError(f"{path}: not a kg graph (no list of `nodes`); {hint} again")
    meta = data.get("graph")
    version = meta.get("schema_version") if isinstance(meta, dict) else None
    if version != SCHEMA_VERSION:
        raise StoreError(f"{path}: schema version {version!r}, this kg reads {SCHEMA_VERSION}; {hint} again")
    import networkx as nx

    problem = _shape_problem(data)
    if problem:
        raise StoreError(f"{path}: malformed graph ({problem}); {hint} again")
    try:
        return nx.node_link_graph(data, directed=True, multigraph=True, edges="links")
    except (KeyError, TypeError, ValueError, AttributeError, nx.NetworkXError) as exc:
        raise StoreError(f"{path}: malformed graph ({type(exc).__name__}: {exc}); {hint} again") from None


def _shape_problem(data: dict[str, Any]) -> str | None:
    """What breaks the graph contract that queries rely on (node ids, types, labels, aliases, edges)."""
    for node in data["nodes"]:
        if not isinstance(node, dict) or not isinstance(node.get("id"), str):
            return "a node without an id"
        name = repr(node["id"][:60])
        if not isinstance(node.get("type"), str):
            return f"node {name} has no type"
        if "label" in node and not isinstance(node["label"], str):
            return f"node {name}: `label` is not text"
        aliases = node.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
            return f"node {name}: `aliases` is not a list of text"
    links = data.get("links")
    if not isinstance(links, list):
        return "no list of `links`"
    for edge in links:
        if not isinstance(edge, dict) or not isinstance(edge.get("evidence", []), list):
            return "an edge that is not an object with a list of evidence"
        if "source" not in edge or "target" not in edge:
            return "an edge without its two ends"
        if not isinstance(edge.get("key"), str):
            return f"edge {edge['source']!r} -> {edge['target']!r} has no relation (`key`)"
        weight = edge.get("weight", 1)
        if isinstance(weight, bool) or not isinstance(weight, int | float):
            return f"edge {edge['source']!r} -> {edge['target']!r}: `weight` is not a number"
        for ev in edge.get("evidence", []):
            if not isinstance(ev, dict) or not isinstance(ev.get("text", ""), str):
                return f"edge {edge['source']!r} -> {edge['target']!r}: evidence that is not {{post, line, text}}"
    return None
