"""How answers are shown: which sentence is quoted, how quotes are cut, how markdown cells are escaped."""

from __future__ import annotations

from kg.query import Comparison
from kg.render.report import Section, best, comparison_sections, quote, sources_line, to_markdown


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


def test_markdown_cells_escape_pipes_and_keep_each_row_on_one_line():
    md = to_markdown(Section("T", ["a", "b"], [["x | y", "line\nbreak  and   spaces"]]))
    assert "| x \\| y | line<br>break and spaces |" in md.splitlines()


def test_the_sources_line_names_a_few_posts_and_counts_the_rest():
    def comparison(titles: list[str]) -> Comparison:
        posts = [{"id": f"post:/blog/{i}", "title": t, "url": None} for i, t in enumerate(titles)]
        return Comparison(["role:a", "role:b"], {"role:a": "a", "role:b": "b"}, [], [], {}, posts)

    assert sources_line(comparison(["One", "Two"])) == "Evidence from: One, Two"
    many = sources_line(comparison([f"Post {i}" for i in range(25)]), limit=10)
    assert many.startswith("Evidence from 25 posts: Post 0, Post 1,")
    assert "Post 9 and 15 more" in many and "Post 10" not in many


def test_stage_rows_name_their_post_when_stages_come_from_several_posts():
    def stages_column(posts: list[str]) -> list[str]:
        stages = [
            {"id": f"stage:{i}", "label": "Build", "order": 1, "post": post, "roles": {"role:a": ["coding"]}}
            for i, post in enumerate(posts)
        ]
        cmp = Comparison(["role:a", "role:b"], {"role:a": "a", "role:b": "b"}, [], stages, {}, [])
        section = next(s for s in comparison_sections(cmp) if s.title == "Stage by stage")
        return [row[1] for row in section.rows]

    assert stages_column(["post:/blog/one"]) == ["Build"]
    assert stages_column(["post:/blog/one", "post:/blog/two/"]) == ["Build (one)", "Build (two)"]
