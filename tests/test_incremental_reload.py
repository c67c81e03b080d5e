"""A reload that changed one metric redraws one line: structural checks, never timings.

The real viewer on a real file written with the official SDK; the file is then
rewritten on disk with one metric changed and reloaded. The tree's nodes built
before the reload must be the very same objects after it (pointing at the new
document's metrics), only the changed metric's line gets a new label, and the card
of the selected, unchanged metric is not built again.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from resim.metrics.python.metrics_writer import ResimMetricsWriter
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets.tree import TreeNode

from tests.sdk_jobs import MEDIUM, PASSED, WARN
from tui.app.options import Options
from tui.app.viewer import ResimApp
from tui.app.widgets import metric_tree
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree, Node
from tui.app.widgets.status_line import StatusLine
from tui.app.widgets.tree_rows import CHUNK
from tui.formats import load

CHANGED = 3  # the metric the rewrite changes: on screen, not the selected one


def _write(folder: Path, count: int, failing: int | None) -> Path:
    writer = ResimMetricsWriter(uuid.uuid4())
    for k in range(count):
        status = WARN if k == failing else PASSED
        writer.add_scalar_metric(f"Check {k:05d}").with_value(float(k)).with_status(
            status
        ).with_importance(MEDIUM)
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / "metrics.binproto"
    file.write_bytes(writer.write().metrics_msg.SerializeToString())
    return file


async def _until(
    pilot: Pilot[int], condition: Callable[[], object], timeout: float = 120.0
) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the app")
        await pilot.pause(0.02)


def _plain(node: TreeNode[Node]) -> str:
    label = node.label
    return label.plain if isinstance(label, Text) else label


async def _reload_keeps_unchanged_rows(tmp_path: Path, count: int) -> None:
    file = _write(tmp_path, count, failing=None)
    app = ResimApp(file, load(file), Options(watch=False))
    async with app.run_test(size=(120, 40)) as pilot:
        tree, card = app.query_one(MetricTree), app.query_one(MetricCard)
        status = app.query_one(StatusLine)
        await _until(pilot, lambda: app.report is not None and card.item is not None)
        await pilot.pause()
        first = app.document
        assert first is not None
        before = tree._all_nodes()
        labels = [_plain(n) for n in before]
        widgets = list(card.children)
        assert len(before) >= CHUNK and card.item is first.display_order[0]

        # Rewritten on disk as a writer does, one metric's status changed.
        content = _write(tmp_path / "next", count, failing=CHANGED).read_bytes()
        with open(file, "wb") as handle:
            handle.write(content)
        app.action_reload()
        # A big file's reload shows its outline first (tests/test_outline_first.py): the
        # rows are those of the whole file that follows it.
        await _until(pilot, lambda: app.document is not first and not app.partial)
        doc = app.document
        assert doc is not None
        changed = doc.display_order[CHANGED]
        await _until(pilot, lambda: app.report is not None and tree.marks.get(changed.name))
        await _until(pilot, lambda: status.outcome not in ("reloading…", "comparing…"))
        await pilot.pause()

        after = tree._all_nodes()
        assert [id(n) for n in after] == [id(n) for n in before]  # not one node rebuilt
        items = [n.data.item for n in after if n.data is not None and n.data.kind == "metric"]
        assert items == doc.display_order[: len(items)]  # each points at the new metric
        relabelled = [
            a.data.key if a.data else ""
            for a, was in zip(after, labels, strict=True)
            if _plain(a) != was
        ]
        assert relabelled == [f"metric:{changed.name}"]
        assert card.item is doc.display_order[0]  # the new object, shown by the old card
        assert list(card.children) == widgets


async def test_a_reload_relabels_only_the_changed_line(tmp_path: Path) -> None:
    await _reload_keeps_unchanged_rows(tmp_path, 2 * CHUNK + 50)


@pytest.mark.slow
async def test_a_reload_of_20k_metrics_rebuilds_no_tree_row_or_card(tmp_path: Path) -> None:
    await _reload_keeps_unchanged_rows(tmp_path, 20_000)


async def test_the_tree_index_of_a_load_and_a_reload_is_made_off_the_ui_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 20k metrics deriving the tree's index (display order, keys, filter text) stalled
    the UI thread on every load and reload: the load worker makes it now."""
    made_on: list[bool] = []  # True: on the UI thread
    real = metric_tree._Index.__init__

    def recording(self: object, doc: object) -> None:
        made_on.append(threading.current_thread() is threading.main_thread())
        real(self, doc)  # type: ignore[arg-type]

    monkeypatch.setattr(metric_tree._Index, "__init__", recording)
    file = _write(tmp_path, 50, failing=None)
    app = ResimApp(file, None, Options(watch=False))
    async with app.run_test(size=(80, 24)) as pilot:
        tree = app.query_one(MetricTree)
        await _until(pilot, lambda: app.document is not None and tree.first_metric_key())
        first = app.document
        file.write_bytes(_write(tmp_path / "next", 50, failing=1).read_bytes())
        app.action_reload()
        await _until(pilot, lambda: app.document is not first and tree.first_metric_key())
        await pilot.pause()
        assert tree._index is not None and tree._index.doc is app.document
    assert made_on == [False, False]  # one per document, both in a worker
