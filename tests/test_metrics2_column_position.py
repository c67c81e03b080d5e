"""A query naming a column its topic does not have says where, as for a missing topic:
config line, SQL line and column (in the query and in the status query)."""

from __future__ import annotations

from pathlib import Path

from tests.m2_corpus import write_case
from tui.formats.metrics2.preview import preview

CONFIG = """\
version: 1
topics:
  speed:
    schema:
      v: float
metrics:
  Top Speed:
    type: test
    query_string: |
      SELECT MAX(v) AS top,
             MIN(s.speed_kph) AS low
      FROM speed AS s
    template_type: system
    template: table
  Fast:
    type: test
    query_string: SELECT MAX(v) FROM speed
    template_type: system
    template: scalar
    status:
      query_string: |
        SELECT 1 FROM speed
        WHERE "velocity" > ?
      warn: 1
"""


def test_a_missing_column_is_located_in_the_query(tmp_path: Path) -> None:
    write_case(tmp_path, CONFIG, [("speed", {"v": 2.0}, 0)])
    out = preview(tmp_path, use_cache=False)
    failed = {p.location.field: p.message for p in out.problems if p.rule == "query-error"}
    query = failed["metrics.Top Speed.query_string"]
    assert '"speed_kph"' in query
    assert query.endswith("(config line 11, SQL line 2, column 14)")
    status = failed["metrics.Fast.status.query_string"]
    assert status.endswith("(config line 23, SQL line 2, column 7)")
    assert next(o for o in out.outcomes if o.metric.name == "Fast").status == "ERROR"
    top = next(o for o in out.outcomes if o.metric.name == "Top Speed")
    assert top.error.endswith("(config line 11, SQL line 2, column 14)")  # in its card
