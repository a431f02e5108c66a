"""Layout on every core: worker processes that render the PDF and DOCX files of a set, results in task order.

The workers start as soon as the build knows it has a set to lay out (a valid term sheet, a destination it may
write), and each one imports WeasyPrint and python-docx and prepares the stylesheet and fonts while the parent is
still assembling and numbering the documents: that import is the largest serial step of a build, and this way it runs
on the other core. Tasks are handed out longest first, so that the Purchase Agreement does not start last and keep
one core busy alone at the end; the parent runs the document checks while the workers render. The output does not
depend on the number of workers or on the order tasks finish in: each task is a pure function of its inputs, and
results are put back in task order. With one job there are no worker processes: the parent does everything itself.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from assembler.errors import AssemblerError


@dataclass(frozen=True)
class Step:
    """One finished task, for a progress display."""

    done: int
    total: int
    title: str  # what was just rendered: "Common Stock and Warrants Purchase Agreement (PDF)"
    elapsed: float  # seconds since the first task was handed out
    remaining: float | None  # estimated seconds left


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_FAILED: AssemblerError | None = None  # a worker whose preparation failed (a missing library) reports it per call


def _start(prepare: Callable, args: tuple) -> None:
    global _FAILED
    try:
        prepare(*args)
    except AssemblerError as exc:
        _FAILED = exc


def _call(fn: Callable, args: tuple):
    if _FAILED is not None:
        raise _FAILED
    return fn(*args)


class Pool:
    """`jobs` worker processes, each prepared once by `prepare(*args)`; used as a context manager, so that no worker
    outlives the build whatever happens."""

    def __init__(self, jobs: int, prepare: Callable, args: tuple = ()) -> None:
        self.jobs, self._prepare, self._args = jobs, prepare, args
        self._executor = None
        self._prepared = False
        if jobs > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
            self._executor = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method),
                                                 initializer=_start, initargs=(prepare, args))
            self._executor.submit(_call, int, ())  # the workers start (fork) now, not at the first real task

    def __enter__(self) -> "Pool":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def _here(self, fn: Callable, args: tuple):
        if not self._prepared:
            self._prepare(*self._args)
            self._prepared = True
        return fn(*args)

    def call(self, fn: Callable, *args):
        """fn(*args) in a prepared process (a worker, or this process with one job)."""
        if self._executor is None:
            return self._here(fn, args)
        return self._executor.submit(_call, fn, args).result()

    def run(self, tasks: Sequence[Any], run: Callable[[Any], Any], *, cost: Callable[[Any], float],
            title: Callable[[Any], str], progress: Callable[[Step], None] | None = None,
            meanwhile: Callable[[Callable[[Sequence[Any]], None]], Any] | None = None,
            then: Callable[[Any, Any], Sequence[Any]] | None = None,
            after: Callable[[], None] | None = None) -> tuple[list[tuple[Any, Any]], Any]:
        """([(task, run(task)) for every task], meanwhile(add)): the tasks on the workers, longest (by `cost`) first,
        and `meanwhile` in this process while they render (before them, with one job: it may refuse the build).
        More tasks join as soon as they are known, and render when a worker is free: those `meanwhile` hands to
        `add` (the cover memo, once the form variance report is done), and those `then(task, result)` returns as
        each task finishes (a DOCX whose table of contents waits for its PDF's page numbers); `after()` runs in this
        process once those are handed out (composing what the finished files allow). The pairs come in the order the
        tasks were given, then added."""
        tasks = list(tasks)
        results: list[Any] = [None] * len(tasks)
        weights = [max(cost(t), 1e-9) for t in tasks]
        order = sorted(range(len(tasks)), key=lambda i: -weights[i])
        total_weight, done_weight, start = sum(weights), 0.0, time.perf_counter()

        def finished(index: int, result, done: int) -> None:
            nonlocal done_weight
            results[index] = result
            done_weight += weights[index]
            if progress:
                elapsed = time.perf_counter() - start
                remaining = elapsed * (total_weight - done_weight) / done_weight if done < len(tasks) else 0.0
                progress(Step(done, len(tasks), title(tasks[index]), elapsed, remaining))

        def extend(more: Sequence[Any]) -> list[int]:
            nonlocal total_weight
            first = len(tasks)
            for task in more:
                tasks.append(task)
                results.append(None)
                weights.append(max(cost(task), 1e-9))
                total_weight += weights[-1]
            return sorted(range(first, len(tasks)), key=lambda i: -weights[i])

        if self._executor is None or not tasks and meanwhile is None:
            queue = list(order)
            aside = meanwhile(lambda more: queue.extend(extend(more))) if meanwhile else None
            done = 0
            while done < len(queue):
                index = queue[done]
                done += 1
                finished(index, self._here(run, (tasks[index],)), done)
                if then:
                    queue.extend(extend(then(tasks[index], results[index])))
                if after:
                    after()
            return list(zip(tasks, results)), aside

        from concurrent.futures import FIRST_COMPLETED, wait

        futures = {}

        def add(more: Sequence[Any]) -> None:
            for index in extend(more):
                futures[self._executor.submit(_call, run, (tasks[index],))] = index

        for index in order:
            futures[self._executor.submit(_call, run, (tasks[index],))] = index
        try:
            aside = meanwhile(add) if meanwhile else None
            pending, done = set(futures), 0
            while pending:
                ready, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in sorted(ready, key=futures.__getitem__):
                    done += 1
                    index = futures[future]
                    finished(index, future.result(), done)
                    if then:
                        before = len(futures)
                        add(then(tasks[index], results[index]))
                        pending |= set(list(futures)[before:])
                if after:
                    after()
        except BaseException:  # a failed task, refused checks, Ctrl-C: the rest is not worth waiting for
            for future in futures:
                future.cancel()
            raise
        return list(zip(tasks, results)), aside
