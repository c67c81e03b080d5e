"""Run the viewer on a pseudo-terminal, wait until it has painted the demo, quit with q.

Fails (exit 1) if the app does not paint the job within 20 s, or does not exit with 0.
"""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time


def main(argv: list[str]) -> int:
    leader, follower = pty.openpty()
    _set_size(follower, 40, 120)
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    proc = subprocess.Popen(argv, stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 20
    painted = False
    while time.monotonic() < deadline:
        ready, _, _ = select.select([leader], [], [], 0.2)
        if ready:
            try:
                seen += os.read(leader, 65536)
            except OSError:
                break
        if not painted and b"metrics" in seen and b"failing" in seen:
            painted = True
            time.sleep(0.5)
            os.write(leader, b"q")
            deadline = time.monotonic() + 10
        if proc.poll() is not None:
            break
    try:
        status = proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        status = -1
    os.close(leader)
    print(f"painted: {painted}, exit status: {status}")
    return 0 if painted and status == 0 else 1


def _set_size(fd: int, rows: int, columns: int) -> None:
    """Give the pseudo-terminal a size, as a terminal emulator would."""
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, columns * 8, rows * 16))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
