"""Text from posts made safe for a terminal: control characters shown as escapes, never sent raw."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, TypeVar

# C0 and C1 controls, DEL, and the bidirectional overrides that reorder what a terminal shows
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_CONTROL_OR_BREAK = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
T = TypeVar("T")


def _shown(m: re.Match[str]) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, newlines: bool = False) -> str:
    """`text` with every control character (and, unless `newlines`, line breaks and tabs) as `\\xNN`."""
    return (_CONTROL if newlines else _CONTROL_OR_BREAK).sub(_shown, str(text))


def printable_data(value: T, newlines: bool = False) -> T:
    """A copy of strings, lists, tuples, dicts and dataclasses with every string made printable."""
    if isinstance(value, str):
        return printable(value, newlines)  # type: ignore[return-value]
    if isinstance(value, list):
        return [printable_data(v, newlines) for v in value]  # type: ignore[return-value]
    if isinstance(value, tuple):
        return tuple(printable_data(v, newlines) for v in value)  # type: ignore[return-value]
    if isinstance(value, dict):
        return {printable_data(k, newlines): printable_data(v, newlines) for k, v in value.items()}  # type: ignore[return-value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields: dict[str, Any] = {
            f.name: printable_data(getattr(value, f.name), newlines)
            for f in dataclasses.fields(value)
            if f.init
        }
        return dataclasses.replace(value, **fields)
    return value
