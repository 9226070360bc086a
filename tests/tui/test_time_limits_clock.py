"""K shows why a request's time limit is not 20 working days (see tests/test_time_limits.py)."""

from __future__ import annotations

from pathlib import Path

from tests.test_time_limits import _store


async def test_clock_screen_explains_the_body_type(tmp_path: Path) -> None:
    # K in the request view: the limit's provision and the missing term dates (SI 2004/3364
    # reg. 3), and the 60th working day (hand count above).
    from foitui.tui.screens.clock import ClockScreen
    from tests.tui.conftest import open_from_request, run_app

    store = _store(tmp_path)
    store.set_setting("body_type", "school")
    async with run_app(store) as (_app, pilot):
        screen = await open_from_request(pilot, "1", "K", ClockScreen)
        text = screen.describe().plain
        assert "60 working days (SI 2004/3364 reg. 3" in text and "no term dates" in text
        assert "Due Mon 25 Nov 2024." in text


async def test_clock_screen_explains_the_day_the_commissioner_specified(tmp_path: Path) -> None:
    # SI 2004/3364 reg. 5 and 6: the Commissioner's day, counted as working day 30 from Mon 2
    # Sep 2024: Mon 14 Oct (hand count in tests/test_time_limits.py).
    from foitui.tui.screens.clock import ClockScreen
    from tests.tui.conftest import open_from_request, run_app

    store = _store(tmp_path)
    store.set_field("1", "specified_day", "2024-10-14")
    async with run_app(store) as (_app, pilot):
        screen = await open_from_request(pilot, "1", "K", ClockScreen)
        text = screen.describe().plain
        assert "30 working days (SI 2004/3364 reg. 5 or 6" in text
        assert "Due Mon 14 Oct 2024." in text


async def test_clock_screen_counts_school_days_with_the_closures(tmp_path: Path) -> None:
    # SI 2004/3364 reg. 3(2): with the school's closures known, the 20th school day (Mon 7 Oct
    # 2024, hand count in tests/test_time_limits.py) and which of the two limits applied.
    from foitui.tui.screens.clock import ClockScreen
    from tests.tui.conftest import open_from_request, run_app

    store = _store(tmp_path)
    store.set_setting("body_type", "school")
    store.set_setting("school_closures", "2024-09-09..2024-09-13")
    async with run_app(store) as (_app, pilot):
        screen = await open_from_request(pilot, "1", "K", ClockScreen)
        text = screen.describe().plain
        assert "here the 20th school day" in text and "no term dates" not in text
        assert "Due Mon 7 Oct 2024." in text
