"""Finding rows in a metric's table (tui.model.table_search) at 5M rows, and the keys of
the raw-data table in the app: search, failing only, go to row N, next failing row."""

from __future__ import annotations

import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from tests.explore_jobs import speed, write_speed
from tui.charts import scale
from tui.model import table_search as ts
from tui.model.columns import Column
from tui.text.formatting import cell

N = 5_000_000


@pytest.fixture(scope="module")
def big() -> list[Column]:
    ns = np.arange(N, dtype=np.int64) * 10_000_000
    y = np.sin(np.arange(N) / 5000.0) * 10
    y[4_321_000] = 12.5  # speed passes the limit here first
    status = np.where(y > 9.99, 5, 1).astype(np.int32)
    return [Column("timestamp", ns), Column("double", y), Column("status", status)]


def test_parse_says_what_is_searched() -> None:
    assert ts.parse("FAIL_BLOCK") == ts.Query("status", codes=(5,))
    assert ts.parse("fail") == ts.Query("status", codes=(2, 5))
    assert ts.parse("> 3.5") == ts.Query("compare", ">", 3.5)
    assert ts.parse("<=-1e3") == ts.Query("compare", "<=", -1000.0)
    assert ts.parse("0.5") == ts.Query("number", "=", 0.5)
    assert ts.parse("t = 12.5") == ts.Query("time", "=", 12.5)
    assert ts.parse("12.5s") == ts.Query("time", ">=", 12.5)
    assert ts.parse("t>3") == ts.Query("time", ">", 3.0)
    assert ts.parse("Drive") == ts.Query("text", text="drive")
    assert ts.parse("  ") is None


@pytest.mark.slow  # 5M rows: about a second
def test_a_value_search_over_5m_rows(big: list[Column]) -> None:
    mask = ts.matches(big, ts.parse("> 12"))
    assert np.flatnonzero(mask).tolist() == [4_321_000]
    assert ts.step(mask, -1, 1) == 4_321_000 and ts.step(mask, 4_321_000, 1) is None
    assert ts.step(mask, N, -1) == 4_321_000 and ts.step(mask, 4_321_000, -1) is None
    shown = ts.matches(big, ts.parse("12.5"))  # a value as the table shows it
    assert np.flatnonzero(shown).tolist() == [4_321_000]
    y = big[1].values
    near = ts.matches(big, ts.parse(f"{y[123_456]:.6g}"))
    assert near[123_456] and near.sum() < 10


@pytest.mark.slow  # 5M rows: about a second
def test_a_time_and_a_status_search_over_5m_rows(big: list[Column]) -> None:
    at = ts.matches(big, ts.parse("t = 43210.5"))
    assert np.flatnonzero(at).tolist() == [4_321_050]
    after = ts.matches(big, ts.parse("43210.5s"))
    assert ts.step(after, -1, 1) == 4_321_050
    failing = ts.matches(big, ts.parse("FAIL_BLOCK"))
    expect = np.flatnonzero(big[2].values == 5)
    assert len(expect) and np.array_equal(np.flatnonzero(failing), expect)
    assert np.array_equal(ts.failing(big[2]), expect)


EPOCH_NS = 1_772_409_599 * 10**9  # 2026-03-01 23:59:59 UTC: the data crosses midnight


@pytest.fixture(scope="module")
def absolute() -> list[Column]:
    ns = EPOCH_NS + np.arange(N, dtype=np.int64) * 1_000_000  # 1 ms apart, 5000 s
    return [Column("timestamp", ns), Column("double", np.zeros(N))]


def test_parse_reads_utc_clock_times() -> None:
    q = ts.parse("12:34:56.5")
    assert q is not None and q.kind == "clock" and q.op == ">=" and not q.dated
    assert q.clock_ns == ((12 * 60 + 34) * 60 + 56) * 10**9 + 500_000_000
    assert q.unit_ns == 100_000_000
    dated = ts.parse("t = 2026-03-02T00:00:01Z")
    assert dated is not None and dated.dated and dated.op == "="
    assert dated.clock_ns == EPOCH_NS + 2 * 10**9
    assert ts.parse("t < 2026-03-02 00:00:01 UTC") == replace(dated, op="<")
    assert dated.describe() == "t = 2026-03-02 00:00:01 UTC"
    # Not times of day: searched as text.
    for text in ("25:00:00", "12:61", "2026-02-30 10:00:00"):
        assert ts.parse(text) == ts.Query("text", text=text.lower())


@pytest.mark.slow  # 5M rows: about a second
def test_an_absolute_time_search_over_5m_rows_as_the_axis_shows_it(
    absolute: list[Column],
) -> None:
    ns = absolute[0].values
    # A clock time alone is on the first timestamp's date (the axis title's).
    first = ts.step(ts.matches(absolute, ts.parse("23:59:59.5")), -1, 1)
    assert first == 500
    # Past midnight it takes the date, as the table's cells show it.
    later = ts.matches(absolute, ts.parse("2026-03-02 00:10:00"))
    assert ts.step(later, -1, 1) == (1 + 600) * 1000
    # "=": every row that shows as the digits typed, cut (a cell) or rounded (a readout).
    second = np.flatnonzero(ts.matches(absolute, ts.parse("= 2026-03-02 00:00:30")))
    assert second[0] == 30_500 and second[-1] == 31_999
    rng = np.random.default_rng(3)
    for row in [*rng.integers(0, 1000, 5).tolist(), *rng.integers(0, N, 20).tolist()]:
        seconds = int(ns[row]) / 1e9
        for shown in (
            scale.clock(seconds, step=1e-3),  # the chart's readout / tick, rounded
            scale.clock(seconds, with_date=True).replace(" UTC", ""),  # whole seconds
            cell("timestamp", ns[row]),  # the table cell, cut to ms
        ):
            if "-" not in shown and row >= 1000:
                continue  # a clock time alone is on the first day; this row is not
            mask = ts.matches(absolute, ts.parse("= " + shown))
            assert mask[row], (row, shown)
            assert mask.sum() <= 1500


def test_text_cells_match_in_any_case() -> None:
    states = Column("string", np.array(["Park", "Drive", "Reverse", "drive"] * 1000, dtype=object))
    mask = ts.matches([states], ts.parse("DRIVE"))
    assert mask.sum() == 2000 and mask[1] and mask[3] and not mask[0]


def test_steps_wrap_nowhere_and_start_from_the_ends() -> None:
    mask = np.array([False, True, False, True, False])
    assert [ts.step(mask, -1, 1), ts.step(mask, 1, 1), ts.step(mask, 3, 1)] == [1, 3, None]
    assert [ts.step(mask, 5, -1), ts.step(mask, 3, -1), ts.step(mask, 1, -1)] == [3, 1, None]


async def _until(pilot, check, what: str) -> None:
    deadline = time.monotonic() + 20
    while not check():
        assert time.monotonic() < deadline, what
        await pilot.pause()


@pytest.mark.slow
async def test_table_keys_search_filter_go_to_and_next_failing_row(tmp_path: Path) -> None:
    from tui.app.viewer import ResimApp
    from tui.app.widgets.series_table import SeriesTable
    from tui.app.widgets.table_view import TableView

    job = write_speed(tmp_path)
    _ns, y, status = speed()
    app = ResimApp(job / "metrics.binproto")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")  # the raw data
        await _until(pilot, lambda: bool(app.query(SeriesTable)), "the table")
        table = app.query_one(SeriesTable)
        view = app.query_one(TableView)
        await pilot.press("tab")
        await _until(pilot, lambda: app.focused is table, "the table has the focus")
        first_fail = int(np.flatnonzero(status >= 2)[0])
        await pilot.press("n")
        await _until(pilot, lambda: table.cursor == first_fail, "next failing row")
        # Search a comparison: the first row after the cursor with speed below -0.99.
        await pilot.press("slash", *"< -0.99", "enter")
        expect = int(np.flatnonzero((y < -0.99) & (np.arange(len(y)) > first_fail))[0])
        await _until(pilot, lambda: table.cursor == expect, "the search result")
        await pilot.press("enter")  # again: the next match
        await _until(pilot, lambda: table.cursor == expect + 1, "the next match")
        await pilot.press("escape")
        await _until(pilot, lambda: app.focused is table, "Esc closes the box")
        # Failing rows only, then all again.
        await pilot.press("F")
        await _until(pilot, lambda: table.index is not None, "failing only")
        assert np.array_equal(table.index, np.flatnonzero(status >= 2))
        await pilot.press("F")
        await _until(pilot, lambda: table.index is None, "all rows")
        # Go to row N, then copy it.
        await pilot.press("g", *"123", "enter")
        await _until(pilot, lambda: table.cursor == 123, "row 123")
        await pilot.press("escape", "y")
        await pilot.pause()
        assert app._clipboard == table.selected_text()
        assert "row 123\t" in app._clipboard and str(round(float(y[123]), 4))[:5] in app._clipboard
        assert "row 123" in str(view.query_one(".table-found").render())


@pytest.mark.slow
async def test_a_reload_keeps_the_selected_row_the_search_and_failing_only(
    tmp_path: Path,
) -> None:
    from textual.widgets import Input

    from tui.app.viewer import ResimApp
    from tui.app.widgets.series_table import SeriesTable
    from tui.app.widgets.table_view import TableView

    job = write_speed(tmp_path)
    _ns, y, status = speed()
    failing = np.flatnonzero(status >= 2)
    app = ResimApp(job / "metrics.binproto")

    def now() -> SeriesTable:  # a reload may rebuild the card twice (the file, its report)
        return app.query_one(SeriesTable)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await _until(pilot, lambda: bool(app.query(SeriesTable)), "the table")
        table = now()
        await pilot.press("tab")
        await _until(pilot, lambda: app.focused is table, "the table has the focus")
        await pilot.press("g", *"100", "enter", "escape")
        await _until(pilot, lambda: table.cursor == 100, "row 100")
        row = int(np.flatnonzero((y < -0.99) & (np.arange(len(y)) > 100))[0])
        await pilot.press("slash", *"< -0.99", "enter")
        await _until(pilot, lambda: table.cursor == row, "the search result")
        await pilot.press("escape")
        await _until(pilot, lambda: app.focused is table, "the box closed")
        write_speed(tmp_path, scale=2.0)  # the file changes; the metric is still there
        await pilot.press("r")
        await _until(pilot, lambda: now() is not table and now().cursor == row, "the same row")
        view = app.query_one(TableView)
        assert view.query_text == "< -0.99" and now().index is None
        # Reopened, the box shows the kept search, and Enter goes on to its next match,
        # also after a go to has used the same box.
        await _until(pilot, lambda: app.focused is now(), "the table keeps the focus")
        box = view.query_one(Input)
        await pilot.press("g")
        await _until(pilot, lambda: box.has_focus and box.value == "", "go to: an empty box")
        await pilot.press("escape", "slash")
        await _until(pilot, lambda: box.has_focus, "the search box reopened")
        assert box.value == "< -0.99" and box.has_class("-open")
        after = int(np.flatnonzero((2.0 * y < -0.99) & (np.arange(len(y)) > row))[0])  # scale 2
        await pilot.press("enter")
        await _until(pilot, lambda: now().cursor == after, "the kept search's next match")
        await pilot.press("escape")
        await _until(pilot, lambda: app.focused is now(), "the box closed")
        # Failing only, across another reload: the filter and the nearest failing row.
        await _until(
            pilot, lambda: isinstance(app.focused, SeriesTable), "the table keeps the focus"
        )
        await pilot.press("F")
        await _until(pilot, lambda: now().index is not None, "failing only")
        kept, before = now().cursor, now()
        assert kept in failing
        write_speed(tmp_path, scale=1.0)
        await pilot.press("r")
        await _until(
            pilot,
            lambda: now() is not before and now().index is not None and now().cursor == kept,
            "still failing only, on the same row",
        )
        assert np.array_equal(now().index, failing)
        await _until(
            pilot, lambda: isinstance(app.focused, SeriesTable), "the table keeps the focus"
        )
        await pilot.press("F")  # all rows again
        await _until(pilot, lambda: now().index is None, "all rows")
        assert app.query_one(TableView).place.failing_only is False
