"""The unsafe path is hard to write: widgets in tui/app never get an f-string.

Textual parses a ``str`` given to a widget as markup, so text built from the
file (an f-string or a concatenation) must reach a widget as ``Text`` (see
tui/app/inert.py), and ``notify()`` must say ``markup=False``. This test
reads the source: a new call that breaks the rule fails here before any user
sees ``[@click=...]`` run. tests/test_hostile_surfaces.py checks the same at
run time with hostile files.
"""

from __future__ import annotations

import ast

from tests.conftest import ROOT

# Calls whose first argument Textual parses as markup when it is a str.
_PARSED = {"Static", "Label", "update", "notify", "Button", "Option", "set_options", "Select"}


def _built(node: ast.AST) -> bool:
    """An f-string, a concatenation or a %/format of strings: text that may hold file text."""
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.FormattedValue) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _built(node.left) or _built(node.right) or isinstance(node.left, ast.Constant)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
        return node.func.attr in ("format", "join") and isinstance(node.func.value, ast.Constant)
    if isinstance(node, ast.List | ast.Tuple):
        return any(_built(e) for e in node.elts)
    if isinstance(node, ast.ListComp):
        return _built(node.elt)
    return False


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def offences(source: str, filename: str = "<source>") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source, filename)):
        if not isinstance(node, ast.Call) or _name(node) not in _PARSED or not node.args:
            continue
        plain = any(
            k.arg == "markup" and isinstance(k.value, ast.Constant) and k.value.value is False
            for k in node.keywords
        )
        if _built(node.args[0]) and not plain:
            found.append(f"{filename}:{node.lineno}: {_name(node)}() gets a built str")
    return found


def test_no_widget_gets_a_built_str() -> None:
    found = []
    for path in sorted((ROOT / "tui" / "app").rglob("*.py")):
        found += offences(path.read_text(), str(path.relative_to(ROOT)))
    assert not found, "\n".join(found)


def test_the_lint_catches_the_known_mistakes() -> None:
    assert offences('self.notify(f"{name} is gone")')
    assert offences('Static(f"⚑ {event.name}")')
    assert offences('select.set_options([(f"{c}", c) for c in names])')
    assert offences('label.update("at " + key)')
    assert not offences('self.notify(f"{name} is gone", markup=False)')
    assert not offences('Static(Text(f"⚑ {printable(event.name)}"))')
    assert not offences('Static("Loading…")')
