"""What the measured subprocesses run: `python -m bench.probe MODE PATH [options]`.

Each mode prints "ready" the moment its work is done (the parent times spawn to that line),
then `key value` lines: its peak memory (ru_maxrss) and what it saw.

- `foitui STORE`: open the store, run `FoituiApp` headless at 80x24, wait until the request
  list shows rows and is painted. With `--search WORD`, then type WORD into the list's search
  and report the peak memory again once the filtered list is painted.
- `datatable TINYDB_FILE`: the straightforward list: read every document from TinyDB's default
  storage into a `DataTable`, wait for the first paint with all rows measured.
- `tinydb-dump TINYDB_FILE`: the straightforward `list --json`: read the TinyDB file, dump it.
- `cli-imports --flag=FLAG`: run `foitui FLAG` (--help, --version) in-process and list the
  heavy modules it imported.

Imports stay inside the modes, so each subprocess loads only what its mode needs.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import sys
from datetime import date
from pathlib import Path

HEAVY_MODULES = ("textual", "rich", "pydantic", "tinydb", "holidays")


def peak_kb() -> int:
    """This process's peak resident memory in KiB (Linux reports ru_maxrss in KiB)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024 if sys.platform == "darwin" else peak


def say(*parts: object) -> None:
    print(*parts, flush=True)


async def probe_foitui(store_path: Path, today: date, search: str | None) -> None:
    from bench import tui
    from foitui.store import Store

    store = Store.open(store_path, create=False)
    app = tui.make_app(store, today)
    async with app.run_test(size=(80, 24)) as pilot:
        await tui.wait_until(pilot, lambda: tui.list_ready(app))
        say("ready")
        say("peak_kb", peak_kb())
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
        say("ready")
        say("peak_kb", peak_kb())
        say("rows", len(rows))


def dump_tinydb(tinydb_path: Path) -> None:
    import json

    from tinydb import TinyDB

    with TinyDB(tinydb_path) as db:
        json.dump(db.all(), sys.stdout, ensure_ascii=False, indent=2)
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
    say("ready")
    say("heavy", ",".join(loaded) or "none")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.probe")
    parser.add_argument("mode", choices=("foitui", "datatable", "tinydb-dump", "cli-imports"))
    parser.add_argument("path", type=Path, nargs="?")
    parser.add_argument("--today", type=date.fromisoformat, default=date.today())
    parser.add_argument("--search", metavar="WORD")
    parser.add_argument("--flag", default="--version", help="cli-imports: the foitui option")
    args = parser.parse_args()
    if args.mode == "foitui":
        asyncio.run(probe_foitui(args.path, args.today, args.search))
    elif args.mode == "datatable":
        asyncio.run(probe_datatable(args.path))
    elif args.mode == "tinydb-dump":
        dump_tinydb(args.path)
    else:
        cli_imports(args.flag)


if __name__ == "__main__":
    main()
