"""Every rule the checks can report, by id: its severity and what it is about.

``resim-tui check --list-rules`` prints this; ``--ignore RULE`` takes these ids. A
test holds it equal to the ids the checks actually use, so a new rule cannot be
missing here.
"""

from __future__ import annotations

from tui.model.problems import Severity

E, W, N = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, tuple[Severity, str]] = {
    # ids and names
    "valid-uuid": (E, "every id is a UUID the official validator can parse"),
    "unique-metric-ids": (E, "no two metrics share an id"),
    "unique-event-ids": (E, "no two events share an id"),
    "unique-data-ids": (E, "no two data share an id"),
    "unique-metric-names": (E, "no two job-level metrics share a name"),
    "unique-event-names": (E, "no two events share a name"),
    "unique-data-names": (E, "no two data share a name"),
    "job-id-matches": (E, "a metric's job id is the job's id"),
    "metric-job-id": (E, "every metric names its job"),
    "metric-name": (E, "every metric has a name"),
    "event-name": (E, "every event has a name"),
    "tag-not-empty": (E, "every tag has a key and a value"),
    # enums
    "enum-set": (E, "type, status and importance are set"),
    "known-enum-values": (W, "enum numbers are ones this format defines"),
    # metric values
    "metric-values-set": (E, "every metric has values"),
    "metric-values-match-type": (E, "the values are the kind the metric type needs"),
    "scalar-value": (E, "a scalar is not NaN"),
    "text-not-empty": (E, "a text metric has text"),
    "plotly-json": (E, "a Plotly metric has a figure"),
    "histogram-buckets": (E, "a histogram has buckets"),
    "image-data": (E, "an image metric names its image"),
    "image-data-type": (E, "an image is EXTERNAL_FILE data"),
    "image-list-not-empty": (E, "an image list has images"),
    "hex-color": (E, "colours are #rrggbb or #rrggbbaa"),
    "series-counts": (E, "the series of one chart are equally many"),
    "failure-states-subset": (E, "failure states are in the states set"),
    "state-in-set": (E, "every state in a series is in the states set"),
    "states-are-strings": (E, "states series hold strings"),
    # data and references
    "data-exists": (E, "referenced data is in the file"),
    "data-shape": (E, "is_per_category matches what the data holds"),
    "category-names": (E, "category names match the series"),
    "series-type": (E, "a series holds what its data type says"),
    "series-not-empty": (E, "a series has an element type"),
    "series-corrupt": (E, "every series decodes"),
    "value-data-type": (E, "value data has a type the metric can draw"),
    "status-data-type": (E, "status data is METRIC_STATUS data"),
    "status-shape": (E, "status data has the shape of its value data"),
    "status-same-index": (E, "status data has the index of its value data"),
    "index-exists": (E, "an index is in the file"),
    "index-type": (E, "index_data_type is the index's type"),
    "index-type-allowed": (E, "the index type is one the metric allows"),
    "index-shape": (E, "an index has the shape of the data it indexes"),
    "index-not-indexed": (W, "data is not its own index"),
    "indexed-flag": (W, "is_indexed is set only on series types"),
    "ambiguous-reference": (W, "a reference names data whose id is shared"),
    "external-file-path": (E, "an external file has a path"),
    "external-file-missing": (W, "an external file exists in the outputs directory"),
    "external-file-unreadable": (W, "an external file can be read"),
    "external-file-refused": (W, "an external file lies inside the outputs directory"),
    "external-file-not-image": (W, "an image file is PNG, JPEG, GIF, WebP or BMP"),
    # events
    "event-timestamp": (E, "an event's timestamp is valid"),
    "event-timestamp-types-match": (E, "all events use one timestamp type"),
    "event-metrics-exist": (E, "an event's metrics are in the file"),
    "event-metric-names-unique": (E, "an event's metrics have different names"),
    "event-metric-orphan": (W, "an event metric is listed by an event"),
    # likely mistakes the official validator lets through
    "series-non-finite": (W, "series hold no NaN or infinity"),
    "data-unreferenced": (W, "every data is used by a metric or as an index"),
    "status-vs-failure": (W, "a status agrees with its failure definition"),
    "summary-selection": (W, "a summary's index selects a value"),
    "deprecated-field": (W, "the deprecated blocking field is not set"),
    # notes: no action needed
    "deprecated-type": (N, "double over time and bar chart are legacy types (still valid)"),
    # Metrics 2.0 files: the warnings and notes their reader and config checks give
    # (its errors keep their own ids and are never ignorable, so they are not listed)
    "config-missing": (W, "a Metrics 2.0 config is found for the emissions"),
    "dashboard-day-range": (W, "a dashboard's day_range is a number of days"),
    "dashboard-refresh": (W, "a dashboard's refresh setting is one the app reads"),
    "event-metric-shape": (W, "an event's metrics are in the shape the format gives"),
    "event-status": (W, "an event's status is one the format defines"),
    "emissions-old-name": (W, "no old emissions.ndjson lies unread beside *.resim.jsonl"),
    "emissions-overlap": (W, "a topic's rows in several files of a job do not overlap in time"),
    "emissions-restart": (W, "a topic's time does not start over inside a file (two runs)"),
    "float-timestamp": (W, "timestamps are integer nanoseconds"),
    "int-beyond-64-bits": (W, "integers fit in 64 bits"),
    "media-missing": (W, "an image or video file exists next to the emissions"),
    "media-type": (W, "a media file's suffix is one its topic takes"),
    "merge-dashboards": (W, "config files do not define the same dashboard twice"),
    "merge-dropped-key": (W, "merging config files drops no key"),
    "merge-global": (W, "config files do not set the same global setting twice"),
    "metric-in-no-set": (W, "every metric is in a metrics set"),
    "set-dashboard-metric": (W, "a set no dashboard uses holds no dashboard metric"),
    "negative-timestamp": (W, "timestamps are not negative"),
    "oversized-line": (W, "an emissions line is under the size limit"),
    "too-many-problems": (W, "a file's problems are all listed (over the cap, the rest are cut)"),
    "metrics-set-in-force": (N, "every metric runs (--metrics-set runs one set's)"),
    "settings-not-drawn": (N, "a metric's display settings are drawn (some are not yet)"),
}


def canonical(rule: str) -> str:
    """The id as the checks print it, in kebab-case (every id is), typed in kebab-case or
    snake_case alike: ``series_non_finite`` is ``series-non-finite``."""
    kebab = rule.replace("_", "-")
    return kebab if kebab in RULES else rule


def unknown(ids: list[str]) -> list[str]:
    """The ids in ``ids`` that are no rule (a typo in ``--ignore``)."""
    return [rule for rule in ids if canonical(rule) not in RULES]
