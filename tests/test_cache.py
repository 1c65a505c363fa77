"""The facts cache: entries come back as stored, and anything damaged or foreign is never trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.cache import Cache, Outcome, code_digest
from kg.facts import Facts, evidence
from kg.model import Problem


def make_outcome(post: str = "post:/blog/a") -> Outcome:
    facts = Facts(post)
    facts.node(post, "post", "A post", url="/blog/a")
    facts.node("role:product-engineer", "role", "product engineer", aliases=["PE"])
    facts.edge(post, "role:product-engineer", "mentions", evidence(post, 7, "Product engineers ship."))
    return Outcome(post, "d" * 64, [Problem("a.md", 2, "bad frontmatter")], facts)


def test_entry_round_trips(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "ctx")
    key = cache.key("a.md", "d" * 64)
    outcome = make_outcome()
    assert cache.get(key) is None
    cache.put(key, outcome)
    back = cache.get(key)
    assert back is not None
    assert back.to_dict() == outcome.to_dict()
    assert back.problems == [Problem("a.md", 2, "bad frontmatter")]


def test_key_depends_on_file_content_id_and_context() -> None:
    base = Cache(Path("."), "ctx").key("a.md", "1" * 64)
    assert Cache(Path("."), "ctx").key("a.md", "1" * 64) == base
    assert Cache(Path("."), "other").key("a.md", "1" * 64) != base
    assert Cache(Path("."), "ctx").key("b.md", "1" * 64) != base
    assert Cache(Path("."), "ctx").key("a.md", "2" * 64) != base
    assert Cache(Path("."), "ctx").key("a.md", "1" * 64, "post:/blog/a~2") != base


def entry_path(cache: Cache, key: str) -> Path:
    (path,) = cache.folder.glob(f"*/{key}.json")
    return path


@pytest.mark.parametrize(
    "damage",
    [
        lambda raw: raw[: len(raw) // 2],  # truncated
        lambda raw: b"",  # empty
        lambda raw: b"\x00\xff garbage",  # not JSON
        lambda raw: raw.replace(b"Product engineers", b"Product managers"),  # body changed
        lambda raw: raw.split(b"\n", 1)[1],  # header lost
    ],
    ids=["truncated", "empty", "garbage", "body-changed", "no-header"],
)
def test_damaged_entry_is_ignored(tmp_path: Path, damage) -> None:
    cache = Cache(tmp_path, "ctx")
    key = cache.key("a.md", "d" * 64)
    cache.put(key, make_outcome())
    path = entry_path(cache, key)
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get(key) is None
    assert cache.rejected == 1


def test_entry_stored_under_another_key_is_ignored(tmp_path: Path) -> None:
    cache = Cache(tmp_path, "ctx")
    key, other = cache.key("a.md", "d" * 64), cache.key("b.md", "d" * 64)
    cache.put(key, make_outcome())
    target = cache.folder / other[:2] / f"{other}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(entry_path(cache, key).read_bytes())
    assert cache.get(other) is None


def test_prune_keeps_only_the_keys_in_use(tmp_path: Path) -> None:
    cache = Cache(tmp_path / "cache", "ctx")
    cache.claim()
    keep, drop = cache.key("a.md", "1" * 64), cache.key("b.md", "2" * 64)
    cache.put(keep, make_outcome())
    cache.put(drop, make_outcome())
    leftover = cache.folder / keep[:2] / f".{keep[:16]}.abc.tmp"
    leftover.write_bytes(b"half an entry")
    assert cache.prune({keep}) == 2
    assert cache.get(keep) is not None
    assert cache.get(drop) is None
    assert not leftover.exists()


def test_code_digest_follows_the_modules_that_make_facts(tmp_path: Path) -> None:
    for name in ("corpus.py", "extract/nlp.py", "query.py", "render/html.py"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(f"# {name}\n")
    before = code_digest(tmp_path)
    (tmp_path / "query.py").write_text("# answers change, facts do not\n")
    (tmp_path / "render" / "html.py").write_text("# nor here\n")
    assert code_digest(tmp_path) == before
    (tmp_path / "extract" / "nlp.py").write_text("# new rules\n")
    assert code_digest(tmp_path) != before
    (tmp_path / "extract" / "nlp.py").write_text("# extract/nlp.py\n")
    (tmp_path / "newreader.py").write_text("# a module kg did not have\n")
    assert code_digest(tmp_path) != before
