"""The command line: argument parsing only. Each command is a function in `commands.py`.

Imports nothing heavy at module level, so `foitui --help` and `--version` stay fast.
"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from foitui import __version__
from foitui.errors import EXIT_USAGE, FoituiError, report

LAWS = ("foi", "eir", "foisa", "eisr")
STATUSES = (
    "new",
    "in_progress",
    "waiting_clarification",
    "on_hold",
    "successful",
    "partially_successful",
    "not_held",
    "refused",
    "withdrawn",
    "internal_review",
)


def status_word(text: str) -> str:
    """A status as scripts write it (`partially_successful`) or as people read it (`partial`,
    "waiting for clarification"; foitui/wording.py): the script word, or an argparse error."""
    from foitui.wording import status_from_words

    if text.strip().lower() == "auto":
        return "auto"
    status = status_from_words(text)
    if status is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is no status (one of {', '.join(STATUSES)}, or as the app shows them)"
        )
    return status.value


OUTCOMES = ("pending", "answered", "partly_answered", "not_held", "refused", "clarification_needed")


def outcome_word(text: str) -> str:
    """A question's outcome as scripts write it (`not_held`) or as people read it ("not
    held"; foitui/wording.py): the script word, or an argparse error."""
    from foitui.wording import outcome_from_words

    outcome = outcome_from_words(text)
    if outcome is None:
        raise argparse.ArgumentTypeError(
            f"{text!r} is no outcome (one of {', '.join(OUTCOMES)}, or as the app shows them)"
        )
    return outcome.value


LINK_KINDS = ("prior", "duplicate", "related", "aggregate", "repeat")
REVIEW_OUTCOMES = ("upheld", "partly_upheld", "overturned")
FORMATS = ("auto", "tsv", "csv", "jsonl", "json")
VIEWS = ("overdue", "due-week", "pending", "clarification")
CLEARANCE_STAGES = ("drafting", "awaiting", "cleared", "returned", "sent")
CLEARANCE_STEPS = ("needed", "not-needed", "by-rule", "ready", "clear", "return", "reopen")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        # CONTRACT.md: usage errors exit 2 with one `foitui: error:` line.
        self.print_usage(sys.stderr)
        print(f"foitui: error: {message}", file=sys.stderr)
        sys.exit(EXIT_USAGE)


def default_store() -> Path:
    """--store wins over $FOITUI_STORE, which wins over the user data directory."""
    env = os.environ.get("FOITUI_STORE")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("foitui", appauthor=False))


ID_HELP = "the request: its store id (12) or its reference (FOI 11726)"
JSON_HELP = "print JSON for scripts (docs/contract.md)"
FORMAT_HELP = "the file's format (default auto: worked out from the file)"
LAW_HELP = "foi (FOIA), eir (EIR), foisa (FOISA) or eisr (EISR)"


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS lets --store appear before or after the command without one overriding the other.
    common.add_argument(
        "--store",
        type=Path,
        default=argparse.SUPPRESS,
        help="store directory (default: $FOITUI_STORE or the user data dir)",
    )
    common.add_argument(
        "--debug", action="store_true", default=argparse.SUPPRESS, help="show tracebacks"
    )

    parser = _Parser(
        prog="foitui",
        description="Triage Freedom of Information requests: import, step through questions, "
        "mark outcomes and linked cases, watch deadlines. With no command, opens the TUI.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"foitui {__version__}")
    parser.add_argument("--mouse", action="store_true", help="enable mouse reporting in the TUI")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help_text, description=help_text, parents=[common])

    p = command("tui", "open the TUI on the store (the default)")
    p.add_argument("--mouse", action="store_true", help="enable mouse reporting")

    p = command("demo", "open the TUI on a temporary store loaded with the sample corpus")
    p.add_argument("--mouse", action="store_true", help="enable mouse reporting")

    p = command("import", "parse corpus files and add them to the store")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE", help="corpus files to import")
    p.add_argument("--format", choices=FORMATS, default="auto", help=FORMAT_HELP)
    p.add_argument(
        "--skip-bad", action="store_true", help="import the good records of a file with bad ones"
    )

    p = command("parse", "parse a corpus file and print its records as JSON (no store)")
    p.add_argument("file", type=Path, metavar="FILE", help="a corpus file")
    p.add_argument("--format", choices=FORMATS, default="auto", help=FORMAT_HELP)

    p = command("list", "list requests")
    p.add_argument(
        "--status", type=status_word, metavar="S", help="e.g. partially_successful or partial"
    )
    p.add_argument("--search", metavar="TEXT", help="only requests with every word of TEXT")
    p.add_argument("--overdue", action="store_true", help="only overdue requests")
    p.add_argument(
        "--due-week", action="store_true", help="only requests due within 5 working days"
    )
    p.add_argument("--pending", action="store_true", help="only requests with pending questions")
    p.add_argument("--exemption", metavar="CODE", help="only requests citing this exemption")
    p.add_argument(
        "--check-split",
        action="store_true",
        help="only requests whose parse needs checking (see `foitui fix`)",
    )
    p.add_argument(
        "--reviews", action="store_true", help="only requests with an internal review still open"
    )
    p.add_argument(
        "--review-overdue", action="store_true", help="only requests whose review is overdue"
    )
    p.add_argument(
        "--lapsed",
        action="store_true",
        help="only requests with a fees notice unpaid, or a clarification unanswered "
        "(settings clarification_lapse), too long",
    )
    who = p.add_mutually_exclusive_group()
    who.add_argument(
        "--mine", action="store_true", help="only requests assigned to you (your login name)"
    )
    who.add_argument(
        "--assignee", metavar="USER", help="only requests assigned to USER (or team:NAME)"
    )
    who.add_argument("--unassigned", action="store_true", help="only unassigned requests")
    p.add_argument(
        "--clearance",
        choices=CLEARANCE_STAGES,
        help="only requests at this sign-off stage",
    )
    p.add_argument(
        "--sort",
        choices=("id", "due", "received", "status"),
        default="id",
        help="order of the rows (default: id)",
    )
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = command("assign", "give a request to an officer (login name) or a team (team:NAME)")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("assignee", nargs="?", metavar="USER|TEAM", help="a login name or team:NAME")
    p.add_argument("--none", action="store_true", help="unassign the request")

    p = command("clearance", "sign-off before sending: mark, submit, clear or send back")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "step",
        choices=CLEARANCE_STEPS,
        metavar="STEP",
        help="needed, not-needed, by-rule (the store's clearance_rule decides); ready (for "
        "clearance), clear, return (send back: needs --comment), reopen (back to drafting)",
    )
    p.add_argument("--comment", metavar="TEXT", help="why (kept as a case note)")

    p = command("note", "the request's case notes: add one (TEXT), or print the thread")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("text", nargs="?", metavar="TEXT", help="the note to add")
    p.add_argument("--json", action="store_true", help="print the thread as JSON")

    p = command("init", "make a store: private (0700), or a team store shared by a group")
    p.add_argument(
        "--group",
        metavar="GROUP",
        help="a team store: the group owns it, setgid directories 0770 and files 0660, "
        "never world access (an existing store is converted)",
    )

    p = command("show", "show one request with its questions and answers")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = command("set", "edit a request's fields")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "--status",
        type=status_word,
        metavar="S",
        help="a status (partially_successful or partial ...); auto: worked out from the "
        "questions' outcomes again (undoes a status set by hand)",
    )
    p.add_argument("--ref", help="the request's own reference, e.g. FOI 11726")
    p.add_argument("--authority", help="the public authority asked")
    p.add_argument("--received", metavar="YYYY-MM-DD", help="the day the request arrived")
    p.add_argument("--law", choices=LAWS, help=LAW_HELP)
    p.add_argument("--title", help="the request's title")
    p.add_argument("--responded", metavar="YYYY-MM-DD", help="date the response was sent")
    p.add_argument(
        "--force",
        action="store_true",
        help="record --responded on a case that needs clearance and has none",
    )
    p.add_argument("--requester", help="who made the request (for repeat and aggregation hints)")
    p.add_argument(
        "--body", choices=("local", "central"), help="cost limit: local 18 h, central 24 h"
    )
    p.add_argument(
        "--body-type",
        dest="body_type",
        metavar="TYPE",
        help="time limit of this request's body: standard, school, academy, archive, keeper "
        "(overrides the store's body_type setting)",
    )
    p.add_argument(
        "--specified-day",
        dest="specified_day",
        metavar="YYYY-MM-DD",
        help="FOIA: the day the Information Commissioner specified for armed forces operations "
        "or information held outside the UK (SI 2004/3364 reg. 5, 6; up to the 60th working "
        "day); '' removes it",
    )

    p = command("stop", "stop the clock (clarification sought, fees notice) or restart it")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "--kind",
        choices=("clarification", "fees"),
        required=True,
        help="clarification sought (FOIA s.1(3)) or fees notice (s.9)",
    )
    p.add_argument("--start", metavar="YYYY-MM-DD", help="the day the clock stopped")
    p.add_argument("--end", metavar="YYYY-MM-DD", help="the day the reply or the fee arrived")

    p = command(
        "extend", "extend the time limit (EIR and EISR reg. 7 to 40 days; FOIA public interest)"
    )
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "--days", type=int, required=True, metavar="N", help="extra working days (0 removes)"
    )
    p.add_argument(
        "--reason",
        choices=("eir", "pit"),
        required=True,
        help="eir: reg. 7 of the EIR or EISR; pit: FOIA public interest test (s.10(3))",
    )
    p.add_argument(
        "--notice",
        metavar="YYYY-MM-DD",
        help="the day the applicant was told (FOIA s.17(2), EIR reg. 7(3), EISR reg. 7(2))",
    )

    p = command("mark", "set a question's outcome, exemptions and note")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("key", metavar="KEY", help="the question's key, as `foitui show` prints it")
    p.add_argument(
        "--outcome",
        type=outcome_word,
        metavar="O",
        help="the question's outcome: " + ", ".join(OUTCOMES) + " (or as the app shows it, "
        "'not held'); kept when not given",
    )
    p.add_argument(
        "--exemption",
        action="append",
        default=None,
        metavar="CODE",
        help="an exemption cited, e.g. s40(2) or r12(4)(a); repeat for more",
    )
    p.add_argument("--note", help='the officer\'s note on the question ("" removes it)')
    p.add_argument("--hours", type=float, help="estimated hours to answer (s.12 cost limit)")

    p = command("fix", "correct a parse: split, merge or relabel a question, move response text")
    p.add_argument("id", metavar="ID", help="the request: a store id or its reference")
    actions = p.add_subparsers(dest="fix", metavar="ACTION", parser_class=_Parser, required=True)

    def action(name: str, help_text: str) -> argparse.ArgumentParser:
        return actions.add_parser(name, help=help_text, description=help_text, parents=[common])

    key_help = "the question's key, as `foitui show` prints it"
    a = action("split", "split a question in two before the first occurrence of TEXT")
    a.add_argument("key", metavar="KEY", help=key_help)
    a.add_argument(
        "--at", required=True, metavar="TEXT", help="the new question starts at this text"
    )
    a = action("merge", "merge a question with the next one")
    a.add_argument("key", metavar="KEY", help=key_help)
    a = action("relabel", "change a question's label (its key follows when unique)")
    a.add_argument("key", metavar="KEY", help=key_help)
    a.add_argument("label", metavar="LABEL", help='the new label, e.g. 4, 2b, "Q3"; "" for none')
    a = action("move", "move a block of response text to a question, the unassigned text or back")
    a.add_argument(
        "--text",
        required=True,
        metavar="TEXT",
        help="the block's text, or enough of it to find the one block that holds it",
    )
    a.add_argument(
        "--to",
        required=True,
        metavar="KEY|unassigned|parser",
        help="a question's key, `unassigned` (answers nothing) or `parser` (where it was parsed)",
    )
    a = action("list", "the corrections in force, in the order they apply")
    a.add_argument("--json", action="store_true", help="a JSON array of the corrections")
    p = command("review", "record a request for internal review, and its outcome")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "--requested", metavar="YYYY-MM-DD", help="the day the request for review arrived"
    )
    p.add_argument("--completed", metavar="YYYY-MM-DD", help="the day the review was answered")
    p.add_argument(
        "--outcome", choices=REVIEW_OUTCOMES, help="the review's outcome (with --completed)"
    )
    p.add_argument("--remove", action="store_true", help="remove the review recorded")

    p = command("letter", "the letter that goes out: acknowledgement, response or review")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument(
        "--kind",
        choices=("acknowledgement", "response", "review"),
        required=True,
        help="which letter",
    )
    p.add_argument(
        "--format", choices=("txt", "md", "html"), default="txt", help="text, Markdown or HTML"
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE, not stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = command("disclosure-log", "closed requests as published: requesters and contacts redacted")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="only requests answered since DATE")
    p.add_argument(
        "--format", choices=("html", "csv", "md"), required=True, help="the file's format"
    )
    p.add_argument(
        "-o", "--output", type=Path, metavar="FILE", required=True, help="the file to write"
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--redact",
        action="append",
        default=[],
        metavar="NAME",
        help="also redact this name (staff named in answers); repeat for more",
    )
    p.add_argument(
        "--preview",
        action="store_true",
        help="list every redaction and write nothing (review them first)",
    )

    p = command("settings", "the store's settings (the body's name, address, signature)")
    p.add_argument(
        "name", nargs="?", metavar="NAME", help="a setting's name (none: print them all)"
    )
    p.add_argument("value", nargs="?", metavar="VALUE", help="its new value (none: print it)")
    p.add_argument("--unset", action="store_true", help="remove the setting NAME")

    p = command("link", "link two cases")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("target", metavar="TARGET", help="the other case: an id or a reference")
    p.add_argument(
        "--kind",
        choices=LINK_KINDS,
        default="related",
        help="how they are linked (default related)",
    )
    p.add_argument("--note", help="why they are linked")

    p = command("unlink", "remove a link")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("target", metavar="TARGET", help="the linked case: an id or a reference")

    p = command("export", "export everything, triage state included")
    p.add_argument(
        "--format",
        choices=("json", "jsonl", "csv", "md"),
        default="json",
        help="JSON, JSON Lines, CSV (a row a question) or Markdown (default json)",
    )
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE, not stdout")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")

    p = command("stats", "counts by status, outcome and exemption; on-time rate")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = command("exemptions", "the catalogue of exemptions, exceptions and refusal grounds")
    p.add_argument("--law", choices=LAWS, help="only this law's provisions")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    p = command("due", "print the statutory due date for a request received on DATE")
    p.add_argument("date", metavar="DATE", help="the day the request arrived, YYYY-MM-DD")
    p.add_argument("--law", choices=LAWS, default="foi", help=LAW_HELP + " (default foi)")
    p.add_argument("--days", type=int, metavar="N", help="working days allowed (default 20)")
    p.add_argument(
        "--receipt-day",
        choices=("ico", "code2018"),
        default="ico",
        help="ico: day 1 is the first working day after receipt (default); code2018: a "
        "receipt on a non-working day counts as received on the next working day",
    )

    p = command("similar", "the most similar requests in the store")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument("--limit", type=int, default=10, metavar="N", help="at most N (default 10)")

    p = command("hints", "requests that may be aggregated (s.12) or repeated (s.14(2))")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument(
        "--campaigns",
        action="store_true",
        help="aggregation: include other requesters (acting in concert)",
    )

    p = command("chain", "the request's chain of prior iterations and linked cases")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument("--depth", type=int, default=4, metavar="N", help="connections to follow")

    p = command("precedent", "earlier answers to questions like one of the request's")
    p.add_argument("id", metavar="ID", help=ID_HELP)
    p.add_argument("key", metavar="KEY", help="the question's key (see `foitui show`)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)
    p.add_argument("--limit", type=int, default=5, metavar="N", help="at most N (default 5)")

    p = command("history", "the change history of the store or one request")
    p.add_argument("id", nargs="?", metavar="ID", help="only this request (id or reference)")
    p.add_argument("--json", action="store_true", help=JSON_HELP)

    command("check", "verify a store")
    p = command("restore", "repair damaged store files from the last good backup")
    p.add_argument(
        "--lose-changes",
        action="store_true",
        help="restore even when edits or imports made since the backup would be lost",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "store", None):
        args.store = default_store()
    args.debug = getattr(args, "debug", False)
    args.command = args.command or "tui"
    stdout = sys.stdout
    if args.command not in ("tui", "demo"):
        from foitui.safetext import SafeOutput

        # The last guard: no command's text output carries an escape sequence to a terminal.
        sys.stdout = SafeOutput(stdout)  # type: ignore[assignment]
    try:
        from foitui import commands

        return commands.run(args)
    except FoituiError as error:
        if args.debug:
            raise
        report(error)
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `foitui list | head`: the reader left; not an error worth a message.
        sys.stderr.close()
        return 0
    except OSError as error:
        if args.debug:
            raise
        if error.errno not in (errno.ENOSPC, errno.EDQUOT):
            report(FoituiError(f"unexpected OSError: {error} (run with --debug)"))
            return 1
        # A full disk is the user's to fix, not a bug: one plain line.
        where = f"cannot write {error.filename}: " if error.filename else ""
        report(FoituiError(f"{where}the disk is full"))
        return 1
    except Exception as error:  # the last guard: one line, not a traceback
        if args.debug:
            raise
        report(FoituiError(f"unexpected {error.__class__.__name__}: {error} (run with --debug)"))
        return 1
    finally:
        sys.stdout = stdout
