"""Counts for the statistics screen and `foitui stats`."""

from __future__ import annotations

import statistics
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from foitui import deadlines
from foitui.store.records import question_exemptions, question_outcomes
from foitui.views import is_open, is_overdue

if TYPE_CHECKING:
    from foitui.store import Store

GOOD_ON_TIME_RATE = 0.95  # the ICO's threshold for a good record of timeliness


def compute_stats(store: Store, *, today: date) -> dict[str, Any]:
    rows = store.summaries()
    by_status = Counter(r.status.value for r in rows)
    outcomes: Counter[str] = Counter()
    exemptions: Counter[str] = Counter()
    months: dict[str, dict[str, Any]] = {}
    on_time = late = 0
    for row in rows:
        index = store.index_row(row.id)
        triage = store.triage_doc(row.id)
        outcomes.update(question_outcomes(index, triage))
        exemptions.update(set(question_exemptions(index, triage)))
        responded = (triage.get("fields") or {}).get("responded")
        if row.received is None:
            continue
        month = months.setdefault(
            row.received.strftime("%Y-%m"), {"received": 0, "on_time": 0, "late": 0, "days": []}
        )
        month["received"] += 1
        if responded and row.due:
            sent = date.fromisoformat(responded)
            days = deadlines.working_days_between(row.received, sent, row.law)
            month["days"].append(days)
            if sent <= row.due:
                on_time += 1
                month["on_time"] += 1
            else:
                late += 1
                month["late"] += 1
    answered = on_time + late
    per_month = []
    for name in sorted(months):
        m = months[name]
        done = m["on_time"] + m["late"]
        per_month.append(
            {
                "month": name,
                "received": m["received"],
                "responded": done,
                "on_time_rate": round(m["on_time"] / done, 4) if done else None,
                "median_days": statistics.median(m["days"]) if m["days"] else None,
            }
        )
    from foitui.team import workload

    return {
        "requests": len(rows),
        "open": sum(1 for r in rows if is_open(r)),
        "overdue": sum(1 for r in rows if is_overdue(r, today)),
        "by_status": dict(sorted(by_status.items())),
        "by_outcome": dict(sorted(outcomes.items())),
        "by_exemption": dict(exemptions.most_common()),
        "responded": answered,
        "on_time": on_time,
        "on_time_rate": round(on_time / answered, 4) if answered else None,
        "per_month": per_month,
        # Per officer and team; and what falls due in the next five working days, by whom.
        **workload(rows, today),
    }


def stats_text(stats: dict[str, Any]) -> str:
    lines = [
        f"requests: {stats['requests']}  open: {stats['open']}  overdue: {stats['overdue']}",
    ]
    rate = stats["on_time_rate"]
    if rate is None:
        lines.append("on time: no responses with a recorded date yet")
    else:
        verdict = "good (ICO: 95% or more)" if rate >= GOOD_ON_TIME_RATE else "below the ICO's 95%"
        lines.append(f"on time: {stats['on_time']}/{stats['responded']} = {rate:.1%}, {verdict}")
    lines += _workload_lines(stats)  # first: what an FOI lead asks every morning
    for title, key in (
        ("status", "by_status"),
        ("outcome", "by_outcome"),
        ("exemption", "by_exemption"),
    ):
        lines.append("")
        lines.append(f"by {title}:")
        if not stats[key]:
            lines.append("  (none)")
        for name, count in stats[key].items():
            lines.append(f"  {name:<24}{count:>7}")
    if stats["per_month"]:
        lines.append("")
        lines.append(
            f"{'month':<9}{'received':>9}{'responded':>10}{'on time':>9}{'median days':>13}"
        )
        for m in stats["per_month"]:
            rate = "-" if m["on_time_rate"] is None else f"{m['on_time_rate']:.0%}"
            median = "-" if m["median_days"] is None else f"{m['median_days']:g}"
            lines.append(
                f"{m['month']:<9}{m['received']:>9}{m['responded']:>10}{rate:>9}{median:>13}"
            )
    return "\n".join(lines) + "\n"


def _workload_lines(stats: dict[str, Any]) -> list[str]:
    """Per officer and team: open, overdue, on-time rate; then the cases due within five
    working days by assignee. Left out while nothing is assigned (a one-officer store)."""
    from foitui.safetext import one_line
    from foitui.views import DUE_SOON_DAYS

    people = stats["by_assignee"]
    if set(people) <= {"unassigned"}:
        return []
    lines = ["", f"{'by assignee':<24}{'open':>7}{'overdue':>9}{'on time':>9}"]
    for name, entry in people.items():
        rate = "-" if entry["on_time_rate"] is None else f"{entry['on_time_rate']:.0%}"
        lines.append(f"  {one_line(name)[:22]:<22}{entry['open']:>7}{entry['overdue']:>9}{rate:>9}")
    lines.append("")
    lines.append(f"due within {DUE_SOON_DAYS} working days, by assignee:")
    if not stats["due_soon"]:
        lines.append("  (none)")
    for name, cases in stats["due_soon"].items():
        listed = ", ".join(f"#{c['id']} ({c['due']})" for c in cases)
        lines.append(f"  {one_line(name)}: {listed}")
    return lines
