"""Counts for the statistics screen and `foitui stats`."""

from __future__ import annotations

import statistics
import textwrap
from collections import Counter
from datetime import date
from typing import TYPE_CHECKING, Any

from foitui import deadlines
from foitui.exemptions import describe, section_of
from foitui.kinds import Outcome, Status
from foitui.store.records import question_exemptions, question_outcomes
from foitui.views import is_open, is_overdue
from foitui.wording import OUTCOME_WORD, STATUS_WORD

if TYPE_CHECKING:
    from collections.abc import Iterable

    from foitui.store import Store, Summary

GOOD_ON_TIME_RATE = 0.95  # the ICO's threshold for a good record of timeliness


def compute_stats(store: Store, *, today: date) -> dict[str, Any]:
    rows = store.summaries()
    by_status = Counter(r.status.value for r in rows)
    outcomes: Counter[str] = Counter()
    exemptions: Counter[str] = Counter()
    sections: Counter[str] = Counter()
    months: dict[str, dict[str, Any]] = {}
    on_time = late = 0
    for row in rows:
        index = store.index_row(row.id)
        triage = store.triage_doc(row.id)
        outcomes.update(question_outcomes(index, triage))
        cited = set(question_exemptions(index, triage))
        exemptions.update(cited)
        sections.update({section_of(code) for code in cited})
        # The date the response was sent: set by hand, or as imported (a RESPONDED column).
        responded = row.responded
        if row.received is None:
            continue
        month = months.setdefault(
            row.received.strftime("%Y-%m"), {"received": 0, "on_time": 0, "late": 0, "days": []}
        )
        month["received"] += 1
        if responded and row.due:
            sent = responded
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

    return {
        "requests": len(rows),
        "open": sum(1 for r in rows if is_open(r)),
        "overdue": sum(1 for r in rows if is_overdue(r, today)),
        "by_status": dict(sorted(by_status.items())),
        "by_outcome": dict(sorted(outcomes.items())),
        "by_exemption": dict(exemptions.most_common()),
        "by_section": dict(sections.most_common()),
        "responded": answered,
        "on_time": on_time,
        "on_time_rate": round(on_time / answered, 4) if answered else None,
        "per_month": per_month,
        # Per officer and team; and what falls due in the next five working days, by whom.
        **workload(rows, today),
    }


def stats_text(stats: dict[str, Any]) -> str:
    """The statistics as people read them: status and outcome words (foitui/wording.py),
    exemptions counted by section (exemptions.section_of)."""
    lines = [
        f"requests: {stats['requests']}  open: {stats['open']}  overdue: {stats['overdue']}",
    ]
    rate = stats["on_time_rate"]
    if rate is None:
        closed = stats["requests"] - stats["open"]
        lines.extend(
            textwrap.wrap(
                f"on time: needs the date each response was sent; "
                f"{closed} closed request{' has' if closed == 1 else 's have'} none. Record it "
                "with `foitui set ID --responded YYYY-MM-DD`, in the app with K (the clock) "
                "then d, or import it in a RESPONDED column.",
                width=78,
                subsequent_indent="  ",
            )
        )
    else:
        verdict = "good (ICO: 95% or more)" if rate >= GOOD_ON_TIME_RATE else "below the ICO's 95%"
        lines.append(f"on time: {stats['on_time']}/{stats['responded']} = {rate:.1%}, {verdict}")
    lines += _workload_lines(stats)  # first: what an FOI lead asks every morning
    statuses = {STATUS_WORD[Status(name)]: n for name, n in stats["by_status"].items()}
    outcomes = {OUTCOME_WORD[Outcome(name)]: n for name, n in stats["by_outcome"].items()}
    sections = {describe(code): n for code, n in stats["by_section"].items()}
    for title, counts in (
        ("by status:", statuses),
        ("by outcome (questions):", outcomes),
        ("by exemption (requests citing it):", sections),
    ):
        lines.append("")
        lines.append(title)
        if not counts:
            lines.append("  (none)")
        for name, count in counts.items():
            lines.append(f"  {_cut(name, 40):<40}{count:>7}")
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


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def holder(assignee: str | None) -> str:
    """How an assignee is shown: the login name, `team:NAME`, or "unassigned"."""
    return assignee or "unassigned"


def workload(rows: Iterable[Summary], today: date) -> dict[str, Any]:
    """Per assignee (officer, team, or "unassigned"): open and overdue cases, responses sent
    and the on-time rate; and the open cases due in the next five working days, by assignee."""
    from foitui import views
    from foitui.team import is_team

    people_rows: dict[str, dict[str, Any]] = {}
    due_soon: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        name = holder(row.assignee)
        entry = people_rows.get(name)
        if entry is None:
            if row.assignee is None and not views.is_open(row):
                continue  # closed and never assigned: no one's workload
            entry = people_rows[name] = {"open": 0, "overdue": 0, "responded": 0, "on_time": 0}
        if views.is_open(row):
            entry["open"] += 1
            if views.is_overdue(row, today):
                entry["overdue"] += 1
            if views.is_due_soon(row, today):
                due_soon.setdefault(name, []).append(
                    {"id": row.id, "ref": row.ref, "due": row.due.isoformat() if row.due else None}
                )
        if row.responded is not None and row.due is not None:
            entry["responded"] += 1
            entry["on_time"] += row.responded <= row.due
    for entry in people_rows.values():
        done = entry["responded"]
        entry["on_time_rate"] = round(entry["on_time"] / done, 4) if done else None
    order = sorted(people_rows, key=lambda n: (n == "unassigned", is_team(n), n.lower()))
    for cases in due_soon.values():
        cases.sort(key=lambda c: (c["due"] or "", int(c["id"])))
    return {
        "by_assignee": {name: people_rows[name] for name in order},
        "due_soon": {name: due_soon[name] for name in order if name in due_soon},
    }
