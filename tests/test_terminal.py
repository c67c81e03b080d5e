"""The viewer on a real pseudo-terminal: quiet while idle, usable at the sizes users have."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT
from tests.test_cli_paths import _set_size

# Pilot apps, pseudo-terminals: seconds each; the full suite runs them.
pytestmark = pytest.mark.slow

DEMO = ROOT / "tui" / "demo"


class Term:
    def __init__(self, *args: str, rows: int = 24, columns: int = 80, env: dict | None = None):
        self.leader, follower = pty.openpty()
        _set_size(follower, rows, columns)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "tui", *args],
            stdin=follower,
            stdout=follower,
            stderr=follower,
            cwd=ROOT,
            env={**os.environ, "TERM": "xterm-256color", **(env or {})},
        )
        os.close(follower)

    def read(self, seconds: float) -> bytes:
        """What the app writes in the next ``seconds``."""
        out = b""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.leader], [], [], 0.05)
            if ready:
                try:
                    out += os.read(self.leader, 65536)
                except OSError:
                    break
        return out

    def settle(self, *wanted: bytes, quiet: float = 1.0, limit: float = 90.0) -> bytes:
        """Read until every ``wanted`` string has been written and then ``quiet`` seconds
        pass without output. A loaded machine makes start-up slow, never wrong: the
        deadline is generous and only ends a run that hangs."""
        out = b""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            chunk = self.read(quiet)
            out += chunk
            if not chunk and all(w in out for w in wanted):
                break
        return out

    def close(self) -> int:
        os.write(self.leader, b"q")
        try:
            status = self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            status = -1
        os.close(self.leader)
        return status


def test_nothing_is_drawn_while_idle() -> None:
    term = Term(str(DEMO))
    try:
        first = term.settle(b"Metrics", "✔".encode())
        assert b"Metrics" in first
        idle = term.read(2.5)
        assert idle == b"", f"{len(idle)} bytes written while idle: {idle[:200]!r}"
    finally:
        assert term.close() == 0


@pytest.mark.parametrize(
    ("rows", "columns", "env"),
    [
        (24, 80, {"TERM": "xterm"}),
        (24, 80, {"TERM": "screen"}),
        (24, 80, {"NO_COLOR": "1"}),
        (60, 200, {"TERM": "xterm-256color"}),
    ],
)
def test_opens_and_quits_at_sizes_and_terminals(rows: int, columns: int, env: dict) -> None:
    term = Term(str(DEMO), rows=rows, columns=columns, env=env)
    try:
        shown = term.settle(b"Metrics", b"Quit", "✖ FAIL_BLOCK".encode(), "✔".encode())
        assert b"Metrics" in shown and b"Quit" in shown
        # Status reads by its glyph and word, whatever colours the terminal has (Textual
        # turns NO_COLOR into a grey-scale palette, so colour alone would say nothing).
        assert "✖ FAIL_BLOCK".encode() in shown and "✔".encode() in shown
    finally:
        assert term.close() == 0


def test_keys_typed_before_the_first_frame_are_dropped(monkeypatch) -> None:
    """Type-ahead from before the app took the terminal (arrow keys pressed while it
    starts) was cut by the terminal-graphics probe into stray text and half escape
    sequences, in tmux, which answers the probe: a filter nobody saw emptied the tree
    ('Metrics 0/4') and '?' opened help. Nothing was on screen to aim at, so the
    launcher drops it before the probe reads the terminal."""
    from tui.cli import launch

    leader, follower = pty.openpty()
    try:
        os.write(leader, b"\x1b[B\x1b[B\x1b[Bxy?\n")  # a line: readable in cooked mode
        with os.fdopen(os.dup(follower), "r") as stdin:
            monkeypatch.setattr(sys, "stdin", stdin)
            assert select.select([follower], [], [], 1.0)[0]  # the keys are waiting
            launch._drop_typeahead()
            assert not select.select([follower], [], [], 0.2)[0]  # and now gone
    finally:
        os.close(leader)
        os.close(follower)
