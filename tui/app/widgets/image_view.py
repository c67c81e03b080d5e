"""An image metric, or a navigable image list, shown in the terminal.

Pictures are drawn by textual-image: Kitty graphics or Sixel where the
terminal has them, Unicode half-blocks elsewhere (tmux, plain SSH). Files
are read only through ``tui.model.read_external``, which refuses paths that
leave the outputs directory; decoding happens in a worker, and an image
whose header claims more than MAX_PIXELS is refused before any pixel is
decoded (decompression bombs).
"""

from __future__ import annotations

import io
import warnings
from typing import Any, cast

from PIL import Image as PILImage
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from tui.model import Metric, read_external
from tui.model.values import ImageListValues, ImageValues, Ref
from tui.text.safe import printable

# textual-image draws with Kitty graphics or Sixel where the terminal has them. It asks the
# terminal what it can draw when it is imported, which must happen before Textual owns the
# terminal, and costs a round trip (more over a slow SSH link, a timeout where nothing
# answers). So the CLI calls probe_terminal_graphics() before the app starts, and only when
# the file has pictures; otherwise, or when the probe fails (it divides by the reported
# terminal size, which a fresh pseudo-terminal may give as 0x0), pictures are drawn as
# half-blocks here.
TerminalImage: Any = None


def probe_terminal_graphics() -> bool:
    """Import textual-image (it probes the terminal); True when its widget is usable."""
    global TerminalImage
    try:
        from textual_image.widget import Image
    except Exception:  # any failure of the probe means "no terminal graphics"
        return False
    TerminalImage = Image
    return True


MAX_PIXELS = 40_000_000
PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, for any other caller too


def half_blocks(image: PILImage.Image, width: int, height: int) -> Text:
    """The picture as ``▀`` cells: the top pixel is the foreground, the bottom the background."""
    small = image.convert("RGB").resize((max(width, 1), max(height, 1) * 2))
    pixels = small.load()
    assert pixels is not None  # an image in memory always has its pixels

    def colour(col: int, row: int) -> str:
        red, green, blue = cast("tuple[int, int, int]", pixels[col, row])  # RGB: three bands
        return f"#{red:02x}{green:02x}{blue:02x}"

    text = Text()
    for row in range(0, small.height, 2):
        for col in range(small.width):
            top, bottom = colour(col, row), colour(col, row + 1)
            text.append("▀", style=f"{top} on {bottom}")
        text.append("\n")
    text.rstrip()
    return text


def _cells_of(picture: Widget) -> tuple[int | None, int | None]:
    """The width and height in cells a picture was given (None where it was not)."""
    width, height = picture.styles.width, picture.styles.height
    return (
        width.cells if width is not None else None,
        height.cells if height is not None else None,
    )


class ImageError(Exception):
    """An image cannot be shown; the message is a short reason for the user."""


def decode(ref: Ref) -> PILImage.Image:
    """Read and decode the image a reference names; raises ImageError with a reason."""
    data = ref.data
    if data is None:
        raise ImageError("image data missing from the file")
    if data.file is None:
        raise ImageError(f"{printable(data.name, 60)} is not an external file")
    if not data.file.ok:
        raise ImageError(f"{printable(data.file.raw, 80)}: {data.file.problem}")
    try:
        raw = read_external(data.file)
    except OSError as exc:
        raise ImageError(f"{printable(data.file.raw, 80)}: cannot read it ({exc})") from None
    if not raw:
        raise ImageError(f"{printable(data.file.raw, 80)}: empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            image = PILImage.open(io.BytesIO(raw))
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ImageError(
                    f"{printable(data.file.raw, 80)}: {width}x{height} pixels is too large"
                )
            image.load()
    except ImageError:
        raise
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise ImageError(
            f"{printable(data.file.raw, 80)}: too many pixels (decompression bomb?)"
        ) from None
    except Exception as exc:  # Pillow raises many kinds for broken files
        raise ImageError(
            f"{printable(data.file.raw, 80)}: not a readable image ({type(exc).__name__})"
        ) from None
    return image


def image_refs(metric: Metric) -> list[Ref]:
    values = metric.values
    if isinstance(values, ImageValues):
        return [values.image]
    if isinstance(values, ImageListValues):
        return list(values.images)
    return []


class ImageView(Vertical):
    """The picture(s) of an image or image-list metric; ←/→ or n/p move in a list."""

    DEFAULT_CSS = """
    ImageView { height: auto; }
    ImageView > .image-caption { height: 1; }
    ImageView > .image-message { height: auto; }
    """

    BINDINGS = [
        # p is Problems everywhere: images step with the arrows and with [ ] (from the tree).
        Binding("left", "step(-1)", "Images", key_display="←→"),
        Binding("right", "step(1)", "Next image", show=False),
    ]

    class _Decoded(Message):
        def __init__(self, index: int, image: PILImage.Image | None, error: str | None) -> None:
            super().__init__()
            self.index = index
            self.image = image
            self.error = error

    def __init__(self, metric: Metric, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.can_focus = True
        self.metric = metric
        self.refs = image_refs(metric)
        self.index = 0
        self._image: PILImage.Image | None = None  # the picture on show, to resize it

    def compose(self) -> ComposeResult:
        yield Static("", classes="image-caption")
        yield Static(Text("loading…", style="dim"), classes="image-message")

    def on_mount(self) -> None:
        self._load()

    def action_step(self, step: int) -> None:
        if len(self.refs) > 1:
            self.index = (self.index + step) % len(self.refs)
            self._load()

    def caption(self) -> str:
        if not self.refs:
            return "no images"
        ref = self.refs[self.index]
        name = ref.data.file.raw if ref.data is not None and ref.data.file is not None else ref.name
        prefix = f"{self.index + 1}/{len(self.refs)}: " if len(self.refs) > 1 else ""
        return prefix + printable(name, 120)

    def _gone(self) -> bool:
        # A new selection or a reload removes this view at any moment, even between
        # its mount and the end of a decode: then its parts are no longer there.
        return not self.is_attached or not self.query(".image-message")

    def _load(self) -> None:
        if self._gone():
            return
        self.query_one(".image-caption", Static).update(Text(self.caption()))
        self._set_message("loading…")
        if self.refs:
            self._decode(self.index, self.refs[self.index])
        else:
            self._set_message("this metric names no images")

    @work(thread=True, exclusive=True, group="image", description="decode image")
    def _decode(self, index: int, ref: Ref) -> None:
        try:
            self.post_message(self._Decoded(index, decode(ref), None))
        except ImageError as exc:
            self.post_message(self._Decoded(index, None, str(exc)))

    @on(_Decoded)
    def _decoded(self, message: _Decoded) -> None:
        message.stop()
        if message.index != self.index or self._gone():
            return
        for old in self.query(".image-body"):
            old.remove()
        if message.image is None:
            self._set_message(message.error or "cannot show this image")
            return
        self._set_message("")
        self._image = message.image
        width, height = self._cells(*message.image.size)
        if TerminalImage is not None:
            picture: Static = TerminalImage(message.image, classes="image-body")
        else:
            picture = Static(half_blocks(message.image, width, height), classes="image-body")
        picture.styles.width, picture.styles.height = width, height
        self.mount(picture)

    def on_resize(self) -> None:
        # The first decode may finish before this view has its width; size it again.
        image = self._image
        if image is None:
            return
        width, height = self._cells(*image.size)
        for picture in self.query(".image-body"):
            if _cells_of(picture) != (width, height):
                if TerminalImage is None and isinstance(picture, Static):
                    picture.update(half_blocks(image, width, height))
                picture.styles.width, picture.styles.height = width, height

    def _cells(self, width_px: int, height_px: int) -> tuple[int, int]:
        """A size in cells that keeps the aspect ratio (a cell is about twice as tall as wide)."""
        room_w = self.size.width
        if room_w < 8 and isinstance(self.parent, Widget):  # not laid out yet: the pane's width
            room_w = self.parent.size.width - 2
        room_w = max(room_w, 8)
        room_h = max(int(self.app.size.height * 0.6), 4)
        ratio = width_px / max(height_px, 1)
        height = room_h
        width = round(height * ratio * 2)
        if width > room_w:
            width = room_w
            height = round(width / ratio / 2)
        return max(width, 1), max(height, 1)

    def _set_message(self, text: str) -> None:
        widget = self.query_one(".image-message", Static)
        widget.update(Text(text, style="dim"))
        widget.display = bool(text)
