"""What the measured subprocesses run: `python -m bench.probe MODE PATH [options]`.

Each mode prints "ready" the moment its work is done (the parent times spawn to that line),
then `key value` lines: its peak memory (see `peak_kb`) and what it saw.

- `foitui STORE`: open the store, run `FoituiApp` headless at 80x24, wait until the request
  list shows rows and is painted. With `--search WORD`, then type WORD into the list's search
  and report the peak memory again once the filtered list is painted.
- `datatable TINYDB_FILE`: the straightforward list: read every document from TinyDB's default
  storage into a `DataTable`, wait for the first paint with all rows measured.
- `import CORPUS STORE`, `tinydb-import CORPUS TINYDB_FILE`: one import, timed inside (the
  parent reads `seconds` and `cpu_s`): `load_corpus` into a fresh store, or the same parse
  into TinyDB's default storage with `insert_multiple`.
- `tinydb-dump TINYDB_FILE`: the straightforward `list --json`: read the TinyDB file, dump it.
- `cli-imports --flag=FLAG`: run `foitui FLAG` (--help, --version) in-process and list the
  heavy modules it imported.

Imports stay inside the modes, so each subprocess loads only what its mode needs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import resource
import sys
import time
from datetime import date
from pathlib import Path

MODES = ("foitui", "datatable", "import", "tinydb-import", "tinydb-dump", "cli-imports")
HEAVY_MODULES = ("textual", "rich", "pydantic", "tinydb", "holidays")


def peak_kb() -> int:
    """This process's peak resident memory in KiB.

    On Linux, VmHWM of /proc/self/status: ru_maxrss would do, but exec carries the spawning
    process's peak into it (the kernel keeps the old address space's high-water mark), so a
    probe started by a big benchmark process would report the benchmark's memory.
    """
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def say(*parts: object) -> None:
    print(*parts, flush=True)


def cpu_seconds() -> float:
    """CPU seconds of this process and of its children that have ended (worker pools)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def ready(cpu: float | None = None) -> None:
    """Tell the parent the work is done, then how much CPU it took (by default all since the
    process started) and the peak memory."""
    say("ready")
    say("cpu_s", f"{cpu_seconds() if cpu is None else cpu:.4f}")
    say("peak_kb", peak_kb())


async def probe_foitui(store_path: Path, today: date, search: str | None) -> None:
    from bench import tui
    from foitui.store import Store

    store = Store.open(store_path, create=False)
    app = tui.make_app(store, today)
    async with app.run_test(size=(80, 24)) as pilot:
        await tui.wait_until(pilot, lambda: tui.list_ready(app))
        ready()
        table = tui.request_table(app)
        say("rows", len(table.rows) if table is not None else 0)
        if search and table is not None:
            tui.post_key(app, "slash")
            await tui.wait_until(pilot, lambda: app.focused is not table)
            typed = ""
            for letter in search:
                typed += letter
                before = table.rows
                tui.post_key(app, letter)
                await tui.wait_until(pilot, lambda t=typed, b=before: tui.search_settled(app, t, b))
            say("search_rows", len(table.rows))
            say("peak_search_kb", peak_kb())


async def probe_datatable(tinydb_path: Path) -> None:
    from tinydb import TinyDB

    from bench import datatable, tui

    with TinyDB(tinydb_path) as db:
        rows = [datatable.datatable_row(doc) for doc in db.all()]
    app = datatable.DataTableApp(rows)
    async with app.run_test(size=(80, 24)) as pilot:
        await tui.wait_until(pilot, lambda: datatable.datatable_ready(app))
        ready()
        say("rows", len(rows))


def import_corpus(corpus: Path, target: Path, *, tinydb: bool) -> None:
    """Time one import of `corpus` as its own process would (`foitui import`): into a fresh
    store with `load_corpus`, or (`tinydb`) the straightforward way. Opening the store and
    starting Python are not timed; the parse's worker processes are in the CPU time."""
    if tinydb:
        from bench.baseline import import_into_tinydb

        def run() -> int:
            return import_into_tinydb(corpus, target)
    else:
        from foitui.importing import load_corpus
        from foitui.store import Store

        store = Store.open(target)

        def run() -> int:
            imported, _duplicates, errors = load_corpus(store, [corpus], fmt="tsv", skip_bad=False)
            if errors:
                raise SystemExit(f"{len(errors)} bad records, first: {errors[0]}")
            return imported

    wall, cpu = time.perf_counter(), cpu_seconds()
    count = run()
    wall, cpu = time.perf_counter() - wall, cpu_seconds() - cpu
    ready(cpu)
    say("seconds", f"{wall:.4f}")
    say("count", count)
    # The largest parse worker's peak (they have ended): forked, not exec'd, so it counts
    # the pages it shares with this process too.
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    say("worker_kb", worker // 1024 if sys.platform == "darwin" else worker)


def dump_tinydb(tinydb_path: Path) -> None:
    """The straightforward `list --json`: every document of the TinyDB file, as JSON."""
    import json

    from tinydb import TinyDB

    with TinyDB(tinydb_path) as db:
        json.dump(db.all(), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


def cli_imports(flag: str) -> None:
    from foitui.cli import main

    stdout = sys.stdout
    try:
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - closed below
        main([flag])
    except SystemExit:
        pass
    finally:
        sys.stdout.close()
        sys.stdout = stdout
    loaded = [name for name in HEAVY_MODULES if name in sys.modules]
    ready()
    say("heavy", ",".join(loaded) or "none")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("mode", choices=MODES)
    parser.add_argument("path", type=Path, nargs="?")
    parser.add_argument("target", type=Path, nargs="?", help="import modes: store or TinyDB file")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--search", metavar="WORD")
    parser.add_argument("--flag", default="--version", help="cli-imports: the foitui option")
    args = parser.parse_args()
    if args.mode == "foitui":
        asyncio.run(probe_foitui(args.path, args.today, args.search))
    elif args.mode == "datatable":
        asyncio.run(probe_datatable(args.path))
    elif args.mode in ("import", "tinydb-import"):
        import_corpus(args.path, args.target, tinydb=args.mode == "tinydb-import")
    elif args.mode == "tinydb-dump":
        dump_tinydb(args.path)
    else:
        cli_imports(args.flag)


if __name__ == "__main__":
    main()
