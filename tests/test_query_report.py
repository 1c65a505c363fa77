"""How answers are shown: which sentence is quoted, how quotes are cut, how markdown cells are escaped."""

from __future__ import annotations

from kg.render.report import Section, best, quote, to_markdown


def sentence(text: str, line: int = 1) -> dict:
    return {"post": "post:/blog/a", "line": line, "text": text}


def test_quote_prefers_a_sentence_naming_the_role_and_not_the_other():
    evidence = [
        sentence("Both roles care about it.", 1),
        sentence("Product engineers do what product managers once did.", 2),
        sentence("Product managers own it.", 3),
    ]
    assert best(evidence, "product manager", ["product engineer"])["line"] == 3
    assert (
        best(evidence[:2], "product manager", ["product engineer"])["line"] == 1
    )  # no sentence names only PMs
    assert best(evidence[1:2], "product manager", ["product engineer"])["line"] == 2  # the only one there is
    assert best([], "product manager") is None


def test_long_quotes_are_cut_at_a_word():
    text = "word " * 40
    cut = quote(sentence(text), width=30)
    assert cut.endswith("…”") and len(cut) <= 32
    assert "wor…" not in cut


def test_markdown_cells_escape_pipes_and_flatten_newlines():
    md = to_markdown(Section("T", ["a", "b"], [["x | y", "line\nbreak"]]))
    assert "| x \\| y | line break |" in md.splitlines()
