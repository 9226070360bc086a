"""Every key of the screen underneath, with what it does (including keys the footer hides)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widgets import Label, Static

from foitui.tui.screens.base import FoituiModal


@dataclass(frozen=True, slots=True)
class HelpRow:
    section: str
    keys: str
    description: str


def _section(node: DOMNode, screen: Screen) -> str:
    if isinstance(node, App):
        return "Everywhere"
    if node is screen:
        return "This screen"
    return f"In the {type(node).__name__}"


def help_rows(app: App, screen: Screen) -> list[HelpRow]:
    """The screen's active bindings (keymaps applied), grouped by where they apply."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for key, active in screen.active_bindings.items():
        binding: Binding = active.binding
        if not binding.description or binding.system:
            continue
        section = _section(active.node, screen)
        group = (section, binding.action, binding.description)
        if binding.key_display and binding.key_display in grouped.get(group, []):
            continue
        display = binding.key_display or app.get_key_display(binding)
        grouped.setdefault(group, []).append(display or key)
    order = {"This screen": 0, "Everywhere": 2}
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
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", id="help.close"),
        Binding("down,j", "scroll(1)", "Down", id="help.down", show=False),
        Binding("up,k", "scroll(-1)", "Up", id="help.up", show=False),
        Binding("pagedown,space", "page(1)", "Page down", id="help.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="help.page_up", show=False),
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
            yield Label("j/k scroll · escape close", classes="dialog-keys", markup=False)

    def render_rows(self) -> Text:
        text = Text()
        section = None
        for row in self.rows:
            if row.section != section:
                if section is not None:
                    text.append("\n")
                text.append(f"{row.section}\n", style="bold underline")
                section = row.section
            text.append(f"  {row.keys:<18}", style="bold")
            text.append(f"{row.description}\n")
        text.rstrip()
        return text

    def action_scroll(self, step: int) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_page(self, step: int) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        body.scroll_page_down(animate=False) if step > 0 else body.scroll_page_up(animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
