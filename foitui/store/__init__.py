"""The store directory: atomic TinyDB files, a journal, a lock. See layout.py for the files."""

from foitui.store.records import Summary
from foitui.store.store import Change, ImportResult, Store

__all__ = ["Change", "ImportResult", "Store", "Summary"]
