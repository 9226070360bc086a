"""The footer: the keys an officer needs on this screen, as many as fit, `?` always.

Textual's Footer lays every shown key in a row and lets the right end fall off: at 60 columns
that was `q Quit` and `? Keys`, and the docked palette key drew over what was left. This one
measures each key and keeps, by the screen's order of importance (its FOOTER_KEYS, binding
ids; then the other shown keys), those that fit. `?` (every key of the screen) is kept first;
the palette key shows only when there is room left for it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

#: Always shown: how to find every other key.
HELP_ID = "app.help"
#: The palette key's cells: a border, "^p", a space, "palette".
PALETTE_CELLS = 11


def key_cells(key_display: str, description: str) -> int:
    """A compact footer key's width: key, space, description, and the gap after it."""
    return cell_len(key_display) + 1 + cell_len(description) + 1


class KeyFooter(Footer):
    """A compact footer that fits the keys to the width (see the module's docstring)."""

    def __init__(self, **options: Any) -> None:
        options.setdefault("compact", True)
        super().__init__(**options)
        self._laid_out_for = 0
        self._palette = False

    def shown(self, width: int) -> list[tuple[Binding, bool, str]]:
        """The (binding, enabled, tooltip) to show at `width` cells, in the order shown."""
        active = self.screen.active_bindings
        candidates: dict[str, tuple[Binding, bool, str]] = {}
        for _, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in {b.action for b, _, _ in candidates.values()}:
                candidates[binding.id or binding.action] = (binding, enabled, tooltip)
        order = list(getattr(self.screen, "FOOTER_KEYS", ()))
        ranked = [HELP_ID, *order, *(name for name in candidates if name not in order)]
        left = width
        chosen: set[str] = set()
        for name in ranked:
            if name not in candidates:
                continue
            binding = candidates[name][0]
            cells = key_cells(self.app.get_key_display(binding), binding.description)
            if cells <= left:
                chosen.add(name)
                left -= cells
        self._palette = left >= PALETTE_CELLS
        # Shown in the screen's order of its bindings, with `?` last (where people look).
        shown = [name for name in candidates if name in chosen and name != HELP_ID]
        shown += [HELP_ID] if HELP_ID in chosen else []
        return [candidates[name] for name in shown]

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        self._laid_out_for = width
        yield from self._keys(width)

    def _keys(self, width: int) -> Iterator[FooterKey]:
        for binding, enabled, tooltip in self.shown(width):
            yield FooterKey(
                binding.key,
                self.app.get_key_display(binding),
                binding.description,
                binding.action,
                disabled=not enabled,
                tooltip=tooltip,
            ).data_bind(compact=Footer.compact)
        if self._palette and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
            if found is not None:
                _, binding, enabled, _ = found
                yield FooterKey(
                    binding.key,
                    self.app.get_key_display(binding),
                    binding.description,
                    binding.action,
                    classes="-command-palette",
                    disabled=not enabled,
                    tooltip=binding.tooltip or binding.description,
                ).data_bind(compact=Footer.compact)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._laid_out_for and self._bindings_ready:
            self.call_after_refresh(self.recompose)
