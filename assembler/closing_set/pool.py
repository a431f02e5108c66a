"""Run layout tasks on every core: a process pool over the documents, results returned in task order.

On Linux the pool forks after the parent has imported WeasyPrint and prepared the stylesheet and fonts once, so every
worker starts with them in memory and no task is pickled on the way in (a worker reads its task from the list it
inherited; only the rendered bytes travel back). Where fork is not available the workers are spawned and prepare
their own state once. Tasks are handed out longest first, so that the Purchase Agreement does not start last and keep
one core busy alone at the end. The output does not depend on the number of workers or on the order tasks finish in:
each task is a pure function of its inputs, and results are put back in task order.
"""
from __future__ import annotations

import multiprocessing
import os
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from typing import Any, Callable, Sequence


@dataclass(frozen=True)
class Step:
    """One finished task, for a progress display."""

    done: int
    total: int
    title: str  # what was just rendered: "Common Stock and Warrants Purchase Agreement (PDF)"
    elapsed: float  # seconds since the first task started
    remaining: float | None  # estimated seconds left (None until there is something to estimate from)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


# Set in the parent before the pool starts; a forked worker inherits them, a spawned one receives them once.
_TASKS: Sequence[Any] = ()
_RUN: Callable[[Any], Any] | None = None


def _init(tasks, run, prepare) -> None:  # spawned workers only
    global _TASKS, _RUN
    _TASKS, _RUN = tasks, run
    if prepare is not None:
        prepare()


def _work(index: int):
    return index, _RUN(_TASKS[index])


def run_tasks(tasks: Sequence[Any], run: Callable[[Any], Any], *, jobs: int, cost: Callable[[Any], float],
              title: Callable[[Any], str], prepare: Callable[[], None] | None = None,
              progress: Callable[[Step], None] | None = None) -> list[Any]:
    """[run(task) for task in tasks], computed by up to `jobs` processes. `prepare()` runs once before any task (in
    the parent, which forked workers inherit); `cost(task)` orders the work and estimates the time left."""
    global _TASKS, _RUN
    results: list[Any] = [None] * len(tasks)
    if not tasks:
        return results
    if prepare is not None:
        prepare()
    weights = [max(cost(t), 1e-9) for t in tasks]
    total_weight, done_weight = sum(weights), 0.0
    start = time.perf_counter()

    def finished(index: int, result, done: int) -> None:
        nonlocal done_weight
        results[index] = result
        done_weight += weights[index]
        if progress:
            elapsed = time.perf_counter() - start
            remaining = elapsed * (total_weight - done_weight) / done_weight if done < len(tasks) else 0.0
            progress(Step(done, len(tasks), title(tasks[index]), elapsed, remaining))

    order = sorted(range(len(tasks)), key=lambda i: -weights[i])
    workers = min(jobs, len(tasks))
    if workers <= 1:
        for done, index in enumerate(order, start=1):
            finished(index, run(tasks[index]), done)
        return results

    fork = "fork" in multiprocessing.get_all_start_methods()
    _TASKS, _RUN = tasks, run
    try:
        if fork:
            executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        else:  # pragma: no cover - macOS and Windows
            executor = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                                           initializer=_init, initargs=(tasks, run, prepare))
        with executor:
            pending = {executor.submit(_work, index) for index in order}
            done = 0
            try:
                while pending:
                    finished_now, pending = wait(pending, return_when=FIRST_COMPLETED)
                    for future in sorted(finished_now, key=lambda f: f.result()[0]):
                        index, result = future.result()
                        done += 1
                        finished(index, result, done)
            except BaseException:  # a failed task (or Ctrl-C): the rest is not worth waiting for
                executor.shutdown(wait=True, cancel_futures=True)
                raise
    finally:
        _TASKS, _RUN = (), None
    return results
