"""The comparison engine on runs written by the official SDK: every kind of difference,
and nothing reported that is not one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.compare_jobs import BLOCK, WARN, write_run
from tui.formats import load
from tui.model.compare import Comparison, MetricDiff, Move, compare, file_digests
from tui.schema import metrics_pb2


def _pair(tmp_path: Path, **changes: object) -> Comparison:
    a = load(write_run(tmp_path / "a"))
    b = load(write_run(tmp_path / "b", **changes))
    return compare(a, b)


def _metric(result: Comparison, key: str) -> MetricDiff:
    return result.by_key()[key]


def _change(diff: MetricDiff, what: str):
    found = [c for c in diff.changes if c.what == what]
    assert found, f"no {what!r} change in {[c.what for c in diff.changes]}"
    return found[0]


def _only_changed(result: Comparison) -> list[str]:
    return [d.key for d in result.metrics if d.state != "same"]


def test_identical_content_with_new_ids_is_no_change(tmp_path: Path) -> None:
    result = _pair(tmp_path)
    a, b = load(tmp_path / "a"), load(tmp_path / "b")
    assert {m.id for m in a.metrics}.isdisjoint({m.id for m in b.metrics})  # really new ids
    assert not result.differs
    assert result.summary() == "no metric changed"
    assert all(d.state == "same" and d.mark == " " for d in result.metrics)
    assert not result.worse


def test_adding_a_metric_in_the_middle_changes_no_neighbour(tmp_path: Path) -> None:
    # The SDK numbers `order` by position, so every metric after the new one is renumbered.
    result = _pair(tmp_path, extra_metric=True)
    assert _only_changed(result) == ["Brand new"]
    assert _metric(result, "Brand new").mark == "+"
    assert result.summary() == "1 new"
    assert not result.worse


def test_removed_metric_is_worse(tmp_path: Path) -> None:
    result = _pair(tmp_path, drop_histogram=True)
    assert _only_changed(result) == ["Spread"]
    spread = _metric(result, "Spread")
    assert spread.state == "removed" and spread.mark == "−" and spread.worse
    assert result.worse
    assert {d.key: d.state for d in result.data if d.state != "same"} == {
        "samples": "removed",
        "samples status": "removed",
    }


@pytest.mark.parametrize(
    ("before", "after", "move"),
    [
        ("PASSED", "FAIL_WARN", Move.WORSE),
        ("FAIL_WARN", "FAIL_BLOCK", Move.WORSE),
        ("FAIL_BLOCK", "PASSED", Move.BETTER),
        ("PASSED", "NOT_APPLICABLE", Move.CHANGED),
    ],
)
def test_status_order(tmp_path: Path, before: str, after: str, move: Move) -> None:
    from tests.compare_jobs import MetricStatus

    a = load(write_run(tmp_path / "a", distance_status=MetricStatus[f"{before}_METRIC_STATUS"]))
    b = load(write_run(tmp_path / "b", distance_status=MetricStatus[f"{after}_METRIC_STATUS"]))
    diff = _metric(compare(a, b), "Distance")
    assert diff.move is move
    assert _change(diff, "status").line() == f"status: {before} → {after}"
    assert diff.worse is (move is Move.WORSE)
    assert diff.mark == {Move.WORSE: "▲", Move.BETTER: "▼"}.get(move, "●")


def test_job_status_worse(tmp_path: Path) -> None:
    result = _pair(tmp_path, job_status=BLOCK)
    assert result.status[1].label == "FAIL_BLOCK" and result.job_move is Move.WORSE
    assert result.worse and result.differs
    assert result.summary().endswith("job PASSED → FAIL_BLOCK")


def test_scalar_value_absolute_and_relative_delta(tmp_path: Path) -> None:
    value = _change(_metric(_pair(tmp_path, distance=15.0), "Distance"), "value")
    assert value.numbers["delta"] == pytest.approx(2.5)
    assert value.numbers["relative"] == pytest.approx(0.2)
    assert value.line() == "value: 12.5 → 15 (Δ +2.5 (+20.0%))"


def test_double_summary_selected_value_delta(tmp_path: Path) -> None:
    peak = _metric(_pair(tmp_path, peak=[3.0, 3.0]), "Peak")  # with_index(1): 4 → 3
    value = _change(peak, "value")
    assert (value.before, value.after) == ("4", "3")
    assert value.numbers["delta"] == pytest.approx(-1.0)
    assert value.numbers["relative"] == pytest.approx(-0.25)


def test_series_length_stats_first_x_and_failing_points(tmp_path: Path) -> None:
    result = _pair(tmp_path, speed=[1.0, 2.0, 3.0, 14.0, 5.0, 6.0, 12.0], speed_status=WARN)
    speed = _metric(result, "Speed")
    series = _change(speed, "series speed")
    n = series.numbers
    assert (n["length_before"], n["length_after"]) == (6, 7)
    assert n["first_difference"] == 3 and n["first_x"] == 3.0  # the index: t = 3 s
    assert n["max_delta"] == pytest.approx(8.0) and "min_delta" not in n
    assert n["mean_delta"] == pytest.approx(43 / 7 - 3.5)
    assert "first differs at t = 3 s" in series.detail
    statuses = _change(speed, "statuses speed status")
    assert (statuses.numbers["failing_before"], statuses.numbers["failing_after"]) == (0, 2)
    assert "failing points 0 → 2" in statuses.detail
    assert speed.move is Move.WORSE and speed.summary().startswith("PASSED → FAIL_WARN")


def test_states_time_per_state(tmp_path: Path) -> None:
    gear = _metric(_pair(tmp_path, gear=["P", "D", "D", "D", "D", "P"]), "Gear")
    spent = _change(gear, "time per state gear")
    assert spent.numbers["seconds_before"] == {"P": 1.0, "D": 3.0, "N": 1.0}
    assert spent.numbers["seconds_after"] == {"P": 1.0, "D": 4.0}
    assert "D 3 s → 4 s" in spent.detail and "N 1 s → 0 s" in spent.detail


def test_text_plotly_and_image_say_where(tmp_path: Path) -> None:
    result = _pair(tmp_path, text="# Fine\nall good\nthe very end", figure_y=[3, 9], image=b"\x00")
    assert _change(_metric(result, "Notes"), "text").detail == "first differs at line 3"
    figure = _change(_metric(result, "Figure"), "figure")
    assert figure.detail == "first differs at data[0].y[1]"
    image = _change(_metric(result, "Plot"), "image plot image")
    assert image.detail == "file content changed"
    assert sorted(_only_changed(result)) == ["Figure", "Notes", "Plot"]


def test_metadata_changes(tmp_path: Path) -> None:
    from tests.compare_jobs import MetricImportance

    result = _pair(
        tmp_path,
        description="Speed of the ego vehicle, smoothed",
        tags=(("team", "control"),),
        speed_limit=4.5,
        importance=MetricImportance.HIGH_IMPORTANCE,
        blocking=True,
        order=99.0,
    )
    speed = _metric(result, "Speed")
    assert _change(speed, "description").detail == "first differs at line 1"
    assert _change(speed, "thresholds").line() == ("thresholds: fails above 10 → fails above 4.5")
    assert _change(speed, "importance").line() == "importance: MEDIUM → HIGH"
    assert _change(speed, "blocking").line() == "blocking: (unset) → yes"
    # Order 99 puts Speed last: its place moves, and the others' relative order does not.
    assert _change(speed, "display order").line() == "display order: #1 → #9"
    assert _change(_metric(result, "Distance"), "tags").line() == (
        "tags: team=planning → team=control"
    )
    assert not any(
        c.what == "display order" for d in result.metrics if d.key != "Speed" for c in d.changes
    )


def test_events_and_event_metrics_pair_by_name(tmp_path: Path) -> None:
    result = _pair(tmp_path, stop_value=2.0, stop_at=4)
    at_stop = _metric(result, "Speed at stop@Stop")
    assert _change(at_stop, "value").numbers["delta"] == pytest.approx(2.0)
    (stop,) = result.events
    assert stop.state == "changed"
    assert [c.what for c in stop.changes] == ["timestamp"]


def test_set_fields_compare_as_sets(tmp_path: Path) -> None:
    # states_set and failure_states come from Python sets: their order varies between runs.
    file = write_run(tmp_path / "b")
    job = metrics_pb2.JobMetrics.FromString(file.read_bytes())
    gear = next(m for m in job.job_level_metrics.metrics if m.name == "Gear")
    values = gear.metric_values.states_over_time_metric_values
    reordered = list(reversed(values.states_set))
    del values.states_set[:]
    values.states_set.extend(reordered)
    file.write_bytes(job.SerializeToString())
    assert not compare(load(write_run(tmp_path / "a")), load(file)).differs


def test_repeated_names_pair_by_position_and_are_reported(tmp_path: Path) -> None:
    def with_twin(folder: Path, second: float) -> Path:
        file = write_run(folder)
        job = metrics_pb2.JobMetrics.FromString(file.read_bytes())
        metrics = job.job_level_metrics.metrics
        twin = metrics.add()
        twin.CopyFrom(next(m for m in metrics if m.name == "Distance"))
        twin.metric_values.scalar_metric_values.value = second
        file.write_bytes(job.SerializeToString())
        return file

    result = compare(load(with_twin(tmp_path / "a", 1.0)), load(with_twin(tmp_path / "b", 2.0)))
    assert _only_changed(result) == ["Distance#2"]
    assert _change(_metric(result, "Distance#2"), "value").line() == "value: 1 → 2 (Δ +1 (+100.0%))"
    assert ("A", "metric", "Distance") in result.repeats
    assert ("B", "metric", "Distance") in result.repeats


def test_after_a_reload_images_compare_with_what_was_loaded(tmp_path: Path) -> None:
    file = write_run(tmp_path / "run")
    before = load(file)
    snapshot = file_digests(before)
    write_run(tmp_path / "run", image=b"\x01")  # the build rewrites its image in place
    after = load(file)
    assert _only_changed(compare(before, after, files_a=snapshot)) == ["Plot"]


def test_worst_change_first(tmp_path: Path) -> None:
    result = _pair(
        tmp_path, distance=13.0, speed_status=WARN, drop_histogram=True, extra_metric=True
    )
    order = [d.key for d in result.changed()]
    assert order[0] == "Speed"  # status got worse
    assert order[1] == "Spread"  # removed
    assert order[-1] == "Brand new"  # new is the least worrying
    assert order.index("Distance") < order.index("Brand new")


def test_json_has_no_nan(tmp_path: Path) -> None:
    import json

    result = _pair(tmp_path, distance=0.0)
    a = load(write_run(tmp_path / "zero", distance=0.0))
    text = json.dumps(compare(a, load(tmp_path / "a")).as_json(), allow_nan=False)
    assert '"relative": null' in text
    assert result.as_json()["counts"]["changed"] == 1


def test_overlay_pairs_series_bands_and_nothing_else(tmp_path: Path) -> None:
    from tui.model.compare.overlay import overlay, split

    result = _pair(tmp_path, gear=["P", "D", "R", "R", "D", "P"], distance=3.0)
    a, b = load(tmp_path / "a"), load(tmp_path / "b")
    by_name = {m.name: m for m in a.metrics}, {m.name: m for m in b.metrics}
    gear = overlay(by_name[0]["Gear"], by_name[1]["Gear"])
    assert gear is not None and gear.values.legend == ["A · gear", "B · gear"]
    assert [r.data.name for r in gear.values.states] == ["gear", "gear"]
    assert split(gear) == (1, 1)
    speed = overlay(by_name[0]["Speed"], by_name[1]["Speed"], ("then", "now"))
    assert speed is not None and speed.values.legend == ["then · ego", "now · ego"]
    assert len(speed.values.failures) == 2
    assert overlay(by_name[0]["Distance"], by_name[1]["Distance"]) is None  # a number: no chart
    assert result.by_key()["Gear"].state == "changed"


def test_removed_and_added_events(tmp_path: Path) -> None:
    result = _pair(tmp_path, drop_event=True)
    (stop,) = result.events
    assert stop.state == "removed"
    at_stop = _metric(result, "Speed at stop@Stop")
    assert at_stop.state == "removed" and result.worse
    back = compare(load(tmp_path / "b"), load(tmp_path / "a"))
    assert [e.state for e in back.events] == ["added"]
    assert _metric(back, "Speed at stop@Stop").state == "added" and not back.worse


def test_event_marks_notes_and_counts(tmp_path: Path) -> None:
    moved = _pair(tmp_path, stop_at=4)
    (stop,) = moved.events
    assert (stop.state, stop.mark, stop.summary()) == ("changed", "●", "timestamp")
    assert moved.summary() == "1 event changed"  # its metric is the same: no metric counted
    gone = compare(load(tmp_path / "a"), load(write_run(tmp_path / "gone", drop_event=True)))
    (stop,) = gone.events
    assert (stop.mark, stop.summary()) == ("−", "removed")
    assert gone.counts() == "1 removed, 1 event removed"
    back = compare(load(tmp_path / "gone"), load(tmp_path / "a"))
    assert back.events[0].mark == "+" and back.counts() == "1 new, 1 new event"
