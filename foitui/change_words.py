"""A journalled change as a sentence a colleague reads: "Q1 marked refused (was answered)".

One wording for the app's history screen, its undo toasts and `foitui history`, so they never
disagree. Cases are named as everywhere else (`case_name`): a request of this store by its
reference, else "#id"; an outside case by its reference. Every field passes through `one_line`:
the user name comes from the environment of whoever edited, and a value may hold anything a
request held.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from foitui.errors import FoituiError
from foitui.kinds import Outcome, Status
from foitui.safetext import one_line
from foitui.store import Change, Store
from foitui.wording import OUTCOME_WORD, STATUS_WORD

#: How a case is named: a store id ("2") or an outside reference -> its name in words.
Namer = Callable[[str], str]

FIELD_WORDS = {
    "ref": "Reference",
    "title": "Title",
    "authority": "Authority",
    "requester": "Requester",
    "received": "Date received",
    "responded": "Date responded",
    "law": "Law",
    "body": "Cost-limit body",
    "body_type": "Body type",
}
REVIEW_WORDS = {"upheld": "upheld", "partly_upheld": "partly upheld", "overturned": "overturned"}


def plain_name(target: str) -> str:
    """A case named without a store at hand: "#2", or the outside reference itself."""
    return f"#{target}" if target.isdigit() else target


def case_namer(store: Store) -> Namer:
    """Names cases as the app and the command line do everywhere: a request of the store by
    its reference ("FOI 11726"), "#id" when it has none; an outside case by its reference,
    said to be outside ("FOI 117261, not in this store")."""

    def name(target: str) -> str:
        rid = store.find(target)
        if rid is None:
            return f"{target}, not in this store"
        try:
            ref = store.summary(rid).ref
        except FoituiError:
            ref = None
        return one_line(ref) if ref else f"#{rid}"

    return name


def day(value: Any) -> str:
    """ "2026-09-20" -> "20 Sep 2026"; anything else as it is."""
    try:
        when = date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{when.day} {when:%b %Y}"


def describe_change(change: Change, *, with_request: bool = False, name: Namer = plain_name) -> str:
    """One change as a line: time, user, (the request,) what happened in words."""
    when = change.at.replace("T", " ")[:16]
    who = f"{one_line(change.user):<10}"
    if with_request and change.request:
        who += f" #{one_line(change.request)}"
    return one_line(f"{when}  {who} {sentence(change, name)}")


def sentence(change: Change, name: Namer = plain_name) -> str:
    """What a change did, as a sentence (no time or user): for the history and undo toasts."""
    if change.action == "undo" and change.path != ("corrections",):
        return f"Undone: {_what(change, name)}"
    return _what(change, name)


def _what(change: Change, name: Namer) -> str:
    path, old, new = change.path, change.old, change.new
    if path == ("corrections",):
        return _correction(change)
    if path == ("assignee",):
        if new:
            return f"Assigned to {new}" + (f" (was {old})" if old else "")
        return "Unassigned" + (f" (was {old})" if old else "")
    if path[:1] == ("clearance",) and change.action != "undo" and change.note:
        # Sign-off steps say themselves in words ("ready for clearance"); the stored values
        # (who and when again) are no line to read.
        return f"Sign-off: {change.note}"
    if path[:1] == ("case_notes",) and change.note:
        return f"Case note: {change.note}"
    if len(path) == 3 and path[0] == "questions":
        return _question(f"Q{path[1]}", path[2], old, new)
    if len(path) == 2 and path[0] == "links":
        return _link(old, new, path[1], name)
    if len(path) == 2 and path[0] == "fields":
        return _field(path[1], old, new)
    if path == ("stops",):
        return _stops(old or [], new or [])
    if path == ("extension_days",):
        if not new:
            return "Extension removed" + (f" (was {old} working days)" if old else "")
        reason = (change.note or "").partition(": ")[2]
        return f"Time limit extended by {new} working days" + (f" ({reason})" if reason else "")
    if path == ("extension_notice",):
        return f"Extension notice given {day(new)}" if new else "Extension notice removed"
    if path == ("review",):
        return _review(old, new)
    if len(path) == 2 and path[0] == "settings":
        return f"Setting {path[1]} set to {_plain(new)} (was {_plain(old)})"
    note = (change.note or "").strip()
    if change.action == "import":
        return note[:1].upper() + note[1:] if note else "Imported"
    return note or change.action


def _plain(value: Any) -> str:
    if value is None or value == [] or value == "":
        return "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def _question(question: str, name: str, old: Any, new: Any) -> str:
    if name == "outcome":
        now = OUTCOME_WORD.get(Outcome(new), str(new)) if new in set(Outcome) else _plain(new)
        was = f" (was {OUTCOME_WORD[Outcome(old)]})" if old in set(Outcome) else ""
        return f"{question} marked {now}{was}"
    if name == "exemptions":
        was = f" (was {_plain(old)})" if old else ""
        if not new:
            return f"{question}: exemptions cleared{was}"
        return f"{question} cites {_plain(new)}{was}"
    if name == "note":
        if not new:
            return f"{question}: note removed" + (f" (was “{old}”)" if old else "")
        return f"{question} note: “{new}”" + (f" (was “{old}”)" if old else "")
    if name == "hours":
        if new is None:
            return f"{question}: hours estimate removed" + (f" (was {old:g} h)" if old else "")
        was = f" (was {old:g} h)" if isinstance(old, int | float) else ""
        return f"{question} estimated at {new:g} hours{was}"
    return f"{question} {name} set to {_plain(new)} (was {_plain(old)})"


def _link(old: Any, new: Any, key: str, name: Namer) -> str:
    link = new if isinstance(new, dict) else old if isinstance(old, dict) else {}
    target = str(link.get("target") or key.replace("|", " "))
    case = name(target)
    if isinstance(new, dict) and isinstance(old, dict):
        note = f": {new['note']}" if new.get("note") else ""
        return f"Link to {case} changed to {new.get('kind')} (was {old.get('kind')}){note}"
    if isinstance(new, dict):
        note = f": {new['note']}" if new.get("note") else ""
        return f"Linked to {case} ({new.get('kind')}){note}"
    return f"Unlinked from {case} (was {link.get('kind', 'linked')})"


def _field(field: str, old: Any, new: Any) -> str:
    if field == "status":
        if new is None:
            was = f" (was {STATUS_WORD[Status(old)]})" if old in set(Status) else ""
            return f"Status follows the outcomes again{was}"
        was = f" (was {STATUS_WORD[Status(old)]})" if old in set(Status) else ""
        return f"Status set to {STATUS_WORD.get(Status(new), new)}{was}"
    words = FIELD_WORDS.get(field, field)
    dated = field in ("received", "responded")
    show = day if dated else _plain
    if new is None or new == "":
        return f"{words} cleared" + (f" (was {show(old)})" if old else "")
    return f"{words} set to {show(new)}" + (f" (was {show(old)})" if old else "")


_STOP_WORDS = {
    "clarification": ("Clarification sought", "clarification received"),
    "fees": ("Fees notice given", "fee paid"),
}


def _stops(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> str:
    """Stops are kept as a list: the one added, ended or removed, in words."""

    def key(stop: dict[str, Any]) -> tuple[str, str]:
        return (str(stop.get("kind")), str(stop.get("start")))

    before = {key(s): s for s in old}
    after = {key(s): s for s in new}
    for k, stop in after.items():
        started, ended = _STOP_WORDS.get(k[0], (f"{k[0]} stop", "ended"))
        if k not in before:
            return f"{started} {day(stop['start'])}: clock stopped"
        if stop.get("end") and not before[k].get("end"):
            return f"Clock restarted {day(stop['end'])}: {ended}"
        if not stop.get("end") and before[k].get("end"):
            return f"{started} {day(stop['start'])}: clock stopped again ({ended} taken back)"
    for k, stop in before.items():
        if k not in after:
            started, _ = _STOP_WORDS.get(k[0], (f"{k[0]} stop", "ended"))
            return f"Clock stop removed ({started.lower()} {day(stop['start'])})"
    return "Clock stops changed"


def _review(old: Any, new: Any) -> str:
    if not isinstance(new, dict):
        return "Internal review removed"
    if new.get("completed"):
        outcome = REVIEW_WORDS.get(str(new.get("outcome")), str(new.get("outcome")))
        return f"Internal review completed {day(new['completed'])}: {outcome}"
    return f"Internal review requested {day(new.get('requested'))}"


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
