"""Reading many files in worker processes, results in order, with a progress count.

Reading and checking a job is Python work under the GIL, so threads would not
run in parallel; processes do. A few dozen files are read in-process, where a
worker's start would cost more than it saves. Workers are forked from a
single-threaded caller, and otherwise start from a fork server: a Textual app
has threads running, which a fork would copy half-way. The app forks its
workers (``Workers``) before Textual is imported, so they read while the
interface starts.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from typing import TypeVar

In = TypeVar("In")
Out = TypeVar("Out")

IN_PROCESS_BELOW = 64  # items; fewer than this are not worth a worker's start
CHUNK = 32  # items per task: large enough to amortise pickling, small for progress
_FAILED = (BrokenProcessPool, OSError, ValueError, RuntimeError)


def workers() -> int:
    """Worker processes: one per core this process may use, at most 8."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 8))


class Workers:
    """Worker processes started now, for ``map_in_processes`` calls later from any thread.

    Made while the process has one thread, the workers are forks: they start in
    milliseconds and already hold every module imported so far. ``preload``
    names the modules a fork server imports when forking is not safe.
    """

    def __init__(self, preload: Sequence[str] = (), processes: int | None = None) -> None:
        self.count = processes if processes is not None else workers()
        self.executor: ProcessPoolExecutor | None = None
        if self.count <= 1:
            return
        try:
            with _real_stderr():
                executor = ProcessPoolExecutor(
                    max_workers=self.count,
                    mp_context=_context(preload),
                    initializer=_ignore_interrupts,
                )
                # The first task starts every worker (forked now, while it is safe).
                executor.submit(int)
        except _FAILED:
            return
        self.executor = executor

    def close(self) -> None:
        """Stop the workers now: queued tasks are dropped and running ones ended.

        Left running, they would hold the process's exit for seconds (the tasks
        already handed to a worker cannot be cancelled), for results nobody wants.
        """
        executor, self.executor = self.executor, None
        if executor is None:
            return
        processes = list((getattr(executor, "_processes", None) or {}).values())
        executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            with contextlib.suppress(OSError, ValueError):
                process.terminate()


def map_in_processes(
    function: Callable[[In], Out],
    items: Sequence[In],
    *,
    processes: int | None = None,
    in_process_below: int = IN_PROCESS_BELOW,
    pool: Workers | None = None,
    per_task: int = CHUNK,
) -> Iterator[list[Out]]:
    """``function`` over ``items``, yielded in order as chunks of results (``per_task``
    items a task).

    ``function`` must be a module-level function (it is pickled by name). With
    ``pool``, its workers are used (and left running); otherwise workers are
    started for this call and stopped after it.
    """
    chunks = [list(items[i : i + per_task]) for i in range(0, len(items), per_task)]
    if pool is not None and pool.executor is not None and len(items) >= in_process_below:
        yield from _on(pool.executor, function, chunks, pool)
        return
    count = processes if processes is not None else workers()
    if pool is not None or count <= 1 or len(items) < in_process_below:
        for chunk in chunks:
            yield _apply(function, chunk)
        return
    executor: ProcessPoolExecutor | None = None
    try:
        with _real_stderr():
            executor = ProcessPoolExecutor(
                max_workers=count,
                mp_context=_context([function.__module__]),
                initializer=_ignore_interrupts,
            )
        yield from _on(executor, function, chunks)
    except _FAILED:
        # Workers could not start (no /dev/shm, a main module that cannot be re-imported).
        for chunk in chunks:
            yield _apply(function, chunk)
    finally:
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)


def start_map(
    function: Callable[[In], Out], items: Sequence[In], pool: Workers
) -> Iterator[list[Out]]:
    """``map_in_processes`` on ``pool``, its tasks given to the workers now, not when the
    first result is asked for: they work while the caller goes on starting up."""
    chunks = [list(items[i : i + CHUNK]) for i in range(0, len(items), CHUNK)]
    if pool.executor is None:
        return (_apply(function, chunk) for chunk in chunks)
    try:
        futures = [pool.executor.submit(_apply, function, chunk) for chunk in chunks]
    except _FAILED:
        return (_apply(function, chunk) for chunk in chunks)
    return _collect(futures, function, chunks, pool)


def _on(
    executor: ProcessPoolExecutor,
    function: Callable[[In], Out],
    chunks: list[list[In]],
    pool: Workers | None = None,
) -> Iterator[list[Out]]:
    """The chunks on ``executor``, in order; a caller that stops early drops the rest."""
    try:
        futures = [executor.submit(_apply, function, chunk) for chunk in chunks]
    except _FAILED:
        futures = []
    yield from _collect(futures, function, chunks, pool)


def _collect(
    futures: list[Future[list[Out]]],
    function: Callable[[In], Out],
    chunks: list[list[In]],
    pool: Workers | None = None,
) -> Iterator[list[Out]]:
    done = 0
    try:
        try:
            if len(futures) < len(chunks):
                raise BrokenProcessPool("the workers took no tasks")
            for future in futures:
                result = future.result()
                done += 1
                yield result
        except (*_FAILED, CancelledError):
            if pool is not None and pool.executor is None:
                return  # closed on purpose (the app is quitting): nobody wants the rest
            # Workers died (out of memory, killed): the rest is read here, slower but
            # complete.
            for chunk in chunks[done:]:
                yield _apply(function, chunk)
    finally:
        for future in futures[done:]:
            future.cancel()


def _context(preload: Sequence[str]) -> BaseContext:
    """How workers start: forked when that is safe, else from a fork server.

    A fresh interpreter importing the readers costs seconds on a busy machine, so
    workers should not import anything. A single-threaded caller (the command line)
    forks: the workers inherit every module. A caller with threads (the app) must
    not fork; its workers fork from a server that imports ``preload`` once.
    """
    methods = multiprocessing.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    if "forkserver" not in methods:
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Only the first call counts: the server starts once per process.
    context.set_forkserver_preload(list(preload))
    return context


def _ignore_interrupts() -> None:
    # Ctrl+C reaches the whole foreground process group: the caller stops its workers,
    # which should not each print a traceback on the way.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A caller killed outright (SIGKILL) cannot stop its workers, and they would wait
    # for work for ever: on Linux, ask to be ended with it.
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


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
