"""The straightforward list for comparison: every request as a row of a Textual DataTable."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult
from textual.widgets import DataTable

from bench.tui import KeyTimes, time_key, wait_until

COLUMNS = ("REF", "TITLE", "STATUS", "Q", "RECEIVED")


def datatable_row(doc: dict[str, Any]) -> tuple[str, ...]:
    """What a straightforward list shows of a request document (contract JSON)."""
    questions = doc.get("questions") or []
    decided = sum(1 for q in questions if q.get("outcome") != "pending")
    return (
        str(doc.get("ref") or ""),
        str(doc.get("title") or ""),
        str(doc.get("status") or ""),
        f"{decided}/{len(questions)}",
        str(doc.get("received") or ""),
    )


class DataTableApp(App[None]):
    """The straightforward list: every request as a DataTable row."""

    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield DataTable(cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*COLUMNS)
        table.add_rows(self.rows)
        table.focus()


def datatable_ready(app: DataTableApp) -> bool:
    """Every row added and measured (the table's virtual height covers them)."""
    tables = app.query(DataTable)
    if not tables:
        return False
    table = tables.first(DataTable)
    count = len(app.rows)
    return table.row_count == count and table.virtual_size.height >= count


async def measure_datatable(rows: list[tuple[str, ...]], *, downs: int, pages: int) -> KeyTimes:
    app = DataTableApp(rows)
    times = KeyTimes()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: datatable_ready(app))
        table = app.query_one(DataTable)
        for _ in range(downs):
            target = table.cursor_row + 1
            times.down.append(await time_key(pilot, "down", lambda t=target: table.cursor_row == t))
        for _ in range(pages):
            before = table.cursor_row
            times.page_down.append(
                await time_key(pilot, "pagedown", lambda b=before: table.cursor_row > b)
            )
    return times
