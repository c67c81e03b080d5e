"""How the viewer watches and reloads: the CLI fills this from its flags."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tui.model import Document


@dataclass
class Options:
    """How the app watches and reloads; the CLI fills it from its flags."""

    watch: bool = True
    poll: bool = False
    run: str | None = None
    watch_src: list[str] = field(default_factory=list)
    # Compare mode (``resim-tui A B``): side A, the baseline; the app's own file is side B.
    side_a: Path | None = None
    side_a_document: Document | None = None
