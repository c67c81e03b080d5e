"""Hostile text in every string field of the schema stays inert on every surface.

The file comes from tests/hostile_jobs.py (official SDK, then every string
field found by walking the proto descriptor gets a payload of escapes, C1,
bidi/invisible characters and markup with actions). Each surface's output is
scanned: no forbidden character, valid XML/JSON, markup shown as text and
never acted on.
"""

from __future__ import annotations

import contextlib
import io
import json
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest
from google.protobuf.descriptor import Descriptor, FieldDescriptor
from resim.metrics.proto import metrics_pb2 as sdk_pb2
from textual.widgets import Select, Static

from tests.hostile_jobs import (
    MARKUP,
    PAYLOAD,
    PWNED,
    every_string,
    forbidden,
    repeated,
    write_hostile,
)
from tui.app.viewer import ResimApp
from tui.cli import main
from tui.formats import load
from tui.model import Metric


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Struct keys stay as they are, so the Plotly figures still draw."""
    return write_hostile(tmp_path_factory.mktemp("hostile")).parent


@pytest.fixture(scope="module", params=["struct values", "struct keys too"])
def variant(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("variant")
    return write_hostile(folder, struct_keys=request.param == "struct keys too").parent


def _cli(*args: str) -> tuple[int, str]:
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8") + err.getvalue()


def test_the_payload_is_in_every_string_field(tmp_path: Path) -> None:
    message = sdk_pb2.JobMetrics()
    message.ParseFromString(write_hostile(tmp_path, struct_keys=True).read_bytes())
    strings = every_string(message)
    assert _string_fields(message) == _schema_string_fields(message.DESCRIPTOR)
    ids = sum(1 for s in strings if len(s) == 36 and s.count("-") == 4)
    assert sum(s.startswith(PAYLOAD) for s in strings) + ids == len(strings)


def _schema_string_fields(descriptor: Descriptor, seen: set[str] | None = None) -> set[str]:
    seen = set() if seen is None else seen
    if descriptor.full_name in seen:
        return set()
    seen.add(descriptor.full_name)
    found: set[str] = set()
    for field in descriptor.fields:
        if field.type == FieldDescriptor.TYPE_STRING:
            found.add(field.full_name)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            found |= _schema_string_fields(field.message_type, seen)
    return found


def _string_fields(message: object) -> set[str]:
    found: set[str] = set()
    for field, value in message.ListFields():  # type: ignore[attr-defined]
        if field.type == FieldDescriptor.TYPE_STRING:
            found.add(field.full_name)
        elif field.type == FieldDescriptor.TYPE_MESSAGE:
            items = value.values() if field.message_type.GetOptions().map_entry else value
            if field.message_type.GetOptions().map_entry and value:
                found.add(field.message_type.full_name + ".key")
            items = items if repeated(field) else [value]
            for item in items:
                if hasattr(item, "ListFields"):
                    found |= _string_fields(item)
    return found


@pytest.mark.parametrize(
    "args",
    [
        ("show",),
        ("show", "--ascii"),
        ("show", "--width", "60"),
        ("check",),
        ("check", "--format", "json"),
        ("check", "--format", "github"),
        ("check", "--format", "junit"),
        ("export", "--format", "json", "--to", "-"),
    ],
    ids=" ".join,
)
def test_command_output_is_inert(variant: Path, args: tuple[str, ...]) -> None:
    code, text = _cli(*args, str(variant))
    assert code in (0, 1), text[-2000:]
    assert not forbidden(text), forbidden(text)
    if "--ascii" in args:
        assert text.isascii()
    if args[0] == "show":
        assert MARKUP[:20] in text  # markup is shown as text, not swallowed
    if "json" in args:
        json.loads(text[text.index("{") :])
    if "junit" in args:
        ElementTree.fromstring(text)


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_exported_files_are_inert(hostile: Path, tmp_path: Path, fmt: str) -> None:
    code, text = _cli("export", str(hostile), "--format", fmt, "--to", str(tmp_path / "out"))
    assert code == 0, text
    assert not forbidden(text)
    files = [p for p in (tmp_path / "out").rglob("*") if p.is_file()]
    assert files
    for path in files:
        assert not forbidden(path.name), path.name
        body = path.read_text(encoding="utf-8")
        assert not forbidden(body), (path.name, forbidden(body))
        if path.suffix == ".json":
            json.loads(body)


@pytest.mark.slow
def test_svg_is_valid_xml_and_inert(hostile: Path, tmp_path: Path) -> None:
    doc = load(hostile)
    keyed = next(m.name for m in doc.metrics if m.name.endswith("Keyed"))
    target = tmp_path / "shot.svg"
    code, text = _cli("show", str(hostile), "--metric", keyed, "--svg", str(target))
    assert code == 0, text
    body = target.read_text(encoding="utf-8")
    ElementTree.fromstring(body)
    assert not forbidden(body)


def _screen_text(app: ResimApp) -> tuple[str, list[str]]:
    """What is on screen (every layer, overlays and toasts too) and its click actions."""
    lines, actions = [], []
    for strip in app.screen._compositor.render_strips():
        lines.append("".join(segment.text for segment in strip))
        for segment in strip:
            meta = segment.style.meta if segment.style else {}
            if "@click" in meta:
                actions.append(str(meta["@click"]))
    return "\n".join(lines), actions


def _plain_strings(app: ResimApp) -> list[str]:
    """Widgets that were handed a markup-parsed str holding file text (the unsafe path)."""
    out = []
    for widget in app.screen.walk_children(with_self=False):
        content = widget.content if isinstance(widget, Static) else None
        if (
            isinstance(content, str)
            and widget._render_markup
            and ("[" in content or forbidden(content))
        ):
            out.append(f"{type(widget).__name__}: {widget.content[:80]!r}")
    for select in app.screen.query(Select):
        for prompt, _ in getattr(select, "_options", []):
            if isinstance(prompt, str) and ("[" in prompt or forbidden(prompt)):
                out.append(f"Select option {prompt[:80]!r}")
    return out


async def _settle(app: ResimApp, pilot) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


def _check(app: ResimApp, where: str) -> None:
    text, actions = _screen_text(app)
    assert not forbidden(text), (where, forbidden(text))
    assert not [a for a in actions if "quit" in a or "screenshot" in a], (where, actions)
    assert not _plain_strings(app), (where, _plain_strings(app))
    assert app.is_running, where


@pytest.mark.slow
async def test_every_card_and_drop_down_is_inert(
    hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the screenshot action would write here
    app = ResimApp(hostile / "metrics.binproto")
    async with app.run_test(size=(160, 50)) as pilot:
        await _settle(app, pilot)
        doc = app.document
        assert doc is not None
        for item in [*doc.metrics, *doc.events, *doc.data]:
            app.jump_to(item)
            await _settle(app, pilot)
            where = f"{type(item).__name__} {item.name[-20:]!r}"
            _check(app, where)
            if isinstance(item, Metric):
                await pilot.press("t")
                await _settle(app, pilot)
                _check(app, where + " (table)")
                for select in app.screen.query(Select):
                    if select.display and select.region.width:
                        await pilot.click(select)
                        await _settle(app, pilot)
                        _check(app, where + " (drop-down open)")
                        await pilot.press("escape")
                await pilot.press("t")
                await pilot.press("right_square_bracket", "right_square_bracket")
                await _settle(app, pilot)
                _check(app, where + " (next category)")
        await pilot.press("p")
        await _settle(app, pilot)
        _check(app, "problems screen")
    assert not (tmp_path / PWNED).exists()
    assert not any(p.suffix == ".svg" for p in tmp_path.iterdir())


async def test_a_hostile_name_gone_on_reload_is_a_plain_notice(tmp_path: Path) -> None:
    folder = tmp_path / "job"
    write_hostile(folder)
    app = ResimApp(folder / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await _settle(app, pilot)
        doc = app.document
        assert doc is not None
        app.jump_to(doc.metrics[0])
        await _settle(app, pilot)
        message = sdk_pb2.JobMetrics()
        message.ParseFromString((folder / "metrics.binproto").read_bytes())
        del message.job_level_metrics.metrics[0]
        (folder / "metrics.binproto").write_bytes(message.SerializeToString())
        await pilot.press("r")
        await _settle(app, pilot)
        assert app.is_running
        _check(app, "after reload")
        notices = [n.message for n in app._notifications]
        assert any("is gone from the file" in n for n in notices), notices
