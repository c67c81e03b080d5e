"""serve's limits: a cap on viewers at once, with a clear refusal, and clamped sizes."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys

import pytest
from aiohttp import WSMsgType, web
from aiohttp.test_utils import make_mocked_request

from tui.cli.web_server import MAX_COLUMNS, MAX_ROWS, ViewerServer, clamp_size, idle_span


def test_sizes_are_clamped() -> None:
    assert clamp_size(10_000, 10_000) == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size(-5, 0) == (20, 5)
    assert clamp_size(120, 40) == (120, 40)


def test_the_idle_log_says_seconds_under_a_minute() -> None:
    assert idle_span(0.5) == "0.5 s"
    assert idle_span(30) == "30 s"
    assert idle_span(60) == "1 min"
    assert idle_span(1800) == "30 min"


async def test_a_viewer_past_the_cap_is_refused_with_a_message() -> None:
    server = ViewerServer("true", "127.0.0.1", 0, title="t")
    server.max_viewers = 2
    waiting = [asyncio.create_task(asyncio.sleep(60)) for _ in range(2)]
    server._viewers.update(waiting)
    try:
        request = make_mocked_request(
            "GET", "/ws?width=10000&height=10000", headers={"Host": "localhost:8000"}
        )
        with pytest.raises(web.HTTPServiceUnavailable) as refused:
            await server._guard(request, server.handle_websocket)
        assert "2 viewers open already" in (refused.value.text or "")
    finally:
        for task in waiting:
            task.cancel()


# `exec`, as serve's own child command: the process the server started is the viewer.
# The seconds carry this run's pid, so a suite running beside this one is not counted.
_COMMAND = f"exec sleep 60.{os.getpid()}"


def _left_behind() -> list[str]:
    """Viewer processes still running (the command is unique to these tests)."""
    found = subprocess.run(["pgrep", "-f", _COMMAND.removeprefix("exec ")], capture_output=True)
    return found.stdout.decode().split()


async def _serve(server: ViewerServer):
    from aiohttp.test_utils import TestClient, TestServer

    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    return client


@pytest.mark.slow
async def test_an_idle_viewer_is_closed_and_its_process_ended() -> None:
    # `sleep` stands in for the viewer: what matters is that its process ends.
    server = ViewerServer(_COMMAND, "127.0.0.1", 0, title="t")
    server.idle_timeout = 0.5
    client = await _serve(server)
    try:
        ws = await client.ws_connect("/ws?width=80&height=24", headers={"Host": "localhost"})
        await ws.send_json(["ping", "1"])  # the page's keep-alive is not activity
        closed = await asyncio.wait_for(ws.receive(), 20)
        while closed.type not in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            closed = await asyncio.wait_for(ws.receive(), 20)
        assert ws.close_code == 4000
        deadline = asyncio.get_running_loop().time() + 20
        while server._viewers and asyncio.get_running_loop().time() < deadline:
            await asyncio.sleep(0.05)
        assert not server._viewers
    finally:
        await client.close()


@pytest.mark.slow
async def test_junk_from_the_browser_is_ignored_not_fatal() -> None:
    server = ViewerServer(_COMMAND, "127.0.0.1", 0, title="t")
    client = await _serve(server)
    try:
        ws = await client.ws_connect("/ws?width=80&height=24", headers={"Host": "localhost"})
        await ws.send_str("not json")
        await ws.send_json(["resize", {"width": "x", "height": None}])
        await ws.send_json(["stdin"])
        await ws.send_json(["ping", "still here"])
        reply = await asyncio.wait_for(ws.receive_json(), 20)
        assert reply == ["pong", "still here"]
        assert server._viewers
    finally:
        await client.close()
    # Stopping the server ends its viewers before it returns (a cancelled handler
    # once abandoned them, and their transports outlived the event loop).
    assert not server._ending
    assert _left_behind() == []


async def _closed(ws, limit: float = 20.0) -> bool:
    """Whether the server closes ``ws`` within ``limit`` seconds (frames are read and
    dropped meanwhile, as a browser would draw them)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while (left := deadline - loop.time()) > 0:
        try:
            message = await asyncio.wait_for(ws.receive(), left)
        except TimeoutError:
            return False
        if message.type in (WSMsgType.CLOSE, WSMsgType.CLOSED, WSMsgType.CLOSING):
            return True
    return False


# The idle timeout in these tests, and how long activity is kept up: far past it, with
# a beat far shorter, so only a clock that is really reset keeps the viewer.
_IDLE = 1.5
_KEPT_UP = 3 * _IDLE
_BEAT = 0.1


@pytest.mark.slow
async def test_typing_in_the_browser_resets_the_idle_clock() -> None:
    server = ViewerServer(_COMMAND, "127.0.0.1", 0, title="t")
    server.idle_timeout = _IDLE
    client = await _serve(server)
    try:
        ws = await client.ws_connect("/ws?width=80&height=24", headers={"Host": "localhost"})
        loop = asyncio.get_running_loop()
        until = loop.time() + _KEPT_UP
        kinds = [["stdin", "j"], ["resize", {"width": 100, "height": 30}], ["focus", None]]
        beat = 0
        while loop.time() < until:
            await ws.send_json(kinds[beat % len(kinds)])
            beat += 1
            assert not await _closed(ws, _BEAT), "closed while someone was typing"
        assert server._viewers
        # Then the person leaves: pings alone do not keep it.
        await ws.send_json(["ping", "1"])
        assert await _closed(ws)
        assert ws.close_code == 4000
    finally:
        await client.close()
    assert _left_behind() == []


# A viewer stand-in that speaks textual-serve's protocol: its prelude, then a frame of
# screen every beat for a while (a view a live reload keeps changing), then nothing.
_DRAWING = f"""
import sys, time
out = sys.stdout.buffer
out.write(b"__GANGLION__\\n")
until = time.monotonic() + {_KEPT_UP}
while time.monotonic() < until:
    frame = b"\\x1b[2;1Hreloaded"
    out.write(b"D" + len(frame).to_bytes(4, "big") + frame)
    out.flush()
    time.sleep({_BEAT})
time.sleep(60)
"""


@pytest.mark.slow
async def test_a_browser_that_only_watches_a_changing_view_is_not_idle(tmp_path) -> None:
    script = tmp_path / f"drawing_{os.getpid()}.py"
    script.write_text(_DRAWING)
    server = ViewerServer(f"exec {sys.executable} {script}", "127.0.0.1", 0, title="t")
    server.idle_timeout = _IDLE
    client = await _serve(server)
    try:
        ws = await client.ws_connect("/ws?width=80&height=24", headers={"Host": "localhost"})
        first = await asyncio.wait_for(ws.receive(), 20)
        assert first.type == WSMsgType.BINARY and b"reloaded" in first.data
        # The browser sends nothing at all; the view changes for three idle timeouts.
        loop = asyncio.get_running_loop()
        until = loop.time() + _KEPT_UP - 2 * _BEAT
        while loop.time() < until:
            assert not await _closed(ws, _BEAT), "a watched, changing view was closed as idle"
        # Once the view stops changing too, it is idle.
        assert await _closed(ws)
        assert ws.close_code == 4000
    finally:
        await client.close()
    found = subprocess.run(["pgrep", "-f", str(script)], capture_output=True)
    assert found.stdout.split() == []
