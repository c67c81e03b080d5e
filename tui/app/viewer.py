"""The App: one factory for the CLI and the tests, the load worker, the key bindings.

Data flows one way: a worker loads the file into a Document and posts it;
the handler swaps it in and hands it to the tree, the header and the card.
Nothing here decodes or draws by itself. Live reload (tui/live.py) only
posts messages; the handlers below keep the user's place across reloads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Input, Log

from tui.app.palette import JumpProvider
from tui.app.screens.help import HelpScreen
from tui.app.screens.problems import ProblemsScreen
from tui.app.widgets.job_header import JobHeader
from tui.app.widgets.metric_card import MetricCard
from tui.app.widgets.metric_tree import MetricTree, Node
from tui.app.widgets.status_line import StatusLine
from tui.formats import load
from tui.live.messages import (
    DocumentLoaded,
    FileGone,
    FilesChanged,
    LoadFailed,
    ReportReady,
    RunExited,
    RunOutput,
    RunStarted,
    Writing,
)
from tui.live.session import Live
from tui.model import Data, Document, Event, LoadError, Metric
from tui.model.compare import compare, file_digests
from tui.model.problems import Problem, Severity
from tui.text.safe import printable
from tui.validate import Report, validate

# Series longer than this are converted in a worker before their card is built.
_CONVERT_IN_WORKER = 200_000
_THEME_COLORS = ("success", "warning", "error", "primary", "accent", "foreground-muted")


@dataclass
class Options:
    """How the app watches and reloads; the CLI fills it from its flags."""

    watch: bool = True
    poll: bool = False
    run: str | None = None
    watch_src: list[str] = field(default_factory=list)


class ResimApp(App[int]):
    """Browse one metrics file, and follow it as it changes."""

    CSS_PATH = "viewer.tcss"
    TITLE = "resim-tui"
    COMMANDS = App.COMMANDS | {JumpProvider}
    BINDINGS = [
        Binding("q", "quit", "Quit", id="quit"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("slash", "filter", "Filter", id="filter"),
        Binding("t", "toggle_raw", "Chart/Table", id="toggle-raw"),
        Binding("p", "problems", "Problems", id="problems"),
        Binding("r", "reload", "Reload", id="reload"),
        Binding("h", "toggle_hidden", "Hidden", id="toggle-hidden"),
        Binding("s", "save_svg", "Screenshot", id="screenshot", show=False),
        Binding("l", "toggle_log", "Run log", id="toggle-log", show=False),
        Binding("left_square_bracket", "category(-1)", "Prev category", show=False),
        Binding("right_square_bracket", "category(1)", "Next category", show=False),
        Binding("ctrl+p,colon", "command_palette", "Jump", show=False, id="jump", priority=True),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(
        self,
        source: Path,
        document: Document | None = None,
        options: Options | None = None,
    ) -> None:
        super().__init__()
        self.source = source
        self.options = options or Options(watch=False)
        self._first = document
        self.document: Document | None = None
        self.load_error: str | None = None
        self.show_hidden = True
        self.needle = ""
        self.live = Live(
            self,
            source,
            poll=self.options.poll,
            command=self.options.run,
            sources=self.options.watch_src,
        )
        self._files: dict[str, str] = {}  # the external files as they were at the last load
        self.report: Report | None = None

    # --- layout -------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield JobHeader(id="job-header")
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Input(placeholder="filter: name, tag, type, status", id="filter")
                yield MetricTree(id="tree")
            yield MetricCard(id="card")
        yield Log(id="run-log", max_lines=5000, classes="visible" if self.options.run else "")
        yield StatusLine(id="status-line")
        yield Footer()

    def on_mount(self) -> None:
        # No blinking cursor: nothing may repaint while idle (slow SSH links).
        self.query_one("#filter", Input).cursor_blink = False
        self._apply_theme()
        self.query_one(JobHeader).loading(str(self.source))
        self.query_one(MetricTree).focus()
        status = self.query_one(StatusLine)
        if self.options.watch or self.options.run:
            status.watching = "polling" if self.options.poll else "on"
            self.live.start()
        status.refresh_line()
        if self._first is not None:
            self.post_message(DocumentLoaded(self._first))
            self._first = None
        elif self.options.run and not self.source.exists():
            status.set_outcome(f"waiting for the command to write {self.source.name}", "busy")
        else:
            self.load_document()

    async def on_unmount(self) -> None:
        await self.live.stop()

    def _apply_theme(self) -> None:
        variables = self.get_css_variables()
        background = Color.parse(variables.get("background", "#000000"))
        # Rich styles take opaque colours: blend translucent theme colours onto the background.
        colors = {
            name: background.blend(
                Color.parse(variables[name]), Color.parse(variables[name]).a
            ).hex6
            for name in _THEME_COLORS
            if name in variables
        }
        for widget in (
            self.query_one(MetricTree),
            self.query_one(JobHeader),
            self.query_one(MetricCard),
            self.query_one(StatusLine),
        ):
            widget.theme_colors = colors

    def watch_theme(self) -> None:
        if not self.is_mounted:
            return
        self._apply_theme()
        if self.document is not None:
            self._show(self.document)

    # --- loading ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_document(self) -> None:
        """Decode and resolve off the UI thread; post the result."""
        try:
            document = load(self.source, measure=True)
        except LoadError as exc:
            self.post_message(LoadFailed(str(exc), empty=exc.empty))
            return
        self.post_message(DocumentLoaded(document))
        # The first card will want the first metric's series: start converting them now,
        # while the tree is being built (a card opening them waits for this, not twice).
        first = document.display_order[:1]
        for data in _datas(first[0]) if first else []:
            data.column()
            if data.index is not None:
                data.index.column()

    def on_document_loaded(self, message: DocumentLoaded) -> None:
        if not self._ui_ready():
            return
        old = self.document
        doc = message.document
        self.document = doc
        self._validate(doc)
        self.load_error = None
        status = self.query_one(StatusLine)
        tree = self.query_one(MetricTree)
        if old is None or not message.reloaded:
            self._files = file_digests(doc) if self.options.watch or self.options.run else {}
            tree.marks = {}
            self._show(doc)
            if message.reloaded:
                status.reloaded("loaded")
            return
        changes = compare(old, doc, files_a=self._files)
        self._files = file_digests(doc)
        tree.marks = {d.key: d.mark for d in changes.metrics if d.state in ("changed", "added")}
        self._show(doc, keep_place=True)
        summary = changes.summary()
        status.reloaded(summary)
        if changes.differs:
            self.notify(summary, title="reloaded", timeout=4)

    @work(thread=True, exclusive=True, group="validate")
    def _validate(self, doc: Document) -> None:
        """Check the file off the UI thread, after it is on screen."""
        self.post_message(ReportReady(doc, validate(doc)))

    def on_report_ready(self, message: ReportReady) -> None:
        if not self._ui_ready():
            return
        if message.document is not self.document:
            return  # a newer load is on screen; its own report follows
        self.report = report = message.report
        doc = message.document
        header = self.query_one(JobHeader)
        header.problem_counts = (len(report.errors), len(report.warnings))
        header.show(doc)
        objects = {"metric": doc.metrics, "data": doc.data, "event": doc.events}
        badges: dict[int, tuple[int, bool]] = {}
        lines: dict[int, list[Problem]] = {}
        for (kind, position), problems in report.by_object().items():
            items = objects.get(kind)
            if items is None or position is None or not 0 <= position < len(items):
                continue
            item = items[position]
            errors = any(p.severity is Severity.ERROR for p in problems)
            badges[id(item)] = (len(problems), errors)
            lines[id(item)] = problems
        tree = self.query_one(MetricTree)
        tree.badges = badges
        self._rebuild_tree(doc)
        card = self.query_one(MetricCard)
        card.problems = lines
        if card.item is not None and id(card.item) in lines:
            card.show(card.item, card.key)

    def action_problems(self) -> None:
        report = self.report
        if report is None:
            self.notify("still checking the file…", timeout=2)
            return
        verdict = (
            "Valid: the official validator accepts this file"
            if report.valid
            else "Invalid: the official validator rejects this file"
        )
        verdict += f" — {len(report.errors)} errors, {len(report.warnings)} warnings"
        colors = self.query_one(MetricTree).theme_colors
        self.push_screen(ProblemsScreen(report.problems, colors, verdict), self._go_to_problem)

    def _go_to_problem(self, problem: Problem | None) -> None:
        doc = self.document
        if problem is None or doc is None:
            return
        where = problem.location
        items = {"metric": doc.metrics, "data": doc.data, "event": doc.events}.get(where.kind)
        if items is not None and where.index is not None and 0 <= where.index < len(items):
            self.jump_to(items[where.index])

    def on_load_failed(self, message: LoadFailed) -> None:
        if not self._ui_ready():
            return
        self.load_error = message.reason
        if self.document is None and not (self.options.watch or self.options.run):
            # Nothing good to keep on screen and nothing to wait for: leave, the CLI says why.
            self.exit(2, return_code=2)
            return
        if self.document is None:
            self.query_one(JobHeader).failed(str(self.source), message.reason)
        if message.empty:
            # A writer truncates first: wait for the rest instead of calling it a failure.
            self.query_one(StatusLine).set_outcome("being written… (the file is empty)", "busy")
            return
        self.query_one(StatusLine).set_outcome(f"last reload failed: {message.reason}", "error")

    def on_writing(self, message: Writing) -> None:
        if not self._ui_ready():
            return
        self.query_one(StatusLine).set_outcome(f"being written… ({message.reason})", "busy")

    def on_file_gone(self, _: FileGone) -> None:
        if not self._ui_ready():
            return
        note = f"{self.source.name} is gone — showing the last version until it comes back"
        self.query_one(StatusLine).set_outcome(note, "busy")

    def on_files_changed(self, message: FilesChanged) -> None:
        if not self._ui_ready():
            return
        if any(p.name == self.source.name for p in message.paths):
            self.live.reload()
            return
        # Another file beside it (an image) changed: redraw the card that may show it.
        card = self.query_one(MetricCard)
        if card.item is not None:
            card.show(card.item)

    def _show(self, doc: Document, keep_place: bool = False) -> None:
        self.query_one(JobHeader).show(doc)
        self._rebuild_tree(doc, announce_gone=keep_place)

    def _rebuild_tree(self, doc: Document | None = None, *, announce_gone: bool = False) -> None:
        """Rebuild the tree (a new document, the filter, the hidden toggle, badges) and keep
        the place: the same node if it is still shown, else the metric nearest to it, else
        the first metric. The card follows."""
        doc = doc or self.document
        if doc is None:
            return
        tree = self.query_one(MetricTree)
        card = self.query_one(MetricCard)
        lost = tree.cursor_key()
        neighbours = tree.metric_keys_in_order()
        tree_scroll, card_scroll = tree.scroll_y, card.scroll_y
        tree.show(doc, self.needle, self.show_hidden)
        tree.scroll_to(y=tree_scroll, animate=False)
        target = lost if lost and tree.has_key(lost) else None
        if target is not None:
            card.restore_scroll = card_scroll
        elif lost is not None and lost.startswith("metric:"):
            target = tree.nearest_key(lost, neighbours)
            if announce_gone:
                name = lost.split(":", 1)[-1]
                self.notify(f"“{printable(name, 80)}” is gone from the file", timeout=4)
        target = target or tree.first_metric_key()
        node = tree.node_for_key(target) if target else None
        if node is None or node.data is None:
            card.show(doc)
            return
        tree.select_key(node.data.key)
        if node.data.item is None or node.data.item is not card.item:
            self._open(node.data)

    # --- selection ----------------------------------------------------------------

    def on_metric_tree_chosen(self, message: MetricTree.Chosen) -> None:
        card = self.query_one(MetricCard)
        if message.node.item is not None and message.node.item is card.item:
            return  # already shown: a reload opens the card before the cursor moves
        self._open(message.node)

    def _open(self, node: Node) -> None:
        item = node.item if node.item is not None else self.document
        card = self.query_one(MetricCard)
        if isinstance(item, Metric | Data) and _heavy(item):
            card.show_loading(item, node.key)
            self._prepare(item, card.category)
        else:
            card.show(item, node.key)

    @work(thread=True, exclusive=True, group="prepare")
    def _prepare(self, item: Metric | Data, category: str | None) -> None:
        """Convert a big item's series off the UI thread, then show its card."""
        for data in _datas(item):
            data.column(category)
            if data.index is not None:
                data.index.column(category)
        self.call_from_thread(self._prepared, item)

    def _prepared(self, item: Metric | Data) -> None:
        card = self.query_one(MetricCard)
        if card.item is item:
            card.show(item, card.key)

    def jump_to(self, item: Metric | Event | Data) -> None:
        """Select ``item`` in the tree, clearing a filter or showing hidden metrics if need be."""
        tree = self.query_one(MetricTree)
        if not tree.select_item(item) and self.document is not None:
            self.show_hidden = True
            self.needle = ""
            box = self.query_one("#filter", Input)
            with box.prevent(Input.Changed):
                box.value = ""
            box.remove_class("visible")
            tree.show(self.document, self.needle, self.show_hidden)
            tree.select_item(item)
        tree.focus()

    # --- live ------------------------------------------------------------------------

    def _ui_ready(self) -> bool:
        """False while the app is closing: workers and watchers may still report late."""
        return bool(self.query(StatusLine))

    def _run_panel(self) -> tuple[StatusLine, Log] | None:
        """The status line and run log, or None while the app is closing (runs end late)."""
        status, log = self.query(StatusLine), self.query("#run-log")
        if not status or not log:
            return None
        return status.first(), log.first(Log)

    def on_run_started(self, _: RunStarted) -> None:
        if panel := self._run_panel():
            panel[1].write_line(f"$ {printable(self.options.run or '')}")
            panel[0].set_run(f"▶ running: {self.options.run}", "busy")

    def on_run_output(self, message: RunOutput) -> None:
        if panel := self._run_panel():
            panel[1].write_line(printable(message.line, 2000))

    def on_run_exited(self, message: RunExited) -> None:
        panel = self._run_panel()
        if panel is None:
            return
        ok = message.code == 0
        text = f"{'✔' if ok else '✖'} exited {message.code} after {message.seconds:.1f} s"
        panel[1].write_line(text)
        panel[0].set_run(f"{text}: {self.options.run}", "ok" if ok else "error")
        if ok and self.document is None:
            self.live.reload()

    # --- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_save_svg(self) -> None:
        """Save an SVG picture of the screen in the current directory."""
        try:
            path = self.save_screenshot(path=str(Path.cwd()))
        except OSError as exc:
            self.notify(f"cannot save a screenshot: {exc.strerror or exc}", severity="error")
            return
        self.notify(f"saved {path}", title="screenshot", timeout=4)

    def action_reload(self) -> None:
        self.query_one(StatusLine).set_outcome("reloading…", "busy")
        self.live.reload()

    def action_toggle_log(self) -> None:
        self.query_one("#run-log", Log).toggle_class("visible")

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.add_class("visible")
        box.focus()

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        if box.has_class("visible") or box.value:
            box.value = ""
            box.remove_class("visible")
            self.query_one(MetricTree).focus()
            self._rebuild_tree()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.needle = event.value
        self._rebuild_tree()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(MetricTree).focus()

    def action_toggle_hidden(self) -> None:
        self.show_hidden = not self.show_hidden
        self._rebuild_tree()
        self.notify(
            "hidden metrics shown" if self.show_hidden else "hidden metrics hidden", timeout=2
        )

    def action_toggle_raw(self) -> None:
        card = self.query_one(MetricCard)
        card.raw = not card.raw
        card.show(card.item, card.key)

    def action_category(self, step: int) -> None:
        self.query_one(MetricCard).cycle_category(step)


def _datas(item: Metric | Data) -> list[Data]:
    if isinstance(item, Data):
        return [item]
    return [ref.data for ref in item.refs() if ref.data is not None]


def _heavy(item: Metric | Data) -> bool:
    return any(d.total_length > _CONVERT_IN_WORKER and not d.converted for d in _datas(item))
