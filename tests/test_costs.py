"""The s.12 cost limit helper: per-question hours, totals, aggregation within 60 working days."""

from __future__ import annotations

from foitui.costs import estimate
from tests.conftest import make_request


def test_hours_total_against_the_local_limit(make_store) -> None:
    store = make_store([make_request(1, questions=3)])
    store.mark("1", "1", hours=10)
    store.mark("1", "2", hours=7.5)
    cost = estimate(store, "1")
    assert (cost.hours, cost.estimated, cost.questions) == (17.5, 2, 3)
    assert not cost.exceeds
    store.mark("1", "3", hours=1)
    assert estimate(store, "1").exceeds
    assert "s.12 applies" in estimate(store, "1").describe()


def test_central_government_limit_is_24_hours(make_store) -> None:
    store = make_store([make_request(1, questions=1)])
    store.set_field("1", "body", "central")
    store.mark("1", "1", hours=20)
    cost = estimate(store, "1")
    assert cost.limit_hours == 24 and not cost.exceeds


def test_aggregate_links_within_sixty_working_days_count(make_store) -> None:
    store = make_store(
        [
            make_request(1, questions=1, received="2026-09-01"),
            make_request(2, questions=1, received="2026-10-15"),
            make_request(3, questions=1, received="2025-01-06"),
        ]
    )
    for rid, hours in (("1", 10), ("2", 9), ("3", 30)):
        store.mark(rid, "1", hours=hours)
    store.link("1", "2", kind="aggregate")
    store.link("1", "3", kind="aggregate")
    store.link("2", "3", kind="related")
    cost = estimate(store, "1")
    assert cost.aggregated == {"2": 9.0}
    assert cost.outside_window == ["3"]
    assert cost.total == 19.0 and cost.exceeds
    # The link shows on the other side too, so request 2 sees the same aggregation.
    assert estimate(store, "2").aggregated == {"1": 10.0}
