"""File watching: changes in a folder → a set of changed paths. Thin by design.

We watch the outputs *directory*, not the file: a write-then-rename replaces
the file's inode, and a watch on the old inode would miss every later change.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import watchfiles

# watchfiles yields a batch once no new change came for STEP ms, and at the
# latest after DEBOUNCE ms of continuous changes.
STEP_MS = 20
DEBOUNCE_MS = 300


async def changes(
    folder: Path | list[Path],
    wanted: Callable[[Path], bool],
    *,
    poll: bool = False,
    stop: object | None = None,
    recursive: bool = True,
) -> AsyncIterator[set[Path]]:
    """Yield the wanted paths below ``folder`` (or in each folder of a list, and only
    there when not ``recursive``) that changed, batch by batch."""
    folders = folder if isinstance(folder, list) else [folder]
    async for batch in watchfiles.awatch(
        *folders,
        step=STEP_MS,
        debounce=DEBOUNCE_MS,
        force_polling=poll,
        poll_delay_ms=100,
        stop_event=stop,
        recursive=recursive,
        ignore_permission_denied=True,
    ):
        paths = {Path(p) for _, p in batch}
        hits = {p for p in paths if wanted(p)}
        if hits:
            yield hits
