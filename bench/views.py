"""Time the list's views, status filter and pickers on a store (issue 18).

    .venv/bin/python -m bench.views STORE [--today 2026-11-16] [--sort urgent]

One `LazySource`, as the app holds after opening the store, is asked for each query in turn,
as the list's worker asks (`select`, then the first screenful read). The pickers come first,
each timed as the list's key computes it before showing its choices, the first time in a
session and then again: the status picker's counts (`S`), the exemption picker's counts by
section (`x`), the ids citing a chosen exemption (what choosing one asks the store), and the
open requests each officer holds (`W`, after the views: before issue 18's index counts it made
every row, `LazySource.full`, once a session, and the views would then filter those). The last
line is the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from foitui import views
from foitui.exemptions import section_of
from foitui.kinds import Status
from foitui.store import Store
from foitui.tui.listing import VIEWS, LazySource, ListQuery


def _status_counts(source: LazySource) -> dict[Status, int]:
    counts = getattr(source, "status_counts", None)
    if counts is not None:
        return counts()
    found: dict[Status, int] = {}
    for row in source.by_id.values():
        found[row.status] = found.get(row.status, 0) + 1
    return found


def _queue_counts(source: LazySource) -> Counter[str | None]:
    """What `W` counts: the open requests of each assignee (None: nobody's)."""
    counts = getattr(source, "queue_counts", None)
    if counts is not None:
        return counts()
    found: Counter[str | None] = Counter()  # the screen's own loop before issue 18's
    for row in source.by_id.values():
        if views.is_open(row):
            found[row.assignee] += 1
    return found


def _timed(label: str, work: Callable[[], Any], size: Callable[[Any], int]) -> None:
    for when in ("", " (again)"):
        start = time.perf_counter()
        found = work()
        took = time.perf_counter() - start
        print(f"{label + when:40} {took:8.3f} s  {size(found):,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.views", description=__doc__)
    parser.add_argument("store", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 16))
    parser.add_argument("--sort", default="urgent")
    args = parser.parse_args(argv)
    store = Store.open(args.store)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"load average {load}; today {args.today}; sort {args.sort}")
    queries = [(f"view {view}", ListQuery(view=view, sort=args.sort)) for view in VIEWS]
    queries += [
        (f"status {status.value}", ListQuery(status=status, sort=args.sort)) for status in Status
    ]
    source = LazySource.of(store)
    if source is None:
        print("no kept order (no index.sqlite, or settings that move due dates)")
        return 1
    print(f"{len(source.rows):,} requests")
    total = sum
    _timed("status picker counts (S)", lambda: _status_counts(source), lambda c: total(c.values()))
    _timed(
        "exemption picker counts (x)",
        lambda: store.exemption_counts(group=section_of),
        len,
    )
    for code in ("s40", "s12"):
        _timed(f"ids citing {code} (x, a choice)", lambda code=code: store.ids_citing(code), len)
    for label, query in queries:
        start = time.perf_counter()
        rows = source.select(query, args.today)
        list(rows[:40])  # the first screenful
        took = time.perf_counter() - start
        print(f"{label:40} {took:8.3f} s  {len(rows):,} rows")
    # Last: before issue 18's index counts it made every row, and the views then used them.
    _timed("queue picker counts (W)", lambda: _queue_counts(source), lambda c: total(c.values()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{'peak memory':40} {peak:8,} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
