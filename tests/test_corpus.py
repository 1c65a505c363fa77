from pathlib import Path

from conftest import CONTENT, write

from kg.corpus import parse_post, read_corpus, repair


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
