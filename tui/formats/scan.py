"""Finding a batch's metrics files under a folder, boundedly.

A batch folder holds outputs directories (each with a ``metrics.binproto``),
found at any depth, or plain ``*.binproto`` files. The walk never leaves the
folder: a symlink is followed only when it stays inside, a folder reached
twice (a symlink loop) is walked once, and depth and the number of folders
are capped. Whatever is skipped is reported, so a user knows what is missing.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from tui.formats.metrics1.decode import FILE_NAME

SUFFIX = ".binproto"
MAX_DEPTH = 24
MAX_FOLDERS = 100_000
MAX_FILES = 200_000


@dataclass
class Found:
    """The metrics files under a folder, and what the walk skipped and why."""

    root: Path
    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def is_batch(folder: Path) -> bool:
    """A folder that is not itself an outputs directory but holds metrics files below it."""
    if not folder.is_dir() or (folder / FILE_NAME).exists():
        return False
    return bool(scan(folder, limit=1).files)


def wanted(path: Path) -> bool:
    """Whether a file name is one a batch lists.

    ``Metrics.binproto`` and other case variants of metrics.binproto are a
    misnamed outputs file, not a job: the single-job path names them as near misses.
    """
    return _wanted_name(path.name)


def _wanted_name(name: str) -> bool:
    if name != FILE_NAME and name.lower() == FILE_NAME:
        return False
    return name.endswith(SUFFIX) and not name.startswith(".")


def job_name(root: Path, file: Path) -> str:
    """A job's name: its outputs directory relative to the batch, or the file's own path."""
    relative = file.relative_to(root)
    if file.name == FILE_NAME:
        return relative.parent.as_posix() if relative.parent != Path(".") else "."
    return relative.as_posix()


def scan(
    root: Path,
    *,
    max_depth: int = MAX_DEPTH,
    max_folders: int = MAX_FOLDERS,
    limit: int = MAX_FILES,
) -> Found:
    """Every metrics file under ``root`` (names relative to it sort them), at most ``limit``."""
    found = Found(root)
    base = Path(os.path.realpath(root))
    try:
        top = os.stat(base)
    except OSError as exc:
        found.notes.append(f"{root}: cannot read it ({exc.strerror or exc})")
        return found
    seen = {(top.st_dev, top.st_ino)}
    # Paths as strings until the end: a Path costs microseconds to make, and a batch
    # walk meets every entry of every outputs folder (5 ms of 15 a 1,000-job scan).
    files: list[str] = []
    # (path as shown, under root; depth)
    stack: list[tuple[str, int]] = [(str(root), 0)]
    folders = 0
    while stack:
        folder, depth = stack.pop()
        folders += 1
        if folders > max_folders:
            found.notes.append(f"more than {max_folders:,} folders: the rest were not searched")
            break
        try:
            with os.scandir(folder) as entries:
                items = sorted(entries, key=lambda e: e.name)
        except OSError as exc:
            found.notes.append(f"{_rel(root, folder)}: cannot read it ({exc.strerror or exc})")
            continue
        subfolders: list[str] = []
        for entry in items:
            kind = _kind(entry, base, seen)
            if kind.startswith("skip:"):
                found.notes.append(f"{_rel(root, entry.path)}: {kind.removeprefix('skip: ')}")
            elif kind == "dir":
                if entry.name.startswith("."):
                    continue  # .git, .cache: never a job's outputs
                if depth + 1 > max_depth:
                    found.notes.append(
                        f"{_rel(root, entry.path)}: deeper than {max_depth} levels, not searched"
                    )
                    continue
                subfolders.append(entry.path)
            elif kind == "file" and _wanted_name(entry.name):
                files.append(entry.path)
                if len(files) >= limit:
                    if limit > 1:
                        found.notes.append(f"more than {limit:,} files: the rest are not listed")
                    return _sorted(found, files)
        # Reversed so the walk visits folders in name order (the stack pops the last).
        stack.extend((p, depth + 1) for p in reversed(subfolders))
    return _sorted(found, files)


def _kind(entry: os.DirEntry[str], base: Path, seen: set[tuple[int, int]]) -> str:
    """ "dir", "file", "other", or "skip: why" for one directory entry."""
    try:
        if entry.is_symlink():
            real = Path(os.path.realpath(entry.path))
            if real != base and base not in real.parents:
                return "skip: a symlink that leads outside the folder, not followed"
            info = os.stat(real)
        else:
            info = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return f"skip: cannot read it ({exc.strerror or exc})"
    if stat.S_ISDIR(info.st_mode):
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return "skip: a folder already searched (symlink loop?), not followed again"
        seen.add(key)
        return "dir"
    if stat.S_ISREG(info.st_mode):
        return "file"
    if entry.name.endswith(SUFFIX):
        return "skip: not a regular file, not read"
    return "other"


def _rel(root: Path, path: str) -> str:
    try:
        return Path(path).relative_to(root).as_posix() or "."
    except ValueError:
        return path


def _sorted(found: Found, files: list[str]) -> Found:
    """The files in the order of their paths' parts under the root (``a/b/x`` before
    ``a/x``), as the walk met them otherwise."""
    prefix = os.path.join(str(found.root), "")
    files.sort(key=lambda f: f[len(prefix) :].split(os.sep))
    found.files = [Path(f) for f in files]
    return found
