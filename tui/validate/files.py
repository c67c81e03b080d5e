"""External files: warn when one is refused, missing, unreadable or not an image.

The model has already resolved every path (tui.model.paths): anything absolute, a URL, a
path leaving the outputs directory or a symlink leading out is refused there and never
opened. Here we open only files it accepted, again safely, and read the first few bytes.
"""

from __future__ import annotations

from tui.model.paths import ExternalFile, read_external
from tui.validate.context import Context, quote

HEAD_BYTES = 12

# Leading bytes of the image formats ReSim shows.
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"BM", "BMP"),
)

_HINT_PATH = "give the path relative to the directory that holds metrics.binproto"


def image_format(head: bytes) -> str | None:
    """The image format ``head`` (a file's first bytes) begins, or None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "WebP"
    return None


def check(ctx: Context) -> None:
    for data in ctx.doc.data:
        ref = data.file
        if ref is None or not ref.raw:  # an empty path is already an error
            continue
        shown = quote(ref.raw)
        if ref.refused:
            reason = (ref.problem or "").removeprefix("refused: ")
            ctx.warn(
                ctx.data(data.position, "external_file.path"),
                f"path {shown} is not opened: {reason}",
                "external-file-refused",
                _HINT_PATH,
            )
        elif ref.problem == "missing":
            ctx.warn(
                ctx.data(data.position, "external_file.path"),
                f"file {shown} does not exist in the outputs directory",
                "external-file-missing",
                "write the file next to metrics.binproto, or fix the path",
            )
        elif ref.problem is not None or ref.path is None:
            ctx.warn(
                ctx.data(data.position, "external_file.path"),
                f"file {shown} cannot be read: {ref.problem}",
                "external-file-unreadable",
                "check the file's permissions and type",
            )
        else:
            _image(ctx, data.position, ref, shown)


def _image(ctx: Context, position: int, ref: ExternalFile, shown: str) -> None:
    try:
        # Opened again from the outputs directory: what was checked at load may have
        # been swapped since for a symlink or a FIFO (tui.model.paths).
        head = read_external(ref, HEAD_BYTES)
    except OSError as exc:
        ctx.warn(
            ctx.data(position, "external_file.path"),
            f"file {shown} cannot be read: {exc.strerror or exc}",
            "external-file-unreadable",
            "check the file's permissions and type",
        )
        return
    if image_format(head) is None:
        what = "it is empty" if not head else f"it starts with {head[:8].hex(' ')}"
        ctx.warn(
            ctx.data(position, "external_file.path"),
            f"file {shown} is not a PNG, JPEG, GIF, WebP or BMP image ({what})",
            "external-file-not-image",
            "image metrics show images; save the figure as PNG",
        )
