"""Bytes -> text: byte order marks, UTF-16, UTF-8 with a cp1252 fallback, binary refusal, mojibake repair."""

from __future__ import annotations

import codecs
import re
import unicodedata

import ftfy
import ftfy.bad_codecs  # noqa: F401  (registers sloppy-windows-1252)

from kg.model import Problem

_BOMS = (  # UTF-32 first: its little-endian BOM starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_SNIFF = 8192  # bytes looked at to tell text from binary
_MAX_CONTROL_SHARE = 0.05  # more control characters than this in the sniffed text: binary

# cp1252 bytes with no character: text that went UTF-8 -> cp1252 -> UTF-8 loses them.
_LOST_BYTES = {3: b"\x9d\x81\x8d\x8f\x90", 4: b"\x8f\x9d\x81\x8d\x90"}  # likeliest first
# cp1252's characters for UTF-8 continuation bytes 0x80-0xBF
_CONTINUATION = "".join(bytes([b]).decode("cp1252", "ignore") for b in range(0x80, 0xC0))
# "â€" that nothing continues: a right double quote (E2 80 9D) whose last byte was dropped
_LOST_QUOTE = re.compile(f"â€(?![{re.escape(_CONTINUATION)}])")
_MOJIBAKE_RUN = re.compile("[\u00c2-\u00f4][\u0080-\u02dc\u2013-\u2122]+")
_CONTROLS = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # category Cc, except \t \n \v \f \r
# How repair() calls ftfy, and what ftfy can change in ASCII text: HTML entities, terminal escapes and
# control characters (other ASCII text it leaves as it is: mojibake and the like are not ASCII).
_FTFY = ftfy.TextFixerConfig(normalization="NFC", fix_line_breaks=False, explain=False)
_ASCII_FIXES = re.compile("[&\x00-\x08\x0b\x0e-\x1f\x7f]")


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that are not UTF-8 are read as cp1252 (Latin-1's usual superset)."""
    assert isinstance(exc, UnicodeDecodeError)
    return exc.object[exc.start : exc.end].decode("sloppy-windows-1252"), exc.end


codecs.register_error("kg-cp1252", _cp1252_fallback)


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like mostly-ASCII UTF-16 with no BOM, else None."""
    sample = data[: _SNIFF - _SNIFF % 2]
    if len(sample) < 2 or len(data) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.7 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.7 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _looks_binary(text: str) -> bool:
    """True when the start of `text` is more control characters than any text file has."""
    sample = text[:_SNIFF]
    controls = len(_CONTROLS.findall(sample))
    return bool(sample) and controls > _MAX_CONTROL_SHARE * len(sample)


def decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    """Bytes -> text, or None for a binary file; the problems say what had to be guessed or replaced.

    A BOM decides the encoding; UTF-16 without a BOM is recognised by its zero bytes; anything else
    is UTF-8, with the bytes that are not UTF-8 read as cp1252 (so Latin-1 files read right).
    """
    problems: list[Problem] = []
    bom = next((enc for mark, enc in _BOMS if data.startswith(mark)), None)
    encoding = bom or _utf16_without_bom(data) or "utf-8"
    fallback = "kg-cp1252" if encoding.startswith("utf-8") else "replace"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode(encoding, errors=fallback).count("\n") + 1
        text = data.decode(encoding, errors=fallback)
        reason = (
            "not valid UTF-8, read as cp1252/Latin-1 from here"
            if fallback == "kg-cp1252"
            else f"broken {encoding.upper()} text: bytes that are no character replaced"
        )
        problems.append(Problem(path, line, reason))
    if _looks_binary(text):
        return None, [Problem(path, 1, "binary file, not text: skipped")]
    return text, problems


def repair(text: str) -> str:
    """Fix mojibake with ftfy, restoring the bytes a cp1252 round trip drops when ftfy alone can't.

    Line breaks are left alone, so line numbers stay those of the file.
    """
    text = _fix_text(_LOST_QUOTE.sub("â€\x9d", text))
    if not _MOJIBAKE_RUN.search(text):
        return text
    return _MOJIBAKE_RUN.sub(lambda m: _restore_run(m.group(0)), text)


def _fix_text(text: str) -> str:
    """ftfy.fix_text(text, normalization="NFC", fix_line_breaks=False), line by line as ftfy works,
    passing over the ASCII lines it has nothing to fix in (most lines of most posts)."""
    if text.isascii() and not _ASCII_FIXES.search(text):
        return text
    config = _FTFY
    out = []
    pos = 0
    while pos < len(text):
        end = min(text.find("\n", pos) + 1 or len(text), pos + config.max_decode_length)
        segment = text[pos:end]
        if config.unescape_html == "auto" and "<" in segment:
            config = config._replace(unescape_html=False)  # HTML from here on: its entities stay
        if not segment.isascii() or _ASCII_FIXES.search(segment):
            segment = ftfy.fix_and_explain(segment, config).text
        out.append(segment)
        pos = end
    return "".join(out)


def _restore_run(run: str) -> str:
    """Decode a mojibake run as UTF-8, putting back the undefined cp1252 bytes it lost."""
    try:
        raw = run.encode("sloppy-windows-1252")
    except UnicodeEncodeError:
        return run
    out = bytearray()
    i = 0
    while i < len(raw):
        lead = raw[i]
        size = 2 if 0xC2 <= lead <= 0xDF else 3 if 0xE0 <= lead <= 0xEF else 4 if lead >= 0xF0 else 1
        candidates = [raw[i : i + size]] + [
            raw[i : i + pos] + bytes([lost]) + raw[i + pos : i + size - 1]
            for pos in range(size - 1, 0, -1)
            for lost in _LOST_BYTES.get(size, b"")
        ]
        for cand in candidates:
            try:
                char = cand.decode("utf-8")
            except UnicodeDecodeError:
                continue
            if unicodedata.category(char[0]) == "Cn":
                continue  # no such character: the lost byte belongs elsewhere
            out += cand
            i += len(cand) - (cand is not candidates[0])
            break
        else:
            return run
    return out.decode("utf-8")
