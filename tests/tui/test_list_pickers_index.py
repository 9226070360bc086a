"""The list's pickers on a reopened store (as at a million requests) count from index.sqlite's
tallies without making every row (issue 18), and show and filter exactly what counting every
made row gives: `x` (exemptions by section, then a choice), `S` (statuses) and `W` (open
requests by assignee), on a store with marks by hand, corrections, assignments and links."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from foitui import views
from foitui.exemptions import describe, section_of
from foitui.kinds import Status
from foitui.store import Store
from foitui.tui.listing import LazySource, ListQuery, RowSource
from foitui.tui.screens.choice import ChoiceScreen
from tests.test_store_tallies import build_picked, walked_citing, walked_counts
from tests.tui.conftest import open_by_key, run_app, settle
from tests.tui.fixtures import TODAY, list_ids
from tests.tui.test_team import choose


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The picked store (tests/test_store_tallies.py), its list filtered in a worker as at a
    million requests."""
    monkeypatch.setattr("foitui.tui.screens.request_list.SYNC_ROWS", 0)
    build_picked(tmp_path / "store")
    return tmp_path / "store"


def test_queue_and_status_counts_from_the_index_equal_every_row(
    root: Path, never_whole: list[str]
) -> None:
    store = Store.open(root)
    rows = Store.open(root).summaries()  # every row made
    source = LazySource.of(store)
    assert source is not None
    expected = RowSource(rows).queue_counts()
    assert expected["ann"] == 3 and expected["bob"] == 1 and expected[None] > 0
    assert source.queue_counts() == expected
    assert source.status_counts() == RowSource(rows).status_counts()
    assert not never_whole


def test_each_special_row_is_made_once_for_every_count_and_filter(
    root: Path, never_whole: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store.open(root)
    made: Counter[int] = Counter()
    row_of = store.row_of

    def counted(rid: int):
        made[rid] += 1
        return row_of(rid)

    monkeypatch.setattr(store, "row_of", counted)
    source = LazySource.of(store)
    assert source is not None
    special = store.special_ids()
    for _ in range(2):
        source.status_counts()
        source.queue_counts()
        source.select(ListQuery(view="overdue", sort="due"), TODAY)
    # (Rows not special are made as read: the order's probes, the screen.)
    assert all(made[rid] == 1 for rid in special)
    # An edit: a new source, its changed row as given, the others' made rows kept.
    rid = min(special)
    store.assign(str(rid), "carol")
    made.clear()
    edited = source.replaced([store.summary(str(rid))])
    assert edited.queue_counts()["carol"] == (1 if views.is_open(store.summary(str(rid))) else 0)
    assert not made
    assert not never_whole


async def test_x_counts_and_a_choice_on_a_reopened_store(
    root: Path, never_whole: list[str]
) -> None:
    whole = Store.open(root)
    counts = walked_counts(whole, section_of)
    citing = frozenset(walked_citing(whole, "s40"))
    rows = RowSource(whole.summaries(), in_id_order=True)
    store = Store.open(root)
    async with run_app(store) as (app, pilot):
        screen = await open_by_key(pilot, "x", ChoiceScreen)
        # Most cited first, ties by code; each with the walk's count.
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        assert screen.choices[1:] == [(code, f"{describe(code)} ({n})") for code, n in ordered]
        await choose(pilot, "s40")
        query = ListQuery(exemption="s40", exemption_ids=citing)
        expected = [row.id for row in rows.select(query, TODAY)]
        assert expected and list_ids(app) == expected
        assert app.list_screen.query_state.exemption_ids == citing
    assert not never_whole
    # Counted and found from index.sqlite: index.json's columns never read.
    assert store._cached_index is not None and not store._cached_index.loaded


async def test_w_and_s_counts_and_a_queue_on_a_reopened_store(
    root: Path, never_whole: list[str]
) -> None:
    rows = Store.open(root).summaries()  # every row made
    held = Counter(row.assignee for row in rows if views.is_open(row))
    statuses = Counter(row.status for row in rows)
    async with run_app(Store.open(root)) as (app, pilot):
        screen = await open_by_key(pilot, "W", ChoiceScreen)
        labels = dict(screen.choices)
        assert labels["*none"] == f"unassigned ({held[None]} open)"
        assert labels["ann"] == "ann (3 open)" and labels["bob"] == "bob (1 open)"
        await choose(pilot, "ann")
        ann = [row for row in rows if row.assignee == "ann" and views.is_open(row)]
        assert list_ids(app) == [row.id for row in views.sort_rows(ann, "urgent")]
        await pilot.press("escape")
        await settle(pilot)
        screen = await open_by_key(pilot, "S", ChoiceScreen)
        labels = dict(screen.choices)
        assert labels[Status.WITHDRAWN.value].endswith(f"({statuses[Status.WITHDRAWN]})")
        assert labels[Status.NEW.value].endswith(f"({statuses[Status.NEW]})")
    assert not never_whole
