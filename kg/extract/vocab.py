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
        return {key: frozenset(str(w).lower() for w in value) for key, value in self.data.items()}


def default_files() -> list[Path]:
    """The vocabulary files shipped with kg, in a stable order."""
    return sorted(DATA_DIR.glob("*.yaml"))


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
