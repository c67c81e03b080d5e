"""Regenerate the Python bindings in tui/schema/ from proto/tui/schema/metrics.proto.

Run from anywhere: ``python proto/generate.py``. Needs the ``dev`` extra
(grpcio-tools, pinned so that the output is reproducible and the committed
code stays importable by protobuf >= 3.20: protoc 26 writes builder-style
code without a runtime-version guard). tests/test_schema.py regenerates into
a temporary folder and fails when the committed files differ.
"""

from __future__ import annotations

import sys
from pathlib import Path

PROTO_ROOT = Path(__file__).resolve().parent
REPO_ROOT = PROTO_ROOT.parent
SCHEMA = "tui/schema/metrics.proto"


def generate(out_dir: Path) -> list[Path]:
    """Run protoc on the schema, writing metrics_pb2.py and .pyi below out_dir."""
    import importlib.resources

    from grpc_tools import protoc

    well_known = importlib.resources.files("grpc_tools") / "_proto"
    out_dir.mkdir(parents=True, exist_ok=True)
    status = protoc.main(
        [
            "protoc",
            f"-I{PROTO_ROOT}",
            f"-I{well_known}",
            f"--python_out={out_dir}",
            f"--pyi_out={out_dir}",
            str(PROTO_ROOT / SCHEMA),
        ]
    )
    if status != 0:
        raise RuntimeError(f"protoc failed with status {status}")
    stem = SCHEMA.removesuffix(".proto")
    return [out_dir / f"{stem}_pb2.py", out_dir / f"{stem}_pb2.pyi"]


if __name__ == "__main__":
    for path in generate(REPO_ROOT):
        print(f"wrote {path.relative_to(REPO_ROOT)}")
    sys.exit(0)
