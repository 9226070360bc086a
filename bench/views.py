"""Time the list's views, status filter and status picker counts on a store (issue 18).

    .venv/bin/python -m bench.views STORE [--today 2026-11-16] [--sort urgent]

One `LazySource`, as the app holds after opening the store, is asked for each query in turn,
as the list's worker asks (`select`, then the first screenful read); the status picker's
counts are what `S` computes (on the UI thread) before it shows the picker, and come first.
Where every row has to be made (`LazySource.full`, before issue 18's index filters), the first
line pays for it, once a session. The last line is the process's peak memory.
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from datetime import date
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.views", description=__doc__)
    parser.add_argument("store", type=Path)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 16))
    parser.add_argument("--sort", default="urgent")
    args = parser.parse_args(argv)
    store = Store.open(args.store)
    print(f"load average {os.getloadavg()[0]:.2f}; today {args.today}; sort {args.sort}")
    queries = [(f"view {view}", ListQuery(view=view, sort=args.sort)) for view in VIEWS]
    queries += [
        (f"status {status.value}", ListQuery(status=status, sort=args.sort)) for status in Status
    ]
    source = LazySource.of(store)
    if source is None:
        print("no kept order (no index.sqlite, or settings that move due dates)")
        return 1
    print(f"{len(source.rows):,} requests")
    start = time.perf_counter()
    counts = _status_counts(source)
    took = time.perf_counter() - start
    print(f"{'status picker counts':40} {took:8.3f} s  {sum(counts.values()):,}")
    for label, query in queries:
        start = time.perf_counter()
        rows = source.select(query, args.today)
        list(rows[:40])  # the first screenful
        took = time.perf_counter() - start
        print(f"{label:40} {took:8.3f} s  {len(rows):,} rows")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"{'peak memory':40} {peak:8,} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
