"""The facts cache under OUT/cache/: what reading and extracting one file gave, keyed by all it depends on.

An entry is trusted only when its file is whole (a checksum over its body) and names the key it is
looked up by; anything else is ignored and rebuilt. Entries are written through a temporary file and a
rename, so a killed build leaves complete entries or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.facts import Facts
from kg.model import Problem
from kg.outdir import UnsafeOutput, mark, own_file, real_folder

CACHE_FORMAT = 1
MARKER = ".kg-cache"
# What kg writes in the cache folder: entries in folders named by their key's first two digits,
# their temporary files, the query index (kg/index.py) and its temporary files, the marker.
_SHARD = re.compile(r"[0-9a-f]{2}")
_ENTRY = re.compile(r"[0-9a-f]{64}\.json")
_ENTRY_TMP = re.compile(r"\.[0-9a-f]{16}\..*\.tmp")
_TOP = re.compile(r"graph-index\.sqlite|\.graph-index\.sqlite\..*\.tmp|" + re.escape(MARKER))
PACKAGE = Path(__file__).parent
# Modules that only use facts once they exist; any other module of kg may shape them, so a change
# to its source makes earlier entries stale (new modules count until listed here).
AFTER_FACTS = ("api.py", "builder.py", "cache.py", "cli.py", "graph.py", "query.py", "store.py", "render/")


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def code_digest(root: Path = PACKAGE) -> str:
    """A digest of the source of every module under `root` that may shape the facts of a file."""
    paths = [p for p in root.rglob("*.py") if not p.relative_to(root).as_posix().startswith(AFTER_FACTS)]
    parts = [f"{p.relative_to(root).as_posix()}:{_sha(p.read_bytes())}" for p in sorted(paths)]
    return _sha("\n".join(parts))


def context_digest(model: str | None = None, taxonomy: Path | None = None) -> str:
    """Everything besides the file itself that extraction depends on, as one digest (no spaCy import)."""
    from kg.extract import EXTRACTOR_VERSION
    from kg.extract.models import model_identity
    from kg.extract.vocab import vocab_digest

    parts = {
        "format": CACHE_FORMAT,
        "extractor": EXTRACTOR_VERSION,
        "code": code_digest(),
        "vocab": vocab_digest(taxonomy),
        "model": model_identity(model),
    }
    return _sha(json.dumps(parts, sort_keys=True))


@dataclass
class Outcome:
    """What reading and extracting one file gave: the id it was read as, its problems and facts."""

    post_id: str | None  # None when the file could not be read as a post
    digest: str  # sha256 of the bytes the outcome was made from
    problems: list[Problem] = field(default_factory=list)
    facts: Facts | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-serialisable form."""
        return {
            "post_id": self.post_id,
            "digest": self.digest,
            "problems": [[p.path, p.line, p.message] for p in self.problems],
            "facts": self.facts.to_dict() if self.facts is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Outcome:
        """Inverse of to_dict; raises KeyError/TypeError/ValueError on malformed data."""
        facts = data["facts"]
        return cls(
            post_id=data["post_id"],
            digest=str(data["digest"]),
            problems=[Problem(str(p), int(n), str(m)) for p, n, m in data["problems"]],
            facts=Facts.from_dict(facts) if facts is not None else None,
        )


class Cache:
    """Outcomes stored one per file under `folder`, named by their key."""

    def __init__(self, folder: Path, context: str) -> None:
        self.folder = Path(folder)
        self.context = context
        self.rejected = 0  # entries found but not trusted (corrupt, truncated, wrong key)

    def key(self, file: str, digest: str, post_id: str | None = None) -> str:
        """The key of a file's outcome: its path, content hash, the id it is read as, and the context."""
        return _sha(json.dumps([self.context, file, digest, post_id]))

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, key: str) -> Outcome | None:
        """The stored outcome for `key`, or None when there is none that can be trusted."""
        try:
            fd = os.open(self._path(key), os.O_RDONLY | os.O_NOFOLLOW)
            with os.fdopen(fd, "rb") as handle:
                raw = handle.read()
        except OSError:
            return None
        try:
            header, body = raw.split(b"\n", 1)
            head = json.loads(header)
            if head.get("key") != key or head.get("sha256") != _sha(body):
                raise ValueError("entry does not match its key or checksum")
            return Outcome.from_dict(json.loads(body))
        except (ValueError, KeyError, TypeError, AttributeError):
            self.rejected += 1
            return None

    def put(self, key: str, outcome: Outcome) -> None:
        """Store `outcome` under `key`: a complete entry appears at once, or nothing does."""
        path = self._path(key)
        real_folder(path.parent)
        body = json.dumps(outcome.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({"key": key, "sha256": _sha(body)}).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=f".{key[:16]}.", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(header + b"\n" + body)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def claim(self) -> None:
        """Check the folder before anything is written: UnsafeOutput when kg should not write there.

        It must be a real folder; unmarked, it may hold only what kg writes (a cache of an older kg);
        no link and nothing but a file may be where kg keeps an entry.
        """
        real_folder(self.folder)
        marked = own_file(self.folder / MARKER)
        for entry in os.scandir(self.folder):
            own = bool(_SHARD.fullmatch(entry.name) or _TOP.fullmatch(entry.name))
            if not own:
                if not marked:
                    raise UnsafeOutput(
                        f"{self.folder}: holds {entry.name}, which kg did not write; "
                        "choose another --out or move it away"
                    )
                continue
            path = Path(entry.path)
            if not _SHARD.fullmatch(entry.name):
                own_file(path)
                continue
            real_folder(path, create=False)
            for inner in os.scandir(path):
                if _ENTRY.fullmatch(inner.name) or _ENTRY_TMP.fullmatch(inner.name):
                    own_file(Path(inner.path))
        if not marked:
            mark(self.folder, MARKER)

    def prune(self, keep: set[str]) -> int:
        """Remove every entry (and leftover temporary file) whose key is not in `keep`; returns how many.

        Only files of kg's own names in kg's own folders go; links and other files are left alone."""
        removed = 0
        if not own_file(self.folder / MARKER):
            return 0
        for shard in os.scandir(self.folder):
            if not _SHARD.fullmatch(shard.name) or not shard.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(shard.path):
                name = entry.name
                if _ENTRY.fullmatch(name):
                    if name[:2] != shard.name or name.removesuffix(".json") in keep:
                        continue
                elif not _ENTRY_TMP.fullmatch(name):
                    continue
                if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
                    continue
                Path(entry.path).unlink(missing_ok=True)
                removed += 1
        return removed
