"""The layout pool: tasks handed out longest first, more tasks joining while it runs (the cover memo once the form
variance report is done, a DOCX when its PDF is), results by task whatever the number of workers."""
from __future__ import annotations

import pytest

from assembler.closing_set.pool import Pool


def _nothing() -> None:
    pass


def _square(n: int) -> int:
    return n * n


@pytest.mark.parametrize("jobs", [1, 2])
def test_tasks_added_while_running_render_and_come_back_with_their_results(jobs):
    seen_after = []

    def meanwhile(add):
        add([10, 11])  # known only once the parent has done its own work
        return "aside"

    def then(task, result):
        return [task + 100] if task in (2, 10) else []  # a follow-up task once this one is done

    with Pool(jobs, _nothing) as pool:
        pairs, aside = pool.run([1, 2, 3], _square, cost=float, title=str, meanwhile=meanwhile, then=then,
                                after=lambda: seen_after.append(1))
    assert aside == "aside"
    assert dict(pairs) == {n: n * n for n in (1, 2, 3, 10, 11, 102, 110)}
    assert [t for t, _ in pairs][:5] == [1, 2, 3, 10, 11]  # given, then added (follow-ups in the order they came)
    assert len(seen_after) >= 1


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_pool_with_nothing_to_do_but_what_meanwhile_adds(jobs):
    with Pool(jobs, _nothing) as pool:
        pairs, aside = pool.run([], _square, cost=float, title=str, meanwhile=lambda add: add([4]) or "done")
    assert pairs == [(4, 16)] and aside == "done"


def test_progress_counts_the_added_tasks():
    steps = []
    with Pool(2, _nothing) as pool:
        pool.run([5, 6], _square, cost=float, title=str, progress=steps.append,
                 meanwhile=lambda add: add([7]), then=lambda t, r: [8] if t == 7 else [])
    assert [s.done for s in steps] == [1, 2, 3, 4] and steps[-1].total == 4 and steps[-1].remaining == 0
