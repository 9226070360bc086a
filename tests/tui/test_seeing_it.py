"""What an officer sees at 80x24 and 60x20, under TERM=linux, NO_COLOR and a monochrome
terminal: the footer, the glyphs, the colour, the pickers' mark, phrases that wrap whole, and
the day the figures count from (issue 17, "Seeing it")."""

from __future__ import annotations

import io

import pytest
from rich.console import Console
from rich.text import Text
from textual.filter import Monochrome, NoColor
from textual.widgets import OptionList

from foitui.store import Store
from foitui.tui.glyphs import ASCII, UNICODE, choose
from foitui.tui.phrases import Hanging, Phrases
from foitui.tui.screens.choice import ChoiceScreen
from foitui.tui.screens.clock import ClockScreen
from foitui.tui.screens.request_view import RequestScreen
from foitui.tui.widgets.request_table import RequestTable
from tests.tui.conftest import open_by_key, open_from_request, open_request, run_app, settle
from tests.tui.fixtures import TODAY, make_app, screen_text

#: What a Linux console font lacks (and Textual draws by default).
CONSOLE_MISSING = "⏎⭘╭╮╰╯▶⚑🔎▐▌▁▂▃▅▆▇"


def footer(app) -> str:  # type: ignore[no-untyped-def]
    return screen_text(app).splitlines()[-1]


# ---------------------------------------------------------------------- the footer


@pytest.mark.parametrize("size", [(80, 24), (60, 20)])
async def test_the_lists_footer_keeps_quit_and_keys_at_every_width(
    store: Store, size: tuple[int, int]
) -> None:
    # At 60x20 the footer lost "q Quit" and "? Keys" and ended in "S▏^p palettee".
    app = make_app(store)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        line = footer(app)
        assert "q Quit" in line and line.rstrip().endswith("? Keys")
        assert "palettee" not in line and len(line.rstrip()) <= size[0]


async def test_the_request_views_footer_shows_clock_history_chain_at_80(store: Store) -> None:
    # K, h and C were found only in ? after scrolling.
    async with run_app(store) as (app, pilot):
        await open_request(pilot, "2")
        line = footer(app)
        for key in ("K Clock", "h History", "C Chain", "o Links", "l Link", "? Keys"):
            assert key in line, key


async def test_the_steppers_footer_keeps_the_outcomes_and_keys_at_60(store: Store) -> None:
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        await open_request(pilot, "2")
        await pilot.press("enter")
        await settle(pilot)
        line = footer(app)
        for key in ("a Answered", "H Not held", "r Refused", "? Keys"):
            assert key in line, key


# ---------------------------------------------------------------------- glyphs and colour


def test_glyphs_follow_the_terminal() -> None:
    utf8 = {"TERM": "xterm-256color"}
    assert choose(utf8, "utf-8") is UNICODE
    assert choose({"TERM": "linux"}, "utf-8") is ASCII  # the console font
    assert choose(utf8, "latin-1") is ASCII  # the locale cannot send them
    assert choose({**utf8, "FOITUI_ASCII": "1"}, "utf-8") is ASCII


async def test_term_linux_draws_nothing_the_console_font_lacks(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TERM", "linux")
    async with run_app(store) as (app, pilot):
        assert app.glyphs is ASCII
        text = screen_text(app)
        assert ">" in text.splitlines()[3][:1]  # the cursor row
        assert "enter Open" in footer(app)
        await open_from_request(pilot, "2", "K", ClockScreen)  # a dialog, with its border
        text = screen_text(app)
        assert "+----" in text
        assert not set(text) & set(CONSOLE_MISSING), set(text) & set(CONSOLE_MISSING)
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        from textual.command import SearchIcon

        assert [icon.icon for icon in app.screen.query(SearchIcon)] == [">"]


async def test_no_color_means_no_colour_not_grey(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual 8 turns a non-ANSI theme to grey tones under NO_COLOR (its Monochrome filter).
    monkeypatch.setenv("NO_COLOR", "1")
    async with run_app(store) as (app, _pilot):
        assert any(isinstance(f, NoColor) for f in app._filters)
        assert not any(isinstance(f, Monochrome) for f in app._filters)
        # Without colour the cursor row is in reverse video (and keeps its ▶).
        table = app.screen.query_one(RequestTable)
        strip = table.render_line(1)
        assert all(segment.style.reverse for segment in strip)
        assert strip.text.startswith("▶")


async def test_pickers_mark_the_highlighted_entry_with_a_character(store: Store) -> None:
    # Under xterm-mono the highlight was only bold plus a background the terminal lacks.
    async with run_app(store) as (_app, pilot):
        picker = await open_by_key(pilot, "S", ChoiceScreen)
        options = picker.query_one(OptionList)
        lines = [options.render_line(y).text for y in range(3)]
        assert lines[0].startswith("› any status")
        assert lines[1].startswith("  ")
        await pilot.press("j")
        assert options.render_line(1).text.startswith("› ")
        assert options.render_line(0).text.startswith("  ")


# ---------------------------------------------------------------------- wrapping whole


def render(renderable: object, width: int) -> list[str]:
    console = Console(file=io.StringIO(), width=width, color_system=None)
    console.print(renderable)
    return console.file.getvalue().rstrip("\n").split("\n")  # type: ignore[attr-defined]


def test_phrases_wrap_between_phrases_never_inside_one() -> None:
    lines = render(Phrases.of("due 6 Oct 2026 (OVERDUE by 42 working days) · status new · 0/6"), 58)
    assert lines == ["due 6 Oct 2026 (OVERDUE by 42 working days) · status new", "0/6"]
    hint = "x exemptions · N note · T hours · j/k next/prev · 1-9 or : go to a question"
    assert all(not line.endswith("·") for line in render(Phrases.of(hint), 60))
    assert "1-9 or : go to a question" in render(Phrases.of(hint), 60)[-1]


def test_hanging_keeps_a_wrapped_lines_indent() -> None:
    text = Text("  Day 1 is Wed 9 Sep 2026, the first working day after the day of receipt.")
    lines = render(Hanging(text), 40)
    assert lines[0].startswith("  Day 1")
    assert all(line.startswith("    ") for line in lines[1:])


async def test_toasts_do_not_cover_a_dialogs_line_of_keys(store: Store) -> None:
    async with run_app(store, notifications=True) as (app, pilot):
        await open_from_request(pilot, "2", "K", ClockScreen)
        app.notify("Saved.")
        await pilot.pause(0.2)
        hint = screen_text(app).splitlines()[-3]
        assert "E extension (EIR reg. 7, FOIA s.10(3)) · d date responded · escape close" in hint


# ---------------------------------------------------------------------- the day


async def test_the_store_counts_from_the_apps_day(store: Store) -> None:
    # The screenshots showed "36d" where the app showed 42d: every figure comes from one day,
    # the store's too (a clock stop it starts when the status says waiting for clarification).
    async with run_app(store) as (app, pilot):
        assert store.today() == TODAY
        assert f"as of {TODAY.day} Mar 2024" in screen_text(app).splitlines()[0]
        await open_request(pilot, "3")
        await pilot.press("S")
        await pilot.press("home", "down", "down", "down", "enter")  # waiting for clarification
        await settle(pilot)
        assert isinstance(app.screen, RequestScreen)
        stops = store.triage_doc("3")["stops"]
        assert stops[0]["start"] == TODAY.isoformat()


async def test_the_detail_line_at_60_columns_is_whole_phrases(store: Store) -> None:
    # "due 12 Feb 2024 (OVERDUE by 26 working days…": at 60 columns the due date takes the
    # list's own words, and the status still fits.
    app = make_app(store)
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        line = screen_text(app).splitlines()[-2].strip()
        assert line == "#4 (no ref) · due 12 Feb 2024 (OVERDUE 26d) · new"


def test_a_heading_longer_than_two_lines_ends_in_an_ellipsis() -> None:
    from foitui.tui.phrases import Clipped

    heading = Text("#12  FOI 12345  " + "a very long title about allotments " * 5)
    lines = render(Clipped(heading, lines=2), 40)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert render(Clipped(Text("#1  FOI 1  short"), lines=2), 40) == ["#1  FOI 1  short"]


async def test_a_monochrome_terminal_shows_the_selection_in_reverse(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Under xterm-mono the selected row was bold on a background the terminal does not draw.
    monkeypatch.setenv("TERM", "xterm-mono")
    async with run_app(store) as (app, _pilot):
        strip = app.screen.query_one(RequestTable).render_line(1)
        assert all(segment.style.reverse for segment in strip)
