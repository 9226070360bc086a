"""Counts by status, outcome and exemption, and the on-time rate (as `foitui stats`)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Header, Static

from foitui.errors import FoituiError
from foitui.tui.labels import safe
from foitui.tui.screens.base import FoituiScreen
from foitui.tui.widgets.key_footer import KeyFooter


class StatsScreen(FoituiScreen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "app.pop_screen", "Back", id="stats.back", priority=True),
        Binding("down,j", "scroll(1)", "Down", id="stats.down", show=False, priority=True),
        Binding("up,k", "scroll(-1)", "Up", id="stats.up", show=False, priority=True),
        Binding(
            "pagedown,ctrl+f",
            "page(1)",
            "Page down",
            id="stats.page_down",
            show=False,
            priority=True,
        ),
        Binding(
            "pageup,ctrl+b", "page(-1)", "Page up", id="stats.page_up", show=False, priority=True
        ),
    ]

    class Computed(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__(classes="stats-screen")

    def compose(self) -> ComposeResult:
        yield Header(icon=self.foitui.glyphs.icon)
        yield Static(Text("Statistics"), id="stats-heading")
        with VerticalScroll(id="stats-body", can_focus=False):
            yield Static(Text("Counting…"), id="stats-text")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.compute()

    @work(thread=True, exclusive=True, group="stats", exit_on_error=False)
    def compute(self) -> None:
        from foitui.stats import compute_stats, stats_text

        try:
            text = stats_text(compute_stats(self.store, today=self.foitui.today))
        except FoituiError as error:
            text = str(error)
        self.post_message(self.Computed(text))

    def on_stats_screen_computed(self, message: Computed) -> None:
        # Authority names and cited codes come from imported files: text, never markup.
        self.query_one("#stats-text", Static).update(Text(safe(message.text).rstrip()))

    def store_changed(self, ids: set[str] | None) -> None:
        self.compute()

    def action_scroll(self, step: int) -> None:
        self.query_one("#stats-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#stats-body", VerticalScroll)
        body.scroll_page_down(animate=False) if step > 0 else body.scroll_page_up(animate=False)
