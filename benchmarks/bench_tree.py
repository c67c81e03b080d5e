"""The metric tree on a file of many metrics: build, filter keystrokes and Esc.

Run from the repository root::

    .venv/bin/python benchmarks/bench_tree.py [PATH]

(default: ``benchmarks/data/many``, 20,000 metrics from ``make_big_files.py``).
Mounts the real ``MetricTree`` in a headless Textual app, freezes the loaded
document for the collector as the viewer does, and times ``show`` for the first
build, four filter keystrokes ("s", "si", "sig", "sign") and Esc (no filter), then
``refresh_labels`` for the badges of a finished check (the built nodes only), and
counts the nodes built. Then the whole viewer (``ResimApp``, the document handed in
as the command line does once it has read the file) at 120x40: from mount to the tree
on screen, and for each filter keystroke and Esc the time its handler takes (the
tree's rebuild, the card following the cursor) and the time from the key press to the
screen idle again (the repaint and the pilot's own waits included). Last, as a user
starts it: ``resim-tui PATH`` on a pseudo-terminal (bench_reload.Terminal), from the
process start to the first displayed metric's name on the terminal and to the
header's problem counts (the whole file read and checked), each as wall time and as the CPU time the
process had used by then (/proc, less swayed by other processes than wall time).
Targets (issue 13): a filter keystroke under 100 ms; the tree on screen under 1 s.
Load averages above 2 inflate every number here (the machine has two cores): quote
it. ``--start-only`` runs only the last part.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from textual.app import App, ComposeResult  # noqa: E402

from tui.app.viewer import ResimApp  # noqa: E402
from tui.app.widgets.browser import Browser  # noqa: E402
from tui.app.widgets.metric_tree import MetricTree  # noqa: E402
from tui.formats import load  # noqa: E402


class Host(App[None]):
    def compose(self) -> ComposeResult:
        yield MetricTree()


async def measure(path: Path) -> None:
    start = time.perf_counter()
    doc = load(path)
    print(
        f"{path}: {len(doc.metrics)} metrics, {len(doc.data)} data, loaded in "
        f"{time.perf_counter() - start:.2f} s"
    )
    gc.freeze()
    app = Host()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(MetricTree)

        def timed(needle: str = "") -> float:
            start = time.perf_counter()
            tree.show(doc, needle)
            return (time.perf_counter() - start) * 1000

        first = timed()
        await pilot.pause()
        start = time.perf_counter()
        await app.workers.wait_for_complete()  # the filter's text, made in a worker
        prepared = (time.perf_counter() - start) * 1000
        keys = [timed(n) for n in ("s", "si", "sig", "sign")]
        esc = timed()
        await pilot.pause()
        # A finished check: every 37th metric gets a badge, and the built nodes a new label.
        start = time.perf_counter()
        tree.badges = {id(m): (1, False) for m in doc.metrics[::37]}
        tree.refresh_labels()
        badges = (time.perf_counter() - start) * 1000
        await pilot.pause()
        print(
            f"  build {first:.0f} ms (then the filter's text in a worker, {prepared:.0f} ms); "
            "filter keystrokes "
            + ", ".join(f"{k:.0f}" for k in keys)
            + f" ms; Esc {esc:.0f} ms; check finished (badges) {badges:.0f} ms; "
            f"nodes built {len(tree._all_nodes())}"
        )

    await in_the_viewer(path, doc)


async def in_the_viewer(path: Path, doc: object) -> None:
    file = path / "metrics.binproto" if path.is_dir() else path
    app = ResimApp(file, document=doc)  # type: ignore[arg-type]
    start = time.perf_counter()
    async with app.run_test(size=(120, 40)) as pilot:
        tree = app.query_one(MetricTree)
        deadline = time.perf_counter() + 60
        while not tree.root.children and time.perf_counter() < deadline:
            await pilot.pause(0.01)
        on_screen = (time.perf_counter() - start) * 1000
        await app.workers.wait_for_complete()
        await pilot.pause()

        browser = app.query_one(Browser)
        handled: list[float] = []
        rebuild = browser.rebuild

        def timed_rebuild(**kwargs: bool) -> None:
            start = time.perf_counter()
            rebuild(**kwargs)
            handled.append((time.perf_counter() - start) * 1000)

        browser.rebuild = timed_rebuild  # type: ignore[method-assign]

        async def press(key: str) -> tuple[float, float]:
            handled.clear()
            start = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            return sum(handled), (time.perf_counter() - start) * 1000

        await press("slash")
        keys = [await press(k) for k in "sign"]
        esc = await press("escape")
        print(
            f"  viewer: tree on screen {on_screen:.0f} ms after mount; filter keystrokes "
            + ", ".join(f"{k:.0f}" for k, _ in keys)
            + f" ms handling, Esc {esc[0]:.0f} ms (press to idle, repaint and the pilot's "
            + "waits included: "
            + ", ".join(f"{t:.0f}" for _, t in [*keys, esc])
            + " ms)"
        )


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of process ``pid`` so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def from_process_start(path: Path, rounds: int = 3) -> None:
    """``resim-tui PATH`` as a user starts it: process start → the tree, → checked."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_reload import CHECKED, Terminal

    file = path / "metrics.binproto" if path.is_dir() else path
    first = load(file).display_order[0].name.encode()
    for _ in range(rounds):
        start = time.perf_counter()
        terminal = Terminal(file)
        try:
            tree = terminal.wait_for(first, timeout=120) - start
            tree_cpu = _cpu_seconds(terminal.proc.pid)
            # The header's problem counts: the whole file read and checked.
            whole = terminal.wait_for_match(CHECKED, timeout=180) - start
            whole_cpu = _cpu_seconds(terminal.proc.pid)
        finally:
            terminal.close()
        print(
            f"  from process start: tree on screen {tree:.2f} s ({tree_cpu:.2f} s CPU), "
            f"checked (the header's counts) {whole:.2f} s ({whole_cpu:.2f} s CPU); load average "
            f"{os.getloadavg()[0]:.1f}"
        )


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    target = Path(args[0]) if args else ROOT / "benchmarks" / "data" / "many"
    if "--start-only" not in sys.argv:
        asyncio.run(measure(target))
    from_process_start(target)
