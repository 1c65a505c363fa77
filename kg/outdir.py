"""The output folder: kg writes only into real folders of its own and touches only files it wrote there.

kg proves a file is its own by its name (graph.json, cache/ab/ab12....json, ...) in a folder that
carries kg's marker; it never writes or deletes through a symbolic link, and it refuses, with one
line, a folder that is a link or holds files of someone else where its own should be.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MARKER = ".kg-out"
OUT_FILES = ("graph.json", "graph.html", ".kg-build.lock")
_MARK_TEXT = "This folder is written by `kg build`; kg replaces and deletes only its own files here.\n"


class UnsafeOutput(Exception):
    """An output folder kg will not write into; the message names the path and what is wrong."""


def _lstat(path: Path) -> os.stat_result | None:
    try:
        return os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UnsafeOutput(f"{path}: cannot look at it ({exc.strerror or exc})") from None


def real_folder(path: Path, create: bool = True) -> bool:
    """Make sure `path` is a real folder (made if missing and `create`); UnsafeOutput if a link or a file.

    Returns whether the folder exists."""
    path = Path(path)
    info = _lstat(path)
    if info is None:
        if not create:
            return False
        try:
            path.mkdir(parents=True)
        except FileExistsError:
            return real_folder(path, create=False)
        except OSError as exc:
            raise UnsafeOutput(f"{path}: cannot make the folder ({exc.strerror or exc})") from None
        return True
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeOutput(
            f"{path}: is a symlink; kg writes only into a real folder (give its target instead)"
        )
    if not stat.S_ISDIR(info.st_mode):
        raise UnsafeOutput(f"{path}: is a file, not a folder")
    return True


def own_file(path: Path) -> bool:
    """Whether a file kg writes at `path` exists; UnsafeOutput if a link or anything but a file is there."""
    info = _lstat(path)
    if info is None:
        return False
    if stat.S_ISLNK(info.st_mode):
        raise UnsafeOutput(f"{path}: is a symlink where kg writes its own {path.name}; remove it")
    if not stat.S_ISREG(info.st_mode):
        raise UnsafeOutput(f"{path}: is not a file, but kg writes its own {path.name} there; remove it")
    return True


def mark(folder: Path, name: str) -> None:
    """Leave kg's marker in `folder` (never through a link)."""
    try:
        fd = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o644)
    except FileExistsError:
        own_file(folder / name)
        return
    except OSError as exc:
        raise UnsafeOutput(f"{folder / name}: cannot write ({exc.strerror or exc})") from None
    with os.fdopen(fd, "w") as handle:
        handle.write(_MARK_TEXT)


def claim(out: Path) -> None:
    """Check that `out` is a folder kg may write into, and mark it as kg's.

    A folder without the marker is taken only when the outputs it already holds come from kg (an
    older kg left its lock file beside them) or when it holds none of them.
    """
    out = Path(out)
    real_folder(out)
    present = [name for name in OUT_FILES if own_file(out / name)]
    if not own_file(out / MARKER):
        foreign = [name for name in present if name != ".kg-build.lock"]
        if foreign and ".kg-build.lock" not in present:
            raise UnsafeOutput(
                f"{out / foreign[0]}: not written by kg (no {MARKER} in {out}); "
                "choose another --out or move the file away"
            )
        mark(out, MARKER)
