"""Every ``@work`` names itself: without ``description`` Textual writes one from
``repr()`` of the arguments, on the UI thread, at every call. For a Document of 20,000
metrics that repr took 4.3 s (found by benchmarks/bench_stall.py); a series, an image
or table columns would cost the same way."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.conftest import ROOT


def _work_calls(tree: ast.AST) -> list[ast.Call]:
    calls = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for deco in node.decorator_list:
                target = deco.func if isinstance(deco, ast.Call) else deco
                name = getattr(target, "id", None) or getattr(target, "attr", None)
                if name == "work":
                    calls.append(deco if isinstance(deco, ast.Call) else ast.Call(target, [], []))
    return calls


def test_every_work_decorator_has_a_description() -> None:
    missing = []
    found = 0
    for path in sorted((ROOT / "tui").rglob("*.py")):
        for call in _work_calls(ast.parse(path.read_text(), str(path))):
            found += 1
            if not any(k.arg == "description" for k in call.keywords):
                missing.append(f"{Path(path).relative_to(ROOT)}:{call.lineno}")
    assert found >= 5  # the scan sees the workers there are
    assert not missing, f"@work without description= (its arguments are repr'd): {missing}"


def test_the_scan_catches_a_bare_work() -> None:
    bare = ast.parse("@work(thread=True)\ndef f(doc): ...\n@work\ndef g(): ...\n")
    assert [any(k.arg == "description" for k in c.keywords) for c in _work_calls(bare)] == [
        False,
        False,
    ]
