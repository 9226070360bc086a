"""Shared fixtures: stores in temporary directories, built from hand-made requests."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from foitui.models import Answer, Law, Outcome, Question, Reference, Request, Source
from foitui.store import Store

# The bank-holiday cache (foitui.holiday_cache) of a test run is its own, not the user's.
os.environ["FOITUI_CACHE_DIR"] = tempfile.mkdtemp(prefix="foitui-test-cache-")
atexit.register(shutil.rmtree, os.environ["FOITUI_CACHE_DIR"], ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed.tsv"
SAMPLE = ROOT / "foitui" / "data" / "sample.tsv"


def run_cli(capsys: pytest.CaptureFixture[str], *args: object) -> tuple[int, str, str]:
    """`foitui ARGS` in this process: its exit code, stdout and stderr."""
    from foitui.cli import main

    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def make_request(
    n: int,
    *,
    ref: str | None = None,
    title: str | None = None,
    received: str | None = "2026-11-02",
    law: Law = Law.FOI,
    questions: int = 3,
    answered: int = 0,
    refs: tuple[str, ...] = (),
    text: str | None = None,
) -> Request:
    """A small realistic request; `answered` of its questions carry an answer."""
    qs = []
    answers = []
    for i in range(1, questions + 1):
        q = Question(key=str(i), label=str(i), text=f"Question {i} of request {n} about potholes?")
        if i <= answered:
            q.answer = f"Answer {i}."
            q.outcome = Outcome.ANSWERED
            answers.append(Answer(questions=[str(i)], text=f"Answer {i}."))
        qs.append(q)
    references = []
    for r in refs:
        scheme, _, ident = r.partition(" ")
        references.append(Reference(text=r, scheme=scheme, id=ident))
    body = text or f"Request {n}: please tell me about potholes repaired on Wigan roads."
    return Request(
        ref=ref,
        title=title or f"Request {n} about potholes",
        authority="Wigan Council",
        law=law,
        received=received,  # type: ignore[arg-type]
        source=Source(file="test.tsv", line=n, record=n),
        request_text=body,
        response_text="\n\n".join(a.text for a in answers),
        questions=qs,
        answers=answers,
        references=references,
    )


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def make_store(store_path: Path) -> Callable[..., Store]:
    def build(requests: list[Request] | None = None) -> Store:
        store = Store.open(store_path)
        if requests:
            store.import_requests(requests, [f"fp{i}" for i in range(len(requests))])
        return store

    return build


def shrink_import(monkeypatch: pytest.MonkeyPatch, *, chunk: int, shard: int) -> None:
    """Parse workers, their chunks, shards and the search index's batches as at 100,000
    records or more, at a size a test can afford: `chunk` records a worker's chunk (and
    the texts the search index inserts at once), `shard` requests a shard."""
    from foitui import importing
    from foitui.store import layout, search

    monkeypatch.setattr(importing, "PARALLEL_FROM", 10)
    monkeypatch.setattr(importing, "_CHUNK", chunk)
    monkeypatch.setattr(importing, "AHEAD", 2)
    monkeypatch.setattr(layout, "SHARD_SIZE", shard)
    monkeypatch.setattr(search, "_BATCH", chunk)
