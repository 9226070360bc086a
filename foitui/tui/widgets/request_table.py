"""The request list: a virtual list that draws only the rows on screen.

Built like Toolong's LogLines and Textual's checker03 example: a `ScrollView` whose
`virtual_size` is the row count and whose `render_line` draws one row on demand. Nothing is
measured or built per row up front, so 100,000 requests appear as fast as 10 (DataTable and
OptionList measure every row before the first paint, ListView makes a widget per row).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from operator import attrgetter
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
from foitui.tui.glyphs import UNICODE, Glyphs
from foitui.tui.labels import (
    CHECK_MARK,
    days_left_label,
    fit,
    one_line,
    short_date,
)
from foitui.wording import STATUS_WORD


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    title: str
    width: int
    right: bool = False


@dataclass(frozen=True, slots=True)
class ContentWidths:
    """How wide the list's variable columns' longest values are (capped): measured once per
    load of the rows, so columns do not move while scrolling or filtering."""

    ref: int = 13
    title: int = 60
    authority: int = 22
    id: int = 3


#: Caps on what a column takes for its longest value; a longer value is cut with "…".
REF_MAX = 24
AUTHORITY_MAX = 28
AUTHORITY_MIN = 14
#: The title's width below which the next column is given up (see `columns_for`).
TITLE_MIN = 12
#: The title keeps at least this much before the authority column is shown beside it.
TITLE_BESIDE_AUTHORITY = 30
#: ... and before the id column is.
TITLE_BESIDE_ID = 36
#: "30 Oct OVERDUE 42d"; "OVERDUE 42d" alone where the width is short (the date is on the
#: detail line).
DUE_WIDE, DUE_NARROW = 19, 12


def measure(rows: Iterable[Summary], lengths: Mapping[str, int] | None = None) -> ContentWidths:
    """The longest reference, title, authority and id among `rows`, capped (C-speed maps: a
    tenth of a second at a million rows). `lengths`: the longest ref, title and authority
    already known (a big store's row cache gives them without making the rows), and `rows`
    then only needs its ids."""
    rows = list(rows) if not isinstance(rows, Sequence) else rows
    if not rows:
        return ContentWidths()

    def longest(field: str, cap: int) -> int:
        if lengths is not None and field in lengths:
            return min(lengths[field], cap)
        return min(max(map(len, filter(None, map(attrgetter(field), rows))), default=0), cap)

    return ContentWidths(
        ref=max(longest("ref", REF_MAX), 4),
        title=longest("title", 200),
        authority=max(longest("authority", AUTHORITY_MAX), len("AUTHORITY")),
        # Ids are given in order: the last is the longest.
        id=max(min(len(rows[-1].id), 9), 2) if lengths is not None else max(longest("id", 9), 2),
    )


#: The team's column: one sign-off mark (Glyphs.stage_mark), then who holds the request.
WHO = Column("who", "WHO", 9)
#: The title keeps at least this much before the WHO column is shown beside it (the links
#: count gives way first): the detail line under the list says who holds the request anyway.
TITLE_BESIDE_WHO = TITLE_MIN


@lru_cache(maxsize=32)
def columns_for(
    width: int, content: ContentWidths = ContentWidths(), team: bool = False
) -> tuple[Column, ...]:
    """Columns that fit `width` cells, shared out by what they hold.

    The reference gets its longest value's width (up to REF_MAX) and is cut only when the
    title is down to TITLE_MIN and nothing else can give. `team`: a store that assigns or
    signs off requests has a WHO column after the status where the title keeps
    TITLE_BESIDE_WHO cells (the links count, then the due date's day giving way first). Where
    the width is short, the links
    count goes first, then the due date's day (the days left stay), then the questions count.
    Where there is room, the authority appears (up to its longest value's width) once the
    title keeps TITLE_BESIDE_AUTHORITY cells, then the id. The title takes what is left.
    """
    usable = width - 2  # the cursor gutter, and a cell at the right edge

    def cost(columns: list[Column]) -> int:
        return sum(c.width + 1 for c in columns)

    ref = Column("ref", "REF", content.ref)
    status = Column("status", "STATUS", 11)
    # "Check the split": the parse of this request needs an officer's eye.
    check = Column("check", CHECK_MARK, 1)
    questions = Column("questions", "Q", 5, right=True)
    due = Column("due", "DUE", DUE_WIDE)
    links = Column("links", "L", 2, right=True)
    after = [status, check, questions, due, links]
    # Give up, one by one, what matters least until the title has its minimum.
    for narrower in (
        lambda cols: [c for c in cols if c.name != "links"],
        lambda cols: [replace(c, width=DUE_NARROW) if c.name == "due" else c for c in cols],
        lambda cols: [c for c in cols if c.name != "questions"],
    ):
        if usable - cost([ref, *after]) - 1 >= TITLE_MIN:
            break
        after = narrower(after)
    room = usable - cost([ref, *after]) - 1
    if room < TITLE_MIN:  # only now is the reference cut, down to a few cells
        ref = replace(ref, width=max(6, ref.width - (TITLE_MIN - room)))
        room = usable - cost([ref, *after]) - 1
    if team:
        # Room for WHO: the links count gives way first, then the due date's day.
        no_links = [c for c in after if c.name != "links"]
        narrow = [replace(c, width=DUE_NARROW) if c.name == "due" else c for c in no_links]
        for trial in (after, no_links, narrow):
            trial_room = usable - cost([ref, *trial]) - 1
            if trial_room - (WHO.width + 1) >= TITLE_BESIDE_WHO:
                after = [*trial[:1], WHO, *trial[1:]]
                room = trial_room - (WHO.width + 1)
                break
    before = [ref]
    # The authority takes its longest value's width, or what the title can spare (cut with
    # "…"), but not less than AUTHORITY_MIN.
    spare = min(content.authority, room - 1 - TITLE_BESIDE_AUTHORITY)
    if spare >= min(AUTHORITY_MIN, content.authority):
        after.insert(0, Column("authority", "AUTHORITY", spare))
        room -= spare + 1
    ident = Column("id", "ID", max(content.id, 2), right=True)
    if room - (ident.width + 1) >= TITLE_BESIDE_ID:
        before.insert(0, ident)
        room -= ident.width + 1
    title = Column("title", "TITLE", max(room, 4))
    return (*before, title, *after)


def who_cell(row: Summary, rule: str, glyphs: Glyphs = UNICODE) -> str:
    """ "✓alice", "?@records", " -": the sign-off mark and the assignee (a team as @NAME)."""
    from foitui.team import TEAM_PREFIX, stage

    mark = glyphs.stage_mark(stage(row, rule))
    name = one_line(row.assignee) if row.assignee else "-"
    if name.startswith(TEAM_PREFIX):
        name = "@" + name[len(TEAM_PREFIX) :]
    return mark + name


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
        # Drawn rows by (row, cursor on it, width): moving the cursor back over rows, or
        # returning to the list, redraws from here. Cleared when the styles or columns change.
        self._drawn: OrderedDict[tuple[Summary, bool, int], Strip] = OrderedDict()
        self.content = ContentWidths()
        self._styles: dict[tuple[bool, bool, int], tuple[Style, Style]] = {}
        # The team's WHO column, shown once the store assigns or signs off requests, and the
        # store's clearance rule its marks follow (set by the list screen).
        self._team: tuple[bool, str] = (False, "none")

    @property
    def team(self) -> tuple[bool, str]:
        """Whether the WHO column is shown, and the clearance rule its marks follow."""
        return self._team

    def set_team(self, shown: bool, rule: str) -> None:
        if (shown, rule) != self._team:
            self._team = (shown, rule)
            self._drawn.clear()
            self.refresh()

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
            # Where the kept row is, if that is cheap to know (listing.SearchRows.index_near).
            near = getattr(rows, "index_near", None)
            cursor = (near(keep) if near is not None else self._position(keep)) or 0
        self._set_virtual_height(len(rows) + 1)
        self.cursor = min(cursor, max(len(rows) - 1, 0))
        self.refresh()

    def length_changed(self) -> None:
        """The rows shown are the same, more of them are known (a search's matches counted
        after its first rows were shown): the scrollbar and the cursor's bounds follow."""
        self._set_virtual_height(len(self.rows) + 1)
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

    @property
    def glyphs(self) -> Glyphs:
        return getattr(self.app, "glyphs", UNICODE)

    def set_content_widths(self, content: ContentWidths) -> None:
        """The longest values the columns hold (see `measure`): the columns follow them."""
        if content != self.content:
            self.content = content
            self._drawn.clear()
            self.refresh()

    def columns(self, width: int) -> tuple[Column, ...]:
        return columns_for(width, self.content, self._team[0])

    def render_line(self, y: int) -> Strip:
        # Rows fill the width left of the scrollbar, so nothing is drawn under it.
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        index = round(self.scroll_y) + y - 1
        if not self.rows:
            if y == 2:
                style = self.get_component_rich_style("request-table--message")
                return Strip([Segment(fit("  " + self.message, width), style)], width)
            return Strip.blank(width, self.rich_style)
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        return self._row(self.rows[index], index == self.cursor, width)

    def _header(self, width: int) -> Strip:
        style = self.get_component_rich_style("request-table--header")
        cells = [" "]
        for column in self.columns(width):
            title = self.glyphs.check if column.name == "check" else column.title
            cells.append(self._cell(title, column) + " ")
        return Strip([Segment(fit("".join(cells), width), style)], width)

    @staticmethod
    def _cell(text: str, column: Column) -> str:
        text = fit(text, column.width)
        return text.rstrip().rjust(column.width) if column.right else text

    DRAWN_ROWS = 512

    def _row(self, row: Summary, is_cursor: bool, width: int) -> Strip:
        key = (row, is_cursor, width)
        strip = self._drawn.get(key)
        if strip is None:
            strip = self._draw_row(row, is_cursor, width)
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

    def _draw_row(self, row: Summary, is_cursor: bool, width: int) -> Strip:
        left = views.days_left(row, self.today)
        urgency = 0
        if left is not None and left < 0:
            urgency = 2
        elif left is not None and left <= views.DUE_SOON_DAYS:
            urgency = 1
        base, due_style = self._row_styles(not views.is_open(row), is_cursor, urgency)
        segments = [Segment(self.glyphs.cursor if is_cursor else " ", base)]
        for column in self.columns(width):
            text = self._value(row, column, left, self.glyphs, self._team[1])
            style = due_style if column.name == "due" else base
            segments.append(Segment(self._cell(text, column), style))
            segments.append(Segment(" ", base))
        return Strip(segments).adjust_cell_length(width, base)

    @staticmethod
    def _value(
        row: Summary, column: Column, left: int | None, glyphs: Glyphs, rule: str = "none"
    ) -> str:
        name = column.name
        if name == "who":
            return who_cell(row, rule, glyphs)
        if name == "id":
            return row.id
        if name == "ref":
            return one_line(row.ref) or f"#{row.id}"
        if name == "title":
            return one_line(row.title) or "(no title)"
        if name == "authority":
            return one_line(row.authority)
        if name == "status":
            return STATUS_WORD[row.status]
        if name == "check":
            return glyphs.check if row.check else ""
        if name == "questions":
            return f"{row.decided}/{row.questions}"
        if name == "due":
            if column.width < DUE_WIDE:  # narrow: the days left, else the date
                return days_left_label(left) or short_date(row.due)
            return f"{short_date(row.due):<6} {days_left_label(left)}".rstrip()
        if name == "links":
            return str(row.links) if row.links else ""
        return ""
