"""The static import graph of a package, read with ``ast`` (nothing is imported).

Every import statement counts, wherever it is: at module level, inside a
function (a lazy import still runs) and under ``if TYPE_CHECKING:`` (a type-only
circle still ties two modules together and breaks the first time someone needs
the name at run time). Import of ``a.b.c`` from outside ``a.b`` also runs the
``__init__`` of ``a.b`` first, so that package is an edge too; from inside it,
the package is already loaded and is not.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Module:
    name: str
    path: Path
    is_package: bool

    @property
    def package(self) -> str:
        """The package that relative imports start from."""
        return self.name if self.is_package else self.name.rpartition(".")[0]


@cache
def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def modules(root: Path, package: str) -> dict[str, Module]:
    """Every module of ``package`` (a folder under ``root``), by dotted name."""
    found: dict[str, Module] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts.pop()
        name = ".".join(parts)
        found[name] = Module(name, path, is_package)
    return found


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _targets(module: Module, known: dict[str, Module]) -> set[str]:
    """Names this module imports, as written (modules, or a package for its re-exports)."""
    top = module.name.split(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree(module.path)):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.package.split(".")
                base = base[: len(base) - (node.level - 1)]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            for alias in node.names:
                # ``from pkg import sub`` imports the submodule; ``from pkg import name``
                # takes a name the package's __init__ re-exports.
                sub = f"{source}.{alias.name}"
                out.add(sub if sub in known else source)
    return {name for name in out if name.split(".")[0] == top}


def graph(known: dict[str, Module]) -> dict[str, set[str]]:
    """module -> the modules of the same package that importing it runs."""
    edges: dict[str, set[str]] = {}
    for name, module in known.items():
        mine = set(_ancestors(name)) | ({name} if module.is_package else set())
        out: set[str] = set()
        for target in _targets(module, known):
            out.update(a for a in _ancestors(target) if a not in mine)
            out.add(target)
        edges[name] = {t for t in out if t != name}
    return edges


def unknown(edges: dict[str, set[str]], known: dict[str, Module]) -> list[tuple[str, str]]:
    """Imports of modules that do not exist (a typo, or a module moved away)."""
    return sorted((a, b) for a, targets in edges.items() for b in targets if b not in known)


def circles(edges: dict[str, set[str]]) -> list[list[str]]:
    """One import circle per strongly connected group of modules, as a closed path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in edges:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                groups.append(group)

    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 10 * len(edges) + 100))
    try:
        for v in sorted(edges):
            if v not in index:
                visit(v)
    finally:
        sys.setrecursionlimit(limit)
    return [_path(sorted(group), edges) for group in groups]


def _path(group: list[str], edges: dict[str, set[str]]) -> list[str]:
    """A shortest closed path through the group's first module, to name in a failure."""
    start, members = group[0], set(group)
    previous: dict[str, str] = {}
    frontier = [start]
    while frontier:
        step = []
        for v in frontier:
            for w in sorted(edges[v] & members):
                if w == start:
                    path = [v]
                    while path[-1] != start:
                        path.append(previous[path[-1]])
                    return [*reversed(path), start]
                if w not in previous:
                    previous[w] = v
                    step.append(w)
        frontier = step
    return group


def third_party(module: Module) -> set[str]:
    """Top-level names of the libraries a module imports (not the standard library)."""
    own = module.name.split(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree(module.path)):
        if isinstance(node, ast.Import):
            out.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
            out.add(node.module.split(".")[0])
    return out - {own} - set(sys.stdlib_module_names)
