"""App-wide behaviour: help, command palette, import, export, stats, refresh, read-only, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from foitui.models import Outcome, Status
from foitui.store import Store
from foitui.tui.screens.help import HelpScreen
from foitui.tui.screens.request_list import RequestListScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.screens.stats import StatsScreen
from tests.conftest import make_request
from tests.tui.conftest import (
    open_by_key,
    open_request,
    run_app,
    search,
    settle,
    shown,
    type_into_focused,
    typed,
)
from tests.tui.fixtures import list_ids, make_app, notices, screen_text


async def palette(pilot: Pilot, text: str) -> None:
    """Run the command palette's first match for `text` (ctrl+p, type, enter)."""
    await pilot.press("ctrl+p")
    await typed(pilot, text)
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def test_help_lists_every_key_of_the_list_including_hidden_ones(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.plain_text()
        for description in (
            "Search",
            "Views",
            "Clarifying",
            "Go to",
            "Statistics",
            "Undo",
            "Keys",
            "Down",
            "Last request",
            "Quit",
        ):
            assert description in text, description
        assert "Keys: request list" in screen_text(app)
        # Only keys that do something: not Textual's sideways scrolling of the list.
        assert "Scroll Left" not in text and "Page Left" not in text
        await pilot.press("escape")
        assert isinstance(app.screen, RequestListScreen)


async def test_G_and_g_jump_in_the_help(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        await pilot.press("question_mark")
        body = shown(app, HelpScreen).query_one("#help-body")
        assert body.max_scroll_y > 0
        await pilot.press("G")
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("g")
        assert body.scroll_y == 0


async def test_help_on_the_stepper_lists_outcome_keys(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "3")
        await pilot.press("enter", "question_mark")
        text = app.screen.plain_text()
        for description in (
            "Answered",
            "Partly",
            "Not held",
            "Refused",
            "Clarify",
            "Pending",
            "Exemptions",
            "Note",
            "Question by number",
        ):
            assert description in text, description
        assert "1-9" in text
        await pilot.press("question_mark")  # ? closes it too
        assert not isinstance(app.screen, HelpScreen)


async def test_help_lists_tab_only_where_there_are_fields_to_move_between(
    store: Store,
) -> None:
    from foitui.tui.screens.help import help_rows
    from foitui.tui.screens.link_dialog import LinkDialog
    from foitui.tui.screens.metadata_form import MetadataForm

    def keys(rows) -> set[str]:  # type: ignore[no-untyped-def]
        return {key for row in rows for key in row.keys.split(" ")}

    async with run_app(store) as (app, pilot):
        # The request view has no fields: tab does nothing there, so help does not list it.
        await open_request(pilot, "2")
        await pilot.press("question_mark")
        text = shown(app, HelpScreen).plain_text()
        assert "Next field" not in text and "Previous field" not in text
        assert not {"tab", "shift+tab"} & keys(app.screen.rows)
        await pilot.press("escape")
        # The link dialog has three (search, cases, note): tab is listed, and moves.
        dialog = await open_by_key(pilot, "l", LinkDialog)
        assert {"tab", "shift+tab"} <= keys(help_rows(app, dialog))
        before = dialog.focused
        await pilot.press("tab")
        assert dialog.focused is not before
        await pilot.press("escape")
        form = await open_by_key(pilot, "e", MetadataForm)
        assert {"tab", "shift+tab"} <= keys(help_rows(app, form))


async def test_palette_opens_statistics(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await palette(pilot, "statistics")
        assert isinstance(app.screen, StatsScreen)
        text = screen_text(app)
        assert "requests: 7" in text
        await pilot.press("escape")
        assert isinstance(app.screen, RequestListScreen)


async def test_palette_opens_a_request_by_reference(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await palette(pilot, "FOI 12077")
        assert shown(app, RequestScreen).request_id == "6"


async def test_palette_opens_a_request_by_id_as_shown(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await palette(pilot, "#6")
        assert shown(app, RequestScreen).request_id == "6"


async def test_palette_filter_and_sort_commands(store: Store) -> None:
    async with run_app(store) as (app, _pilot):
        app.list_status(Status.REFUSED)
        assert list_ids(app) == ["1"]
        app.list_status(None)
        app.list_sort("id")
        app.list_view("overdue")
        assert list_ids(app) == ["4"]
        assert app.list_screen.query_state.sort == "id"


async def test_import_a_file(store: Store, tmp_path: Path) -> None:
    corpus = tmp_path / "new.tsv"
    corpus.write_text(
        "REQUEST\tRESPONSE\tREF\n"
        "<p>1) How many libraries closed in 2023?</p><p>2) What did it save?</p>"
        "\t<p>1) Two.</p><p>2) Not held.</p>\tFOI 20001\n",
        encoding="utf-8",
    )
    async with run_app(store, notifications=True) as (app, pilot):
        app.action_import()
        await pilot.pause()
        await type_into_focused(pilot, str(corpus))
        await pilot.press("enter")
        await settle(pilot)
        assert len(store) == 8
        assert store.find("FOI 20001") is not None
        assert len(app.list_screen.table.rows) == 8
        assert "imported 1, skipped 0 duplicates, 0 errors" in notices(app)


async def test_a_long_import_shows_its_progress_in_the_header(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from foitui import importing

    seen: list[str] = []

    def load_corpus(store: Store, files: list[Path], *, report, **_options):
        report("12,000 records parsed from big.tsv")
        seen.append(app.sub_title)
        report("writing 100,000 requests to the store")
        seen.append(app.sub_title)
        return 0, 0, []

    monkeypatch.setattr(importing, "load_corpus", load_corpus)
    async with run_app(store) as (app, pilot):
        before = app.sub_title
        app.import_file(tmp_path / "big.tsv", False)
        await settle(pilot)
        assert seen == [
            "importing · 12,000 records parsed from big.tsv",
            "importing · writing 100,000 requests to the store",
        ]
        assert app.sub_title == before


async def test_quitting_during_an_import_asks_first(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from foitui import importing
    from foitui.tui.screens.confirm import ConfirmScreen

    release = threading.Event()

    def load_corpus(*_args, **_options):
        release.wait(10)
        return 0, 0, []

    monkeypatch.setattr(importing, "load_corpus", load_corpus)
    try:
        async with run_app(store) as (app, pilot):
            app.import_file(tmp_path / "big.tsv", False)
            await pilot.pause()
            await pilot.press("q")
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press("n")
            assert app.is_running and isinstance(app.screen, RequestListScreen)
            await pilot.press("q")
            await pilot.press("y")
            await pilot.pause()
            assert not app.is_running
    finally:
        release.set()


async def test_quitting_with_no_import_running_asks_nothing(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize(
    ("bad", "counted", "records"),
    [
        (1, "1 error", "1 record of new.tsv has an error"),
        (2, "2 errors", "2 records of new.tsv have errors"),
    ],
)
async def test_import_counts_read_right_in_the_singular_and_plural(
    store: Store,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    bad: int,
    counted: str,
    records: str,
) -> None:
    from foitui import importing

    corpus = tmp_path / "new.tsv"
    corpus.write_text("REQUEST\n", encoding="utf-8")
    errors = [f"new.tsv:{line}: no request text" for line in range(2, 2 + bad)]

    def load_corpus(_store: Store, _files: list[Path], *, skip_bad: bool, **_options):
        return (1, 1, errors) if skip_bad else (0, 0, errors)

    monkeypatch.setattr(importing, "load_corpus", load_corpus)
    async with run_app(store, notifications=True) as (app, pilot):
        await palette(pilot, "Import")
        await type_into_focused(pilot, str(corpus))
        await pilot.press("enter")
        await settle(pilot)
        assert f"{counted}, nothing imported. First: new.tsv:2: no request text" in notices(app)
        assert records in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert f"imported 1, skipped 1 duplicate, {counted}" in notices(app)


async def test_one_request_is_counted_as_one(tmp_path: Path) -> None:
    single = Store.open(tmp_path / "one")
    single.import_requests([make_request(1, title="Allotment waiting lists")], ["only"])
    target = tmp_path / "out.csv"
    async with run_app(single, notifications=True) as (app, pilot):
        assert "1 request " in screen_text(app) and "1 requests" not in screen_text(app)
        await palette(pilot, "Export")
        await type_into_focused(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert f"exported 1 request to {target}" in notices(app)


async def test_import_names_a_missing_file(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        app.action_import()
        await pilot.pause()
        await typed(pilot, "/nonexistent/x.tsv")
        await pilot.press("enter")
        await pilot.pause()
        assert "No file '/nonexistent/x.tsv'" in screen_text(app)
        assert len(store) == 7


async def test_export_a_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    async with run_app(store) as (app, pilot):
        app.action_export()
        await pilot.pause()
        await type_into_focused(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert target.is_file()
        assert "FOI 12001" in target.read_text(encoding="utf-8")


async def test_export_asks_before_replacing_a_file_and_keeps_it_on_no(
    store: Store, tmp_path: Path
) -> None:
    from foitui.tui.screens.confirm import ConfirmScreen

    target = tmp_path / "out.csv"
    target.write_text("my earlier work\n", encoding="utf-8")
    async with run_app(store, notifications=True) as (app, pilot):
        await palette(pilot, "Export")
        await type_into_focused(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "out.csv already exists" in screen_text(app)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, RequestListScreen)
        assert target.read_text(encoding="utf-8") == "my earlier work\n"
        assert f"Nothing exported: {target} was left as it was." in notices(app)


async def test_export_replaces_a_file_once_the_user_agrees(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("my earlier work\n", encoding="utf-8")
    async with run_app(store) as (app, pilot):
        await palette(pilot, "Export")
        await type_into_focused(pilot, str(target))
        await pilot.press("enter")
        await settle(pilot)
        assert "out.csv already exists" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        assert "FOI 12001" in target.read_text(encoding="utf-8")


async def test_changes_by_another_user_appear(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_request(pilot, "3")
        other = Store.open(store.root)  # another officer, another process
        other.set_status("3", "on_hold")
        other.mark("3", "1", outcome="answered")
        app.poll_store()
        await settle(pilot)
        assert "status on hold" in screen_text(app)
        assert "Updated by another user." in notices(app)
        assert app.list_screen.all_rows["3"].status == Status.ON_HOLD


async def test_a_search_on_screen_finds_what_another_user_imports(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await search(pilot, "allotment")
        assert list_ids(app) == []
        other = Store.open(store.root)  # another officer, another process
        other.import_requests([make_request(9, title="Allotment waiting lists")], ["late"])
        app.poll_store()
        await settle(pilot, debounce=True)
        assert list_ids(app) == ["8"]


async def test_a_search_during_a_big_import_finds_each_part_once_its_texts_come(
    store: Store,
) -> None:
    # Issue 18: a big import commits its rows, then their search texts. A search answered in
    # between (the app refreshed at that moment) lacked the part: once the texts come, the
    # app searches again by itself, and says how many more requests were imported.
    from foitui.store import records
    from foitui.store import search as search_index

    async with run_app(store, notifications=True) as (app, pilot):
        await search(pilot, "allotment")
        assert list_ids(app) == []
        importer = Store.open(store.root)  # another process, importing
        late = make_request(9, title="Allotment waiting lists")
        importer.import_stream([[records.prepare(late, "late")]], source="f.tsv")
        # A part's rows are committed, its texts are not yet (taken out, as in between), and
        # the import goes on (its lock held).
        search_index.SearchIndex(store.root / "search.sqlite").remove([8])
        with Store.open(store.root)._importing():
            app.poll_store()
            await settle(pilot, debounce=True)
            assert list_ids(app) == []
            assert "1 more requests imported." in notices(app)
            search_index.SearchIndex(store.root / "search.sqlite").add(
                [(8, "8 Allotment waiting lists")]
            )
            app.poll_store()
            await settle(pilot, debounce=True)
            assert list_ids(app) == ["8"]


async def test_an_import_in_this_app_lists_each_part_as_it_is_committed(store: Store) -> None:
    # The import worker commits its parts through the app's own store, which its refresh then
    # finds unchanged: the poll sees the store has grown, lists the part and says so.
    from foitui.store import records

    async with run_app(store, notifications=True) as (app, pilot):
        assert "9" not in app.list_screen.all_rows
        part = [records.prepare(make_request(n), f"part{n}") for n in (9, 10)]
        store.import_stream([part], source="big.tsv")  # as the worker's part commit does
        app.poll_store()
        await settle(pilot)
        assert {"8", "9"} <= set(app.list_screen.all_rows)
        assert "2 more requests imported." in notices(app)


async def test_read_only_store_refuses_edits(store: Store) -> None:
    store.readonly = True
    async with run_app(store, notifications=True) as (app, pilot):
        assert "READ-ONLY" in screen_text(app)
        await open_request(pilot, "3")
        await pilot.press("enter", "a")
        await settle(pilot)
        assert store.get("3").questions[0].outcome == Outcome.PENDING
        assert any("read-only" in notice for notice in notices(app))
        await pilot.press("escape", "l")  # the link dialog does not even open
        assert isinstance(app.screen, RequestScreen)


async def test_untrusted_text_is_shown_literally(store: Store) -> None:
    async with run_app(store) as (app, pilot):
        assert "Evil [/b] [@click=" in screen_text(app)
        await open_request(pilot, "5")
        text = screen_text(app)
        assert "Evil [/b] [@click=app.quit]quit[/] [link=x]y[/link] red [bold]b" in text
        assert "\x1b" not in text and "\x07" not in text
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Question Evil [/b] [@click=app.quit]quit[/]" in text
        assert "Answer Evil [/b]" in text
        await pilot.press("j")
        assert "[b]bold?[/b] and [@click=app.bell]click[/]" in screen_text(app)
        await pilot.press("escape", "end")
        await pilot.pause()
        assert "Unassigned Evil [/b]" in screen_text(app)
        assert app.is_running


async def test_mouse_option_is_kept(store: Store) -> None:
    app = make_app(store, mouse=True)
    assert app.mouse is True
    assert make_app(store).mouse is False


async def test_demo_title(store: Store) -> None:
    async with run_app(store, title_suffix="demo") as (app, _pilot):
        assert "foitui — demo" in screen_text(app)


async def test_the_palette_lists_the_apps_commands_before_textuals(store: Store) -> None:
    # It opened on Textual's "Screenshot" and "Theme", the app's own commands after them.
    from textual.command import CommandList

    async with run_app(store) as (app, pilot):
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.pause(0.3)  # discovery hits arrive over a moment
        options = app.screen.query_one(CommandList)
        names = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert names[0].startswith("Open request by id or reference")
        theme = next(i for i, name in enumerate(names) if "theme" in name.lower())
        ours = max(i for i, name in enumerate(names) if name.startswith("Sort:"))
        assert ours < theme
