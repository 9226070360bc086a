"""The statutory clock of one request: how the due date was reached, and keys to change it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen

from foitui import deadlines
from foitui.errors import FoituiError
from foitui.kinds import Law
from foitui.refs import ascii_number
from foitui.store import records
from foitui.tui.labels import counted, one_line
from foitui.tui.screens.text_dialog import RequestTextDialog, scroll_bindings

STOP_LABEL = {"clarification": "clarification sought", "fees": "fees notice"}
STOP_END_LABEL = {"clarification": "received", "fees": "paid"}


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def _check_date(text: str) -> str | None:
    return None if not text or parse_date(text) else "A date as YYYY-MM-DD, e.g. 2024-03-20"


def ask_date(screen: Screen[Any], title: str, today: date, then: Callable[[date], None]) -> None:
    """Ask for a date (empty: today) and call `then` with it; escape asks nothing. The input
    starts empty (a placeholder shows today) so that a date typed ahead, before the prompt has
    focus, is not appended to a prefilled one."""
    from foitui.tui.screens.prompt import PromptScreen

    def chosen(text: str | None) -> None:
        if text is not None:
            day = parse_date(text) if text else today
            if day:
                then(day)

    screen.app.push_screen(
        PromptScreen(
            f"{title} (YYYY-MM-DD; empty: today)",
            placeholder=f"today, {today.isoformat()}",
            check=_check_date,
        ),
        chosen,
    )


class ClockScreen(RequestTextDialog):
    """Opened from the request view. Every key saves at once through the app (errors notified)."""

    PART = "clock"
    HEADING = "Clock of request #{request_id}"
    KEYS_HINT = (
        "c clarification sought/received · f fees notice/paid\n"
        "E extension (EIR reg. 7, FOIA s.10(3)) · d date responded · escape close"
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="clock.close"),
        Binding(
            "c",
            "stop_or_restart('clarification')",
            "Clarification",
            id="clock.clarification",
            tooltip="Clarification sought: stop the clock; once stopped, clarification "
            "received: restart it",
        ),
        Binding(
            "f",
            "stop_or_restart('fees')",
            "Fees",
            id="clock.fees",
            tooltip="Fees notice: pause the clock; once paused, fee paid: restart it",
        ),
        Binding(
            "E",
            "extension",
            "Extension",
            id="clock.extension",
            tooltip="EIR and EISR reg. 7: to 40 working days; FOIA s.10(3): the public "
            "interest extension, 20 more working days expected",
        ),
        Binding("d", "responded", "Responded", id="clock.responded", tooltip="Date responded"),
        *scroll_bindings("clock"),
    ]

    def on_mount(self) -> None:
        # The base dialog's on_mount runs too: Textual calls every class's handler.
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
            store = self.store
            limit = records.limit_of(
                row.received,
                row.law,
                triage,
                store.receipt_day(),
                store.body_type(),
                store.school_closures(),
            )
            lines = deadlines.deadline_explanation(
                row.received,
                row.law,
                days=limit.days if limit else None,
                provision=f"{limit.provision}; {limit.note}"
                if limit and limit.note
                else (limit.provision if limit else None),
                stops=records.clock_stops(triage),
                extension_days=int(triage.get("extension_days") or 0),
                extension_notice=records._date(triage.get("extension_notice")),
                today=today,
                receipt_day=self.store.receipt_day(),
            )
            text.append("\n".join(one_line(line) for line in lines))
            text.append("\n")
        text.append("\nDue ", style="bold")
        text.append(row.due.isoformat() if row.due else "none (clock stopped or no receipt)")
        responded = row.responded  # set by hand, or as imported
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
            text.append(f"\nExtension: {counted(extension, 'working day')}")
        return text

    def show(self) -> None:
        self.show_text(self.describe())

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
        if self.foitui.can_edit():
            ask_date(self, title, self.foitui.today, then)

    def _save(self, action: Callable[[], object]) -> None:
        self.foitui.edit(action)  # type: ignore[arg-type]
        self.show()

    def action_stop(self, kind: str) -> None:
        request_id = self.request_id

        def save(day: date) -> None:
            self._save(lambda: self.store.start_stop(request_id, kind, day))

        self._ask_date(f"{STOP_LABEL[kind].capitalize()} on", save)

    def action_stop_or_restart(self, kind: str) -> None:
        """One key per kind of stop: it starts one, or ends the one still running."""
        stops = self._triage().get("stops") or []
        if any(stop.get("kind") == kind and not stop.get("end") for stop in stops):
            self.action_restart(kind)
        else:
            self.action_stop(kind)

    def action_extension(self) -> None:
        """The extension the request's law allows: EIR/EISR reg. 7, or FOIA s.10(3)."""
        try:
            law = self.store.summary(self.request_id).law
        except FoituiError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        from foitui.law.regimes import regime

        rules = regime(law)
        if rules.extension_reason == "eir":
            self.action_eir_extension()
        elif rules.extension_reason == "pit":
            self.action_pit_extension()
        else:
            self.notify(
                f"{rules.name} has no extension of the 20 working days.",
                severity="error",
                markup=False,
            )

    def action_restart(self, kind: str) -> None:
        request_id = self.request_id
        label = "Clarification received" if kind == "clarification" else "Fee paid"

        def save(day: date) -> None:
            self._save(lambda: self.store.end_stop(request_id, kind, day))

        self._ask_date(f"{label} on", save)

    def _law_is(self, laws: tuple[Law, ...], refusal: str) -> bool:
        """Whether the request is under one of `laws`; if not, `refusal` is shown as an error."""
        try:
            actual = self.store.summary(self.request_id).law
        except FoituiError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        if actual not in laws:
            self.notify(refusal, severity="error", markup=False)
            return False
        return True

    def action_eir_extension(self) -> None:
        refusal = "The reg. 7 extension to 40 days applies to EIR and EISR requests only."
        if not self._law_is((Law.EIR, Law.EISR), refusal):
            return
        if not self.foitui.can_edit():
            return
        request_id = self.request_id
        self._save(lambda: self.store.set_extension(request_id, 20, "eir"))

    def action_pit_extension(self) -> None:
        refusal = "The public interest extension (s.10(3)) applies to FOIA requests only."
        if not self._law_is((Law.FOI,), refusal):
            return
        request_id = self.request_id
        top = deadlines.PIT_MAX_EXTRA_DAYS
        cap = deadlines.PIT_TYPO_GUARD_DAYS

        def check(text: str) -> str | None:
            if ascii_number(text, digits=3) is not None and 0 <= int(text) <= cap:
                return None
            return f"A number of working days, 1 to {cap} (0 removes the extension)"

        def save(text: str) -> None:
            self._save(lambda: self.store.set_extension(request_id, int(text), "pit"))
            if int(text) > top:
                # FOIA s.10(3) allows "such time as is reasonable": allowed, with a warning.
                self.notify(
                    f"More than {top} extra working days: the ICO expects that only in "
                    "exceptional cases.",
                    severity="warning",
                )

        current = str(int(self._triage().get("extension_days") or 0) or "")
        self._ask(f"Public interest extension: working days (1-{top})", current, check, save)

    def _unsigned(self) -> bool:
        """The request needs clearance and has none (foitui/team.py)."""
        from foitui.team import unsigned_response

        try:
            return unsigned_response(
                self.store.summary(self.request_id), self.store.clearance_rule()
            )
        except FoituiError:
            return False

    def action_responded(self) -> None:
        request_id = self.request_id
        current = (self._triage().get("fields") or {}).get("responded")
        today = self.foitui.today.isoformat()

        def check(text: str) -> str | None:
            return None if text == "-" else _check_date(text)

        def save(text: str) -> None:
            value = None if text == "-" else (text or today)
            if value is None or not self._unsigned():
                self._save(lambda: self.store.set_field(request_id, "responded", value))
                return
            from foitui.tui.screens.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self._save(lambda: self.store.set_field(request_id, "responded", value))

            # Asked first, as `foitui set --responded` refuses without --force.
            self.app.push_screen(
                ConfirmScreen(
                    f"#{request_id} needs clearance and has not been cleared. "
                    f"Record it as sent on {value} anyway?"
                ),
                answered,
            )

        shown = f"now {current}" if current else "not set"
        self._ask(f"Responded on (YYYY-MM-DD; empty: today; - clears; {shown})", "", check, save)
