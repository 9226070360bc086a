"""How a request is laid out in the store's documents, and put back together.

Pure functions between models and the three documents a request has: the index entry (small,
for the list), the corpus record (large, imported once) and the triage entry (what users change).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any, NamedTuple

from foitui.kinds import Law, LinkKind, Outcome, Status
from foitui.refs import number_key, ref_key

if TYPE_CHECKING:
    from foitui import deadlines
    from foitui.law.time_limits import Closures, TimeLimit
    from foitui.models import Request

# pydantic (foitui.models), the bank-holiday tables (foitui.deadlines) and subject terms
# (foitui.similar) are imported where used: the list's rows need none of them.


class Unset:
    """Marks an argument that was not given (None is a real value: "clear the note")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = Unset()

DECIDED = frozenset(o.value for o in Outcome) - {Outcome.PENDING.value}


class Summary(NamedTuple):
    """One row of the request list: everything the list shows, nothing it does not.

    A tuple, so that 100,000 of them are made from the index columns in C (`_make` over
    `zip`) rather than one Python `__init__` call each.
    """

    id: str
    ref: str | None
    title: str
    authority: str | None
    law: Law
    received: date | None
    due: date | None
    status: Status
    questions: int
    decided: int
    links: int
    has_response: bool
    # The date the response was sent, when recorded: the request's deadline no longer runs.
    responded: date | None = None
    # Why the parse needs checking ("check the split"), as parsing/check.py codes; "" = fine.
    check: str = ""
    # The team (foitui/team.py), from triage: who holds it (a login name or `team:NAME`), its
    # sign-off stage as stored ("" = drafting, or none asked), and whether it was marked as
    # needing clearance (None: the store's `clearance_rule` decides).
    assignee: str | None = None
    clearance: str = ""
    clearance_needed: bool | None = None

    @property
    def check_split(self) -> bool:
        return bool(self.check)

    @property
    def pending(self) -> int:
        return self.questions - self.decided


# ------------------------------------------------------------------ documents from models

OUTCOME_CODES = {
    Outcome.PENDING.value: "p",
    Outcome.ANSWERED.value: "a",
    Outcome.PARTLY_ANSWERED.value: "P",
    Outcome.NOT_HELD.value: "n",
    Outcome.REFUSED.value: "r",
    Outcome.CLARIFICATION_NEEDED.value: "c",
}
OUTCOME_NAMES = {code: name for name, code in OUTCOME_CODES.items()}
#: Stored values to their enums (index cells hold the plain strings).
LAWS = {law.value: law for law in Law}
STATUSES = {status.value: status for status in Status}
SEP = "\x1f"  # between items of a list held in one index cell


class IndexRow(NamedTuple):
    """A request's entry in the index: what the list needs, as flat strings.

    The index is stored column by column (one JSON array per field): 100,000 requests load
    as a few arrays of strings instead of 100,000 nested objects, which is what makes cold
    start fast.
    """

    ref: str | None
    title: str
    authority: str | None
    law: str
    received: str | None
    status: str | None  # set in the imported file, else None (derived)
    keys: str  # question keys, SEP-joined
    outcomes: str  # one OUTCOME_CODES letter per question, as parsed
    exemptions: str  # per question: codes joined by ",", questions joined by ";"
    refs: str  # reference texts found, SEP-joined
    resp: bool  # has a response
    rk: str  # ref_key(ref)
    nk: str  # number_key(ref)
    requester: str | None = None
    # The statutory due date (ISO) from `received` and `law` alone, worked out at import so
    # that opening the list needs no bank-holiday tables; clock stops live in triage.
    due: str | None = None
    # "Check the split" reasons (parsing/check.py codes), worked out at import so the list
    # shows the flag without reading the corpus. Stores written before it read as "" (fine).
    check: str = ""
    # The date the response was sent (ISO), when the imported record gives it (a RESPONDED
    # column); `set --responded` overrides it. Stores written before it read as None.
    responded: str | None = None


INDEX_COLUMNS: tuple[str, ...] = IndexRow._fields

#: Columns kept beside the index (layout.LOOKUP), loaded only by what needs them: the import
#: fingerprint (duplicate detection) and the subject terms (similar requests). They are a third
#: of the index's bytes and nothing on the way to the first screen reads them.
LOOKUP_COLUMNS = ("fp", "terms")


def index_row(request: Request) -> IndexRow:
    from foitui.parsing.check import codes as check_codes  # the parsing package loads pydantic

    received = request.received.isoformat() if request.received else None
    return IndexRow(
        ref=request.ref,
        title=request.title,
        authority=request.authority,
        law=request.law.value,
        received=received,
        status=request.status.value if request.status != Status.NEW else None,
        keys=SEP.join(q.key for q in request.questions),
        outcomes="".join(OUTCOME_CODES[q.outcome.value] for q in request.questions),
        exemptions=";".join(",".join(q.exemptions) for q in request.questions),
        refs=SEP.join(r.text for r in request.references),
        resp=bool(request.response_text.strip()),
        rk=ref_key(request.ref) if request.ref else "",
        nk=number_key(request.ref) if request.ref else "",
        requester=request.requester,
        due=_plain_due_iso(request.received, request.law),
        check=check_codes(request),
        responded=request.responded.isoformat() if request.responded else None,
    )


def due_column(received: list[str | None], laws: list[str]) -> list[str | None]:
    """The `due` column for rows written before it existed."""
    return [
        _plain_due_iso(_date(day), LAWS.get(law, Law.FOI))
        for day, law in zip(received, laws, strict=True)
    ]


def _plain_due_iso(received: date | None, law: Law) -> str | None:
    due = _plain_due(received, law) if received else None
    return due.isoformat() if due else None


class Prepared(NamedTuple):
    """A parsed request as the store writes it. Made where it was parsed (an import worker
    process), so the importing process only hands out ids and writes files."""

    fp: str
    row: IndexRow
    terms: str
    doc: bytes  # the corpus record, as JSON in UTF-8 (joined into shards as it is)
    search: str  # what full-text search matches (store/search.py)


def prepare(request: Request, fingerprint: str) -> Prepared:
    from foitui.store.search import search_text

    # pydantic's own encoder writes what json.dumps of model_dump(mode="json") writes (compact,
    # ensure_ascii=False), byte for byte, without the dict in between: a third of the cost.
    doc = request.model_dump_json(include=CORPUS_FIELDS).encode("utf-8")
    search = search_text(
        request.ref,
        request.title,
        request.authority,
        request.requester,
        request.request_text,
        request.response_text,
        *(r.text for r in request.references),
    )
    return Prepared(fingerprint, index_row(request), terms_text(request), doc, search)


def terms_text(request: Request) -> str:
    """The request's subject terms (similar.py), as kept in the `terms` lookup column."""
    from foitui.subjects import subject_terms

    return " ".join(subject_terms(request.title, request.request_text, authority=request.authority))


#: What a request keeps in its corpus shard; the rest is in the index.
CORPUS_FIELDS = frozenset(
    (
        "source",
        "request_text",
        "response_text",
        "questions",
        "answers",
        "unassigned_response",
        "references",
    )
)


# ------------------------------------------------------------------ triage paths


def get_path(doc: dict[str, Any], path: tuple[str, ...]) -> Any:
    node: Any = doc
    for part in path:
        if not isinstance(node, dict):
            return None
        node = node.get(part)
    return copy.deepcopy(node)


def set_path(doc: dict[str, Any], path: tuple[str, ...], value: Any) -> dict[str, Any]:
    """A copy of `doc` with `path` set; a None value removes the key (and empty parents)."""
    result = copy.deepcopy(doc)
    parents = [result]
    node = result
    for part in path[:-1]:
        node = node.setdefault(part, {})
        parents.append(node)
    if value is None:
        node.pop(path[-1], None)
        for depth in range(len(path) - 1, 0, -1):
            if not parents[depth]:
                parents[depth - 1].pop(path[depth - 1], None)
    else:
        node[path[-1]] = value
    return result


def link_key(target: str) -> str:
    """The key a link is stored under: its target id, or the reference's spelling-free key."""
    target = target.strip()
    return target if target.isdigit() else ref_key(target)


def question_keys(row: IndexRow) -> list[str]:
    return row.keys.split(SEP) if row.keys else []


def clean_field(name: str, value: Any) -> Any:
    """Validate a user-edited field; ValueError text reaches the user."""
    if value is None or value == "":
        return None
    if name == "status":
        return Status(value).value
    if name == "law":
        return Law(str(value).lower()).value
    if name == "body_type":
        from foitui.law.time_limits import check_body_type

        return check_body_type(str(value))
    if name == "body":
        body = str(value).lower()
        if body not in ("local", "central"):
            raise ValueError("body is 'local' (18 hours) or 'central' (24 hours)")
        return body
    if name in ("received", "responded", "specified_day"):
        return (
            value.isoformat()
            if isinstance(value, date)
            else date.fromisoformat(str(value)).isoformat()
        )
    return " ".join(str(value).split())


# ------------------------------------------------------------------ derived values


def derive_status(outcomes: Iterable[str], has_response: bool) -> Status:
    """A request's status from its questions' outcomes (when nobody set one by hand)."""
    values = list(outcomes)
    decided = [o for o in values if o in DECIDED]
    if not decided:
        return Status.NEW if not has_response else Status.IN_PROGRESS
    if len(decided) < len(values):
        return Status.IN_PROGRESS
    kinds = set(decided)
    if Outcome.CLARIFICATION_NEEDED.value in kinds:
        return Status.WAITING_CLARIFICATION
    if kinds == {Outcome.ANSWERED.value}:
        return Status.SUCCESSFUL
    if kinds == {Outcome.NOT_HELD.value}:
        return Status.NOT_HELD
    if kinds <= {Outcome.REFUSED.value, Outcome.NOT_HELD.value}:
        return Status.REFUSED
    return Status.PARTIALLY_SUCCESSFUL


@lru_cache(maxsize=65536)
def _date(value: Any) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def clock_stops(triage: dict[str, Any]) -> list[deadlines.ClockStop]:
    from foitui import deadlines

    return [
        deadlines.ClockStop(kind=s["kind"], start=_date(s["start"]), end=_date(s.get("end")))
        for s in (triage.get("stops") or [])
        if _date(s.get("start"))
    ]


_FIELD_NAMES = (
    "ref",
    "title",
    "authority",
    "law",
    "received",
    "status",
    "requester",
    "responded",
)


def response_before_receipt(rid: object, received: Any, responded: Any) -> str | None:
    """Why a response date before the date received cannot be: `stats` would count it on time
    with a negative number of days. None when the two dates are in order (or one is unset)."""
    got, sent = _date(received), _date(responded)
    if got is None or sent is None or sent >= got:
        return None
    return f"request {rid}: responded {sent.isoformat()} is before received {got.isoformat()}"


def extension_stranded(rid: object, law: str, new_law: str, extension: int) -> str | None:
    """Why the law cannot change under an extension: it belongs to its law (EIR and EISR reg. 7,
    FOIA s.10(3); FOISA has none), and kept across the change it would move the due date by a
    rule that does not apply. None when there is no extension or the law stays (or moves
    between the EIR and the EISR, whose reg. 7 extensions are the same 20 days)."""
    if not extension or new_law == law:
        return None
    from foitui.law.regimes import regime

    reason = regime(law).extension_reason or "pit"
    if reason == regime(new_law).extension_reason:
        return None
    return (
        f"request {rid} has a {extension}-day extension under {law}; remove it "
        f"first (foitui extend {rid} --days 0 --reason {reason})"
    )


def effective_fields(row: IndexRow, triage: dict[str, Any]) -> dict[str, Any]:
    """The request's fields: edited ones from triage, the rest as imported."""
    fields = triage.get("fields") or {}
    return {name: fields.get(name, getattr(row, name)) for name in _FIELD_NAMES}


def question_outcomes(row: IndexRow, triage: dict[str, Any]) -> list[str]:
    parsed = [OUTCOME_NAMES[c] for c in row.outcomes]
    marks = triage.get("questions")
    if not marks:
        return parsed
    return [
        (marks.get(key) or {}).get("outcome", outcome)
        for key, outcome in zip(question_keys(row), parsed, strict=False)
    ]


def parsed_exemptions(cells: str) -> list[list[str]]:
    """The codes parsed for each question, from IndexRow.exemptions."""
    return [cell.split(",") if cell else [] for cell in cells.split(";")]


def question_exemptions(row: IndexRow, triage: dict[str, Any]) -> list[str]:
    """Every exemption the request's questions cite, parsed or marked by hand."""
    parsed = parsed_exemptions(row.exemptions)
    marks = triage.get("questions") or {}
    codes: list[str] = []
    for key, cited in zip(question_keys(row), parsed, strict=False):
        codes.extend((marks.get(key) or {}).get("exemptions", cited))
    return codes


def marks_exemptions(triage: dict[str, Any]) -> bool:
    """Whether `triage` marks some question's exemptions by hand (then they replace those
    parsed: `question_exemptions`)."""
    marks = triage.get("questions") or {}
    return any("exemptions" in (mark or {}) for mark in marks.values())


def parsed_codes(cells: str, questions: int) -> list[str]:
    """`question_exemptions` of a row with `cells` and `questions` questions, none marked by
    hand (a row with fewer questions than cells cites only its own questions' codes)."""
    return [code for cited in parsed_exemptions(cells)[:questions] for code in cited]


def cites(codes: Iterable[str], code: str) -> bool:
    """Whether `codes` cite exemption `code` or a subsection of it (s40 cites s40(2))."""
    return any(c == code or c.startswith(code + "(") for c in codes)


@lru_cache(maxsize=65536)
def _plain_due(received: date, law: Law) -> date | None:
    from foitui import deadlines

    return deadlines.due_date(received, law)


def body_type_of(triage: dict[str, Any], store_body_type: str = "standard") -> str:
    """The request's body type: its own (`set --body-type`), else the store's setting."""
    return (triage.get("fields") or {}).get("body_type") or store_body_type


def specified_day_of(triage: dict[str, Any]) -> date | None:
    """The day the Information Commissioner specified for this request (SI 2004/3364 reg. 5
    and 6; `foitui set --specified-day`), or None."""
    return _date((triage.get("fields") or {}).get("specified_day"))


def limit_of(
    received: date | None,
    law: Law,
    triage: dict[str, Any],
    receipt_day: str = "ico",
    body_type: str = "standard",
    school_closures: Closures = (),
) -> TimeLimit | None:
    """The request's own time limit (law.time_limits.limit_for) from its triage state and the
    store's settings; None: the law's own 20 working days. The due date and the clock's
    explanation both take it from here."""
    from foitui.law.time_limits import limit_for

    return limit_for(
        law,
        body_type_of(triage, body_type),
        received,
        specified_day_of(triage),
        receipt_day,
        school_closures,
    )


def due_for(
    received: date | None,
    law: Law,
    triage: dict[str, Any],
    receipt_day: str = "ico",
    body_type: str = "standard",
    school_closures: Closures = (),
) -> date | None:
    """The request's due date. `receipt_day` and `body_type` are the store's settings
    (deadlines.RECEIPT_DAYS, law.time_limits.BODY_TYPES); the request's own body type wins."""
    if received is None:
        return None
    limit = limit_of(received, law, triage, receipt_day, body_type, school_closures)
    days = limit.days if limit else None
    if not triage.get("stops") and not triage.get("extension_days"):
        if receipt_day == "ico" and days is None:
            return _plain_due(received, law)
        return _plain_due_by(received, law, receipt_day, days)
    from foitui import deadlines

    return deadlines.due_date(
        received,
        law,
        days=days,
        stops=clock_stops(triage),
        extension_days=int(triage.get("extension_days") or 0),
        extension_notice=_date(triage.get("extension_notice")),
        receipt_day=receipt_day,
    )


@lru_cache(maxsize=65536)
def _plain_due_by(received: date, law: Law, receipt_day: str, days: int | None) -> date | None:
    from foitui import deadlines

    return deadlines.due_date(received, law, days=days, receipt_day=receipt_day)


@lru_cache(maxsize=256)
def _standard_limit(law: str, body_type: str) -> bool:
    """Whether a request of `law` has the law's own 20 working days under `body_type`."""
    from foitui.law.time_limits import time_limit

    return body_type == "standard" or time_limit(LAWS.get(law, Law.FOI), body_type) is None


def _review_open(triage: dict[str, Any]) -> bool:
    review = triage.get("review")
    return (
        isinstance(review, dict) and bool(review.get("requested")) and not review.get("completed")
    )


def _clarified(triage: dict[str, Any]) -> bool:
    """A clarification was sought and its reply recorded (and none is awaited)."""
    stops = [s for s in triage.get("stops") or [] if s.get("kind") == "clarification"]
    return bool(stops) and all(s.get("end") for s in stops)


def _awaiting_clarification(triage: dict[str, Any]) -> bool:
    return any(
        s.get("kind") == "clarification" and not s.get("end") for s in triage.get("stops") or []
    )


@lru_cache(maxsize=4096)
def status_from_codes(codes: str, has_response: bool) -> Status:
    return derive_status((OUTCOME_NAMES[c] for c in codes), has_response)


def summary(
    rid: int,
    row: IndexRow,
    triage: dict[str, Any],
    backlinks: int,
    receipt_day: str = "ico",
    body_type: str = "standard",
    school_closures: Closures = (),
) -> Summary:
    """The list row of a request. Most requests have no triage yet: that path is kept lean,
    because cold start builds 100,000 of these."""
    # The index's due date is 20 working days counted the ICO's way.
    if not triage and receipt_day == "ico" and _standard_limit(row.law, body_type):
        received = _date(row.received)
        law = LAWS.get(row.law, Law.FOI)
        return Summary(
            id=str(rid),
            ref=row.ref,
            title=row.title or "",
            authority=row.authority,
            law=law,
            received=received,
            due=_date(row.due) if row.due else (_plain_due(received, law) if received else None),
            status=STATUSES[row.status]
            if row.status
            else status_from_codes(row.outcomes, row.resp),
            questions=len(row.outcomes),
            decided=len(row.outcomes) - row.outcomes.count("p"),
            links=backlinks,
            has_response=row.resp,
            responded=_date(row.responded),
            check=row.check,
        )
    fields = effective_fields(row, triage)
    law = LAWS.get(fields["law"] or "foi", Law.FOI)
    received = _date(fields["received"])
    outcomes = question_outcomes(row, triage)
    status_text = fields["status"]
    due = due_for(received, law, triage, receipt_day, body_type, school_closures)
    # Waiting only while the stop stops the clock: an EIR or EISR clarification sought after
    # the 20th working day (reg. 9(2)) leaves the clock running, so the request is not waiting.
    if not status_text and _awaiting_clarification(triage) and (received is None or due is None):
        status_text = Status.WAITING_CLARIFICATION.value
    elif not status_text and _review_open(triage):
        # A review asked for and not yet answered: the request is under internal review (the
        # status follows the review as it follows the clock; a status set by hand wins).
        status_text = Status.INTERNAL_REVIEW.value
    elif not status_text and _clarified(triage):
        # The reply came (the clock restarted): questions still marked "clarification needed"
        # no longer make the request wait; the status follows the clock until they are marked.
        derived = derive_status(outcomes, row.resp)
        if derived is Status.WAITING_CLARIFICATION:
            status_text = Status.IN_PROGRESS.value
    return Summary(
        id=str(rid),
        ref=fields["ref"],
        title=fields["title"] or "",
        authority=fields["authority"],
        law=law,
        received=received,
        due=due,
        status=STATUSES[status_text] if status_text else derive_status(outcomes, row.resp),
        questions=len(outcomes),
        decided=sum(1 for o in outcomes if o != Outcome.PENDING.value),
        links=len(triage.get("links") or {}) + backlinks,
        has_response=row.resp,
        responded=_date(fields["responded"]),
        check=row.check,
        **_team_values(triage),
    )


def _team_values(triage: dict[str, Any]) -> dict[str, Any]:
    """The list row's team values (Summary.assignee, clearance, clearance_needed)."""
    clearance = triage.get("clearance") or {}
    needed = clearance.get("needed")
    step = clearance.get("stage") or {}  # {"stage", "user", "at"}: the last step, by whom
    return {
        "assignee": triage.get("assignee"),
        "clearance": step.get("stage") or "",
        "clearance_needed": needed if isinstance(needed, bool) else None,
    }


def assemble(
    rid: int,
    index: IndexRow,
    corpus: dict[str, Any],
    triage: dict[str, Any],
    *,
    backlinks: list[tuple[int, dict[str, Any]]],
    resolve: Callable[[str], int | None],
    link_target: Callable[[str], int | None],
    receipt_day: str = "ico",
    body_type: str = "standard",
    school_closures: Closures = (),
) -> Request:
    """The full Request model: corpus text + index fields + triage overrides."""
    from foitui.models import Link, Question, Reference, Request, Source

    row = summary(rid, index, triage, len(backlinks), receipt_day, body_type, school_closures)
    marks = triage.get("questions") or {}
    questions = []
    for raw in corpus.get("questions", []):
        question = Question.model_validate(raw)
        mark = marks.get(question.key) or {}
        update: dict[str, Any] = {}
        if "outcome" in mark:
            # model_copy does not validate: give the enum, not its string.
            update["outcome"] = Outcome(mark["outcome"])
        for name in ("exemptions", "note"):
            if name in mark:
                update[name] = mark[name]
        if "hours" in mark:
            update["hours"] = mark["hours"]
        if update:
            question = question.model_copy(update=update)
        questions.append(question)
    references = []
    for raw in corpus.get("references", []):
        reference = Reference.model_validate(raw)
        target = resolve(reference.text)
        if target is not None and target != rid:
            reference = reference.model_copy(update={"resolved": str(target)})
        references.append(reference)
    links = []
    for link in (triage.get("links") or {}).values():
        # A store id, or a reference (resolved once a request with it arrives): "999" that is
        # no store id is an external case, not request 999.
        target = link_target(str(link["target"]))
        links.append(
            Link(
                target=str(target) if target is not None else link["target"],
                kind=LinkKind(link["kind"]),
                note=link.get("note"),
                external=target is None,
            )
        )
    for source_id, link in backlinks:
        links.append(
            Link(
                target=str(source_id),
                kind=LinkKind(link["kind"]),
                note=link.get("note"),
                external=False,
                inbound=True,
            )
        )
    return Request(
        id=str(rid),
        ref=row.ref,
        title=row.title,
        authority=row.authority,
        requester=(triage.get("fields") or {}).get("requester", index.requester),
        law=row.law,
        received=row.received,
        due=row.due,
        status=row.status,
        source=Source.model_validate(corpus["source"]),
        request_text=corpus.get("request_text", ""),
        response_text=corpus.get("response_text", ""),
        questions=questions,
        answers=corpus.get("answers", []),
        unassigned_response=corpus.get("unassigned_response", []),
        references=references,
        links=links,
        stops=triage.get("stops") or [],
        extension_days=int(triage.get("extension_days") or 0),
        responded=row.responded,
    )
