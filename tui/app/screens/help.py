"""The help screen: every key, and what the glyphs mean."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.hanging import Hanging
from tui.app.widgets.fit_footer import FitFooter
from tui.text.glyphs import status_legend, type_legend

KEYS = [
    ("↑ ↓ / j k", "move in the tree, a list or a table"),
    ("←", "collapse a section, or go up to its parent"),
    ("→", "expand a section, or go into it"),
    ("Enter / Space", "open or close a section; choose in a list; open a drop-down"),
    ("Shift+Space", "open or close every section of the tree"),
    ("Shift+↑ Shift+↓", "previous / next item at the same level of the tree"),
    ("Shift+← Shift+→", "up to the parent / on to the next section"),
    ("PgUp PgDn", "a page up / down"),
    ("Home End", "to the top / the bottom"),
    ("Ctrl+Home Ctrl+End", "a table's first / last row"),
    ("Ctrl+PgUp Ctrl+PgDn", "a page left / right"),
    ("Tab / Shift+Tab", "move between the tree, the card and its chart, table or image"),
    ("/", "filter the tree by name, tag (key=value), type or status"),
    ("Esc", "one level out: full screen → card → tree → filter; closes any panel"),
    ("t", "switch a chart to its raw data (table, JSON tree, file list) and back"),
    ("i", "a card's every field and whole description, or its two-line brief"),
    ("f", "the card full screen (tree and job header hidden) and back"),
    ("p", "problems: every error and warning in the file; Enter goes to it"),
    ("r", "reload the file now (it also reloads by itself when it changes)"),
    ("l", "show or hide the --run command's output"),
    ("[  ]", "previous / next category of grouped data, or image of an image list"),
    ("← →", "previous / next image, when the image has the focus (Tab)"),
    ("← →  Shift+← Shift+→", "on a chart (Tab): the cursor one (ten) columns; a click puts it"),
    ("← →  on bars or boxes", "the cursor to the next bar, bucket or box; the readout says it"),
    ("+ = -  or wheel", "x/time charts: zoom the x axis in / out around the cursor"),
    ("H L  or < >", "pan a zoomed chart left / right"),
    ("0", "show the whole chart again (reset the zoom)"),
    ("{  }", "subplots: the cursor and zoom to the previous / next panel (or click one)"),
    ("n N", "next / previous failing point (states: span; bars: bar); the view follows"),
    ("/  on a table", "search rows: 3.5, > 3.5, t = 12, FAIL_BLOCK or text; Enter: next"),
    ("   a UTC time", "as the axis shows it: 12:34:56.5, t >= 2026-03-01 12:34:56"),
    ("g  F", "on a table: go to row N; show only the failing rows (F again: all)"),
    ("n N  on a table", "next / previous failing row; ↑ ↓ select a row"),
    ("y", "copy the readout at the cursor, the selected row, or the metric's id"),
    ("Y", "copy the metric's series as CSV (the terminal's clipboard, OSC 52)"),
    ("e", "write the metric's series as CSV into the current directory"),
    ("h", "show or hide metrics with should_display = false"),
    ("d", "changes: what differs from the previous version (comparing A B: changed only)"),
    ("c / o", "changed metrics only / worst change first (in the changes view)"),
    ("b", "pin this version as the baseline to compare reloads with; b again unpins"),
    ("Ctrl+P  or  :", "command palette: every action with its key; jump to any metric"),
    ("s", "save an SVG screenshot of the screen in the current directory"),
    ("Ctrl+C / Super+C", "copy the text selected with the mouse"),
    ("?", 'this help ("? more" in the footer: keys it had no room for are here)'),
    ("q / Ctrl+Q / Ctrl+C", "quit (Ctrl+C: when no text is selected)"),
    ("in a text box", "the usual editing keys: Ctrl+A / Ctrl+E, Ctrl+W, Ctrl+U, Ctrl+K, …"),
]

# The jobs screen (``resim-tui FOLDER``) and its panels.
JOBS_KEYS = [
    ("Enter", "open the job in the viewer; Esc there comes back here"),
    ("o / O", "sort by the next column / reverse the order"),
    ("/", "filter the jobs by name, status or problem"),
    ("Space / c", "mark a job / compare the two marked jobs"),
    ("m", "one metric across every job (f there: failing only)"),
    ("i", "show or hide the job ids"),
    ("Esc / q", "clear the filter; close a panel"),
]


# The tree's marks, and the column their meaning starts at.
MARKS = [
    ("hidden", "should_display = false (shown dimmed; h hides)"),
    ("unreferenced", "data no metric uses"),
    ("!n", "n problems found here"),
    ("▲ ▼ ●", "status worse / better / something else changed"),
    ("+ −", "new in this version / only in the baseline (A)"),
]


def help_text() -> Hanging:
    """Every key and mark; what each means wraps under its words, never under the keys."""
    bold = Style(bold=True)
    rows: list[tuple[Text, int]] = [(Text("Keys", style=bold), 0)]
    rows += [(Text.assemble((f"  {key:<21}", bold), what), 23) for key, what in KEYS]
    rows += [(Text(""), 0), (Text("On the jobs screen (a folder of jobs)", style=bold), 0)]
    rows += [(Text.assemble((f"  {key:<21}", bold), what), 23) for key, what in JOBS_KEYS]
    rows += [(Text(""), 0), (Text("Status (shape first, colour second)", style=bold), 0)]
    rows += [(Text(f"  {s.glyph}  {s.word}"), 5) for s in status_legend()]
    rows += [(Text(""), 0), (Text("Metric types", style=bold), 0)]
    rows += [(Text(f"  {glyph}  {name}"), 5) for glyph, name in type_legend()]
    rows += [(Text(""), 0), (Text("Tree marks", style=bold), 0)]
    rows += [(Text(f"  {mark:<14}{what}"), 16) for mark, what in MARKS]
    return Hanging(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text())
        yield FitFooter()  # this panel's keys, not those of the screen beneath

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
