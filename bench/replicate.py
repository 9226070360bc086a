"""A store of k x N requests made from a store of N, without importing k x N records.

Importing 1,000,000 records takes the 2-core bench machine many minutes; every figure but the
import's needs only a store of that size. This writes one the way the store writes its files:
request `i` of copy `c` gets id `c * N + i`, its corpus record and index row unchanged except
its reference (suffixed `-c` for c > 0, so references stay unique) and its fingerprint. Triage,
journal and the search index start empty (the first search builds the last; `--search` builds
it here).

    python -m bench.replicate SRC DST --times 10 [--search]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from functools import partial
from pathlib import Path

from foitui.refs import number_key, ref_key
from foitui.store.files import atomic_write_bytes, atomic_write_json, ensure_dir
from foitui.store.layout import SHARD_SIZE, Layout, shard_name

# A corpus record's key: `"123":{"source":` right after `{` or `,`. Inside a JSON string a quote
# is escaped, so this never matches text.
_KEY = re.compile(rb'(?<=[{,])"(\d+)":\{"source":')


def _shifted(shift: int, match: re.Match[bytes]) -> bytes:
    return b'"%d":{"source":' % (int(match.group(1)) + shift)


def replicate(src: Path, dst: Path, times: int) -> int:
    source, target = Layout(src), Layout(dst)
    index = json.loads(source.index.read_bytes())
    columns = index["columns"]["1"]
    ids: list[int] = columns["id"]
    n = len(ids)
    if ids != list(range(1, n + 1)) or n % SHARD_SIZE:
        raise SystemExit(f"{src}: ids must run 1..N with N a multiple of {SHARD_SIZE}")
    ensure_dir(target.corpus_dir)
    for copy in range(times):
        shift = copy * n
        for shard in range(n // SHARD_SIZE):
            raw = source.corpus(shard).read_bytes()
            if shift:
                raw = _KEY.sub(partial(_shifted, shift), raw)
            (target.corpus_dir / shard_name(shard + shift // SHARD_SIZE)).write_bytes(raw)
        print(f"corpus copy {copy + 1}/{times}", file=sys.stderr)
    grown: dict[str, list] = {name: [] for name in columns}
    for copy in range(times):
        for name, column in columns.items():
            if name == "id":
                grown[name].extend(rid + copy * n for rid in column)
            elif name == "ref" and copy:
                grown[name].extend(f"{ref}-{copy}" if ref else ref for ref in column)
            else:
                grown[name].extend(column)
    if "ref" in grown:
        grown["rk"] = [ref_key(ref) if ref else "" for ref in grown["ref"]]
        grown["nk"] = [number_key(ref) if ref else "" for ref in grown["ref"]]
    lookup = json.loads(source.lookup.read_bytes())["columns"]["1"]
    fps = [fp if not copy else f"{fp}:{copy}" for copy in range(times) for fp in lookup["fp"]]
    atomic_write_json(
        target.lookup,
        {
            "columns": {
                "1": {"id": grown["id"], "fp": fps, "terms": lookup["terms"] * times},
            }
        },
    )
    meta = {"schema": index["meta"]["1"]["schema"], "next_id": n * times + 1}
    atomic_write_json(target.index, {"meta": {"1": meta}, "columns": {"1": grown}})
    atomic_write_bytes(target.journal, b"")
    return n * times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicate", description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--times", type=int, default=10)
    parser.add_argument("--search", action="store_true", help="build the search index too")
    args = parser.parse_args(argv)
    if args.dst.exists():
        raise SystemExit(f"{args.dst} exists")
    count = replicate(args.src, args.dst, args.times)
    print(f"{args.dst}: {count:,} requests", file=sys.stderr)
    from foitui.store import Store

    store = Store.open(args.dst, create=False)  # makes index.sqlite
    if args.search:
        store.prepare_search()
    return 0


if __name__ == "__main__":
    sys.exit(main())
