"""The team: who holds each request, where its sign-off stands, and each officer's workload.

Pure rules over plain values (no store, no Textual), shared by the store, `foitui` commands and
the app. The workflow follows the MoJ Correspondence Tool's: a case arrives unassigned, is
assigned to an officer (a login name) or a team, is drafted, may need clearance (sign-off) by an
approver, and is sent. Roles are recorded, never enforced: file permissions decide who can write
a store (docs/contract.md, "Team stores").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from foitui.store import Summary

#: A team is written `team:NAME`: a colon is never part of a login name (POSIX portable user
#: names are letters, digits, ".", "_" and "-"), so a team cannot be mistaken for an officer.
TEAM_PREFIX = "team:"
#: The store setting listing the teams (comma-separated names: "records, legal").
TEAMS_SETTING = "teams"
#: The store setting saying which requests need clearance without being marked one by one.
CLEARANCE_SETTING = "clearance_rule"
#: `clearance_rule` values. Never by who the requester is: requests are applicant-blind
#: (ICO guidance, "Consideration of the applicant's identity or motives").
CLEARANCE_RULES = {
    "none": "only requests marked as needing clearance (the default)",
    "refusals": "every request refused in whole or in part, and those marked",
    "all": "every request",
}

_LOGIN = re.compile(r"[A-Za-z_][A-Za-z0-9._-]{0,31}\$?")
_TEAM_NAME = re.compile(r"[a-z0-9][a-z0-9 ._-]{0,39}")

# The clearance stages, as stored (`clearance.stage` in a request's triage state).
DRAFTING = "drafting"
AWAITING = "awaiting"
CLEARED = "cleared"
RETURNED = "returned"
SENT = "sent"
STAGE_LABEL = {
    DRAFTING: "drafting",
    AWAITING: "awaiting clearance",
    CLEARED: "cleared",
    RETURNED: "sent back",
    SENT: "sent",
}
#: Five letters at most: the list's sign-off column.
STAGE_SHORT = {
    DRAFTING: "draft",
    AWAITING: "await",
    CLEARED: "clear",
    RETURNED: "back",
    SENT: "sent",
}
#: The steps `foitui clearance` and the app offer, and the stages each may start from.
STEPS = {
    "ready": (frozenset({DRAFTING, RETURNED}), AWAITING),
    "clear": (frozenset({AWAITING}), CLEARED),
    "return": (frozenset({AWAITING}), RETURNED),
    "reopen": (frozenset({AWAITING, CLEARED, RETURNED}), DRAFTING),
}
STEP_LABEL = {
    "ready": "ready for clearance",
    "clear": "cleared",
    "return": "sent back",
    "reopen": "back to drafting",
}


def is_team(assignee: str | None) -> bool:
    return bool(assignee) and str(assignee).startswith(TEAM_PREFIX)


def teams(settings: dict[str, Any]) -> list[str]:
    """The store's teams, as assignees (`team:records`), from the `teams` setting."""
    raw = str(settings.get(TEAMS_SETTING) or "")
    names = [" ".join(part.split()).lower() for part in raw.split(",")]
    return [TEAM_PREFIX + name for name in dict.fromkeys(n for n in names if n)]


def check_teams(value: str) -> str:
    """The `teams` setting, normalised; ValueError says what is wrong."""
    names = [" ".join(part.split()).lower() for part in value.split(",")]
    names = [n.removeprefix(TEAM_PREFIX) for n in names if n]
    for name in names:
        if not _TEAM_NAME.fullmatch(name):
            raise ValueError(
                f"team {name!r}: letters, digits, spaces, '.', '_' and '-' (at most 40)"
            )
    return ", ".join(dict.fromkeys(names))


def check_assignee(text: str, settings: dict[str, Any]) -> str:
    """`text` as an assignee: a login name, or `team:NAME` of a team in the `teams` setting
    (`@NAME` is read as `team:NAME`). ValueError says why not."""
    value = text.strip()
    if value.startswith("@"):
        value = TEAM_PREFIX + value[1:]
    if value.lower().startswith(TEAM_PREFIX):
        name = " ".join(value[len(TEAM_PREFIX) :].split()).lower()
        value = TEAM_PREFIX + name
        known = teams(settings)
        if value not in known:
            listed = ", ".join(known) if known else "none yet"
            raise ValueError(
                f"no team {name!r} in the store's settings (teams: {listed}; add one with "
                "`foitui settings teams 'records, legal'`)"
            )
        return value
    if not _LOGIN.fullmatch(value):
        raise ValueError(
            f"{text!r} is not a login name (letters, digits, '.', '_', '-'); "
            f"a team is written {TEAM_PREFIX}NAME"
        )
    return value


def check_rule(value: str) -> str:
    rule = value.strip().lower()
    if rule not in CLEARANCE_RULES:
        raise ValueError(f"clearance_rule is one of {', '.join(CLEARANCE_RULES)}, not {value!r}")
    return rule


def people(users: Iterable[str]) -> list[str]:
    """Everyone who has used the store (the journal's users), in order of name."""
    return sorted({u for u in users if u and _LOGIN.fullmatch(u)}, key=str.lower)


# ------------------------------------------------------------------ clearance


def needs_clearance(row: Summary, rule: str) -> bool:
    """Whether the request needs sign-off before it is sent: marked so (or marked not to),
    else by the store's rule. "refusals" reads the request's status: refused, or partially
    successful (part refused or not held), as its outcomes or the officer set it."""
    from foitui.kinds import Status

    if row.clearance_needed is not None:
        return row.clearance_needed
    if rule == "all":
        return True
    if rule == "refusals":
        return row.status in (Status.REFUSED, Status.PARTIALLY_SUCCESSFUL)
    return False


def stage(row: Summary, rule: str) -> str:
    """Where the request's sign-off stands ("" when it needs none and none was asked):
    drafting, awaiting clearance, cleared, sent back, sent (a response date recorded, or the
    request closed with its response imported)."""
    from foitui.kinds import CLOSED

    stored = row.clearance
    if not stored and not needs_clearance(row, rule):
        return ""
    # Sent: a response date recorded, or the request closed with its response imported.
    if row.responded is not None or (row.has_response and row.status in CLOSED):
        return SENT
    return stored or DRAFTING


def unsigned_response(row: Summary, rule: str) -> bool:
    """Recording a response date now would send a case that needs clearance without it."""
    return needs_clearance(row, rule) and row.clearance != CLEARED and row.responded is None


# ------------------------------------------------------------------ case notes


@dataclass(frozen=True, slots=True)
class CaseNote:
    """One internal note on a request: who, when (ISO, UTC), what."""

    user: str
    at: str
    text: str

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CaseNote:
        return cls(str(data.get("user", "")), str(data.get("at", "")), str(data.get("text", "")))

    def to_json(self) -> dict[str, str]:
        return {"user": self.user, "at": self.at, "text": self.text}


def case_notes(triage: dict[str, Any]) -> list[CaseNote]:
    return [CaseNote.from_json(n) for n in triage.get("case_notes") or [] if isinstance(n, dict)]
