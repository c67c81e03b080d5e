"""serve's limits: a cap on viewers at once, with a clear refusal, and clamped sizes."""

from __future__ import annotations

import asyncio

import pytest
from aiohttp import web
from aiohttp.test_utils import make_mocked_request

from tui.cli.web_server import MAX_COLUMNS, MAX_ROWS, ViewerServer, clamp_size


def test_sizes_are_clamped() -> None:
    assert clamp_size(10_000, 10_000) == (MAX_COLUMNS, MAX_ROWS)
    assert clamp_size(-5, 0) == (20, 5)
    assert clamp_size(120, 40) == (120, 40)


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
        assert "2 viewers are open already" in (refused.value.text or "")
    finally:
        for task in waiting:
            task.cancel()
