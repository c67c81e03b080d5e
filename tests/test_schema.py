"""The committed bindings match proto/, and live beside the official SDK in one process."""

from __future__ import annotations

import importlib.metadata
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import ROOT

SAMPLE = ROOT / "tui" / "demo"


def test_generated_code_is_fresh(tmp_path: Path) -> None:
    # grpcio-tools (the test extra) pins protobuf < 6; CI also runs the suite under the
    # newest protobuf, where it cannot import, and this test runs in the first pass only.
    pytest.importorskip("grpc_tools.protoc", reason="needs the test extra's grpcio-tools")
    sys.path.insert(0, str(ROOT / "proto"))
    try:
        import generate  # proto/generate.py
    finally:
        sys.path.pop(0)
    for fresh in generate.generate(tmp_path):
        committed = ROOT / fresh.relative_to(tmp_path)
        assert committed.read_bytes() == fresh.read_bytes(), (
            f"{committed.relative_to(ROOT)} is stale: run `python proto/generate.py`"
        )


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )


@pytest.mark.slow
@pytest.mark.parametrize("sdk_first", [True, False], ids=["sdk-first", "tui-first"])
def test_coexists_with_the_official_sdk(sdk_first: bool) -> None:
    pytest.importorskip("resim.metrics.proto.metrics_pb2")
    sdk = """
        from resim.metrics.proto import metrics_pb2 as sdk_pb2
        from resim.metrics.proto.validate_metrics_proto import validate_job_metrics
    """
    ours = f"""
        from tui.formats import load
        doc = load({str(SAMPLE)!r})
        assert doc.metrics
    """
    check = f"""
        raw = open({str(SAMPLE / "metrics.binproto")!r}, "rb").read()
        job = sdk_pb2.JobMetrics.FromString(raw)
        validate_job_metrics(job)
        from tui.schema import metrics_pb2
        assert metrics_pb2.JobMetrics.FromString(raw) == metrics_pb2.JobMetrics.FromString(
            job.SerializeToString()
        )
        print("ok")
    """
    first, second = (sdk, ours) if sdk_first else (ours, sdk)
    result = _run(textwrap.dedent(first) + textwrap.dedent(second) + textwrap.dedent(check))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_we_install_no_top_level_resim_package() -> None:
    files = importlib.metadata.files("resim-tui") or []
    assert not [f for f in files if str(f).split("/")[0] == "resim"]
    assert not (ROOT / "tui" / "resim").exists()
    # The schema registers under our own names, not the SDK's.
    from tui.schema import metrics_pb2

    assert metrics_pb2.DESCRIPTOR.name == "tui/schema/metrics.proto"
    assert not metrics_pb2.DESCRIPTOR.package.startswith("resim.")
