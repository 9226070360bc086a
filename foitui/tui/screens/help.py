"""Every key of the screen underneath, with what it does (including keys the footer hides)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label, Static

from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint

# Textual's own text-selection copy key: not something this app offers.
HIDDEN_ACTIONS = frozenset({"screen.copy_text", "copy_text"})
# tab and shift+tab (every screen has them): listed only where there are fields to move between.
FOCUS_ACTIONS = frozenset({"app.focus_next", "app.focus_previous", "focus_next", "focus_previous"})


PLACES = {
    "RequestTable": "the list",
    "Input": "a text box",
    "ExemptionList": "the exemption list",
    "OptionList": "the list",
}


@dataclass(frozen=True, slots=True)
class HelpRow:
    section: str
    keys: str
    description: str


def _section(node: DOMNode, screen: Screen, binding: Binding) -> str:
    if binding.id is None:
        return "Textual"  # keys every Textual app has (tab between fields, ctrl+q)
    if isinstance(node, App):
        return "Everywhere"
    if node is screen:
        return "This screen"
    name = type(node).__name__
    return f"In {PLACES.get(name, name)}"


def help_rows(app: App, screen: Screen) -> list[HelpRow]:
    """The screen's active bindings (keymaps applied), grouped by where they apply."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    # With fewer than two widgets that take focus, tab does nothing: it is not listed.
    hidden = HIDDEN_ACTIONS if len(screen.focus_chain) > 1 else HIDDEN_ACTIONS | FOCUS_ACTIONS
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if not binding.description or binding.system or binding.action in hidden:
            continue
        if binding.id is None and not isinstance(active.node, App):
            # A Textual widget's own keys (a scroll view's "Scroll Left", "Page Left"): the
            # app's keys do the moving, and these do nothing where nothing scrolls sideways.
            continue
        section = _section(active.node, screen, binding)
        description = binding.description
        if binding.tooltip:
            description = f"{description}: {binding.tooltip}"
        group = (section, binding.action, description)
        if binding.key_display and binding.key_display in grouped.get(group, []):
            continue
        display = binding.key_display or app.get_key_display(binding)
        grouped.setdefault(group, []).append(display or key)
    order = {"This screen": 0, "Everywhere": 2, "Textual": 3}
    rows = [
        HelpRow(section, " ".join(dict.fromkeys(keys)), description)
        for (section, _action, description), keys in grouped.items()
    ]
    # Keys that share a description ("Question by number" on 1..9) read as one row.
    merged: dict[tuple[str, str], HelpRow] = {}
    for row in rows:
        existing = merged.get((row.section, row.description))
        if existing is None:
            merged[(row.section, row.description)] = row
        elif row.keys not in existing.keys.split(" "):
            merged[(row.section, row.description)] = HelpRow(
                row.section, f"{existing.keys} {row.keys}", row.description
            )
    return sorted(merged.values(), key=lambda r: order.get(r.section, 1))


class HelpScreen(FoituiModal[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="help.close"),
        # ? opened the help; again, it closes it (a toggle, as h in the history).
        Binding("question_mark", "close", "Close", id="help.toggle", show=False),
        Binding("down,j", "scroll(1)", "Down", id="help.down", show=False),
        Binding("up,k", "scroll(-1)", "Up", id="help.up", show=False),
        Binding("pagedown,ctrl+f", "page(1)", "Page down", id="help.page_down", show=False),
        Binding("pageup,ctrl+b", "page(-1)", "Page up", id="help.page_up", show=False),
        Binding("home,g", "ends(0)", "Top", id="help.top", show=False),
        Binding("end,G", "ends(1)", "Bottom", id="help.bottom", show=False),
    ]

    def __init__(self, title: str, rows: Sequence[HelpRow]) -> None:
        super().__init__(classes="help")
        self.help_title = title
        self.rows = list(rows)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Keys: {self.help_title}", classes="dialog-title", markup=False)
            with VerticalScroll(id="help-body"):
                yield Static(self.render_rows(), id="help-text")
            yield keys_hint("j/k scroll · escape close")

    def render_rows(self) -> Group:
        """One two-column table per section, so long descriptions wrap beside their keys."""
        parts: list[Text | Table] = []
        for section in dict.fromkeys(row.section for row in self.rows):
            if parts:
                parts.append(Text(""))
            parts.append(Text(section, style="bold underline"))
            table = Table.grid(padding=(0, 2))
            table.add_column(width=10, style="bold", no_wrap=True)
            table.add_column(ratio=1)
            for row in self.rows:
                if row.section == section:
                    table.add_row(row.keys, row.description)
            parts.append(table)
        return Group(*parts)

    def plain_text(self) -> str:
        """The rows as plain lines (for tests and screen readers' copy)."""
        return "\n".join(f"{row.section}: {row.keys} {row.description}" for row in self.rows)

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_page_down(animate=False) if step > 0 else body.scroll_page_up(animate=False)

    def action_ends(self, end: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_end(animate=False) if end else body.scroll_home(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
