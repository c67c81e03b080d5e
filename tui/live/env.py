"""The environment the watch loop's command runs in.

``resim-tui out --run "python metrics_build.py"`` should find the Python (and the
resim SDK) the viewer itself runs in, activated or not: the ``bin`` directory of
the viewer's environment goes first on PATH.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

_MISSING = re.compile(r"ModuleNotFoundError: No module named '([^']{1,200})'")


def own_bin() -> Path:
    """The directory of the viewer's Python (a venv's ``bin``; not resolved: venvs link)."""
    return Path(sys.executable).parent


def command_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """``base`` (the process environment) with the viewer's ``bin`` first on PATH."""
    env = dict(os.environ if base is None else base)
    first = str(own_bin())
    rest = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != first]
    env["PATH"] = os.pathsep.join([first, *rest])
    if sys.prefix != sys.base_prefix:  # a venv: tools that look at VIRTUAL_ENV agree
        env["VIRTUAL_ENV"] = sys.prefix
    env["PYTHONUNBUFFERED"] = "1"
    return env


def missing_module_hint(line: str) -> str | None:
    """A hint for a ModuleNotFoundError line of the command's output, else None."""
    found = _MISSING.search(line)
    if found is None:
        return None
    module = found.group(1).split(".")[0]
    package = "resim-open-core" if module == "resim" else module
    return (
        f"hint: {module} is not installed in the Python that ran the command. "
        f"The viewer's environment ({own_bin()}) is first on PATH, so `python` is that one "
        f"unless the command names another; install it there: "
        f"{own_bin() / 'python'} -m pip install {package}"
    )
