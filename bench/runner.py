"""The benchmark: for each corpus size, every measurement beside its baseline.

Measurements, in this order, each a median (see `runs_for`):
- import: `load_corpus` (parse + store) into a fresh store, vs parse + TinyDB `insert_multiple`;
- `foitui list --json` cold (subprocess), vs reading the TinyDB file and dumping it;
- TUI cold start to the list painted (subprocess, bench.probe), vs a DataTable; peak memory;
- cursor down / page down / search keystrokes in the list (in-process), vs a DataTable and a
  linear scan;
- one durable triage edit (`Store.mark`), vs TinyDB `update` in the N-document file;
and once: `foitui --help` and `foitui --version` wall time.
"""

from __future__ import annotations

import math
import os
import platform
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench import baseline, corpus
from bench.results import Figure, Kind, Unit
from bench.timing import (
    PYTHON,
    UNREALISTIC_ENV,
    ProbeError,
    Timing,
    median,
    run_streaming,
    run_to_ready,
    run_wall,
    timed,
)

PARTS = ("import", "list-json", "cold-start", "keys", "search", "edit", "cli-edit", "cli")
TODAY = corpus.CORPUS_END + timedelta(days=1)
SEARCH_WORD = "parking"
CURSOR_DOWNS = 20
PAGE_DOWNS = 8
EDITS = 21

Log = Callable[[str], None]

#: metric -> (label, unit, kind, baseline label)
METRICS: dict[str, tuple[str, Unit, Kind, str]] = {
    "import": ("import (parse + store)", "rec/s", "rate", "TinyDB insert_multiple"),
    "import_memory": ("import: peak memory", "MB", "size", "TinyDB insert_multiple"),
    "cold_start_list_json": (
        "cold start: foitui list --json",
        "s",
        "time",
        "TinyDB read + dump",
    ),
    "cold_start_tui": ("cold start: TUI list painted", "s", "time", "TinyDB + DataTable"),
    "peak_memory": ("peak memory (list + 1 search)", "MB", "size", "TinyDB + DataTable"),
    "cursor_down": ("key: cursor down", "ms", "time", "DataTable"),
    "page_down": ("key: page down", "ms", "time", "DataTable"),
    "search_keystroke": ("search keystroke (median)", "ms", "time", "linear scan"),
    "search_keystroke_worst": ("search keystroke (worst)", "ms", "time", "linear scan"),
    "search_escape": ("escape out of a search", "ms", "time", ""),
    "search_words_worst": ("search keystroke, other words (worst)", "ms", "time", ""),
    "search_counted_worst": ("search: matches counted (worst)", "ms", "time", ""),
    "list_json_first_line": ("foitui list --json: first line", "s", "time", ""),
    "list_json_memory": ("foitui list --json: peak memory", "MB", "size", ""),
    "edit_durable": ("edit: one outcome, durable", "ms", "time", "TinyDB update"),
    "cli_edit": ("foitui mark (whole process)", "s", "time", ""),
    "cli_help": ("foitui --help", "s", "time", ""),
    "cli_version": ("foitui --version", "s", "time", ""),
}


def new_figure(metric: str, n: int | None) -> Figure:
    label, unit, kind, baseline_label = METRICS[metric]
    return Figure(
        metric=metric, label=label, n=n, unit=unit, kind=kind, baseline_label=baseline_label
    )


def _stderr(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@dataclass(slots=True)
class Config:
    sizes: list[int]
    runs: int | None = None  # None: `runs_for` decides by size
    parts: frozenset[str] = frozenset(PARTS)
    seed: int = corpus.DEFAULT_SEED
    cache_dir: Path = corpus.CACHE_DIR
    work_dir: Path | None = None  # default: a fresh directory in cache_dir, removed afterwards
    keep: bool = False
    #: Untimed runs of each subprocess first (bytecode compiled, files cached, backup made).
    warmups: int = 1
    #: Stores made beforehand, by size (bench.replicate), used instead of importing one.
    stores: dict[int, Path] = field(default_factory=dict)
    #: Above this size the TinyDB baselines are not run: TinyDB holds its whole file in
    #: memory (~9 GB of Python objects at 1,000,000 requests) and rewrites it on each update.
    baseline_max: int = 100_000
    #: Words typed after SEARCH_WORD in the search part ("information", "council p"), each
    #: after an Escape: their keystrokes and counts are figures of their own.
    search_words: tuple[str, ...] = ()
    log: Log = field(default=_stderr)


def runs_for(n: int, config: Config) -> int:
    """Runs per measurement: fewer for big corpora, where one run takes long."""
    if config.runs is not None:
        return config.runs
    if n <= 1_000:
        return 5
    if n <= 10_000:
        return 3
    return 2


def parser_missing() -> str | None:
    """Why the corpus cannot be parsed yet, or None when the parser is there."""
    try:
        from foitui.parsing import parse_pair, suggest_title  # noqa: F401
    except ImportError as error:
        return f"parser not available ({error})"
    return None


def foitui_script() -> Path:
    return Path(PYTHON).with_name("foitui")


class SizeBench:
    """Every measurement at one corpus size, sharing one store and one TinyDB file."""

    def __init__(
        self, n: int, config: Config, corpus_file: corpus.CorpusFile | None, work: Path
    ) -> None:
        self.n = n
        self.config = config
        self.corpus = corpus_file
        self.work = work
        self.runs = runs_for(n, config)
        self.store_dir: Path | None = None
        self.tinydb_path: Path | None = None
        #: Peak memory (KiB) of each import run by probe mode: (the importing process, its
        #: largest parse worker).
        self.import_peaks: dict[str, list[tuple[int, int]]] = {}

    def log(self, text: str) -> None:
        self.config.log(f"[{self.n:,}] {text}")

    # ------------------------------------------------------------------ shared data

    def _import(self, mode: str, target: Path) -> Timing:
        """One import in its own process, as `foitui import` runs (see bench.probe); its
        peak memory goes to `import_peaks` by mode."""
        if self.corpus is None:
            raise RuntimeError("no corpus at this size (a store made beforehand was given)")
        probe = run_to_ready(
            [PYTHON, "-m", "bench.probe", mode, str(self.corpus.path), str(target)]
        )
        count = int(probe.report.get("count", -1))
        if count != self.n:
            raise RuntimeError(f"{mode} imported {count} of {self.n} records")
        peaks = self.import_peaks.setdefault(mode, [])
        peaks.append((int(probe.report.get("peak_kb", 0)), int(probe.report.get("worker_kb", 0))))
        return Timing(float(probe.report["seconds"]), probe.ready.cpu)

    def _foitui_import(self, store_dir: Path) -> Timing:
        return self._import("import", store_dir)

    def _tinydb_import(self, db_path: Path) -> Timing:
        return self._import("tinydb-import", db_path)

    @property
    def has_baseline(self) -> bool:
        return self.n <= self.config.baseline_max

    def store(self) -> Path:
        if self.store_dir is None and self.n in self.config.stores:
            self.store_dir = self.config.stores[self.n]
            self.log(f"using the store made beforehand: {self.store_dir}")
        if self.store_dir is None:
            self.log("building the store (untimed)")
            self.store_dir = self.work / "store"
            self._foitui_import(self.store_dir)
        return self.store_dir

    def tinydb(self) -> Path:
        if not self.has_baseline:
            raise RuntimeError(f"no TinyDB baseline above {self.config.baseline_max:,}")
        if self.tinydb_path is None:
            self.log("building the TinyDB baseline file (untimed)")
            self.tinydb_path = self.work / "tinydb.json"
            self._tinydb_import(self.tinydb_path)
        return self.tinydb_path

    def figure(self, metric: str) -> Figure:
        return new_figure(metric, self.n)

    def fill(
        self,
        figure: Figure,
        ours: list[Timing],
        theirs: list[Timing],
        pick: Callable[[list[float]], float] = median,
    ) -> None:
        """Set a figure from timings: median (or `pick`) of the wall and of the CPU clock."""

        def convert(seconds: float) -> float:
            if figure.unit == "rec/s":
                return self.n / seconds if seconds > 0 else math.nan
            return seconds * 1000 if figure.unit == "ms" else seconds

        figure.value = convert(pick([t.wall for t in ours]))
        figure.cpu = convert(pick([t.cpu for t in ours]))
        if theirs:
            figure.baseline = convert(pick([t.wall for t in theirs]))
            figure.baseline_cpu = convert(pick([t.cpu for t in theirs]))
        figure.runs = len(ours)
        figure.extra.update(
            wall_s=[round(t.wall, 6) for t in ours],
            cpu_s=[round(t.cpu, 6) for t in ours],
            baseline_wall_s=[round(t.wall, 6) for t in theirs],
            baseline_cpu_s=[round(t.cpu, 6) for t in theirs],
        )

    # ------------------------------------------------------------------ import

    def measure_import(self) -> list[Figure]:
        figure = self.figure("import")
        ours: list[Timing] = []
        theirs: list[Timing] = []
        for run in range(1, self.runs + 1):
            self.log(f"import run {run}/{self.runs}")
            store_dir = self.work / f"store-{run}"
            db_path = self.work / f"tinydb-{run}.json"
            ours.append(self._foitui_import(store_dir))
            if self.has_baseline:  # TinyDB's import holds every request: ~9 GB at 1,000,000
                theirs.append(self._tinydb_import(db_path))
            # Keep the newest store and TinyDB file for the measurements that follow.
            for old in (self.store_dir, self.tinydb_path):
                if old is not None:
                    _remove(old)
            self.store_dir = store_dir
            self.tinydb_path = db_path if self.has_baseline else None
        self.fill(figure, ours, theirs)
        memory = self.figure("import_memory")
        peaks = self.import_peaks.get("import", [])
        baseline = self.import_peaks.get("tinydb-import", [])
        memory.value = max(kb for kb, _ in peaks) / 1024 if peaks else None
        memory.baseline = max(kb for kb, _ in baseline) / 1024 if baseline else None
        memory.runs = len(peaks)
        workers = max((kb for _, kb in peaks), default=0)
        memory.note = (
            f"VmHWM of the importing process; its largest parse worker: {workers / 1024:.0f} MB"
        )
        memory.extra = {"worker_mb": workers / 1024}
        return [figure, memory]

    # ------------------------------------------------------------------ list --json

    def measure_list_json(self) -> list[Figure]:
        figure = self.figure("cold_start_list_json")
        first = self.figure("list_json_first_line")
        memory = self.figure("list_json_memory")
        ours_args = [str(foitui_script()), "list", "--json", "--store", str(self.store())]
        theirs_args = []
        if self.has_baseline:
            theirs_args = [PYTHON, "-m", "bench.probe", "tinydb-dump", str(self.tinydb())]
        for _ in range(self.config.warmups):
            self.log("list --json warm-up (the first open of a store makes its hourly backup)")
            run_wall(ours_args)
            if theirs_args:
                run_wall(theirs_args)
        ours: list[Timing] = []
        theirs: list[Timing] = []
        firsts: list[Timing] = []
        peaks: list[int] = []
        for run in range(1, self.runs + 1):
            self.log(f"list --json run {run}/{self.runs}")
            streamed = run_streaming(ours_args)
            if run == 1 and (listed := streamed.lines - 2) != self.n:
                raise RuntimeError(f"foitui list --json listed {listed} of {self.n} requests")
            ours.append(streamed.whole)
            firsts.append(Timing(streamed.first_line, math.nan))
            peaks.append(streamed.peak_kb)
            if theirs_args:
                theirs.append(run_wall(theirs_args)[0])
        self.fill(figure, ours, theirs)
        figure.note = _fastest(ours, theirs) if theirs else "baseline not run at this size"
        self.fill(first, firsts, [])
        first.cpu = None  # the CPU clock is read at exit only
        memory.value = max(peaks) / 1024 if peaks and max(peaks) else None
        memory.runs = len(peaks)
        return [figure, first, memory]

    # ------------------------------------------------------------------ TUI cold start, memory

    def measure_cold_start(self) -> list[Figure]:
        cold = self.figure("cold_start_tui")
        memory = self.figure("peak_memory")
        ours_args = [
            PYTHON,
            "-m",
            "bench.probe",
            "foitui",
            str(self.store()),
            f"--today={TODAY.isoformat()}",
        ]
        theirs_args = []
        if self.has_baseline:
            theirs_args = [PYTHON, "-m", "bench.probe", "datatable", str(self.tinydb())]
        for _ in range(self.config.warmups):
            self.log("TUI cold start warm-up")
            run_to_ready(ours_args)
            if theirs_args:
                run_to_ready(theirs_args)
        ours: list[Timing] = []
        theirs: list[Timing] = []
        baseline_peak = 0
        for run in range(1, self.runs + 1):
            self.log(f"TUI cold start run {run}/{self.runs}")
            ours.append(run_to_ready(ours_args).ready)
            if theirs_args:
                probe = run_to_ready(theirs_args)
                theirs.append(probe.ready)
                baseline_peak = max(baseline_peak, int(probe.report.get("peak_kb", 0)))
        self.fill(cold, ours, theirs)
        cold.note = _fastest(ours, theirs) if theirs else "baseline not run at this size"
        # Peak memory: one more run that also searches (the first search loads every text).
        self.log(f"peak memory run (list, then search {SEARCH_WORD!r})")
        probe = run_to_ready([*ours_args, f"--search={SEARCH_WORD}"])
        ready_kb = int(probe.report.get("peak_kb", 0))
        search_kb = int(probe.report.get("peak_search_kb", ready_kb))
        memory.value = search_kb / 1024
        memory.baseline = baseline_peak / 1024 if baseline_peak else None
        memory.runs = 1
        memory.note = f"peak when the list is painted: {ready_kb / 1024:.0f} MB"
        memory.extra = {"ready_mb": ready_kb / 1024, "rows": probe.report.get("rows")}
        return [cold, memory]

    # ------------------------------------------------------------------ keys and search

    def measure_keys_and_search(self, *, keys: bool, search: bool) -> list[Figure]:
        from bench import datatable, tui
        from foitui.store import Store

        self.log("keys and search in the TUI (in-process)")
        store = Store.open(self.store(), create=False)
        words = [SEARCH_WORD, *self.config.search_words] if search else []
        times = tui.run(
            tui.measure_foitui(
                store, today=TODAY, downs=CURSOR_DOWNS, pages=PAGE_DOWNS, words=words
            )
        )
        figures: list[Figure] = []
        docs = _tinydb_docs(self.tinydb()) if self.has_baseline else []
        if keys and not docs:
            for metric, ours_s in (("cursor_down", times.down), ("page_down", times.page_down)):
                figure = self.figure(metric)
                self.fill(figure, ours_s, [])
                figure.note = f"worst {_worst_ms(ours_s):.1f} ms; baseline not run at this size"
                figures.append(figure)
        elif keys:
            self.log("keys in the DataTable baseline (in-process)")
            rows = [datatable.datatable_row(doc) for doc in docs]
            theirs = tui.run(
                datatable.measure_datatable(rows, downs=CURSOR_DOWNS, pages=PAGE_DOWNS)
            )
            for metric, ours_s, theirs_s in (
                ("cursor_down", times.down, theirs.down),
                ("page_down", times.page_down, theirs.page_down),
            ):
                figure = self.figure(metric)
                self.fill(figure, ours_s, theirs_s)
                floor_ms = median([t.wall for t in times.floor]) * 1000
                figure.note = (
                    f"worst {_worst_ms(ours_s):.1f} ms (DataTable {_worst_ms(theirs_s):.1f}); "
                    f"harness floor (unbound key) {floor_ms:.1f} ms"
                )
                figures.append(figure)
        if search:
            texts = [_search_text(doc) for doc in docs]
            scans = []
            for end in range(1, len(SEARCH_WORD) + 1 if texts else 1):
                prefix = SEARCH_WORD[:end]
                scans.append(timed(lambda p=prefix: baseline.scan(texts, p))[0])
            typical = self.figure("search_keystroke")
            worst = self.figure("search_keystroke_worst")
            self.fill(typical, times.search, scans)
            self.fill(worst, times.search, scans, pick=max)
            typical.extra["rows"] = times.search_rows
            typical.note = (
                f"typing {SEARCH_WORD!r}: "
                + ", ".join(f"{t.wall * 1000:.0f}" for t in times.search)
                + f" ms; rows shown {times.search_rows}"
            )
            escape = self.figure("search_escape")
            self.fill(escape, times.escape, [])
            escape.note = f"back to all {self.n:,} rows" + (
                f"; after each word: {_ms_list(times.escape)} ms" if len(times.escape) > 1 else ""
            )
            figures += [typical, worst, escape]
            others = [t for word in times.by_word[1:] for t in word]
            if others:
                other = self.figure("search_words_worst")
                self.fill(other, others, [], pick=max)
                other.note = "; ".join(
                    f"{word!r}: {_ms_list(word_times)}"
                    for word, word_times in zip(words[1:], times.by_word[1:], strict=True)
                )
                figures.append(other)
            counted = self.figure("search_counted_worst")
            self.fill(counted, times.counted, [], pick=max)
            counted.note = "key to the number of matches in the header, per letter: " + "; ".join(
                f"{word!r}: {_ms_list(times.counted[start : start + len(word)])}"
                for word, start in zip(words, _starts(words), strict=True)
            )
            figures.append(counted)
        return figures

    # ------------------------------------------------------------------ one triage edit

    def measure_edit(self) -> list[Figure]:
        from foitui.store import Store

        figure = self.figure("edit_durable")
        store = Store.open(self.store(), create=False)
        ids = store.ids()
        middle = len(ids) // 2
        rid = next(rid for rid in [*ids[middle:], *ids[:middle]] if store.summary(rid).questions)
        key = store.get(rid).questions[0].key
        self.log(f"edit: {EDITS} x store.mark on request {rid} question {key}")
        ours: list[Timing] = []
        # A store kept from an earlier run may hold "answered" already: start from the other.
        now = store.get(rid).questions[0].outcome.value
        outcomes = ("refused", "answered") if now == "answered" else ("answered", "refused")
        for k in range(EDITS):
            outcome = outcomes[k % 2]
            elapsed, changes = timed(lambda o=outcome: store.mark(rid, key, outcome=o))
            if not changes:
                raise RuntimeError(f"store.mark({rid}, {key}, {outcome}) changed nothing")
            ours.append(elapsed)
        if not self.has_baseline:
            self.fill(figure, ours, [])
            figure.note = f"worst {_worst_ms(ours):.1f} ms; baseline not run at this size"
            return [figure]
        from tinydb import TinyDB

        db_path = self.tinydb()
        doc_id, index = baseline.question_doc_id(db_path)
        reps = max(3, self.runs)
        self.log(f"edit baseline: {reps} x TinyDB update in a {self.n:,}-document file")
        theirs: list[Timing] = []
        with TinyDB(db_path) as db:
            for k in range(reps):
                outcome = ("answered", "refused")[k % 2]
                theirs.append(
                    timed(lambda o=outcome: baseline.set_outcome(db, doc_id, index, o))[0]
                )
        self.fill(figure, ours, theirs)
        figure.note = f"worst {_worst_ms(ours):.1f} ms; baseline runs {reps}"
        return [figure]

    # ------------------------------------------------------------------ one CLI edit

    def measure_cli_edit(self) -> list[Figure]:
        """`foitui mark` as a user runs it: a process that opens the store, edits one
        question durably, and exits."""
        from foitui.store import Store

        figure = self.figure("cli_edit")
        store = Store.open(self.store(), create=False)
        rid = str(self.n // 2 + 1)
        key = store.index_row(rid).keys.split("\x1f")[0]
        del store
        args = [str(foitui_script()), "mark", rid, key, "--store", str(self.store())]
        outcomes = ("answered", "refused")
        for k in range(self.config.warmups):
            run_wall([*args, "--outcome", outcomes[k % 2]])
        ours = []
        for run in range(max(5, self.runs)):
            self.log(f"foitui mark run {run + 1}")
            ours.append(run_wall([*args, "--outcome", outcomes[run % 2]])[0])
        self.fill(figure, ours, [])
        figure.note = f"fastest {min(t.wall for t in ours):.3f} s; request {rid}"
        return [figure]

    # ------------------------------------------------------------------ all of it

    def run(self) -> list[Figure]:
        parts = self.config.parts
        keys, search = "keys" in parts, "search" in parts
        steps: list[tuple[bool, Callable[[], list[Figure]], list[str]]] = [
            ("import" in parts, self.measure_import, ["import", "import_memory"]),
            (
                "list-json" in parts,
                self.measure_list_json,
                ["cold_start_list_json", "list_json_first_line", "list_json_memory"],
            ),
            ("cold-start" in parts, self.measure_cold_start, ["cold_start_tui", "peak_memory"]),
            (
                keys or search,
                lambda: self.measure_keys_and_search(keys=keys, search=search),
                (["cursor_down", "page_down"] if keys else [])
                + (
                    [
                        "search_keystroke",
                        "search_keystroke_worst",
                        "search_escape",
                        "search_counted_worst",
                    ]
                    + (["search_words_worst"] if self.config.search_words else [])
                    if search
                    else []
                ),
            ),
            ("edit" in parts, self.measure_edit, ["edit_durable"]),
            ("cli-edit" in parts, self.measure_cli_edit, ["cli_edit"]),
        ]
        figures: list[Figure] = []
        missing_parser = parser_missing()
        for wanted, measure, metrics in steps:
            if not wanted:
                continue
            reason = missing_parser
            if reason is None:
                try:
                    figures += measure()
                    continue
                except Exception as error:  # one broken measurement must not stop the others
                    reason = _reason(error)
                    self.log(f"{', '.join(metrics)}: {reason}")
            for metric in metrics:
                skipped = self.figure(metric)
                skipped.skipped = reason
                figures.append(skipped)
        return figures


def _reason(error: Exception) -> str:
    from bench.tui import TuiUnavailable

    if isinstance(error, TuiUnavailable):
        return str(error)
    if isinstance(error, ProbeError) and "foitui.tui" in str(error):
        return f"TUI not available: {error}"
    return f"error: {type(error).__name__}: {error}"


def _fastest(ours: list[Timing], theirs: list[Timing]) -> str:
    """The best runs: on a busy machine the minimum is the least disturbed figure."""
    best, their_best = min(t.wall for t in ours), min(t.wall for t in theirs)
    return f"fastest run {best:.3f} s (baseline {their_best:.3f} s)"


def _ms_list(timings: list[Timing]) -> str:
    return ", ".join(f"{t.wall * 1000:.0f}" for t in timings)


def _starts(words: list[str]) -> list[int]:
    """Where each word's letters start in a list of every word's letters."""
    starts, at = [], 0
    for word in words:
        starts.append(at)
        at += len(word)
    return starts


def _worst_ms(timings: list[Timing]) -> float:
    return max(t.wall for t in timings) * 1000


def _tinydb_docs(path: Path) -> list[dict[str, Any]]:
    from tinydb import TinyDB

    with TinyDB(path) as db:
        return [dict(doc) for doc in db.all()]


def _search_text(doc: dict[str, Any]) -> str:
    parts = (doc.get("ref"), doc.get("title"), doc.get("request_text"), doc.get("response_text"))
    return "\n".join(str(p) for p in parts if p).lower()


def _remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists():
        path.unlink()


# ------------------------------------------------------------------ size-independent


def measure_cli(config: Config) -> list[Figure]:
    script = foitui_script()
    figures = []
    runs = max(7, config.runs or 7)
    for metric, flag in (("cli_help", "--help"), ("cli_version", "--version")):
        figure = new_figure(metric, None)
        figures.append(figure)
        if not script.exists():
            figure.skipped = f"no {script}"
            continue
        config.log(f"foitui {flag}: {runs} runs")
        try:
            probe = run_to_ready([PYTHON, "-m", "bench.probe", "cli-imports", f"--flag={flag}"])
            for _ in range(config.warmups):
                run_wall([str(script), flag])
            timings = [run_wall([str(script), flag])[0] for _ in range(runs)]
        except ProbeError as error:
            figure.skipped = f"error: {error}"
            continue
        figure.value = median([t.wall for t in timings])
        figure.cpu = median([t.cpu for t in timings])
        figure.runs = runs
        heavy = probe.report.get("heavy", "?")
        fastest = min(t.wall for t in timings)
        figure.note = f"fastest run {fastest:.3f} s; heavy modules imported: {heavy}"
        figure.extra = {"wall_s": [t.wall for t in timings], "heavy_modules": heavy}
    return figures


def run(config: Config) -> tuple[list[Figure], dict[str, Any]]:
    """Every figure, and what the run was (machine, sizes, corpus)."""
    figures: list[Figure] = []
    sample = corpus.sample_stats()
    meta: dict[str, Any] = {
        "date": date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        # Other work on the machine skews every figure: the load before and after the run.
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "textual": _version("textual"),
        "env_dropped": sorted(k for k in UNREALISTIC_ENV if k in os.environ),
        "sizes": config.sizes,
        "runs": {str(n): runs_for(n, config) for n in config.sizes},
        "parts": sorted(config.parts),
        "seed": config.seed,
        "sample_bytes_per_record": round(sample.bytes_per_record),
        "corpus": {},
    }
    work_root = config.work_dir or config.cache_dir / f"work-{os.getpid()}"
    try:
        if "cli" in config.parts:
            figures += measure_cli(config)
        for n in config.sizes:
            corpus_file = None
            if n not in config.stores or "import" in config.parts or n <= config.baseline_max:
                corpus_file = corpus.corpus_file(
                    n,
                    seed=config.seed,
                    cache_dir=config.cache_dir,
                    on_generate=lambda size: config.log(f"[{size:,}] generating the corpus"),
                )
                meta["corpus"][str(n)] = {
                    "file": corpus_file.path.name,
                    "mb": round(corpus_file.bytes / 1e6, 1),
                    "bytes_per_record": round(corpus_file.bytes_per_record),
                }
            else:
                meta["corpus"][str(n)] = {"store": str(config.stores[n])}
            work = work_root / f"n{n}"
            work.mkdir(parents=True, exist_ok=True)
            try:
                figures += SizeBench(n, config, corpus_file, work).run()
            finally:
                if not config.keep:
                    _remove(work)
    finally:
        if not config.keep and config.work_dir is None:
            _remove(work_root)
    meta["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    return figures, meta


def _version(package: str) -> str | None:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return None
