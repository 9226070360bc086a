"""A preview of the letter that goes out for one request, as `foitui letter` writes it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from foitui.errors import FoituiError
from foitui.tui.labels import safe
from foitui.tui.screens.text_dialog import RequestTextDialog, scroll_bindings

KIND_LABEL = {
    "acknowledgement": "acknowledgement (states the due date)",
    "response": "response (every question with its answer, refusal notices, rights)",
    "review": "internal review's answer",
}


class LetterScreen(RequestTextDialog):
    """Opened from the request view (`L`) after choosing the kind of letter. Read-only: the text
    is the plain-text letter; `foitui letter ID --kind K -o FILE` writes it to a file."""

    PART = "letter"
    HEADING = "Letter for request #{request_id}"
    KEYS_HINT = "j/k scroll · escape close · foitui letter ID --kind K -o FILE writes it"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="letter.close"),
        *scroll_bindings("letter"),
    ]

    def __init__(self, request_id: str, kind: str) -> None:
        super().__init__(request_id)
        self.kind = kind

    def on_mount(self) -> None:
        self.show_text(Text(safe(self.letter_text())))

    def letter_text(self) -> str:
        from foitui.costs import estimate
        from foitui.law.letters import letter
        from foitui.views import review_of

        store = self.store
        try:
            request = store.get(self.request_id)
            has_hours = any(q.hours is not None for q in request.questions)
            return letter(
                request,
                self.kind,
                settings=store.settings(),
                today=self.foitui.today,
                review=review_of(store, request),
                cost=estimate(store, self.request_id) if has_hours else None,
                width=10_000,  # the dialog wraps paragraphs to its own width
            )
        except FoituiError as error:
            return str(error)
