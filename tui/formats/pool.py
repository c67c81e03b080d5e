"""Reading many files in worker processes, results in order, with a progress count.

Reading and checking a job is Python work under the GIL, so threads would not
run in parallel; processes do. A few dozen files are read in-process, where a
worker's start (a fresh interpreter importing protobuf) would cost more than
it saves. Workers are forked from a single-threaded caller, and otherwise start from a
fork server: a Textual app has threads running, which a fork would copy
half-way.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

IN_PROCESS_BELOW = 64  # items; fewer than this are not worth a worker's start
CHUNK = 32  # items per task: large enough to amortise pickling, small for progress


def workers() -> int:
    """Worker processes: one per core this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


def map_in_processes(
    function: Callable[[In], Out],
    items: Sequence[In],
    *,
    processes: int | None = None,
    in_process_below: int = IN_PROCESS_BELOW,
) -> Iterator[list[Out]]:
    """``function`` over ``items``, yielded in order as chunks of results.

    ``function`` must be a module-level function (it is pickled by name).
    """
    count = processes if processes is not None else workers()
    if count <= 1 or len(items) < in_process_below:
        for start in range(0, len(items), CHUNK):
            yield [function(item) for item in items[start : start + CHUNK]]
        return
    chunks = [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
    context = _context(function)
    done = 0
    pool: ProcessPoolExecutor | None = None
    try:
        with _real_stderr():
            pool = ProcessPoolExecutor(max_workers=count, mp_context=context)
            results = pool.map(_apply, [function] * len(chunks), chunks)
        for result in results:
            yield result
            done += 1
    except (BrokenProcessPool, OSError, ValueError):
        # Workers could not start or died (no /dev/shm, a main module that cannot be
        # re-imported, out of memory): the rest is read here, slower but complete.
        for chunk in chunks[done:]:
            yield _apply(function, chunk)
    finally:
        # A caller that stops early (the app closing) does not wait for the rest.
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)


def _context(function: Callable[..., object]) -> BaseContext:
    """How workers start: forked when that is safe, else from a fork server.

    A fresh interpreter importing the readers costs seconds on a busy machine, so
    workers should not import anything. A single-threaded caller (the command line)
    forks: the workers inherit every module. A caller with threads (the app) must
    not fork; its workers fork from a server that imports the function's module once.
    """
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Only the first call counts: the server starts once per process.
    context.set_forkserver_preload([function.__module__])
    return context


@contextlib.contextmanager
def _real_stderr() -> Iterator[None]:
    """The process's own stderr while workers start.

    multiprocessing hands ``sys.stderr``'s descriptor to its helper processes; under
    Textual that is a capture object without one (fileno -1), which fails the start.
    """
    try:
        usable = sys.stderr.fileno() >= 0
    except (AttributeError, OSError, ValueError):
        usable = False
    if usable or sys.__stderr__ is None:
        yield
        return
    captured, sys.stderr = sys.stderr, sys.__stderr__
    try:
        yield
    finally:
        sys.stderr = captured


def _apply(function: Callable[[In], Out], chunk: list[In]) -> list[Out]:
    return [function(item) for item in chunk]
