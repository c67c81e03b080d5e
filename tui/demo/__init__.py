"""The demo outputs directory shipped with resim-tui.

``metrics.binproto`` and the images beside it were written with the official
ReSim SDK by ``samples/make_samples.py``: every metric type, events, grouped
data, a hidden metric and failing metrics. Regenerate them with that script;
never edit them by hand.

May import: nothing of resim-tui. Only tui.cli (``--demo``) imports it.
"""

from __future__ import annotations

from pathlib import Path


def demo_dir() -> Path:
    """Return the folder that holds the demo ``metrics.binproto`` and its images."""
    return Path(__file__).parent
