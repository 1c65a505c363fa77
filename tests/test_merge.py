"""Facts merged as they arrive: the same graph.json whatever order the posts' facts come in."""

from __future__ import annotations

import itertools
import random
from pathlib import Path

import pytest
from conftest import write

from kg import build as build_mod
from kg import cache as cache_mod
from kg import store, workers
from kg.build import build
from kg.corpus import iter_files, read_post
from kg.facts import Facts, evidence
from kg.graph import Merger


@pytest.fixture(autouse=True)
def pinned_code(monkeypatch) -> None:
    """Cache keys that ignore edits to kg's source made while the test runs (a shared working tree)."""
    monkeypatch.setattr(cache_mod, "code_digest", lambda root=None: "pinned")


def merged(facts: list[Facts], order: list[int]) -> str:
    """graph.json text of the posts' facts merged in `order` (each keeps its rank, its place in `facts`)."""
    merger = Merger()
    for rank in order:
        merger.add(rank, facts[rank])
    return store.dumps(merger.graph({"corpus": "test"}))


def made_up() -> list[Facts]:
    """Four posts whose facts disagree where the first post in file order decides."""
    posts = []
    for i, title in enumerate(["Alpha", "Beta", "Gamma", "Delta"]):
        facts = Facts(f"post:/blog/{title.lower()}")
        facts.node(facts.post, "post", title, url=f"/blog/{title.lower()}", in_corpus=True, title=title)
        facts.node("skill:sql", "skill", ["SQL", "sql", "Sql", "SQL"][i], aliases=[f"structured query {i}"])
        facts.node("company:acme", "company", "Acme", industry=[None, "", "retail", "banking"][i])
        ev = evidence(facts.post, 3 + i, f"Product engineers need SQL, says {title}.")
        facts.edge(
            "role:product-engineer",
            "skill:sql",
            "has_skill",
            ev,
            stages=[f"stage:{i % 2}"],
            **({"emphasis": ["less", "more"][i % 2], "emphasis_evidence": [ev]} if i else {}),
        )
        facts.edge(facts.post, "skill:sql", "mentions", evidence(facts.post, 1, "Shared sentence."))
        posts.append(facts)
    # Alpha links to Delta under another name, before Delta's own node comes in
    posts[0].node("post:/blog/delta", "post", "that delta link", url="/blog/delta", in_corpus=False)
    posts[0].edge(
        posts[0].post, "post:/blog/delta", "links_to", evidence(posts[0].post, 9, "See [that delta link].")
    )
    return posts


def test_every_arrival_order_of_made_up_facts_gives_the_same_graph_json() -> None:
    facts = made_up()
    texts = {merged(facts, list(order)) for order in itertools.permutations(range(len(facts)))}
    assert len(texts) == 1
    merger = Merger()
    for rank in (3, 1, 2, 0):  # the lowest ranks last
        merger.add(rank, facts[rank])
    graph = merger.graph()
    assert graph.nodes["post:/blog/delta"]["label"] == "Delta"  # its own title, not the link text
    assert graph.nodes["skill:sql"]["label"] == "SQL"  # as the first post in file order writes it
    assert graph.nodes["skill:sql"]["aliases"][:2] == ["structured query 0", "sql"]
    assert graph.nodes["company:acme"]["industry"] == "retail"  # the first post that says one
    (attrs,) = graph.get_edge_data("role:product-engineer", "skill:sql").values()
    assert attrs["emphasis"] == "more"  # Beta, the first post to weigh it, decides
    assert [ev["post"] for ev in attrs["emphasis_evidence"]] == ["post:/blog/beta", "post:/blog/delta"]
    assert attrs["stages"] == ["stage:0", "stage:1"] and attrs["weight"] == 4
    assert ("post:/blog/alpha", "post:/blog/delta") in graph.edges()


def test_the_facts_of_a_real_corpus_merge_to_the_same_graph_json_in_any_order(tiny_corpus: Path) -> None:
    from kg.extract import Extractor

    write(
        tiny_corpus,
        "gamma.md",
        "---\ntitle: Gamma\n---\n\nData engineers use Airflow and SQL. See [alpha](/blog/alpha).\n",
    )
    posts = [read_post(path, tiny_corpus)[0] for path in iter_files(tiny_corpus)]
    facts = [f for _, f in Extractor().run(posts)]
    assert all(isinstance(f, Facts) for f in facts) and len(facts) >= 3
    in_order = merged(facts, list(range(len(facts))))
    assert merged(facts, list(reversed(range(len(facts))))) == in_order
    shuffled = list(range(len(facts)))
    random.Random(14).shuffle(shuffled)
    assert merged(facts, shuffled) == in_order
    # the facts as a worker or the cache hands them over (plain dicts) merge the same way
    again = [Facts.from_dict(store_round_trip(f.to_dict())) for f in facts]
    assert merged(again, shuffled) == in_order


def store_round_trip(data: dict) -> dict:
    import json

    return json.loads(json.dumps(data))


SAME = "---\ntitle: {title}\n---\n\n# {title}\n\nA product engineer at Acme writes code and talks to users.\n"


def dup_corpus(folder: Path) -> Path:
    """Two files with the same URL (a/ and b/ hold same.md), and a post between them that links to it."""
    write(folder, "a/same.md", SAME.format(title="Same a"))
    write(folder, "b/same.md", SAME.format(title="Same b"))
    write(folder, "a/other.md", SAME.format(title="Other") + "\nRead [this](/blog/same).\n")
    return folder


@pytest.mark.parametrize("cached", [True, False], ids=["re-merged from the cache", "no out: parsed again"])
def test_a_duplicate_url_whose_first_file_arrives_last_gives_the_same_graph(
    tmp_path: Path, monkeypatch, cached: bool
) -> None:
    content = dup_corpus(tmp_path / "posts")
    natural = build(content, tmp_path / "natural", workers=1, use_cache=False)
    remerges = []
    real = build_mod._Run._remerge

    def spy(self, *args):  # noqa: ANN001, ANN202
        remerges.append(1)
        return real(self, *args)

    monkeypatch.setattr(build_mod._Run, "_remerge", spy)
    # one file per chunk, the last file in file order first: b/same.md is merged before a/same.md arrives
    monkeypatch.setattr(workers, "_chunks", lambda jobs: [[job] for job in reversed(jobs)])
    late = build(content, tmp_path / "late" if cached else None, workers=1, use_cache=False)
    assert remerges == [1]  # the case under test happened
    titles = {n: d["title"] for n, d in late.graph.nodes(data=True) if d.get("in_corpus")}
    assert titles["post:/blog/same"] == "Same a" and titles["post:/blog/same~2"] == "Same b"
    late.graph.graph["built_at"] = natural.graph.graph["built_at"]
    assert store.dumps(late.graph) == store.dumps(natural.graph)
    assert [str(p) for p in late.problems] == [str(p) for p in natural.problems]
    assert late.posts == natural.posts == 3
