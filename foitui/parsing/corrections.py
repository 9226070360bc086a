"""An officer's corrections to a parse, kept as data and applied on top of the parser's result.

    apply_corrections(result, ops) -> result        # ParseResult or Request, the same type back
    correct(result, ops, law=...) -> Corrected      # with what was skipped and how marks follow

An op is a small dict, applied in list order:

    {"op": "split",   "key": K, "text": Q, "at": TEXT}      # split before the first TEXT
    {"op": "merge",   "key": K, "text": Q, "next": Q2}      # merge with the next question
    {"op": "relabel", "key": K, "text": Q, "label": L}      # L "" or None: no label
    {"op": "move",    "block": TEXT, "to": K, "to_text": Q} # to a question
    {"op": "move",    "block": TEXT, "to": "unassigned"}    # to the unassigned response
    {"op": "move",    "block": TEXT, "to": "parser"}        # back where the parser put it

Ops are anchored by text, never by list position, so that they still apply when the record is
parsed again (by a better parser, with different keys): a question is the one whose text starts
with `text` (Q, the first words of its text when the op was made; `key` only breaks a tie, or
finds the question in an op without text), and a block of response text is an answer, one
paragraph of an answer, or an unassigned block equal to `block` (else the one block containing
it). An op that no longer applies (its question or text is gone, the split is already there, the
merge has no next question) is skipped and reported in `Corrected.skipped`, never raised.

Keys stay unique: a question keeps its key through every op except relabel; relabel gives the
new label as key when no other question has it (else ``L-2``, as the parser does for repeated
labels); the second half of a split takes the label its text starts with ("4. How many ..."
gives label 4, its marker cut off) or none, and a key no other question has.

Triage state (outcome, exemptions, note, hours) is stored by question key and is never moved on
disk by a correction: `Corrected.carry_marks` reads it through the corrections, so undoing one
puts everything back exactly. A question reads the marks stored under its current key, then
field by field those under the keys it had before (a relabelled question keeps its outcome and
note), never those under a key another question now has. The first half of a split keeps the
question's key and so its marks; the second half starts untriaged. A merged question keeps its
own marks and takes the others' fields it has none of; both notes are kept, joined by " / ".
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from foitui.models import Answer, Law, Outcome, Question
from foitui.parsing.markers import parse_marker
from foitui.parsing.outcomes import by_attachment, classify, combine

__all__ = [
    "OPS",
    "Corrected",
    "anchor",
    "apply_corrections",
    "correct",
    "describe",
    "normalise_label",
]

OPS = ("split", "merge", "relabel", "move")
#: Where a block can go besides a question.
UNASSIGNED = "unassigned"
PARSER = "parser"
#: How much of a question's text anchors an op: enough to tell questions apart, short enough
#: to survive a better parser's small changes to the end of a question.
ANCHOR_CHARS = 60

_SPACES = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def anchor(text: str) -> str:
    """The first words of a question's text, as an op stores them."""
    words = _SPACES.sub(" ", text).strip()
    if len(words) <= ANCHOR_CHARS:
        return words
    cut = words[:ANCHOR_CHARS]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def normalise_label(label: str | None) -> str | None:
    """A label as the parser writes it: no "Q"/"Question", brackets, dots; lower case."""
    if label is None:
        return None
    text = label.strip()
    text = re.sub(r"^(?:question|q)\s*\.?\s*(?=\w)", "", text, flags=re.IGNORECASE)
    text = text.strip(" ()[].:-").lower()
    return text or None


T = TypeVar("T")


@dataclass(slots=True)
class _Q:
    uid: int
    key: str
    label: str | None
    parent: int | None  # uid of the parent question
    parent_key: str | None  # the parent as given, when it names no question here
    text: str
    answer: str | None
    outcome: Outcome
    exemptions: list[str]
    extra: dict[str, Any]  # the fields a Request's questions carry beyond the parse
    keys: list[str]  # every key it has had, oldest first; the last is its key now
    absorbed: list[list[str]] = field(default_factory=list)  # keys of questions merged in
    touched: bool = False  # its answers changed: answer, outcome, exemptions made again


@dataclass(slots=True)
class _A:
    text: str
    targets: list[int]  # question uids
    outcome: Outcome
    exemptions: list[str]
    matched_by: str | None
    home: int  # where the text sits in the response, to keep answers in response order


@dataclass(slots=True)
class Skipped:
    """An op that did not apply, and why (for `foitui fix ID list` and the app)."""

    position: int  # 0-based place in the op list
    op: dict[str, Any]
    reason: str


@dataclass(slots=True)
class Corrected:
    """The corrected questions and answers, what was skipped, and how marks follow."""

    questions: list[Question]
    answers: list[Answer]
    unassigned: list[str]
    skipped: list[Skipped]
    lineage: dict[str, tuple[list[str], list[list[str]]]]  # key -> (keys had, keys absorbed)

    def carry_marks(self, marks: dict[str, dict[str, Any]] | None) -> dict[str, dict[str, Any]]:
        """Triage marks by question key, read through the corrections (see the module doc)."""
        marks = marks or {}
        if not self.lineage:
            return dict(marks)
        live = set(self.lineage)
        out: dict[str, dict[str, Any]] = {}
        for key, (had, absorbed) in self.lineage.items():
            merged = dict(marks.get(key) or {})
            for old in reversed(had[:-1]):
                if old in live:
                    continue  # another question's key now: its marks are that question's
                for name, value in (marks.get(old) or {}).items():
                    merged.setdefault(name, value)
            for keys in absorbed:
                for old in reversed(keys):
                    if old in live:
                        continue
                    for name, value in (marks.get(old) or {}).items():
                        mine = merged.get("note")
                        if name == "note" and value and mine and value not in mine:
                            merged["note"] = f"{mine} / {value}"
                        else:
                            merged.setdefault(name, value)
            if merged:
                out[key] = merged
        return out


class _Skip(Exception):
    """An op that no longer applies; its message says why."""


def apply_corrections(result: T, ops: Iterable[dict[str, Any]], law: Law = Law.FOI) -> T:
    """`result` (a ParseResult or Request) with `ops` applied; ops that no longer apply are
    skipped (`correct` says which)."""
    corrected = correct(result, ops, law=law)
    return result.model_copy(  # type: ignore[attr-defined]
        update={
            "questions": corrected.questions,
            "answers": corrected.answers,
            "unassigned_response": corrected.unassigned,
        }
    )


def correct(result: Any, ops: Iterable[dict[str, Any]], *, law: Law = Law.FOI) -> Corrected:
    """Apply `ops` to a parse (anything with questions, answers, unassigned_response and
    response_text: ParseResult, Request)."""
    work = _Work(result, law)
    skipped: list[Skipped] = []
    for position, op in enumerate(ops):
        if not isinstance(op, dict):
            skipped.append(Skipped(position, {"op": repr(op)}, "not a correction"))
            continue
        before = work.state()
        try:
            work.apply(op)
        except _Skip as why:
            skipped.append(Skipped(position, dict(op), str(why)))
        except Exception as error:  # a store edited by hand: skip the op, never fail the read
            work.restore(before)
            skipped.append(Skipped(position, dict(op), f"could not be applied ({error!r})"))
    return work.finish(skipped)


class _Work:
    """The parse as mutable parts: questions by uid, answers pointing at uids."""

    def __init__(self, result: Any, law: Law) -> None:
        self.law = law
        self.response = str(getattr(result, "response_text", "") or "")
        self.questions: list[_Q] = []
        by_key: dict[str, int] = {}
        for uid, q in enumerate(result.questions):
            extra = {
                name: getattr(q, name)
                for name in ("note", "hours")
                if getattr(q, name, None) is not None
            }
            self.questions.append(
                _Q(
                    uid=uid,
                    key=q.key,
                    label=q.label,
                    parent=None,
                    parent_key=q.parent,
                    text=q.text,
                    answer=q.answer,
                    outcome=q.outcome,
                    exemptions=list(q.exemptions),
                    extra=extra,
                    keys=[q.key],
                )
            )
            by_key.setdefault(q.key, uid)
        for q in self.questions:
            if q.parent_key is not None and q.parent_key in by_key:
                q.parent, q.parent_key = by_key[q.parent_key], None
        self.next_uid = len(self.questions)
        self.answers = [
            _A(
                text=a.text,
                targets=[by_key[k] for k in a.questions if k in by_key],
                outcome=a.outcome,
                exemptions=list(a.exemptions),
                matched_by=getattr(a, "matched_by", None),
                home=self._home(a.text),
            )
            for a in result.answers
        ]
        self.unassigned: list[tuple[str, int]] = [
            (text, self._home(text)) for text in result.unassigned_response
        ]
        # Where the parser put each block, for "move back": (text, targets or None).
        self.original: list[tuple[str, list[int] | None]] = [
            (a.text, list(a.targets)) for a in self.answers
        ]
        for a in self.original[:]:
            paragraphs = a[0].split("\n\n")
            if len(paragraphs) > 1:
                self.original.extend((p, a[1]) for p in paragraphs)
        self.original.extend((text, None) for text, _ in self.unassigned)
        self.alias: dict[int, int] = {}  # uid merged away -> the uid it went into
        self.changed = False

    def state(self) -> tuple[Any, ...]:
        """What the ops change, copied: put back by `restore` if an op fails half-way."""
        return copy.deepcopy(
            (self.questions, self.answers, self.unassigned, self.alias, self.next_uid)
        )

    def restore(self, state: tuple[Any, ...]) -> None:
        self.questions, self.answers, self.unassigned, self.alias, self.next_uid = state

    def _home(self, text: str) -> int:
        found = self.response.find(text[:200]) if text else -1
        return found if found >= 0 else len(self.response)

    # ------------------------------------------------------------ finding

    def _question(self, key: Any, text: Any) -> _Q:
        if text:
            want = _norm(str(text))
            hits = [q for q in self.questions if _norm(q.text).startswith(want)]
            if len(hits) == 1:
                return hits[0]
            if hits:
                keyed = [q for q in hits if q.key == key]
                if len(keyed) == 1:
                    return keyed[0]
                raise _Skip(f"{len(hits)} questions start {anchor(str(text))!r}")
            raise _Skip(f"no question starts {anchor(str(text))!r} any more")
        if key is not None:
            for q in self.questions:
                if q.key == str(key):
                    return q
        what = f"{anchor(str(text))!r}" if text else f"key {key!r}"
        raise _Skip(f"no question {what} any more")

    def _index(self, q: _Q) -> int:
        return next(i for i, other in enumerate(self.questions) if other.uid == q.uid)

    def _free_key(self, wanted: str, *, besides: _Q | None = None) -> str:
        taken = {q.key for q in self.questions if q is not besides}
        if wanted not in taken:
            return wanted
        n = 2
        while f"{wanted}-{n}" in taken:
            n += 1
        return f"{wanted}-{n}"

    # ------------------------------------------------------------ ops

    def apply(self, op: dict[str, Any]) -> None:
        kind = op.get("op")
        if kind == "split":
            self._split(op)
        elif kind == "merge":
            self._merge(op)
        elif kind == "relabel":
            self._relabel(op)
        elif kind == "move":
            self._move(op)
        else:
            raise _Skip(f"unknown correction {kind!r}")
        self.changed = True

    def _split(self, op: dict[str, Any]) -> None:
        q = self._question(op.get("key"), op.get("text"))
        at = str(op.get("at") or "").strip()
        if not at:
            raise _Skip("a split needs the text to split before")
        where = q.text.find(at)
        if where < 0:
            where = q.text.casefold().find(at.casefold())
        if where < 0:
            raise _Skip(f"question {q.key} has no {at!r}")
        head, tail = q.text[:where].strip(), q.text[where:].strip()
        if not head or not tail:
            raise _Skip(f"question {q.key} already starts or ends at {at!r}")
        label, parent, body = self._split_label(q, tail)
        key = self._free_key(label if label else f"{q.key}-2")
        new = _Q(
            uid=self.next_uid,
            key=key,
            label=label,
            parent=parent,
            parent_key=None if parent is not None else q.parent_key,
            text=body,
            answer=None,
            outcome=Outcome.PENDING,
            exemptions=[],
            extra={},
            keys=[key],
            touched=True,
        )
        self.next_uid += 1
        q.text = head
        self.questions.insert(self._index(q) + 1, new)

    def _split_label(self, q: _Q, tail: str) -> tuple[str | None, int | None, str]:
        """The second half's label, parent and text: from a marker it starts with, if any."""
        try:
            marker = parse_marker(tail)
        except Exception:  # the parser's own helper: a failure there is no reason to crash
            marker = None
        if marker is None or not marker.body:
            return None, q.parent, tail
        token = marker.path[-1]
        if len(marker.path) > 1 or token.isdigit():
            label = _dotted(marker.path)
            up = _dotted(marker.path[:-1]) if len(marker.path) > 1 else None
            parent = next((p.uid for p in self.questions if up and up in (p.label, p.key)), None)
            return label, parent, marker.body
        # "b) ..." inside question 2 (or 2a): a sibling under 2.
        parent = q.parent if q.parent is not None else q.uid
        base = next((p.label or p.key for p in self.questions if p.uid == parent), "")
        return f"{base}{token}" if base else token, parent, marker.body

    def _merge(self, op: dict[str, Any]) -> None:
        q = self._question(op.get("key"), op.get("text"))
        pos = self._index(q)
        if pos + 1 >= len(self.questions):
            raise _Skip(f"question {q.key} is the last: there is nothing to merge it with")
        nxt = self.questions[pos + 1]
        want = op.get("next")
        if want and not _norm(nxt.text).startswith(_norm(str(want))):
            raise _Skip(f"the question after {q.key} is no longer {anchor(str(want))!r}")
        q.text = f"{q.text} {nxt.text}".strip()
        q.absorbed.append(list(nxt.keys))
        q.absorbed.extend(nxt.absorbed)
        q.touched = True
        for name, value in nxt.extra.items():
            q.extra.setdefault(name, value)
        for other in self.questions:
            if other.parent == nxt.uid:
                other.parent = q.uid
        for answer in self.answers:
            if nxt.uid in answer.targets:
                answer.targets = list(
                    dict.fromkeys(q.uid if t == nxt.uid else t for t in answer.targets)
                )
        self.alias[nxt.uid] = q.uid
        for uid, into in self.alias.items():
            if into == nxt.uid:
                self.alias[uid] = q.uid
        del self.questions[pos + 1]

    def _relabel(self, op: dict[str, Any]) -> None:
        q = self._question(op.get("key"), op.get("text"))
        label = normalise_label(op.get("label"))
        if label == q.label:
            raise _Skip(f"question {q.key} is already labelled {label or 'without a label'}")
        q.label = label
        if label is not None:
            key = self._free_key(label, besides=q)
            if key != q.key:
                q.key = key
                q.keys.append(key)

    # ------------------------------------------------------------ moving text

    def _find_block(self, text: str) -> tuple[str, Any]:
        """("answer", _A), ("paragraph", (_A, i)) or ("unassigned", i) for a block's text."""
        want = _norm(text)
        if not want:
            raise _Skip("a move needs the text of the block to move")
        whole: list[tuple[str, Any]] = [("answer", a) for a in self.answers]
        whole += [("unassigned", i) for i in range(len(self.unassigned))]
        parts: list[tuple[str, Any]] = [
            ("paragraph", (a, i))
            for a in self.answers
            for i, _ in enumerate(a.text.split("\n\n"))
            if "\n\n" in a.text
        ]
        # The whole block when the text is one; else the smallest block holding the text (a
        # paragraph of an answer before the answer).
        tries = ((whole, True), (parts, True), (parts, False), (whole, False))
        for group, exact in tries:
            hits = [
                hit
                for hit in group
                if (
                    want == _norm(self._block_text(hit))
                    if exact
                    else want in _norm(self._block_text(hit))
                )
            ]
            if len(hits) == 1:
                return hits[0]
            if len(hits) > 1:
                raise _Skip(f"{len(hits)} blocks of the response hold {anchor(text)!r}")
        raise _Skip(f"no block of the response holds {anchor(text)!r} any more")

    def _block_text(self, hit: tuple[str, Any]) -> str:
        kind, where = hit
        if kind == "answer":
            return where.text
        if kind == "unassigned":
            return self.unassigned[where][0]
        answer, i = where
        return answer.text.split("\n\n")[i]

    def _take(self, hit: tuple[str, Any]) -> tuple[str, _A | None]:
        """Remove a block from where it is: its text, and the answer itself when whole."""
        kind, where = hit
        if kind == "answer":
            self.answers.remove(where)
            self._touch(where.targets)
            return where.text, where
        if kind == "unassigned":
            text, _ = self.unassigned.pop(where)
            return text, None
        answer, i = where
        paragraphs = answer.text.split("\n\n")
        text = paragraphs.pop(i)
        answer.text = "\n\n".join(paragraphs)
        answer.outcome, answer.exemptions = self._classify(answer.text, answer.targets)
        self._touch(answer.targets)
        return text, None

    def _touch(self, uids: Iterable[int]) -> None:
        wanted = set(uids)
        for q in self.questions:
            if q.uid in wanted:
                q.touched = True

    def _classify(self, text: str, targets: list[int]) -> tuple[Outcome, list[str]]:
        asked = [q.text for q in self.questions if q.uid in targets]
        whole = len(self.questions) > 1 and len(targets) == len(self.questions)
        try:
            return classify(text, asked, self.law, whole=whole)
        except Exception:  # the parser's classifier: a failure there must not lose the move
            return Outcome.ANSWERED, []

    def _place(self, text: str, answer: _A | None, targets: list[int] | None) -> None:
        home = self._home(text)
        if targets is None:
            self.unassigned.append((text, home))
            self.unassigned.sort(key=lambda item: item[1])
            return
        if answer is None:
            outcome, codes = self._classify(text, targets)
            answer = _A(text, list(targets), outcome, codes, "officer", home)
        else:
            answer.targets = list(targets)
            answer.matched_by = "officer"
        self.answers.append(answer)
        self.answers.sort(key=lambda a: a.home)
        self._touch(targets)

    def _move(self, op: dict[str, Any]) -> None:
        block = str(op.get("block") or "")
        to = op.get("to")
        hit = self._find_block(block)
        if to == PARSER:
            targets = self._parser_place(self._block_text(hit))
        elif to == UNASSIGNED:
            if hit[0] == "unassigned":
                raise _Skip("that text is already unassigned")
            targets = None
        else:
            target = self._question(to, op.get("to_text"))
            if hit[0] == "answer" and hit[1].targets == [target.uid]:
                raise _Skip(f"that text is already the answer to {target.key}")
            targets = [target.uid]
        text, answer = self._take(hit)
        self._place(text, answer, targets)

    def _parser_place(self, text: str) -> list[int] | None:
        want = _norm(text)
        for original, targets in self.original:
            if _norm(original) == want:
                if targets is None:
                    return None
                live = {q.uid for q in self.questions}
                mapped = [self.alias.get(uid, uid) for uid in targets]
                kept = [uid for uid in dict.fromkeys(mapped) if uid in live]
                if not kept:
                    raise _Skip("the question the parser gave that text to is gone")
                return kept
        raise _Skip(f"the parser did not have {anchor(text)!r} as one block")

    # ------------------------------------------------------------ the result

    def finish(self, skipped: list[Skipped]) -> Corrected:
        by_uid = {q.uid: q for q in self.questions}
        answers: list[Answer] = []
        covering: dict[int, list[Answer]] = {}
        for a in self.answers:
            keys = [by_uid[uid].key for uid in a.targets if uid in by_uid]
            answer = Answer(
                questions=keys,
                text=a.text,
                outcome=a.outcome,
                exemptions=a.exemptions,
                matched_by=a.matched_by,
            )
            answers.append(answer)
            for uid in a.targets:
                covering.setdefault(uid, []).append(answer)
        questions = []
        for q in self.questions:
            if q.touched:
                mine = covering.get(q.uid, [])
                q.answer = "\n\n".join(a.text for a in mine) if mine else None
                q.outcome = combine([a.outcome for a in mine]) if mine else Outcome.PENDING
                q.exemptions = list(dict.fromkeys(c for a in mine for c in a.exemptions))
            parent = by_uid[q.parent].key if q.parent in by_uid else q.parent_key
            questions.append(
                Question(
                    key=q.key,
                    label=q.label,
                    parent=parent,
                    text=q.text,
                    answer=q.answer,
                    attachment=by_attachment(q.answer),
                    outcome=q.outcome,
                    exemptions=q.exemptions,
                    **q.extra,
                )
            )
        lineage = (
            {q.key: (list(q.keys), [list(k) for k in q.absorbed]) for q in self.questions}
            if self.changed
            else {}
        )
        return Corrected(
            questions=questions,
            answers=answers,
            unassigned=[text for text, _ in self.unassigned],
            skipped=skipped,
            lineage=lineage,
        )


def _dotted(path: tuple[str, ...]) -> str:
    """("2", "1") -> "2.1": a dot keeps 2.1 apart from 21 (as the outline writes it)."""
    out = ""
    for token in path:
        out = f"{out}.{token}" if out and out[-1].isdigit() and token[:1].isdigit() else out + token
    return out


def describe(op: dict[str, Any]) -> str:
    """One line for an op: "split 3 before 'How many'", "move 'Please see...' to 4"."""
    kind = op.get("op")
    key = op.get("key")
    if kind == "split":
        return f"split {key} before {anchor(str(op.get('at', '')))!r}"
    if kind == "merge":
        return f"merge {key} with the next question"
    if kind == "relabel":
        return f"relabel {key} as {op.get('label') or '(no label)'}"
    if kind == "move":
        to = op.get("to")
        where = {UNASSIGNED: "the unassigned text", PARSER: "where the parser put it"}.get(
            str(to), f"question {to}"
        )
        return f"move {anchor(str(op.get('block', '')))!r} to {where}"
    return f"unknown correction {kind!r}"


@dataclass(frozen=True, slots=True)
class Block:
    """A block of response text an officer can move, and the questions it answers now."""

    text: str
    owners: tuple[str, ...]  # question keys; () for unassigned text


def blocks(result: Any) -> list[Block]:
    """Every movable block in response order: each paragraph of each answer, then each
    unassigned block, placed by where its text is in the response."""
    work = _Work(result, Law.FOI)
    by_uid = {q.uid: q.key for q in work.questions}
    found: list[tuple[int, int, Block]] = []
    for n, answer in enumerate(work.answers):
        owners = tuple(by_uid[uid] for uid in answer.targets if uid in by_uid)
        for i, paragraph in enumerate(answer.text.split("\n\n")):
            if paragraph.strip():
                found.append((work._home(paragraph), n * 1000 + i, Block(paragraph, owners)))
    for n, (text, home) in enumerate(work.unassigned):
        found.append((home, 10**9 + n, Block(text, ())))
    found.sort(key=lambda item: (item[0], item[1]))
    return [block for _, _, block in found]


def find_block(result: Any, text: str) -> str:
    """The whole text of the one block `text` is (or is in); ValueError says why not."""
    work = _Work(result, Law.FOI)
    try:
        return work._block_text(work._find_block(text))
    except _Skip as why:
        raise ValueError(str(why).removesuffix(" any more")) from None
