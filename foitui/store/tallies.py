"""The list's pickers counted from index.sqlite's tallies (rowcache.TALLIED), so that opening a
picker at a million requests reads a few dozen tallies instead of a million rows.

A tally is a combination of what the pickers count a row by, and how many rows have it. The
statuses and the open test are those of records.summary's lean path (viewsql.py's, for the
views); the exemption codes those of records.question_exemptions with no mark by hand. Rows
that differ from their index row (Store.special_ids) are judged by the caller, by making them.
An index held in memory (no index.sqlite in step: a store just imported into, or opened
before its index.sqlite was made) is tallied from its columns (`InMemory`): the same answers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple, Protocol

from foitui.kinds import CLOSED, Status
from foitui.store import viewsql
from foitui.store.columns import ColumnIndex
from foitui.store.records import SEP, cites, parsed_codes


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


class Tallied(Protocol):
    """What the store asks of an index for the pickers: rowcache.RowCache, or `InMemory`."""

    def tallies(self) -> list[tuple[Any, ...]]: ...

    def with_exemptions(
        self, cells: Iterable[str], partly: Iterable[tuple[str, int]] = ()
    ) -> set[int]: ...

    def exemption_cells(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]: ...


class InMemory:
    """The tallies and lookups of rowcache.RowCache, from an index held in memory."""

    def __init__(self, index: ColumnIndex) -> None:
        self._index = index
        # rowcache.TALLIED's count of questions.
        self._questions = [key.count(SEP) + 1 if key else 0 for key in index.columns["keys"]]

    def tallies(self) -> list[tuple[Any, ...]]:
        """As rowcache.TALLIED makes them (never None: "" or 0), counted in C."""
        cols = self._index.columns
        found = Counter(
            zip(
                [status or "" for status in cols["status"]],
                [outcomes or "" for outcomes in cols["outcomes"]],
                map(int, map(bool, cols["resp"])),
                map(int, map(bool, cols["responded"])),
                [cells or "" for cells in cols["exemptions"]],
                self._questions,
                strict=True,
            )
        )
        return [(*key, n) for key, n in found.items()]

    def with_exemptions(
        self, cells: Iterable[str], partly: Iterable[tuple[str, int]] = ()
    ) -> set[int]:
        """rowcache.RowCache.with_exemptions, by one pass over the column."""
        index, wanted, pairs = self._index, set(cells), set(partly)
        cells_of = zip(index.ids, index.columns["exemptions"], strict=True)
        found = {rid for rid, cell in cells_of if cell in wanted}
        if pairs:
            rows = zip(index.ids, index.columns["exemptions"], self._questions, strict=True)
            found.update(rid for rid, cell, questions in rows if (cell, questions) in pairs)
        return found

    def exemption_cells(self, ids: Iterable[int]) -> dict[int, tuple[str, int]]:
        """Each of `ids`' exemption cells and questions (rowcache.TALLIED's last two)."""
        found = {}
        for rid in ids:
            pos = self._index.position(rid)
            if pos is not None:
                found[rid] = (self._index.columns["exemptions"][pos] or "", self._questions[pos])
        return found
