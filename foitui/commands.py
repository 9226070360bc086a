"""What each command does, given parsed arguments. Output formatting lives in textout.py."""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from foitui.errors import FoituiError, UsageError
from foitui.safetext import json_safe

if TYPE_CHECKING:
    from foitui.models import Request
    from foitui.store import Store


def run(args: argparse.Namespace) -> int:
    handler: Callable[[argparse.Namespace], int] = HANDLERS[args.command]
    return handler(args)


def _open_store(args: argparse.Namespace, *, create: bool = True) -> Store:
    from foitui.store import Store

    return Store.open(args.store, create=create)


def _print_json(data: object) -> None:
    """JSON to stdout in one write (json.dump writes token by token).

    A list of objects is written one object per line: as easy to read and to grep as indented
    JSON, and it keeps json's C encoder (with `indent`, json falls back to its Python encoder, which
    took 5 s for `list --json` at 100,000 requests instead of a fraction of one).
    """
    if isinstance(data, list) and data and all(isinstance(item, dict) for item in data):
        # The encoder separates items with RS, a control character, which JSON strings
        # always escape: so RS after "}" and before "{" is between two objects, and nowhere
        # else; every other RS goes back to the usual ", ".
        text = json.dumps(data, ensure_ascii=False, separators=(",\x1e", ": "))
        text = text.replace("},\x1e{", "},\n {").replace(",\x1e", ", ")
        text = f"[\n {text[1:-1]}\n]"
    else:
        text = json.dumps(data, ensure_ascii=False, indent=2)
    sys.stdout.write(json_safe(text) + "\n")


# ------------------------------------------------------------------ TUI


def cmd_tui(args: argparse.Namespace) -> int:
    store = _open_store(args)
    from foitui.tui.app import FoituiApp

    FoituiApp(store, mouse=args.mouse).run(mouse=args.mouse)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    import tempfile

    from foitui.store import Store

    with tempfile.TemporaryDirectory(prefix="foitui-demo-") as tmp:
        store = Store.open(Path(tmp) / "store")
        from foitui.importing import load_corpus

        load_corpus(store, [sample_corpus()], fmt="auto", skip_bad=False)
        from foitui.tui.app import FoituiApp

        FoituiApp(store, mouse=args.mouse, title_suffix="demo").run(mouse=args.mouse)
    return 0


def sample_corpus() -> Path:
    """The bundled sample corpus (package data: in a wheel as in a source checkout)."""
    path = Path(__file__).resolve().parent / "data" / "sample.tsv"
    if not path.is_file():
        raise FoituiError(f"the bundled sample corpus {path} is missing")
    return path


# ------------------------------------------------------------------ import and parse


def _warn(message: object) -> None:
    """A row read in a way that is not plain (it imports): named on stderr, with its line."""
    print(f"foitui: warning: {message}", file=sys.stderr)


def cmd_import(args: argparse.Namespace) -> int:
    from foitui.importing import ImportStopped, load_corpus

    store = _open_store(args)
    # Progress on a terminal only, on one line rewritten in place and cleared when done:
    # a script reading stderr sees errors and warnings (rows read not plainly) and nothing else.
    report = _progress_line if sys.stderr.isatty() else None
    try:
        imported, duplicates, errors = load_corpus(
            store, args.files, fmt=args.format, skip_bad=args.skip_bad, report=report, warn=_warn
        )
    except ImportStopped as stopped:
        for message in stopped.errors:
            print(f"foitui: error: {message}", file=sys.stderr)
        print(
            f"imported {len(stopped.imported)}, skipped {stopped.duplicates} duplicates, "
            f"{len(stopped.errors)} errors"
        )
        print(f"foitui: error: {stopped}", file=sys.stderr)
        return 1
    finally:
        if report is not None:
            _progress_line("")
    for message in errors:
        print(f"foitui: error: {message}", file=sys.stderr)
    print(f"imported {imported}, skipped {duplicates} duplicates, {len(errors)} errors")
    if errors and not args.skip_bad:
        print(
            "foitui: error: nothing imported because of the errors above "
            "(fix them, or use --skip-bad to import the good records)",
            file=sys.stderr,
        )
        return 1
    return 0


def _progress_line(text: str) -> None:
    sys.stderr.write(f"\r\x1b[K{text}")
    sys.stderr.flush()


def cmd_parse(args: argparse.Namespace) -> int:
    from foitui.deadlines import CalendarRangeError
    from foitui.importing import read_corpus
    from foitui.store.records import derive_status, due_for

    good, errors = read_corpus([args.file], args.format, _warn)
    out = []
    for request, _fp in good:
        if request.status.value == "new":
            request.status = derive_status(
                (q.outcome.value for q in request.questions), bool(request.response_text.strip())
            )
        try:
            request.due = due_for(request.received, request.law, {})
        except CalendarRangeError as error:  # as `import` reports it: a bad record
            errors.append(f"{request.source.file}:{request.source.line}: {error}")
            continue
        out.append(contract_json(request))
    _print_json(out)
    for message in errors:
        print(f"foitui: error: {message}", file=sys.stderr)
    return 1 if errors else 0


def contract_json(request: Request, store: Store | None = None) -> dict:
    """The record JSON of CONTRACT.md, plus our extension fields (as `export` writes them)."""
    from foitui.export import cost_json, record_json, review_json, team_json

    fields = store.triage_doc(request.id).get("fields") if store and request.id else None
    if store is None:
        return record_json(request, fields)
    return record_json(
        request,
        fields,
        cost_json(store, request),
        review_json(store, request),
        team_json(store, request),
    )


# ------------------------------------------------------------------ reading commands


def cmd_list(args: argparse.Namespace) -> int:
    from foitui import views
    from foitui.store.store import gc_paused

    store = _open_store(args, create=False)
    # A short-lived process making 100,000 acyclic rows: the cyclic collector would only walk
    # them again and again (a fifth of the command's time at that size).
    with gc_paused():
        rows = views.iter_select(
            store,
            status=args.status,
            search=args.search,
            overdue=args.overdue,
            due_week=args.due_week,
            pending=args.pending,
            exemption=args.exemption,
            reviews=args.reviews,
            review_overdue=args.review_overdue,
            lapsed=args.lapsed,
            sort=args.sort,
            today=date.today(),
            check_split=args.check_split,
            assignee=store.user if args.mine else _assignee_arg(store, args.assignee),
            unassigned=args.unassigned,
            clearance=args.clearance,
        )
        rule = store.clearance_rule()
        if args.json:
            # Written as the rows are made: a million rows in the memory of a thousand.
            for chunk in views.list_json_chunks(rows, date.today(), rule):
                sys.stdout.write(json_safe(chunk))
            sys.stdout.write("\n")
            return 0
        rows = list(rows)
    from foitui.textout import list_table

    sys.stdout.write(list_table(rows, today=date.today(), rule=rule))
    return 0


def _assignee_arg(store: Store, text: str | None) -> str | None:
    """`--assignee` as stored: a login name, or a team (`team:NAME`, `@NAME`)."""
    if text is None:
        return None
    from foitui import team

    try:
        return team.check_assignee(text, store.settings())
    except ValueError as error:
        raise UsageError(f"--assignee: {error}") from None


def cmd_show(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    request = store.get(store.resolve(args.id))
    if args.json:
        _print_json(contract_json(request, store))
    else:
        from foitui.costs import estimate
        from foitui.law.reviews import requester_windows
        from foitui.textout import show_text

        cost = estimate(store, request.id or "")
        review = review_of(store, request.id or "")
        lines = [review.describe(date.today())] if review else []
        lines += requester_windows(
            request.law, request.responded, request.due, review, date.today()
        )
        from foitui.law.equivalents import mismatches
        from foitui.views import lapse_lines

        lines += lapse_lines(store, store.summary(request.id or ""), date.today())
        cited = [(q.label or q.key, q.exemptions) for q in request.questions]
        lines += [f"law mismatch: {line}" for line in mismatches(request.law, cited)]
        from foitui.team import stage
        from foitui.textout import team_text

        rid = request.id or ""
        row = store.summary(rid)
        sys.stdout.write(
            show_text(
                request,
                today=date.today(),
                cost=cost.describe(),
                review="\n".join(lines) or None,
            )
        )
        step = (store.triage_doc(rid).get("clearance") or {}).get("stage")
        where = stage(row, store.clearance_rule())
        notes = store.case_notes(rid)
        if notes or store.uses_team():  # as the app: nothing said in a one-officer store
            sys.stdout.write(team_text(row.assignee, where, step, notes))
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rid = store.resolve(args.id) if args.id else None
    changes = store.history(rid)
    if args.json:
        _print_json([c.to_json() for c in changes])
    else:
        from foitui.change_words import case_namer
        from foitui.textout import history_text

        sys.stdout.write(history_text(changes, case_namer(store)))
    return 0


# ------------------------------------------------------------------ editing commands


def cmd_set(args: argparse.Namespace) -> int:
    from foitui.store.store import EDITABLE_FIELDS

    fields = {
        name: getattr(args, name) for name in EDITABLE_FIELDS if getattr(args, name) is not None
    }
    if args.force and not fields.get("responded"):
        raise UsageError("--force goes with --responded")
    if not fields:
        raise UsageError(
            "set needs at least one of "
            + " ".join(f"--{name.replace('_', '-')}" for name in EDITABLE_FIELDS)
        )
    from foitui.store.records import clean_field

    if fields.get("status") == "auto":
        fields["status"] = None  # no status set by hand: derived from the outcomes
    # Every value is checked before the first is written: a bad one changes nothing.
    for name, value in fields.items():
        if name in ("received", "responded", "specified_day") and value:
            fields[name] = value = _date_arg(name.replace("_", "-"), value)
        try:
            clean_field(name, value)
        except ValueError as error:
            raise UsageError(f"--{name.replace('_', '-')}: {error}") from error
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    _check_set(store, rid, fields)
    if fields.get("responded") and not args.force:
        _check_signed_off(store, rid)
    # One write for all the fields: a refusal (a reference another request has, checked under
    # the store's lock) or a full disk leaves every one of them as it was.
    store.set_fields(rid, fields)
    store.backup_if_stale()
    shown = {k: "auto" if k == "status" and v is None else v for k, v in fields.items()}
    print(f"updated {rid}: " + ", ".join(f"{k}={v}" for k, v in shown.items()))
    return 0


def _check_set(store: Store, rid: str, fields: dict) -> None:
    """Refuse edits that contradict what the request already holds: all the fields are judged
    before any is written (the store checks each again as it writes it)."""
    from foitui.store import records

    row = store.summary(rid)
    triage = store.triage_doc(rid)
    law = fields.get("law")
    extension = int(triage.get("extension_days") or 0)
    problem = law and records.extension_stranded(rid, row.law.value, law, extension)
    if problem:
        raise FoituiError(problem)
    received = fields.get("received", row.received)
    if isinstance(received, date):
        from foitui import deadlines
        from foitui.models import Law

        try:  # a due date past year 9999 would break `list` and `show` for the whole store
            deadlines.due_date(
                received, Law(fields.get("law") or row.law), receipt_day=store.receipt_day()
            )
        except deadlines.CalendarRangeError as error:
            raise UsageError(f"--received: {error}") from error
    responded = fields.get("responded", row.responded)
    problem = records.response_before_receipt(rid, received, responded)
    if problem:
        raise FoituiError(problem)


def _check_signed_off(store: Store, rid: str) -> None:
    """A response date on a case that needs clearance and has none is refused: it says the
    response went out unsigned. `--force` records it anyway (journalled as usual)."""
    from foitui import team

    rule = store.clearance_rule()
    row = store.summary(rid)
    if team.unsigned_response(row, rule):
        where = team.STAGE_LABEL[team.stage(row, rule)]
        raise FoituiError(
            f"request {rid} needs clearance and is {where}: clear it first "
            f"(foitui clearance {rid} clear), or record the date anyway with --force"
        )


def _date_arg(name: str, text: str) -> date:
    from foitui.importing import parse_date

    try:
        return parse_date(text)
    except ValueError as error:
        raise UsageError(f"--{name}: {text!r} is not a date (use YYYY-MM-DD)") from error


def cmd_stop(args: argparse.Namespace) -> int:
    if not args.start and not args.end:
        raise UsageError("stop needs --start (the clock stops) or --end (it restarts)")
    start = _date_arg("start", args.start) if args.start else None
    end = _date_arg("end", args.end) if args.end else None
    if start and end and end < start:
        # Checked before the stop is written: a failed command leaves the clock as it was.
        raise UsageError(f"--end {end.isoformat()} is before --start {start.isoformat()}")
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    if start:
        store.start_stop(rid, args.kind, start)
    if end:
        store.end_stop(rid, args.kind, end)
    store.backup_if_stale()
    due = store.summary(rid).due
    print(f"{rid}: due {due.isoformat() if due else 'none while the clock is stopped'}")
    return 0


def cmd_extend(args: argparse.Namespace) -> int:
    from foitui.deadlines import PIT_MAX_EXTRA_DAYS

    notice = _date_arg("notice", args.notice) if args.notice else None
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    store.set_extension(rid, args.days, args.reason, notice)
    if args.reason == "pit" and args.days > PIT_MAX_EXTRA_DAYS:
        # FOIA s.10(3) allows "such time as is reasonable": recorded, with a warning.
        print(
            f"foitui: warning: {args.days} extra working days: the ICO expects a public interest "
            f"extension of at most {PIT_MAX_EXTRA_DAYS} save in exceptional cases",
            file=sys.stderr,
        )
    row = store.summary(rid)
    triage = store.triage_doc(rid)
    if args.days and row.received is not None and notice is not None:
        from foitui import deadlines
        from foitui.store import records

        if not deadlines.extension_in_time(
            row.received,
            row.law,
            notice,
            stops=records.clock_stops(triage),
            receipt_day=store.receipt_day(),
        ):
            print(
                f"foitui: warning: the notice of {notice.isoformat()} came after the time for "
                "compliance: the extension does not move the deadline",
                file=sys.stderr,
            )
    store.backup_if_stale()
    due = store.summary(rid).due
    print(f"{rid}: due {due.isoformat() if due else 'none while the clock is stopped'}")
    return 0


def cmd_mark(args: argparse.Namespace) -> int:
    from foitui.exemptions import normalise_code, one_code_each

    exemptions = None
    if args.exemption is not None:
        exemptions = []
        for text in args.exemption:
            code = normalise_code(text)
            if code is None:
                raise UsageError(
                    f"--exemption {text!r} is not an exemption "
                    "(e.g. s12, s40(2), r12(4)(a), fs38(1)(b), sr10(4)(b))"
                )
            exemptions.append(code)
        # "--exemption s12 --exemption s12(1)" name one ground: cited once, most precisely.
        exemptions = one_code_each(exemptions)
    if args.outcome is None and args.exemption is None and args.note is None and args.hours is None:
        raise UsageError("mark needs --outcome, --exemption, --note or --hours")
    if args.hours is not None and not 0 <= args.hours < math.inf:
        # NaN and infinity would reach the record JSON as `NaN`/`Infinity`, which is not JSON.
        raise UsageError(f"--hours {args.hours:g} is not a number of hours (0 or more)")
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    kwargs: dict = {"outcome": args.outcome, "exemptions": exemptions}
    if args.note is not None:
        kwargs["note"] = args.note
    if args.hours is not None:
        kwargs["hours"] = args.hours
    store.mark(rid, args.key, **kwargs)
    store.backup_if_stale()
    # Without --outcome the question keeps the one it had (a note alone is fine).
    question = next(q for q in store.get(rid).questions if q.key == args.key)
    if question.outcome.value == "refused" and not question.exemptions:
        # A refusal states its ground (FOIA s.17(1)(b), EIR reg. 14(3)(a), FOISA s.16(1)(c)).
        print(
            f"foitui: warning: question {args.key} is refused with no exemption cited "
            f"(add one: foitui mark {rid} {args.key} --exemption CODE)",
            file=sys.stderr,
        )
    from foitui.wording import OUTCOME_WORD

    print(f"marked {rid} question {args.key}: {OUTCOME_WORD[question.outcome]}")
    return 0


def cmd_fix(args: argparse.Namespace) -> int:
    from foitui.parsing import fix_ops
    from foitui.parsing.corrections import describe

    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    if args.fix == "list":
        ops, skipped = store.corrections(rid)
        why = {s.position: s.reason for s in skipped}
        if args.json:
            _print_json(
                [{**op, "applies": n not in why, "reason": why.get(n)} for n, op in enumerate(ops)]
            )
            return 0
        if not ops:
            print(f"request {rid} has no corrections")
        for n, op in enumerate(ops, start=1):
            state = f"  (no longer applies: {why[n - 1]})" if n - 1 in why else ""
            print(f"{n}. {_clean_line(describe(op))}{state}")
        return 0
    request = store.get(rid)
    try:
        if args.fix == "split":
            op = fix_ops.make_split(request, args.key, args.at)
        elif args.fix == "merge":
            op = fix_ops.make_merge(request, args.key)
        elif args.fix == "relabel":
            op = fix_ops.make_relabel(request, args.key, args.label)
        else:
            op = fix_ops.make_move(request, args.text, args.to)
    except ValueError as error:
        raise FoituiError(f"request {rid}: {error}") from None
    store.add_correction(rid, op)
    store.backup_if_stale()
    keys = " ".join(q.key for q in store.get(rid).questions)
    print(f"fixed {rid}: {_clean_line(describe(op))}; questions now: {keys}")
    return 0


def _clean_line(text: str) -> str:
    from foitui.safetext import one_line

    return one_line(text)


def review_of(store: Store, rid: str):  # -> law.reviews.Review | None
    """The request's internal review as recorded, with its deadline and lateness worked out."""
    from foitui import views

    return views.review_of(store, store.summary(rid))


def cmd_review(args: argparse.Namespace) -> int:
    if args.remove:
        if args.requested or args.completed or args.outcome:
            raise UsageError("--remove takes no other option")
    elif not (args.requested or args.completed):
        raise UsageError("review needs --requested (and --completed with --outcome) or --remove")
    if bool(args.completed) != bool(args.outcome):
        raise UsageError("--completed and --outcome go together")
    requested = _date_arg("requested", args.requested) if args.requested else None
    completed = _date_arg("completed", args.completed) if args.completed else None
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    if args.remove:
        store.set_review(rid, None)
        store.backup_if_stale()
        print(f"{rid}: review removed")
        return 0
    if requested is None:  # completing the review already recorded
        current = review_of(store, rid)
        if current is None:
            raise FoituiError(f"request {rid} has no review: give --requested")
        requested = current.requested
    store.set_review(rid, requested, completed, args.outcome)
    store.backup_if_stale()
    review = review_of(store, rid)
    print(f"{rid}: {review.describe(date.today()) if review else 'no review'}")
    return 0


def cmd_letter(args: argparse.Namespace) -> int:
    from foitui.costs import estimate
    from foitui.law.letters import letter

    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    request = store.get(rid)
    cost = estimate(store, rid) if any(q.hours is not None for q in request.questions) else None
    text = letter(
        request,
        args.kind,
        settings=store.settings(),
        today=date.today(),
        review=review_of(store, rid),
        cost=cost,
        fmt=args.format,
    )
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from foitui.export import write_output

    write_output(args.output, text, force=args.force)
    print(f"wrote the {args.kind} letter for {rid} to {args.output}", file=sys.stderr)
    return 0


def cmd_disclosure_log(args: argparse.Namespace) -> int:
    from foitui import disclosure

    since = _date_arg("since", args.since) if args.since else None
    store = _open_store(args, create=False)
    entries, found = disclosure.build(store.iter_requests(), since=since, names=args.redact)
    if args.preview:
        for redaction in found:
            print(redaction.describe())
        print(
            f"{len(entries)} requests, {len(found)} redactions; nothing written (--preview)",
            file=sys.stderr,
        )
        return 0
    from foitui.export import write_output

    write_output(args.output, disclosure.render(entries, args.format), force=args.force)
    print(
        f"wrote {len(entries)} requests to {args.output} with {len(found)} redactions "
        "(see them with --preview)",
        file=sys.stderr,
    )
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    from foitui.deadlines import RECEIPT_DAYS
    from foitui.law.letters import SETTINGS as LETTER_SETTINGS
    from foitui.team import CLEARANCE_RULES

    SETTINGS = {
        **LETTER_SETTINGS,
        "clarification_lapse": "after how long a clarification never answered is shown as "
        "lapsed ('3 months', '60 working days'); no statute or ICO guidance sets a default, so "
        "unset means no such prompt",
        "body_type": "the kind of body, for its time limit: standard (20 working days), school "
        "and academy (FOIA: the earlier of 20 school days or 60 working days; without "
        "school_closures foitui counts 60), archive (FOIA: 30, transferred public records "
        "not open), keeper (FOISA: 30); a request's own --body-type wins",
        "school_closures": "days a school or academy is not in session, for its 20th school "
        "day (SI 2004/3364 reg. 3): ranges and days, '2026-12-21..2027-01-01, 2027-02-15'",
        "receipt_day": "how the date of receipt is fixed for every due date: "
        + "; ".join(f"{name}: {what}" for name, what in RECEIPT_DAYS.items())
        + " (default ico)",
        "teams": "the teams requests can be assigned to, comma-separated ('records, legal'); "
        "assign to one as team:NAME",
        "clearance_rule": "which requests need sign-off before they are sent: "
        + "; ".join(f"{name}: {what}" for name, what in CLEARANCE_RULES.items()),
    }

    store = _open_store(args, create=False)
    if args.name is None:
        current = store.settings()
        for name, what in SETTINGS.items():
            value = current.get(name)
            print(f"{name}: {value if value is not None else '(unset)'}  # {what}")
        return 0
    if args.name not in SETTINGS:
        raise UsageError(f"unknown setting {args.name!r} (one of {', '.join(SETTINGS)})")
    if args.unset == (args.value is not None):
        raise UsageError("settings NAME takes a VALUE, or --unset")
    store.set_setting(args.name, None if args.unset else args.value)
    print(f"{args.name}: {args.value if not args.unset else '(unset)'}")
    return 0


def cmd_link(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    link = store.link(rid, args.target, kind=args.kind, note=args.note)
    store.backup_if_stale()
    where = "external case" if link.external else "request"
    print(f"linked {rid} -> {where} {link.target} ({link.kind.value})")
    return 0


def cmd_unlink(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    store.unlink(rid, args.target)
    store.backup_if_stale()
    print(f"unlinked {rid} -> {args.target}")
    return 0


# ------------------------------------------------------------------ the team


def cmd_assign(args: argparse.Namespace) -> int:
    if args.none == (args.assignee is not None):
        raise UsageError("assign needs USER, team:NAME, or --none (not both)")
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    store.assign(rid, None if args.none else args.assignee)
    store.backup_if_stale()
    print(f"{rid}: {_holder(store.summary(rid).assignee)}")
    return 0


def _holder(assignee: str | None) -> str:
    from foitui.safetext import one_line

    return f"assigned to {one_line(assignee)}" if assignee else "unassigned"


def cmd_clearance(args: argparse.Namespace) -> int:
    from foitui import team

    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    if args.step in ("needed", "not-needed", "by-rule"):
        if args.comment:
            raise UsageError("--comment goes with ready, clear, return or reopen")
        needed = {"needed": True, "not-needed": False}.get(args.step)
        store.set_needs_clearance(rid, needed)
    else:
        store.clearance_step(rid, args.step, args.comment)
    store.backup_if_stale()
    rule = store.clearance_rule()
    row = store.summary(rid)
    where = team.stage(row, rule)
    print(f"{rid}: " + (team.STAGE_LABEL[where] if where else "needs no clearance"))
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    if args.text is not None:
        if args.json:
            raise UsageError("--json prints the thread; give no TEXT with it")
        store.add_case_note(rid, args.text)
        store.backup_if_stale()
        print(f"{rid}: case note added ({len(store.case_notes(rid))} in the thread)")
        return 0
    notes = store.case_notes(rid)
    if args.json:
        _print_json([note.to_json() for note in notes])
        return 0
    from foitui.textout import case_notes_text

    sys.stdout.write(case_notes_text(notes) or f"request {rid} has no case notes\n")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from foitui.store.sharing import init_store

    shared = init_store(Path(args.store).expanduser(), args.group)
    if args.group:
        print(f"team store {args.store} for group {args.group}: {shared}")
    else:
        print(f"store {args.store}: {shared}")
    return 0


# ------------------------------------------------------------------ other commands


def cmd_export(args: argparse.Namespace) -> int:
    from foitui.export import export

    store = _open_store(args, create=False)
    count = export(store, args.format, args.output, replace=args.force)
    if args.output:
        print(f"exported {count} requests to {args.output}", file=sys.stderr)
    return 0


def cmd_stats(args: argparse.Namespace) -> int:
    from foitui.stats import compute_stats, stats_text

    store = _open_store(args, create=False)
    stats = compute_stats(store, today=date.today())
    if args.json:
        _print_json(stats)
    else:
        sys.stdout.write(stats_text(stats))
    return 0


def cmd_due(args: argparse.Namespace) -> int:
    from foitui import deadlines
    from foitui.importing import parse_date
    from foitui.models import Law

    try:
        received = parse_date(args.date)
    except ValueError as error:
        raise UsageError(str(error).replace("RECEIVED", "DATE")) from error
    if args.days is not None and args.days < 1:
        raise UsageError("--days must be at least 1")
    law = Law(args.law)
    try:
        due = deadlines.due_date(received, law, days=args.days, receipt_day=args.receipt_day)
    except deadlines.CalendarRangeError as error:
        raise UsageError(str(error)) from error
    left = deadlines.working_days_left(due, date.today(), law)
    days = args.days or deadlines.STANDARD_DAYS
    print(
        f"{due.isoformat()}  ({days} working days after {received.isoformat()}, "
        f"{law.value}; {left} working days from today)"
    )
    return 0


def cmd_exemptions(args: argparse.Namespace) -> int:
    """The catalogue; needs no store (a script can look a code up anywhere)."""
    from foitui.exemptions import CATALOGUE, catalogue_text, for_law
    from foitui.models import Law

    entries = for_law(Law(args.law)) if args.law else list(CATALOGUE.values())
    if args.json:
        _print_json([entry.to_json() for entry in entries])
    else:
        sys.stdout.write(catalogue_text(entries))
    return 0


def cmd_similar(args: argparse.Namespace) -> int:
    from foitui.similar import similar_requests

    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    text = store.get(rid).request_text
    matches = similar_requests(store, rid, limit=args.limit, text=text)
    if args.json:
        _print_json([{"id": m.id, "score": round(m.score, 4), "reason": m.reason} for m in matches])
    else:
        for m in matches:
            row = store.summary(m.id)
            print(
                f"{m.id:>6}  {m.score:5.2f}  {row.ref or '':<16} {row.title[:40]:<40}  {m.reason}"
            )
    return 0


def cmd_hints(args: argparse.Namespace) -> int:
    from foitui.hints import aggregation_groups, hints_text, repeat_candidates

    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    aggregate = aggregation_groups(store, rid, campaigns=args.campaigns)
    repeat = repeat_candidates(store, rid)
    if args.json:
        _print_json(
            {
                "id": rid,
                "aggregate": [h.to_json() for h in aggregate],
                "repeat": [h.to_json() for h in repeat],
            }
        )
    else:
        sys.stdout.write(hints_text(store, rid, aggregate, repeat))
    return 0


def cmd_chain(args: argparse.Namespace) -> int:
    from foitui.chains import chain, chain_text

    if args.depth < 1:
        raise UsageError("--depth must be at least 1")
    store = _open_store(args, create=False)
    found = chain(store, store.resolve(args.id), max_depth=args.depth)
    if args.json:
        _print_json(found.to_json())
    else:
        sys.stdout.write(chain_text(found))
    return 0


def cmd_precedent(args: argparse.Namespace) -> int:
    from foitui.precedent import precedent_text, precedents

    if args.limit < 1:
        # A negative limit sliced the list from its end: `--limit -1` gave all but the last.
        raise UsageError("--limit must be at least 1")
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    found = precedents(store, rid, args.key, limit=args.limit)
    if args.json:
        _print_json([p.to_json() for p in found])
    else:
        sys.stdout.write(precedent_text(store, rid, args.key, found))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from foitui.store.backup import check_store

    problems = check_store(Path(args.store))
    if problems:
        for problem in problems:
            print(f"foitui: error: {problem}", file=sys.stderr)
        return 1
    print(f"store {args.store} is healthy")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from foitui.store.backup import restore_latest

    done = restore_latest(Path(args.store), lose_changes=args.lose_changes)
    if done.backup is None:
        print(f"store {args.store} is healthy: nothing to restore")
        return 0
    count = len(_open_store(args, create=False))
    parts = []
    if done.restored:
        parts.append(f"brought back {', '.join(done.restored)} from the backup of {done.taken}")
    for name, replayed in done.rebuilt.items():
        parts.append(
            f"rebuilt {name} from the backup of {done.taken} and {replayed} later "
            f"change{'s' * (replayed != 1)} in the journal"
        )
    parts.append(
        f"{count} request{'s' * (count != 1)} in {args.store}; "
        + ("lost: " + "; ".join(done.lost) if done.lost else "no change was lost")
    )
    if done.kept:
        parts.append(f"the damaged files are kept in {done.kept}")
    print("; ".join(parts))
    return 0


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "tui": cmd_tui,
    "demo": cmd_demo,
    "import": cmd_import,
    "parse": cmd_parse,
    "list": cmd_list,
    "show": cmd_show,
    "history": cmd_history,
    "set": cmd_set,
    "mark": cmd_mark,
    "fix": cmd_fix,
    "stop": cmd_stop,
    "extend": cmd_extend,
    "review": cmd_review,
    "letter": cmd_letter,
    "settings": cmd_settings,
    "disclosure-log": cmd_disclosure_log,
    "link": cmd_link,
    "unlink": cmd_unlink,
    "export": cmd_export,
    "stats": cmd_stats,
    "due": cmd_due,
    "exemptions": cmd_exemptions,
    "similar": cmd_similar,
    "hints": cmd_hints,
    "chain": cmd_chain,
    "precedent": cmd_precedent,
    "assign": cmd_assign,
    "clearance": cmd_clearance,
    "note": cmd_note,
    "init": cmd_init,
    "check": cmd_check,
    "restore": cmd_restore,
}
