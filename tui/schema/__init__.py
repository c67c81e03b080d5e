"""Generated protobuf bindings for the ReSim Metrics 1.0 wire format.

Regenerate with ``python proto/generate.py``; never edit metrics_pb2.py by hand.

May import: nothing of resim-tui; protobuf only. Only tui.formats imports it.
"""

from tui.schema import metrics_pb2

__all__ = ["metrics_pb2"]
