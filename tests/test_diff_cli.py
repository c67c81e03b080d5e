"""``resim-tui diff``: every format and exit status, on runs written by the official SDK."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from tests.compare_jobs import WARN, write_run
from tui.cli import main
from tui.schema import metrics_pb2


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    return {
        "base": write_run(root / "base").parent,
        "same": write_run(root / "same").parent,  # same content, new ids
        "better_value": write_run(root / "value", distance=13.0).parent,
        "worse": write_run(root / "worse", speed=[1.0, 12.0, 3.0], speed_status=WARN).parent,
        "removed": write_run(root / "removed", drop_histogram=True).parent,
        "added": write_run(root / "added", extra_metric=True).parent,
    }


def _diff(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main(["diff", *map(str, args)])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(
    ("b", "fail_on", "status"),
    [
        ("same", "worse", 0),
        ("same", "any", 0),
        ("better_value", "worse", 0),
        ("better_value", "any", 1),
        ("added", "worse", 0),
        ("added", "any", 1),
        ("worse", "worse", 1),
        ("removed", "worse", 1),
    ],
)
@pytest.mark.parametrize("fmt", ["text", "json", "github", "markdown"])
def test_exit_status(capsys, runs, b: str, fail_on: str, status: int, fmt: str) -> None:
    code, out, err = _diff(capsys, runs["base"], runs[b], "--format", fmt, "--fail-on", fail_on)
    assert code == status, out + err
    assert err == ""
    if fmt == "json":
        assert json.loads(out)["exit_status"] == status


def test_unreadable_side_is_named_and_the_good_side_shown(capsys, runs, tmp_path: Path) -> None:
    broken = tmp_path / "metrics.binproto"
    broken.write_bytes((runs["base"] / "metrics.binproto").read_bytes()[:57])
    code, out, err = _diff(capsys, broken, runs["base"])
    assert code == 2
    assert "A cannot be read" in err and str(broken) in err
    assert "B: 10 metrics" in out  # the good side still says what it holds
    code, out, err = _diff(capsys, runs["base"], tmp_path / "nowhere", "--format", "json")
    assert code == 2
    doc = json.loads(out)
    assert doc["a"]["error"] is None and "no such file" in doc["b"]["error"]


def test_invalid_side_is_compared_with_a_note(capsys, runs, tmp_path: Path) -> None:
    job = metrics_pb2.JobMetrics.FromString((runs["base"] / "metrics.binproto").read_bytes())
    job.job_level_metrics.metrics[0].name = ""  # ReSim's validator rejects empty names
    folder = tmp_path / "invalid"
    folder.mkdir()
    (folder / "metrics.binproto").write_bytes(job.SerializeToString())
    (folder / "plot.png").write_bytes((runs["base"] / "plot.png").read_bytes())
    code, out, _ = _diff(capsys, runs["base"], folder)
    assert "note: B is invalid: 1 error by" in out
    assert 'metric "Speed": removed' in out and code == 1


def test_text_lines(capsys, runs) -> None:
    _, out, _ = _diff(capsys, runs["base"], runs["worse"])
    b = runs["worse"] / "metrics.binproto"
    assert f'{b}: metric "Speed": worse: status: PASSED → FAIL_WARN' in out.splitlines()
    assert "first differs at t = 1 s" in out
    assert out.splitlines()[-1] == "1 changed, 1 worse; job status PASSED (same)"
    _, same, _ = _diff(capsys, runs["base"], runs["same"])
    assert same.splitlines()[-1] == "no metric changed; job status PASSED (same)"


def test_json_document(capsys, runs) -> None:
    _, out, _ = _diff(capsys, runs["base"], runs["better_value"], "--format", "json")
    doc = json.loads(out)
    assert doc["counts"] == {"changed": 1, "added": 0, "removed": 0, "same": 9}
    (distance,) = doc["metrics"]
    value = next(c for c in distance["changes"] if c["what"] == "value")
    assert value["delta"] == pytest.approx(0.5) and value["relative"] == pytest.approx(0.04)


def test_github_annotations(capsys, runs) -> None:
    _, out, _ = _diff(capsys, runs["base"], runs["removed"], "--format", "github")
    lines = out.splitlines()
    assert any(
        line.startswith("::error file=") and 'title=metric "Spread"%3A removed' in line
        for line in lines
    )
    _, out, _ = _diff(capsys, runs["base"], runs["added"], "--format", "github")
    assert all(line.startswith("::notice ") for line in out.splitlines())


class _Table(HTMLParser):
    """The cells of every table row, as text, and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _render(markdown: str) -> _Table:
    table = _Table()
    table.feed(MarkdownIt("gfm-like").render(markdown))
    return table


def test_markdown_is_a_github_table(capsys, runs) -> None:
    _, out, _ = _diff(capsys, runs["base"], runs["worse"], "--format", "markdown")
    table = _render(out)
    header, *rows = table.rows
    assert header == ["", "Metric", "Status A → B", "What changed"]
    (speed,) = rows
    assert speed[:3] == ["🔴 worse", "Speed", "PASSED → FAIL_WARN"]
    assert "status: PASSED → FAIL_WARN" in speed[3]


def test_markdown_keeps_hostile_names_inert(capsys, tmp_path: Path, runs) -> None:
    hostile = "a|b <script>alert(1)</script> *x* [l](http://e) www.x.org a@b.com \x1b[31m"
    job = metrics_pb2.JobMetrics.FromString((runs["base"] / "metrics.binproto").read_bytes())
    job.job_level_metrics.metrics[0].name = hostile
    folder = tmp_path / "hostile"
    folder.mkdir()
    (folder / "metrics.binproto").write_bytes(job.SerializeToString())
    _, out, _ = _diff(capsys, runs["base"], folder, "--format", "markdown")
    assert "\x1b" not in out
    table = _render(out)
    assert table.tags <= {
        "p",
        "strong",
        "code",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "br",
        "blockquote",
    }
    assert all(len(row) == 4 for row in table.rows)
    names = [row[1] for row in table.rows[1:]]
    assert "a|b <script>alert(1)</script> *x* [l](http://e) www.x.org a@b.com \\x1b[31m" in names


def test_foreign_file_is_named(capsys, runs, tmp_path: Path) -> None:
    foreign = tmp_path / "metrics.binproto"
    foreign.write_bytes((runs["base"] / "plot.png").read_bytes())  # a PNG, not JobMetrics
    code, out, err = _diff(capsys, runs["base"], foreign, "--format", "markdown")
    assert code == 2
    assert "B cannot be read" in err and "B cannot be read" in out
    assert "A: 10 metrics" in out.replace("\\", "")


def test_repeated_names_are_reported(capsys, runs, tmp_path: Path) -> None:
    folders = []
    for name, value in (("a", 1.0), ("b", 2.0)):
        job = metrics_pb2.JobMetrics.FromString((runs["base"] / "metrics.binproto").read_bytes())
        twin = job.job_level_metrics.metrics.add()
        twin.CopyFrom(next(m for m in job.job_level_metrics.metrics if m.name == "Distance"))
        twin.metric_values.scalar_metric_values.value = value
        folder = tmp_path / name
        folder.mkdir()
        (folder / "metrics.binproto").write_bytes(job.SerializeToString())
        folders.append(folder)
    code, out, _ = _diff(capsys, *folders)
    assert "note: A and B have more than one metric named “Distance”" in out
    assert 'metric "Distance": changed: value: 1 → 2' in out
    assert code == 0


def test_two_paths_open_compare_mode_or_say_why_not(capsys, runs, tmp_path: Path) -> None:
    a, b = runs["base"], runs["worse"]
    assert main([str(a), str(b), "--run", "true"]) == 2
    assert "to compare two runs drop --run" in capsys.readouterr().err
    assert main([str(tmp_path / "x"), str(tmp_path / "y")]) == 2
    err = capsys.readouterr().err
    assert "neither side can be read. A:" in err and "; B:" in err
    assert main([str(a), str(b)]) == 2  # not a terminal here: the way to get the same answer
    assert f"try: resim-tui diff {a / 'metrics.binproto'}" in capsys.readouterr().err
