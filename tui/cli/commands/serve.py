"""``resim-tui serve``: the viewer in a web browser, through textual-serve.

Each browser tab that connects gets its own viewer process, started as
``python -m tui serve --child PATH`` with this interpreter. The server binds
the loopback address unless told otherwise, so on a remote runner the safe
way in is one forwarded SSH port.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import shlex
import socket
import sys
from pathlib import Path

from tui.cli.hosts import is_loopback
from tui.formats import load, locate
from tui.model import LoadError
from tui.text.safe import printable

HELP = "serve the viewer to a web browser"

DEFAULT_PORT = 8000
DEFAULT_HOST = "127.0.0.1"

DESCRIPTION = f"""\
Serve the interactive viewer of a metrics file (metrics.binproto, or an
outputs directory holding one) to a web browser, through textual-serve. Every
browser tab gets its own viewer, with the same keys as in a terminal.

The server listens on {DEFAULT_HOST} (this machine only) unless --host says
otherwise. Anyone who can reach the port can see the file, so on a shared or
remote machine keep the default and forward the port over SSH instead:

  on the runner:       resim-tui serve /tmp/resim/outputs
  on your computer:    ssh -L {DEFAULT_PORT}:127.0.0.1:{DEFAULT_PORT} user@runner
  then open:           http://localhost:{DEFAULT_PORT}

Ctrl+C stops the server and every viewer it started.

exit status:
  0  served, then stopped with Ctrl+C (or SIGTERM)
  2  the file could not be read, or the port is in use or not allowed

examples:
  resim-tui serve /tmp/resim/outputs
  resim-tui serve out --port 8123
  resim-tui serve out --host 0.0.0.0    all interfaces (read the warning)
"""


DEFAULT_MAX_VIEWERS = 8
DEFAULT_IDLE_MINUTES = 30


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "path", type=Path, metavar="PATH", help="metrics.binproto or outputs directory"
    )
    parser.add_argument(
        "--port", type=int, default=DEFAULT_PORT, help=f"TCP port (default {DEFAULT_PORT})"
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default {DEFAULT_HOST}: this machine only)",
    )
    parser.add_argument(
        "--max-viewers",
        type=int,
        default=DEFAULT_MAX_VIEWERS,
        metavar="N",
        help=f"browsers served at once, each its own viewer (default {DEFAULT_MAX_VIEWERS}); "
        "more are refused with a message",
    )
    parser.add_argument(
        "--idle-timeout",
        type=float,
        default=DEFAULT_IDLE_MINUTES,
        metavar="MINUTES",
        help="close a viewer nobody has typed into, clicked or resized, and whose view "
        "has not changed (a live reload), for this long "
        f"(default {DEFAULT_IDLE_MINUTES}; 0 never does)",
    )
    # The viewer process each browser connection starts; not for people.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)


def run(args: argparse.Namespace) -> int:
    if args.child:
        return _child(args.path)
    try:
        file = locate(args.path).absolute()
        load(file)
    except LoadError as exc:
        return _fail(str(exc))
    if not 0 < args.port < 65536:
        return _fail(f"--port {args.port}: not a TCP port (1-65535)")
    problem = _bind_problem(args.host, args.port)
    if problem:
        return _fail(problem)
    if not is_loopback(args.host):
        print(
            f"resim-tui serve: WARNING: listening on {printable(args.host)}, not only on this "
            "machine: anyone who can reach this port can see the metrics file. Prefer the "
            "default address and an SSH port forward.",
            file=sys.stderr,
        )
    from tui.cli.web_server import ViewerServer

    command = child_command(file)
    server = ViewerServer(command, args.host, args.port, title=f"resim-tui · {file.name}")
    server.banner = banner(file, args.host, args.port)
    server.max_viewers = max(args.max_viewers, 1)
    server.idle_timeout = max(args.idle_timeout, 0.0) * 60
    with contextlib.suppress(KeyboardInterrupt):  # a second Ctrl+C during shutdown
        server.serve()
    return 0


def child_command(file: Path) -> str:
    """The shell command textual-serve runs per browser: this interpreter, quoted path.

    ``exec`` makes the shell become the viewer, so stopping the process the
    server started stops the viewer itself.
    """
    return "exec " + shlex.join([sys.executable, "-m", "tui", "serve", "--child", str(file)])


def banner(file: Path, host: str, port: int) -> str:
    """What the server prints when it is ready: where to point the browser, and how."""
    shown = f"[{host}]" if ":" in host else host
    url_host = "localhost" if is_loopback(host) else shown
    lines = [
        f"resim-tui serve: {printable(str(file))}",
        f"  open    http://{url_host}:{port}",
    ]
    if is_loopback(host):
        lines += [
            "  remote  on your computer run",
            f"            ssh -L {port}:127.0.0.1:{port} user@{socket.gethostname()}",
            f"          then open http://localhost:{port}",
        ]
    lines.append("  Ctrl+C stops the server")
    return "\n".join(lines)


def _bind_problem(host: str, port: int) -> str | None:
    """Try the address first, so a busy port is one sentence, not a traceback."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        return f"--host {printable(host)}: cannot resolve it ({exc.strerror or exc})"
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        # Like the server: an address in TIME_WAIT is reusable, a listening one is not.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (
                    f"port {port} on {printable(host)} is in use (another resim-tui serve?); "
                    f"pick another with --port, e.g. --port {port + 1}"
                )
            return f"cannot listen on {printable(host)}:{port} ({exc.strerror or exc})"
    return None


def _child(path: Path) -> int:
    """One browser's viewer: the app on textual-serve's web driver (set in the environment)."""
    from tui.app.viewer import ResimApp

    try:
        file = locate(path)
        document = load(file)
    except LoadError as exc:
        return _fail(str(exc))
    app = ResimApp(file, document)
    app.run()
    return int(app.return_code or 0)


def _fail(message: str) -> int:
    print(f"resim-tui serve: {printable(message)}", file=sys.stderr)
    return 2
