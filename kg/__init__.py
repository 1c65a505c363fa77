"""kg: blog posts about jobs -> a knowledge graph of roles, skills, stages, companies and people.

    import kg
    graph = kg.build("content")            # or kg.load("out/graph.json")
    graph.compare("product engineer", "pm").to_dict()

Importing kg is light: networkx loads on first use of the API, spaCy only when building.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.api import Comparison, KnowledgeGraph, NoPath, NotFound, load

__all__ = ["Comparison", "KnowledgeGraph", "NoPath", "NotFound", "build", "load"]
_LAZY = {"Comparison", "KnowledgeGraph", "NoPath", "NotFound", "load"}


class _Build:
    """kg.build(content="content", out=None, **options) -> KnowledgeGraph: build the graph of the posts.

    The same name is the kg.build module (kg/build.py): any attribute read, set or deleted here
    (`kg.build.BuildResult`, a test's monkeypatch) reaches that module.
    """

    def __call__(self, content: Any = "content", out: Any = None, **options: Any) -> KnowledgeGraph:
        from kg.api import build as api_build

        return api_build(content, out, **options)

    def __getattr__(self, name: str) -> Any:
        return getattr(importlib.import_module("kg.build"), name)

    @property
    def __dict__(self) -> dict[str, Any]:  # type: ignore[override]
        # what pytest's monkeypatch saves and restores: the module's attributes, not this object's
        return vars(importlib.import_module("kg.build"))

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(importlib.import_module("kg.build"), name, value)

    def __delattr__(self, name: str) -> None:
        delattr(importlib.import_module("kg.build"), name)

    def __repr__(self) -> str:
        return "<kg.build: function kg.api.build, attributes of module kg/build.py>"


build = _Build()


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from kg import api

        return getattr(api, name)
    raise AttributeError(f"module 'kg' has no attribute {name!r}")


class _Package(types.ModuleType):
    """The kg package, whose `build` stays callable once the kg.build module is imported.

    Importing a submodule sets it as an attribute of its package; without this, `import kg.build`
    anywhere would turn `kg.build(...)` into "module is not callable".
    """

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "build" and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
