"""Clocks: medians of runs, and subprocesses timed from spawn to a line they print."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SUBPROCESS_TIMEOUT_S = 900.0

T = TypeVar("T")


class ProbeError(RuntimeError):
    """A measured subprocess failed; the message ends with the tail of its stderr."""


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds `action` took, and what it returned (garbage collected before, not during)."""
    gc.collect()
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def env() -> dict[str, str]:
    """The environment for measured subprocesses: no colour, no user store."""
    environment = dict(os.environ)
    environment.pop("FOITUI_STORE", None)
    environment["NO_COLOR"] = "1"
    return environment


@dataclass(slots=True)
class ProbeRun:
    """A subprocess run: seconds from spawn to its "ready" line, and what it reported."""

    ready_s: float
    total_s: float
    report: dict[str, str] = field(default_factory=dict)


def run_to_ready(args: Sequence[str], *, timeout: float = SUBPROCESS_TIMEOUT_S) -> ProbeRun:
    """Spawn `args` and time it to the line "ready" on its stdout; `key value` lines after
    it are its report (e.g. its peak memory)."""
    with tempfile.TemporaryFile(mode="w+") as errors:
        start = time.perf_counter()
        process = subprocess.Popen(
            list(args), stdout=subprocess.PIPE, stderr=errors, text=True, cwd=ROOT, env=env()
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            ready: float | None = None
            for line in process.stdout:
                if line.strip() == "ready":
                    ready = time.perf_counter() - start
                    break
            rest = process.stdout.read()
            process.wait()
        finally:
            watchdog.cancel()
        total = time.perf_counter() - start
        if ready is None or process.returncode != 0:
            errors.seek(0)
            what = "timed out" if total >= timeout else f"failed (exit {process.returncode})"
            raise ProbeError(f"{' '.join(args)} {what}: {_tail(errors.read())}")
    report = {}
    for line in rest.splitlines():
        key, _, value = line.strip().partition(" ")
        if key:
            report[key] = value
    return ProbeRun(ready_s=ready, total_s=total, report=report)


def run_wall(args: Sequence[str], *, timeout: float = SUBPROCESS_TIMEOUT_S) -> tuple[float, str]:
    """Wall seconds from spawn to exit, and stdout; ProbeError when it fails."""
    start = time.perf_counter()
    try:
        done = subprocess.run(
            list(args),
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env(),
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ProbeError(f"{' '.join(args)} timed out after {timeout:.0f} s") from None
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise ProbeError(f"{' '.join(args)} failed (exit {done.returncode}): {_tail(done.stderr)}")
    return elapsed, done.stdout


def _tail(text: str, lines: int = 6) -> str:
    return " | ".join(text.strip().splitlines()[-lines:]) or "(no output on stderr)"
