"""The request list: a virtual list that draws only the rows on screen.

Built like Toolong's LogLines and Textual's checker03 example: a `ScrollView` whose
`virtual_size` is the row count and whose `render_line` draws one row on demand. Nothing is
measured or built per row up front, so 100,000 requests appear as fast as 10 (DataTable and
OptionList measure every row before the first paint, ListView makes a widget per row).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from foitui import views
from foitui.store import Summary
from foitui.tui.labels import (
    CHECK_MARK,
    STATUS_SHORT,
    days_left_label,
    fit,
    one_line,
    short_date,
)


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    title: str
    width: int
    right: bool = False


@lru_cache(maxsize=16)
def columns_for(width: int, terminal: int | None = None) -> tuple[Column, ...]:
    """Columns that fit `width` cells; the title takes what the others leave.

    At 80 columns: ref, title, status, the check-the-split flag, answered/total, due with
    days left, links. Wider terminals add the store id (from 100 columns) and the authority
    (from 120). `terminal` is the width those thresholds are judged by, when it is not
    `width`: the list's whole width, as wide as the terminal, of which the scrollbar takes
    one cell.
    """
    wide = width if terminal is None else terminal
    fixed = [
        Column("ref", "REF", 13),
        Column("status", "STATUS", 11),
        # "Check the split": the parse of this request needs an officer's eye.
        Column("check", CHECK_MARK, 1),
        Column("questions", "Q", 5, right=True),
        Column("due", "DUE", 19),
        Column("links", "L", 2, right=True),
    ]
    if wide >= 100:
        fixed.insert(0, Column("id", "ID", 5, right=True))
    if wide >= 120:
        fixed.insert(-5, Column("authority", "AUTHORITY", 22))
    # One gutter cell for the cursor marker, and one space after every column.
    used = 1 + sum(c.width + 1 for c in fixed) + 1
    title = Column("title", "TITLE", max(width - used, 8))
    position = 2 if wide >= 100 else 1
    return (*fixed[:position], title, *fixed[position:])


class RequestTable(ScrollView, can_focus=True):
    """Rows of `Summary`, a cursor, and a fixed column header on the first line."""

    # Priority: handled as soon as each key is read, in order with the screen's keys.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,j", "cursor_down", "Down", id="list.down", show=False, priority=True),
        Binding("up,k", "cursor_up", "Up", id="list.up", show=False, priority=True),
        Binding(
            "pagedown,ctrl+f",
            "page_down",
            "Page down",
            id="list.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup,ctrl+b", "page_up", "Page up", id="list.page_up", show=False, priority=True
        ),
        Binding("home,g", "first", "First request", id="list.first", show=False, priority=True),
        Binding("end,G", "last", "Last request", id="list.last", show=False, priority=True),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "request-table--header",
        "request-table--cursor",
        "request-table--overdue",
        "request-table--due-soon",
        "request-table--closed",
        "request-table--message",
    }

    # repaint=False: watch_cursor redraws just the rows that changed, not the whole list.
    cursor: reactive[int] = reactive(0, init=False, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved onto a row (None: the list is empty)."""

        def __init__(self, row: Summary | None) -> None:
            super().__init__()
            self.row = row

    class Selected(Message):
        """The user double-clicked a row (the screen binds enter itself, see its BINDINGS)."""

        def __init__(self, row: Summary) -> None:
            super().__init__()
            self.row = row

    def __init__(self, *, today: date, id: str | None = None) -> None:
        super().__init__(id=id)
        self._today = today
        self.rows: Sequence[Summary] = ()
        # Shown instead of rows while there are none ("Loading…", "No requests match").
        self.message = "Loading…"
        # Drawn rows by (row, cursor on it, width, whole width): moving the cursor back over
        # rows, or returning to the list, redraws from here. Cleared when the styles change.
        self._drawn: OrderedDict[tuple[Summary, bool, int, int], Strip] = OrderedDict()
        self._styles: dict[tuple[bool, bool, int], tuple[Style, Style]] = {}

    @property
    def today(self) -> date:
        """The day the due column counts from."""
        return self._today

    @today.setter
    def today(self, day: date) -> None:
        # A new day: every row's "3d left" / "OVERDUE 2d" is drawn again.
        if day != self._today:
            self._today = day
            self._drawn.clear()
            self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._drawn.clear()
        self._styles.clear()

    # ------------------------------------------------------------------ data

    def set_rows(self, rows: Sequence[Summary], *, keep: str | None = None) -> None:
        """Show `rows`; the cursor stays on request `keep` when it is still listed."""
        self.rows = rows
        cursor = 0
        if keep is not None:
            cursor = self._position(keep) or 0
        self._set_virtual_height(len(rows) + 1)
        self.cursor = min(cursor, max(len(rows) - 1, 0))
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        size = Size(self.size.width, height)
        if size == self.virtual_size:
            return
        if min(height, self.virtual_size.height) > self.size.height:
            # The scrollbar is there before and after: only its thumb moves. Setting
            # virtual_size would lay out the whole screen again (a third of a search
            # keystroke's time); the scrollbar alone needs telling.
            self.set_reactive(RequestTable.virtual_size, size)
            self._scroll_update(size)
            return
        self.virtual_size = size

    def _position(self, request_id: str) -> int | None:
        """Where request `request_id` is listed; rows made on demand (listing.LazyRows) are
        searched by id, without making them."""
        index_of = getattr(self.rows, "index_of", None)
        if index_of is not None:
            return index_of(request_id)
        return next((i for i, row in enumerate(self.rows) if row.id == request_id), None)

    def update_row(self, row: Summary) -> None:
        """Redraw one request whose data changed, without touching the order."""
        put = getattr(self.rows, "put", None)
        if put is not None:
            if put(row):
                self.refresh()
            return
        for index, old in enumerate(self.rows):
            if old.id == row.id:
                if isinstance(self.rows, list):
                    self.rows[index] = row
                self.refresh()
                return

    @property
    def current(self) -> Summary | None:
        return self.rows[self.cursor] if 0 <= self.cursor < len(self.rows) else None

    def move_to(self, request_id: str) -> bool:
        index = self._position(request_id)
        if index is None:
            return False
        self.cursor = index
        return True

    # ------------------------------------------------------------------ cursor

    @property
    def page(self) -> int:
        return max(self.size.height - 2, 1)

    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self.rows) - 1)) if self.rows else 0

    def watch_cursor(self, old: int, new: int) -> None:
        top = round(self.scroll_y)
        self._scroll_to_cursor()
        if old != new and round(self.scroll_y) == top:
            # Row i is virtual line i + 1 (line 0 is the header): redraw the two rows whose
            # cursor mark moved, which keeps a key press cheap at any list length.
            self.refresh_lines(old + 1)
            self.refresh_lines(new + 1)
        else:
            self.refresh()
        self.post_message(self.Highlighted(self.current))

    def _scroll_to_cursor(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, immediate=True)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)
        self._scroll_to_cursor()

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += self.page

    def action_page_up(self) -> None:
        self.cursor -= self.page

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self.rows) - 1

    def action_select(self) -> None:
        if (row := self.current) is not None:
            self.post_message(self.Selected(row))

    def on_click(self, event: events.Click) -> None:
        # Only reached with --mouse; keys do everything without it.
        if event.y >= 1:
            index = round(self.scroll_y) + event.y - 1
            if 0 <= index < len(self.rows):
                if index == self.cursor and event.chain >= 2:
                    self.action_select()
                self.cursor = index

    # ------------------------------------------------------------------ drawing

    def render_line(self, y: int) -> Strip:
        # Rows fill the width left of the scrollbar; which columns they have follows the
        # list's whole width (the terminal's), so a 100-column terminal shows the ids.
        width = self.scrollable_content_region.width
        whole = self.size.width
        if y == 0:
            return self._header(width, whole)
        index = round(self.scroll_y) + y - 1
        if not self.rows:
            if y == 2:
                style = self.get_component_rich_style("request-table--message")
                return Strip([Segment(fit("  " + self.message, width), style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(self.rows[index], index == self.cursor, width, whole)

    def _header(self, width: int, whole: int) -> Strip:
        style = self.get_component_rich_style("request-table--header")
        cells = [" "]
        for column in columns_for(width, whole):
            cells.append(self._cell(column.title, column) + " ")
        return Strip([Segment(fit("".join(cells), width), style)], width)

    @staticmethod
    def _cell(text: str, column: Column) -> str:
        text = fit(text, column.width)
        return text.rstrip().rjust(column.width) if column.right else text

    DRAWN_ROWS = 512

    def _row(self, row: Summary, is_cursor: bool, width: int, whole: int) -> Strip:
        key = (row, is_cursor, width, whole)
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._draw_row(row, is_cursor, width, whole)
            self._drawn[key] = strip
            if len(self._drawn) > self.DRAWN_ROWS:
                self._drawn.popitem(last=False)
        return strip

    def _row_styles(self, closed: bool, is_cursor: bool, urgency: int) -> tuple[Style, Style]:
        """The row's style and its due column's; urgency 0 none, 1 due soon, 2 overdue."""
        key = (closed, is_cursor, urgency)
        styles = self._styles.get(key)
        if styles is None:
            base = self.rich_style
            if closed:
                base += self.get_component_rich_style("request-table--closed")
            if is_cursor:
                base += self.get_component_rich_style("request-table--cursor")
            due = base
            if urgency:
                name = "request-table--overdue" if urgency == 2 else "request-table--due-soon"
                due = base + self.get_component_rich_style(name, partial=True)
            styles = self._styles[key] = (base, due)
        return styles

    def _draw_row(self, row: Summary, is_cursor: bool, width: int, whole: int) -> Strip:
        left = views.days_left(row, self.today)
        urgency = 0
        if left is not None and left < 0:
            urgency = 2
        elif left is not None and left <= views.DUE_SOON_DAYS:
            urgency = 1
        base, due_style = self._row_styles(not views.is_open(row), is_cursor, urgency)
        segments = [Segment("▶" if is_cursor else " ", base)]
        for column in columns_for(width, whole):
            text = self._value(row, column.name, left)
            style = due_style if column.name == "due" else base
            segments.append(Segment(self._cell(text, column), style))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)

    @staticmethod
    def _value(row: Summary, name: str, left: int | None) -> str:
        if name == "id":
            return row.id
        if name == "ref":
            return one_line(row.ref) or f"#{row.id}"
        if name == "title":
            return one_line(row.title) or "(no title)"
        if name == "authority":
            return one_line(row.authority)
        if name == "status":
            return STATUS_SHORT[row.status]
        if name == "check":
            return CHECK_MARK if row.check else ""
        if name == "questions":
            return f"{row.decided}/{row.questions}"
        if name == "due":
            return f"{short_date(row.due):<6} {days_left_label(left)}".rstrip()
        if name == "links":
            return str(row.links) if row.links else ""
        return ""
