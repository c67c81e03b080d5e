"""The export directory: created if missing, written only inside, never clobbered.

Every file is written to a temporary name in the directory and renamed over
its final name, so a reader never sees half a file and a symlink planted
under one of our names is replaced, not followed out of the directory. A
manifest (``.resim-tui-export.json``) lists what earlier exports wrote: those
files may be overwritten; any other file under a name we need is left alone
unless the user passes ``--force``.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

MANIFEST = ".resim-tui-export.json"
_SHOWN_CONFLICTS = 5

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
        ours = manifest or set()
        conflicts = [n for n in names if n not in ours and _present(self.root / n)]
        if manifest is None and _present(self.root / MANIFEST):
            conflicts.append(MANIFEST)
        if conflicts:
            shown = ", ".join(conflicts[:_SHOWN_CONFLICTS])
            more = len(conflicts) - _SHOWN_CONFLICTS
            rest = f" and {more} more" if more > 0 else ""
            raise ExportError(
                f"{self.root} already holds {shown}{rest}, not written by resim-tui export; "
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
        except OSError as exc:
            with contextlib.suppress(OSError):
                temp.unlink()
            raise ExportError(f"{final}: cannot write it ({exc.strerror or exc})") from None
        self.written.append(name)

    def finish(self, prune: bool = False, keep: frozenset[str] = frozenset()) -> None:
        """Record what this export wrote, next to what earlier ones did.

        With ``prune``, files an earlier export wrote and this one did not (other
        than ``keep``) are removed: exporting again, say with fewer --metric, then
        leaves exactly this export's files, not a mix of old and new.
        """
        earlier = self._read_manifest() or set()
        written = set(self.written)
        if prune:
            for stale in sorted(earlier - written - keep):
                with contextlib.suppress(FileNotFoundError, IsADirectoryError):
                    (self.root / stale).unlink()  # unlink never follows a symlink
            earlier = earlier & (written | keep)
        names = sorted(earlier | written)
        body = json.dumps({"written_by": "resim-tui export", "files": names}, indent=1)
        self.write(MANIFEST, lambda write: write(body + "\n"))

    def _read_manifest(self) -> set[str] | None:
        """Names earlier exports wrote; None when there is no manifest of ours."""
        try:
            data = json.loads((self.root / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(data, dict) or data.get("written_by") != "resim-tui export":
            return None
        files = data.get("files")
        return (
            {f for f in files if isinstance(f, str) and _safe(f)}
            if isinstance(files, list)
            else set()
        )


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
