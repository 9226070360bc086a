"""Match a response's answers to the request's questions.

The response is split into blocks and outlined like the request, so "a)" under "2)" is "2a" in
both. Each marked block opens an answer, matched by label first ("Q3 and Q4:" covers two), else
by order (a label the request does not use, e.g. a lettered response to numbered questions). A
block that repeats a question's text opens that question's answer too (a response that echoes
each question before answering), and an echo at the start of an answer is cut off.

Unmarked blocks after an answer belong to it until the next marker. After the last marker they
belong to it only while they are content: a note ("Please note..."), the review and complaint
paragraphs, a sign-off, or a paragraph after the answers' list has ended answer nothing. What
answers nothing is kept, in order, as the unassigned response.

A response without any marker answers all the questions at once with its substantive text (a
blanket refusal, "please find attached", or the answer to a one-question request).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from foitui.models import Answer, Law, Outcome, Question
from foitui.parsing.html import Block
from foitui.parsing.outcomes import classify, combine, find_exemptions
from foitui.parsing.outline import Item, build_outline
from foitui.parsing.text import (
    RESPONSE_BOILERPLATE,
    RESPONSE_NOTE,
    compare_key,
    is_salutation,
    is_sign_off,
    strip_echo,
)

# "Response:", "Answer 3 -", "A:", "Our response:" before the answer proper.
_ANSWER_LEAD = re.compile(
    r"^(?:(?:our |the council'?s? )?(?:answer|response|reply)(?:\s+to\s+(?:q(?:uestion)?\s*)?"
    r"\d{1,3}\w?)?\s*[:\-–—.]|a\d{0,3}\s*[:\-–—])\s*",
    re.IGNORECASE,
)
# An echo must be long enough not to match a one-word answer by chance.
_MIN_ECHO = 15
# A whole-response answer "has substance" if it says any of these, even after a polite opener.
_SIGNAL = re.compile(
    r"\b(?:attached|enclosed|below|hold|held|exempt|section|regulation|clarif|refus|withh|cost|"
    r"limit|yes|no|none|figure|total)\b",
    re.IGNORECASE,
)


@dataclass(slots=True)
class _Segment:
    targets: list[int]  # indices of the questions it answers
    parts: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # indices of the blocks it took
    in_list: bool = False  # opened by a list item: a paragraph after the list is not its own

    def add(self, text: str) -> None:
        if not self.parts:
            text = _ANSWER_LEAD.sub("", text, count=1)
        if text:
            self.parts.append(text)


class _Matcher:
    """One pass over the response blocks, opening and filling answer segments."""

    def __init__(self, questions: list[Question], blocks: list[Block]) -> None:
        self.questions = questions
        self.blocks = blocks
        self.by_label: dict[str, list[int]] = {}
        for pos, q in enumerate(questions):
            if q.label is not None:
                self.by_label.setdefault(q.label, []).append(pos)
        self.echo_of: dict[str, int] = {}
        for pos, q in enumerate(questions):
            key = compare_key(q.text)
            if len(key) >= _MIN_ECHO:
                self.echo_of.setdefault(key, pos)
        self.answered: set[int] = set()
        self.last = -1  # position of the latest question matched
        self.cursor = 0  # the first question not yet answered (moves forward only)
        self.segments: list[_Segment] = []
        self.unassigned: list[int] = []

    def run(self) -> None:
        items = build_outline(self.blocks, answers=True, known=frozenset(self.by_label))
        at_block = {item.block: item for item in items}
        last_marked = items[-1].block if items else -1
        current: _Segment | None = None
        closed = False
        for index, block in enumerate(self.blocks):
            item = at_block.get(index)
            if item is not None:
                targets = self._resolve(item)
                if targets:
                    current = self._open(targets, index, block)
                    current.add(self._without_echo(item.body, targets))
                    closed = False
                elif current is not None and not closed and not _answers_nothing(block.text):
                    self._take(current, index, block.text)  # a list inside an answer
                else:
                    self.unassigned.append(index)
                continue
            echo = self._echo(block.text)
            if echo is not None:
                pos, rest = echo
                current = self._open([pos], index, block)
                current.add(rest)
                closed = False
                continue
            if current is None or closed:
                self.unassigned.append(index)
                continue
            text = block.text
            if is_sign_off(text):
                closed = True
                self.unassigned.append(index)
            elif not current.parts or index < last_marked:
                self._take(current, index, text)
            elif (current.in_list and block.item is None) or _answers_nothing(text):
                current = None
                self.unassigned.append(index)
            else:
                self._take(current, index, text)

    def _take(self, segment: _Segment, index: int, text: str) -> None:
        segment.add(text)
        segment.blocks.append(index)

    def _open(self, targets: list[int], index: int, block: Block) -> _Segment:
        segment = _Segment(targets, blocks=[index], in_list=block.item is not None)
        self.segments.append(segment)
        self.answered.update(targets)
        self.last = max(targets)
        return segment

    def _resolve(self, item: Item) -> list[int]:
        """Questions an outline item answers: by label, else the next one in order."""
        targets: list[int] = []
        known = False
        for label in item.labels:
            candidates = self.by_label.get(label)
            if not candidates:
                continue
            known = True
            for pos in candidates:
                if pos not in self.answered and pos not in targets:
                    targets.append(pos)
                    break
        if targets or known or item.parent is not None:
            return targets
        nxt = self._next_unanswered()
        return [nxt] if nxt is not None else []

    def _next_unanswered(self) -> int | None:
        for pos in range(max(self.last + 1, 0), len(self.questions)):
            if pos not in self.answered:
                return pos
        while self.cursor < len(self.questions) and self.cursor in self.answered:
            self.cursor += 1
        return self.cursor if self.cursor < len(self.questions) else None

    def _without_echo(self, body: str, targets: list[int]) -> str:
        for pos in targets:
            rest = strip_echo(body, self.questions[pos].text)
            if rest is not None and len(compare_key(self.questions[pos].text)) >= _MIN_ECHO:
                return rest
        return body

    def _echo(self, text: str) -> tuple[int, str] | None:
        """A block that repeats a question (not yet answered): the question and what follows."""
        pos = self.echo_of.get(compare_key(text))
        if pos is not None and pos not in self.answered:
            return pos, ""
        nxt = self._next_unanswered()
        if nxt is None or len(compare_key(self.questions[nxt].text)) < _MIN_ECHO:
            return None
        rest = strip_echo(text, self.questions[nxt].text)
        return (nxt, rest) if rest is not None else None


def _answers_nothing(text: str) -> bool:
    return (
        RESPONSE_NOTE.match(text) is not None
        or RESPONSE_BOILERPLATE.match(text) is not None
        or is_salutation(text)
    )


def match_answers(
    questions: list[Question], blocks: list[Block], law: Law = Law.FOI
) -> tuple[list[Answer], list[str]]:
    """Answers in response order, and the response blocks that answer nothing.

    Fills in each question's answer, outcome and exemptions (pending when unanswered).
    """
    if not questions:
        return [], [b.text for b in blocks]
    matcher = _Matcher(questions, blocks)
    matcher.run()
    segments = [s for s in matcher.segments if s.parts]
    unassigned = set(matcher.unassigned)
    for segment in matcher.segments:
        if not segment.parts:
            unassigned.update(segment.blocks)
    if not segments:
        segments, unassigned = _whole_response(questions, blocks)
    _cover_children(questions, segments)
    answers = _build_answers(questions, segments, law)
    return answers, [blocks[i].text for i in sorted(unassigned)]


def _whole_response(
    questions: list[Question], blocks: list[Block]
) -> tuple[list[_Segment], set[int]]:
    """No markers: bullets answer questions in order when they pair up, else the substantive
    text answers every question."""
    unassigned: set[int] = set()
    bullets = [i for i, b in enumerate(blocks) if b.bullet and b.item_start]
    top = [pos for pos, q in enumerate(questions) if q.parent is None]
    if len(top) >= 2 and len(bullets) == len(top):
        segments = []
        for pos, start in zip(top, bullets, strict=True):
            segment = _Segment([pos], blocks=[start])
            segment.add(blocks[start].text)
            segments.append(segment)
        by_item = {blocks[start].item: seg for start, seg in zip(bullets, segments, strict=True)}
        for index, block in enumerate(blocks):
            if index in bullets:
                continue
            owner = by_item.get(block.item) if block.item is not None else None
            if owner is not None:
                owner.add(block.text)
                owner.blocks.append(index)
            else:
                unassigned.add(index)
        return segments, unassigned
    segment = _Segment(list(range(len(questions))))
    closed = False
    for index, block in enumerate(blocks):
        text = block.text
        if closed or is_sign_off(text):
            closed = True
            unassigned.add(index)
        elif is_salutation(text) or (
            RESPONSE_BOILERPLATE.match(text) and not _has_substance(text)
        ):
            unassigned.add(index)
        else:
            segment.add(text)
            segment.blocks.append(index)
    return ([segment] if segment.parts else []), unassigned


def _has_substance(text: str) -> bool:
    """A polite opener that goes on to answer: "Thank you for your request. We do not hold..."."""
    first_end = re.search(r"[.!?]\s", text)
    rest = text[first_end.end() :] if first_end else ""
    return bool(rest) and (_SIGNAL.search(rest) is not None or bool(find_exemptions(rest)))


def _cover_children(questions: list[Question], segments: list[_Segment]) -> None:
    """An answer to "2" also answers 2a, 2b... when those have no answer of their own."""
    owner: dict[str, _Segment] = {}
    covered: set[int] = set()
    for segment in segments:
        covered.update(segment.targets)
    for segment in segments:
        for pos in segment.targets:
            owner.setdefault(questions[pos].key, segment)
    for pos, q in enumerate(questions):
        if pos in covered or q.parent is None:
            continue
        segment = owner.get(q.parent)
        if segment is not None:
            segment.targets.append(pos)
            owner[q.key] = segment
            covered.add(pos)


def _build_answers(questions: list[Question], segments: list[_Segment], law: Law) -> list[Answer]:
    answers: list[Answer] = []
    of_question: dict[int, list[Answer]] = {}
    for segment in segments:
        text = "\n\n".join(segment.parts)
        outcome, exemptions = classify(text, (questions[p].text for p in segment.targets), law)
        answer = Answer(
            questions=[questions[p].key for p in segment.targets],
            text=text,
            outcome=outcome,
            exemptions=exemptions,
        )
        answers.append(answer)
        for pos in segment.targets:
            of_question.setdefault(pos, []).append(answer)
    for pos, q in enumerate(questions):
        mine = of_question.get(pos)
        if not mine:
            q.answer = None
            q.outcome = Outcome.PENDING
            q.exemptions = []
            continue
        q.answer = "\n\n".join(a.text for a in mine)
        q.outcome = combine([a.outcome for a in mine])
        q.exemptions = list(dict.fromkeys(code for a in mine for code in a.exemptions))
    return answers
