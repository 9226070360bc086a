"""A dialog's line of keys ("enter choose · escape cancel"), wrapped between its phrases."""

from __future__ import annotations

from textual.widgets import Static

from foitui.tui.phrases import Phrases


def keys_hint(text: str, *, id: str | None = None) -> Static:
    """The line of keys at the foot of a dialog: a narrow terminal breaks it between two
    keys' phrases, never between a key and what it does."""
    return Static(Phrases.of(text), classes="dialog-keys", id=id)
