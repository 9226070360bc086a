"""`D` in the request list (or "Disclosure log…" in the palette): preview, add names, write.

Why a preview before writing: a disclosure log publishes to the world (ICO guidance
"Disclosure logs"; FOIA s.45 code of practice, part 8): the requester's identity and other
people's contact details are personal data the log does not need (FOIA s.40(2)), and staff
below senior level usually expect their names to stay out, so the officer sees every redaction
and may add staff names before anything is written (issue 16, "The disclosure log").
"""

from __future__ import annotations

from pathlib import Path

from foitui.store import Store
from foitui.tui.screens.confirm import ConfirmScreen
from foitui.tui.screens.disclosure_log import DisclosureLogScreen, parse_names
from foitui.tui.screens.prompt import PromptScreen
from tests.test_disclosure_log import _request
from tests.tui.conftest import run_app, settle, shown, type_into_focused
from tests.tui.fixtures import notices


def _store(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "store")
    # A closed request: the requester Jane Doe signs off with her e-mail; answer 1 names a
    # member of staff (Bob Roberts) with a phone number, answer 2 a postcode and an e-mail.
    store.import_requests([_request(1)], ["disclosure-fixture"])
    return store


def test_parse_names() -> None:
    assert parse_names(" Bob Roberts, Ann Smith;Cy ,, ") == ["Bob Roberts", "Ann Smith", "Cy"]


async def test_preview_add_a_name_then_write(tmp_path: Path) -> None:
    store = _store(tmp_path)
    out = tmp_path / "log.md"
    async with run_app(store, notifications=True) as (app, pilot):
        await pilot.press("D")
        await settle(pilot)
        screen = shown(app, DisclosureLogScreen)
        text = screen.preview_text()
        # Every redaction the CLI's --preview lists, before any name is added.
        assert "#1 request text: 'Jane Doe' (a sign-off)" in text
        assert "'01942 244991' (a phone number)" in text
        assert "'WN1 1YN' (a postcode)" in text
        assert "'highways@wigan.gov.uk' (an e-mail address)" in text
        assert "Bob Roberts" not in text  # staff are not redacted until the officer says so
        assert not out.exists()
        # The officer adds a member of staff; enter previews again.
        await type_into_focused(pilot, "Bob Roberts")
        await pilot.press("enter")
        await settle(pilot)
        assert "'Bob Roberts' (a name the officer listed)" in screen.preview_text()
        assert not out.exists()  # still nothing written
        # ctrl+s asks for the file, then writes it.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        await type_into_focused(pilot, str(out))
        await pilot.press("enter")
        await settle(pilot)
        written = out.read_text(encoding="utf-8")
        assert "FOI/1" in written
        for gone in ("Jane Doe", "jane.doe@", "Bob Roberts", "01942 244991", "WN1 1YN"):
            assert gone not in written
        assert "call \\[name redacted\\] on \\[phone redacted\\]" in written
        assert "\\[postcode redacted\\]; \\[e-mail redacted\\]" in written
        assert any("Wrote 1 requests" in n for n in notices(app))
        assert not isinstance(app.screen, DisclosureLogScreen)


async def test_existing_file_replaced_only_when_confirmed(tmp_path: Path) -> None:
    store = _store(tmp_path)
    out = tmp_path / "log.csv"
    out.write_text("keep me", encoding="utf-8")
    async with run_app(store, notifications=True) as (app, pilot):
        await pilot.press("D")
        await settle(pilot)
        for answer, expected in (("n", "keep me"), ("y", None)):
            await pilot.press("ctrl+s")
            await pilot.pause()
            await type_into_focused(pilot, str(out))
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmScreen)
            await pilot.press(answer)
            await settle(pilot)
            text = out.read_text(encoding="utf-8")
            if expected is not None:
                assert text == expected
                assert any("left as it was" in n for n in notices(app))
                shown(app, DisclosureLogScreen)
        assert text.startswith("reference,received")
        assert "[e-mail redacted]" in text and "jane.doe@" not in text


async def test_palette_entry_opens_it(tmp_path: Path) -> None:
    store = _store(tmp_path)
    async with run_app(store) as (app, pilot):
        app.action_command_palette()
        await pilot.pause()
        await type_into_focused(pilot, "Disclosure log")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        shown(app, DisclosureLogScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, DisclosureLogScreen)
