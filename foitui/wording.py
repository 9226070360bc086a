"""The words people read for the closed vocabularies: one word a status, one an outcome.

Two vocabularies, one for each reader: scripts read and write the enum values
(`partially_successful`, in JSON and accepted by every option), people read the words below,
the same in the app's list, the request view, statistics, toasts and the command line's text
output. The command line takes both (`status_from_words`). Pure: no Textual, no pydantic.
"""

from __future__ import annotations

from foitui.kinds import Outcome, Status

#: A status as people read it. Short enough for the list's status column (11 cells), so the
#: list, the request view and `foitui list`/`show` all say the same word.
STATUS_WORD: dict[Status, str] = {
    Status.NEW: "new",
    Status.IN_PROGRESS: "in progress",
    Status.WAITING_CLARIFICATION: "clarifying",
    Status.ON_HOLD: "on hold",
    Status.SUCCESSFUL: "successful",
    Status.PARTIALLY_SUCCESSFUL: "partial",
    Status.NOT_HELD: "not held",
    Status.REFUSED: "refused",
    Status.WITHDRAWN: "withdrawn",
    Status.INTERNAL_REVIEW: "review",
}

#: Longer spellings people type for a status (Alaveteli's words): accepted, never shown.
STATUS_SYNONYMS: dict[str, Status] = {
    "waiting for clarification": Status.WAITING_CLARIFICATION,
    "partially successful": Status.PARTIALLY_SUCCESSFUL,
    "internal review": Status.INTERNAL_REVIEW,
}

#: A question's outcome as people read it.
OUTCOME_WORD: dict[Outcome, str] = {
    Outcome.PENDING: "pending",
    Outcome.ANSWERED: "answered",
    Outcome.PARTLY_ANSWERED: "partly answered",
    Outcome.NOT_HELD: "not held",
    Outcome.REFUSED: "refused",
    Outcome.CLARIFICATION_NEEDED: "clarification needed",
}


def _fold(text: str) -> str:
    return " ".join(text.strip().lower().replace("_", " ").replace("-", " ").split())


def status_from_words(text: str) -> Status | None:
    """A status from its script word (`partially_successful`), the word people see
    (`partial`) or a longer spelling ("waiting for clarification"); None for anything else."""
    word = _fold(text)
    for status, shown in STATUS_WORD.items():
        if word in (shown, _fold(status.value)):
            return status
    return STATUS_SYNONYMS.get(word)


def outcome_from_words(text: str) -> Outcome | None:
    """A question's outcome from its script word (`partly_answered`) or the words people see
    ("partly answered", "not-held"); None for anything else."""
    word = _fold(text)
    for outcome, shown in OUTCOME_WORD.items():
        if word in (shown, _fold(outcome.value)):
            return outcome
    return None


def status_word(status: Status | str) -> str:
    """The word people read for a status (a script word given as a string is looked up)."""
    return STATUS_WORD[Status(status)]
