"""Markdown body -> prose pieces and links, each with its file line; MDX, HTML and code left out."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from markdown_it.token import Token

from kg.links import normalise
from kg.model import Link, Piece, Problem

# An HTML link inside markdown prose: <a href="https://...">text</a>.
_HTML_LINK_OPEN = re.compile(r"""<a\s[^>]*?href\s*=\s*(["'])(.*?)\1[^>]*>""", re.IGNORECASE | re.DOTALL)
_HTML_LINK_CLOSE = re.compile(r"</a\s*>", re.IGNORECASE)

MAX_NESTING = 20  # block nesting markdown-it follows (commonmark's default); deeper input is flattened
MAX_PIECE_CHARS = 20_000  # longer prose is cut into parts, so the NLP parser gets sane lengths
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:")

_ESM = re.compile(r"^(import\s*[\w*{\"']|export\s*(\{|\*|(default|const|let|var|function|class|async)\b))")
_JSX_START = re.compile(r"<(/?[A-Z]|/?>)")  # a component or fragment tag
_MDX_COMMENT = re.compile(r"\{/\*")
_MDX_EXPRESSION = re.compile(r"^[ \t]*\{[^{}]*\}[ \t]*$")  # a line that is one {expression}: no prose
_FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
_MAX_TAG_LINES = 50  # a component tag longer than this is taken for text, not a tag
# markers that nest blocks at the start of a line: blockquote `>`, bullets, ordered-list numbers
_NESTING_PREFIX = re.compile(r"^[ \t]*(?:(?:>|[-*+](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))[ \t]*)*")
_RAW_TEXT_TAG = re.compile(r"<(script|style|textarea)\b", re.IGNORECASE)  # whose content is not text


def _counting_newlines(rule: Callable[[StateInline, bool], bool]) -> Callable[[StateInline, bool], bool]:
    """Wrap an inline rule so the last token it makes records the source line breaks it swallowed.

    Code spans, inline HTML, images and link destinations can span lines without a softbreak token;
    the walker needs those counts to keep every piece of text on its source line.
    """

    def rule_with_count(state: StateInline, silent: bool) -> bool:
        start, before = state.pos, len(state.tokens)
        if not rule(state, silent):
            return False
        if not silent and len(state.tokens) > before:
            made = state.tokens[before:]
            seen = sum(t.type in ("softbreak", "hardbreak") for t in made)
            seen += sum((t.meta or {}).get("newlines", 0) for t in made)
            hidden = state.src.count("\n", start, state.pos) - seen
            if hidden > 0:
                made[-1].meta = {**(made[-1].meta or {}), "newlines": hidden}
        return True

    return rule_with_count


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table").enable("strikethrough")
    # every link becomes a link token, so unsafe targets are seen (and refused by kg.links.normalise)
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    for rule in md.inline.ruler.__rules__:
        if rule.name not in ("text", "newline"):
            md.inline.ruler.at(rule.name, _counting_newlines(rule.fn))
    return md


_md = _parser()


@dataclass
class _Table:
    """Where the walk is in a table: header cells so far, the column, the row's first cell."""

    headers: list[int] = field(default_factory=list)  # piece index of each column's header, -1: empty
    in_head: bool = False
    col: int = 0
    row_first: int = -1

    def step(self, token_type: str) -> None:
        if token_type in ("thead_open", "thead_close"):
            self.in_head = token_type == "thead_open"
        elif token_type == "tr_open":
            self.col, self.row_first = 0, -1
        else:  # a cell closed
            self.col += 1


@dataclass
class Body:
    """What a markdown body holds: prose pieces, links, the first H1, and what was wrong with it."""

    pieces: list[Piece] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    title: str | None = None
    title_line: int = 1
    problems: list[Problem] = field(default_factory=list)


def _scan_tag(lines: list[str], row: int, col: int) -> tuple[int, int] | None:
    """End (row, col after `>`) of the JSX tag starting at lines[row][col], or None if it never ends."""
    depth, quote = 0, ""
    for r in range(row, min(row + _MAX_TAG_LINES, len(lines))):
        line = lines[r]
        if r > row and not line.strip() and not depth and not quote:
            return None  # a blank line ends any tag-like text that was not a tag
        for c in range(col + 1 if r == row else 0, len(line)):
            ch = line[c]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'`":
                quote = ch
            elif ch == "{":
                depth += 1
            elif ch == "}":
                depth = max(depth - 1, 0)
            elif ch == ">" and not depth:
                return r, c + 1
    return None


def _scan_comment(lines: list[str], row: int, col: int) -> tuple[int, int] | None:
    """End (row, col after `*/}`) of the MDX comment starting at lines[row][col], or None."""
    for r in range(row, min(row + _MAX_TAG_LINES, len(lines))):
        at = lines[r].find("*/}", col + 3 if r == row else 0)
        if at >= 0:
            return r, at + 3
    return None


def _esm_end(lines: list[str], row: int) -> int:
    """The last line of the import/export statement starting at `row` (brackets balanced)."""
    depth = 0
    for r in range(row, len(lines)):
        if r > row and not lines[r].strip():
            return r - 1
        depth += sum(lines[r].count(c) for c in "([{") - sum(lines[r].count(c) for c in ")]}")
        if depth <= 0 and not (r + 1 < len(lines) and lines[r + 1].startswith((" ", "\t", ")", "]", "}"))):
            return r
    return len(lines) - 1


def blank_non_prose(body: str) -> str:
    """Remove MDX import/export statements, JSX tags, {expression} lines and comments; keep every line.

    Text around and between component tags stays, so markdown inside a component is still prose.
    Fenced code is left as it is (markdown-it keeps it out of the prose anyway).
    """
    lines = body.split("\n")
    row, fence = 0, ""
    while row < len(lines):
        line = lines[row]
        opened = _FENCE.match(line)
        if fence:
            if opened and opened.group(1)[0] == fence[0] and len(opened.group(1)) >= len(fence):
                fence = ""
            row += 1
            continue
        if opened:
            fence = opened.group(1)
            row += 1
            continue
        if _MDX_EXPRESSION.match(line):
            lines[row] = ""
            row += 1
            continue
        if _ESM.match(line):
            end = _esm_end(lines, row)
            for r in range(row, end + 1):
                lines[r] = ""
            row = end + 1
            continue
        row = _strip_leading_tags(lines, row)
    return "\n".join(lines)


def _strip_leading_tags(lines: list[str], row: int) -> int:
    """Remove the component tags and comments that open lines[row]; the next row to look at."""
    indent = lines[row][: len(lines[row]) - len(lines[row].lstrip(" \t"))]
    changed = False
    while True:
        rest = lines[row].lstrip(" \t")
        scan = _scan_tag if _JSX_START.match(rest) else _scan_comment if _MDX_COMMENT.match(rest) else None
        if scan is None:
            break
        begin = len(lines[row]) - len(rest)
        end = scan(lines, row, begin)
        if end is None:
            break
        end_row, end_col = end
        tail = lines[end_row][end_col:]
        for r in range(row, end_row):
            lines[r] = ""
        lines[end_row] = tail
        row, changed = end_row, True
    if changed:
        lines[row] = indent + lines[row].lstrip(" \t") if lines[row].strip() else ""
    return row + 1


def flatten(body: str) -> str:
    """Drop the quote markers and list nesting of every line: the fallback for absurdly deep input.

    A line that had a list marker becomes a top-level item; every line keeps its place.
    """
    out = []
    for line in body.split("\n"):
        prefix = _NESTING_PREFIX.match(line)
        marker = prefix is not None and re.search(r"[-*+]|\d[.)]", prefix.group(0).replace(">", ""))
        rest = line[prefix.end() :] if prefix else line
        out.append(("- " + rest) if marker and rest.strip() else rest)
    return "\n".join(out)


def _cuts(text: str, limit: int) -> list[int]:
    """Offsets that cut `text` into parts of at most `limit` characters, at sentence ends where possible."""
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        start = cuts[-1]
        window = text[start : start + limit]
        ends = [m.end() for m in re.finditer(r"[.!?][\"')\]]*\s", window)]
        space = max(window.rfind(" "), window.rfind("\n")) + 1
        cut = ends[-1] if ends and ends[-1] > limit // 2 else space if space > limit // 2 else limit
        cuts.append(start + cut)
    return cuts


class _Walker:
    """Turns markdown-it tokens into Pieces and Links, tracking sections and lines."""

    def __init__(self, post_url: str, offset: int, path: str, lines: list[str], body: Body) -> None:
        self.url = post_url
        self.offset = offset  # file lines before the markdown body
        self.path = path
        self.lines = lines  # the markdown as parsed
        self.last_text_line = max((i for i, text in enumerate(lines) if text.strip()), default=-1)
        self.out = body
        self.section: list[tuple[int, str]] = []

    def problem(self, line: int, message: str) -> None:
        self.out.problems.append(Problem(self.path, line, message))

    def walk(self, tokens: list[Token]) -> None:
        quote_depth = 0
        list_parents: list[int] = []  # piece index introducing each open list
        item_first: list[bool] = []
        heading_level = 0
        table: _Table | None = None
        for tok in tokens:
            t = tok.type
            if t == "table_open":
                table = _Table()
            elif t == "table_close":
                table = None
            elif table is not None and t in ("thead_open", "thead_close", "tr_open", "th_close", "td_close"):
                table.step(t)
            elif t == "blockquote_open":
                quote_depth += 1
            elif t == "blockquote_close":
                quote_depth -= 1
            elif t in ("bullet_list_open", "ordered_list_open"):
                parent = len(self.out.pieces) - 1
                if list_parents and item_first and not item_first[-1]:
                    parent = list_parents[-1]
                list_parents.append(parent)
            elif t in ("bullet_list_close", "ordered_list_close"):
                list_parents.pop()
            elif t == "list_item_open":
                item_first.append(True)
            elif t == "list_item_close":
                item_first.pop()
            elif t == "heading_open":
                heading_level = int(tok.tag[1:])
            elif t in ("fence", "html_block"):
                self._check_closed(tok)
            elif t == "inline" and tok.map is not None:
                if heading_level:
                    self._heading(tok, heading_level)
                    heading_level = 0
                elif table is not None:
                    self._cell(tok, table)
                elif list_parents and item_first:
                    pieces = self._inline(tok, "item", level=len(list_parents), parent=list_parents[-1])
                    if pieces:
                        item_first[-1] = False
                elif quote_depth:
                    self._inline(tok, "quote")
                else:
                    self._inline(tok, "paragraph")

    def _cell(self, tok: Token, table: _Table) -> None:
        """A table cell as a piece: a header cell heads its column; a body cell knows its column's
        header (`parent`) and its row's first cell (`row`), which may name whom it is about."""
        index = len(self.out.pieces)
        if table.in_head:
            pieces = self._inline(tok, "cell")
            table.headers.append(index if pieces else -1)
            return
        header = table.headers[table.col] if table.col < len(table.headers) else -1
        pieces = self._inline(tok, "cell", level=1, parent=header)
        for piece in pieces:
            piece.row = table.row_first
        if table.col == 0 and pieces:
            table.row_first = index

    def _check_closed(self, tok: Token) -> None:
        """Report a code fence or <script>-like HTML block that runs to the end of the file unclosed."""
        if tok.map is None or tok.map[1] <= self.last_text_line:
            return
        line = self.offset + tok.map[0] + 1
        if tok.type == "fence":
            fence = tok.markup
            last = self.lines[tok.map[1] - 1].strip() if tok.map[1] - tok.map[0] > 1 else ""
            if not re.fullmatch(f"{re.escape(fence[0])}{{{len(fence)},}}", last):
                self.problem(
                    line, f"code block opened with {fence} is never closed: the rest is read as code"
                )
            return
        raw = _RAW_TEXT_TAG.match(tok.content.lstrip())
        if raw and f"</{raw.group(1).lower()}" not in tok.content.lower():
            self.problem(line, f"<{raw.group(1).lower()}> is never closed: the rest of the file is skipped")

    def _heading(self, tok: Token, level: int) -> None:
        text, pieces = self._inline_text(tok, "heading", level=level)
        text = text.strip()
        while self.section and self.section[-1][0] >= level:
            self.section.pop()
        self.section.append((level, text))
        for piece in pieces:
            piece.section = [s for _, s in self.section]
        if level == 1 and self.out.title is None and text:
            self.out.title = text
            self.out.title_line = self.offset + tok.map[0] + 1  # type: ignore[index]

    def _inline(self, tok: Token, kind: str, level: int = 0, parent: int = -1) -> list[Piece]:
        return self._inline_text(tok, kind, level, parent)[1]

    def _inline_text(
        self, tok: Token, kind: str, level: int = 0, parent: int = -1
    ) -> tuple[str, list[Piece]]:
        """The prose of one inline token, added as one piece (or several, if very long)."""
        first = self.offset + self._first_line(tok) + 1
        last = self.offset + tok.map[1]  # type: ignore[index]
        line = first
        text = ""
        breaks: list[tuple[int, int]] = [(0, line)]
        link_stack: list[tuple[int, str, int]] = []
        links: list[tuple[int, Link]] = []  # (offset in text, link)
        raw_tag = ""  # inside <script>/<style>: its content is not prose
        for child in tok.children or []:
            c = child.type
            if c in ("text", "code_inline"):
                if not raw_tag:
                    text += child.content
            elif c in ("softbreak", "hardbreak"):
                line += 1
                text += " " if c == "softbreak" else "\n"
                breaks.append((len(text), line))
            elif c == "html_inline" and (opened := _HTML_LINK_OPEN.match(child.content)):
                link_stack.append((len(text), html.unescape(opened.group(2)), line))  # <a href="...">
            elif c == "link_open":
                link_stack.append((len(text), str(child.attrs.get("href", "")), line))
            elif (c == "link_close" or (c == "html_inline" and _HTML_LINK_CLOSE.match(child.content))) and link_stack:
                start, href, link_line = link_stack.pop()
                url = normalise(href, self.url)
                if url is not None:
                    links.append((start, Link(text[start:].strip(), href, url, link_line)))
                elif href.strip().lower().startswith(UNSAFE_SCHEMES):
                    scheme = href.strip().split(":", 1)[0].lower()
                    self.problem(link_line, f"link to a {scheme}: URL ignored (its text is kept)")
            elif c == "html_inline":
                raw_tag = self._raw_tag(child.content, raw_tag)
            # images: their alt text is not prose and their targets are not links
            hidden = (child.meta or {}).get("newlines", 0)
            if hidden:
                line += hidden
                breaks.append((len(text), line))
        breaks = [(o, min(n, last)) for o, n in breaks]
        if not text.strip():
            return text, []
        return text, self._add(text, breaks, links, kind, level, parent)

    def _first_line(self, tok: Token) -> int:
        """The body line where an inline token's text starts (0-based).

        markdown-it strips a paragraph's leading lines that hold only Unicode spaces (NBSP, U+2028):
        its map then starts above the text.
        """
        start, end = tok.map  # type: ignore[misc]
        head = tok.content.split("\n", 1)[0].strip()
        if head and end - start > tok.content.count("\n") + 1:
            for row in range(start, min(end, len(self.lines))):
                if head in self.lines[row]:
                    return row
        return start

    @staticmethod
    def _raw_tag(html: str, current: str) -> str:
        """The raw-text element (script, style) open after the inline HTML `html`, or ''."""
        if current:
            return "" if re.match(rf"</{current}\s*>", html, re.IGNORECASE) else current
        opened = _RAW_TEXT_TAG.match(html)
        return opened.group(1).lower() if opened and not html.rstrip().endswith("/>") else ""

    def _add(
        self,
        text: str,
        breaks: list[tuple[int, int]],
        links: list[tuple[int, Link]],
        kind: str,
        level: int,
        parent: int,
    ) -> list[Piece]:
        """Append the piece(s) for `text`; text longer than MAX_PIECE_CHARS is cut into parts."""
        first_index = len(self.out.pieces)
        cuts = _cuts(text, MAX_PIECE_CHARS)
        if len(cuts) > 1:
            self.problem(
                breaks[0][1],
                f"text of {len(text):,} characters read in {len(cuts)} parts of at most {MAX_PIECE_CHARS:,}",
            )
        whole = Piece(text, kind, [s for _, s in self.section], breaks, level, parent)
        pieces = []
        for start, end in zip(cuts, cuts[1:] + [len(text)], strict=True):
            inner = [(o - start, n) for o, n in breaks if start < o < end]
            pieces.append(
                Piece(
                    text=text[start:end],
                    kind=kind,
                    section=[s for _, s in self.section],
                    breaks=[(0, whole.line_at(start))] + inner,
                    level=level,
                    parent=parent,
                )
            )
        self.out.pieces.extend(pieces)
        for offset, link in links:
            link.piece = first_index + sum(1 for c in cuts[1:] if c <= offset)
            self.out.links.append(link)
        return pieces


def _too_deep(tokens: list[Token]) -> Token | None:
    """The first block markdown-it opened at its nesting limit: it silently drops what is inside."""
    containers = ("blockquote_open", "bullet_list_open", "ordered_list_open", "list_item_open")
    return next((t for t in tokens if t.type in containers and t.level >= MAX_NESTING - 1), None)


# "[our guide] (https://...)": a link written with a stray space between its text and its target
_SPACED_LINK = re.compile(r"(\[[^\[\]\n]{1,300}\]) \(((?:https?://|/|\./|\.\./|#)[^()\s]{0,2000})\)")


def mend_spaced_links(text: str) -> str:
    """`text` with each link written "[text] (url)" made "[text](url) ": the link it was meant to be,
    at the same length, so every character keeps its line and column."""
    return _SPACED_LINK.sub(lambda m: f"{m.group(1)}({m.group(2)}) ", text)


def parse_body(body: str, offset: int, url: str, path: str) -> Body:
    """The prose pieces and links of a markdown body starting after `offset` file lines."""
    prose = mend_spaced_links(blank_non_prose(body))
    out = Body()
    try:
        tokens = _md.parse(prose)
        deep = _too_deep(tokens)
    except RecursionError:
        tokens, deep = [], Token("", "", 0, map=[0, 1])
    if deep is not None:
        line = offset + deep.map[0] + 1  # type: ignore[index]
        out.problems.append(
            Problem(
                path, line, f"markdown nested over {MAX_NESTING} levels deep: read with its nesting flattened"
            )
        )
        prose = flatten(prose)
        try:
            tokens = _md.parse(prose)
        except RecursionError:
            out.problems.append(
                Problem(path, line, "markdown nested too deeply even flattened: body skipped")
            )
            return out
    _Walker(url, offset, path, prose.split("\n"), out).walk(tokens)
    return out
