"""Write the project's sample metrics files with the official ReSim SDK.

Run from the repository root::

    .venv/bin/python samples/make_samples.py

Every sample is an *outputs directory*, as a ReSim metrics build leaves it:
``metrics.binproto`` (one serialized ``JobMetrics``) plus the images its metrics
reference, by paths relative to that directory. The script writes:

- ``samples/basic/``      a small driving-sim job: log replay with absolute timestamps
- ``samples/all_types/``  every one of the 12 metric types, every status and importance
- ``samples/events/``     events with their own metrics, relative timestamps
- ``samples/grouped/``    per-category ("grouped") data for every chart that allows it
- ``samples/indexed/``    timestamp-, string- and UUID-indexed data; every summary selector
- ``samples/plotly/``     Plotly figures of the common kinds, typed arrays included
- ``tui/demo/``           the demo that ships inside the package: the richest of all

``samples/watch_demo/`` is written by its own ``metrics_build.py``, not by this script.

One module per sample in ``samples/jobs/``, each with ``OUT`` (its directory)
and ``make()`` (build, write and check it); the modules whose names start with
an underscore are what the samples share. Adding a sample is adding a module
there: this script runs every one it finds, in name order.

The output is deterministic. The SDK gives every metric, data and event a random
``uuid4`` and keeps state sets in Python sets; this script replaces the ids by
name-derived ``uuid5`` values just before writing, passes ordered lists where the
SDK expects sets, and serializes with ``deterministic=True`` (sorted map keys).
Each job is checked with the SDK's ``validate_job_metrics`` before and after the
round trip through the file; any failure stops the script with a non-zero exit.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import jobs
from jobs._kit import ROOT
from resim.metrics.proto import metrics_pb2


def describe(label: str, job: metrics_pb2.JobMetrics, directory: Path) -> None:
    """Print one line per metric: name, type, status."""
    type_name = metrics_pb2.MetricType.Name
    status_name = metrics_pb2.MetricStatus.Name
    size = sum(
        p.stat().st_size
        for p in directory.rglob("*")
        if p.is_file() and p.suffix in {".png", ".binproto"}
    )
    print(
        f"{label}: {len(job.job_level_metrics.metrics)} metrics, "
        f"{len(job.metrics_data)} data, {len(job.events)} events, "
        f"job {status_name(job.metrics_status)}, {size / 1024:.0f} KiB"
    )
    for metric in job.job_level_metrics.metrics:
        extra = " [event]" if metric.event_metric else ""
        if metric.HasField("should_display") and not metric.should_display:
            extra += " [hidden]"
        print(
            f"    {metric.name:<42} {type_name(metric.type):<32} "
            f"{status_name(metric.status)}{extra}"
        )


def main() -> None:
    for found in sorted(pkgutil.iter_modules(jobs.__path__), key=lambda m: m.name):
        if found.name.startswith("_"):
            continue
        sample = importlib.import_module(f"jobs.{found.name}")
        describe(str(sample.OUT.relative_to(ROOT)), sample.make(), sample.OUT)


if __name__ == "__main__":
    main()
