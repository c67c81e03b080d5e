"""Live reload follows the outputs directory by its path: deleted and made again, or
renamed away and replaced, the viewer reads the new one and says when it has none."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.test_live_reload import BASIC, Recorder, _app, _open, _until, _v2
from tui.app.widgets.status_line import StatusLine
from tui.live.messages import FileGone


@pytest.fixture
def outputs(tmp_path: Path) -> Path:
    folder = tmp_path / "outputs"
    shutil.copytree(BASIC, folder)
    return folder


def _gone(recorder: Recorder) -> bool:
    return any(isinstance(m, FileGone) for m in recorder.seen)


@pytest.mark.slow
@pytest.mark.parametrize(
    "how",
    [
        # Made again at once, the folder often gets its old inode number back: it must
        # still be read as new (this was a flaky xfail while the watch compared inodes).
        "deleted",
        "renamed away",
    ],
)
async def test_a_replaced_directory_is_followed(outputs: Path, how: str) -> None:
    file = outputs / "metrics.binproto"
    recorder = Recorder()
    app = _app(file)
    async with app.run_test(size=(120, 40), message_hook=recorder) as pilot:
        await _open(app, pilot, recorder)
        if how == "deleted":
            shutil.rmtree(outputs)
        else:
            outputs.rename(outputs.with_name("old-outputs"))
        await _until(pilot, lambda: _gone(recorder))
        status = app.query_one(StatusLine)
        assert "gone" in status.outcome and status.outcome_kind == "busy"
        before = recorder.loads()
        outputs.mkdir()
        (outputs / "metrics.binproto").write_bytes(_v2())
        await _until(pilot, lambda: recorder.loads() > before)
        await pilot.pause(0.1)
        doc = app.document
        assert doc is not None and doc.status.name == "FAIL_BLOCK_METRIC_STATUS"
        assert "A brand new metric" in {m.name for m in doc.metrics}
        assert status.outcome_kind == "ok" and "gone" not in status.outcome
