"""Edit a request's reference, title, authority, received date and law."""

from __future__ import annotations

from datetime import date, datetime
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical
from textual.widgets import Input, Label, Select

from foitui.models import Law, Request
from foitui.tui.labels import LAW_LABEL, one_line
from foitui.tui.screens.base import FoituiModal
from foitui.tui.widgets.keys_hint import keys_hint

FIELDS = (("ref", "Reference"), ("title", "Title"), ("authority", "Authority"))
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %B %Y", "%d %b %Y")


def parse_received(text: str) -> date:
    """A date as officers type it; ValueError with a readable message otherwise."""
    for pattern in DATE_FORMATS:
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValueError(f"received: {text!r} is not a date; use YYYY-MM-DD, e.g. 2024-03-01")


class MetadataForm(FoituiModal[dict[str, str | None] | None]):
    """Returns the fields that changed (None value: cleared), or None on escape."""

    TYPE_AHEAD = True

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="metadata.save"),
        Binding("escape", "cancel", "Cancel", id="metadata.cancel"),
    ]

    def __init__(self, request: Request) -> None:
        super().__init__(classes="metadata-form")
        self.request = request
        self.before: dict[str, str] = {
            "ref": one_line(request.ref),
            "title": one_line(request.title),
            "authority": one_line(request.authority),
            "received": request.received.isoformat() if request.received else "",
            "law": request.law.value,
        }

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(f"Edit request #{self.request.id}", classes="dialog-title", markup=False)
            with Grid(id="metadata-grid"):
                for name, title in FIELDS:
                    yield Label(title, markup=False)
                    yield Input(self.before[name], id=f"field-{name}", compact=True)
                yield Label("Received", markup=False)
                yield Input(
                    self.before["received"],
                    placeholder="YYYY-MM-DD",
                    id="field-received",
                    compact=True,
                )
                yield Label("Law", markup=False)
                yield Select(
                    [(LAW_LABEL[law], law.value) for law in Law],
                    value=self.before["law"],
                    allow_blank=False,
                    id="field-law",
                    compact=True,
                )
            yield Label("", id="metadata-error", classes="error", markup=False)
            yield keys_hint(
                "enter / ctrl+s save · tab next field · escape cancel",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#field-ref", Input))

    def values(self) -> dict[str, str]:
        values = {name: self.query_one(f"#field-{name}", Input).value.strip() for name, _ in FIELDS}
        values["received"] = self.query_one("#field-received", Input).value.strip()
        values["law"] = str(self.query_one("#field-law", Select).value)
        return values

    def changes(self) -> dict[str, str | None]:
        """Changed fields, validated; ValueError names the field that is wrong."""
        values = self.values()
        if values["received"]:
            values["received"] = parse_received(values["received"]).isoformat()
        return {name: value or None for name, value in values.items() if value != self.before[name]}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        try:
            changes = self.changes()
        except ValueError as error:
            self.query_one("#metadata-error", Label).update(str(error))
            return
        self.dismiss(changes)

    def action_cancel(self) -> None:
        self.dismiss(None)
