"""Hostile text stays inert on the surfaces added after tests/test_hostile_surfaces.py:
Metrics 2.0 (emissions, topic and field names, config names, descriptions, SQL and
its errors, Liquid output, media paths that lead out, a YAML alias bomb), batch
folders whose job names are escapes, bidi or markup (``show DIR``, ``check DIR`` in
every format, the jobs table), ``diff`` in every format and the ``e`` CSV file.

Every output is scanned for the characters no surface may emit, markup must be shown
as text and never acted on, JSON and JUnit must parse, and nothing outside the job
may be read (the contents of /etc/passwd never appear).
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import re
import time
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.hostile_jobs import LONG, MARKUP, PWNED, forbidden, write_hostile, write_long
from tests.hostile_m2 import ESCAPES, write_alias_bomb, write_hostile_m2
from tests.test_hostile_surfaces import _check, _settle
from tui.app.batch_viewer import BatchViewer
from tui.app.options import Options
from tui.app.viewer import ResimApp
from tui.cli import main
from tui.export.metric_csv import write_csv
from tui.formats import load

# Job folder names: a retitle and a CSI, bidi override, markup with an action, C1.
JOB_NAMES = ["\x1b]0;T\x07job", "\u202ejob-bidi", "[@click=app.quit]job", "job\x9b2J", "plain"]
# What /etc/passwd holds on every Unix: seeing it in an output means a read outside.
PASSWD = "root:x:0:0"


@pytest.fixture(scope="module")
def m2_job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("resim.sdk.metrics.emissions")
    return write_hostile_m2(tmp_path_factory.mktemp("m2") / "job")


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("batch")
    for name in JOB_NAMES:
        write_hostile(root / name)
    return root


def _cli(*args: str) -> tuple[int, str]:
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8") + err.getvalue()


def _inert(text: str, args: tuple[str, ...]) -> None:
    assert not forbidden(text), forbidden(text)
    assert PASSWD not in text, "a file outside the job was read"
    if "--ascii" in args:
        assert text.isascii()
    if "json" in args:
        json.loads(text[text.index("{") :])
    if "junit" in args:
        ElementTree.fromstring(text)


M2_COMMANDS = [
    ("show",),
    ("show", "--ascii"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--format", "junit"),
    ("export", "--format", "json", "--to", "-"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", M2_COMMANDS, ids=" ".join)
def test_metrics2_command_output_is_inert(m2_job: Path, args: tuple[str, ...]) -> None:
    code, text = _cli(*args, str(m2_job))
    assert code in (0, 1), text[-2000:]
    _inert(text, args)
    assert MARKUP[:20] in text  # shown as text, not swallowed


@pytest.mark.slow
def test_metrics2_media_that_lead_out_are_refused_by_check(m2_job: Path) -> None:
    # Judged as the viewer opens them: a symlink out or a loop is refused, not found fine
    # because stat() followed it.
    code, text = _cli("check", str(m2_job))
    assert code == 1
    refused = [line for line in text.splitlines() if "[media-path]" in line]
    for escape in ESCAPES:
        assert any(repr(escape) in line for line in refused), (escape, refused)


@pytest.mark.slow
def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    job = write_alias_bomb(tmp_path / "bomb")
    started = time.perf_counter()
    code, text = _cli("check", str(job))
    assert time.perf_counter() - started < 60  # loose: a billion entries if expanded
    assert code == 1 and "yaml" in text.lower()
    _inert(text, ("check",))


@pytest.fixture(scope="module")
def long_job(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_long(tmp_path_factory.mktemp("long")).parent


LONG_COMMANDS = [
    ("show",),
    ("show", "--ascii"),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--format", "junit"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", LONG_COMMANDS, ids=" ".join)
def test_1_mb_strings_in_every_field_cost_a_bounded_output(
    long_job: Path, args: tuple[str, ...]
) -> None:
    # 31 strings of a megabyte each (every string field the job holds): what is shown
    # of them is cut, so no report grows with them (a JSON report repeated a 1 MB name
    # in every problem of its object).
    code, text = _cli(*args, str(long_job))
    assert code in (0, 1), text[-2000:]
    _inert(text, args)
    assert len(text) < LONG, f"{len(text):,} characters of output"


BATCH_COMMANDS = [
    ("show",),
    ("check",),
    ("check", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--format", "junit"),
]


@pytest.mark.slow
@pytest.mark.parametrize("args", BATCH_COMMANDS, ids=" ".join)
def test_batch_output_with_hostile_job_names_is_inert(batch: Path, args: tuple[str, ...]) -> None:
    code, text = _cli(*args, str(batch))
    assert code in (0, 1), text[-2000:]
    _inert(text, args)
    assert "[@click=app.quit]job" in text  # the job is named, as text


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_diff_output_is_inert(batch: Path, fmt: str) -> None:
    code, text = _cli("diff", str(batch / "plain"), str(batch / JOB_NAMES[0]), "--format", fmt)
    assert code in (0, 1), text[-2000:]
    _inert(text, (fmt,))
    if fmt == "github":  # one workflow command per line, none smuggled in by a name
        assert all(line.startswith("::") for line in text.splitlines() if line)


@pytest.mark.slow
def test_the_e_csv_files_stay_in_their_folder_and_are_inert(
    batch: Path, m2_job: Path, tmp_path: Path
) -> None:
    for source in (batch / "plain", m2_job):
        out = tmp_path / source.name
        out.mkdir()
        for metric in load(source).metrics:
            for path in write_csv(metric, out):
                assert path.parent == out, path
                assert not forbidden(path.name), path.name
                body = path.read_text(encoding="utf-8")
                assert not forbidden(body), (path.name, forbidden(body))
                # A cell from the file never starts a formula, whatever comes before it.
                for line in body.splitlines():
                    for cell in line.split(","):
                        assert not cell.lstrip(' "').startswith(("=", "+", "@")), cell


async def _until(pilot, check: Callable[[], bool], limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.05)


@pytest.mark.slow
async def test_every_metrics2_card_is_inert(
    m2_job: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the screenshot action would write here
    app = ResimApp(m2_job)
    async with app.run_test(size=(160, 50)) as pilot:
        await _until(pilot, lambda: app.document is not None and app.report is not None)
        await _settle(app, pilot)
        doc = app.document
        assert doc is not None
        for item in [*doc.metrics, *doc.events, *doc.data]:
            app.jump_to(item)
            await _settle(app, pilot)
            _check(app, f"{type(item).__name__} {item.name[-20:]!r}")
            await pilot.press("t")
            await _settle(app, pilot)
            _check(app, f"{item.name[-20:]!r} (table)")
            await pilot.press("t")
        await pilot.press("p")
        await _settle(app, pilot)
        _check(app, "problems screen")
    assert not (tmp_path / PWNED).exists()


@pytest.mark.slow
async def test_the_jobs_table_with_hostile_job_names_is_inert(
    batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = BatchViewer(batch, Options(watch=False))
    async with app.run_test(size=(160, 50)) as pilot:
        await _until(pilot, lambda: app.screen is app.jobs)
        await _settle(app, pilot)
        _check(app, "jobs table")
        await pilot.press("enter")  # open the first job: its header and toasts
        await _until(pilot, lambda: app.screen is not app.jobs)
        await _settle(app, pilot)
        _check(app, "a job opened from the table")
    assert not (tmp_path / PWNED).exists()


@pytest.mark.slow
async def test_every_card_with_1_mb_strings_is_inert(
    long_job: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = ResimApp(long_job / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(pilot, lambda: app.document is not None)
        await _settle(app, pilot)
        doc = app.document
        assert doc is not None
        for item in [*doc.metrics, *doc.events, *doc.data]:
            app.jump_to(item)
            await _settle(app, pilot)
            _check(app, f"{type(item).__name__} {item.name[-20:]!r}")
    assert not (tmp_path / PWNED).exists()


def _baseline(batch: Path, tmp_path: Path) -> Path:
    """The hostile job with its first metric gone and every double shifted: a baseline
    that differs everywhere it can, so every compare mark and note is drawn."""
    from resim.metrics.proto import metrics_pb2 as sdk_pb2

    message = sdk_pb2.JobMetrics()
    message.ParseFromString((batch / "plain" / "metrics.binproto").read_bytes())
    del message.job_level_metrics.metrics[0]
    for data in message.metrics_data:
        if data.series.HasField("doubles"):
            data.series.doubles.series[:] = [v + 1.5 for v in data.series.doubles.series]
    folder = tmp_path / "baseline"
    folder.mkdir()
    (folder / "metrics.binproto").write_bytes(message.SerializeToString())
    return folder / "metrics.binproto"


@pytest.mark.slow
async def test_compare_mode_and_the_chart_readout_are_inert(
    batch: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app.widgets.browser import Browser
    from tui.app.widgets.metric_tree import MetricTree

    monkeypatch.chdir(tmp_path)
    a = _baseline(batch, tmp_path)
    b = batch / "plain" / "metrics.binproto"
    app = ResimApp(b, load(b), Options(watch=False, side_a=a, side_a_document=load(a)))
    async with app.run_test(size=(160, 50)) as pilot:
        await _until(pilot, lambda: app.query_one(Browser).compare.result is not None)
        await _settle(app, pilot)
        _check(app, "compare: tree and marks")
        doc = app.document
        assert doc is not None
        readouts: list[str] = []
        for item in [*doc.metrics, *doc.events]:
            app.jump_to(item)
            await _settle(app, pilot)
            where = f"compare {type(item).__name__} {item.name[-20:]!r}"
            _check(app, where)
            # The cursor's readout: the value, its series and status, under the chart.
            await pilot.press("tab", "right", "right")
            await _settle(app, pilot)
            _check(app, where + " (readout)")
            readouts += [str(r.render()) for r in app.query(".chart-readout").results(Static)]
            app.query_one(MetricTree).focus()
        assert any(MARKUP[:10] in text for text in readouts), "no readout was drawn"
        await pilot.press("p")
        await _settle(app, pilot)
        _check(app, "compare: problems of both sides")
    assert not (tmp_path / PWNED).exists()


# What the viewer itself writes to its terminal: cursor moves and colours (CSI) and the
# pointer shape (OSC 22). Anything else that is an escape came from the file.
_OWN_ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\]22;[a-z-]*\x07")


@pytest.mark.slow
async def test_serve_page_and_frames_are_inert(tmp_path: Path) -> None:
    """The page is the server's own (the job's name in it as escaped text), the file's
    text reaches the browser only inside the terminal stream, drawn as text."""
    from aiohttp import WSMsgType
    from aiohttp.test_utils import TestClient, TestServer

    from tui.cli.commands.serve import child_command
    from tui.cli.web_server import ViewerServer

    job = write_hostile(tmp_path / ("<b>x</b>\x1b]0;T\x07\u202e\x9bjob".replace("/", ""))).parent
    server = ViewerServer(child_command(job), "127.0.0.1", 0, title="resim-tui · " + job.name)
    client = TestClient(TestServer(await server._make_app()))
    await client.start_server()
    try:
        page = await (await client.get("/", headers={"Host": "localhost"})).text()
        assert not forbidden(page), forbidden(page)
        assert "<b>x" not in page and "&lt;b&gt;x" in page
        ws = await client.ws_connect("/ws?width=120&height=40", headers={"Host": "localhost"})
        frames, messages = b"", []
        deadline = time.monotonic() + 90
        # Until the job is drawn (its markup shown as text), then until the view is still.
        while time.monotonic() < deadline:
            try:
                message = await asyncio.wait_for(ws.receive(), 3)
            except TimeoutError:
                if MARKUP[:24].encode() in frames:
                    break
                continue
            if message.type == WSMsgType.BINARY:
                frames += message.data
            elif message.type == WSMsgType.TEXT:
                messages.append(message.data)
            else:
                break
        await ws.close()
    finally:
        await client.close()
    stream = frames.decode("utf-8")
    assert MARKUP[:24] in stream, "the job was not drawn"
    text = _OWN_ESCAPES.sub("", stream)
    assert not forbidden(text), forbidden(text)
    for message in messages:  # the server's own JSON, nothing from the file raw
        json.loads(message)
        assert not forbidden(message)
