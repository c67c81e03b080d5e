"""YAML loading with budgets, line numbers and duplicate keys reported.

PyYAML (what the SDK uses) keeps the last of two equal keys silently, loads an
alias bomb as shared references that hang whatever walks them, and raises
RecursionError a few hundred levels deep. Here the composer refuses nesting
past ``MAX_DEPTH`` and the conversion to Python counts every node an alias
expands to, so a bomb is refused at the line that would set it off. Every
mapping key and list item keeps the line it was written on.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

import yaml

MAX_DEPTH = 100
MAX_EXPANDED = 100_000  # nodes an alias may expand to, over the whole document

Path = tuple[str | int, ...]


class YamlError(Exception):
    """The file cannot be used; ``code`` is the problem's rule, ``line`` 1-based."""

    def __init__(self, code: str, message: str, line: int | None) -> None:
        super().__init__(message)
        self.code = code
        self.line = line


@dataclass
class Duplicate:
    path: Path
    first_line: int
    line: int


@dataclass
class Loaded:
    """A document as plain Python, with where each key was written."""

    value: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)

    def line(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest written parent."""
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), None)


class _Alias:
    """What the composer returns for ``*name``: the anchored node and where it was used."""

    __slots__ = ("line", "node")

    def __init__(self, node: yaml.Node, line: int) -> None:
        self.node = node
        self.line = line


class _Loader(yaml.SafeLoader):
    depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            node = super().compose_node(parent, index)
            assert node is not None  # an alias composes to its anchor's node
            return _Alias(node, event.start_mark.line + 1)
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise YamlError(
                    "yaml_depth",
                    f"line {mark.line + 1}: nesting depth over {MAX_DEPTH} levels; refused",
                    mark.line + 1,
                )
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


# Documents parsed lately, by text: a reload after an append or a template edit reads
# the same config again, and PyYAML's pure-Python scanner is the slow part of it.
_PARSED: dict[tuple[str, frozenset[str] | None], Loaded] = {}
_PARSED_MAX = 8
_PARSED_LOCK = threading.Lock()


def load(text: str, keys: frozenset[str] | None = None) -> Loaded:
    """Parse one YAML document; raises YamlError (never RecursionError or YAMLError).

    With ``keys``, only those top-level keys are converted; the others keep their
    line and read as None, so an anchor parked under an unused key costs nothing.
    """
    known = _PARSED.get((text, keys))
    if known is None:
        known = _parse(text, keys)
        with _PARSED_LOCK:  # loads run in worker threads
            if len(_PARSED) >= _PARSED_MAX:
                _PARSED.pop(next(iter(_PARSED)))
            _PARSED[(text, keys)] = known
    return copy.deepcopy(known)  # the caller may change what it gets


def _parse(text: str, keys: frozenset[str] | None) -> Loaded:
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except YamlError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or "syntax error"
        raise YamlError("yaml_syntax", f"line {line}: YAML {problem}", line) from None
    except (yaml.YAMLError, RecursionError, ValueError) as exc:
        raise YamlError("yaml_syntax", f"YAML cannot be read: {str(exc)[:200]}", None) from None
    finally:
        loader.dispose()
    loaded = Loaded(None)
    if root is not None:
        loaded.value = _Converter(loader, loaded, keys).convert(root)
    return loaded


class _Converter:
    """Nodes to Python without recursion; aliases are budgeted by their expanded size."""

    def __init__(self, loader: _Loader, loaded: Loaded, keys: frozenset[str] | None) -> None:
        self.keys = keys
        self.loader = loader
        self.loaded = loaded
        self.sizes: dict[int, int] = {}
        self.expanded = 0

    def size(self, node: yaml.Node) -> int:
        """Nodes that ``node`` stands for once every alias inside it is expanded."""
        order: list[yaml.Node] = []
        seen: set[int] = set()
        stack = [node]
        while stack:  # every node once, parents before children
            n = stack.pop()
            if id(n) in self.sizes or id(n) in seen:
                continue
            seen.add(id(n))
            order.append(n)
            for child in _children(n):
                stack.append(child.node if isinstance(child, _Alias) else child)
        for n in reversed(order):
            if id(n) in self.sizes:
                continue
            total = 1
            for child in _children(n):
                target = child.node if isinstance(child, _Alias) else child
                total += self.sizes.get(id(target), 1)
                if total > MAX_EXPANDED:
                    break
            self.sizes[id(n)] = min(total, MAX_EXPANDED + 1)
        return self.sizes[id(node)]

    def convert(self, root: yaml.Node) -> Any:
        result: list[Any] = [None]
        # (node, container, key in container, path, line)
        stack: list[tuple[Any, Any, Any, Path]] = [(root, result, 0, ())]
        while stack:
            node, target, key, path = stack.pop()
            if isinstance(node, _Alias):
                self.expanded += self.size(node.node)
                if self.expanded > MAX_EXPANDED:
                    raise YamlError(
                        "yaml_aliases",
                        f"line {node.line}: YAML aliases expand to over {MAX_EXPANDED:,} "
                        "values (an alias bomb); refused",
                        node.line,
                    )
                node = node.node
            if isinstance(node, yaml.MappingNode):
                value: Any = {}
                seen: dict[Any, int] = {}
                for key_node, value_node in node.value:
                    k = self.scalar(key_node)
                    line = _line(key_node)
                    child = (*path, k if isinstance(k, str | int) else str(k))
                    if k in seen:
                        self.loaded.duplicates.append(Duplicate(child, seen[k], line))
                    seen[k] = line
                    self.loaded.lines[child] = line
                    value[k] = None
                    if path or self.keys is None or k in self.keys:
                        stack.append((value_node, value, k, child))
            elif isinstance(node, yaml.SequenceNode):
                value = [None] * len(node.value)
                for i, item in enumerate(node.value):
                    child = (*path, i)
                    self.loaded.lines[child] = _line(item)
                    stack.append((item, value, i, child))
            else:
                value = self.scalar(node)
            target[key] = value
        return result[0]

    def scalar(self, node: Any) -> Any:
        if isinstance(node, _Alias):
            node = node.node
        if not isinstance(node, yaml.ScalarNode):
            return f"<{node.tag.rsplit(':', 1)[-1]}>"  # a mapping used as a key
        try:
            return self.loader.construct_object(node, deep=False)
        except (yaml.YAMLError, ValueError, TypeError):
            return node.value


def _children(node: yaml.Node) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _line(node: Any) -> int:
    if isinstance(node, _Alias):
        return node.line
    return int(node.start_mark.line) + 1
