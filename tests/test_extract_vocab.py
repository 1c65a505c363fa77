"""Vocabularies: the defaults in kg/data/, a user's taxonomy file extending them, and clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from extract_support import extract, nodes_of, post, skills_of

from kg.extract.vocab import VocabError, load_vocab, vocab_digest


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_hold_general_role_and_skill_vocabularies() -> None:
    vocab = load_vocab()
    assert {"engineer", "manager", "designer", "founder", "scientist"} <= set(vocab.data["role_heads"])
    assert "talking to users" in vocab.data["skills"]
    assert vocab.data["roles"]["product manager"] == ["PM", "PMs", "product mgr"]


def test_a_taxonomy_file_extends_the_defaults(tmp_path: Path) -> None:
    extra = write(
        tmp_path / "tea.yaml",
        """
skills:
  tea tasting: [taste|tasting ... tea]
  talking to users: [have|having ... chat|chats with ... patron|patrons]
role_heads:
  barista: []
""",
    )
    vocab = load_vocab(extra)
    assert vocab.data["skills"]["tea tasting"] == ["taste|tasting ... tea"]
    assert (
        vocab.data["skills"]["talking to users"][-1] == "have|having ... chat|chats with ... patron|patrons"
    )
    assert "engineer" in vocab.data["role_heads"] and "barista" in vocab.data["role_heads"]
    assert load_vocab().data["skills"].get("tea tasting") is None  # the defaults are untouched

    facts = extract(post("Baristas taste the tea daily. They have chats with patrons."), taxonomy=extra)
    assert nodes_of(facts, "role") == {"barista"}
    assert skills_of(facts, "barista") == {"tea tasting", "talking to users"}


def test_the_digest_follows_the_vocabulary_files(tmp_path: Path) -> None:
    extra = write(tmp_path / "extra.yaml", "people_nouns: [crew]\n")
    first = vocab_digest(extra)
    assert first == vocab_digest(extra) != vocab_digest()
    write(extra, "people_nouns: [crew, gang]\n")
    assert vocab_digest(extra) != first


def test_bad_yaml_is_reported_with_file_and_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "bad.yaml", "skills:\n  tea tasting: [taste tea\nrole_heads: {}\n")
    with pytest.raises(VocabError, match=rf"^{bad}:3: invalid YAML: .* on line 2\)$"):
        load_vocab(bad)


def test_an_unknown_key_is_reported_with_its_line(tmp_path: Path) -> None:
    bad = write(tmp_path / "typo.yaml", "# roles I care about\nrole_heds:\n  barista: []\n")
    with pytest.raises(VocabError, match=rf"^{bad}:2: unknown key 'role_heds'"):
        load_vocab(bad)


def test_a_value_of_the_wrong_shape_is_reported(tmp_path: Path) -> None:
    bad = write(tmp_path / "shape.yaml", "people_nouns: [crew]\nrole_heads: [barista]\n")
    with pytest.raises(VocabError, match=rf"^{bad}:2: 'role_heads' must be a mapping"):
        load_vocab(bad)


def test_a_missing_taxonomy_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(VocabError, match="cannot read taxonomy"):
        load_vocab(tmp_path / "nope.yaml")


def test_the_negating_adverbs_and_organisation_cues_are_reachable_by_taxonomy(tmp_path: Path) -> None:
    text = post("""
    Product managers scarcely write code, and product managers talk to users.

    He spent ten years inside Goldman Sachs as an engineer.
    """)
    plain = extract(text)
    assert skills_of(plain, "product manager") == {"coding", "talking to users"}
    assert nodes_of(plain, "company") == set()
    extra = write(tmp_path / "grammar.yaml", "negating_adverbs: [scarcely]\norg_cues: [inside]\n")
    facts = extract(text, taxonomy=extra)
    assert skills_of(facts, "product manager") == {"talking to users"}
    assert nodes_of(facts, "company") == {"Goldman Sachs"}
