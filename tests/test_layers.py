"""The layers stay apart: no import circles, imports only downwards, UI libraries on top.

The contract and the circle check read the source (fast); the slow tests below
also load each lower layer in a fresh interpreter and look at what it pulled in.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests import import_graph
from tests.conftest import ROOT


def _imported(module: str) -> set[str]:
    code = f"import sys, {module}; print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return {name.split(".")[0] for name in out.stdout.split()}


@pytest.mark.slow
@pytest.mark.parametrize("module", ["tui.model", "tui.model.tables", "tui.model.summary"])
def test_model_imports_no_ui(module: str) -> None:
    loaded = _imported(module)
    assert "textual" not in loaded
    assert "plotext" not in loaded
    assert "rich" not in loaded


@pytest.mark.slow
def test_validator_imports_no_ui() -> None:
    pytest.importorskip("tui.validate")
    loaded = _imported("tui.validate")
    assert "textual" not in loaded
    assert "plotext" not in loaded


@pytest.mark.slow
def test_charts_import_no_textual() -> None:
    pytest.importorskip("tui.charts")
    assert "textual" not in _imported("tui.charts")


# The layer contract, read from the source with ast (tests/import_graph.py).
# What each folder of tui/ may import of the others; a folder always may import
# itself, and any folder may import ``tui`` itself (the version). The stack is
# model < text < validate < charts < export < live < app < cli, each allowed
# what is below it, with three exceptions that say what the layout is for:
# only a reader imports the protobuf bindings, only the entry points (live,
# app, cli) import the readers (so validate, charts and export serve every input
# format through the model alone), and only the command line imports the demo.
# Every package's docstring names what it may import; the test holds them to this.
ALLOWED: dict[str, set[str]] = {
    "schema": set(),  # generated protobuf bindings
    "demo": set(),  # the demo job's files
    "model": set(),  # the resolved Document, the same for every input format
    "text": {"model"},  # safe text, ASCII, glyphs, number formatting
    "formats": {"model", "text", "schema"},  # readers: a format's bytes -> model
    "validate": {"model", "text"},
    "charts": {"model", "text", "validate"},  # model -> text, no Textual
    "export": {"model", "text", "validate", "charts"},
    "live": {"model", "text", "formats", "validate", "charts", "export"},
    "app": {"model", "text", "formats", "validate", "charts", "export", "live"},
    "cli": {"model", "text", "formats", "validate", "charts", "export", "live", "app", "demo"},
}

# What each layer may take from the terminal-UI libraries; the rest take none.
UI_LIBRARIES = {"textual", "textual_image", "textual_serve", "rich", "plotext"}
UI_ALLOWED = {
    "charts": {"rich", "plotext"},
    "live": {"textual"},  # its messages are Textual messages
    "app": UI_LIBRARIES,
    "cli": UI_LIBRARIES,
}

MODULES = import_graph.modules(ROOT, "tui")
EDGES = import_graph.graph(MODULES)


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _may_import(mine: str, theirs: str) -> bool:
    if theirs in ("", mine):
        return True
    if mine == "__main__":
        return theirs == "cli"
    return theirs in ALLOWED.get(mine, set())


def test_no_import_circles() -> None:
    found = import_graph.circles(EDGES)
    assert not found, "import circles (break each, e.g. move what both need below both):\n" + (
        "\n".join(" -> ".join(path) for path in found)
    )


def test_imports_name_real_modules() -> None:
    assert import_graph.unknown(EDGES, MODULES) == []


def test_every_folder_of_tui_has_a_layer() -> None:
    folders = {_layer(m) for m in MODULES} - {"", "__main__"}
    assert folders - set(ALLOWED) == set(), "say in ALLOWED what the new folder may import"


def test_imports_go_down_the_layers_only() -> None:
    wrong = []
    for module, targets in EDGES.items():
        mine = _layer(module)
        for target in targets:
            theirs = _layer(target)
            if not _may_import(mine, theirs):
                wrong.append(f"{module} imports {target} ({mine} may not import {theirs})")
    assert wrong == [], "\n".join(sorted(wrong))


def test_ui_libraries_stay_in_their_layers() -> None:
    wrong = []
    for name, module in MODULES.items():
        allowed = UI_ALLOWED.get(_layer(name), set())
        for library in sorted(import_graph.third_party(module) & UI_LIBRARIES - allowed):
            wrong.append(f"{name} imports {library}")
    assert wrong == [], "\n".join(wrong)


def test_every_package_says_what_it_owns_and_may_import() -> None:
    missing = [name for name, m in MODULES.items() if m.is_package and not _docstring(name)]
    assert missing == [], "packages without a docstring"
    for layer, allowed in ALLOWED.items():
        doc = _docstring(f"tui.{layer}")
        said = re.search(r"May import:(.*?)\.(?:\s|$)", doc, re.S)
        assert said, f"tui.{layer}'s docstring has no 'May import: ...' sentence"
        named = set(re.findall(r"\btui\.(\w+)", said.group(1)))
        assert named == allowed, f"tui.{layer}: the docstring names {sorted(named)}"


def _docstring(package: str) -> str:
    return ast.get_docstring(import_graph.tree(MODULES[package].path)) or ""


# The checker itself, on packages made for it: it must see what it is there to catch.
def _package(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return import_graph.graph(import_graph.modules(tmp_path, "pkg"))


def test_checker_sees_lazy_type_only_and_relative_circles(tmp_path: Path) -> None:
    edges = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/a.py": "def f():\n    from pkg import b\n",
            "pkg/b.py": "import typing\nif typing.TYPE_CHECKING:\n    from .c import C\n",
            "pkg/c.py": "import pkg.a\n",
            "pkg/d.py": "from pkg.c import x\n",
        },
    )
    assert import_graph.circles(edges) == [["pkg.a", "pkg.b", "pkg.c", "pkg.a"]]


def test_checker_sees_a_circle_through_a_package_reexport(tmp_path: Path) -> None:
    edges = _package(
        tmp_path,
        {
            "pkg/__init__.py": "",
            "pkg/sub/__init__.py": "from pkg.sub.inner import thing\n",
            "pkg/sub/inner.py": "thing = 1\n",
            "pkg/sub/other.py": "from pkg.sub import thing\n",  # the package, not a circle
            "pkg/user.py": "from pkg.sub.inner import thing\n",
            "pkg/sub/back.py": "from pkg import user\n",
        },
    )
    assert "pkg.sub" in edges["pkg.user"]  # importing pkg.sub.inner runs pkg/sub/__init__
    assert import_graph.circles(edges) == []
    edges["pkg.sub.inner"].add("pkg.user")
    assert import_graph.circles(edges) == [["pkg.sub", "pkg.sub.inner", "pkg.user", "pkg.sub"]]


@pytest.mark.slow
def test_types_check() -> None:
    """mypy, strict, as .ci/run runs it (pyproject's [tool.mypy]); here too so that a
    change that breaks the types fails where layer changes fail, before it lands."""
    api = pytest.importorskip("mypy.api", reason="mypy is in the test extra")
    out, err, status = api.run(["--config-file", str(ROOT / "pyproject.toml")])
    assert status == 0, out + err
