"""The command palette (ctrl+p): the app's real commands, found by typing part of a name."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, cast

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from foitui.kinds import Status
from foitui.tui.labels import clip, one_line
from foitui.tui.listing import SORT_CYCLE, SORT_LABEL, VIEWS
from foitui.wording import STATUS_WORD

if TYPE_CHECKING:
    from foitui.tui.app import FoituiApp

Command = tuple[str, Callable[[], object], str]


class FoituiCommands(Provider):
    """Commands by name; typing an id or a reference also offers to open that request."""

    @property
    def foitui(self) -> FoituiApp:
        return cast("FoituiApp", self.app)

    def commands(self) -> list[Command]:
        app = self.foitui
        commands: list[Command] = [
            (
                "Open request by id or reference…",
                app.action_open_prompt,
                "Type an id (12) or a reference (FOI 11726)",
            ),
            (
                "Import a file…",
                app.action_import,
                "Add requests from a TSV, CSV, JSONL or JSON file",
            ),
            ("Export…", app.action_export, "Write every request as JSON, JSONL, CSV or Markdown"),
            (
                "Disclosure log…",
                app.action_disclosure_log,
                "Preview every redaction, add staff names, then write the log to a file",
            ),
            ("Statistics", app.action_stats, "Counts by status, outcome, exemption; on-time rate"),
            ("Undo last change", app.action_undo, "Put back what your last edit changed"),
            ("Keys of this screen", app.action_help, "Every key of the current screen"),
            ("Quit", app.action_quit, "Leave foitui (every edit is already saved)"),
        ]
        for view, label in VIEWS.items():
            commands.append(
                (f"View: {label}", partial(app.list_view, view), f"Show {label} in the list")
            )
        commands += [
            ("Queue: mine", partial(app.list_queue, app.store.user), "My open requests"),
            ("Queue: unassigned", partial(app.list_queue, ""), "Open requests nobody holds"),
            ("Queue: choose…", app.choose_queue, "An officer's or a team's open requests"),
        ]
        for status in Status:
            commands.append(
                (
                    f"Filter: status {STATUS_WORD[status]}",
                    partial(app.list_status, status),
                    f"Show only requests whose status is {status.value}",
                )
            )
        commands.append(("Filter: any status", partial(app.list_status, None), "Clear the filter"))
        for sort in SORT_CYCLE:
            label = SORT_LABEL[sort]
            commands.append((f"Sort: {label}", partial(app.list_sort, sort), f"Order {label}"))
        return commands

    def all_commands(self) -> list[tuple[Command, bool]]:
        """The app's commands, then Textual's own (theme, screenshot), each with whether it is
        the app's. One provider keeps that order: the palette shows each provider's hits as
        they arrive, which put Textual's first."""
        system = [
            ((command.title, command.callback, command.help), False)
            for command in self.foitui.get_system_commands(self.screen)
        ]
        return [(command, True) for command in self.commands()] + system

    async def discover(self) -> Hits:
        for (name, callback, help_text), _ in self.all_commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        app = self.foitui
        # A typed id or reference: offer that request first (a dictionary look-up, instant).
        rid = app.find_request(query)
        if rid is not None:
            row = app.store.summary(rid)
            name = f"Open #{rid} {one_line(row.ref)} {clip(one_line(row.title), 40)}"
            # Content(), not markup: the title is request text.
            yield Hit(
                1.0,
                Content(name),
                partial(app.open_request, rid),
                text=name,
                help="Open this request",
            )
        matcher = self.matcher(query)
        for (name, callback, help_text), ours in self.all_commands():
            # An equally good match: the app's command before Textual's.
            score = matcher.match(name) * (1.0 if ours else 0.5)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)
