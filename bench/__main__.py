"""`python -m bench`: the issue 6 benchmark. Progress on stderr; the table, then one JSON line,
on stdout.

    .venv/bin/python -m bench                       # N = 1,000, 10,000 and 100,000
    .venv/bin/python -m bench --sizes 1000,10000    # some sizes
    .venv/bin/python -m bench --quick               # N = 1,000, one run: a smoke test
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from bench import corpus, results, runner

DEFAULT_SIZES = (1_000, 10_000, 100_000)


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from error
    if not sizes or min(sizes) < 100:
        raise argparse.ArgumentTypeError("sizes are numbers of requests, at least 100 each")
    return sizes


def _parts(text: str) -> frozenset[str]:
    parts = frozenset(part.strip() for part in text.split(",") if part.strip())
    unknown = parts - set(runner.PARTS)
    if unknown:
        raise argparse.ArgumentTypeError(
            f"unknown part(s) {', '.join(sorted(unknown))}; choose from {', '.join(runner.PARTS)}"
        )
    return parts


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="foitui at scale (issue 6): import, cold start, keys, search, edit, memory, "
        "each beside the straightforward way (TinyDB default storage, a DataTable).",
    )
    parser.add_argument(
        "--sizes",
        type=_sizes,
        default=list(DEFAULT_SIZES),
        help="corpus sizes, comma-separated (default 1000,10000,100000)",
    )
    parser.add_argument(
        "--runs", type=int, help="runs per measurement (default: 5 at 1k, 3 at 10k, 2 above)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="N=1000, one run, no warm-up: a smoke test"
    )
    parser.add_argument("--json-out", type=Path, metavar="FILE", help="also write the JSON here")
    parser.add_argument(
        "--parts",
        type=_parts,
        default=frozenset(runner.PARTS),
        help=f"what to measure, comma-separated (default all: {','.join(runner.PARTS)})",
    )
    parser.add_argument("--seed", type=int, default=corpus.DEFAULT_SEED, help="corpus seed")
    parser.add_argument(
        "--keep", action="store_true", help="keep the stores and TinyDB files in bench/.cache/"
    )
    parser.add_argument(
        "--store",
        action="append",
        default=[],
        type=_store,
        metavar="N=PATH",
        help="use this store of N requests (e.g. made by bench.replicate) instead of importing "
        "one; repeatable",
    )
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=100_000,
        metavar="N",
        help="run the TinyDB baselines only up to N requests (default 100000)",
    )
    parser.add_argument(
        "--search-words",
        type=_words,
        default=(),
        metavar="W1,W2",
        help=f"also type these in the search part, after {runner.SEARCH_WORD!r} "
        "(e.g. 'information,council p': common words, a second word)",
    )
    return parser


def _words(text: str) -> tuple[str, ...]:
    words = tuple(word for word in text.split(",") if word.strip())
    if not words:
        raise argparse.ArgumentTypeError("no word to type")
    return words


def _store(text: str) -> tuple[int, Path]:
    size, sep, path = text.partition("=")
    if not sep or not size.replace("_", "").isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not N=PATH")
    return int(size.replace("_", "")), Path(path)


def config_from(args: argparse.Namespace) -> runner.Config:
    sizes, runs, warmups = args.sizes, args.runs, 1
    if args.quick:
        sizes, runs, warmups = [1_000], 1, 0
    if runs is not None and runs < 1:
        raise SystemExit("python -m bench: error: --runs must be at least 1")
    return runner.Config(
        sizes=sizes,
        runs=runs,
        parts=args.parts,
        seed=args.seed,
        keep=args.keep,
        warmups=warmups,
        stores=dict(args.store),
        baseline_max=args.baseline_max,
        search_words=args.search_words,
    )


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    figures, meta = runner.run(config_from(args))
    line = results.json_line(figures, meta)
    print(results.table(figures))
    print()
    print(line)
    if args.json_out is not None:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(line + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
