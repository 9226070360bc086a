"""What each key means across the app's screens: one meaning per key.

A key bound on more than one screen does one kind of thing on all of them (docs/keys.md, "One
meaning per key"). Each such binding is listed here, by its id, under the one meaning it
serves; tests/test_docs.py checks that every binding of a key shared between screens is listed,
that all the bindings of one key are under the same meaning, and that docs/keys.md's table says
the same. A new binding on a shared key joins the key's meaning, or takes another key.
"""

from __future__ import annotations

#: Meaning -> (what it is, in the words of docs/keys.md; the binding ids that do it).
MEANINGS: dict[str, tuple[str, tuple[str, ...]]] = {
    "help": ("the keys of this screen (in the help: close it)", ("app.help", "help.toggle")),
    "back": (
        "back: close this screen or dialog, or cancel it (the list: back to the open queue, "
        "or quit with `q`)",
        (
            "list.clear",
            "list.quit",
            "request.back",
            "stepper.back",
            "link.cancel",
            "exemptions.cancel",
            "fix.cancel",
            "split.cancel",
            "clock.close",
            "letter.close",
            "disclosure.close",
            "history.close",
            "chain.back",
            "stats.back",
            "help.close",
            "metadata.cancel",
            "choice.cancel",
            "prompt.cancel",
            "confirm.no",
        ),
    ),
    "enter": (
        "open or confirm what is selected",
        (
            "list.open",
            "request.step",
            "exemptions.save",
            "split.here",
            "prompt.ok",
            "confirm.yes",
        ),
    ),
    "down": (
        "move down: the next row, question or line",
        (
            "list.down",
            "list.search_down",
            "request.next",
            "stepper.next",
            "stepper.scroll_down",
            "link.down",
            "exemptions.to_list",
            "exemptions.down",
            "fix.down",
            "clock.down",
            "letter.down",
            "disclosure.down",
            "history.down",
            "chain.down",
            "stats.down",
            "help.down",
            "choice.down",
        ),
    ),
    "up": (
        "move up: the previous row, question or line",
        (
            "list.up",
            "list.search_up",
            "request.prev",
            "stepper.prev",
            "stepper.scroll_up",
            "link.up",
            "exemptions.up",
            "fix.up",
            "clock.up",
            "letter.up",
            "disclosure.up",
            "history.up",
            "chain.up",
            "stats.up",
            "help.up",
            "choice.up",
        ),
    ),
    "page down": (
        "a page down",
        (
            "list.page_down",
            "request.page_down",
            "stepper.page_down",
            "exemptions.page_down",
            "stats.page_down",
            "help.page_down",
        ),
    ),
    "page up": (
        "a page up",
        (
            "list.page_up",
            "request.page_up",
            "stepper.page_up",
            "exemptions.page_up",
            "stats.page_up",
            "help.page_up",
        ),
    ),
    "first": (
        "the first row or question, the top",
        ("list.first", "request.top", "stepper.first", "exemptions.first", "help.top"),
    ),
    "last": (
        "the last row or question, the bottom",
        ("list.last", "request.bottom", "stepper.last", "exemptions.last", "help.bottom"),
    ),
    "number": (
        "choose by number: the question, link kind or correction numbered so on screen",
        (
            *(f"stepper.digit{digit}" for digit in "123456789"),
            *(f"link.kind{number}" for number in "12345"),
            "fix.split",
            "fix.merge",
            "fix.relabel",
            "fix.move",
        ),
    ),
    "go to": (
        "go to a request (the list) or a question (the stepper) by id, label or number",
        ("list.jump", "stepper.goto"),
    ),
    "search": ("search", ("list.search", "link.search")),
    "save": ("save, or write the file", ("disclosure.write", "metadata.save")),
    "note": (
        "write a note (the request view: a case note)",
        ("stepper.note", "link.note", "request.case_note"),
    ),
    "assign": (
        "assign the request to an officer or a team, or unassign it",
        ("list.assign", "request.assign"),
    ),
    "history": (
        "the history of the request (in it: close it)",
        ("request.history", "history.toggle"),
    ),
    "status": (
        "status: show one status (the list), set it (the request)",
        ("list.filter_status", "request.status"),
    ),
    "exemptions": (
        "exemptions: show the requests citing one (the list), pick them (the stepper)",
        ("list.filter_exemption", "stepper.exemptions"),
    ),
    "clarification": (
        "clarification: requests waiting for it (the list), the outcome (the stepper), the "
        "clock stop (the clock)",
        ("list.view_clarif", "stepper.clarify", "clock.clarification"),
    ),
    "the split": (
        "the split: requests whose parse needs checking (the list), fix it (request, stepper)",
        ("list.view_check", "request.fix", "stepper.fix"),
    ),
}


def meaning_of(binding_id: str) -> str | None:
    """The meaning a binding serves, or None if its keys belong to one screen only."""
    for meaning, (_, ids) in MEANINGS.items():
        if binding_id in ids:
            return meaning
    return None
