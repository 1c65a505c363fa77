from pathlib import Path

from conftest import CONTENT, write

from kg.corpus import decode, parse_post, read_corpus, repair
from kg.model import Problem


def test_posts_are_read_recursively_in_a_stable_order(tiny_corpus):
    posts, problems = read_corpus(tiny_corpus)
    assert [p.file for p in posts] == ["alpha.md", "sub/beta.mdx"]
    assert problems == []


def test_frontmatter_variants(tiny_corpus):
    alpha, beta = read_corpus(tiny_corpus)[0]
    assert (alpha.url, alpha.date, alpha.authors, alpha.tags) == (
        "/blog/alpha",
        "2024-01-02",
        ["jane-doe"],
        ["Explainers"],
    )
    assert (beta.url, beta.date, beta.authors, beta.category) == (
        "/blog/beta",
        "2024-02-03",
        ["john-smith"],
        "Engineering",
    )


def test_missing_frontmatter_fields_get_defaults(tmp_path):
    write(tmp_path, "bare-post.md", "# A heading title\n\nSome text.\n")
    (post,), problems = read_corpus(tmp_path)
    assert post.url == "/blog/bare-post"
    assert post.title == "A heading title"
    assert post.date is None and post.authors == [] and post.tags == []


def test_mojibake_is_repaired():
    # ftfy also straightens curly quotes, which keeps matching simple
    assert repair("theyâ€™ve") == "they've"
    assert repair("â€œquotedâ€\n") == '"quoted"\n'  # the closing quote had lost its last byte
    assert "â€" not in repair("developer experience ðŸ’ªðŸ¾â€\n")


def test_seed_posts_have_no_mojibake_left():
    posts, _ = read_corpus(CONTENT)
    texts = [p.title for p in posts] + [piece.text for p in posts for piece in p.pieces]
    assert posts and not any("â€" in t for t in texts)


def test_every_piece_and_link_has_its_source_line(tiny_corpus):
    alpha, beta = read_corpus(tiny_corpus)[0]
    lines = (tiny_corpus / "alpha.md").read_text().splitlines()
    for piece in alpha.pieces:
        assert piece.text.split()[0] in lines[piece.line - 1]
    assert [(link.url, link.line) for link in alpha.links] == [
        ("/blog/beta", 11),
        ("/founders/beta", 11),
        ("https://example.com/page", 15),
    ]
    assert [p.text for p in beta.pieces] == ["Beta links back to alpha."]
    assert beta.pieces[0].line == 12


def test_multiline_paragraph_maps_offsets_to_lines():
    post = parse_post("First line of text\nsecond line here.\n", "p.md")
    piece = post.pieces[0]
    assert piece.line_at(0) == 1
    assert piece.line_at(piece.text.index("second")) == 2


def test_sections_items_quotes_and_non_prose():
    text = (
        "## Skills\n\nThey have these:\n\n- one skill\n- two skill\n\n> a quote\n\n"
        "```\ncode here\n```\n\n![image alt](/img.png)\n\n<div>html</div>\n"
    )
    post = parse_post(text, "p.md")
    kinds = [(p.kind, p.text, p.section) for p in post.pieces]
    assert kinds == [
        ("heading", "Skills", ["Skills"]),
        ("paragraph", "They have these:", ["Skills"]),
        ("item", "one skill", ["Skills"]),
        ("item", "two skill", ["Skills"]),
        ("quote", "a quote", ["Skills"]),
    ]
    assert post.pieces[2].parent == 1
    assert post.links == []


def test_unreadable_yaml_is_reported_with_its_line(tmp_path: Path):
    write(tmp_path, "bad.md", "---\ntitle: ok\ntags: [unclosed\n---\n\nBody text.\n")
    (post,), problems = read_corpus(tmp_path)
    assert len(problems) == 1 and problems[0].path == "bad.md"
    assert str(problems[0]).startswith("bad.md:")
    assert post.pieces[0].text == "Body text." and post.pieces[0].line == 6


def test_encodings_are_read_or_refused_with_the_line_of_the_first_bad_byte():
    text = "---\ntitle: Café\n---\n\nBody.\n"
    assert decode(text.encode("utf-8-sig"), "a.md") == (text, [])
    assert decode(text.encode("utf-16"), "a.md") == (text, [])
    assert decode(text.encode("utf-16-be"), "a.md") == (text, [])
    latin, problems = decode(text.encode("latin-1"), "a.md")
    assert latin == text and [str(p) for p in problems] == [
        "a.md:2: not valid UTF-8, read as cp1252/Latin-1 from here"
    ]
    assert decode(bytes(range(32)) * 20, "a.md") == (
        None,
        [Problem("a.md", 1, "binary file, not text: skipped")],
    )


def test_unicode_line_separators_do_not_shift_line_numbers():
    post = parse_post("Intro\u2028still line one.\n\nSecond paragraph.\n", "p.md")
    assert [(p.text.split()[0], p.line) for p in post.pieces] == [("Intro", 1), ("Second", 3)]


def test_unclosed_frontmatter_is_reported_and_read_as_text():
    problems: list[Problem] = []
    post = parse_post("---\ntitle: Never closed\n\nBody text.\n", "open.md", problems)
    assert [str(p) for p in problems] == [
        "open.md:1: frontmatter opened with --- is never closed: read as text"
    ]
    assert [p.text for p in post.pieces][-1] == "Body text."


def test_text_after_code_spans_html_and_images_over_several_lines_keeps_its_line():
    text = "Start `code\nspan` next\nafter <span\nclass=x>tag</span>\nimage ![alt\ntext](x.png)\nlast words\n"
    (piece,) = parse_post(text, "p.md").pieces
    for word, line in [("Start", 1), ("next", 2), ("after", 3), ("tag", 4), ("image", 5), ("last", 7)]:
        assert piece.line_at(piece.text.index(word)) == line, word


def test_script_and_style_inside_a_paragraph_are_not_prose():
    (piece,) = parse_post(
        "Before <script>alert('x')</script> after <style>p {}</style> end.\n", "p.md"
    ).pieces
    assert "alert" not in piece.text and "p {}" not in piece.text
    assert piece.text.split() == ["Before", "after", "end."]


def test_mdx_statements_components_and_comments_are_not_prose_but_their_contents_are():
    body = (
        'import {\n  A,\n} from "a"\nexport const meta = {\n  x: "Exported",\n}\n\n'
        '<Box title="a > b" on={() => x > 1}>Inside **text**</Box>\n\n{/* Hidden\ncomment */}\n\nAfter.\n'
    )
    post = parse_post(body, "p.mdx")
    assert [(p.text, p.line) for p in post.pieces] == [("Inside text", 8), ("After.", 13)]


def test_a_yaml_alias_bomb_is_ignored_not_expanded():
    levels = ["a: &a [x, x, x, x, x, x, x, x, x]"] + [
        f"{b}: &{b} [{', '.join(['*' + a] * 9)}]" for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    ]
    text = "---\n" + "\n".join(levels) + "\ntitle: *i\ntags: *i\ndate: *i\n---\n\nBody.\n"
    problems: list[Problem] = []
    post = parse_post(text, "bomb.md", problems)  # 9**9 strings if expanded: this would not return
    assert (post.title, post.tags, post.date) == ("Bomb", [], None)
    assert sorted(p.line for p in problems) == [11, 12, 13]


def test_html_links_in_prose_are_links_with_their_text_and_line():
    text = 'Intro line.\n\nRead about <a href="https://example.com/qa?x=1&amp;y=2">QA challenges</a> here.\n'
    post = parse_post(text, "p.md")
    (link,) = post.links
    assert (link.text, link.target, link.line) == ("QA challenges", "https://example.com/qa?x=1&y=2", 3)
    assert post.pieces[link.piece].text == "Read about QA challenges here."


def test_a_relative_file_link_keeps_the_file_it_points_to():
    from kg.extract.structure import relative_path, structure_facts

    post = parse_post("See the [software engineer path](software-engineer.md#levels).\n", "ladders/tech.md")
    facts = structure_facts(post)
    (target,) = [n for n in facts.nodes.values() if n["type"] == "post" and not n["in_corpus"]]
    assert target["path"] == "ladders/software-engineer.md"
    assert relative_path("a/b.md", "https://example.com/x") is None
    assert relative_path("a/b.md", "/blog/x") is None
    assert relative_path("a/b.md", "../c.md") == "c.md"


def test_table_cells_know_their_column_header_and_row():
    text = "| | Product engineer | Product manager |\n|---|---|---|\n| Focus | Write code | Talk to users |\n"
    post = parse_post(text, "p.md")
    cells = [(p.kind, p.text, p.line) for p in post.pieces]
    assert cells == [
        ("cell", "Product engineer", 1),
        ("cell", "Product manager", 1),
        ("cell", "Focus", 3),
        ("cell", "Write code", 3),
        ("cell", "Talk to users", 3),
    ]
    write_code = post.pieces[3]
    assert post.pieces[write_code.parent].text == "Product engineer"  # its column's header
    assert post.pieces[write_code.row].text == "Focus"  # its row's first cell


def test_a_link_written_with_a_stray_space_is_the_link_it_was_meant_to_be():
    post = parse_post("Read [our guide] (https://example.com/guide) now.\nNot [a] (see below).\n", "p.md")
    assert [(link.text, link.url, link.line) for link in post.links] == [("our guide", "https://example.com/guide", 1)]
    assert post.pieces[0].line_at(post.pieces[0].text.index("Not")) == 2  # lines unchanged
