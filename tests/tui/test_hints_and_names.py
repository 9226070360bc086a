"""Issue 17 in the app: a key hint never names a key that would type into a field; a reference
not in the store is asked about before it is linked; cases named the same way in toasts;
exemptions grouped by section in the list's filter."""

from __future__ import annotations

from textual.widgets import Input, Label, Static

from foitui.models import LinkKind
from foitui.store import Store
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.confirm import ConfirmScreen
from foitui.tui.screens.link_dialog import LinkDialog
from foitui.tui.screens.request_list import RequestListScreen
from foitui.tui.screens.request_view import RequestScreen
from tests.tui.conftest import open_from_request, open_request, run_app, settle, shown, typed
from tests.tui.fixtures import list_ids, notices, screen_text


def _hint(dialog: LinkDialog) -> str:
    return str(dialog.query_one("#link-keys", Static).content)


async def test_the_link_dialog_offers_kind_keys_only_where_they_choose(store: Store) -> None:
    # Issue 17: `l`, `/`, "FOI 11726", then `1` as the hint "1-5 kind" said: the digit went
    # into the search and "FOI 117261" was linked as an outside case.
    async with run_app(store, notifications=True) as (app, pilot):
        dialog = await open_from_request(pilot, "3", "l", LinkDialog)
        assert "1-5 kind" in _hint(dialog)  # the list has the focus: digits choose
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(dialog.focused, Input)
        # In the search field, digits type: the hint and the kind line say so.
        assert not _hint(dialog).startswith("enter link · 1-5 kind")
        assert "tab to the list, then 1-5 kind" in _hint(dialog)
        kind_line = str(dialog.query_one("#link-kind", Label).render())
        assert not any(ch.isdigit() for ch in kind_line)
        await typed(pilot, "FOI 11726")
        await pilot.press("1")
        await settle(pilot, debounce=True)
        assert dialog.query_one("#link-search", Input).value == "FOI 117261"
        # A reference not in the store is said to be so, and asked about, before saving.
        await pilot.press("enter")
        await settle(pilot)
        confirm = shown(app, ConfirmScreen)
        assert "FOI 117261 is not in this store" in confirm.question
        await pilot.press("n")
        await settle(pilot)
        assert shown(app, LinkDialog) is dialog and store.get("3").links == []
        # The typo mended, the case in the store is linked, named as everywhere.
        await pilot.press("backspace")
        await settle(pilot, debounce=True)
        await pilot.press("tab", "1")  # to the list, where 1 chooses prior
        await pilot.pause()
        assert "1-5 kind" in _hint(dialog)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(app, RequestScreen)
        link = store.get("3").links[0]
        assert (link.target, link.kind, link.external) == ("1", LinkKind.PRIOR, False)
        assert "Linked #3 to FOI 11726 (prior)." in notices(app)


async def test_undo_says_what_it_undid_in_words(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "2", "l", LinkDialog)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("u")
        await settle(pilot)
        assert "Undone on #2: Linked to FOI 11726 (prior)." in notices(app)


async def test_the_exemption_filter_groups_a_section(store: Store) -> None:
    # s12(1) is the cost limit of s.12 (FOIA s.12(1)): one ground, one entry in the filter, and
    # filtering on it finds the request citing only s12(1).
    store.mark("4", store.get("4").questions[0].key, exemptions=["s12(1)"])
    async with run_app(store) as (app, pilot):
        await pilot.press("x")
        await settle(pilot)
        picker = shown(app, ChoiceScreen)
        labels = [str(label) for _value, label in picker.choices]
        assert any(label.startswith("s12 Cost of compliance") for label in labels)
        assert any(label.startswith("s12 ") and label.endswith("(2)") for label in labels)
        assert not any(label.startswith("s12(1)") for label in labels)
        values = [value for value, _label in picker.choices]
        await pilot.press(*["down"] * values.index("s12"), "enter")
        await settle(pilot)
        shown(app, RequestListScreen)
        assert set(list_ids(app)) == {"1", "4"}


async def test_no_match_names_a_key_that_works_while_searching(store: Store) -> None:
    # Issue 17: while searching with no match the list said "Press a to show all", and `a`
    # typed into the search.
    async with run_app(store) as (app, pilot):
        await pilot.press("slash")
        await typed(pilot, "zzzqx")
        await settle(pilot, debounce=True)
        assert list_ids(app) == []
        text = screen_text(app)
        assert "Escape clears the search" in text and "Press a" not in text
        await pilot.press("enter")  # keeps the search, back to the list
        await settle(pilot)
        assert "Escape shows all" in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)
        assert len(list_ids(app)) == 7


async def test_the_exemption_picker_hint_follows_the_focus(store: Store) -> None:
    # In the filter, space types a space: the hint says to go to the list to tick.
    from foitui.tui.screens.exemption_picker import ExemptionPicker
    from tests.tui.conftest import open_stepper

    async with run_app(store) as (app, pilot):
        await open_stepper(pilot, "1")
        await pilot.press("x")
        await settle(pilot)
        picker = shown(app, ExemptionPicker)
        hint = str(picker.query_one("#exemption-keys", Static).content)
        assert hint.startswith("down/tab to the list to tick") and "space" not in hint
        await pilot.press("down")
        await pilot.pause()
        hint = str(picker.query_one("#exemption-keys", Static).content)
        assert hint.startswith("space tick")


async def test_the_list_the_request_view_and_the_command_line_say_one_status_word(
    store: Store,
) -> None:
    # Issue 17: "clarifying" in the list, "waiting for clarification" in the request view,
    # `waiting_clarification` from the command line.
    from foitui.stats import compute_stats, stats_text
    from foitui.textout import list_table, show_text
    from tests.tui.fixtures import TODAY

    async with run_app(store) as (app, pilot):
        row = next(line for line in screen_text(app).splitlines() if "FOI 12077" in line)
        assert " clarifying " in f"{row} "
        await open_request(pilot, "6")
        assert "status clarifying" in screen_text(app)
    assert "status: clarifying" in show_text(store.get("6"), today=TODAY)
    listed = list_table([store.summary("6")], today=TODAY, width=120)
    assert " clarifying " in listed and "waiting" not in listed
    stats = stats_text(compute_stats(store, today=TODAY))
    assert "  clarifying " in stats and "waiting_clarification" not in stats
