"""An append re-runs only the metrics that read a topic that got rows."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tui.formats.metrics2 import preview as preview_module
from tui.formats.metrics2.engine import DuckEngine
from tui.formats.metrics2.preview import preview

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
  temp:
    schema:
      c: float
metrics:
  Peak Speed:
    type: test
    query_string: SELECT MAX(v) AS v FROM speed
    template_type: system
    template: scalar
    status:
      query_string: SELECT 1 FROM speed WHERE v > ?
      warn: 5
  Peak Temp:
    type: test
    query_string: SELECT MAX(c) AS c FROM temp
    template_type: system
    template: scalar
  Both:
    type: test
    query_string: SELECT (SELECT COUNT(*) FROM speed) + (SELECT COUNT(*) FROM temp) AS n
    template_type: system
    template: scalar
"""


def _line(topic: str, ts: int, **data: float) -> str:
    return json.dumps({"$metadata": {"topic": topic, "timestamp": ts}, "$data": data}) + "\n"


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The SQL the real engine executes (its cache answers the rest)."""
    executed: list[str] = []
    real = DuckEngine._run

    def counting(self: DuckEngine, sql: str, job: str | None, timeout: float):
        executed.append(sql)
        return real(self, sql, job, timeout)

    monkeypatch.setattr(DuckEngine, "_run", counting)
    return executed


def test_an_append_reruns_only_the_metrics_of_the_topics_that_grew(
    tmp_path: Path, ran: list[str]
) -> None:
    (tmp_path / ".resim" / "metrics").mkdir(parents=True)
    (tmp_path / ".resim" / "metrics" / "config.resim.yml").write_text(CONFIG)
    emissions = tmp_path / "emissions.resim.jsonl"
    emissions.write_text(_line("speed", 1, v=1.0) + _line("temp", 1, c=20.0))
    try:
        first = preview(tmp_path)
        assert first.outcome("Peak Speed").status == "PASSED"
        assert len(ran) == 4  # three queries and one status query
        ran.clear()
        with emissions.open("a") as out:
            out.write(_line("speed", 2, v=7.0))
        second = preview(tmp_path)
        assert second.outcome("Peak Speed").rows == [(7.0,)]
        assert second.outcome("Peak Speed").status == "FAIL_WARN"
        assert second.outcome("Both").rows == [(3,)]
        assert second.outcome("Peak Temp").rows == [(20.0,)]
        # Peak Temp reads only temp, which got no rows: answered from the last run.
        assert not any("temp" in sql and "speed" not in sql for sql in ran)
        assert sum("speed" in sql for sql in ran) == 3
    finally:
        root = tmp_path.absolute()
        preview_module._CACHE.pop(root, None)
        engine = preview_module._ENGINES.pop(root, None)
        if engine is not None:
            engine[1].close()
