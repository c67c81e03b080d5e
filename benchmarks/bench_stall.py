"""UI stalls while a big file loads, is used and reloads, with and without typing.

Run from the repository root::

    .venv/bin/python benchmarks/bench_stall.py [PATH]

(default: ``benchmarks/data/stall``, a 20M-point double over time among 20,000
metrics: ``make_big_files.py stall``; ``big_dot`` or ``many`` also work). Runs the
real viewer (``python -m tui PATH``) on a 120x40 pseudo-terminal twice: once left
alone, once with a key every 50 ms from its first frame on (the filter opened, the start of the
chart's metric's name typed and rubbed out, Enter back to the tree: see ``keys``). The
metric drawing the most points is "the chart": once the tree is on screen the script moves
down to it (``j``), as a user would; the tree opens on the first metric. In each run:

- **first chart**: from the start of the process to the first braille cell (plotext
  draws its charts in braille) on the terminal;
- **reload**: a few seconds after the first chart, the chart metric's name is changed
  in place (same length, so the protobuf stays valid) and the file rewritten as a
  writer does; timed until the new name is on the terminal, or the status line counts
  the reload (while typing the name may not be repainted whole);
- **stalls**: inside the app, a monitor thread posts a callback to the event loop every
  5 ms and times how long the loop takes to run it (the UI can neither read a key nor
  paint for that long); the longest per phase (load: until the first chart; use;
  reload) is reported, with the garbage collector's pauses over 20 ms beside them
  (``gc.callbacks``). Each stall also says how much CPU the UI thread used in it and how
  much the other threads did: a stall with little UI CPU waited for the GIL (others
  busy) or for a core (a loaded machine), one with much was the UI's own work.

Target (issue 13): no stall over 100 ms; typing must not delay the first chart. The
machine has two cores shared with other work: quote the load average with the result.
"""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_reload import Terminal  # noqa: E402

DATA = ROOT / "benchmarks" / "data"


def keys(name: bytes) -> list[bytes]:
    """One round of typing: open the filter, type the start of the chart metric's name
    (so that it stays selected: the first chart is still its chart), rub it out, Enter
    back to the tree. No Esc: Esc and the next key would read as Alt+key."""
    typed = [bytes([c]) for c in name.lower()[:3]]
    return [b"/", *typed, *[b"\x7f"] * len(typed), b"\r"]


USE_SECONDS = 4.0
CHART_WAIT = 300  # seconds: no chart by then is reported as none

# Runs in the viewer's process before the app: the loop-lag monitor and the gc log.
MONITOR = """
import asyncio, gc, os, runpy, sys, threading, time
log = open(sys.argv[1], "a", buffering=1)
main = threading.get_ident()
WHERE = bool(os.environ.get("STALL_WHERE"))
loops = []
run_forever = asyncio.BaseEventLoop.run_forever
def recording(self):
    loops.append(self)
    return run_forever(self)
asyncio.BaseEventLoop.run_forever = recording
def monitor():
    answered = threading.Event()
    ui_clock = time.pthread_getcpuclockid(main)
    while True:
        time.sleep(0.005)
        if not loops or loops[-1].is_closed():
            continue
        answered.clear()
        sent = time.perf_counter()
        ui_before = time.clock_gettime(ui_clock)
        all_before = time.process_time()
        try:
            loops[-1].call_soon_threadsafe(answered.set)
        except RuntimeError:
            continue
        if not answered.wait(0.1) and WHERE:  # a stall: say where the UI thread is
            frame = sys._current_frames().get(main)
            where = []
            while frame is not None and len(where) < 12:
                code = frame.f_code
                where.append(f"{code.co_filename.split('/')[-1]}:{frame.f_lineno}:{code.co_name}")
                frame = frame.f_back
            log.write(f"where {time.time():.4f} " + " < ".join(where) + "\\n")
        answered.wait()
        lag = time.perf_counter() - sent
        if lag > 0.02:
            ui = time.clock_gettime(ui_clock) - ui_before
            others = time.process_time() - all_before - ui
            log.write(f"lag {time.time():.4f} {lag:.4f} {ui:.4f} {others:.4f}\\n")
threading.Thread(target=monitor, daemon=True).start()
started = {}
def collected(phase, info):
    if phase == "start":
        started["t"] = time.perf_counter()
    elif "t" in started:
        took = time.perf_counter() - started.pop("t")
        if took > 0.02:
            log.write(f"gc {time.time():.4f} {took:.4f} {info['generation']}\\n")
gc.callbacks.append(collected)
sys.argv = ["resim-tui", *sys.argv[2:]]
runpy.run_module("tui", run_name="__main__")
"""


@dataclass
class Run:
    first_chart: float = 0.0
    reload: float = 0.0
    phases: dict[str, tuple[float, float]] = field(default_factory=dict)  # name → wall span
    # (wall time, seconds, the UI thread's CPU seconds in it, the other threads')
    lags: list[tuple[float, float, float, float]] = field(default_factory=list)
    pauses: list[tuple[float, float, int]] = field(default_factory=list)  # gc: time, s, gen
    where: list[tuple[float, str]] = field(default_factory=list)  # the UI thread in stalls

    def worst(self, phase: str) -> float:
        return max((lag[1] for lag in self.in_phase(phase)), default=0.0)

    def in_phase(self, phase: str) -> list[tuple[float, float, float, float]]:
        start, end = self.phases[phase]
        return [lag for lag in self.lags if start <= lag[0] <= end]

    def phase_of(self, when: float) -> str:
        return next((p for p, (a, b) in self.phases.items() if a <= when <= b), "after")

    def gc_in(self, phase: str) -> list[tuple[float, int]]:
        start, end = self.phases[phase]
        return [(took, gen) for when, took, gen in self.pauses if start <= when <= end]


class Typist:
    """Presses a key every 50 ms until stopped."""

    def __init__(self, terminal: Terminal, keys: list[bytes]) -> None:
        self.terminal = terminal
        self.keys = keys
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._type, daemon=True)

    def _type(self) -> None:
        k = 0
        while not self.stop.wait(0.05):
            os.write(self.terminal.leader, self.keys[k % len(self.keys)])
            k += 1


def renamed(content: bytes, name: bytes) -> tuple[bytes, bytes]:
    """``content`` with the first occurrence of ``name`` changed in its last byte (the
    same length, so every length prefix around it stays right), and the new name."""
    at = content.find(name)
    if at < 0:
        sys.exit(f"{name!r} is not in the file")
    new = name[:-1] + (b"X" if name[-1:] != b"X" else b"Y")
    return content[:at] + new + content[at + len(name) :], new


def chart_metric(file: Path) -> tuple[bytes, int]:
    """The name of the job-level metric that draws the most points, and its line in the
    tree (0 the first). The stall shape's first metric is a scalar, which draws no braille:
    waiting for a chart on it was why this script once saw "no chart within 300 s"."""
    from tui.app.widgets.browser import datas
    from tui.formats import load

    order = load(file).display_order
    points = [sum(d.total_length for d in datas(m)) for m in order]
    at = max(range(len(order)), key=points.__getitem__)
    return order[at].name.encode(), at


def measure(source: Path, typing: bool, name: bytes, line: int) -> Run:
    run = Run()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "outputs"
        folder.mkdir()
        file = folder / source.name
        shutil.copyfile(source, file)
        log = Path(tmp) / "stalls.log"
        start_wall = time.time()
        start = time.perf_counter()
        prefix = [sys.executable, "-c", MONITOR, str(log)]
        terminal = Terminal(file, prefix=prefix, cwd=Path(tmp))  # a stray screenshot lands there
        typist = Typist(terminal, keys(name))
        try:
            terminal.wait_for(b"Metrics", timeout=300)
            # Down to the chart's metric (the tree opens on the first one), as a user would.
            os.write(terminal.leader, b"j" * line)
            if typing:  # from the first frame on: before it, keys only queue up
                typist.thread.start()
            try:
                run.first_chart = terminal.wait_for_any(_braille, CHART_WAIT, "a chart") - start
            except TimeoutError:  # a finding in itself: said in the report, and go on
                run.first_chart = math.inf
            loaded = time.time()
            run.phases["load"] = (start_wall, loaded)
            terminal.drain(USE_SECONDS)
            used = time.time()
            run.phases["use"] = (loaded, used)
            content, new_name = renamed(file.read_bytes(), name)
            terminal.screen = b""
            written = time.perf_counter()
            with open(file, "wb") as handle:
                handle.write(content)
            # The new name, or the status line's count of reloads: while typing, the tree
            # may be filtered and the card not drawn again, and a cell-wise repaint then
            # writes only the changed letter of the name (the typing run never ended).
            seen = terminal.wait_for_any(
                lambda _: new_name in terminal.screen or b"reload #1 at" in terminal.screen,
                300,
                new_name,
            )
            run.reload = seen - written
            terminal.drain(1.0)
            run.phases["reload"] = (used, time.time())
        finally:
            typist.stop.set()
            terminal.close()
        for line in log.read_text().splitlines():
            kind, *fields = line.split()
            if kind == "lag":
                when, lag, ui, others = map(float, fields)
                run.lags.append((when, lag, ui, others))
            elif kind == "where":
                run.where.append((float(fields[0]), " ".join(fields[1:])))
            elif kind == "gc":
                run.pauses.append((float(fields[0]), float(fields[1]), int(fields[2])))
    return run


def _braille(screen: bytes) -> bool:
    # U+2801-U+28FF in UTF-8: E2 A0 81-BF, E2 A1-A3 80-BF (U+2800, the blank, excluded).
    return any(b"\xe2" + bytes([second]) in screen for second in (0xA1, 0xA2, 0xA3)) or any(
        bytes([0xE2, 0xA0, third]) in screen for third in range(0x81, 0xC0)
    )


def report(label: str, run: Run) -> None:
    parts = [
        f"{label}: first chart "
        + (f"{run.first_chart:.1f} s" if run.first_chart < math.inf else f"none in {CHART_WAIT} s")
        + f", reload {run.reload:.1f} s; longest stall"
    ]
    for phase in ("load", "use", "reload"):
        pauses = run.gc_in(phase)
        gc_note = ""
        if pauses:
            full = [took for took, gen in pauses if gen == 2]
            gc_note = f", gc {len(pauses)} over 20 ms (max {max(pauses)[0] * 1000:.0f}"
            gc_note += f"; {len(full)} full)" if full else ")"
        over = len([lag for lag in run.in_phase(phase) if lag[1] > 0.1])
        parts.append(f" {phase} {run.worst(phase) * 1000:.0f} ms ({over} over 100){gc_note};")
    print("".join(parts))
    start = run.phases["load"][0]
    for phase in ("load", "use", "reload"):
        # The UI thread's own CPU in a stall says whether it worked (its own stall) or
        # waited: for the GIL (the other threads' CPU), or for a core (a loaded machine).
        worst = sorted(run.in_phase(phase), key=lambda lag: -lag[1])[:4]
        print(
            f"  worst in {phase}: "
            + ", ".join(
                f"{lag * 1000:.0f} ms at {when - start:.1f} s (UI cpu {ui * 1000:.0f},"
                f" others {others * 1000:.0f})"
                for when, lag, ui, others in worst
            )
        )
    for when, where in run.where:  # STALL_WHERE=1: the UI thread 100 ms into each stall
        print(f"  stalled ({run.phase_of(when)}, {when - start:.1f} s) in {where}")


def main(path: Path) -> None:
    file = path / "metrics.binproto" if path.is_dir() else path
    size = file.stat().st_size / 2**20
    load = os.getloadavg()
    print(f"{file} ({size:.0f} MiB), load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    name, line = chart_metric(file)
    print(f"the chart: {name.decode(errors='replace')} (line {line + 1} of the tree)")
    report("left alone", measure(file, typing=False, name=name, line=line))
    report("typing    ", measure(file, typing=True, name=name, line=line))
    load = os.getloadavg()
    print(f"load average after: {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else DATA / "stall"
    if not target.exists():
        sys.exit(f"{target}: run python benchmarks/make_big_files.py stall first, or give a path")
    main(target)
