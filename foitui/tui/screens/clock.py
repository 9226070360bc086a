"""The statutory clock of one request: how the due date was reached, and keys to change it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from foitui import deadlines
from foitui.errors import FoituiError
from foitui.kinds import Law
from foitui.store import records
from foitui.tui.labels import one_line
from foitui.tui.screens.base import FoituiModal

KEYS_HINT = (
    "c/C clarification sought/received · f/F fees notice/paid\n"
    "e EIR extension · p public interest extension · r responded · escape close"
)

STOP_LABEL = {"clarification": "clarification sought", "fees": "fees notice"}
STOP_END_LABEL = {"clarification": "received", "fees": "paid"}


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _check_date(text: str) -> str | None:
    return None if not text or parse_date(text) else "A date as YYYY-MM-DD, e.g. 2024-03-20"


class ClockScreen(FoituiModal[None]):
    """Opened from the request view. Every key saves at once through the app (errors notified)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="clock.close"),
        Binding(
            "c",
            "stop('clarification')",
            "Clarification sought",
            id="clock.clarification_sought",
            tooltip="Stop the clock: clarification sought (resets it when received)",
        ),
        Binding(
            "C",
            "restart('clarification')",
            "Clarification received",
            id="clock.clarification_received",
        ),
        Binding(
            "f", "stop('fees')", "Fees notice", id="clock.fees_notice", tooltip="Pause the clock"
        ),
        Binding("F", "restart('fees')", "Fee paid", id="clock.fee_paid"),
        Binding(
            "e",
            "eir_extension",
            "EIR extension",
            id="clock.eir_extension",
            tooltip="EIR reg. 7: extend to 40 working days (EIR only)",
        ),
        Binding(
            "p",
            "pit_extension",
            "PIT extension",
            id="clock.pit_extension",
            tooltip="FOIA s.10(3): up to 20 more working days (FOIA only)",
        ),
        Binding("r", "responded", "Responded", id="clock.responded", tooltip="Date responded"),
        Binding("down,j", "scroll(1)", "Down", id="clock.down", show=False),
        Binding("up,k", "scroll(-1)", "Up", id="clock.up", show=False),
    ]

    def __init__(self, request_id: str) -> None:
        super().__init__(classes="clock")
        self.request_id = request_id

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(
                f"Clock of request #{self.request_id}", classes="dialog-title", markup=False
            )
            with VerticalScroll(id="clock-body"):
                yield Static(Text(""), id="clock-text")
            yield Label(KEYS_HINT, classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        super().on_mount()
        self.show()

    def store_changed(self, ids: set[str] | None) -> None:
        if ids is None or self.request_id in ids:
            self.show()

    # ------------------------------------------------------------------ drawing

    def _triage(self) -> dict[str, Any]:
        return self.store.triage_doc(self.request_id)

    def describe(self) -> Text:
        try:
            row = self.store.summary(self.request_id)
            triage = self._triage()
        except FoituiError as error:
            return Text(str(error))
        today = self.foitui.today
        text = Text()
        if row.received is None:
            text.append("No received date: set one with e (edit) in the request view.\n")
        else:
            lines = deadlines.deadline_explanation(
                row.received,
                row.law,
                stops=records.clock_stops(triage),
                extension_days=int(triage.get("extension_days") or 0),
                today=today,
            )
            text.append("\n".join(one_line(line) for line in lines))
            text.append("\n")
        text.append("\nDue ", style="bold")
        text.append(row.due.isoformat() if row.due else "none (clock stopped or no receipt)")
        responded = (triage.get("fields") or {}).get("responded")
        text.append(" · responded ", style="bold")
        text.append(one_line(str(responded)) if responded else "not yet")
        text.append("\n\nClock stops\n", style="bold")
        stops = triage.get("stops") or []
        if not stops:
            text.append("none")
        for stop in stops:
            kind = str(stop.get("kind"))
            text.append(
                f"{STOP_LABEL.get(kind, one_line(kind))} {one_line(str(stop.get('start')))}"
            )
            end = stop.get("end")
            if end:
                text.append(f", {STOP_END_LABEL.get(kind, 'ended')} {one_line(str(end))}")
            else:
                text.append(" (clock still stopped)")
            text.append("\n")
        text.rstrip()
        extension = int(triage.get("extension_days") or 0)
        if extension:
            text.append(f"\nExtension: {extension} working days")
        return text

    def show(self) -> None:
        self.query_one("#clock-text", Static).update(self.describe())

    # ------------------------------------------------------------------ actions

    def _ask(self, title: str, value: str, check: Callable[[str], str | None], then) -> None:  # type: ignore[no-untyped-def]
        if not self.foitui.can_edit():
            return
        from foitui.tui.screens.prompt import PromptScreen

        def chosen(text: str | None) -> None:
            if text is not None:
                then(text)

        self.app.push_screen(PromptScreen(title, value=value, check=check), chosen)

    def _ask_date(self, title: str, then: Callable[[date], None]) -> None:
        # Empty means today. The input starts empty (a placeholder shows today) so that a date
        # typed ahead, before the prompt has focus, is not appended to a prefilled one.
        today = self.foitui.today
        if not self.foitui.can_edit():
            return
        from foitui.tui.screens.prompt import PromptScreen

        def chosen(text: str | None) -> None:
            if text is not None:
                day = parse_date(text) if text else today
                if day:
                    then(day)

        self.app.push_screen(
            PromptScreen(
                f"{title} (YYYY-MM-DD; empty: today)",
                placeholder=f"today, {today.isoformat()}",
                check=_check_date,
            ),
            chosen,
        )

    def _save(self, action: Callable[[], object]) -> None:
        self.foitui.edit(action)  # type: ignore[arg-type]
        self.show()

    def action_stop(self, kind: str) -> None:
        request_id = self.request_id

        def save(day: date) -> None:
            self._save(lambda: self.store.start_stop(request_id, kind, day))

        self._ask_date(f"{STOP_LABEL[kind].capitalize()} on", save)

    def action_restart(self, kind: str) -> None:
        request_id = self.request_id
        label = "Clarification received" if kind == "clarification" else "Fee paid"

        def save(day: date) -> None:
            self._save(lambda: self.store.end_stop(request_id, kind, day))

        self._ask_date(f"{label} on", save)

    def _law(self) -> Law | None:
        try:
            return self.store.summary(self.request_id).law
        except FoituiError as error:
            self.notify(str(error), severity="error", markup=False)
            return None

    def action_eir_extension(self) -> None:
        law = self._law()
        if law is None:
            return
        if law != Law.EIR:
            self.notify(
                "The reg. 7 extension to 40 days applies to EIR requests only.",
                severity="error",
                markup=False,
            )
            return
        if not self.foitui.can_edit():
            return
        request_id = self.request_id
        self._save(lambda: self.store.set_extension(request_id, 20, "eir"))

    def action_pit_extension(self) -> None:
        law = self._law()
        if law is None:
            return
        if law != Law.FOI:
            self.notify(
                "The public interest extension (s.10(3)) applies to FOIA requests only.",
                severity="error",
                markup=False,
            )
            return
        request_id = self.request_id
        top = deadlines.PIT_MAX_EXTRA_DAYS

        def check(text: str) -> str | None:
            if text.isdigit() and 0 <= int(text) <= top:
                return None
            return f"A number of working days, 1 to {top} (0 removes the extension)"

        def save(text: str) -> None:
            self._save(lambda: self.store.set_extension(request_id, int(text), "pit"))

        current = str(int(self._triage().get("extension_days") or 0) or "")
        self._ask(f"Public interest extension: working days (1-{top})", current, check, save)

    def action_responded(self) -> None:
        request_id = self.request_id
        current = (self._triage().get("fields") or {}).get("responded")
        today = self.foitui.today.isoformat()

        def check(text: str) -> str | None:
            return None if text == "-" else _check_date(text)

        def save(text: str) -> None:
            value = None if text == "-" else (text or today)
            self._save(lambda: self.store.set_field(request_id, "responded", value))

        shown = f"now {current}" if current else "not set"
        self._ask(f"Responded on (YYYY-MM-DD; empty: today; - clears; {shown})", "", check, save)

    def action_scroll(self, step: int) -> None:
        self.query_one("#clock-body", VerticalScroll).scroll_relative(y=step, animate=False)

    def action_close(self) -> None:
        self.dismiss(None)
