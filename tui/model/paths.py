"""External files (images) named by a metrics file, opened without ever escaping.

An ``ExternalFile.path`` is relative to the outputs directory. A hostile or
careless file may name ``../../etc/passwd``, ``/dev/zero``, a URL, a FIFO or a
symlink that leads out or loops; none of those is ever opened. Nothing is
expanded (``~``, ``$HOME``): the path is taken literally, as the platform would.

Checking a path and opening it later is a race (the file or a folder on the way
can be swapped for a symlink or a FIFO in between), so every read walks the
path again from a descriptor of the outputs directory, one component at a
time, ``openat``-style: folders are opened with ``O_NOFOLLOW``, symlinks are
followed by hand only while they stay inside, the file itself is opened with
``O_NOFOLLOW | O_NONBLOCK`` and must be a regular file on the descriptor that
is read. Nothing here can block or follow a link out, whatever changes on disk.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

MAX_FILE_BYTES = 64 * 1024 * 1024  # an image bigger than this is not read
MAX_LINKS = 40  # as the kernel's own limit: more hops than this is a loop

_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_O_FILE = os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC | getattr(os, "O_NONBLOCK", 0)
_O_FILE |= getattr(os, "O_NOCTTY", 0)
_O_DIR = os.O_RDONLY | _O_NOFOLLOW | _O_CLOEXEC | _O_DIRECTORY


class Refused(OSError):
    """The path is never opened; the message says why (for the user)."""


@dataclass(frozen=True, slots=True)
class ExternalFile:
    """A referenced file: the path as written and, if it is safe and present, where it is.

    ``problem`` is None when ``path`` is a readable regular file inside the
    outputs directory; otherwise a short reason ("missing", "refused: ...").
    ``root`` is the outputs directory: reads walk from it again.
    """

    raw: str
    path: Path | None
    problem: str | None
    root: Path | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None

    @property
    def refused(self) -> bool:
        return self.problem is not None and self.problem.startswith("refused")


def resolve_external(root: Path, raw: str) -> ExternalFile:
    """Find ``raw`` inside ``root`` (opening it safely, reading nothing)."""
    reason = _refusal(raw)
    if reason:
        return ExternalFile(raw, None, f"refused: {reason}", root)
    try:
        fd, where = open_inside(root, raw)
    except Refused as exc:
        return ExternalFile(raw, None, f"refused: {exc}", root)
    except FileNotFoundError:
        return ExternalFile(raw, root / raw, "missing", root)
    except NotADirectoryError:
        return ExternalFile(raw, root / raw, "missing (a folder on the way is a file)", root)
    except _NotRegular as exc:
        return ExternalFile(raw, root / raw, str(exc), root)
    except OSError as exc:
        return ExternalFile(raw, root / raw, f"unreadable ({exc.strerror or exc})", root)
    try:
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if size > MAX_FILE_BYTES:
        return ExternalFile(raw, where, f"too large ({size:,} bytes)", root)
    return ExternalFile(raw, where, None, root)


def read_external(ref: ExternalFile, limit: int = MAX_FILE_BYTES) -> bytes:
    """Up to ``limit`` bytes of a resolved file, opened again safely; raises OSError
    with a short reason (refused, missing, not a regular file, too large)."""
    if ref.problem is not None or ref.root is None:
        raise OSError(ref.problem or "not resolved")
    fd, _ = open_inside(ref.root, ref.raw)
    try:
        size = os.fstat(fd).st_size
        if size > MAX_FILE_BYTES:
            raise OSError(f"too large ({size:,} bytes)")
        chunks: list[bytes] = []
        left = min(limit, MAX_FILE_BYTES)
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


class _NotRegular(OSError):
    pass


def open_inside(root: Path, raw: str) -> tuple[int, Path]:
    """A read-only descriptor of the regular file ``raw`` names inside ``root``, and
    where it is; raises Refused, FileNotFoundError, NotADirectoryError or OSError."""
    reason = _refusal(raw)
    if reason:
        raise Refused(reason)
    fds = [os.open(root, os.O_RDONLY | _O_CLOEXEC | _O_DIRECTORY)]
    names: list[str] = []
    todo = list(PurePosixPath(raw).parts)
    links = 0
    try:
        while todo:
            name = todo.pop(0)
            if name in ("", "."):
                continue
            if name == "..":
                if not names:
                    raise Refused("leaves the outputs directory")
                names.pop()
                os.close(fds.pop())
                continue
            info = os.stat(name, dir_fd=fds[-1], follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                links += 1
                if links > MAX_LINKS:
                    raise Refused("a symlink loop")
                target = os.readlink(name, dir_fd=fds[-1])
                if target.startswith("/"):
                    inside = _under(Path(target), root)
                    if inside is None:
                        raise Refused("a symlink leads outside the outputs directory")
                    while len(fds) > 1:
                        os.close(fds.pop())
                    names = []
                    todo = list(inside.parts) + todo
                else:
                    todo = list(PurePosixPath(target).parts) + todo
                continue
            if todo:
                fds.append(_open(name, _O_DIR, fds[-1]))
                names.append(name)
                continue
            fd = _open(name, _O_FILE, fds[-1])
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                os.close(fd)
                raise _NotRegular("not a regular file")
            return fd, root.joinpath(*names, name)
        raise _NotRegular("not a regular file (the outputs directory itself)")
    finally:
        for fd in fds:
            os.close(fd)


def _open(name: str, flags: int, dir_fd: int) -> int:
    try:
        return os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        # ELOOP/EMLINK: it became a symlink after we looked: someone is swapping it.
        if exc.errno in (errno.ELOOP, errno.EMLINK):
            raise Refused("it was swapped for a symlink while being opened") from None
        raise


def _under(target: Path, root: Path) -> PurePosixPath | None:
    """An absolute link target relative to ``root`` (lexically), or None when outside.
    What it names is walked again, component by component, like any other path."""
    lexical = Path(os.path.normpath(target))
    for base in (Path(os.path.abspath(root)), Path(os.path.realpath(root))):
        if lexical == base or base in lexical.parents:
            return PurePosixPath(lexical.relative_to(base))
    return None


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
