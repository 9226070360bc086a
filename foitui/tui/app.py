"""The foitui terminal app: screens on a store, edits saved at once, undo, live refresh.

Threading follows Harlequin: thread workers do the I/O (loading summaries, search, import,
export, polling the store for other users' changes) and only post messages; handlers here and
on the screens own every state change. Edits are made synchronously on the event loop because
each one rewrites one small triage shard (milliseconds), so quitting never loses one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual import on, work
from textual.actions import SkipAction
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette, SearchIcon
from textual.message import Message
from textual.screen import Screen
from textual.scrollbar import ScrollBarRender
from textual.widgets import Input
from textual.worker import Worker, WorkerState

from foitui.errors import FoituiError
from foitui.kinds import Status
from foitui.store import Change, Store, Summary
from foitui.tui.commands import FoituiCommands
from foitui.tui.glyphs import ASCII_KEY_NAMES, Glyphs, choose
from foitui.tui.labels import counted, long_date
from foitui.tui.listing import LazySource
from foitui.tui.screens.request_list import RequestListScreen

EXPORT_FORMATS = {".json": "json", ".jsonl": "jsonl", ".csv": "csv", ".md": "md"}

Edit = Callable[[], Any]


def _flatten(result: Any) -> list[Change]:
    """The Change objects in what a store call returned (a Change, None, or lists of them)."""
    if isinstance(result, Change):
        return [result]
    if isinstance(result, list | tuple):
        return [change for item in result for change in _flatten(item)]
    return []


#: Textual's scrollbar thumbs: eighth blocks (▁▂▃) for a smooth end.
_SMOOTH_BARS = (list(ScrollBarRender.VERTICAL_BARS), list(ScrollBarRender.HORIZONTAL_BARS))


def _plain_scrollbars(plain: bool) -> None:
    """Scrollbar thumbs of whole cells (█) instead of the eighth blocks a console font lacks.
    Textual draws every scrollbar with one class: set while an ASCII app runs, then put back."""
    if plain:
        ScrollBarRender.VERTICAL_BARS = ["█"] * 7 + [" "]
        ScrollBarRender.HORIZONTAL_BARS = ["█"] * 7 + [" "]
    else:
        ScrollBarRender.VERTICAL_BARS, ScrollBarRender.HORIZONTAL_BARS = (
            list(bars) for bars in _SMOOTH_BARS
        )


class FoituiApp(App[None]):
    """`FoituiApp(store).run()`; `today` and `cursor_blink` are fixed by tests and snapshots."""

    CSS_PATH = "foitui.tcss"
    TITLE = "foitui"
    # Textual's system commands are yielded by FoituiCommands too, after the app's own.
    COMMANDS: ClassVar[set[Any]] = {FoituiCommands}
    #: How often to look for changes made by other users of the same store.
    REFRESH_SECONDS = 2.0

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority, like the screens' keys, so keys are handled in the order typed; both step
        # aside while an input has focus ("u" and "?" are text there).
        Binding("question_mark", "help", "Keys", id="app.help", priority=True),
        Binding("u", "undo", "Undo", id="app.undo", show=False, priority=True),
    ]

    class SummariesLoaded(Message):
        def __init__(self, rows: list[Summary] | LazySource) -> None:
            super().__init__()
            self.rows = rows

    class StoreRefreshed(Message):
        """Another process changed requests `ids` (None: any, or what a search finds), and
        imported `added` of them."""

        def __init__(self, ids: set[str] | None, added: int = 0) -> None:
            super().__init__()
            self.ids = ids
            self.added = added

    class TaskDone(Message):
        """A background task (import, export, refresh) finished with something to say."""

        def __init__(self, text: str, *, error: bool = False, changed: bool = False) -> None:
            super().__init__()
            self.text = text
            self.error = error
            self.changed = changed

    class ImportFailed(Message):
        """Some records of `path` have errors, so nothing was imported."""

        def __init__(self, path: Path, errors: list[str]) -> None:
            super().__init__()
            self.path = path
            self.errors = errors

    def __init__(
        self,
        store: Store,
        *,
        mouse: bool = False,
        title_suffix: str | None = None,
        today: date | None = None,
        cursor_blink: bool = True,
        refresh_seconds: float | None = None,
        glyphs: Glyphs | None = None,
    ) -> None:
        # NO_COLOR means no colour: Textual 8 turns a non-ANSI theme to grey tones under it
        # (its Monochrome filter), and strips colour only when ANSI colour is on (NoColor).
        no_color = os.environ.get("NO_COLOR") is not None
        super().__init__(ansi_color=True if no_color else None)
        self.glyphs = glyphs or choose()
        # Classes the stylesheet keys on: borders and cursors that do without colour or
        # without the glyphs a console font lacks.
        # A monochrome terminal (xterm-mono) draws no colour either: selections in reverse.
        monochrome = os.environ.get("TERM", "").endswith(("-mono", "-m"))
        self.set_class(no_color or monochrome, "-no-color")
        self.set_class(self.glyphs.ascii, "-ascii")
        self.refresh_seconds = refresh_seconds or self.REFRESH_SECONDS
        self.store = store
        self.mouse = mouse
        self.cursor_blink = cursor_blink
        self._today = today
        if today is not None:
            # One day for the screens and the store (a clock stop it starts itself).
            store.fixed_today = today
        # One entry per user action (a metadata edit can change several fields at once).
        self.undo_stack: list[list[Change]] = []
        self._refreshing = False
        self._polled_size = len(store)  # requests in the store at the last poll
        # The day the screens count working days from; see poll_store.
        self._day = self.today
        notes = [title_suffix] if title_suffix else []
        if today is not None:
            # Figures counted from a fixed day (screenshots, tests) say which day.
            notes.append(f"as of {long_date(today)}")
        if store.readonly:
            notes.append("READ-ONLY store: changes are refused")
        self.sub_title = " · ".join(notes)

    @property
    def today(self) -> date:
        return self._today or date.today()

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Our palette has its own Quit and keys (help) commands; Textual's "Keys" panel would
        # be a second, different help.
        for command in super().get_system_commands(screen):
            if command.title not in ("Keys", "Quit", "Maximize", "Minimize"):
                yield command

    def get_key_display(self, binding: Binding) -> str:
        # ⏎ ↑ ↓: words where the terminal cannot draw them.
        if self.glyphs.ascii and binding.key in ASCII_KEY_NAMES:
            return ASCII_KEY_NAMES[binding.key]
        return super().get_key_display(binding)

    @on(CommandPalette.Opened)
    def _plain_palette_icon(self) -> None:
        # The palette's 🔎 where a console font cannot draw it (the palette is mounted by now).
        if self.glyphs.ascii:
            for icon in self.screen.query(SearchIcon):
                icon.icon = ">"

    def get_default_screen(self) -> Screen:
        return RequestListScreen()

    def on_mount(self) -> None:
        if self.glyphs.ascii:
            _plain_scrollbars(True)
        self.set_interval(self.refresh_seconds, self.poll_store)
        # Once the list is up, bring the search index in step (at 1,000,000 requests 60 ms,
        # in SQLite; much longer if an import elsewhere left it behind), so that the first
        # letter typed into the search is answered as fast as the rest. At once after the
        # first paint: a letter typed within half a second (the delay this had) paid for it.
        self.call_after_refresh(self.prepare_search)

    @work(thread=True, exclusive=True, group="search-index", exit_on_error=False)
    def prepare_search(self) -> None:
        self.store.prepare_search()

    @property
    def list_screen(self) -> RequestListScreen:
        screen = self.screen_stack[0]
        assert isinstance(screen, RequestListScreen)
        return screen

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="summaries", exit_on_error=False)
    def load_summaries(self) -> None:
        # 100,000 summaries take a moment: the list shows "Loading…" meanwhile.
        self.post_message(self.SummariesLoaded(LazySource.of(self.store) or self.store.summaries()))

    def on_foitui_app_summaries_loaded(self, message: SummariesLoaded) -> None:
        self.list_screen.set_summaries(message.rows)

    def poll_store(self) -> None:
        if self.today != self._day:
            # Past midnight in a session left open: every "days left" and overdue view
            # counts from the new day.
            self._day = self.today
            self.store_changed(None)
        if not self._refreshing:
            self._refreshing = True
            self.refresh_store()

    @work(thread=True, exclusive=True, group="refresh", exit_on_error=False)
    def refresh_store(self) -> None:
        try:
            changed: set[str] | None = self.store.refresh()
            if not changed and self.store.search_caught_up():
                changed = None  # an import's texts came after its rows: search again
        except FoituiError as error:
            self.post_message(self.TaskDone(str(error), error=True))
            changed = set()
        finally:
            self._refreshing = False
        # Counted against the last poll, not the refresh: an import in this app (its worker)
        # commits its parts through this very store, which `refresh` then finds unchanged.
        size = len(self.store)
        added, self._polled_size = size - self._polled_size, size
        if added and not changed:
            changed = None
        if changed is None or changed:
            self.post_message(self.StoreRefreshed(changed, max(added, 0)))

    def on_foitui_app_store_refreshed(self, message: StoreRefreshed) -> None:
        if message.added:  # a big import commits in parts: each is listed as it comes
            self.notify(f"{message.added:,} more requests imported.", timeout=2, markup=False)
        elif message.ids:
            self.notify("Updated by another user.", timeout=2)
        self.store_changed(message.ids)

    def on_foitui_app_task_done(self, message: TaskDone) -> None:
        self.notify(
            message.text, severity="error" if message.error else "information", markup=False
        )
        if message.changed:
            self._polled_size = len(self.store)  # said here; the next poll need not
            self.store_changed(None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Workers run with exit_on_error=False: a failure is reported, the app keeps running.
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            # The worker's name is the method's ("load_precedents"): said in words.
            task = event.worker.name.replace("_", " ")
            self.notify(f"Could not {task}: {error}", severity="error", markup=False)

    def store_changed(self, ids: set[str] | None) -> None:
        """Tell every open screen that requests `ids` (None: any) changed."""
        for screen in self.screen_stack:
            hook = getattr(screen, "store_changed", None)
            if hook is not None:
                hook(ids)

    # ------------------------------------------------------------------ edits and undo

    def can_edit(self) -> bool:
        if self.store.readonly:
            self.notify(
                "This store is read-only: nothing was changed.", severity="error", markup=False
            )
            return False
        return True

    def edit(self, action: Edit, *, also: Iterable[str] = ()) -> bool:
        """Run one store edit now; report errors; remember its changes for undo."""
        if not self.can_edit():
            return False
        try:
            result = action()
        except (FoituiError, ValueError) as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        changes = _flatten(result)
        # A case note is never undone (Store.undo): the rest of an edit with one may be.
        undoable = [c for c in changes if c.path[:1] != ("case_notes",)]
        if undoable:
            self.undo_stack.append(undoable)
        ids = self._affected(changes) | set(also)
        if ids:
            self.store_changed(ids)
        return True

    def _affected(self, changes: Iterable[Change]) -> set[str]:
        """Requests a change shows on: its own, and a linked request's backlink count."""
        ids: set[str] = set()
        for change in changes:
            if change.request:
                ids.add(change.request)
            if change.path and change.path[0] == "links":
                for value in (change.old, change.new):
                    if isinstance(value, dict) and value.get("target"):
                        target = self.store.find(str(value["target"]))
                        if target:
                            ids.add(target)
        return ids

    def link(self, request_id: str, result: Any) -> None:
        """Save a `LinkResult` from the link dialog."""

        def save() -> Change | None:
            # store.link returns the Link; the journalled Change (for undo) is last_change.
            self.store.last_change = None
            self.store.link(request_id, result.target, kind=result.kind, note=result.note)
            return self.store.last_change

        if self.edit(save):
            from foitui.change_words import case_namer

            target = case_namer(self.store)(result.target)
            self.notify(f"Linked #{request_id} to {target} ({result.kind.value}).", markup=False)

    # ------------------------------------------------------------------ the team

    def assign(self, request_id: str, current: str | None) -> None:
        """Ask who should hold the request (people who have used the store, the store's
        teams, nobody, or a login name typed in) and assign it."""
        from foitui.tui.screens.choice import ChoiceScreen

        try:
            people, teams = self.store.people(), self.store.teams()
        except FoituiError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        choices = [("*none", "nobody (unassigned)")]
        choices += [(name, name) for name in people]
        choices += [(name, f"{name} (team)") for name in teams]
        choices.append(("*other", "someone else: type a login name…"))

        def chosen(value: str | None) -> None:
            if value == "*other":
                self._assign_typed(request_id)
            elif value is not None:
                self._save_assignee(request_id, None if value == "*none" else value)

        self.push_screen(
            ChoiceScreen(f"Assign #{request_id} to", choices, current=current or "*none"),
            chosen,
        )

    def _assign_typed(self, request_id: str) -> None:
        from foitui.team import check_assignee
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            try:
                check_assignee(text, self.store.settings())
            except (ValueError, FoituiError) as error:
                return str(error)
            return None

        self.push_screen(
            PromptScreen(
                f"Assign #{request_id} to", placeholder="a login name, or team:NAME", check=check
            ),
            lambda text: self._save_assignee(request_id, text) if text else None,
        )

    def _save_assignee(self, request_id: str, assignee: str | None) -> None:
        if self.edit(lambda: self.store.assign(request_id, assignee)):
            held = self.store.summary(request_id).assignee
            self.notify(
                f"#{request_id} assigned to {held}." if held else f"#{request_id} unassigned.",
                markup=False,
            )

    def action_undo(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()
        if not self.undo_stack:
            self.notify("Nothing to undo in this session.", severity="warning", timeout=2)
            return
        if not self.can_edit():
            return
        changes = self.undo_stack.pop()
        try:
            for change in reversed(changes):
                self.store.undo(change)
        except FoituiError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        from foitui.change_words import case_namer, sentence

        name = case_namer(self.store)
        what = "; ".join(dict.fromkeys(sentence(c, name) for c in changes))
        self.notify(f"Undone on #{changes[0].request}: {what}.", timeout=3, markup=False)
        self.store_changed(self._affected(changes))

    # ------------------------------------------------------------------ navigation

    def find_request(self, text: str) -> str | None:
        """The request `text` names: an id, a reference, or an id as the app shows it ("#12")."""
        text = text.strip()
        if text.startswith("#") and text[1:].strip().isdigit():
            text = text[1:].strip()
        return self.store.find(text) if text else None

    def open_request(self, request_id: str) -> None:
        from foitui.tui.screens.request_view import RequestScreen

        if isinstance(self.screen, RequestScreen) and self.screen.request_id == request_id:
            return
        self.push_screen(RequestScreen(request_id))

    def action_open_prompt(self) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if text and self.find_request(text) is None:
                return f"No request with id or reference {text!r}"
            return None

        def chosen(text: str | None) -> None:
            rid = self.find_request(text) if text else None
            if rid is not None:
                self.open_request(rid)

        self.push_screen(
            PromptScreen(
                "Open request", placeholder="id or reference, e.g. 12 or FOI 11726", check=check
            ),
            chosen,
        )

    def action_help(self) -> None:
        if isinstance(self.focused, Input):
            raise SkipAction()
        from foitui.tui.screens.help import HelpScreen, help_rows

        if isinstance(self.screen, HelpScreen):
            self.screen.dismiss(None)  # ? toggles the help
            return
        title = {
            "RequestListScreen": "request list",
            "RequestScreen": "request",
            "QuestionStepper": "question stepper",
            "LinkDialog": "link dialog",
            "StatsScreen": "statistics",
            "FixMenu": "fix the split",
            "SplitDialog": "split a question",
            "DisclosureLogScreen": "disclosure log",
        }.get(type(self.screen).__name__, type(self.screen).__name__)
        self.push_screen(HelpScreen(title, help_rows(self, self.screen)))

    def action_stats(self) -> None:
        from foitui.tui.screens.stats import StatsScreen

        if not isinstance(self.screen, StatsScreen):
            self.push_screen(StatsScreen())

    def action_disclosure_log(self) -> None:
        from foitui.tui.screens.disclosure_log import DisclosureLogScreen

        if not isinstance(self.screen, DisclosureLogScreen):
            self.push_screen(DisclosureLogScreen())

    def _to_list(self) -> RequestListScreen:
        while len(self.screen_stack) > 1:
            self.pop_screen()
        return self.list_screen

    def list_view(self, view: str) -> None:
        self._to_list().action_view(view)

    def list_queue(self, queue: str | None) -> None:
        """The list on a queue: an officer's or team's open requests ("" nobody's)."""
        self._to_list().set_queue(queue)

    def choose_queue(self) -> None:
        self._to_list().choose_queue()

    def list_status(self, status: Status | None) -> None:
        self._to_list().set_status_filter(status.value if status else "any")

    def list_sort(self, sort: str) -> None:
        self._to_list().set_sort(sort)

    # ------------------------------------------------------------------ import and export

    def action_import(self) -> None:
        if not self.can_edit():
            return
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if not text:
                return "Type the path of a file"
            return None if Path(text).expanduser().is_file() else f"No file {text!r}"

        self.push_screen(
            PromptScreen(
                "Import requests from a file",
                placeholder="path to a .tsv, .csv, .jsonl or .json file",
                check=check,
            ),
            lambda text: self.import_file(Path(text).expanduser(), False) if text else None,
        )

    def on_unmount(self) -> None:
        if self.glyphs.ascii:
            _plain_scrollbars(False)

    async def action_quit(self) -> None:
        self.quit_app()

    def quit_app(self) -> None:
        """Quit; while an import runs, only once the user agrees to stop it. (The store takes
        an import whole or not at all: it is left as it was, or with the whole import if its
        files were already being written.)"""
        if not any(w.group == "import" and not w.is_finished for w in self.workers):
            self.exit()
            return
        from foitui.tui.screens.confirm import ConfirmScreen

        def answered(abandon: bool | None) -> None:
            if abandon:
                self.exit()

        self.push_screen(ConfirmScreen("An import is still running. Quit and stop it?"), answered)

    @work(thread=True, exclusive=True, group="import", exit_on_error=False)
    def import_file(self, path: Path, skip_bad: bool) -> None:
        from foitui.importing import ImportStopped, load_corpus

        # A big file takes a while (a minute at 100,000 requests): how it is getting on is
        # shown in the header meanwhile, and the header put back after.
        sub_title = self.sub_title

        def report(text: str) -> None:
            self.call_from_thread(setattr, self, "sub_title", f"importing · {text}")

        try:
            imported, duplicates, errors = load_corpus(
                self.store, [path], fmt="auto", skip_bad=skip_bad, report=report
            )
        except ImportStopped as stopped:
            text = f"{stopped.errors[0]}\n{str(stopped)[0].upper()}{str(stopped)[1:]}."
            self.post_message(self.TaskDone(text, error=True, changed=True))
            return
        except (FoituiError, OSError) as error:
            self.post_message(self.TaskDone(f"import failed: {error}", error=True))
            return
        finally:
            self.call_from_thread(setattr, self, "sub_title", sub_title)
        if errors and not skip_bad:
            self.post_message(self.ImportFailed(path, errors))
            return
        skipped = counted(duplicates, "duplicate")
        text = f"imported {imported}, skipped {skipped}, {counted(len(errors), 'error')}"
        self.post_message(self.TaskDone(text, changed=bool(imported)))

    def on_foitui_app_import_failed(self, message: ImportFailed) -> None:
        from foitui.tui.screens.confirm import ConfirmScreen

        count = len(message.errors)
        self.notify(
            f"{counted(count, 'error')}, nothing imported. First: {message.errors[0]}",
            severity="error",
            markup=False,
        )
        self.push_screen(
            ConfirmScreen(
                f"{counted(count, 'record')} of {message.path.name} "
                f"{'has an error' if count == 1 else 'have errors'}, so nothing was imported."
                f"\nImport the good records and skip the bad {'one' if count == 1 else 'ones'}?"
            ),
            lambda yes: self.import_file(message.path, True) if yes else None,
        )

    def action_export(self) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        def check(text: str) -> str | None:
            if Path(text).suffix.lower() not in EXPORT_FORMATS:
                return "End the file name with .json, .jsonl, .csv or .md (the format)"
            return None

        self.push_screen(
            PromptScreen(
                "Export every request to a file",
                placeholder="e.g. ~/foi-export.csv (.json .jsonl .csv .md)",
                check=check,
            ),
            lambda text: self.export_to(Path(text).expanduser()) if text else None,
        )

    def export_to(self, path: Path) -> None:
        """Export to `path`; a file already there is replaced only once the user agrees."""
        if not path.is_file():  # a directory or a device: the export reports the error
            self.export_file(path)
            return
        from foitui.tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self.export_file(path, replace=True)
            else:
                self.notify(f"Nothing exported: {path} was left as it was.", markup=False)

        self.push_screen(
            ConfirmScreen(f"{path.name} already exists. Replace it with the export?"), answered
        )

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def export_file(self, path: Path, *, replace: bool = False) -> None:
        from foitui.export import export

        try:
            count = export(self.store, EXPORT_FORMATS[path.suffix.lower()], path, replace=replace)
        except (FoituiError, OSError) as error:
            self.post_message(self.TaskDone(f"export failed: {error}", error=True))
            return
        self.post_message(self.TaskDone(f"exported {counted(count, 'request')} to {path}"))
