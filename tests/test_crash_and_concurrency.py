"""Nothing lost: processes killed mid-write, and several users writing the same store at once.

Children are forked from the test process (the store code is already imported), so each of the
hundreds of kills costs milliseconds rather than a Python start-up.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import time
from pathlib import Path

import pytest

from foitui.store import Store
from tests.conftest import make_request

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")

#: Kills per run; FOITUI_KILLS=2000 for the longer run (see CHANGELOG / the closing note).
KILLS = int(os.environ.get("FOITUI_KILLS", "120"))


def _child_edits(store_path: Path, write_fd: int, start: int) -> None:
    """Edit forever; after each edit returns, report its number down the pipe."""
    try:
        store = Store.open(store_path)
        i = start
        while True:
            i += 1
            if i % 7 == 0:
                store.import_requests([make_request(1000 + i, questions=1)], [f"crash-import-{i}"])
            else:
                store.mark("1", "1", note=f"edit {i}")
            os.write(write_fd, f"{i}\n".encode())
    finally:
        os._exit(0)


def _last_confirmed(read_fd: int) -> int:
    data = b""
    while True:
        try:
            chunk = os.read(read_fd, 65536)
        except BlockingIOError:
            break
        if not chunk:
            break
        data += chunk
    numbers = [int(x) for x in data.split() if x.isdigit()]
    return numbers[-1] if numbers else 0


def _journal_replays_to_the_store(store: Store) -> list[str]:
    """Faults between the journal and the store (empty when they agree): the note entries of
    request 1 must form one chain (each one's old value the previous one's new value) that
    ends at the stored note, and each import in the store has exactly its one entry."""
    faults = []
    history = store.history()
    if len({c.id for c in history}) != len(history):
        faults.append("an entry is in the journal twice")
    notes = [c for c in history if c.request == "1" and c.path == ("questions", "1", "note")]
    current = store.get("1").questions[0].note
    previous = None
    for change in notes:
        if change.old != previous:
            faults.append(f"{change.new!r} follows {previous!r}, not {change.old!r}")
        previous = change.new
    if previous != current:
        faults.append(f"the journal ends at {previous!r}, the store holds {current!r}")
    imported = sorted(
        int(c.note.rsplit("ids ", 1)[1].split("-")[0]) for c in history if c.action == "import"
    )
    if imported != [int(i) for i in store.ids()]:
        faults.append(f"imports journalled {imported}, stored {store.ids()}")
    return faults


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_or_tears(make_store, store_path: Path) -> None:
    make_store([make_request(1, questions=1)])
    rng = random.Random(20261125)
    confirmed = 0
    imports_confirmed: set[int] = set()
    acknowledged = lost = corrupt = disagree = 0
    for _ in range(KILLS):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child never returns
            os.close(read_fd)
            _child_edits(store_path, write_fd, confirmed)
        os.close(write_fd)
        # Wait for one finished edit, so every round does real work whatever the machine's load,
        # then kill at a random moment of the edits that follow.
        first = os.read(read_fd, 64)
        time.sleep(rng.uniform(0.0, 0.02))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        os.set_blocking(read_fd, False)
        last = _last_confirmed(read_fd)
        if not last:
            last = int(first.split()[-1]) if first.strip() else confirmed
        os.close(read_fd)
        acknowledged += max(0, last - confirmed)

        try:
            store = Store.open(store_path)  # must always open
            note = store.get("1").questions[0].note
        except Exception:
            corrupt += 1
            continue
        in_flight = last + 1
        done = {n for n in range(confirmed + 1, last + 1) if n % 7 == 0}
        imports_confirmed |= done
        edits_done = [n for n in range(1, last + 1) if n % 7]
        if edits_done:
            expected = {f"edit {edits_done[-1]}"}
            if in_flight % 7:
                expected.add(f"edit {in_flight}")
            lost += note not in expected
        present = {int(r.title.split()[1]) - 1000 for r in map(store.summary, store.ids()[1:])}
        lost += len(imports_confirmed - present)
        disagree += bool(_journal_replays_to_the_store(store))
        # The in-flight change landed or not; either way the next run continues after it.
        confirmed = max(last, max(present, default=0), _last_note(note))
    figures = (
        f"kills {KILLS}, acknowledged edits {acknowledged}, lost {lost}, corrupt {corrupt}, "
        f"journal and store disagreeing {disagree}"
    )
    print(figures)
    assert (lost, corrupt, disagree) == (0, 0, 0), figures
    assert confirmed >= KILLS  # every child finished at least one change before its kill
    assert not list(store_path.rglob(".*.tmp-*"))


def test_a_writer_killed_between_its_commit_and_its_journal_entry(
    make_store, store_path: Path
) -> None:
    # The journal was written before the triage shard: a kill between the two left journal
    # entries for edits the store never saved (5 in 295 kills). Now the shard is the commit
    # point and carries the entries; a kill after it leaves them for the next writer.
    make_store([make_request(1, questions=2)])
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child never returns
        try:
            store = Store.open(store_path)

            def die(*args: object) -> None:
                os.kill(os.getpid(), signal.SIGKILL)

            store._append_journal = die  # type: ignore[method-assign]
            store.mark("1", "1", outcome="refused", note="killed before its journal entry")
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status)
    reader = Store.open(store_path)
    assert reader.get("1").questions[0].note == "killed before its journal entry"
    assert not _journal_replays_to_the_store(reader)  # history shows it before it is settled
    reader.mark("1", "2", outcome="answered")
    lines = (store_path / "journal.jsonl").read_text().splitlines()
    actions = [json.loads(line)["action"] for line in lines]
    assert actions == ["import", "mark outcome", "note", "mark outcome"]
    assert not _journal_replays_to_the_store(Store.open(store_path))


def _last_note(note: str | None) -> int:
    return int(note.split()[1]) if note else 0


def _worker(store_path: Path, worker: int, edits: int) -> None:
    try:
        store = Store.open(store_path)
        for i in range(edits):
            # Each worker owns one question of request 1 and shares request 2's note field.
            store.mark("1", str(worker + 1), note=f"w{worker} {i}")
            store.mark("2", "1", note=f"shared w{worker} {i}")
            if i % 10 == 0:
                store.link(str(3 + worker), "1", kind="related", note=f"w{worker} {i}")
    finally:
        os._exit(0)


def test_four_users_editing_at_once_keep_every_edit(make_store, store_path: Path) -> None:
    workers, edits = 4, 60
    make_store([make_request(n, questions=4) for n in range(1, 3 + workers)])
    watcher = Store.open(store_path)
    pids = []
    for w in range(workers):
        pid = os.fork()
        if pid == 0:  # pragma: no cover
            _worker(store_path, w, edits)
        pids.append(pid)
    for pid in pids:
        _, status = os.waitpid(pid, 0)
        assert os.waitstatus_to_exitcode(status) == 0

    # A session that was open all along sees the others' changes after a refresh.
    changed = watcher.refresh()
    assert {"1", "2"} <= changed
    request = watcher.get("1")
    assert [q.note for q in request.questions] == [f"w{w} {edits - 1}" for w in range(workers)]
    assert watcher.summary("1").links == workers

    history = watcher.history()
    marks = [c for c in history if c.request == "1"]
    assert len(marks) == workers * edits  # none lost, none duplicated
    assert len({c.id for c in history}) == len(history)
    shared = [c for c in history if c.request == "2"]
    # Same field, four writers: every write is in the history, and the last one is what stands.
    assert len(shared) == workers * edits
    assert watcher.get("2").questions[0].note == shared[-1].new
    lines = (store_path / "journal.jsonl").read_text().splitlines()
    assert all(json.loads(line) for line in lines)


def _group(pgid: int) -> list[int]:
    """Live (not zombie) processes of process group `pgid`, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            found.append(int(entry.name))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_a_killed_import_takes_its_parse_workers_with_it(tmp_path: Path) -> None:
    # A killed import left its workers running for ever (68 of 93 kills), each holding the
    # dead parent's stdout, so that `foitui import ... | cat` never ended.
    import select
    import subprocess
    import sys

    from foitui.importing import PARALLEL_FROM

    seed = (Path(__file__).parent / "data" / "seed.tsv").read_text(encoding="utf-8")
    header, _, body = seed.strip().partition("\n")
    line = next(row for row in body.splitlines() if row.strip())
    rows = [line.replace("FOI <b>11726", f"FOI <b>{n}") for n in range(4 * PARALLEL_FROM)]
    corpus = tmp_path / "big.tsv"
    corpus.write_text(header + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "foitui", "import", str(corpus), "--store", str(tmp_path / "s")],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the workers are found by it
    )
    try:
        deadline = time.monotonic() + 60
        while len(_group(proc.pid)) < 3 and proc.poll() is None:  # the parent and 2 workers
            assert time.monotonic() < deadline, "the workers never started"
            time.sleep(0.01)
        assert proc.poll() is None, "the import ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        assert proc.stdout is not None
        # The pipe ends once nobody holds it: the workers have let go of it.
        ready, _, _ = select.select([proc.stdout], [], [], 10)
        assert ready and proc.stdout.read() == b"", "a worker still holds the import's stdout"
        deadline = time.monotonic() + 10
        while _group(proc.pid):
            assert time.monotonic() < deadline, f"workers left running: {_group(proc.pid)}"
            time.sleep(0.01)
    finally:
        for pid in _group(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
