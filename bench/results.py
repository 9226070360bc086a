"""Figures, the targets of issue 6, and how they are printed: a table and one JSON line."""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Unit = Literal["rec/s", "s", "ms", "MB", "x"]
#: "time": smaller is better, the ratio is baseline / foitui ("x faster").
#: "rate": larger is better, the ratio is foitui / baseline.
Kind = Literal["time", "rate", "size"]


@dataclass(frozen=True, slots=True)
class Target:
    """A bound from issue 6: `value < bound` (max) or `value >= bound` (min)."""

    bound: float
    at_most: bool
    min_ratio: float | None = None

    def holds(self, value: float, ratio: float | None) -> bool:
        ok = value < self.bound if self.at_most else value >= self.bound
        if self.min_ratio is not None:
            ok = ok and ratio is not None and ratio >= self.min_ratio
        return ok

    def describe(self, unit: str) -> str:
        text = f"{'<' if self.at_most else '>='} {_number(self.bound)} {unit}"
        if self.min_ratio is not None:
            text += f", >= {_number(self.min_ratio)}x"
        return text


#: metric -> {N (None: any N) -> target}. Issue 6, "Targets at 100,000 requests", and issue 18,
#: "Targets at 1,000,000 requests" (which withdrew the import's 3,000 records a second).
TARGETS: dict[str, dict[int | None, Target]] = {
    "import": {n: Target(2000, at_most=False) for n in (10_000, 100_000, 1_000_000)},
    "import_memory": {n: Target(1000, at_most=True) for n in (10_000, 100_000, 1_000_000)},
    "cold_start_tui": {
        1_000_000: Target(1.5, at_most=True),
        100_000: Target(0.6, at_most=True),
        10_000: Target(0.6, at_most=True),
    },
    # Issue 6 measures `foitui list --json` as "the same" cold start: the same bounds apply.
    "cold_start_list_json": {
        100_000: Target(1.5, at_most=True),
        10_000: Target(0.6, at_most=True),
    },
    "list_json_first_line": {1_000_000: Target(0.5, at_most=True)},
    "search_keystroke": {100_000: Target(50, at_most=True), 1_000_000: Target(50, at_most=True)},
    "search_keystroke_worst": {
        100_000: Target(50, at_most=True),
        1_000_000: Target(50, at_most=True),
    },
    "search_escape": {100_000: Target(30, at_most=True), 1_000_000: Target(30, at_most=True)},
    "search_words_worst": {1_000_000: Target(50, at_most=True)},
    "cursor_down": {100_000: Target(10, at_most=True)},
    "page_down": {100_000: Target(10, at_most=True)},
    "edit_durable": {
        100_000: Target(30, at_most=True, min_ratio=30),
        1_000_000: Target(5, at_most=True),
    },
    "cli_edit": {1_000_000: Target(0.25, at_most=True)},
    "peak_memory": {100_000: Target(600, at_most=True), 1_000_000: Target(600, at_most=True)},
    "cli_help": {None: Target(0.15, at_most=True)},
    "cli_version": {None: Target(0.15, at_most=True)},
}


def target_for(metric: str, n: int | None) -> Target | None:
    by_size = TARGETS.get(metric, {})
    return by_size.get(n, by_size.get(None))


@dataclass(slots=True)
class Figure:
    """One measured figure beside its baseline."""

    metric: str
    label: str
    n: int | None
    unit: Unit
    kind: Kind
    value: float | None = None
    #: The same figure by the CPU clock (user + system) instead of the wall clock.
    cpu: float | None = None
    baseline: float | None = None
    baseline_cpu: float | None = None
    baseline_label: str = ""
    runs: int = 0
    note: str = ""
    skipped: str | None = None  # why it was not measured
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or self.baseline is None or self.value <= 0 or self.baseline <= 0:
            return None
        if self.kind == "rate":
            return self.value / self.baseline
        return self.baseline / self.value

    @property
    def target(self) -> Target | None:
        return target_for(self.metric, self.n)

    @property
    def status(self) -> str:
        """PASS / FAIL against issue 6, "-" when no target applies, SKIP when not measured."""
        if self.skipped is not None:
            return "SKIP"
        target = self.target
        if target is None:
            return "-"
        if self.value is None:
            return "FAIL"
        return "PASS" if target.holds(self.value, self.ratio) else "FAIL"

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ratio"] = _round(self.ratio)
        for name in ("value", "cpu", "baseline", "baseline_cpu"):
            data[name] = _round(data[name])
        data["status"] = self.status
        target = self.target
        data["target"] = None if target is None else target.describe(self.unit)
        return data


#: Longest reason for a skipped figure shown in the table (the rest goes to the notes).
SKIP_WIDTH = 60


def _round(value: float | None) -> float | None:
    if value is None or math.isnan(value):
        return None
    return float(f"{value:.4g}")


def _number(value: float) -> str:
    if value >= 1000:
        return f"{value:,.0f}"
    if value >= 100:
        return f"{value:.0f}"
    if value >= 10:
        return f"{value:.1f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.3g}"


def _cell(value: float | None, unit: str) -> str:
    return "-" if value is None else f"{_number(value)} {unit}"


def table(figures: list[Figure]) -> str:
    """The figures as a plain-text table, grouped by corpus size.

    "(cpu)" is the same figure by the CPU clock: far below the wall figure means the process
    waited (for the disk, a sleep, or other processes holding the CPU)."""
    header = ("N", "measure", "foitui", "(cpu)", "baseline", "ratio", "target", "result")
    rows: list[tuple[str, ...]] = []
    notes: list[str] = []
    for figure in figures:
        n = "-" if figure.n is None else f"{figure.n:,}"
        if figure.skipped is not None:
            reason = figure.skipped
            if len(reason) > SKIP_WIDTH:
                notes.append(f"  [{n} {figure.label}] skipped: {reason}")
                reason = reason[: SKIP_WIDTH - 1] + "…"
            rows.append((n, figure.label, f"skipped: {reason}", "", "", "", "", figure.status))
            continue
        ratio = figure.ratio
        target = figure.target
        baseline = _cell(figure.baseline, figure.unit)
        if figure.baseline_label and figure.baseline is not None:
            baseline = f"{baseline} ({figure.baseline_label})"
        rows.append(
            (
                n,
                figure.label,
                _cell(figure.value, figure.unit),
                "" if figure.cpu is None else f"({_cell(figure.cpu, figure.unit)})",
                baseline,
                "-" if ratio is None else f"{_number(ratio)}x",
                "-" if target is None else target.describe(figure.unit),
                figure.status,
            )
        )
        if figure.note:
            notes.append(f"  [{n} {figure.label}] {figure.note}")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(header, widths, strict=True))]
    lines.append("  ".join("-" * width for width in widths))
    previous_n = None
    for row in rows:
        if previous_n is not None and row[0] != previous_n:
            lines.append("")
        previous_n = row[0]
        lines.append("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if notes:
        lines += ["", "notes:", *notes]
    return "\n".join(lines)


def failures(figures: list[Figure]) -> list[str]:
    return [f"{f.metric}@{f.n}" for f in figures if f.status == "FAIL"]


def json_line(figures: list[Figure], meta: dict[str, Any]) -> str:
    """Everything in one line of JSON, for scripts and the README."""
    data = {
        "bench": "foitui",
        **meta,
        "figures": [f.to_json() for f in figures],
        "failed": failures(figures),
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
