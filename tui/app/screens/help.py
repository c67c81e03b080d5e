"""The help screen: every key, and what the glyphs mean."""

from __future__ import annotations

import textwrap

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.text.glyphs import status_legend, type_legend

KEYS = [
    ("↑ ↓ / j k", "move in the tree"),
    ("←", "collapse a section, or go up to its parent"),
    ("→", "expand a section, or go into it; Enter / Space toggle"),
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
    ("h", "show or hide metrics with should_display = false"),
    ("d", "changes: what differs from the previous version (comparing A B: changed only)"),
    ("c / o", "changed metrics only / worst change first (in the changes view)"),
    ("b", "pin this version as the baseline to compare reloads with; b again unpins"),
    ("Ctrl+P  or  :", "command palette: every action with its key; jump to any metric"),
    ("s", "save an SVG screenshot of the screen in the current directory"),
    ("?", "this help"),
    ("q / Ctrl+C", "quit"),
]


def help_text() -> Text:
    lines = [Text("Keys", style=Style(bold=True))]
    # Wrapped by hand with a hanging indent: Rich would restart a wrapped line at column 0.
    # 68 columns fit the panel at 80 (76 wide, less border, padding and scrollbar).
    for key, what in KEYS:
        body = textwrap.wrap(what, 68 - 20) or [""]
        lines.append(Text.assemble((f"  {key:<18}", Style(bold=True)), body[0]))
        lines += [Text(" " * 20 + more) for more in body[1:]]
    lines.append(Text(""))
    lines.append(Text("Status (shape first, colour second)", style=Style(bold=True)))
    lines += [Text(f"  {s.glyph}  {s.word}") for s in status_legend()]
    lines.append(Text(""))
    lines.append(Text("Metric types", style=Style(bold=True)))
    lines += [Text(f"  {glyph}  {name}") for glyph, name in type_legend()]
    lines.append(Text(""))
    lines.append(Text("Tree marks", style=Style(bold=True)))
    lines.append(Text("  hidden        should_display = false (shown dimmed; h hides)"))
    lines.append(Text("  unreferenced  data no metric uses"))
    lines.append(Text("  !n            n problems found here"))
    lines.append(Text("  ▲ ▼ ●         status worse / better / something else changed"))
    lines.append(Text("  + −           new in this version / only in the baseline (A)"))
    return Text("\n").join(lines)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="close-help"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_text())

    def action_dismiss(self, result: None = None) -> None:  # type: ignore[override]
        self.dismiss(None)
