"""Copying: OSC 52 byte for byte (file text never reaches the terminal raw), the CSV
copied or written beside the user in the export's format, and the keys in the app."""

from __future__ import annotations

import base64
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.explore_jobs import speed, write_speed
from tui.export.metric_csv import series_csv, write_csv
from tui.export.order import export_order
from tui.export.run import export_csv
from tui.formats import load
from tui.text.osc52 import LIMIT, clipboard_text, fits, osc52, reach


def test_osc52_is_the_exact_sequence() -> None:
    assert osc52("speed\t0.5\n") == b"\x1b]52;c;c3BlZWQJMC41Cg==\x07"
    assert osc52("") == b"\x1b]52;c;\x07"


@pytest.mark.parametrize(
    "hostile",
    [
        "a\x1b]52;c;ZXZpbA==\x07b",  # a nested OSC 52 of its own
        "\x1b[2J\x1b[31mred\x9b0m",  # CSI, 7-bit and 8-bit
        "bell\x07 nul\x00 del\x7f\r\n",
        "\u202eevil\u2066 \ufeff",  # bidi overrides, BOM
    ],
)
def test_osc52_never_carries_a_control_character_from_the_file(hostile: str) -> None:
    seq = osc52(hostile)
    assert seq.startswith(b"\x1b]52;c;") and seq.endswith(b"\x07")
    body = seq[len(b"\x1b]52;c;") : -1]
    assert re.fullmatch(rb"[A-Za-z0-9+/=]*", body)  # base64: printable ASCII only
    pasted = base64.b64decode(body).decode("utf-8")
    assert pasted == clipboard_text(hostile)
    # What a paste types: no control character but newline and tab, no bidi control.
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]", pasted)
    assert "\\x1b" in pasted or "\\u202e" in pasted or "\\x07" in pasted


def test_the_clipboard_limit() -> None:
    assert fits("x" * 1000)
    assert not fits("x" * LIMIT)  # base64 makes 4 bytes of 3


@pytest.fixture(scope="module")
def job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_speed(tmp_path_factory.mktemp("job"))


def test_the_written_csv_is_the_exports_file(job: Path, tmp_path: Path) -> None:
    doc = load(job)
    metric = doc.metrics[0]
    (path,) = write_csv(metric, tmp_path)
    assert path == tmp_path / "speed.csv"
    export_csv(export_order(doc), export_order(doc), tmp_path / "export", False)
    (exported,) = (tmp_path / "export").glob("*speed.csv")
    assert path.read_text() == exported.read_text()
    ns, y, _ = speed()
    lines = path.read_text().splitlines()
    assert len(lines) == len(ns) + 1 and lines[1].split(",")[1] == repr(float(y[0]))
    # Never over a file that is there: the next one is speed-2.csv.
    (again,) = write_csv(metric, tmp_path)
    assert again == tmp_path / "speed-2.csv" and again.read_text() == path.read_text()


def test_series_csv_is_the_same_text_and_stops_at_the_limit(job: Path, tmp_path: Path) -> None:
    metric = load(job).metrics[0]
    (path,) = write_csv(metric, tmp_path)
    assert series_csv(metric, 10**9) == path.read_text()
    assert series_csv(metric, 100) is None


async def _until(pilot, check, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        await pilot.pause()


@pytest.mark.slow
async def test_keys_copy_the_readout_the_series_and_write_the_file(
    job: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app.viewer import ResimApp
    from tui.app.widgets.chart_view import ChartView

    monkeypatch.chdir(tmp_path)
    for name in ("TMUX", "STY"):  # the toast's wording depends on them
        monkeypatch.delenv(name, raising=False)
    app = ResimApp(job / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: bool(app.query(ChartView)), "the chart")
        await pilot.press("y")  # no cursor: the metric's id
        await pilot.pause()
        metric = app.query_one(ChartView).metric
        assert app._clipboard == metric.id.raw
        await pilot.press("tab", "right", "y")
        await pilot.pause()
        view = app.query_one(ChartView)
        assert app._clipboard == view.readout(()).plain and app._clipboard.startswith("t = ")
        assert any("copied the readout" in n.message for n in app._notifications)
        whole = series_csv(metric, 10**9)
        assert whole is not None and whole.startswith("t_seconds,value,status\n")
        await pilot.press("Y")
        await _until(pilot, lambda: app._clipboard == whole, "the series copied")
        await pilot.press("e")
        await _until(pilot, lambda: (tmp_path / "speed.csv").exists(), "the file written")
        await _until(pilot, lambda: any("wrote" in n.message for n in app._notifications), "said")
        assert str(tmp_path / "speed.csv") in [n.message for n in app._notifications][-1]


def test_what_the_toast_says_about_where_the_copy_goes() -> None:
    tmux = {"TMUX": "/tmp/tmux-0/default,1,0"}
    assert reach(tmux, "on")[0] is None and "set-clipboard on" in reach(tmux, "on")[1]
    for setting in ("off", "external"):  # tmux drops a program's OSC 52 then
        works, said = reach(tmux, setting)
        assert works is False and f"set-clipboard {setting}" in said and "e writes" in said
    assert reach(tmux, "")[0] is None and "only with set-clipboard on" in reach(tmux, "")[1]
    assert "GNU screen" in reach({"STY": "1.pts-0"}, "")[1]
    works, said = reach({}, "")
    assert works is None and said.startswith("if your terminal allows OSC 52")


def _tmux(socket: str, *args: str) -> str:
    done = subprocess.run(
        ["tmux", "-L", socket, *args], capture_output=True, text=True, timeout=10, check=False
    )
    return done.stdout


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")
def test_y_in_a_real_tmux_lands_in_its_buffer_and_off_is_said(job: Path) -> None:
    """The viewer in a real tmux (its own server): with set-clipboard on, y puts the
    readout in tmux's paste buffer; with it off, the toast says the copy did not go."""
    socket = f"resim-osc52-{os.getpid()}"
    root = Path(__file__).resolve().parent.parent
    command = (
        f"cd {root} && PYTHONPATH={root} exec {sys.executable} -m tui {job / 'metrics.binproto'}"
    )
    _tmux(socket, "-f", "/dev/null", "new-session", "-d", "-s", "osc", "-x", "120", "-y", "40")
    try:
        _tmux(socket, "set", "-g", "set-clipboard", "on")
        _tmux(socket, "send-keys", "-t", "osc", command, "Enter")

        def wait_for(check, what: str) -> str:
            deadline = time.monotonic() + 60
            while True:
                screen = _tmux(socket, "capture-pane", "-p", "-t", "osc")
                # A toast wraps its words over lines, behind a bar: read them as one text.
                flat = " ".join(screen.replace("▌", " ").replace("▕", " ").split())
                if check(flat):
                    return screen
                assert time.monotonic() < deadline, f"{what}:\n{screen}"
                time.sleep(0.2)  # polling another process's screen, not timing a test

        wait_for(lambda s: "Speed" in s and "speed" in s, "the viewer is up")
        _tmux(socket, "send-keys", "-t", "osc", "Tab")
        _tmux(socket, "send-keys", "-t", "osc", "Right")
        wait_for(lambda s: "t = " in s, "the cursor's readout")
        _tmux(socket, "send-keys", "-t", "osc", "y")
        wait_for(lambda s: "to the clipboard, tmux has set-clipboard on" in s, "the toast")
        deadline = time.monotonic() + 20
        while not _tmux(socket, "show-buffer").startswith("t = "):
            assert time.monotonic() < deadline, "the readout in tmux's buffer"
            time.sleep(0.2)
        copied = _tmux(socket, "show-buffer")
        assert "speed" in copied and "\x1b" not in copied
        _tmux(socket, "set", "-g", "set-clipboard", "off")
        _tmux(socket, "set-buffer", "before")
        _tmux(socket, "send-keys", "-t", "osc", "y")
        wait_for(lambda s: "not copied: tmux drops OSC 52" in s, "the toast says it did not go")
        assert _tmux(socket, "show-buffer") == "before"
    finally:
        _tmux(socket, "kill-server")
