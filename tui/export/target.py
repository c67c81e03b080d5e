"""The export directory: created if missing, written only inside, never clobbered.

Every file is written to a temporary name in the directory and renamed over
its final name, so a reader never sees half a file and a symlink planted
under one of our names is replaced, not followed out of the directory. A
manifest (``.resim-tui-export.json``) lists what earlier exports wrote: those
files may be overwritten; any other file under a name we need is left alone
unless the user passes ``--force``.

The manifest is only believed for a file it names when that file is still the
one we wrote: its inode, size and modification time as recorded after the
write. A manifest planted in the directory (unpacked from an archive, say)
cannot name a file of the user's as ours, since it cannot know those; and the
manifest is read without following a symlink, only if it is a regular file of
our user's, and only so much of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

MANIFEST = ".resim-tui-export.json"
_SHOWN_CONFLICTS = 5
_MANIFEST_BYTES = 4 << 20

# (inode, size, mtime_ns) of a file as we left it.
Identity = tuple[int, int, int]

Write = Callable[[str], Any]
Fill = Callable[[Write], None]


class ExportError(Exception):
    """The export could not be written; one sentence for the user. ``refused`` when on purpose."""

    def __init__(self, message: str, *, refused: bool = False) -> None:
        super().__init__(message)
        self.refused = refused


class Target:
    """A directory to export into (see the module docstring)."""

    def __init__(self, root: Path, force: bool = False) -> None:
        self.root = root
        self.force = force
        self.written: list[str] = []
        self.identities: dict[str, Identity | None] = {}

    def prepare(self, names: list[str]) -> None:
        """Create the directory; refuse if a file we would write is not ours (unless forced)."""
        for name in names:
            _check_name(name)
        if self.root.exists() and not self.root.is_dir():
            raise ExportError(f"{self.root}: exists and is not a directory")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ExportError(f"{self.root}: cannot create it ({exc.strerror or exc})") from None
        if self.force:
            return
        manifest = self._read_manifest()
        # A manifest from before identities were recorded still lets us overwrite the
        # names it lists (never remove them: see finish).
        ours = self._still_ours(manifest or {})
        ours |= {n for n, i in (manifest or {}).items() if i is None}
        conflicts = [n for n in names if n not in ours and _present(self.root / n)]
        if manifest is None and _present(self.root / MANIFEST):
            conflicts.append(MANIFEST)
        if conflicts:
            shown = ", ".join(conflicts[:_SHOWN_CONFLICTS])
            more = len(conflicts) - _SHOWN_CONFLICTS
            rest = f" and {more} more" if more > 0 else ""
            raise ExportError(
                f"{self.root} already holds {shown}{rest}, not written by resim-tui export "
                "(or changed since); "
                "nothing was written. Pass --force to overwrite, or --to a new or empty directory",
                refused=True,
            )

    def write(self, name: str, fill: Fill) -> None:
        """Write one file through a temporary name; ``fill(write)`` produces its text."""
        _check_name(name)
        final = self.root / name
        temp = self.root / f".{name}.{os.getpid()}.tmp"
        try:
            # "x": never open something already there (a planted symlink included).
            with open(
                temp,
                "x",
                encoding="utf-8",
                errors="backslashreplace",
                newline="",
                buffering=1 << 20,
            ) as handle:
                fill(handle.write)
            os.replace(temp, final)
            self.identities[name] = _identity(final)
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise ExportError(f"{final}: cannot write it ({exc.strerror or exc})") from None
        self.written.append(name)

    def finish(self, prune: bool = False, keep: frozenset[str] = frozenset()) -> None:
        """Record what this export wrote, next to what earlier ones did.

        With ``prune``, files an earlier export wrote and this one did not (other
        than ``keep``) are removed: exporting again, say with fewer --metric, then
        leaves exactly this export's files, not a mix of old and new. Only files that
        are still as we wrote them: never one the manifest merely names.
        """
        earlier = self._read_manifest() or {}
        mine = {n: i for n, i in earlier.items() if n in self._still_ours(earlier)}
        if prune:
            for stale in sorted(set(mine) - set(self.written) - keep):
                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    (self.root / stale).unlink()  # unlink never follows a symlink
                del mine[stale]
        mine.update(self.identities)
        files = {n: list(i) for n, i in sorted(mine.items()) if i is not None}
        body = json.dumps({"written_by": "resim-tui export", "files": files}, indent=1)
        self.write(MANIFEST, lambda write: write(body + "\n"))

    def _still_ours(self, manifest: dict[str, Identity | None]) -> set[str]:
        """The names of ``manifest`` whose file is still the one we wrote."""
        return {
            name
            for name, identity in manifest.items()
            if identity is not None and _identity(self.root / name) == identity
        }

    def _read_manifest(self) -> dict[str, Identity | None] | None:
        """Name → identity of what earlier exports wrote; None when no manifest of ours."""
        data = _read_own_json(self.root / MANIFEST)
        if not isinstance(data, dict) or data.get("written_by") != "resim-tui export":
            return None
        files = data.get("files")
        if isinstance(files, list):  # before identities were recorded: names only
            return {f: None for f in files if isinstance(f, str) and _safe(f)}
        if not isinstance(files, dict):
            return {}
        return {n: _as_identity(i) for n, i in files.items() if isinstance(n, str) and _safe(n)}


def _read_own_json(path: Path) -> Any:
    """JSON from a regular file of our user's, not through a symlink; None otherwise."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return None
        if info.st_size > _MANIFEST_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return json.loads(handle.read(_MANIFEST_BYTES).decode("utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def _identity(path: Path) -> Identity | None:
    try:
        info = os.lstat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return (info.st_ino, info.st_size, info.st_mtime_ns)


def _as_identity(value: object) -> Identity | None:
    if isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value):
        return (value[0], value[1], value[2])
    return None


def _present(path: Path) -> bool:
    return path.exists() or path.is_symlink()


def _safe(name: str) -> bool:
    """A bare file name: no directory part, not . or .., no NUL or control character."""
    return (
        bool(name)
        and name not in (".", "..")
        and "/" not in name
        and "\\" not in name
        and not any(ord(c) < 32 or c == "\x7f" for c in name)
        and len(name.encode("utf-8")) <= 255
    )


def _check_name(name: str) -> None:
    if not _safe(name):
        # Slugs cannot produce such a name; this guards against a future mistake.
        raise ExportError(f"refusing to write {name!r}: not a plain file name")
