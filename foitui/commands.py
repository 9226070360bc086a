"""What each command does, given parsed arguments. Output formatting lives in textout.py."""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from collections.abc import Callable
from datetime import date
from functools import partial
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


def read_corpus(files: list[Path], fmt: str) -> tuple[list[tuple[Request, str]], list[str]]:
    """Parse files into (request, fingerprint) pairs, and one message per bad record; rows
    read in a way that is not plain are named on stderr as they are read."""
    from foitui.importing import RowError, build_requests, fingerprint, read_records

    good: list[tuple[Request, str]] = []
    errors: list[str] = []
    for path in files:
        warnings: list[RowError] = []
        records, row_errors = read_records(path, fmt, warnings)
        for warning in warnings:
            _warn(warning)
        errors.extend(str(e) for e in row_errors)
        for record, result in zip(records, build_requests(records), strict=True):
            if isinstance(result, str):
                errors.append(result)
            else:
                good.append((result, fingerprint(record)))
    return good, errors


#: How often a long import reports how it is getting on.
REPORT_SECONDS = 0.2


def load_corpus(
    store: Store,
    files: list[Path],
    *,
    fmt: str,
    skip_bad: bool,
    report: Callable[[str], None] | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[int, int, list[str]]:
    """Import files; (imported, duplicates, error messages). With errors and not
    `skip_bad`, nothing is imported. `report` is told, a few times a second at most, how a
    big import is getting on ("12,000 records parsed from FILE")."""
    from foitui.importing import prepare_file
    from foitui.safetext import one_line

    errors: list[str] = []
    good = []
    source = ""
    last = 0.0

    def parsed(path: Path, count: int) -> None:
        nonlocal last
        if report is not None and time.monotonic() - last >= REPORT_SECONDS:
            last = time.monotonic()
            report(f"{count:,} records parsed from {one_line(path.name)}")

    for path in files:
        warnings: list = []
        results, row_errors = prepare_file(path, fmt, partial(parsed, path), warnings)
        errors.extend(str(e) for e in row_errors)
        if warn is not None:
            for warning in warnings:
                warn(str(warning))
        for result in results:
            if isinstance(result, str):
                errors.append(result)
            else:
                good.append(result)
                source = source or str(path)
    if errors and not skip_bad:
        return 0, 0, errors
    # One call for every file: the import is all or nothing.
    if report is not None and last:  # only after progress was shown: a big import
        report(f"writing {len(good):,} requests to the store")
    result = store.import_prepared(good, source=source)
    return len(result.imported), result.duplicates, errors


def cmd_import(args: argparse.Namespace) -> int:
    store = _open_store(args)
    # Progress on a terminal only, on one line rewritten in place and cleared when done:
    # a script reading stderr sees errors and warnings (rows read not plainly) and nothing else.
    report = _progress_line if sys.stderr.isatty() else None
    try:
        imported, duplicates, errors = load_corpus(
            store, args.files, fmt=args.format, skip_bad=args.skip_bad, report=report, warn=_warn
        )
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
    from foitui.store.records import derive_status, due_for

    good, errors = read_corpus([args.file], args.format)
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
    from foitui.export import cost_json, record_json, review_json

    fields = store.triage_doc(request.id).get("fields") if store and request.id else None
    if store is None:
        return record_json(request, fields)
    return record_json(request, fields, cost_json(store, request), review_json(store, request))


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
        )
        if args.json:
            # Written as the rows are made: a million rows in the memory of a thousand.
            for chunk in views.list_json_chunks(rows, date.today()):
                sys.stdout.write(json_safe(chunk))
            sys.stdout.write("\n")
            return 0
        rows = list(rows)
    from foitui.textout import list_table

    sys.stdout.write(list_table(rows, today=date.today()))
    return 0


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
        sys.stdout.write(
            show_text(
                request,
                today=date.today(),
                cost=cost.describe(),
                review="\n".join(lines) or None,
            )
        )
    return 0


def cmd_history(args: argparse.Namespace) -> int:
    store = _open_store(args, create=False)
    rid = store.resolve(args.id) if args.id else None
    changes = store.history(rid)
    if args.json:
        _print_json([c.to_json() for c in changes])
    else:
        from foitui.textout import history_text

        sys.stdout.write(history_text(changes))
    return 0


# ------------------------------------------------------------------ editing commands


def cmd_set(args: argparse.Namespace) -> int:
    from foitui.store.store import EDITABLE_FIELDS

    fields = {
        name: getattr(args, name) for name in EDITABLE_FIELDS if getattr(args, name) is not None
    }
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
        if name in ("received", "responded") and value:
            fields[name] = value = _date_arg(name, value)
        try:
            clean_field(name, value)
        except ValueError as error:
            raise UsageError(f"--{name.replace('_', '-')}: {error}") from error
    store = _open_store(args, create=False)
    rid = store.resolve(args.id)
    _check_set(store, rid, fields)
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
    responded = fields.get("responded", (triage.get("fields") or {}).get("responded"))
    problem = records.response_before_receipt(rid, received, responded)
    if problem:
        raise FoituiError(problem)


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
    from foitui.exemptions import normalise_code

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
    outcome = args.outcome or next(
        (q.outcome.value for q in store.get(rid).questions if q.key == args.key), "pending"
    )
    print(f"marked {rid} question {args.key}: {outcome}")
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
    from foitui.law.reviews import stored_review

    row = store.summary(rid)
    return stored_review(row.law, store.triage_doc(rid), row.due)


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


def write_output(path: Path, text: str, *, force: bool) -> None:
    """`-o FILE` for the law's documents: refuses to replace a file without `--force`; written
    atomically, mode 0600 (letters and logs are about people)."""
    from foitui.store.files import atomic_write_bytes

    target = path.expanduser()
    if target.exists() and not force:
        raise FoituiError(f"{path} exists: use --force to replace it")
    if not target.parent.is_dir():
        raise FoituiError(f"cannot write {path}: no such directory")
    atomic_write_bytes(target.resolve(), text.encode("utf-8"))


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

    SETTINGS = {
        **LETTER_SETTINGS,
        "clarification_lapse": "after how long a clarification never answered is shown as "
        "lapsed ('3 months', '60 working days'); no statute or ICO guidance sets a default, so "
        "unset means no such prompt",
        "body_type": "the kind of body, for its time limit: standard (20 working days), school "
        "and academy (FOIA: the earlier of 20 school days or 60 working days; without term "
        "dates foitui counts 60), keeper (FOISA: 30); a request's own --body-type wins",
        "receipt_day": "how the date of receipt is fixed for every due date: "
        + "; ".join(f"{name}: {what}" for name, what in RECEIPT_DAYS.items())
        + " (default ico)",
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
    "check": cmd_check,
    "restore": cmd_restore,
}
