"""``resim-tui serve`` as a user runs it: start, answer on loopback, draw in Chromium, stop.

The Chromium test drives Debian's headless chromium over the DevTools
protocol: ``--screenshot`` with ``--virtual-time-budget`` fast-forwards a
page's clock and takes its picture before the viewer process has started
(about a second of real time), so it only ever shows the loading dialog.
"""

from __future__ import annotations

import asyncio
import base64
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import numpy as np
import pytest

from tests.conftest import SAMPLES
from tui.cli.commands.serve import banner, child_command, is_loopback

SAMPLE = SAMPLES / "all_types"
CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,800",
]
PAGE_MARKERS = ("textual-terminal", "data-session-websocket-url", "js/textual.js")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(port: int, path: str = "/", headers: dict[str, str] | None = None) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.fixture
def server() -> Iterator[tuple[subprocess.Popen[str], int]]:
    """``resim-tui serve samples/all_types`` on a free port, answering; stopped after."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "tui", "serve", str(SAMPLE), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            status, _ = get(port)
            if status == 200:
                break
        except OSError:
            pass
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "serve did not answer within 30 s"
        time.sleep(0.2)
    yield process, port
    if process.poll() is None:
        process.kill()
        process.wait(10)


def stop(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=20)
    return process.returncode, out, err


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.slow
def test_serves_the_app_page_on_loopback_and_stops_cleanly(server) -> None:
    process, port = server
    status, page = get(port)
    assert status == 200
    for marker in PAGE_MARKERS:
        assert marker in page
    # The page's websocket URL follows the address the browser used (SSH forwards).
    assert f"ws://127.0.0.1:{port}/ws" in page
    assert f"ws://localhost:{port}/ws" in get(port, headers={"Host": f"localhost:{port}"})[1]
    code, out, err = stop(process)
    assert code == 0, err
    assert "Traceback" not in err
    assert f"http://localhost:{port}" in out
    assert f"ssh -L {port}:127.0.0.1:{port}" in out


@pytest.mark.slow
def test_refuses_foreign_hosts_and_cross_site_websockets(server) -> None:
    process, port = server
    assert get(port, headers={"Host": f"evil.example:{port}"})[0] == 403
    upgrade = {
        "Connection": "Upgrade",
        "Upgrade": "websocket",
        "Sec-WebSocket-Version": "13",
        "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode(),
        "Origin": "http://evil.example",
    }
    assert get(port, "/ws", headers=upgrade)[0] == 403
    assert stop(process)[0] == 0


@pytest.mark.slow
def test_viewer_process_ends_when_the_browser_leaves(server) -> None:
    """A browser that leaves while its viewer starts (a quick reload) leaves no process."""
    process, port = server

    async def visit(hold: float) -> None:
        async with aiohttp.ClientSession() as session:
            url = f"ws://127.0.0.1:{port}/ws?width=120&height=40"
            async with session.ws_connect(url, headers={"Origin": f"http://127.0.0.1:{port}"}):
                await asyncio.sleep(hold)

    for hold in (0.0, 0.3, 2.0):
        asyncio.run(visit(hold))
    deadline = time.monotonic() + 15
    while children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert children(process.pid) == []
    assert stop(process)[0] == 0


@pytest.mark.slow
def test_unreadable_path_and_busy_port_exit_2(tmp_path: Path) -> None:
    missing = subprocess.run(
        [sys.executable, "-m", "tui", "serve", str(tmp_path / "nope")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2
    assert "no such file" in missing.stderr
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        taken = subprocess.run(
            [sys.executable, "-m", "tui", "serve", str(SAMPLE), "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert taken.returncode == 2
    assert "in use" in taken.stderr and "--port" in taken.stderr
    assert "Traceback" not in taken.stderr


def test_command_banner_and_addresses() -> None:
    command = child_command(Path("/tmp/a dir/it's here/metrics.binproto"))
    assert command.startswith("exec ")
    assert "'/tmp/a dir/it'\"'\"'s here/metrics.binproto'" in command
    assert sys.executable in command
    text = banner(Path("/x/metrics.binproto"), "127.0.0.1", 8000)
    assert "ssh -L 8000:127.0.0.1:8000" in text and "http://localhost:8000" in text
    assert all(is_loopback(h) for h in ("127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"))
    assert not any(is_loopback(h) for h in ("0.0.0.0", "::", "10.0.0.1", "example.com"))


@pytest.mark.slow
def test_help_reads_like_a_man_page() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "serve", "--help"], capture_output=True, text=True
    )
    assert result.returncode == 0
    for part in ("ssh -L 8000:127.0.0.1:8000", "http://localhost:8000", "exit status", "examples"):
        assert part in result.stdout
    assert "--child" not in result.stdout
    assert all(len(line) <= 80 for line in result.stdout.splitlines())


# --- the picture in a real browser -------------------------------------------------------


_KEYS = {"ArrowDown": 40, "ArrowUp": 38, "Enter": 13, "Tab": 9}


async def _devtools_screenshot(
    url: str, png: Path, profile: Path, keys: tuple[str, ...] = ()
) -> dict:
    """Open ``url`` in headless Chromium, wait until the viewer has drawn, save a PNG.

    ``keys`` (names from _KEYS) are pressed once the viewer is drawn.
    """
    process = subprocess.Popen(
        [CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        endpoint = _devtools_endpoint(process)
        async with aiohttp.ClientSession() as http, http.ws_connect(endpoint, max_msg_size=0) as ws:
            calls = iter(range(1, 1_000_000))

            async def call(method: str, session: str | None = None, **params: object) -> dict:
                ident = next(calls)
                message = {"id": ident, "method": method, "params": params}
                if session:
                    message["sessionId"] = session
                await ws.send_json(message)
                while True:
                    reply = await ws.receive_json(timeout=30)
                    if reply.get("id") == ident:
                        assert "error" not in reply, reply
                        return reply["result"]

            target = await call("Target.createTarget", url="about:blank")
            attached = await call(
                "Target.attachToTarget", targetId=target["targetId"], flatten=True
            )
            session = attached["sessionId"]
            await call(
                "Emulation.setDeviceMetricsOverride",
                session,
                width=1280,
                height=800,
                deviceScaleFactor=1,
                mobile=False,
            )
            await call("Page.navigate", session, url=url)
            state = {}
            deadline = time.monotonic() + 45
            while time.monotonic() < deadline:
                result = await call(
                    "Runtime.evaluate",
                    session,
                    expression="({drawn: document.body.classList.contains('-first-byte'),"
                    " closed: document.body.classList.contains('-closed')})",
                    returnByValue=True,
                )
                state = result["result"].get("value") or {}
                if state.get("drawn") or state.get("closed"):
                    break
                await asyncio.sleep(0.25)
            # The first bytes arrive before the whole screen: give it a moment to paint.
            await asyncio.sleep(2.0)
            if keys:
                # Keys go to the terminal's hidden textarea, as when a user clicks the page.
                await call(
                    "Runtime.evaluate",
                    session,
                    expression="document.querySelector('.xterm-helper-textarea').focus()",
                )
            for key in keys:
                for kind in ("keyDown", "keyUp"):
                    await call(
                        "Input.dispatchKeyEvent",
                        session,
                        type=kind,
                        key=key,
                        code=key,
                        windowsVirtualKeyCode=_KEYS[key],
                    )
                await asyncio.sleep(0.3)
            if keys:
                await asyncio.sleep(2.0)
            shot = await call("Page.captureScreenshot", session, format="png")
            png.write_bytes(base64.b64decode(shot["data"]))
            return state
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def _devtools_endpoint(process: subprocess.Popen[str]) -> str:
    assert process.stderr is not None
    deadline = time.monotonic() + 30
    for line in process.stderr:
        found = re.search(r"DevTools listening on (ws://\S+)", line)
        if found:
            return found.group(1)
        assert time.monotonic() < deadline, "chromium did not start"
    raise AssertionError("chromium exited before listening")


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="chromium not installed (apt-get install chromium)")
def test_chromium_shows_the_app_drawn(server, tmp_path: Path) -> None:
    """The page draws the viewer, and keys typed in the page reach it (two down: a chart)."""
    from PIL import Image

    process, port = server
    png = tmp_path / "serve.png"
    url = f"http://localhost:{port}/"
    keys = ("ArrowDown", "ArrowDown")
    state = asyncio.run(_devtools_screenshot(url, png, tmp_path / "profile", keys))
    assert state.get("drawn") and not state.get("closed"), state
    if os.environ.get("RESIM_TUI_KEEP_SCREENSHOT"):
        shutil.copy(png, os.environ["RESIM_TUI_KEEP_SCREENSHOT"])
    image = Image.open(png).convert("RGB")
    assert image.size == (1280, 800)
    # The metric tree: bright text down the left, where the loading dialog has only
    # a dotted background.
    tree = image.crop((0, 40, 460, 400)).convert("L")
    assert sum(tree.histogram()[151:]) > 2_000
    # The third metric's chart on the right: coloured series in its plot. The card puts
    # the chart first, so the plot starts near the top of the pane: take the whole pane.
    plot = np.asarray(image.crop((500, 100, 1260, 760)), dtype=np.int16)
    coloured = int(np.count_nonzero(plot.max(axis=2) - plot.min(axis=2) > 80))
    assert coloured > 1_000, coloured
    assert stop(process)[0] == 0
