"""What the view compares against, and how the tree arranges itself for it."""

from __future__ import annotations

from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path

from tui.model import Document, Event, Metric
from tui.model.compare import Comparison, EventDiff, MetricDiff, compare, file_digests

_NOTE_MAX = 26


@dataclass
class TreeView:
    """For the tree: notes after names, the changed-only filter, worst-first order, and the
    metrics and events that only side A has (shown with −). Keys are MetricDiff and
    EventDiff keys (names, never ids)."""

    result: Comparison
    changed_only: bool = False
    worst_first: bool = False
    _diffs: dict[str, MetricDiff] = field(init=False, repr=False)
    _events: dict[str, EventDiff] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._diffs = self.result.by_key()
        self._events = {e.key: e for e in self.result.events}

    def keep(self, key: str) -> bool:
        diff = self._diffs.get(key)
        return not self.changed_only or (diff is not None and diff.state != "same")

    def keep_event(self, key: str, members_shown: bool) -> bool:
        """Changed only: an event that changed itself, or holds a metric shown."""
        diff = self._events.get(key)
        return not self.changed_only or members_shown or (diff is not None and diff.state != "same")

    def arrange(
        self, metrics: list[Metric], keys: dict[int, str], removed: list[tuple[str, Metric]]
    ) -> list[tuple[str, Metric, bool]]:
        """(tree key, metric, only in A) to show: B's metrics, then A's removed ones; only the
        changed ones if asked; worst change first if asked."""
        rows = [(keys[id(m)], m, False) for m in metrics]
        rows += [(f"metric:{key}", m, True) for key, m in removed]
        rows = [r for r in rows if self.keep(r[0].removeprefix("metric:"))]
        if not self.worst_first:
            return rows

        def rank(row: tuple[str, Metric, bool]) -> tuple[int, float]:
            diff = self._diffs.get(row[0].removeprefix("metric:"))
            return diff.rank if diff is not None else (0, 0.0)

        return sorted(rows, key=rank, reverse=True)

    def note(self, key: str) -> str:
        diff = self._diffs.get(key)
        if diff is None or diff.state == "same":
            return ""
        return _cut(diff.summary())

    def event_note(self, key: str) -> str:
        diff = self._events.get(key)
        if diff is None or diff.state in ("same", "added", "removed"):
            return ""  # the mark says it
        return _cut(diff.summary())

    def removed(self, event: str | None = None) -> list[tuple[str, Metric]]:
        """Metrics only A has: job-level ones, or (``event``: an EventDiff key) that event's."""
        return [
            (d.key, d.a)
            for d in self.result.metrics
            if d.state == "removed"
            and d.a is not None
            and d.event == event
            and (event is not None or not d.a.in_event)
        ]

    def removed_events(self) -> list[tuple[str, Event]]:
        """Events only A has, by EventDiff key."""
        return [(e.key, e.a) for e in self.result.events if e.state == "removed" and e.a]


def _cut(text: str) -> str:
    return text if len(text) <= _NOTE_MAX else text[: _NOTE_MAX - 1] + "…"


@dataclass(slots=True)
class CompareJob:
    """One comparison for a worker thread: planned on the UI thread, run off it, and kept
    only if no newer job was planned meanwhile (``CompareState.finished``).

    ``digest``: a document whose external files to read now, for the next comparison
    (after a reload A and B name the same files on disk). ``files_a`` is that reading
    from an earlier job; a job waits for it, so jobs may run in any order.
    """

    a: Document | None
    b: Document | None
    files_a: Future[dict[str, str]] | None = None
    digest: Document | None = None
    announce: str = ""  # a reload of "B" (the app's file) or "A": say what changed
    digests: Future[dict[str, str]] = field(default_factory=Future)

    def run(self) -> Comparison | None:
        try:
            if self.digest is not None:
                self.digests.set_result(file_digests(self.digest))
        finally:
            if not self.digests.done():  # never leave a later job waiting
                self.digests.set_result({})
        if self.a is None or self.b is None:
            return None
        files = None
        if self.files_a is not None:
            try:
                files = self.files_a.result(timeout=_WAIT_FOR_DIGESTS)
            except TimeoutError:  # its job never ran (the app closing): read the disk
                files = None
        return compare(self.a, self.b, files_a=files)

    def release(self) -> None:
        """Back on the UI thread: let go of the documents. Its finished worker keeps the job
        in a reference cycle (the worker and its context), and a cycle that outlives the
        next load is frozen with it (tui/live/heap.py): each reload kept both sides."""
        self.a = self.b = self.digest = None
        self.files_a = None


# Only a guard against a job that never runs: a digest job reads a few files.
_WAIT_FOR_DIGESTS = 120.0


_MARKS: dict[int, tuple[Comparison, dict[str, str], dict[str, str]]] = {}


def marks_of(result: Comparison) -> tuple[dict[str, str], dict[str, str]]:
    """The tree's marks of ``result`` (metric key → mark, event key → mark), made once per
    result: the compare worker makes them, so 20k pairs are not walked on the UI thread
    at every showing of the tree. Read-only: every caller shares them."""
    found = _MARKS.get(id(result))
    if found is None or found[0] is not result:
        metrics = {d.key: d.mark for d in result.metrics if d.state in ("changed", "added")}
        events = {e.key: e.mark for e in result.events if e.state in ("changed", "added")}
        if len(_MARKS) >= 4:
            _MARKS.clear()
        found = _MARKS[id(result)] = (result, metrics, events)
    return found[1], found[2]


@dataclass
class CompareState:
    """The baseline and the comparison with the document on screen.

    With ``side_a`` (``resim-tui A B``) the baseline is always A's latest load. Else it is
    the previous version of the one file, moved on at each reload unless ``pinned``.
    Every comparison is a CompareJob for a worker: a 20k-metric compare takes longer than
    a frame. Until the newest job is back, ``result`` is None and ``comparing`` is True.
    """

    side_a: Path | None = None
    baseline: Document | None = None
    pinned: bool = False
    showing: bool = False  # the changes view: notes, panel, overlays
    changed_only: bool = False
    worst_first: bool = False
    result: Comparison | None = None
    a_error: str | None = None  # side A cannot be read: why
    comparing: bool = False
    _files: Future[dict[str, str]] | None = None  # the baseline's file digests
    _latest: CompareJob | None = None
    _announcing: str = ""

    def __post_init__(self) -> None:
        if self.side_a is not None:
            self.showing = True

    @property
    def two_sides(self) -> bool:
        return self.side_a is not None

    def _job(
        self,
        a: Document | None,
        b: Document | None,
        *,
        files_a: Future[dict[str, str]] | None = None,
        digest: Document | None = None,
        announce: str = "",
    ) -> CompareJob:
        # A reload's announcement is not lost to a newer job that replaces its result.
        announce = announce or (self._announcing if self.comparing else "")
        self._announcing = announce
        self.result = None
        self.comparing = a is not None and b is not None
        job = self._latest = CompareJob(a, b, files_a, digest, announce)
        if digest is not None:
            self._files = job.digests
        return job

    def finished(self, job: CompareJob, result: Comparison | None) -> bool:
        """A job is back: keep its result unless a newer job was planned since."""
        job.release()
        # By identity: a batch viewer replaces its CompareState, whose numbers start again.
        if job is not self._latest:
            return False
        self.result = result
        self.comparing, self._announcing = False, ""
        return True

    def loaded(
        self,
        doc: Document,
        old: Document | None,
        *,
        reloaded: bool,
        track: bool,
        provisional: bool = False,
    ) -> CompareJob | None:
        """``doc`` is now on screen: the job that compares it, if any. A ``provisional``
        one (an append's rows before their metrics) is not compared: the document that
        completes it follows and is compared with the same baseline (comparing both
        digested every series twice, seconds on a million rows)."""
        if provisional and old is not None:
            return None
        if self.two_sides:
            if self.baseline is None:
                return None
            return self._job(self.baseline, doc, announce="B" if reloaded else "")
        digest = doc if (track or reloaded) and (not self.pinned or old is None) else None
        if old is None or not reloaded or self.baseline is None:
            self.baseline = doc
            return self._job(None, None, digest=digest)
        base, files = self.baseline, self._files
        pending = self._latest
        if self.comparing and not self.pinned and pending is not None and pending.a is not None:
            # The last reload's comparison was never shown (a burst of writes): compare with
            # what it compared from, or the change it found would never be seen.
            base, files = pending.a, pending.files_a
        job = self._job(base, doc, files_a=files, digest=digest, announce="B")
        if not self.pinned:
            self.baseline = doc
        return job

    def baseline_loaded(self, doc: Document, current: Document | None) -> CompareJob | None:
        """Side A (re)loaded: the job that compares it with B."""
        reloaded, self.baseline = self.baseline is not None, doc
        self.a_error = None
        if current is None:
            return None
        return self._job(doc, current, announce="A" if reloaded else "")

    def pin(self, current: Document | None) -> tuple[str, CompareJob | None]:
        """Toggle the pin: what to tell the user, and the job it needs."""
        if self.two_sides:
            return "comparing with A: its file is the baseline", None
        if current is None:
            return "nothing loaded yet", None
        self.baseline = current
        if self.pinned:
            self.pinned = False
            job = self._job(None, None, digest=current)
            return "baseline unpinned: changes are shown against the previous version", job
        self.pinned = True
        job = self._job(current, current, digest=current)
        return "baseline pinned: changes are shown against this version from now on", job

    def marks(self) -> dict[str, str]:
        return marks_of(self.result)[0] if self.result is not None else {}

    def event_marks(self) -> dict[str, str]:
        """Event name → its mark (+ new, ● changed); removed events are in ``tree_view``."""
        return marks_of(self.result)[1] if self.result is not None else {}

    def tree_view(self) -> TreeView | None:
        if self.result is None or not self.showing:
            return None
        return TreeView(self.result, self.changed_only, self.worst_first)

    def diff_for(self, key: str | None) -> MetricDiff | None:
        if self.result is None or key is None or not key.startswith("metric:"):
            return None
        return self.result.by_key().get(key.removeprefix("metric:"))

    @property
    def sides(self) -> tuple[str, str]:
        """What the two sides are called: A and B, or, for one file, then and now."""
        return ("A", "B") if self.two_sides else ("then", "now")

    def against(self) -> str:
        """What B is compared with, for the panel's heading."""
        if self.two_sides:
            return f"A = {self.side_a}"
        return "the pinned version" if self.pinned else "the previous version"
