"""The letters that go out: an acknowledgement, the response, the internal review's answer.

Built from the triage state as a list of blocks, then written as plain text, Markdown or HTML.
What each law requires of a refusal is data here (`NOTICES`, `COMPLAINTS`), not ifs:

- the refusal notice: FOIA s.17 (the exemption, why it applies, the public interest for a
  qualified one, s.17(5) for cost and vexatious requests), EIR reg. 14, FOISA s.16 (s.16(4) for
  cost, s.16(5) vexatious, s.17 not held), EISR reg. 13;
- neither confirm nor deny, worded as such (FOIA s.2(1) with the "duty to confirm or deny"
  subsections such as s.40(5B), s.31(3); FOISA s.18; EIR reg. 12(6); EISR reg. 10(8));
- the requester's rights: a review (FOIA s.17(7)(a) and the s.45 code; EIR reg. 11; FOISA
  s.20; EISR reg. 16) and then the ICO (FOIA s.50; EIR reg. 18; six weeks is ICO practice, not
  statute) or the Scottish Information Commissioner (FOISA s.47, within six months, s.47(4);
  EISR reg. 17; an appeal on a point of law to the Court of Session, s.56).

The body's name, address and signature come from the store's settings (`SETTINGS`); a missing
one is shown as a bracketed gap for the officer to fill, never invented.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING

from foitui.exemptions import Kind, lookup
from foitui.kinds import Law, Outcome
from foitui.law.regimes import regime
from foitui.law.reviews import REVIEW_RULES, Review, review_window_end

if TYPE_CHECKING:
    from foitui.costs import CostEstimate
    from foitui.models import Question, Request

KINDS = ("acknowledgement", "response", "review")
FORMATS = ("txt", "md", "html")

SETTINGS: Mapping[str, str] = MappingProxyType(
    {
        "body_name": "the authority's name, as it heads its letters",
        "body_address": "its postal address (several lines: separate them with ' | ')",
        "signature": "who signs: a name and role, or the team",
        "review_contact": "where to ask for a review (default: the body's name and address)",
    }
)
"""The settings the letters read, with what each is for (`foitui settings`)."""


@dataclass(frozen=True, slots=True)
class Notice:
    refusal: str
    cost: str
    vexatious: str
    not_held: str


NOTICES: Mapping[Law, Notice] = MappingProxyType(
    {
        Law.FOI: Notice("FOIA s.17(1)", "FOIA s.17(5)", "FOIA s.17(5)", "FOIA s.1(1)(a)"),
        Law.EIR: Notice("EIR reg. 14", "EIR reg. 14", "EIR reg. 14", "EIR reg. 12(4)(a)"),
        Law.FOISA: Notice("FOISA s.16(1)", "FOISA s.16(4)", "FOISA s.16(5)", "FOISA s.17(1)"),
        Law.EISR: Notice("EISR reg. 13", "EISR reg. 13", "EISR reg. 13", "EISR reg. 10(4)(a)"),
    }
)

_ICO = (
    "the Information Commissioner's Office, Wycliffe House, Water Lane, Wilmslow, Cheshire "
    "SK9 5AF (ico.org.uk/make-a-complaint)"
)
_SIC = (
    "the Scottish Information Commissioner, Kinburn Castle, Doubledykes Road, St Andrews, Fife "
    "KY16 9DS (www.foi.scot/appeal)"
)
COMPLAINTS: Mapping[Law, str] = MappingProxyType(
    {
        Law.FOI: f"you may complain to {_ICO} under section 50 of the Freedom of Information "
        "Act 2000. The ICO usually expects a complaint within six weeks of our review "
        "response (its practice, not the Act).",
        Law.EIR: f"you may complain to {_ICO} under regulation 18 of the Environmental "
        "Information Regulations 2004. The ICO usually expects a complaint within six weeks of "
        "our review response (its practice, not the Regulations).",
        Law.FOISA: f"you may apply to {_SIC} for a decision, within six months of receiving our "
        "review response (section 47(1) and (4) of the Freedom of Information (Scotland) Act "
        "2002). An appeal against the Commissioner's decision on a point of law lies to the "
        "Court of Session (section 56).",
        Law.EISR: f"you may apply to {_SIC} for a decision, within six months of receiving our "
        "review response (regulation 17 of the Environmental Information (Scotland) "
        "Regulations 2004, applying section 47 of the Freedom of Information (Scotland) Act "
        "2002). An appeal on a point of law lies to the Court of Session (section 56).",
    }
)

# Provisions that excuse the duty to confirm or deny: the answer must neither confirm nor deny
# that the information is held (FOIA s.2(1)(b) with these subsections; FOISA s.18; EIR reg.
# 12(6); EISR reg. 10(8)).
_NCND = re.compile(
    r"^(?:s23\(5\)|s24\(2\)|s26\(3\)|s27\(4\)|s28\(3\)|s29\(2\)|s30\(3\)|s31\(3\)|s32\(3\)|"
    r"s33\(3\)|s34\(2\)|s35\(3\)|s36\(3\)|s37\(2\)|s38\(2\)|s40\(5[ab]?\)|s41\(2\)|s42\(2\)|"
    r"s43\(3\)|s44\(2\)|fs18|r12\(6\)|sr10\(8\))",
    re.IGNORECASE,
)
_LAW_TITLE_ARTICLE = {Law.FOI: "the", Law.EIR: "the", Law.FOISA: "the", Law.EISR: "the"}


@dataclass(frozen=True, slots=True)
class Block:
    """One piece of a letter: ``heading``, ``para`` (a paragraph), ``quote`` (the requester's
    words) or ``lines`` (an address: one line each)."""

    kind: str
    text: str | tuple[str, ...]


def _setting(settings: Mapping[str, object], name: str) -> str:
    value = settings.get(name)
    return str(value).strip() if value else f"[{name.replace('_', ' ')}]"


def _full_month(day: date) -> str:
    months = (
        "January February March April May June July August September October November December"
    ).split()
    return f"{day.day} {months[day.month - 1]} {day.year}"


def _address_lines(settings: Mapping[str, object]) -> list[str]:
    return [part.strip() for part in _setting(settings, "body_address").split("|") if part.strip()]


def _head(request: Request, settings: Mapping[str, object], today: date) -> list[Block]:
    lines = (_setting(settings, "body_name"), *_address_lines(settings))
    ours = request.ref or f"#{request.id}"
    return [
        Block("lines", tuple(lines)),
        Block("para", _full_month(today)),
        Block("para", f"Our reference: {ours}"),
        Block("para", f"Dear {request.requester or 'requester'},"),
        Block("heading", f"Your request: {request.title}"),
    ]


def _foot(settings: Mapping[str, object]) -> list[Block]:
    return [Block("para", "Yours sincerely,"), Block("para", _setting(settings, "signature"))]


def acknowledgement(request: Request, settings: Mapping[str, object], today: date) -> list[Block]:
    rules = regime(request.law)
    blocks = _head(request, settings, today)
    received = _full_month(request.received) if request.received else "[date received]"
    blocks.append(
        Block(
            "para",
            f"Thank you for your request for information, which we received on {received}. "
            f"We are dealing with it under {_LAW_TITLE_ARTICLE[request.law]} {rules.title}.",
        )
    )
    if request.due:
        blocks.append(
            Block(
                "para",
                f"We will respond by {_full_month(request.due)}, 20 working days after we "
                f"received it ({rules.time_limit}), and sooner if we can.",
            )
        )
    else:
        blocks.append(Block("para", "We will write again with the date we will respond by."))
    return blocks + _foot(settings)


def _refusal(question: Question, request: Request, cost: CostEstimate | None) -> list[str]:
    """The refusal notice's content for one question, one paragraph per provision."""
    notice = NOTICES[request.law]
    out: list[str] = []
    reason = (question.note or "").strip() or "[why it applies]"
    for code in question.exemptions or []:
        entry = lookup(code)
        citation = entry.citation if entry else code
        name = f" ({entry.name.lower()})" if entry else ""
        if _NCND.match(code):
            out.append(
                f"We can neither confirm nor deny whether we hold this information: {citation}"
                f"{name} applies. {reason}"
            )
            continue
        if entry is not None and code.startswith(("s12", "fs12")):
            figures = ""
            if cost is not None:
                figures = (
                    f" We estimate {cost.total:g} hours of work, "
                    f"£{cost.total * cost.rule.rate_pounds:,.0f} at £{cost.rule.rate_pounds} an "
                    f"hour, over the limit of £{cost.limit_pounds}."
                )
            out.append(
                f"We are not obliged to comply with this part of your request because the cost "
                f"of doing so would exceed the appropriate limit ({citation}; this is our notice "
                f"under {notice.cost}).{figures} If you narrow your request, for example to a "
                "shorter period, we may be able to help."
            )
            continue
        if entry is not None and code.startswith(("s14", "fs14")):
            out.append(
                f"We are not obliged to comply with this part of your request: {citation}{name} "
                f"applies (our notice under {notice.vexatious}). {reason}"
            )
            continue
        if entry is not None and entry.kind is Kind.PROCEDURAL:
            out.append(f"{entry.name}: {citation}. {reason}")
            continue
        if code in ("fs17", "r12(4)(a)", "sr10(4)(a)"):
            out.append(f"We do not hold this information ({citation}).")
            continue
        text = f"We are withholding this information under {citation}{name}. {reason}"
        if entry is not None and entry.public_interest_test:
            presumption = (
                " The regulations presume in favour of disclosure."
                if entry.kind is Kind.EXCEPTION
                else ""
            )
            text += (
                f" This {'exception' if entry.kind is Kind.EXCEPTION else 'exemption'} is "
                "subject to the public interest test: we have weighed the public interest in "
                "disclosure against the public interest in withholding the information, and "
                f"concluded that it favours withholding it.{presumption} [the public interest "
                "factors considered]"
            )
        elif entry is not None and entry.absolute and not entry.partly:
            text += " This is an absolute exemption: no public interest test applies."
        elif entry is not None and entry.partly:
            text += f" {entry.note or ''} [whether the public interest test applies here]"
        out.append(text)
    if not out:
        out.append(f"We are withholding this information. {reason} ({notice.refusal})")
    return out


def _answer_paragraphs(
    question: Question, request: Request, cost: CostEstimate | None
) -> list[str]:
    outcome = question.outcome
    answer = (question.answer or "").strip()
    notice = NOTICES[request.law]
    if outcome is Outcome.REFUSED:
        return _refusal(question, request, cost)
    if outcome is Outcome.NOT_HELD:
        codes = [c for c in question.exemptions or [] if c in ("fs17", "r12(4)(a)", "sr10(4)(a)")]
        where = lookup(codes[0]).citation if codes and lookup(codes[0]) else notice.not_held
        text = f"We do not hold this information ({where})."
        return [text, answer] if answer and answer.lower() not in ("not held", "none") else [text]
    if outcome is Outcome.PARTLY_ANSWERED:
        return [answer or "[the information we can give]", *_refusal(question, request, cost)]
    if outcome is Outcome.CLARIFICATION_NEEDED:
        return [answer or "[what we need you to clarify]"]
    if outcome is Outcome.PENDING:
        return ["[answer to be written]"]
    return [answer or "[the answer]"]


def _rights(
    request: Request, settings: Mapping[str, object], sent: date, review: bool
) -> list[Block]:
    law = request.law
    rules = REVIEW_RULES[law]
    contact = settings.get("review_contact") or ", ".join(
        [_setting(settings, "body_name"), *_address_lines(settings)]
    )
    heading = "Your right to complain" if review else "Your right to a review and to complain"
    blocks = [Block("heading", heading)]
    if not review:
        until = review_window_end(sent, law)
        blocks.append(
            Block(
                "para",
                "If you are unhappy with this response you may ask us to review it. Please "
                f"write to {contact} by {_full_month(until)} ({rules.request_window_days} "
                f"working days from {_full_month(sent)}, {rules.window_provision}), saying "
                "what you would like us to look at again. We will answer within "
                f"{rules.days} working days ({rules.provision}).",
            )
        )
        blocks.append(
            Block("para", "If you are still unhappy after the review, " + COMPLAINTS[law])
        )
    else:
        blocks.append(
            Block("para", "If you are unhappy with the outcome of this review, " + COMPLAINTS[law])
        )
    return blocks


def response(
    request: Request,
    settings: Mapping[str, object],
    today: date,
    cost: CostEstimate | None = None,
) -> list[Block]:
    rules = regime(request.law)
    sent = request.responded or today  # the letter is dated the day it goes (or went) out
    blocks = _head(request, settings, sent)
    received = _full_month(request.received) if request.received else "[date received]"
    blocks.append(
        Block(
            "para",
            f"Thank you for your request of {received}, which we have dealt with under "
            f"{_LAW_TITLE_ARTICLE[request.law]} {rules.title}. Each part of your request is "
            "set out below with our response.",
        )
    )
    for number, question in enumerate(request.questions, start=1):
        label = question.label or str(number)
        blocks.append(Block("heading", f"Question {label}"))
        blocks.append(Block("quote", question.text))
        for paragraph in _answer_paragraphs(question, request, cost):
            blocks.append(Block("para", paragraph))
    return blocks + _rights(request, settings, sent, review=False) + _foot(settings)


_OUTCOME_WORDS = {
    "upheld": "we have upheld our original response: it stands as sent",
    "partly_upheld": "we have upheld our original response in part, and changed it as set out "
    "below",
    "overturned": "we have not upheld our original response; our new response is set out below",
}


def review_letter(
    request: Request,
    settings: Mapping[str, object],
    today: date,
    review: Review | None,
) -> list[Block]:
    blocks = _head(request, settings, review.completed or today if review else today)
    if review is None:
        blocks.append(Block("para", "[no internal review is recorded for this request]"))
        return blocks + _foot(settings)
    rules = REVIEW_RULES[request.law]
    requested = _full_month(review.requested)
    blocks.append(
        Block(
            "para",
            f"Thank you for your request of {requested} for a review of our response. We "
            f"have reviewed it, as we must within {rules.days} working days of your request "
            f"({rules.provision}).",
        )
    )
    outcome = review.outcome.value if review.outcome else None
    blocks.append(
        Block(
            "para",
            "Having looked again at your request, "
            f"{_OUTCOME_WORDS.get(outcome or '', '[outcome]')}.",
        )
    )
    blocks.append(Block("para", "[the reasons for the review's decision]"))
    return blocks + _rights(request, settings, today, review=True) + _foot(settings)


# --- rendering ----------------------------------------------------------------------------------


def render(blocks: list[Block], fmt: str, width: int = 78) -> str:
    """The letter as plain text (wrapped to `width`), Markdown or a whole HTML document."""
    if fmt == "html":
        return _html(blocks)
    out: list[str] = []
    for block in blocks:
        if block.kind == "lines":
            lines = list(block.text) if isinstance(block.text, tuple) else [block.text]
            out.append(("  \n" if fmt == "md" else "\n").join(lines))
        elif block.kind == "heading":
            out.append(
                f"## {block.text}" if fmt == "md" else f"{block.text}\n{'-' * len(str(block.text))}"
            )
        elif block.kind == "quote":
            text = str(block.text)
            if fmt == "md":
                out.append("\n".join(f"> {line}" if line else ">" for line in text.splitlines()))
            else:
                out.append("\n".join(_wrap(line, width - 4, "    ") for line in text.splitlines()))
        else:
            out.append(str(block.text) if fmt == "md" else _wrap(str(block.text), width, ""))
    return "\n\n".join(out) + "\n"


def _wrap(text: str, width: int, indent: str) -> str:
    import textwrap

    return textwrap.fill(
        text, width=width, initial_indent=indent, subsequent_indent=indent,
        break_long_words=False, break_on_hyphens=False,
    )  # fmt: skip


def _html(blocks: list[Block]) -> str:
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n'
        '<head><meta charset="utf-8"><title>Letter</title></head>\n<body>'
    ]
    for block in blocks:
        if block.kind == "lines":
            lines = block.text if isinstance(block.text, tuple) else (block.text,)
            parts.append(
                "<address>" + "<br>".join(html.escape(line) for line in lines) + "</address>"
            )
        elif block.kind == "heading":
            parts.append(f"<h2>{html.escape(str(block.text))}</h2>")
        elif block.kind == "quote":
            inner = "<br>".join(html.escape(line) for line in str(block.text).splitlines())
            parts.append(f"<blockquote>{inner}</blockquote>")
        else:
            parts.append(f"<p>{html.escape(str(block.text))}</p>")
    parts.append("</body>\n</html>")
    return "\n".join(parts) + "\n"


def letter(
    request: Request,
    kind: str,
    *,
    settings: Mapping[str, object],
    today: date,
    review: Review | None = None,
    cost: CostEstimate | None = None,
    fmt: str = "txt",
    width: int = 78,
) -> str:
    """One letter, ready to send once the bracketed gaps are filled; plain text is wrapped to
    `width` (a screen that wraps by itself passes a large one)."""
    if kind == "acknowledgement":
        blocks = acknowledgement(request, settings, today)
    elif kind == "response":
        blocks = response(request, settings, today, cost)
    elif kind == "review":
        blocks = review_letter(request, settings, today, review)
    else:
        raise ValueError(f"unknown letter kind {kind!r} (one of {', '.join(KINDS)})")
    return render(blocks, fmt, width)
