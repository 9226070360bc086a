"""The main screen: every request, searchable, filterable, sortable; enter opens one."""

from __future__ import annotations

import gc
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Header, Input, Static

from foitui import views
from foitui.errors import FoituiError
from foitui.kinds import Status
from foitui.store import Summary
from foitui.store.search import Matches
from foitui.tui.labels import (
    LAW_LABEL,
    days_left_label,
    due_phrase,
    long_date,
    one_line,
)
from foitui.tui.listing import VIEWS, LazySource, ListQuery, RowSource, describe
from foitui.tui.screens.base import FoituiScreen, skip_while_typing
from foitui.tui.widgets.key_footer import KeyFooter
from foitui.tui.widgets.request_table import RequestTable, measure
from foitui.tui.widgets.search_box import SearchBox
from foitui.tui.widgets.text_line import TextLine
from foitui.wording import STATUS_WORD

#: Up to this many requests the list is filtered and sorted at once, on the event loop.
SYNC_ROWS = 20_000


class RequestListScreen(FoituiScreen):
    """Rows come from the app (loaded in a worker); this screen chooses and orders them."""

    # Priority bindings run as soon as a key is read, in the order typed, so keys typed right
    # after one ("/pothole", ":FOI 11726", enter then a) reach the input or screen it opens.
    # Printable ones step aside while the search box has focus (skip_while_typing).
    #: What the footer keeps first when the width is short (see KeyFooter).
    FOOTER_KEYS = (
        "list.quit",
        "list.open",
        "list.search",
        "list.views",
        "list.sort",
        "list.jump",
        "list.filter_status",
        "list.filter_exemption",
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open", id="list.open", priority=True),
        Binding("slash", "search", "Search", id="list.search", priority=True),
        Binding(
            "v",
            "choose_view",
            "Views",
            id="list.views",
            tooltip="Choose a view: the open queue, overdue, due within 5 working days, "
            "pending questions, waiting for clarification, check the split, closed",
            priority=True,
        ),
        Binding(
            "S",
            "filter_status",
            "Status",
            id="list.filter_status",
            tooltip="Show only requests with one status",
            priority=True,
        ),
        Binding(
            "x",
            "filter_exemption",
            "Exemption",
            id="list.filter_exemption",
            tooltip="Show only requests citing one exemption",
            priority=True,
        ),
        Binding(
            "c",
            "view('clarification')",
            "Clarifying",
            id="list.view_clarif",
            tooltip="Requests waiting for the requester's clarification",
            show=False,
            priority=True,
        ),
        Binding(
            "F",
            "view('check')",
            "Check split",
            id="list.view_check",
            tooltip="Requests whose parse needs checking: unanswered questions with text "
            "left over, answers matched by order, labels that skip",
            show=False,
            priority=True,
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            id="list.sort",
            tooltip="Cycle the order: open first and most urgent first, due date, "
            "received date, status, id",
            priority=True,
        ),
        Binding(
            "colon,number_sign",
            "jump",
            "Go to",
            id="list.jump",
            tooltip="Open a request by its id or reference",
            priority=True,
        ),
        Binding(
            "A",
            "assign",
            "Assign",
            id="list.assign",
            tooltip="Assign the selected request to an officer or a team, or unassign it",
            show=False,
            priority=True,
        ),
        Binding(
            "W",
            "choose_queue",
            "Whose",
            id="list.queue",
            tooltip="Whose requests: mine, unassigned, an officer's or team's, or all",
            show=False,
            priority=True,
        ),
        Binding("i", "stats", "Statistics", id="list.stats", show=False, priority=True),
        Binding(
            "D",
            "disclosure_log",
            "Disclosure log",
            id="list.disclosure_log",
            tooltip="Preview every redaction, add staff names, then write the log to a file",
            show=False,
            priority=True,
        ),
        Binding(
            "escape",
            "back",
            "Back",
            id="list.clear",
            tooltip="Clear the search, or go back to the open queue (every view and filter off)",
            show=False,
            priority=True,
        ),
        Binding(
            "down",
            "search_cursor(1)",
            "List down (searching)",
            id="list.search_down",
            show=False,
            priority=True,
        ),
        Binding(
            "up",
            "search_cursor(-1)",
            "List up (searching)",
            id="list.search_up",
            show=False,
            priority=True,
        ),
        Binding("q", "quit", "Quit", id="list.quit", priority=True),
    ]

    class RowsSelected(Message):
        """The rows `query` asks for, chosen in a worker (a search, or a large store).

        `asked` is the query state the work started from: the rows are shown only if the
        user has not asked for something else meanwhile. `query` is that state completed
        (with the search's result)."""

        def __init__(
            self, asked: ListQuery, query: ListQuery, rows: Sequence[Summary], keep: str | None
        ) -> None:
            super().__init__()
            self.asked = asked
            self.query = query
            self.rows = rows
            self.keep = keep

    class SearchCounted(Message):
        """The matches of the search `query` shows in `rows`, counted (after its first rows
        were shown: listing.SearchRows)."""

        def __init__(self, query: ListQuery, rows: Sequence[Summary], count: int) -> None:
            super().__init__()
            self.query = query
            self.rows = rows
            self.count = count

    def __init__(self) -> None:
        super().__init__(id="list-screen")
        self.query_state = ListQuery()
        # The first rows pick the queue the app opens on (see `open_queue`).
        self._queue_chosen = False
        # Every request's row; None until the store's rows first arrive.
        self._source: RowSource | LazySource | None = None
        self._dirty = False
        # The latest search's matches while they may still be counted: a newer search, or
        # leaving the search, stops their count (Matches.cancel).
        self._matches: Matches | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon=self.foitui.glyphs.icon)
        yield Static(Text("Loading…"), id="list-info")
        yield RequestTable(today=self.foitui.today, id="request-table")
        yield SearchBox(
            placeholder="search titles, texts, references (enter keeps, escape clears)",
            id="list-search",
            compact=True,
        )
        yield TextLine(id="list-detail")
        yield KeyFooter()

    @property
    def table(self) -> RequestTable:
        return self.query_one(RequestTable)

    def on_mount(self) -> None:
        self.set_focus(self.table)
        # At once, not in a worker: the store is already in memory, the rows take a fifth of
        # a second at 100,000 requests, and until they are shown there is nothing to do.
        # (A worker would share the interpreter with the app's own start-up and take longer.)
        # A big store opened through its row cache lists its rows without making them all:
        # only those on screen are (listing.LazySource).
        self.set_summaries(LazySource.of(self.store) or self.store.summaries(), at_once=True)

    # ------------------------------------------------------------------ rows

    def set_summaries(self, rows: Sequence[Summary] | LazySource, *, at_once: bool = False) -> None:
        """All requests (reloaded by the app's worker after a change)."""
        self._source = rows if isinstance(rows, LazySource) else RowSource(rows, in_id_order=True)
        # Columns as wide as what they hold, measured over every request (not the rows a
        # filter shows), so they keep their place as the view changes; a big store's row
        # cache gives the lengths without making the rows.
        lengths = (
            rows.longest(("ref", "title", "authority")) if isinstance(rows, LazySource) else None
        )
        self.table.set_content_widths(measure(self._source.rows, lengths))
        self.table.today = self.foitui.today  # a session left open overnight: a new day
        self._show_team()
        if not self._queue_chosen:
            self._queue_chosen = True
            self.open_queue()
        self.table.message = "No requests. Import a file: ctrl+p, then 'Import a file'."
        self.apply_query(at_once=at_once)
        # Everything loaded so far lives as long as the app: out of the cyclic collector's
        # sight. A full collection walks every container object, which at 100,000 requests
        # paused a keystroke for a fifth of a second now and then. (The rows are acyclic:
        # when replaced they are freed by reference counting as before.)
        gc.freeze()
        if self.query_state.search:
            # The rows changed (an import, an edit, another user's work): so may the matches.
            self.start_search(self.query_state.search)

    @property
    def all_rows(self) -> Mapping[str, Summary] | None:
        """Every request's row by id (None until loaded)."""
        return self._source.by_id if self._source is not None else None

    def apply_query(self, *, keep: str | None = None, at_once: bool = False) -> None:
        if self._source is None:
            return
        current = self.table.current
        keep = keep or (current.id if current else None)
        unfiltered = getattr(self._source, "unfiltered", None)
        rows = unfiltered(self.query_state) if unfiltered is not None else None
        if rows is not None:
            # Every row in an order at hand (Escape out of a search): the same rows as before,
            # shown now; a worker would only add its round trip.
            self.show_rows(rows, keep)
            return
        if not at_once and len(self._source.rows) > SYNC_ROWS:
            # Filtering and sorting 100,000 rows takes up to a tenth of a second: off the
            # event loop, so keys still work.
            self.select_in_background(self.query_state, keep)
            return
        self.show_rows(self._source.select(self.query_state, self.foitui.today), keep)

    @work(thread=True, exclusive=True, group="list-select", exit_on_error=False)
    def select_in_background(self, query: ListQuery, keep: str | None) -> None:
        assert self._source is not None
        rows = self._source.select(query, self.foitui.today)
        self.post_message(self.RowsSelected(query, query, rows, keep))

    def on_request_list_screen_rows_selected(self, message: RowsSelected) -> None:
        if message.asked is self.query_state:  # not overtaken by a newer choice
            self.query_state = message.query
            self.show_rows(message.rows, message.keep)
            if self.counting:
                # Once the first rows are painted: counting on the other core would slow the
                # paint on a busy machine.
                self.call_after_refresh(self.count_search, message.query, message.rows)

    def show_rows(self, rows: Sequence[Summary], keep: str | None) -> None:
        if not rows and self._source is not None and self._source.rows:
            self.table.message = self.no_match_message()
        self.table.set_rows(rows, keep=keep)
        self._show_info()

    def no_match_message(self) -> str:
        """What to do when nothing matches, naming only keys that work now: while the search
        box has the focus, "a" would type an "a" there."""
        if isinstance(self.focused, Input):
            return "No requests match. Escape clears the search."
        return "No requests match. Escape shows all."

    def on_descendant_focus(self) -> None:
        # The search box gained or lost the focus: the message names keys that work now.
        if not self.table.rows and self._source is not None and self._source.rows:
            message = self.no_match_message()
            if message != self.table.message:
                self.table.message = message
                self.table.refresh()

    @property
    def counting(self) -> bool:
        """Whether the list shows a search's first rows while its matches are being counted."""
        return bool(getattr(self.table.rows, "counting", False))

    def _show_info(self) -> None:
        total = len(self._source.rows) if self._source is not None else 0
        shown = None if self.counting else len(self.table.rows)
        text = Text(describe(self.query_state, shown, total))
        if self.store.readonly:
            text.append("  READ-ONLY", style="bold")
        # One fixed-height line: no layout pass.
        self.query_one("#list-info", Static).update(text, layout=False)

    def _show_team(self) -> None:
        """The WHO column, once the store assigns or signs off requests."""
        try:
            self.table.set_team(self.store.uses_team(), self.store.clearance_rule())
        except FoituiError as error:  # a damaged settings file: said once, the list still works
            self.notify(str(error), severity="error", markup=False)

    def open_queue(self) -> None:
        """The app opens on the requests assigned to the person running it, most urgent
        first, when they hold any open ones; otherwise as it always has."""
        me = self.store.user
        self.query_state = self.query_state.with_(me=me)
        # The few requests held, from the store: no pass over 100,000s of rows at start-up.
        if any(views.is_open(self.store.summary(rid)) for rid in self.store.assigned(me)):
            self.query_state = self.query_state.with_(queue=me, sort="urgent")

    def store_changed(self, ids: set[str] | None) -> None:
        if self._source is None:
            return
        self._show_team()
        by_id = self._source.by_id
        if ids is None or any(i not in by_id for i in ids):
            self.foitui.load_summaries()
            return
        changed = []
        for rid in ids:
            try:
                row = self.store.summary(rid)
            except FoituiError:
                continue
            changed.append(row)
            self.table.update_row(row)
        self._source = self._source.replaced(changed)
        # Re-filtering 100k rows after every keystroke elsewhere is waste: do it on return.
        self._dirty = True
        if self.is_current:
            self.on_screen_resume()

    def on_screen_resume(self) -> None:
        if self._dirty:
            self._dirty = False
            self.apply_query()

    # ------------------------------------------------------------------ the highlighted row

    @on(RequestTable.Highlighted)
    def show_detail(self, event: RequestTable.Highlighted) -> None:
        row = event.row
        parts: list[str] = []
        short: dict[int, str] = {}
        if row is not None:
            left = views.days_left(row, self.foitui.today)
            parts = [
                f"#{row.id} {one_line(row.ref) or '(no ref)'}",
                due_phrase(row.due, left),
                STATUS_WORD[row.status],
                *self._team_words(row),
                one_line(row.authority) or "no authority",
                LAW_LABEL[row.law],
                f"received {long_date(row.received)}" if row.received else "not received",
            ]
            if row.check:
                check = self.foitui.glyphs.check
                parts.insert(1, f"{check} check the split (F shows all)")
            # As the list's due column says it, where even that line is short (60 columns).
            due = parts.index(due_phrase(row.due, left))
            if row.due is not None:
                label = days_left_label(left)
                short[due] = f"due {long_date(row.due)}" + (f" ({label})" if label else "")
        # Where the line is short, the received date goes first, then the law, then the
        # authority: the due date and status stay whole.
        count = len(parts)
        self.query_one("#list-detail", TextLine).set_parts(
            parts, [count - 1, count - 2, count - 3], short
        )

    def _team_words(self, row: Summary) -> list[str]:
        from foitui.team import STAGE_LABEL, stage

        shown, rule = self.table.team
        if not shown:
            return []
        where = stage(row, rule)
        held = f"assigned to {one_line(row.assignee)}" if row.assignee else "unassigned"
        return [held, *([STAGE_LABEL[where]] if where else [])]

    @on(RequestTable.Selected)
    def open_request(self, event: RequestTable.Selected) -> None:
        self.foitui.open_request(event.row.id)

    # ------------------------------------------------------------------ search

    def action_open(self) -> None:
        if self.focused is self.query_one("#list-search", Input):
            # Enter in the search box: keep the search and return to the list, now (not when
            # Input.Submitted is handled), so the keys typed next act on the list.
            self.submit_search()
            return
        skip_while_typing(self)
        if (row := self.table.current) is not None:
            self.foitui.open_request(row.id)

    def action_search(self) -> None:
        skip_while_typing(self)
        search = self.query_one("#list-search", Input)
        search.add_class("-active")
        self.set_focus(search)

    @on(Input.Changed, "#list-search")
    def search_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        if not query:
            self._stop_counting()
            self.query_state = self.query_state.with_(search="", search_ids=None)
            self.apply_query()
            return
        if query != self.query_state.search:
            self.start_search(query)

    def start_search(self, query: str) -> None:
        # Every keystroke searches at once (the index answers in milliseconds); a search
        # overtaken by the next keystroke is dropped when it reports, its count stopped.
        self._stop_counting()
        self.query_state = self.query_state.with_(search=query, search_ids=None)
        self._show_info()
        self.run_search(self.query_state, self.table.current.id if self.table.current else None)

    @work(thread=True, exclusive=True, group="list-search", exit_on_error=False)
    def run_search(self, asked: ListQuery, keep: str | None) -> None:
        # In a thread: the first search of a session may have to bring the index up to date.
        # Matches, not a set: at a million requests, making the ints of the half that match
        # would take longer than the keystroke may (listing.SearchRows).
        found = self.store.search_matches(asked.search)
        if found is not None:
            self._matches = found
            if asked is not self.query_state:  # overtaken meanwhile (start_search missed it)
                found.cancel()
        # None: no word to look for ("?!"), so every request matches.
        ids = frozenset(map(int, self.all_rows or ())) if found is None else found
        query = asked.with_(search_ids=ids)
        rows = self._source.select(query, self.foitui.today)
        self.post_message(self.RowsSelected(asked, query, rows, keep))

    @work(thread=True, exclusive=True, group="list-count", exit_on_error=False)
    def count_search(self, query: ListQuery, rows: Sequence[Summary]) -> None:
        """Count the matches of the search whose first rows the list shows (in SQLite, which
        counts without the GIL); a newer search stops it (`_stop_counting`)."""
        found = query.search_ids
        if query is not self.query_state or not isinstance(found, Matches):
            return
        count = found.counted()
        if count is not None:
            self.post_message(self.SearchCounted(query, rows, count))

    def on_request_list_screen_search_counted(self, message: SearchCounted) -> None:
        rows = message.rows
        if message.query is self.query_state and self.table.rows is rows:
            set_count = getattr(rows, "set_count", None)
            if set_count is not None:
                set_count(message.count)
                self.table.length_changed()
                self._show_info()

    def _stop_counting(self) -> None:
        matches, self._matches = self._matches, None
        if matches is not None:
            matches.cancel()

    def submit_search(self) -> None:
        search = self.query_one("#list-search", Input)
        query = search.value.strip()
        if not query:
            self.action_clear_search()
            return
        if query != self.query_state.search or self.query_state.search_ids is None:
            self.start_search(query)
        self.set_focus(self.table)

    def action_quit(self) -> None:
        skip_while_typing(self)
        self.foitui.quit_app()

    def action_search_cursor(self, step: int) -> None:
        # Arrows move the list while typing a search, as in a fuzzy finder.
        if not isinstance(self.focused, Input):
            raise SkipAction()
        self.table.cursor += step

    def action_back(self) -> None:
        """escape: out of the search, else back to the open queue (views and filters off)."""
        if isinstance(self.focused, Input) or self.query_state.search:
            self.action_clear_search()
        elif self.query_state.filtered:
            self.action_view("all")

    def action_choose_view(self) -> None:
        skip_while_typing(self)
        from foitui.tui.listing import in_view
        from foitui.tui.screens.choice import ChoiceScreen

        # Counting is a pass over every row per view: only for a few rows, and only then are
        # they all made (at a million, LazySource.select answers a view from the index).
        small = self._source is not None and len(self._source.rows) <= SYNC_ROWS
        rows = list((self.all_rows or {}).values()) if small else []
        today = self.foitui.today
        choices = []
        for view, label in VIEWS.items():
            name = "the open queue: every request, open first" if view == "all" else label
            if small:
                count = len(rows) if view == "all" else sum(in_view(r, view, today) for r in rows)
                name = f"{name} ({count:,})"
            choices.append((view, name))
        self.app.push_screen(
            ChoiceScreen("Show", choices, current=self.query_state.view), self._view_chosen
        )

    def _view_chosen(self, view: str | None) -> None:
        if view is not None:
            self.action_view(view)

    def action_clear_search(self) -> None:
        search = self.query_one("#list-search", Input)
        search.value = ""
        search.remove_class("-active")
        self.set_focus(self.table)
        self._stop_counting()
        if self.query_state.search:
            self.query_state = self.query_state.with_(search="", search_ids=None)
            self.apply_query()

    # ------------------------------------------------------------------ views, filter, sort

    def action_view(self, view: str) -> None:
        skip_while_typing(self)
        if view == "all":
            self.action_clear_search()
            self.query_state = ListQuery(sort=self.query_state.sort, me=self.query_state.me)
        else:
            self.query_state = self.query_state.with_(view=view)
        self.apply_query()

    def action_filter_status(self) -> None:
        skip_while_typing(self)
        from foitui.tui.screens.choice import ChoiceScreen

        # From index.sqlite at a million requests (LazySource.status_counts): no row made.
        counts = self._source.status_counts() if self._source is not None else Counter()
        choices = [("any", "any status")] + [
            (status.value, f"{STATUS_WORD[status]} ({counts.get(status, 0)})") for status in Status
        ]
        current = self.query_state.status.value if self.query_state.status else "any"
        self.app.push_screen(
            ChoiceScreen("Show requests with status", choices, current=current),
            self.set_status_filter,
        )

    def action_filter_exemption(self) -> None:
        skip_while_typing(self)
        from foitui.exemptions import describe, section_of
        from foitui.tui.screens.choice import ChoiceScreen

        # By section: s12 and s12(1) are one ground, and the filter on s12 finds both. From
        # index.sqlite's tallies at a million requests (Store.exemption_counts): no row made.
        counts = self.store.exemption_counts(group=section_of)
        if not counts:
            self.notify("No request cites an exemption yet.")
            return
        # Most cited first; ties by code, whichever way the counts were made.
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        choices = [("any", "any exemption")] + [
            (code, f"{describe(code)} ({count})") for code, count in ordered
        ]
        self.app.push_screen(
            ChoiceScreen(
                "Show requests citing", choices, current=self.query_state.exemption or "any"
            ),
            self.set_exemption_filter,
        )

    def set_exemption_filter(self, value: str | None) -> None:
        if value is None:
            return
        if value == "any":
            self.query_state = self.query_state.with_(exemption=None, exemption_ids=frozenset())
        else:
            ids = frozenset(self.store.ids_citing(value))
            self.query_state = self.query_state.with_(exemption=value, exemption_ids=ids)
        self.apply_query()

    def set_status_filter(self, value: str | None) -> None:
        if value is None:
            return
        self.query_state = self.query_state.with_(status=None if value == "any" else Status(value))
        self.apply_query()

    def action_cycle_sort(self) -> None:
        skip_while_typing(self)
        self.query_state = self.query_state.next_sort()
        self.apply_query()

    def set_sort(self, sort: str) -> None:
        self.query_state = self.query_state.with_(sort=sort)
        self.apply_query()

    # ------------------------------------------------------------------ the team

    def action_assign(self) -> None:
        skip_while_typing(self)
        if (row := self.table.current) is not None:
            self.foitui.assign(row.id, row.assignee)

    def action_choose_queue(self) -> None:
        skip_while_typing(self)
        self.choose_queue()

    def choose_queue(self) -> None:
        """Ask whose open requests to show (the `W` key, the palette's "Queue: choose…")."""
        from foitui.tui.listing import UNASSIGNED
        from foitui.tui.screens.choice import ChoiceScreen

        me = self.query_state.me
        # From index.sqlite at a million requests (LazySource.queue_counts): no row made.
        counts = self._source.queue_counts() if self._source is not None else Counter()
        try:  # everyone who has used the store and every team, holding cases or not
            known = {*self.store.people(), *self.store.teams()}
        except FoituiError:
            known = set()
        holders = sorted({a for a in {*counts, *known} if a and a != me}, key=str.lower)
        choices: list[tuple[str, str]] = [
            ("*all", "all requests"),
            ("*me", f"my queue ({me}, {counts.get(me, 0)} open)"),
            ("*none", f"unassigned ({counts.get(None, 0)} open)"),
        ]
        choices += [(name, f"{name} ({counts.get(name, 0)} open)") for name in holders]
        current = self.query_state.queue
        selected = {None: "*all", me: "*me", UNASSIGNED: "*none"}.get(current, current)

        def chosen(value: str | None) -> None:
            if value is None:
                return
            queue = {"*all": None, "*me": me, "*none": UNASSIGNED}.get(value, value)
            self.set_queue(queue)

        self.app.push_screen(
            ChoiceScreen("Show the open requests of", choices, current=selected), chosen
        )

    def set_queue(self, queue: str | None) -> None:
        """Whose open requests the list shows (None: all requests); a queue is most urgent
        first."""
        self.query_state = self.query_state.with_(queue=queue)
        if queue is not None:
            self.query_state = self.query_state.with_(sort="urgent")
        self.apply_query()

    # ------------------------------------------------------------------ jump

    def action_jump(self) -> None:
        skip_while_typing(self)
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if text and self.foitui.find_request(text) is None:
                return f"No request with id or reference {text!r}"
            return None

        self.app.push_screen(
            PromptScreen(
                "Go to request", placeholder="id or reference, e.g. 12 or FOI 11726", check=check
            ),
            self.jump_to,
        )

    def jump_to(self, text: str | None) -> None:
        if not text:
            return
        rid = self.foitui.find_request(text)
        if rid is None:
            self.notify(f"No request with id or reference {text!r}", severity="error", markup=False)
            return
        self.table.move_to(rid)
        self.foitui.open_request(rid)

    def action_stats(self) -> None:
        skip_while_typing(self)
        self.foitui.action_stats()

    def action_disclosure_log(self) -> None:
        skip_while_typing(self)
        self.foitui.action_disclosure_log()
