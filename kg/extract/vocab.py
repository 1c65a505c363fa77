"""Vocabularies: the YAML files in kg/data/, optionally extended by a user's taxonomy file."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class VocabError(ValueError):
    """A vocabulary file that cannot be used, reported as `path:line: message`."""


QUERY_FILES = ("ask.yaml",)  # kg/data files for questions, not extraction (kg/ask.py reads them)
GAP = "..."
# How big a word pattern may be: each bound keeps compiling and matching a pattern quick (alternatives
# multiply into the word sequences a pattern stands for; each gap may skip several words).
MAX_WORDS = 12
MAX_GAPS = 4
MAX_ALTERNATIVES = 32
MAX_COMBINATIONS = 4096
PATTERN_KEYS = ("skills", "roles")  # vocabulary mappings whose entries are word patterns


def pattern_problem(text: str) -> str | None:
    """What is wrong with a word pattern ("talk ... to|with user|customer"), or None if it is usable."""
    words = str(text).split()
    if not words:
        return "empty pattern"
    if words[0] == GAP or words[-1] == GAP:
        return f"pattern {text!r} must start and end with a word, not {GAP}"
    if len(words) > MAX_WORDS:
        return f"pattern has {len(words)} words and gaps, at most {MAX_WORDS}"
    gaps = words.count(GAP)
    if gaps > MAX_GAPS:
        return f"pattern has {gaps} gaps ({GAP}), at most {MAX_GAPS}"
    combinations = 1
    for word in words:
        alternatives = [a for a in word.split("|") if a]
        if word != GAP and not alternatives:
            return f"pattern {text!r} has an empty word"
        if len(alternatives) > MAX_ALTERNATIVES:
            return f"a word of the pattern has {len(alternatives)} alternatives, at most {MAX_ALTERNATIVES}"
        combinations *= max(1, len(alternatives))
    if combinations > MAX_COMBINATIONS:
        return (
            f"pattern's alternatives make {combinations} word sequences, at most {MAX_COMBINATIONS}: "
            "split it into several patterns"
        )
    return None


def _check_patterns(path: Path, node: yaml.Node) -> None:
    """Every word pattern under PATTERN_KEYS in a composed file; VocabError names the first bad one's line."""
    for key, value in node.value if isinstance(node, yaml.MappingNode) else []:
        if key.value not in PATTERN_KEYS or not isinstance(value, yaml.MappingNode):
            continue
        for name, items in value.value:
            found = [name] if key.value == "roles" else []
            found += items.value if isinstance(items, yaml.SequenceNode) else []
            for item in found:
                if not isinstance(item, yaml.ScalarNode):
                    raise VocabError(f"{path}:{item.start_mark.line + 1}: a pattern must be text")
                problem = pattern_problem(item.value)
                if problem:
                    raise VocabError(f"{path}:{item.start_mark.line + 1}: {problem}")


@dataclass(frozen=True)
class Vocab:
    """The merged vocabularies, their digest, and word sets derived from them."""

    data: Mapping[str, Any]
    digest: str
    files: tuple[str, ...] = field(default=())

    def words(self, key: str) -> frozenset[str]:
        """The entries of list `key` (or the keys of mapping `key`), lower-cased."""
        return self._words.get(key, frozenset())

    @cached_property
    def _words(self) -> dict[str, frozenset[str]]:
        return {
            key: frozenset(str(w).lower() for w in value)
            for key, value in self.data.items()
            if isinstance(value, list | dict)
        }


def default_files() -> list[Path]:
    """The vocabulary files shipped with kg, in a stable order."""
    return sorted(p for p in DATA_DIR.glob("*.yaml") if p.name not in QUERY_FILES)


def vocab_digest(extra: Path | str | None = None) -> str:
    """A hash of every vocabulary file (and `extra`), for caches keyed on the vocabulary."""
    h = hashlib.sha256()
    for path in default_files() + ([Path(extra)] if extra else []):
        h.update(path.name.encode() + b"\0")
        try:
            h.update(path.read_bytes())
        except OSError as exc:
            raise VocabError(f"{path}:1: cannot read taxonomy: {exc.strerror or exc}") from exc
        h.update(b"\0")
    return h.hexdigest()[:16]


_LOADED: dict[str, Vocab] = {}


def load_vocab(extra: Path | str | None = None) -> Vocab:
    """The default vocabularies merged with `extra` (same format as kg/data/*.yaml); cached by digest."""
    digest = vocab_digest(extra)
    if digest in _LOADED:
        return _LOADED[digest]
    data: dict[str, Any] = {}
    files = default_files()
    for path in files:
        loaded, lines = _read(path)
        for key, value in loaded.items():
            if key in data:
                raise VocabError(
                    f"{path}:{lines.get(key, 1)}: key {key!r} is already defined in another file"
                )
            data[key] = value
    if extra:
        extra = Path(extra)
        loaded, lines = _read(extra)
        for key, value in loaded.items():
            line = lines.get(key, 1)
            if key not in data:
                known = ", ".join(sorted(data))
                raise VocabError(f"{extra}:{line}: unknown key {key!r}; known keys: {known}")
            data[key] = _merge(data[key], value, f"{extra}:{line}", key)
        files = files + [extra]
    vocab = Vocab(data, digest, tuple(str(f) for f in files))
    _LOADED[digest] = vocab
    return vocab


def _read(path: Path) -> tuple[dict[str, Any], dict[str, int]]:
    """A YAML mapping and the 1-based line of each top-level key; VocabError names file and line."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise VocabError(f"{path}:1: cannot read taxonomy: {exc}") from exc
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = _Loader(text).construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(exc, "problem", None) or str(exc)
        start = getattr(exc, "context_mark", None)
        if start is not None and start.line + 1 != line:
            reason += f" ({getattr(exc, 'context', None) or 'started'} on line {start.line + 1})"
        raise VocabError(f"{path}:{line}: invalid YAML: {reason}") from exc
    if data is None:
        return {}, {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        raise VocabError(f"{path}:1: a taxonomy file must be a mapping of keys to lists or mappings")
    _check_patterns(path, node)
    lines = {str(k.value): k.start_mark.line + 1 for k, _ in node.value}
    return data, lines


def _merge(base: Any, extra: Any, where: str, key: str) -> Any:
    """`extra` added to `base`: lists extended (without repeats), mappings merged entry by entry."""
    if extra is None:
        return base
    if isinstance(base, list):
        if not isinstance(extra, list) or any(isinstance(x, (dict, list)) for x in extra):
            raise VocabError(f"{where}: {key!r} must be a list of words")
        return base + [x for x in extra if x not in base]
    if isinstance(base, dict):
        if not isinstance(extra, dict):
            raise VocabError(f"{where}: {key!r} must be a mapping")
        sample = next(iter(base.values()), [])
        merged = dict(base)
        for name, value in extra.items():
            if name in merged:
                merged[name] = _merge(merged[name], value, where, f"{key}.{name}")
            else:
                merged[name] = _merge(type(sample)(), value, where, f"{key}.{name}")
        return merged
    raise VocabError(f"{where}: {key!r} cannot be extended")
