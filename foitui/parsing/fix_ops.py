"""Corrections made from what an officer points at: a question's key as shown, a piece of
its text, a block of response text. Each function checks against the request as it is now
(corrections applied) and returns the op (parsing/corrections.py) anchored by text; ValueError
says, in a line, why the correction cannot be made.
"""

from __future__ import annotations

from typing import Any

from foitui.parsing.corrections import (
    PARSER,
    UNASSIGNED,
    anchor,
    find_block,
    normalise_label,
)

__all__ = ["make_merge", "make_move", "make_relabel", "make_split", "question"]


def question(result: Any, key: str) -> Any:
    """The question with `key` (or, failing that, the one labelled `key`)."""
    for q in result.questions:
        if q.key == key:
            return q
    labelled = [q for q in result.questions if q.label is not None and q.label == key]
    if len(labelled) == 1:
        return labelled[0]
    keys = ", ".join(q.key for q in result.questions) or "none"
    raise ValueError(f"no question {key!r} (questions: {keys})")


def make_split(result: Any, key: str, at: str) -> dict[str, Any]:
    q = question(result, key)
    at = " ".join(at.split())
    text = " ".join(q.text.split())
    where = text.find(at) if at else -1
    if where < 0 and at:
        where = text.casefold().find(at.casefold())
    if where < 0:
        raise ValueError(f"question {q.key} has no {at!r} in its text")
    if where == 0:
        raise ValueError(f"question {q.key} starts with {at!r}: split somewhere after its start")
    return {"op": "split", "key": q.key, "text": anchor(q.text), "at": text[where:][: len(at)]}


def make_merge(result: Any, key: str) -> dict[str, Any]:
    q = question(result, key)
    keys = [other.key for other in result.questions]
    pos = keys.index(q.key)
    if pos + 1 >= len(keys):
        raise ValueError(f"question {q.key} is the last: there is no next question to merge")
    nxt = result.questions[pos + 1]
    return {"op": "merge", "key": q.key, "text": anchor(q.text), "next": anchor(nxt.text)}


def make_relabel(result: Any, key: str, label: str) -> dict[str, Any]:
    q = question(result, key)
    new = normalise_label(label)
    if new == q.label:
        raise ValueError(f"question {q.key} is already labelled {label!r}")
    return {"op": "relabel", "key": q.key, "text": anchor(q.text), "label": new}


def make_move(result: Any, text: str, to: str) -> dict[str, Any]:
    block = find_block(result, text)
    if to in (UNASSIGNED, PARSER):
        return {"op": "move", "block": block, "to": to}
    q = question(result, to)
    return {"op": "move", "block": block, "to": q.key, "to_text": anchor(q.text)}
