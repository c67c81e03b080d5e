"""textual-serve's Server, adapted for ``resim-tui serve``.

What changes from the stock server, and why:

- The page's URLs (scripts, websocket) are built from the Host the browser
  used, not from the bind address: through ``ssh -L 9000:127.0.0.1:8000``
  the browser is at localhost:9000, and a page pointing at 127.0.0.1:8000
  would never connect. Binding 0.0.0.0 would otherwise give ws://0.0.0.0.
- On the loopback address, requests must name a loopback Host (stops DNS
  rebinding: a web page whose domain resolves to 127.0.0.1), and the
  websocket must come from the page's own origin (stops any other site open
  in the browser from driving the viewer and reading the file).
- Every viewer process ends when its browser leaves: asked to quit, then
  terminated, then killed. A browser that leaves while its viewer is still
  starting (a quick reload) could otherwise leave a process behind.
- A viewer is closed after ``idle_timeout`` seconds in which nobody typed,
  clicked or resized and its view did not change: a forgotten browser tab
  holds a process and its memory for good otherwise. A tab that only watches
  a live reload is in use, and the viewer draws nothing while nothing changes
  (no blinking cursors), so any frame sent counts; the page's own pings do
  not.
- A short banner of ours instead of the logo, quiet logs, and a short
  shutdown so Ctrl+C returns at once even with browsers connected.

The stock handler's internals used here (AppService and its ``_process``)
are touched in this file only.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.server import Server, to_int

from tui.cli.hosts import is_loopback
from tui.text.plural import plural
from tui.text.safe import printable

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

log = logging.getLogger("resim-tui serve")

_HOST_HEADER = re.compile(r"^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$")
_SHUTDOWN_SECONDS = 3.0  # aiohttp's wait for handlers when stopping
_QUIT_SECONDS = 1.5  # a viewer's time to quit when asked, then to end on SIGTERM
# A terminal bigger than any screen only costs memory and time in the viewer.
MAX_COLUMNS, MAX_ROWS = 500, 200
MIN_COLUMNS, MIN_ROWS = 20, 5
_IDLE_CLOSE = 4000  # websocket close code (application range): closed for idleness


def idle_span(seconds: float) -> str:
    """How long a viewer sat idle, as the log says it: seconds under a minute."""
    if seconds < 59.5:  # "0 min" for a timeout of seconds said nothing
        return f"{seconds:.0f} s" if seconds >= 1 else f"{seconds:.1f} s"
    return f"{seconds / 60:.0f} min"


def clamp_size(width: int, height: int) -> tuple[int, int]:
    """The terminal size a browser asked for, within what a screen can show."""
    return (
        min(max(width, MIN_COLUMNS), MAX_COLUMNS),
        min(max(height, MIN_ROWS), MAX_ROWS),
    )


class _Activity:
    """When a person last used the viewer or the viewer last changed what it shows."""

    def __init__(self) -> None:
        self.last = time.monotonic()

    def touch(self) -> None:
        self.last = time.monotonic()


def _number(value: object, default: int) -> int:
    try:
        return int(str(value))
    except (TypeError, ValueError, OverflowError):
        return default


class _ClampedService(AppService):
    """A viewer whose terminal size, at start and on every resize, stays in bounds."""

    async def start(self, width: int, height: int) -> None:
        await super().start(*clamp_size(width, height))

    async def set_terminal_size(self, width: int, height: int) -> None:
        await super().set_terminal_size(*clamp_size(_number(width, 80), _number(height, 24)))


class ViewerServer(Server):
    """Serve one shell command (the viewer) to browsers; see the module docstring."""

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        # The page shows the title: a job folder named with escapes or bidi stays text.
        super().__init__(command, host=host, port=port, title=printable(title))
        self.banner = ""
        self.loopback = is_loopback(host)
        self._viewers: set[asyncio.Task[Any]] = set()
        # Each viewer being ended runs in its own task: a cancelled handler (the browser
        # gone, the server stopping) must not abandon its process half-stopped.
        self._ending: set[asyncio.Task[None]] = set()
        # Each browser costs a viewer process: past this many at once, a clear refusal.
        self.max_viewers = 8  # serve sets it from --max-viewers
        self.idle_timeout = 0.0  # seconds without input before closing; 0 never (serve sets it)

    def initialize_logging(self) -> None:
        # Warnings and errors only: a request log on every page load is noise here.
        logging.basicConfig(level=logging.WARNING, format="resim-tui serve: %(message)s")

    async def on_startup(self, app: web.Application) -> None:
        print(self.banner, flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        # A cancelled handler closes its socket and stops its viewer (its finally).
        # Wait for those: returning at once let the server (and its event loop) end
        # first, leaving viewer processes running and their transports unclosed.
        tasks = list(self._viewers)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=3 * _QUIT_SECONDS)
        if self._ending:
            await asyncio.wait(list(self._ending), timeout=3 * _QUIT_SECONDS)

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self._guard)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        host = request.headers.get("Host", "")
        if not _HOST_HEADER.match(host):
            raise web.HTTPBadRequest(text="bad Host header\n")
        if self.loopback and not is_loopback(_hostname(host)):
            raise web.HTTPForbidden(
                text="resim-tui serve listens on this machine only: open it as localhost\n"
            )
        if request.path == "/ws":
            if len(self._viewers) >= self.max_viewers:
                log.warning("refused a viewer: %d already open (--max-viewers)", self.max_viewers)
                raise web.HTTPServiceUnavailable(
                    text=f"resim-tui serve: {plural(self.max_viewers, 'viewer')} open already, the "
                    "most it runs at once; close one (or start serve with a higher "
                    "--max-viewers)\n"
                )
            origin = request.headers.get("Origin")
            if origin is not None and urlsplit(origin).netloc != host:
                raise web.HTTPForbidden(text="websocket from another site refused\n")
        elif request.path == "/":
            # Build this page's URLs from the address the browser used (module docstring).
            self.public_url = f"http://{host}"
        return await handler(request)

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """One browser: start its viewer, relay until it leaves, then make sure it ended."""
        websocket = web.WebSocketResponse(heartbeat=15)
        width = to_int(request.query.get("width", "80"), 80)
        height = to_int(request.query.get("height", "24"), 24)
        task = asyncio.current_task()
        if task is not None:
            self._viewers.add(task)
        service: AppService | None = None
        activity = _Activity()
        try:
            await websocket.prepare(request)

            async def write_bytes(data: bytes) -> None:  # a frame of the view: it changed
                activity.touch()
                await websocket.send_bytes(data)

            async def close() -> None:  # AppService wants None back, aiohttp gives a bool
                await websocket.close()

            service = _ClampedService(
                self.command,
                write_bytes=write_bytes,
                write_str=websocket.send_str,
                close=close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await service.start(width, height)
            await self._relay(websocket, service, activity)
        except asyncio.CancelledError:
            pass  # the server is stopping
        except Exception:
            log.exception("viewer connection failed")
        finally:
            self._viewers.discard(task)
            if service is not None:
                ending = asyncio.create_task(_end(service))
                self._ending.add(ending)
                ending.add_done_callback(self._ending.discard)
                with contextlib.suppress(asyncio.CancelledError):
                    await asyncio.shield(ending)
            with contextlib.suppress(Exception):
                await websocket.close()
        return websocket

    async def _relay(
        self, websocket: web.WebSocketResponse, app_service: AppService, activity: _Activity
    ) -> None:
        """Relay the browser's input to its viewer; close it when idle too long.

        The stock loop, with the idle watch; a message that is not the page's JSON
        envelope is ignored rather than ending the connection with a traceback."""
        watchdog = asyncio.create_task(self._close_when_idle(websocket, activity))
        try:
            async for message in websocket:
                if message.type != WSMsgType.TEXT:
                    continue
                try:
                    kind, data = message.json()
                except (ValueError, TypeError):
                    continue
                if kind == "ping":  # the page's keep-alive, not a person
                    await websocket.send_json(["pong", data])
                    continue
                if kind in ("stdin", "resize", "focus"):
                    activity.touch()
                if kind == "stdin" and isinstance(data, str):
                    await app_service.send_bytes(data.encode("utf-8"))
                elif kind == "resize" and isinstance(data, dict):
                    width, height = _number(data.get("width"), 80), _number(data.get("height"), 24)
                    await app_service.set_terminal_size(width, height)
                elif kind == "blur":
                    await app_service.blur()
                elif kind == "focus":
                    await app_service.focus()
        finally:
            watchdog.cancel()

    async def _close_when_idle(self, websocket: web.WebSocketResponse, activity: _Activity) -> None:
        if self.idle_timeout <= 0:
            return
        while True:
            left = activity.last + self.idle_timeout - time.monotonic()
            if left <= 0:
                break
            await asyncio.sleep(min(left, 60.0))
        log.warning("closed a viewer idle for %s (--idle-timeout)", idle_span(self.idle_timeout))
        await websocket.close(
            code=_IDLE_CLOSE, message=b"closed: no input and no change for a while; reload the page"
        )

    def serve(self, debug: bool = False) -> None:
        """Run until SIGINT/SIGTERM; returns normally (no traceback) when stopped."""
        self.debug = debug
        self.initialize_logging()
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        if sys.platform != "win32":
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
            shutdown_timeout=_SHUTDOWN_SECONDS,
            access_log=None,
        )


async def _end(service: AppService) -> None:
    """Ask the viewer to quit; terminate it, then kill it, if it does not."""
    with contextlib.suppress(Exception):
        await asyncio.wait_for(service.stop(), _QUIT_SECONDS)
    process = service._process
    if process is None or process.returncode is not None:
        return
    for stop in (process.terminate, process.kill):
        with contextlib.suppress(ProcessLookupError):
            stop()
        with contextlib.suppress(asyncio.TimeoutError):
            await asyncio.wait_for(process.wait(), _QUIT_SECONDS)
            return


def _hostname(host: str) -> str:
    if host.startswith("["):
        return host[1 : host.index("]")]
    return host.rsplit(":", 1)[0] if ":" in host else host
