"""The list's views, status and exemption filters on a reopened store are answered from
index.sqlite (Store.list_matching, foitui/store/viewsql.py; issue 18) without making every
row, and list exactly what filtering every made row lists."""

from __future__ import annotations

import sqlite3
from collections import Counter
from datetime import date, timedelta
from itertools import product

import pytest

from foitui.kinds import Law, Outcome, Status
from foitui.models import Question, Request, Source
from foitui.store import Store, viewsql
from foitui.store.records import status_from_codes
from foitui.tui.listing import VIEWS, LazySource, ListQuery, RowSource
from tests.tui.conftest import pick_view, run_app, settle
from tests.tui.fixtures import list_ids

CODES = {
    "p": Outcome.PENDING,
    "a": Outcome.ANSWERED,
    "P": Outcome.PARTLY_ANSWERED,
    "n": Outcome.NOT_HELD,
    "r": Outcome.REFUSED,
    "c": Outcome.CLARIFICATION_NEEDED,
}
OUTCOMES = ["", "p", "pp", "a", "aa", "ap", "c", "ca", "n", "nn", "r", "rn", "P", "aP", "ar"]
SET_STATUS = [Status.ON_HOLD, Status.WITHDRAWN, Status.SUCCESSFUL, Status.IN_PROGRESS]
SET_STATUS += [Status.WAITING_CLARIFICATION, Status.INTERNAL_REVIEW, Status.REFUSED]
# Days around Easter 2024 (Good Friday 29 March; Easter Monday 1 April, a bank holiday in
# England, Wales and Northern Ireland but not in Scotland): the working days left differ by law.
TODAYS = [date(2024, 3, 20), date(2024, 3, 27), date(2024, 3, 28), date(2024, 4, 2)]


def _request(n: int, law: Law, received: date | None) -> Request:
    codes = OUTCOMES[n % len(OUTCOMES)]
    # Every 13th request's labels skip a number: "check the split".
    labels = [str(i + 1 + (i and n % 13 == 0)) for i in range(len(codes))]
    questions = [
        Question(
            key=str(i + 1),
            label=label,
            text=f"Question {label} of request {n}",
            answer="An answer." if code != "p" else None,
            outcome=CODES[code],
            exemptions=["s40(2)"] if n % 5 == 0 and code in "rP" else [],
        )
        for i, (code, label) in enumerate(zip(codes, labels, strict=True))
    ]
    return Request(
        ref=f"FOI {n}",
        title=f"Request {n}",
        authority="Wigan Council",
        law=law,
        received=received,
        status=SET_STATUS[n // 7 % len(SET_STATUS)] if n % 7 == 0 else Status.NEW,
        request_text=f"Request {n}.",
        response_text="A response." if n % 3 == 0 else "",
        questions=questions,
        responded=received + timedelta(days=9) if received and n % 11 == 0 else None,
        source=Source(file="varied.tsv", line=n, record=n),
    )


def varied_requests() -> list[Request]:
    """Every law, received on each day of February and March 2024 (due from late February to
    late April, across Easter), with outcomes, set statuses, responses, response dates and
    parse checks in turn; and one without a received date."""
    days = [date(2024, 2, 1) + timedelta(days=d) for d in range(56)]
    found = [_request(n, law, day) for n, (day, law) in enumerate(product(days, list(Law)))]
    return [*found, _request(len(found), Law.FOI, None)]


def build_varied(root) -> Store:
    """The store of `varied_requests`, with some requests edited or linked: their rows differ
    from their index rows (Store.special_ids)."""
    store = Store.open(root)
    items = varied_requests()
    store.import_requests(items, [f"varied-{i}" for i in range(len(items))])
    store.mark("4", "1", outcome=Outcome.ANSWERED)  # "a" answered: closed
    store.mark("2", "1", outcome=Outcome.CLARIFICATION_NEEDED)
    store.set_status("10", Status.WITHDRAWN)
    store.set_status("46", None)
    store.mark("17", "1", outcome=Outcome.REFUSED, exemptions=["s40(2)"])
    store.link("30", "31", kind="related")
    return store


@pytest.fixture(params=["imported here", "reopened"])
def store(request: pytest.FixtureRequest, tmp_path) -> Store:
    """As tests/tui/test_request_list.py's: the store that imported, and the store opened again
    as the app opens it (its filters answered from index.sqlite)."""
    built = build_varied(tmp_path / "store")
    if request.param == "imported here":
        return built
    reopened = Store.open(tmp_path / "store")
    assert LazySource.of(reopened) is not None
    return reopened


def _queries() -> list[ListQuery]:
    found = [ListQuery(view=view, sort=sort) for view in VIEWS for sort in ("urgent", "due")]
    found += [ListQuery(status=status) for status in Status]
    found += [ListQuery(view=view, status=status) for view in VIEWS for status in Status]
    found += [ListQuery(view=view, queue=queue) for view in VIEWS for queue in ("", "ann")]
    return found


def test_views_and_statuses_from_the_index_list_what_every_row_lists(
    tmp_path, never_whole: list[str]
) -> None:
    build_varied(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    whole = RowSource(store.summaries(), in_id_order=True)
    assert store.special_ids()  # edited and linked rows are judged by making them
    citing = frozenset(store.ids_citing("s40"))
    assert citing
    queries = _queries()
    queries += [q.with_(exemption="s40", exemption_ids=citing) for q in queries[:14]]
    queries.append(ListQuery(view="closed", search="request 4", search_ids={4, 40, 41, 400}))
    for today in TODAYS:
        for query in queries:
            expected = [row.id for row in whole.select(query, today)]
            source = LazySource.of(store)
            assert source is not None
            assert [row.id for row in source.select(query, today)] == expected, (today, query)
    assert not never_whole
    # Every view lists some rows on some day, so the comparison is not of empty lists.
    for view in VIEWS:
        assert any(whole.select(ListQuery(view=view), today) for today in TODAYS), view


def test_due_soon_counts_working_days_in_each_law_s_calendar(tmp_path, never_whole) -> None:
    # Easter Monday (1 April 2024) is a bank holiday in England, Wales and Northern Ireland
    # (Banking and Financial Dealings Act 1971, sch. 1) but not in Scotland: on 27 March a
    # FOISA request due on 5 April has 6 working days left, a FOIA one due then 5 (FOIA s.10(6)
    # and FOISA s.73 define "working day" by each jurisdiction's bank holidays).
    days = [date(2024, 2, 20) + timedelta(days=d) for d in range(25)]
    items = [
        Request(
            ref=f"FOI {n}",
            title=f"Request {n}",
            law=law,
            received=day,
            questions=[Question(key="1", label="1", text="A question.")],
            source=Source(file="easter.tsv", line=n, record=n),
        )
        for n, (day, law) in enumerate(product(days, (Law.FOI, Law.FOISA)))
    ]
    Store.open(tmp_path / "store").import_requests(items, [f"e-{i}" for i in range(len(items))])
    store = Store.open(tmp_path / "store")
    source = LazySource.of(store)
    assert source is not None
    rows = source.select(ListQuery(view="week", sort="due"), date(2024, 3, 27))
    last = {law: max(row.due for row in rows if row.law is law) for law in (Law.FOI, Law.FOISA)}
    assert last == {Law.FOI: date(2024, 4, 5), Law.FOISA: date(2024, 4, 4)}
    assert min(row.due for row in rows) == date(2024, 3, 27)  # due today: 0 days left


def test_status_counts_from_the_index(tmp_path, never_whole: list[str]) -> None:
    build_varied(tmp_path / "store")
    store = Store.open(tmp_path / "store")
    expected = Counter(row.status for row in store.summaries())
    source = LazySource.of(store)
    assert source is not None
    assert source.status_counts() == expected
    assert RowSource(store.summaries()).status_counts() == expected


def test_status_sql_is_the_lean_path_s_status() -> None:
    """viewsql's status test over every outcome code string of up to 3 questions, with and
    without a response, and with a status set by hand, against records.status_from_codes."""
    conn = sqlite3.connect(":memory:")
    conn.execute(
        'CREATE TABLE rows(id INTEGER PRIMARY KEY, "status", "outcomes", "resp", "due", "received")'
    )
    rows = []
    for length in range(4):
        for codes in product("paPnrc", repeat=length):
            for resp, set_status in product((0, 1), (None, "", "on_hold")):
                rows.append((len(rows) + 1, set_status, "".join(codes), resp))
    conn.executemany("INSERT INTO rows VALUES (?, ?, ?, ?, NULL, NULL)", rows)
    combos = [combo[:3] for combo in conn.execute(viewsql.COMBOS, (len(rows),))]
    for status in Status:
        where = viewsql.condition("all", status, None, date(2024, 3, 20), combos)[0]
        found = [rid for (rid,) in conn.execute(f"SELECT id FROM rows WHERE {where}")]
        expected = [
            rid
            for rid, set_status, codes, resp in rows
            if (Status(set_status) if set_status else status_from_codes(codes, bool(resp)))
            is status
        ]
        assert found == expected, status


async def test_views_and_status_picker_on_a_reopened_store(
    store: Store, never_whole: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # As at a million requests: filtered in a worker, the views picker without counts.
    monkeypatch.setattr("foitui.tui.screens.request_list.SYNC_ROWS", 0)
    today = date(2024, 3, 27)
    whole = RowSource(store.summaries(), in_id_order=True)
    async with run_app(store, today=today) as (app, pilot):
        for view in VIEWS:
            await pick_view(pilot, view)
            expected = [row.id for row in whole.select(ListQuery(view=view), today)]
            assert list_ids(app) == expected, view
        await pick_view(pilot, "all")
        counts = Counter(row.status for row in store.summaries())
        await pilot.press("S")
        await settle(pilot)
        # "any status" first, then the statuses in order, each with its count.
        text = str(app.screen.query_one("OptionList").get_option_at_index(8).prompt)
        assert f"({counts[Status.REFUSED]})" in text
        await pilot.press(*["down"] * 8, "enter")
        await settle(pilot)
        assert app.list_screen.query_state.status == Status.REFUSED
        expected = [row.id for row in whole.select(ListQuery(status=Status.REFUSED), today)]
        assert expected and list_ids(app) == expected
    assert not never_whole
