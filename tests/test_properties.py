"""Property tests: for any text, the reader never raises and every piece of text keeps its true line.

KG_PROPERTY_EXAMPLES=20000 pytest tests/test_properties.py searches harder than the default run.
"""

from __future__ import annotations

import os
import re

import ftfy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from kg.corpus import parse_post
from kg.encoding import _fix_text, decode, repair
from kg.links import normalise

# Markdown, MDX and HTML syntax that changes how the lines around it are read, plus encoding oddities.
SYNTAX = [
    "\n", "\n", "\n\n", "\r\n", "\r", " ", "  ", "    ", "\t", "- ", "* ", "+ ", "1. ", "2) ", "> ", ">",
    "# ", "## ", "###### ", "```", "~~~", "`", "``", "*", "**", "_", "~~", "[", "]", "(", ")", "![",
    "](/blog/x)", "](javascript:alert(1))", "](data:text/html,x)", "](https://posthog.com/a/b/)",
    "[ref]: /u\n", "<", ">", "<div>", "</div>", "<p>", "<!-- ", " -->", "<script>", "</script>",
    "<style>", "<span\n", "<Callout>", "</Callout>", "<Thing prop={1} />", "<Multi\n", "/>", "{/* ",
    " */}", "{POLL}", "import x from 'y'\n", "export const meta = {\n", "}\n", "---\n", "title: t\n",
    "date: 2024-02-30\n", "tags: [a\n", "&amp;", "&#65;", "&copy;", "\\", "|", " | ", "|---|", "===",
    "---", "<http://a.b/c>", "https://example.com/p", "\u2028", "\x0c", "\x00", "\x85", "â€™", "Ã©",
    "\ufeff", "ﬁ", "é",
]  # fmt: skip
WORDS = st.from_regex(r"[A-Za-z][a-z0-9]{0,7}", fullmatch=True)
markdown = st.lists(
    st.one_of(st.sampled_from(SYNTAX), WORDS, WORDS.map(lambda w: w + " "), st.text(max_size=4)),
    max_size=60,
).map("".join)
LINE_BREAK = re.compile(r"\r\n|\r|\n")
ASCII_WORD = re.compile(r"[A-Za-z0-9]+")
PROPERTY = settings(
    max_examples=int(os.environ.get("KG_PROPERTY_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


def file_lines(text: str) -> list[str]:
    """The file's lines as kg numbers them (CommonMark line endings), with mojibake repaired."""
    lines = LINE_BREAK.split(text)
    repaired = LINE_BREAK.split(repair(text))
    assert len(repaired) == len(lines), "repair must not add or remove lines"
    return repaired


def letters(text: str) -> str:
    """Only the ASCII letters and digits of `text`: what markup cannot change."""
    return "".join(ASCII_WORD.findall(text))


def checkable(line: str) -> bool:
    """True when the line's words reach the text unchanged (no entities, tags or link targets)."""
    return not any(mark in line for mark in ("&", "<", "]", "`"))


@PROPERTY
@given(markdown)
@example("a `code\nspan` b\nc <span\nclass=x>d</span>\ne ![alt\ntext](x.png)\nf [l](/u\n'title') g\nh")
@example("---\ntitle: x\n---\n" + "".join("  " * i + "- item\n" for i in range(40)) + "\nAfter deep.")
@example(">" * 60 + " deep\n\nAfter quotes.")
def test_reader_never_raises_and_every_piece_is_on_its_line(text: str) -> None:
    post = parse_post(text, "p.mdx")
    lines = file_lines(text)
    for piece in post.pieces:
        offsets = [o for o, _ in piece.breaks]
        assert offsets == sorted(offsets)
        assert 1 <= piece.line <= len(lines)
        for i, (offset, line) in enumerate(piece.breaks):
            assert 1 <= line <= len(lines)
            end = offsets[i + 1] if i + 1 < len(offsets) else len(piece.text)
            word = ASCII_WORD.search(piece.text[offset:end])
            if word and checkable(lines[line - 1]):
                assert word.group(0) in letters(lines[line - 1]), (piece.text, line, lines)
    for link in post.links:
        assert 1 <= link.line <= len(lines)
        assert 0 <= link.piece < len(post.pieces)
        assert link.text in post.pieces[link.piece].text


@PROPERTY
@given(st.text(max_size=300))
def test_reader_never_raises_on_any_text(text: str) -> None:
    post = parse_post(text, "any.md")
    assert all(1 <= piece.line <= len(file_lines(text)) for piece in post.pieces)


@PROPERTY
@given(st.one_of(markdown, st.text(max_size=300)))
@example("plain\n<b>x</b>\n&amp; \x1b[1mbold\x0b\nÃ© &lt;\n")
def test_repair_leaves_to_ftfy_every_line_it_could_change(text: str) -> None:
    """repair() passes over the ASCII lines ftfy has nothing to fix in: the result is still ftfy's."""
    assert _fix_text(text) == ftfy.fix_text(text, normalization="NFC", fix_line_breaks=False)


@PROPERTY
@given(st.binary(max_size=400))
def test_decoding_never_raises_on_any_bytes(data: bytes) -> None:
    text, problems = decode(data, "b.md")
    assert text is not None or len(problems) == 1
    if text is not None:
        parse_post(text, "b.md")


TARGETS = st.one_of(
    st.text(max_size=40),
    st.lists(
        st.sampled_from(
            ["https://", "http://", "//", "www.", "posthog.com", "example.com", "/", "../", "./", "..", ".",
             "blog", "Post", "#frag", "?q=1", "%20", " ", ":", "mailto:", "javascript:", "data:", "ftp:",
             "@", "A", "é"]
        ),
        max_size=12,
    ).map("".join),
)  # fmt: skip
BASES = st.sampled_from(["/", "/blog/post", "/blog/", "/a/b/c", "https://example.com/x"])


@PROPERTY
@given(TARGETS, BASES)
def test_link_normalisation_is_idempotent(target: str, base: str) -> None:
    once = normalise(target, base)
    if once is not None:
        assert normalise(once, base) == once
        assert normalise(once) == once  # a normalised URL no longer depends on the page it was on
