"""The on-disk cache of bank holidays: same answers as the holidays package, and only a cache."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from foitui import deadlines, holiday_cache
from foitui.kinds import Law


@pytest.fixture
def fresh_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory, and the module's memory of it forgotten."""
    monkeypatch.setenv(holiday_cache.CACHE_DIR_ENV, str(tmp_path))
    monkeypatch.setattr(holiday_cache, "_loaded", None)
    deadlines.holiday_names.cache_clear()
    yield tmp_path / "bank-holidays.json"
    deadlines.holiday_names.cache_clear()


def _forget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(holiday_cache, "_loaded", None)
    deadlines.holiday_names.cache_clear()


@pytest.mark.parametrize("law", list(Law))
def test_cached_answers_are_the_packages(fresh_cache: Path, monkeypatch, law: Law) -> None:
    from_package = {year: deadlines.holiday_names(year, law) for year in range(2019, 2029)}
    assert fresh_cache.exists()
    _forget(monkeypatch)

    def no_package(law: Law, first: int, last: int) -> dict[int, dict[date, str]]:
        raise AssertionError("the cache should have answered")

    monkeypatch.setattr(deadlines, "_fetch_years", no_package)
    for year, names in from_package.items():
        assert deadlines.holiday_names(year, law) == names


def test_a_damaged_cache_is_ignored_and_rewritten(fresh_cache: Path, monkeypatch) -> None:
    fresh_cache.write_text("{not json")
    assert deadlines.holiday_names(2026, Law.FOISA)[date(2026, 11, 30)] == "Saint Andrew's Day"
    assert json.loads(fresh_cache.read_text())["years"]["foisa:2026"]


def test_a_cache_from_another_package_version_is_not_used(fresh_cache: Path, monkeypatch) -> None:
    fresh_cache.write_text(
        json.dumps({"holidays": "some other version", "years": {"foi:2026": {}}})
    )
    names = deadlines.holiday_names(2026, Law.FOI)
    assert names[date(2026, 12, 25)] == "Christmas Day"
    assert date(2026, 8, 31) in names  # summer bank holiday, from the package


def test_an_unwritable_cache_directory_changes_nothing(tmp_path: Path, monkeypatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    monkeypatch.setenv(holiday_cache.CACHE_DIR_ENV, str(blocker / "cache"))
    _forget(monkeypatch)
    try:
        assert deadlines.due_date(date(2026, 12, 18), Law.FOI) == date(2027, 1, 21)
    finally:
        deadlines.holiday_names.cache_clear()
