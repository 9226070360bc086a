"""The app reads the store on its UI thread while a worker refreshes it (another process
imported a part, issue 18): the refresh must never pull a connection out from under a read."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

from foitui.store import Store
from tests.conftest import make_request


def test_rows_read_while_another_thread_reloads_the_index(store_path: Path) -> None:
    # The row cache's connection used to be closed on every reload: a read in another
    # thread at that moment crashed the whole process (a segfault in libpython), seen in
    # the app while a big import committed its parts.
    Store.open(store_path).import_requests(
        [make_request(n) for n in range(1, 201)], [f"fp{n}" for n in range(1, 201)]
    )
    store = Store.open(store_path)
    assert store._cached_index is not None  # rows are read through index.sqlite
    stop = time.monotonic() + 1.5
    failures: list[BaseException] = []

    def read() -> None:
        rng = random.Random(18)
        try:
            while time.monotonic() < stop:
                assert store.row_of(rng.randint(1, 200)).title.startswith("Request")
        except BaseException as error:
            failures.append(error)

    def reload() -> None:
        while time.monotonic() < stop:
            with store._mutex:
                store._load_index()

    threads = [threading.Thread(target=read), threading.Thread(target=read)]
    threads.append(threading.Thread(target=reload))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
