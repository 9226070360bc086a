"""The list's pickers counted from index.sqlite's tallies (rowcache.TALLIED), so that opening a
picker at a million requests reads a few dozen tallies instead of a million rows.

A tally is a combination of what the pickers count a row by, and how many rows have it. The
statuses and the open test are those of records.summary's lean path (viewsql.py's, for the
views); the exemption codes those of records.question_exemptions with no mark by hand. Rows
that differ from their index row (Store.special_ids) are judged by the caller, by making them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import NamedTuple

from foitui.kinds import CLOSED, Status
from foitui.store import viewsql
from foitui.store.records import cites, parsed_codes


class Tally(NamedTuple):
    """One row of the tallies table (rowcache.TALLIED, then the count)."""

    status: str  # set by hand ("" none)
    outcomes: str
    resp: int  # a response is held (0 or 1)
    answered: int  # its date is recorded (0 or 1)
    exemptions: str  # records.IndexRow.exemptions
    questions: int
    n: int

    @property
    def status_found(self) -> Status | None:
        """The lean path's status of these rows (None: a status set by hand it does not know)."""
        return viewsql.status_of((self.status, self.outcomes, self.resp))

    @property
    def codes(self) -> list[str]:
        return parsed_codes(self.exemptions, self.questions)


def status_counts(tallies: Iterable[Tally]) -> Counter[Status]:
    """How many rows have each status (the status picker's counts)."""
    counts: Counter[Status] = Counter()
    for tally in tallies:
        status = tally.status_found
        if status is not None:
            counts[status] += tally.n
    return counts


def open_count(tallies: Iterable[Tally]) -> int:
    """How many rows are open (ordering.is_open: not closed, no response date recorded)."""
    return sum(
        tally.n
        for tally in tallies
        if not tally.answered
        and (status := tally.status_found) is not None
        and status not in CLOSED
    )


def exemption_counts(
    tallies: Iterable[Tally], group: Callable[[str], str] | None = None
) -> Counter[str]:
    """How many rows cite each exemption code, or each `group` of codes: a row once however
    many times it cites one (as Store.exemption_counts counts)."""
    counts: Counter[str] = Counter()
    for tally in tallies:
        codes = tally.codes
        for cited in {group(code) for code in codes} if group else set(codes):
            counts[cited] += tally.n
    return counts


def citing(tallies: Iterable[Tally], code: str) -> tuple[set[str], set[tuple[str, int]]]:
    """The exemption cells of the rows citing `code` (records.cites): those whose every row
    cites it, and (cells, questions) where rows with those cells cite it only with that many
    questions (more cells than questions: rare)."""
    by_cells: dict[str, dict[int, bool]] = {}
    for tally in tallies:
        by_cells.setdefault(tally.exemptions, {})[tally.questions] = cites(tally.codes, code)
    whole: set[str] = set()
    partly: set[tuple[str, int]] = set()
    for cells, cited in by_cells.items():
        if all(cited.values()):
            whole.add(cells)
        else:
            partly.update((cells, questions) for questions, yes in cited.items() if yes)
    return whole, partly
