"""Shared fixtures: small corpora written for the test, and the paths of the real ones."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
SHARED = ROOT.parent / "shared"


def write(folder: Path, name: str, text: str) -> Path:
    """Write a dedented post file under `folder`."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


@pytest.fixture
def tiny_corpus(tmp_path: Path) -> Path:
    """Two posts that link to each other, with authors, tags and a moved-route link."""
    folder = tmp_path / "posts"
    write(
        folder,
        "alpha.md",
        """
        ---
        title: Alpha post
        date: 2024-01-02
        rootPage: /blog
        author:
          - jane-doe
        tags:
          - Explainers
        ---

        Alpha links to [beta](/blog/beta/) and to [an old route](/founders/beta#part).

        ## A section

        - an item linking [outside](https://example.com/page/)
    """,
    )
    write(
        folder,
        "sub/beta.mdx",
        """
        ---
        title: Beta post
        date: 2024-02-03T10:00:00Z
        rootpage: /blog
        author: john-smith
        category: Engineering
        ---
        import Thing from "thing"

        <Thing prop={1} />

        Beta links back to [alpha](https://posthog.com/blog/alpha).
    """,
    )
    return folder


@pytest.fixture
def graph_file(tmp_path: Path) -> Path:
    """graph.json of the small hand-made role graph (tests/role_graph.py)."""
    from role_graph import role_graph

    from kg import store

    path = tmp_path / "graph.json"
    store.save(role_graph(), path)
    return path


@pytest.fixture(autouse=True)
def _switched_off_extractor(monkeypatch: pytest.MonkeyPatch) -> None:
    """Under tests/mutation_check.py: KG_MUTATE="module:function=value" makes that function return value."""
    import os

    spec = os.environ.get("KG_MUTATE")
    if not spec:
        return
    import importlib
    import json

    target, _, value = spec.partition("=")
    module, _, name = target.partition(":")
    result = json.loads(value)
    monkeypatch.setattr(importlib.import_module(module), name, lambda *args, **kwargs: result)
