"""From a path on the command line to a decoded JobMetrics message.

Every failure here is a LoadError with one sentence a user can act on; it is
the only exception the loader raises. A file that parses is not trusted
blindly: protobuf is lenient (0 bytes, a bare Timestamp or a file cut at a
field boundary all parse), so an empty or all-unknown result is refused too.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from google.protobuf.message import DecodeError

from tui.formats.metrics1.sliced import WHOLE, Held, merge_sliced
from tui.model.errors import LoadError
from tui.schema import metrics_pb2

FILE_NAME = "metrics.binproto"
RESIM_OUTPUTS = Path("/tmp/resim/outputs")


def locate(path: Path | None) -> Path:
    """The metrics file a command-line path means.

    A file is itself; a directory means its ``metrics.binproto``; no path tries
    ``./metrics.binproto`` and then ReSim's ``/tmp/resim/outputs``.
    """
    if path is None:
        for candidate in (Path.cwd() / FILE_NAME, RESIM_OUTPUTS / FILE_NAME):
            if candidate.is_file():
                return candidate
        raise LoadError(
            f"no {FILE_NAME} here or in {RESIM_OUTPUTS}; give a file or an outputs directory"
        )
    if not path.exists():
        raise LoadError(f"{path}: no such file or directory")
    if path.is_dir():
        inner = path / FILE_NAME
        if inner.is_dir():
            raise LoadError(f"{inner}: is a directory, not a file")
        if not inner.exists():
            raise LoadError(f"no {FILE_NAME} found in {path}{_near_misses(path)}")
        return inner
    return path


def _near_misses(folder: Path) -> str:
    try:
        names = sorted(
            p.name for p in folder.iterdir() if "metrics" in p.name.lower() and p.is_file()
        )
    except OSError:
        return ""
    return f" (found {', '.join(names[:3])}; not loaded)" if names else ""


def read_message(file: Path) -> tuple[Any, int, Held]:
    """Read and parse ``file``; returns (LazyJobMetrics, size in bytes, the big series
    kept out of the message for the resolver: sliced.py)."""
    try:
        if not file.is_file():
            raise LoadError(f"{file}: not a regular file")
        with open(file, "rb") as handle:
            raw = handle.read()
    except LoadError:
        raise
    except OSError as exc:
        raise LoadError(f"{file}: cannot read it ({exc.strerror or exc})") from None
    held = Held()
    return parse(raw, file, held), len(raw), held


def parse(raw: bytes, file: Path | str, held: Held | None = None) -> Any:
    """Parse bytes as (Lazy)JobMetrics, refusing what is clearly something else.

    With ``held``, a big file is parsed a slice at a time and its big series are put
    there instead of in the message (the GIL is never held for long: sliced.py)."""
    if not raw:
        raise LoadError(f"{file}: the file is empty — still being written?", empty=True)
    # Lazy: every Series stays as bytes until a view decodes it (see wire.py).
    message = metrics_pb2.LazyJobMetrics()
    try:
        if held is not None and len(raw) > WHOLE:
            found = merge_sliced(message, raw)
            held.series, held.grouped = found.series, found.grouped
        else:
            message.ParseFromString(raw)
    except (DecodeError, RuntimeError, ValueError) as exc:
        raise LoadError(f"{file}: not a metrics file — {_what_it_is(raw, exc)}") from None
    clash = _mistyped_fields(message)
    if clash:
        raise LoadError(
            f"{file}: not a valid metrics file — field {clash} has the wrong wire type "
            "(corrupt, or a different message)"
        )
    if not _has_job_fields(message):
        raise LoadError(
            f"{file}: not a metrics file — it parses, but holds none of JobMetrics' fields "
            "(another kind of protobuf message?)"
        )
    return message


def _has_job_fields(message: Any) -> bool:
    return bool(
        message.HasField("job_id")
        or message.HasField("job_level_metrics")
        or len(message.metrics_data)
        or len(message.events)
        or message.metrics_status
    )


def _mistyped_fields(message: Any) -> str | None:
    """Name a known top-level field that arrived with the wrong wire type.

    Protobuf keeps such a field as an unknown field instead of failing, so a
    corrupt file would otherwise look like a smaller valid one. Unknown field
    numbers are fine: a newer writer may add fields.
    """
    try:
        from google.protobuf import unknown_fields
    except ImportError:  # protobuf < 4.22: skip the check rather than fail
        return None
    known: dict[int, str] = {f.number: f.name for f in message.DESCRIPTOR.fields}
    unknown = unknown_fields.UnknownFieldSet(message)
    for i in range(len(unknown)):  # indexed: protobuf's type stubs give it no __iter__
        item = unknown[i]
        if item.field_number in known:
            return known[item.field_number]
    return None


def _what_it_is(raw: bytes, exc: Exception) -> str:
    head = raw[:512]
    if head.startswith(b"\x1f\x8b"):
        return "it is gzip-compressed; decompress it first (gunzip)"
    if head.startswith(b"\x89PNG"):
        return "it is a PNG image"
    if head.startswith((b"\xff\xd8\xff", b"GIF8")):
        return "it is an image"
    stripped = head.lstrip()
    if stripped.startswith((b"{", b"[")):
        return "it looks like JSON; ReSim writes binary protobuf"
    if _is_text(head):
        return "it looks like text (protobuf text format?); ReSim writes binary protobuf"
    if isinstance(exc, RuntimeError) and "recursion" in str(exc).lower():
        return "it nests messages too deeply to decode"
    return (
        "the protobuf data cannot be decoded (truncated or corrupt, text that is not "
        "UTF-8, or messages nested too deeply)"
    )


def _is_text(head: bytes) -> bool:
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    # Binary protobuf often starts with "\n" (field 1) and a printable length byte.
    if not text or not text[0].isprintable() or text[0].isspace():
        return False
    return all(ch.isprintable() or ch in "\n\r\t" for ch in text)


def file_signature(path: Path) -> tuple[int, int] | None:
    """(size, mtime_ns) of a file, or None when it is not there; for reload checks."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_size, info.st_mtime_ns
