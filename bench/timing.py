"""Clocks: wall and CPU time of an action or a subprocess (to a line it prints, or its exit).

CPU time is kept beside wall time because on a shared machine the wall clock also counts the
time other processes held the CPU; the targets are wall-clock figures.
"""

from __future__ import annotations

import gc
import os
import resource
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


@dataclass(frozen=True, slots=True)
class Timing:
    """Seconds of wall clock, and of CPU (user + system, every thread) of what was measured."""

    wall: float
    cpu: float


def timed(action: Callable[[], T]) -> tuple[Timing, T]:
    """How long `action` took, and what it returned (garbage collected before, not during)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return Timing(time.perf_counter() - wall, time.process_time() - cpu), result


def children_cpu() -> float:
    """CPU seconds of every child process that has ended and been waited for."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


#: Settings of a developer's or CI shell that no user has, and that change what is measured:
#: unbuffered stdout turns `json.dump` into a write call per token; no bytecode cache makes
#: every process compile foitui from source.
UNREALISTIC_ENV = ("PYTHONUNBUFFERED", "PYTHONDONTWRITEBYTECODE", "FOITUI_STORE")
#: Bytecode of measured subprocesses goes here, so the checkout itself is left as it is.
PYCACHE = ROOT / "bench" / ".cache" / "pycache"


def env() -> dict[str, str]:
    """The environment for measured subprocesses: a user's, with no colour."""
    environment = {k: v for k, v in os.environ.items() if k not in UNREALISTIC_ENV}
    environment["NO_COLOR"] = "1"
    environment["PYTHONPYCACHEPREFIX"] = str(PYCACHE)
    return environment


@dataclass(slots=True)
class ProbeRun:
    """A subprocess run: from spawn to its "ready" line, and what it reported after it."""

    ready: Timing
    report: dict[str, str] = field(default_factory=dict)


def run_to_ready(args: Sequence[str], *, timeout: float = SUBPROCESS_TIMEOUT_S) -> ProbeRun:
    """Spawn `args` and time it to the line "ready" on its stdout; `key value` lines after
    it are its report (its peak memory, and `cpu_s`: its CPU seconds when it was ready)."""
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
    return ProbeRun(Timing(ready, float(report.get("cpu_s", "nan"))), report)


def run_wall(args: Sequence[str], *, timeout: float = SUBPROCESS_TIMEOUT_S) -> tuple[Timing, str]:
    """From spawn to exit, and stdout; ProbeError when it fails."""
    cpu = children_cpu()
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
    elapsed = Timing(time.perf_counter() - start, children_cpu() - cpu)
    if done.returncode != 0:
        raise ProbeError(f"{' '.join(args)} failed (exit {done.returncode}): {_tail(done.stderr)}")
    return elapsed, done.stdout


def _tail(text: str, lines: int = 6) -> str:
    return " | ".join(text.strip().splitlines()[-lines:]) or "(no output on stderr)"


@dataclass(frozen=True, slots=True)
class StreamRun:
    """A subprocess whose output is read as it comes: spawn to its first line, to its exit,
    the lines it wrote, and its peak resident memory (KiB, from GNU time: `ru_maxrss` of a
    process the bench spawned directly would carry the bench's own peak, see probe.peak_kb)."""

    first_line: float
    whole: Timing
    lines: int
    peak_kb: int


TIME = "/usr/bin/time"


def run_streaming(args: Sequence[str], *, timeout: float = SUBPROCESS_TIMEOUT_S) -> StreamRun:
    with tempfile.NamedTemporaryFile(mode="w+") as report, tempfile.TemporaryFile("w+") as errors:
        measured = list(args)
        if os.path.exists(TIME):
            measured = [TIME, "-f", "%M", "-o", report.name, *measured]
        cpu = children_cpu()
        start = time.perf_counter()
        process = subprocess.Popen(
            measured, stdout=subprocess.PIPE, stderr=errors, cwd=ROOT, env=env()
        )
        watchdog = threading.Timer(timeout, process.kill)
        watchdog.start()
        try:
            assert process.stdout is not None
            first = process.stdout.readline()
            first_line = time.perf_counter() - start
            lines = 1 if first else 0
            for chunk in iter(lambda: process.stdout.read(1 << 20), b""):  # type: ignore[union-attr]
                lines += chunk.count(b"\n")
            code = process.wait()
        finally:
            watchdog.cancel()
        whole = Timing(time.perf_counter() - start, children_cpu() - cpu)
        if code != 0:
            errors.seek(0)
            raise ProbeError(f"{' '.join(args)} failed (exit {code}): {_tail(errors.read())}")
        report.seek(0)
        text = report.read().strip().splitlines()
        peak = int(text[-1]) if text and text[-1].isdigit() else 0
    return StreamRun(first_line, whole, lines, peak)
