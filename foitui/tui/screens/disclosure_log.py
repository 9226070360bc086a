"""The disclosure log in the app: review every redaction, add staff names, then write the file.

As `foitui disclosure-log --preview` then `-o FILE`: nothing is written until the officer has
seen the redactions the log would make (and may add the names of staff to redact, which re-runs
the preview). The file's format comes from its name (.html, .csv, .md); a file already there is
replaced only once the officer confirms.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Static

from foitui.errors import FoituiError
from foitui.tui.labels import safe
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint

#: The file name's ending chooses the format, as `--format` does on the command line.
SUFFIX_FORMATS = {".html": "html", ".htm": "html", ".csv": "csv", ".md": "md"}


def parse_names(text: str) -> list[str]:
    """Staff names typed as "Bob Roberts, Ann Smith" (commas or semicolons between)."""
    return [name.strip() for name in text.replace(";", ",").split(",") if name.strip()]


class DisclosureLogScreen(FoituiModal[None]):
    """Opened from the request list (`D`, or "Disclosure log…" in the command palette)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close", id="disclosure.close"),
        Binding(
            "ctrl+s",
            "write",
            "Write the log",
            id="disclosure.write",
            tooltip="Ask for the file (.html .csv .md) and write the log as previewed",
        ),
        Binding("down", "scroll(1)", "Down", id="disclosure.down", show=False),
        Binding("up", "scroll(-1)", "Up", id="disclosure.up", show=False),
    ]

    def __init__(self) -> None:
        super().__init__(classes="disclosure")
        self.names: list[str] = []
        self.entries: list = []  # type: ignore[type-arg]
        self.found: list = []  # type: ignore[type-arg]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Disclosure log: every redaction", classes="dialog-title", markup=False)
            with VerticalScroll(id="disclosure-body"):
                yield Static(Text(""), id="disclosure-text")
            yield Label("Staff names to redact too (commas between):", markup=False)
            yield Input(
                placeholder="e.g. Bob Roberts, Ann Smith (enter: preview again)",
                id="disclosure-names",
                compact=True,
            )
            yield keys_hint(
                "enter preview again · ctrl+s write the file · up/down scroll · escape close",
            )

    def on_mount(self) -> None:
        super().on_mount()
        self.preview()
        self.set_focus(self.query_one("#disclosure-names", Input))

    # ------------------------------------------------------------------ preview

    def preview(self) -> None:
        """Build the log with the names given so far and show every redaction it makes."""
        from foitui import disclosure

        self.entries, self.found = disclosure.build(self.store.iter_requests(), names=self.names)
        self.show_text(Text(safe(self.preview_text())))

    def preview_text(self) -> str:
        lines = [
            f"{len(self.entries)} closed requests, {len(self.found)} redactions"
            + (f"; staff names: {', '.join(self.names)}" if self.names else "")
            + ". Nothing is written until ctrl+s.",
            "",
        ]
        lines.extend(redaction.describe() for redaction in self.found)
        if not self.found:
            lines.append("No redactions.")
        return "\n".join(lines)

    def show_text(self, text: Text) -> None:
        self.query_one("#disclosure-text", Static).update(text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.names = parse_names(event.value)
        self.preview()

    def action_scroll(self, step: int) -> None:
        self.query_one("#disclosure-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)

    # ------------------------------------------------------------------ writing

    def action_write(self) -> None:
        from foitui.tui.screens.prompt import PromptScreen

        # The names in the box are the ones written, even if enter was not pressed after them.
        names = parse_names(self.query_one("#disclosure-names", Input).value)
        if names != self.names:
            self.names = names
            self.preview()

        def check(text: str) -> str | None:
            if Path(text).suffix.lower() not in SUFFIX_FORMATS:
                return "End the file name with .html, .csv or .md (the format)"
            return None

        self.app.push_screen(
            PromptScreen(
                "Write the disclosure log to a file",
                placeholder="e.g. ~/disclosure-log.html (.html .csv .md)",
                check=check,
            ),
            lambda text: self.write_to(Path(text).expanduser()) if text else None,
        )

    def write_to(self, path: Path) -> None:
        """Write to `path`; a file already there is replaced only once the officer agrees."""
        if not path.exists():
            self.write_file(path, replace=False)
            return
        from foitui.tui.screens.confirm import ConfirmScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self.write_file(path, replace=True)
            else:
                self.notify(f"Nothing written: {path} was left as it was.", markup=False)

        self.app.push_screen(
            ConfirmScreen(f"{path.name} already exists. Replace it with the disclosure log?"),
            answered,
        )

    def write_file(self, path: Path, *, replace: bool) -> None:
        from foitui import disclosure
        from foitui.export import write_output

        try:
            text = disclosure.render(self.entries, SUFFIX_FORMATS[path.suffix.lower()])
            write_output(path, text, force=replace)
        except (FoituiError, OSError) as error:
            self.notify(f"Disclosure log not written: {error}", severity="error", markup=False)
            return
        self.notify(
            f"Wrote {len(self.entries)} requests to {path} with {len(self.found)} redactions.",
            markup=False,
        )
        self.dismiss(None)
