"""kg: blog posts about jobs -> a knowledge graph of roles, skills, stages, companies and people.

    import kg
    graph = kg.build("content")            # or kg.load("out/graph.json")
    graph.compare("product engineer", "pm").to_dict()

Importing kg is light: networkx loads on first use of the API, spaCy only when building.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import Comparison, KnowledgeGraph, NoPath, NotFound, load

__all__ = ["Comparison", "KnowledgeGraph", "NoPath", "NotFound", "build", "load"]
_LAZY = {"Comparison", "KnowledgeGraph", "NoPath", "NotFound", "load"}


def build(content: str | Path = "content", out: str | Path | None = None, **options: Any) -> KnowledgeGraph:
    """Build the graph of the posts in `content` (and write it to `out`); see kg.api.build.

    The build machinery is the module kg.builder (before 0.2 it was kg/build.py, imported as
    `kg.build`; `from kg.build import ...` is now `from kg.builder import ...`).
    """
    from kg.api import build as api_build

    return api_build(content, out, **options)


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")
