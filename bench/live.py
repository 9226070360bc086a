"""The list during a big import (issue 18): what another process sees while it runs.

    .venv/bin/python -m bench.live CORPUS STORE [--every 0.5]

Runs `foitui import CORPUS --store STORE` as a user would, in a process of its own, and in
this one does what the app does every `--every` seconds: `Store.refresh()`, and when the
store has grown, makes the list's source again (`LazySource.of`, as the app's worker does)
and reads its first screenful. Prints, for each time the list grew, the seconds since the
import started, how many requests it listed and what remaking the list cost; then the time
to the first requests listed, the longest wait between two growths, and the import's own
time and peak memory. Load average at the start and the end.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from foitui.store import Store
from foitui.tui.listing import LazySource


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.live", description=__doc__)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("store", type=Path, help="a new store (it must not exist yet)")
    parser.add_argument("--every", type=float, default=0.5, help="seconds between refreshes")
    args = parser.parse_args(argv)
    if args.store.exists():
        parser.error(f"{args.store} exists: the import is measured into a new store")
    start_load = os.getloadavg()[0]
    store = Store.open(args.store)
    command = [
        sys.executable,
        "-m",
        "foitui",
        "import",
        str(args.corpus),
        "--store",
        str(args.store),
    ]
    start = time.perf_counter()
    importer = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    growths: list[dict[str, float]] = []
    listed = 0
    while True:
        done = importer.poll() is not None
        store.refresh()
        if len(store) != listed:
            made = time.perf_counter()
            source = LazySource.of(store)
            rows = list(source.rows[:22]) if source is not None else store.summaries()[:22]
            assert rows, "the list is empty though the store has requests"
            listed = len(store)
            growths.append(
                {
                    "at_s": round(made - start, 2),
                    "listed": listed,
                    "list_made_s": round(time.perf_counter() - made, 3),
                }
            )
            print(
                f"{growths[-1]['at_s']:8.1f} s  {listed:>10,} listed  "
                f"(list made in {growths[-1]['list_made_s']:.3f} s)",
                flush=True,
            )
        if done:
            break
        time.sleep(args.every)
    took = time.perf_counter() - start
    out, err = importer.communicate()
    if importer.returncode:
        print(err, file=sys.stderr)
        return importer.returncode
    times = [0.0, *(g["at_s"] for g in growths)]
    gaps = [b - a for a, b in itertools.pairwise(times)]
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    summary = {
        "import_s": round(took, 1),
        "first_listed_s": growths[0]["at_s"] if growths else None,
        "longest_wait_s": round(max(gaps[1:], default=0.0), 1),
        "growths": len(growths),
        "load": [round(start_load, 2), round(os.getloadavg()[0], 2)],
        # The largest process of the import (its parse workers are smaller): ru_maxrss of
        # the children waited for, the importing process and its workers.
        "import_peak_mb": children.ru_maxrss // 1024,
        # Its CPU time, workers included: records per CPU-second is the rate per core, which
        # a shared machine's load moves much less than the wall clock's.
        "import_cpu_s": round(children.ru_utime + children.ru_stime, 1),
        "import_said": out.strip(),
    }
    print(json.dumps(summary))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
