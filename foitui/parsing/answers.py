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

A response without any marker: its bullets, or its substantive paragraphs, pair with the
questions in order when there are as many as questions and none speaks to the whole request;
otherwise its substantive text answers all the questions at once (a blanket refusal, "please
find attached", or the answer to a one-question request). Preamble ("The council has considered
your request under the EIR.") and acknowledgement paragraphs (receipt, the date a response is
due, an extension to come) answer nothing: a response of only those leaves every question
pending. A cost or vexatious refusal covering a request of several questions refuses each.

Linear in the response: a label's questions and the next unanswered question are found through
pointers that only move forward, not by rescanning.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from foitui.models import Answer, Law, Outcome, Question
from foitui.parsing.asks import is_title_line
from foitui.parsing.html import Block
from foitui.parsing.markers import Marker
from foitui.parsing.outcomes import (
    asks_clarification,
    by_attachment,
    classify,
    combine,
    find_exemptions,
    neither_confirms_nor_denies,
)
from foitui.parsing.outline import Item, build_outline, split_nested
from foitui.parsing.questions import Asked
from foitui.parsing.references import heading_ref
from foitui.parsing.text import (
    compare_key,
    is_acknowledgement,
    is_heading,
    is_response_boilerplate,
    is_response_note,
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
# Words of an answer to the whole request (so not to be dealt out one paragraph per question).
# (Run on lower-cased text, case-sensitively: much faster than re.IGNORECASE with "\b".)
_BLANKET = re.compile(
    r"(?<![a-z0-9])(?:your request|the request|this request|all (?:of )?(?:the|your) questions|"
    r"each of|these questions|cost limit|appropriate limit|section 1[24]|s\.? ?1[24]\b|"
    r"vexatious|clarif)"
)
# Review, complaint and copyright wording anywhere in a block: what follows the answers.
# Run on lower-cased text, case-sensitively (much faster than re.IGNORECASE with "\b"). Every
# branch starts with a letter (the test before "ico" comes after its "i"), so ``re`` skips to
# the candidates instead of trying each branch at every character.
_AFTERWORD = re.compile(
    r"internal review|information commissioner|i(?<![a-z0-9_]i)co\b|right to (?:appeal|complain)"
    r"|complain to|copyright"
)


def _afterword(text: str) -> bool:
    low = text.lower()
    # Words each branch holds: most blocks have none, and six plain scans cost less than one.
    return (
        "review" in low
        or "commissioner" in low
        or "ico" in low
        or "right to " in low
        or "complain to" in low
        or "copyright" in low
    ) and _AFTERWORD.search(low) is not None


_FIRST_SENTENCE_END = re.compile(r"[.!?]\s")
# An echo must be long enough not to match a one-word answer by chance.
_MIN_ECHO = 15
# A whole-response answer "has substance" if it says any of these, even after a polite opener.
_SIGNAL = re.compile(  # on lower-cased text
    r"(?<![a-z0-9_])(?:attached|enclosed|below|hold|held|exempt|section|regulation|clarif|refus|"
    r"withh|cost|limit|yes|no|none|figure|total)\b"
)


# A repeated question may differ from the request by a typo or a few words ("spent on
# repairing" for "spent repairing"): this close, by difflib's ratio of the comparison keys.
_FUZZY_ECHO = 0.85
# Fuzzy comparison costs O(n*m) per pair: only for records of an officer's size.
_MAX_FUZZY_QUESTIONS = 300
_MIN_FUZZY = 20
# By order, a numbered answer may go a little past the request's count (a question the
# parser merged), not far past it.
_ORDER_SLACK = 2
_BASE_LABEL = re.compile(r"\d+")
_PROBE = 24  # characters of a question's opening looked for in the response


def _similar(a: str, b: str) -> bool:
    """Whether comparison keys `a` and `b` are the same text give or take small edits."""
    # Short texts, or lengths far apart (a question with its answer after it), are never
    # "the same give or take a few words".
    if min(len(a), len(b)) < _MIN_FUZZY or not 0.85 <= len(a) / len(b) <= 1.18:
        return False
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= _FUZZY_ECHO and matcher.ratio() >= _FUZZY_ECHO


@dataclass(slots=True)
class _Quoted:
    """Where a response repeats the request: the blocks, and the questions repeated whole."""

    blocks: set[int] = field(default_factory=set)
    # After a run of repeated questions, the first block of text that answers them all (no
    # numbered answers follow): its index and the questions' positions.
    joint: dict[int, list[int]] = field(default_factory=dict)


def _quoted_request(
    questions: list[Asked],
    blocks: list[Block],
    written: list[Marker | None],
    request_blocks: Sequence[Block] = (),
) -> _Quoted:
    """Response blocks that repeat the request: runs of two or more blocks in a row that each
    repeat a question, or a part of one, whole, with the request's other lines quoted among
    them (`request_blocks`: the request's own blocks). They are never answers,
    however they are numbered. When numbered answers follow the run ("Request received:" ...
    "Response provided: 1. ..."), those answer; when text follows ("Request" 1, 2, "Reply"
    and a table), that text answers the questions of the run together."""
    found = _Quoted()
    if not questions or len(questions) > _MAX_FUZZY_QUESTIONS:
        return found
    if len(blocks) < 2:
        return found
    # Most responses repeat no question: when no question's opening words appear anywhere in
    # the response, there is nothing to find (one scan of the text, no key per block).
    response = "\n".join(b.text for b in blocks).lower()
    if not any(q.text[:_PROBE].lower() in response for q in questions):
        return found
    keys = [compare_key(q.text) for q in questions]
    request = {compare_key(b.text) for b in request_blocks}
    position = {key: pos for pos, key in reversed(list(enumerate(keys)))}
    joined = "\x00".join(keys)
    # Fuzzy comparison only against questions that start with the same word (an echo with a
    # typo still starts as the question does): most blocks meet none and cost one look-up.
    by_first: dict[str, list[int]] = {}
    for pos, key in enumerate(keys):
        by_first.setdefault(key.split(" ", 1)[0], []).append(pos)
    run: list[int] = []
    asked: list[int] = []  # questions repeated whole in the current run

    def close(end: int) -> None:
        if len(asked) < 2:
            return
        found.blocks.update(run)
        after = _first_content(blocks, written, end)
        if after is not None:
            found.joint[after] = list(dict.fromkeys(asked))

    for index, block in enumerate(blocks):
        marker = written[index]
        body = marker.body if marker is not None else block.text
        key = compare_key(body)
        pos = position.get(key)
        if pos is None:
            candidates = by_first.get(key.split(" ", 1)[0], ())
            pos = next((p for p in candidates if _similar(key, keys[p])), None)
        part = pos is None and (
            (len(key) >= _MIN_ECHO and key in joined) or (bool(key) and key in request)
        )
        if pos is not None or part:
            run.append(index)
            if pos is not None:
                asked.append(pos)
            continue
        close(index)
        run, asked = [], []
    close(len(blocks))
    return found


_MAX_HEADING_WORDS = 8
_REPLY_HEADING = frozenset(
    (
        "reply",
        "response",
        "answer",
        "answers",
        "our response",
        "our reply",
        "response provided",
        "information provided",
        "final response",
        "decision",
    )
)


def _is_reply_heading(text: str) -> bool:
    """ "Reply", "Response provided:": a heading over an answer, not its text."""
    return text.lower().strip(" .:") in _REPLY_HEADING


def _is_next_heading(text: str) -> bool:
    """ "Request", "Question": a heading opening the next question's part of the page."""
    return text.lower().strip(" .:") in _NEXT_HEADING


def _first_content(blocks: list[Block], written: list[Marker | None], start: int) -> int | None:
    """The first block from `start` that is not a heading ("Reply", "Response provided:"),
    or None when it is a numbered answer (or there is none)."""
    for index in range(start, len(blocks)):
        text = blocks[index].text
        if written[index] is not None or blocks[index].number is not None:
            return None  # a numbered answer (written, or an <ol> item's number)
        if (
            (text.endswith(":") and len(text.split()) <= _MAX_HEADING_WORDS)
            or _is_reply_heading(text)
            or (is_heading(text) and " | " not in text)  # not a table's header row
            or _letterhead(text)
        ):
            continue
        return index
    return None


# "The information requested in questions 1 to 4 is ...", "We hold information in response
# to questions 1 – 3", "For question 2 and 3, ...": a paragraph that says early on which
# questions it answers, in its first words. Not "as per our response to question 3" (a pointer
# back) nor "you may wish to limit your request to question 3" (advice).
_MENTION = re.compile(
    r"^(?:(?:for|regarding|re:?|with regards? to|in relation to|in respect of|turning to|"
    r"in (?:response|reply|answer) to|the information (?:requested|sought|asked for) (?:in|for|"
    r"at|under|by)|we (?:do not |don't )?(?:hold|have) (?:[a-z]+ ){0,3}(?:in (?:response|"
    r"relation|reply) to|for|about)|(?:our |the )?(?:response|answer|reply) (?:to|for))\s+)?"
    r"(?:your |the )?"
    r"questions?\s*(?P<list>\d{1,3}[a-z]?(?:\s*(?:,|&|\+|and|to|-|–|—)\s*\d{1,3}[a-z]?)*)"
    r"(?![\d/])"
)
# "In answer to your first question", "The first part of your second question": the same in
# words (the part a letter: the first part of question 2 is 2a).
_ORDINAL_WORDS = "first second third fourth fifth sixth seventh eighth ninth tenth".split()
_ORD = "|".join(_ORDINAL_WORDS)
_ORDINAL_MENTION = re.compile(
    r"^(?:(?:for|regarding|in (?:response|reply|answer) to|turning to|with regards? to)\s+)?"
    rf"(?:the |your )?(?:(?P<part>{_ORD}) part of (?:your |the )?)?(?P<q>{_ORD}) question\b"
)


def _ordinal_mention(low: str) -> list[str]:
    m = _ORDINAL_MENTION.match(low)
    if m is None:
        return []
    label = str(_ORDINAL_WORDS.index(m.group("q")) + 1)
    if m.group("part"):
        label += "abcdefghij"[_ORDINAL_WORDS.index(m.group("part"))]
    return [label]


_MENTION_PART = re.compile(r"(?P<sep>to|-|–|—)?\s*(?P<num>\d{1,3})(?P<sub>[a-z]?)")
_MENTION_REACH = 100  # characters from the start of the paragraph
_MENTION_RANGE = 30


def _mentioned_labels(text: str) -> list[str]:
    """The question labels a paragraph says it answers, near its start ([] when none)."""
    low = text[:_MENTION_REACH].lower()
    if "question" not in low:
        return []
    m = _MENTION.match(low)
    if m is None:
        return _ordinal_mention(low)
    labels: list[str] = []
    prev: int | None = None
    for part in _MENTION_PART.finditer(m.group("list")):
        num = int(part.group("num"))
        if part.group("sep") and prev is not None and not part.group("sub"):
            if not prev < num <= prev + _MENTION_RANGE:
                return []
            labels.extend(str(n) for n in range(prev + 1, num + 1))
        else:
            labels.append(f"{num}{part.group('sub')}")
        prev = num
    return labels


@dataclass(slots=True)
class _Segment:
    targets: list[int]  # indices of the questions it answers
    parts: list[str] = field(default_factory=list)
    blocks: list[int] = field(default_factory=list)  # indices of the blocks it took
    in_list: bool = False  # opened by a list item: a paragraph after the list is not its own
    # How it was matched (Answer.matched_by): "label", "echo", "order" (the weakest: the
    # request view asks the officer to check the split) or "blanket" (the whole request).
    how: str = "label"
    # Its last part is a line of the list a line ending in ":" announced: more may follow.
    listing: bool = False

    def add(self, text: str) -> None:
        # _ANSWER_LEAD's branches start with "our", "the", "answer", "response", "reply" or
        # "a1": a cheap test of the first letter first (see text.py on IGNORECASE).
        if not self.parts and (text[:1] in "AORTaort" or not text.isascii()):
            lead = _ANSWER_LEAD.match(text)
            if lead:
                text = text[lead.end() :]
        if text:
            self.parts.append(text)


class _Matcher:
    """One pass over the response blocks, opening and filling answer segments."""

    def __init__(
        self,
        questions: list[Asked],
        blocks: list[Block],
        written: list[Marker | None],
        request: Sequence[Block] = (),
    ) -> None:
        self.questions = questions
        self.blocks = blocks
        self.written = written
        self.by_label: dict[str, list[int]] = {}
        # One pass over the questions: labels, text lengths and first letters.
        lengths: list[int] = []
        firsts: set[str] = set()
        for pos, q in enumerate(questions):
            if q.label is not None:
                self.by_label.setdefault(q.label, []).append(pos)
            lengths.append(len(q.text))
            firsts.add(q.text[:1].lower())
        # Comparison keys of the question texts, for responses that repeat the questions;
        # made when first needed (most responses never repeat a question).
        self._keys: list[str] | None = None
        self._echo_of: dict[str, int] = {}
        self._echo_built = False
        # A block much shorter than every question cannot repeat one, nor much longer than
        # every question be one repeated whole.
        self.shortest = min(lengths, default=0) * 2 // 3
        self.longest = max(lengths, default=0) * 2 + 20
        # The first letters of the questions: a block that starts with another letter cannot
        # repeat one (None: some question starts with punctuation, so no such test).
        self.firsts = firsts if all(c.isalnum() for c in firsts) else None
        self.answered: set[int] = set()
        # How far each label's candidates are used up: a label repeated thousands of times
        # (numbering that restarts) must not be rescanned from its first question every time.
        self.label_next: dict[str, int] = {}
        # next_free[i]: a position >= i to look at for the first unanswered question (a
        # disjoint-set "next" pointer with path compression; len(questions) means none).
        self.next_free = list(range(len(questions) + 1))
        self.last = -1  # position of the latest question matched
        self.segments: list[_Segment] = []
        self.unassigned: list[int] = []
        self.segment_of: dict[int, _Segment] = {}
        self.findings: set[int] = set()  # blocks of a reviewer's numbered findings
        self._how = "label"  # how `_resolve` found its questions
        self.quoted = _quoted_request(questions, blocks, written, request)

    def run(self) -> None:
        items = build_outline(self.blocks, self.written, known=frozenset(self.by_label))
        quoted = self.quoted.blocks
        joint = self.quoted.joint
        at_block = {item.block: item for item in items if item.block not in quoted}
        last_marked = max(at_block, default=-1)
        current: _Segment | None = None
        closed = False
        findings = False  # within a reviewer's list of findings
        for index, block in enumerate(self.blocks):
            if index in quoted:
                self.unassigned.append(index)  # the request quoted back: no answer's text
                current = None
                continue
            together = [p for p in joint.get(index, ()) if p not in self.answered]
            if together:
                current = self._open(together, index, block, "echo")
                current.add(block.text)
                closed = False
                continue
            item = at_block.get(index)
            if findings and item is not None:
                # "My findings are: 1. The response was late. 2. The exemption was right.":
                # a reviewer's numbered points, not answers to the request's questions.
                self.unassigned.append(index)
                self.findings.add(index)
                current = None
                continue
            findings = item is None and _FINDINGS.search(block.text.lower()) is not None
            if item is not None:
                targets = self._resolve(item)
                echoed = None if targets else self._echoed_only(item, index, block)
                if echoed is not None:
                    # "1. How many staff?" repeated, then "1. 120 staff.": the answer's own
                    # marker after the echo of the question it answers.
                    current = echoed
                    self._take(current, index, item.body)
                    closed = False
                elif targets:
                    current = self._open(targets, index, block, self._how)
                    current.add(self._without_echo(item.body, targets))
                    closed = False
                elif self._repeats_answered(item):
                    # "(2) How many ..." repeated after a joint answer already gave its answer.
                    self.unassigned.append(index)
                elif (
                    current is not None
                    and not closed
                    and not _answers_nothing(item.body or block.text)
                    and not _afterword(block.text)
                ):
                    self._take(current, index, block.text)  # a list inside an answer
                else:
                    self.unassigned.append(index)
                continue
            mentioned = self._mentioned(block.text)
            if mentioned:
                current = self._open(mentioned, index, block)
                current.add(block.text)
                closed = False
                continue
            echo = self._echo(block.text)
            if echo is not None:
                pos, rest = echo
                current = self._open([pos], index, block, "echo")
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
            elif not current.parts and (_is_reply_heading(text) or self._repeats(current, text)):
                # "Reply" over the answer, or "Request 2" then the question again: not its text.
                self.unassigned.append(index)
            elif not current.parts:
                self._take(current, index, text)  # the answer after a repeated question
            elif block.item is None and (
                current.parts[-1].endswith(":") or (current.listing and is_title_line(text))
            ):
                # The list or links a line ending in ":" announced ("... can be found in our
                # annual reports:" and a line per report).
                self._take(current, index, text)
                current.listing = True
            elif _closes_answer(text):
                # "Part B", "Request": what follows is not this answer's. A heading that
                # cites the ground ("Section 31(1)(g) by virtue") is the answer's own.
                self.unassigned.append(index)
                if _is_next_heading(text):
                    current = None
            elif index < last_marked:
                self._take(current, index, text)
            elif (
                (current.in_list and block.item is None)
                or (_answers_nothing(text) and not _cites_ground(text))
                or _afterword(text)
            ):
                current = None
                self.unassigned.append(index)
            else:
                self._take(current, index, text)

    def _mentioned(self, text: str) -> list[int]:
        """Questions a paragraph names as the ones it answers, when none has an answer yet."""
        targets: list[int] = []
        for label in _mentioned_labels(text):
            candidates = self.by_label.get(label)
            if not candidates:
                return []
            pos = candidates[0]
            segment = self.segment_of.get(pos)
            if segment is not None and segment.parts:
                return []  # answered already: this paragraph is not its answer
            targets.append(pos)
        return targets

    def _repeats_one_of(self, text: str, positions: Iterable[int]) -> bool:
        """Whether `text` repeats one of the questions at `positions`, give or take small edits."""
        key = compare_key(text)
        if len(key) < _MIN_ECHO:
            return False
        return any(key == (own := self.key_of(p)) or _similar(key, own) for p in positions)

    def _repeats(self, segment: _Segment, text: str) -> bool:
        """Whether `text` repeats one of the questions `segment` answers."""
        return self._repeats_one_of(text, segment.targets)

    def _repeats_answered(self, item: Item) -> bool:
        """Whether a marked block only repeats the (answered) question its label names."""
        named = (p for label in item.labels for p in self.by_label.get(label, ()))
        return self._repeats_one_of(item.body, (p for p in named if p in self.answered))

    def _echoed_only(self, item: Item, index: int, block: Block) -> _Segment | None:
        """The answer segment of `item`'s labels when their segments hold only the questions'
        echoes: "Answers 2 & 3" after "Request 2", its question, "Request 3", its question."""
        empty: list[int] = []
        for label in item.labels:
            for pos in self.by_label.get(label, ()):
                segment = self.segment_of.get(pos)
                if segment is not None and not segment.parts:
                    empty.append(pos)
                    break
        if not empty:
            return None
        if len(empty) == 1:
            return self.segment_of[empty[0]]
        return self._open(empty, index, block)

    def _take(self, segment: _Segment, index: int, text: str) -> None:
        segment.add(text)
        segment.blocks.append(index)
        segment.listing = False

    def _open(self, targets: list[int], index: int, block: Block, how: str = "label") -> _Segment:
        segment = _Segment(targets, blocks=[index], in_list=block.item is not None, how=how)
        self.segments.append(segment)
        for pos in targets:
            self.answered.add(pos)
            self.next_free[pos] = pos + 1
            self.segment_of[pos] = segment
        self.last = max(targets)
        return segment

    def _resolve(self, item: Item) -> list[int]:
        """Questions an outline item answers: by label, else the next one in order (and how,
        in `self._how`)."""
        self._how = "label"
        targets: list[int] = []
        known = False
        for label in item.labels:
            candidates = self.by_label.get(label)
            if not candidates:
                continue
            known = True
            i = self.label_next.get(label, 0)
            while i < len(candidates) and candidates[i] in self.answered:
                i += 1
            self.label_next[label] = i
            if i < len(candidates) and candidates[i] not in targets:
                targets.append(candidates[i])
        if targets or known or item.parent is not None:
            return targets
        base = _BASE_LABEL.match(item.label)
        if base and base.group() != item.label and base.group() in self.by_label:
            # "1a", "1b" in the response to a question 1 without parts: both answer it.
            return [self.by_label[base.group()][0]]
        if item.label.isdigit() and int(item.label) > len(self.questions) + _ORDER_SLACK:
            # "21. Information accessible to applicant by other means." quoted from the Act
            # under a two-question request: a number no question has is not the next answer.
            return []
        nxt = self._next_unanswered()
        self._how = "order"  # no label of the request's: the next question in order
        return [nxt] if nxt is not None else []

    def _free_from(self, pos: int) -> int:
        """The first unanswered position >= pos (len(questions) when there is none)."""
        nxt = self.next_free
        root = pos
        while nxt[root] != root:
            root = nxt[root]
        while nxt[pos] != root:  # path compression: later look-ups jump straight there
            nxt[pos], pos = root, nxt[pos]
        return root

    def _next_unanswered(self) -> int | None:
        """The first unanswered question after the latest one matched, else the first at all."""
        n = len(self.questions)
        pos = self._free_from(max(self.last + 1, 0))
        if pos == n:
            pos = self._free_from(0)
        return pos if pos < n else None

    def key_of(self, pos: int) -> str:
        """The comparison key of question `pos`, made when first needed."""
        keys = self._keys
        if keys is None:
            keys = self._keys = [None] * len(self.questions)  # type: ignore[list-item]
        key = keys[pos]
        if key is None:
            key = keys[pos] = compare_key(self.questions[pos].text)
        return key

    @property
    def echo_of(self) -> dict[str, int]:
        """Question positions by comparison key (for a block that repeats a question whole)."""
        if not self._echo_built:
            self._echo_built = True
            for pos in range(len(self.questions)):
                key = self.key_of(pos)
                if len(key) >= _MIN_ECHO:
                    self._echo_of.setdefault(key, pos)
        return self._echo_of

    def _without_echo(self, body: str, targets: list[int]) -> str:
        for pos in targets:
            question = self.questions[pos].text
            if body == question:
                return ""  # the whole question repeated, however short
            # Cheap test first: an echo starts with the question's first letter.
            if len(body) < len(question) or body[:1].lower() != question[:1].lower():
                continue
            # The label already matched: even a short question's echo can go.
            rest = strip_echo(body, self.key_of(pos))
            if rest is not None:
                return rest
        return body

    def _echo(self, text: str) -> tuple[int, str] | None:
        """A block that repeats a question (not yet answered): the question and what follows."""
        if len(text) < self.shortest or len(text) < _MIN_ECHO:
            return None
        first = text[0]
        firsts = self.firsts
        if len(text) <= self.longest and (
            firsts is None or not first.isalnum() or first.lower() in firsts
        ):
            pos = self.echo_of.get(compare_key(text))
            if pos is not None and pos not in self.answered:
                return pos, ""
        nxt = self._next_unanswered()
        if nxt is None:
            return None
        q_first = self.questions[nxt].text[:1]
        if first.isalnum() and q_first.isalnum() and first.lower() != q_first.lower():
            return None  # cheap test first: an echo starts with the question's first letter
        key = self.key_of(nxt)
        if len(key) < _MIN_ECHO:
            return None
        rest = strip_echo(text, key)
        if (
            rest is None
            and len(self.questions) <= _MAX_FUZZY_QUESTIONS
            and _similar(compare_key(text), key)
        ):
            return nxt, ""  # the question repeated with a typo or a word changed
        return (nxt, rest) if rest is not None else None


# What introduces an internal reviewer's own numbered points (the findings of the review).
_FINDINGS = re.compile(
    r"(?:my|the|our) (?:findings|conclusions|observations)(?: (?:are|were|is))?\s*(?:as follows)?:"
    r"|i (?:have )?(?:found|noted|considered) the following|(?:reviewed|review)[^.]{0,80}"
    r"(?:as follows|the following points)\s*:"
)
# A lone heading that opens the next question's part of the page.
_NEXT_HEADING = frozenset(("request", "question", "questions", "information requested"))


def _closes_answer(text: str) -> bool:
    if _is_next_heading(text):
        return True
    return is_heading(text) and not find_exemptions(text)


def _cites_ground(text: str) -> bool:
    """ "Under section 25(1) of FOISA, we do not have to give you information ...": a paragraph
    that explains the ground of the answer before it, however formulaic, is that answer's."""
    return bool(find_exemptions(text))


def _has_words(marker: Marker | None) -> bool:
    """Whether a block says more than its marker; `marker`: the one it writes (`split_nested`
    parsed it already)."""
    return marker is None or bool(marker.body)


def _answers_nothing(text: str) -> bool:
    return is_response_note(text) or is_response_boilerplate(text) or is_salutation(text)


def match_answers(
    questions: list[Asked],
    blocks: list[Block],
    law: Law = Law.FOI,
    request: list[Block] | None = None,
) -> tuple[list[Question], list[Answer], list[str]]:
    """The questions with their answers, outcomes and exemptions (pending when unanswered);
    the answers in response order; and the response blocks that answer nothing. `request`:
    the request's blocks, to know the request when the response quotes it back."""
    if not questions:
        return [], [], [b.text for b in blocks]
    blocks, written = split_nested(blocks, answers=True)
    matcher = _Matcher(questions, blocks, written, request or ())
    matcher.run()
    segments = [s for s in matcher.segments if s.parts]
    unassigned = set(matcher.unassigned)
    if len(segments) < len(matcher.segments):
        for segment in matcher.segments:
            if not segment.parts:
                # A marker with nothing after it ("1." alone) says nothing worth keeping.
                unassigned.update(i for i in segment.blocks if _has_words(written[i]))
    if not matcher.segments:
        segments, unassigned = _whole_response(
            questions, blocks, matcher.quoted.blocks | matcher.findings
        )
    else:
        _refuse_the_rest(questions, blocks, segments, unassigned, law)
    _cover_children(questions, segments)
    answered, answers = _build_answers(questions, segments, law)
    return answered, answers, [blocks[i].text for i in sorted(unassigned)]


# Grounds that refuse a whole request, not one question: the cost limit, vexatious or repeated
# requests, and neither confirm nor deny.
_WHOLE_REQUEST_CODES = ("s12", "s14", "fs12", "fs14", "r12(4)(b)")


def _refuse_the_rest(
    questions: list[Asked],
    blocks: list[Block],
    segments: list[_Segment],
    unassigned: set[int],
    law: Law,
) -> None:
    """Questions left without an answer when the response refuses the whole request in a
    paragraph of its own ("Under Section 12(1) ... not obliged to comply with your request"):
    that paragraph is their answer."""
    covered = {pos for segment in segments for pos in segment.targets}
    pending = [pos for pos, q in enumerate(questions) if pos not in covered and q.parent is None]
    if not pending:
        return
    for index in sorted(unassigned):
        text = blocks[index].text
        if _afterword(text) or is_sign_off(text) or is_salutation(text):
            continue
        codes = find_exemptions(text, law)
        whole = any(c.startswith(_WHOLE_REQUEST_CODES) for c in codes)
        if whole or neither_confirms_nor_denies(text):
            segment = _Segment(pending, blocks=[index], how="blanket")
            segment.add(text)
            segments.append(segment)
            unassigned.discard(index)
            return


def _whole_response(
    questions: list[Asked],
    blocks: list[Block],
    quoted: set[int] = frozenset(),  # type: ignore[assignment]
) -> tuple[list[_Segment], set[int]]:
    """No markers: bullets, or short paragraphs, answer the questions in order when they pair
    up one to one; else the substantive text answers every question."""
    unassigned: set[int] = set()
    substantive: list[int] = []
    closed = False
    for index, block in enumerate(blocks):
        text = block.text
        if index in quoted:
            unassigned.add(index)
        elif closed or is_sign_off(text):
            closed = True
            unassigned.add(index)
        elif (
            is_salutation(text)
            or (is_response_boilerplate(text) and not _has_substance(text))
            or is_acknowledgement(text)
            or _letterhead(text)
            or _is_reply_heading(text)
        ):
            unassigned.add(index)
        else:
            substantive.append(index)
    top = [pos for pos, q in enumerate(questions) if q.parent is None]
    bullets = [i for i in substantive if blocks[i].bullet and blocks[i].item_start]
    if len(top) >= 2 and len(bullets) == len(top):
        return _in_order(top, bullets, substantive, blocks, unassigned)
    if (
        len(top) >= 2
        and len(substantive) == len(top)
        and not any(_BLANKET.search(blocks[i].text.lower()) for i in substantive)
        # A table's rows (its header, then its figures) are one answer, not one each.
        and not any(" | " in blocks[i].text for i in substantive)
    ):
        return _in_order(top, substantive, substantive, blocks, unassigned)
    segment = _Segment(list(range(len(questions))), how="blanket")
    for index in substantive:
        segment.add(blocks[index].text)
        segment.blocks.append(index)
    return ([segment] if segment.parts else []), unassigned


def _in_order(
    top: list[int],
    starts: list[int],
    substantive: list[int],
    blocks: list[Block],
    unassigned: set[int],
) -> tuple[list[_Segment], set[int]]:
    """Answer i opens at starts[i]; the other blocks of its list item go with it."""
    segments: list[_Segment] = []
    by_item: dict[int, _Segment] = {}
    for pos, start in zip(top, starts, strict=True):
        segment = _Segment([pos], blocks=[start], how="order")
        segment.add(blocks[start].text)
        segments.append(segment)
        if blocks[start].item is not None:
            by_item[blocks[start].item] = segment
    opened = set(starts)
    for index in substantive:
        if index in opened:
            continue
        item = blocks[index].item
        owner = by_item.get(item) if item is not None else None
        if owner is not None:
            owner.add(blocks[index].text)
            owner.blocks.append(index)
        else:
            unassigned.add(index)
    return segments, unassigned


# A date line, alone or after its label or a title: "16 June 2023", "August 14, 2019",
# "Issue date: 19.07.24", "Response 15-05-2024", "Car Parking Charges - 14/08/2019".
_DATE_LINE = re.compile(
    r"^(?:(?:date|dated|response|responded|request|requested|received|sent|reply|issued?)"
    r"(?: date)?\s*[:|]?\s*|[^.?!:|]{1,60}\s[-–—]\s)?"
    r"(?:(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?"
    r"(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*,?"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}(?:st|nd|rd|th)?,?)"
    r"\s+\d{4}"
    r"|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4})$"
)


def _letterhead(text: str) -> bool:
    """A heading, date or case-number line ("DWP Response", "16 June 2023", "Drones (3300/18)",
    "Reference | FOI 2025/1213"): the page's furniture, not an answer. A line of figures
    ("2021/22: £63,115") is an answer's data."""
    if not is_title_line(text) or _SIGNAL.search(text.lower()) is not None:
        return False
    return (
        (not any(ch.isdigit() for ch in text) and " | " not in text)  # not a table's header
        or _DATE_LINE.match(text.lower()) is not None
        or heading_ref(text) is not None
    )


def _has_substance(text: str) -> bool:
    """A polite opener that goes on to answer: "Thank you for your request. We do not hold...",
    "Your request is refused under section 12.", "Your request is unclear. Please specify..."."""
    first_end = _FIRST_SENTENCE_END.search(text)
    rest = text[first_end.end() :] if first_end else ""
    if rest and (_SIGNAL.search(rest.lower()) is not None or find_exemptions(rest)):
        return True
    if _afterword(text):
        return False  # "If you are unhappy with our refusal, ask for an internal review"
    return bool(find_exemptions(text)) or asks_clarification(text)


def _cover_children(questions: list[Asked], segments: list[_Segment]) -> None:
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


# The models' own validators, called with a dict: the same validation and the same models as
# Answer(...) and Question(...) (fields set: the keys given), without BaseModel.__init__'s
# Python frame and keyword packing, a third of the cost of a model here.
_validate_answer = Answer.__pydantic_validator__.validate_python
_validate_question = Question.__pydantic_validator__.validate_python


def _build_answers(
    questions: list[Asked], segments: list[_Segment], law: Law
) -> tuple[list[Question], list[Answer]]:
    # Each model is built once, complete: pydantic's __setattr__ on a built model is slow.
    answers: list[Answer] = []
    of_question: dict[int, list[Answer]] = {}
    several = len(questions) > 1
    for segment in segments:
        text = "\n\n".join(segment.parts)
        targets = segment.targets
        whole = several and len(targets) == len(questions)
        outcome, exemptions = classify(text, (questions[p].text for p in targets), law, whole=whole)
        answer = _validate_answer(
            {
                "questions": [questions[p].key for p in targets],
                "text": text,
                "outcome": outcome,
                "exemptions": exemptions,
                "matched_by": segment.how,
            }
        )
        answers.append(answer)
        for pos in targets:
            mine = of_question.get(pos)
            if mine is None:
                of_question[pos] = [answer]
            else:
                mine.append(answer)
    result: list[Question] = []
    for pos, q in enumerate(questions):
        mine = of_question.get(pos)
        if not mine:
            answer_text, outcome, codes = None, Outcome.PENDING, []
        elif len(mine) == 1:
            answer_text, outcome, codes = mine[0].text, mine[0].outcome, list(mine[0].exemptions)
        else:
            answer_text = "\n\n".join(a.text for a in mine)
            outcome = combine([a.outcome for a in mine])
            codes = list(dict.fromkeys(code for a in mine for code in a.exemptions))
        result.append(
            _validate_question(
                {
                    "key": q.key,
                    "label": q.label,
                    "parent": q.parent,
                    "text": q.text,
                    "answer": answer_text,
                    "attachment": by_attachment(answer_text),
                    "outcome": outcome,
                    "exemptions": codes,
                }
            )
        )
    return result, answers
