"""External files (images) named by a metrics file, resolved without escaping.

An ``ExternalFile.path`` is relative to the outputs directory. A hostile or
careless file may name ``../../etc/passwd``, ``/dev/zero``, a URL or a symlink
that leads out; none of those is ever opened. Nothing is expanded (``~``,
``$HOME``): the path is taken literally, as the platform would.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

MAX_FILE_BYTES = 64 * 1024 * 1024  # an image bigger than this is not read

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")


@dataclass(frozen=True, slots=True)
class ExternalFile:
    """A referenced file: the path as written and, if it is safe and present, where it is.

    ``problem`` is None when ``path`` is a readable regular file inside the
    outputs directory; otherwise a short reason ("missing", "refused: ...").
    """

    raw: str
    path: Path | None
    problem: str | None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def refused(self) -> bool:
        return self.problem is not None and self.problem.startswith("refused")


def resolve_external(root: Path, raw: str) -> ExternalFile:
    """Resolve ``raw`` inside ``root``; never touches anything outside it."""
    reason = _refusal(raw)
    if reason:
        return ExternalFile(raw, None, f"refused: {reason}")
    base = root.resolve()
    candidate = Path(os.path.normpath(base / raw))
    if not _inside(candidate, base):
        return ExternalFile(raw, None, "refused: leaves the outputs directory")
    # Follow symlinks only after the lexical check, and check again.
    real = candidate.resolve()
    if not _inside(real, base):
        return ExternalFile(raw, None, "refused: a symlink leads outside the outputs directory")
    try:
        info = real.stat()
    except FileNotFoundError:
        return ExternalFile(raw, real, "missing")
    except OSError as exc:
        return ExternalFile(raw, real, f"unreadable ({exc.strerror or exc})")
    if not stat.S_ISREG(info.st_mode):
        return ExternalFile(raw, real, "not a regular file")
    if info.st_size > MAX_FILE_BYTES:
        return ExternalFile(raw, real, f"too large ({info.st_size:,} bytes)")
    return ExternalFile(raw, real, None)


def read_external(ref: ExternalFile) -> bytes:
    """Read a resolved file; raises OSError with a short reason otherwise."""
    if ref.path is None or ref.problem is not None:
        raise OSError(ref.problem or "not resolved")
    with open(ref.path, "rb") as handle:
        return handle.read(MAX_FILE_BYTES + 1)[:MAX_FILE_BYTES]


def _refusal(raw: str) -> str | None:
    if not raw:
        return "empty path"
    if "\x00" in raw:
        return "the path contains a NUL byte"
    if _URL.match(raw):
        return "URLs are never fetched"
    if raw.startswith(("/", "\\")) or _DRIVE.match(raw):
        return "absolute path"
    return None


def _inside(path: Path, base: Path) -> bool:
    return path == base or base in path.parents
