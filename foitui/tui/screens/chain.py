"""A request's chain: prior iterations and linked cases, oldest first; enter opens one."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from foitui import chains
from foitui.errors import FoituiError
from foitui.tui.labels import clip, one_line
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint
from foitui.tui.widgets.marked_list import MarkedOptionList
from foitui.wording import STATUS_WORD


def entry_label(entry: chains.ChainEntry, cursor: str = "▶") -> Text:
    """One case as a line (two with the outcome): date, ref/id, title, status, connection.
    `cursor` marks this request (the app's glyph for it)."""
    this = entry.connection == chains.THIS
    text = Text(f"{cursor} " if this else "  ", style="bold")
    text.append(entry.received.isoformat() if entry.received else "(no date) ")
    text.append("  ")
    name = one_line(entry.ref or "") or (f"#{entry.id}" if entry.id else "external")
    if entry.id and entry.ref:
        name = f"{name} #{entry.id}"
    text.append(name, style="bold")
    text.append("  ")
    text.append(clip(one_line(entry.title), 60))
    details = [
        "this request" if this else one_line(entry.connection),
        STATUS_WORD[entry.status] if entry.status else "",
        one_line(entry.outcome),
    ]
    text.append("\n    ")
    text.append(" · ".join(d for d in details if d), style="italic")
    # Each line cut with "…" at the dialog's width, rather than wrapped under the date.
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text


class ChainScreen(FoituiModal[str | None]):
    """Returns the id of the case chosen with enter (None on escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "cancel", "Back", id="chain.back"),
        Binding("j", "cursor_down", "Down", id="chain.down", show=False),
        Binding("k", "cursor_up", "Up", id="chain.up", show=False),
    ]

    class Loaded(Message):
        def __init__(self, chain: chains.Chain | None, error: str = "") -> None:
            super().__init__()
            self.chain = chain
            self.error = error

    def __init__(self, request_id: str) -> None:
        super().__init__(classes="chain")
        self.request_id = request_id
        self.chain: chains.Chain | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Chain of request #{self.request_id}", classes="dialog-title", markup=False
            )
            yield Label("Loading…", id="chain-status", markup=False)
            yield MarkedOptionList(id="chain-list", compact=True)
            yield keys_hint("enter open · j/k move · escape back")

    def on_mount(self) -> None:
        # The base dialog's on_mount runs too: Textual calls every class's handler.
        self.load()

    @work(thread=True, exclusive=True, group="chain", exit_on_error=False)
    def load(self) -> None:
        # Follows links and references through the corpus on disk: off the event loop.
        try:
            self.post_message(self.Loaded(chains.chain(self.store, self.request_id)))
        except FoituiError as error:
            self.post_message(self.Loaded(None, str(error)))

    def on_chain_screen_loaded(self, message: Loaded) -> None:
        status = self.query_one("#chain-status", Label)
        if message.chain is None:
            status.update(message.error)
            return
        self.chain = message.chain
        entries = message.chain.entries
        count = f"{len(entries)} case{'s' if len(entries) != 1 else ''}, oldest first"
        if message.chain.truncated:
            count += " (there may be more)"
        if len(entries) <= 1:
            count = "No earlier or linked cases: this request stands alone."
        status.update(count)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            Option(
                entry_label(entry, self.foitui.glyphs.cursor),
                id=f"{index}",
                disabled=entry.id is None,
            )
            for index, entry in enumerate(entries)
        )
        options.highlighted = message.chain.position
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if self.chain is None or event.option.id is None:
            return
        self.dismiss(self.chain.entries[int(event.option.id)].id)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_cancel(self) -> None:
        self.dismiss(None)
