"""A journalled change as a line a colleague reads: time, user, what, old -> new.

One wording for the app's history screen and `foitui history`, so the two never disagree.
Every field is passed through `one_line`: the user name comes from the environment of whoever
edited, and a value may hold anything a request held.
"""

from __future__ import annotations

import json
from typing import Any

from foitui.safetext import one_line
from foitui.store import Change


def _value(value: Any) -> str:
    if value is None:
        return "(none)"
    if isinstance(value, dict) and "kind" in value:
        note = f" ({value['note']})" if value.get("note") else ""
        return f"{value['kind']}{note}"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "(none)"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def describe_change(change: Change, *, with_request: bool = False) -> str:
    """One change as a line: time, user, (the request,) what, old -> new."""
    when = change.at.replace("T", " ")[:16]
    who = f"{one_line(change.user):<10}"
    if with_request and change.request:
        who += f" #{one_line(change.request)}"
    path = change.path
    if path == ("corrections",):
        return one_line(f"{when}  {who} {_correction(change)}")
    if path[:1] in (("clearance",), ("case_notes",)) and change.action != "undo" and change.note:
        # Sign-off steps and case notes say themselves in words ("clearance: cleared"); the
        # stored values (who and when again) are no line to read.
        return one_line(f"{when}  {who} {change.action}: {change.note}")
    if len(path) == 3 and path[0] == "questions":
        what = f"Q{path[1]} {path[2]}"
    elif len(path) == 2 and path[0] == "fields":
        what = path[1]
    elif len(path) == 2 and path[0] == "links":
        what = f"link {path[1]}"
    else:
        what = change.action
    if change.action == "undo":
        what = f"undo: {what}"
    line = f"{when}  {who} {what}"
    if path:
        line += f": {_value(change.old)} -> {_value(change.new)}"
    elif change.note:
        line += f": {change.note}"
    return one_line(line)


def _correction(change: Change) -> str:
    """A fix of the parse in words: the op added, or the one an undo took back (the journal
    keeps the whole list before and after, which is no line to read)."""
    from foitui.parsing.corrections import describe

    old = change.old if isinstance(change.old, list) else []
    new = change.new if isinstance(change.new, list) else []
    if len(new) > len(old) and isinstance(new[-1], dict):
        return f"fix the split: {describe(new[-1])}"
    if len(old) > len(new) and isinstance(old[-1], dict):
        return f"undo fix the split: {describe(old[-1])}"
    return "fix the split: corrections changed"
