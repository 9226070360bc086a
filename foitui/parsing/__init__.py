"""Parsing: a request/response pair of HTML or plain-text cells to questions, answers,
outcomes, exemptions and references. Pure functions: no I/O, no store, no Textual.

    parse_pair(request_html, response_html) -> ParseResult
    suggest_title(request_text) -> str

Modules: ``html`` (cells to blocks), ``markers`` (``1)``, ``Q2:``, ``(a)``...), ``outline`` (labels
and parents), ``questions``, ``answers``, ``outcomes`` (outcome and exemption codes),
``references`` (other requests and the response's own reference), ``title``.
"""

from __future__ import annotations

from foitui.models import ParseResult
from foitui.parsing.answers import match_answers
from foitui.parsing.html import blocks_text, to_blocks
from foitui.parsing.outcomes import classify, detect_law, find_exemptions
from foitui.parsing.questions import extract_questions
from foitui.parsing.references import (
    find_heading_ref,
    find_own_ref,
    find_references,
    own_ref_text,
)
from foitui.parsing.title import suggest_title

__all__ = [
    "classify",
    "detect_law",
    "find_exemptions",
    "parse_pair",
    "suggest_title",
]


def parse_pair(request_html: str, response_html: str) -> ParseResult:
    """Parse one request and its response (either may be empty, HTML or plain text)."""
    request_blocks = to_blocks(request_html)
    response_blocks = to_blocks(response_html)
    request_text = blocks_text(request_blocks)
    response_text = blocks_text(response_blocks)
    asked = extract_questions(request_blocks)
    law = detect_law(f"{request_text}\n{response_text}")
    questions, answers, unassigned = match_answers(asked, response_blocks, law, request_blocks)
    # The response's "Our ref", else the case number a disclosure-log page heads either with.
    own = (
        find_own_ref(response_blocks)
        or find_heading_ref(response_blocks)
        or find_heading_ref(request_blocks)
    )
    references = find_references(request_blocks, response_blocks, own)
    return ParseResult(
        request_text=request_text,
        response_text=response_text,
        questions=questions,
        answers=answers,
        unassigned_response=unassigned,
        references=references,
        own_ref=own_ref_text(own) if own is not None else None,
    )
