"""The two validators side by side on the same bytes.

The official one gets the bytes parsed by the SDK's own ``metrics_pb2``; ours reads them
from a file with tui.model.load, exactly as ``resim-tui check`` does. When our loader
refuses a file (empty, not a metrics file) ``check`` exits 2: that counts as rejecting.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from resim.metrics.proto import metrics_pb2 as sdk_pb2
from resim.metrics.proto.validate_metrics_proto import validate_job_metrics

from tui.formats import load
from tui.model import LoadError
from tui.validate import Report, validate


def official(raw: bytes) -> tuple[bool, str]:
    """(accepted, where it failed) from the SDK's validate_job_metrics."""
    message = sdk_pb2.JobMetrics()
    message.ParseFromString(raw)
    try:
        validate_job_metrics(message)
    except Exception as exc:  # any exception is a rejection, as on ReSim
        frames = traceback.extract_tb(exc.__traceback__)
        return False, f"{type(exc).__name__} in {' > '.join(f.name for f in frames[1:])}"
    return True, ""


def ours(raw: bytes, folder: Path) -> Report | LoadError:
    """Our report on the same bytes written to ``folder/metrics.binproto``."""
    (folder / "metrics.binproto").write_bytes(raw)
    try:
        return validate(load(folder))
    except LoadError as exc:
        return exc


def accepts(result: Report | LoadError) -> bool:
    return isinstance(result, Report) and result.valid


def explain(result: Report | LoadError) -> str:
    if isinstance(result, LoadError):
        return f"  load error: {result}"
    return "\n".join(f"  {p.severity.value}: {p}" for p in result.problems[:20])
