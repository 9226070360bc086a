"""References to other requests ("FOI 11726", "EIR 2023/101", "reference number 11726") and
the response's own reference ("Our ref: FOI 12345").

A reference is either a request scheme followed by a number (FOI, FOIR, EIR, IR, RFI; the id
keeps its zeros and separators as written), or a bare number after words that say it is a
request's reference ("our ref:", "reference number", "previous request"). Numbers that are
something else are left alone: phone numbers, years and financial years, dates, money,
"section 12", law names ("FOIA 2000", "EIR 2004"), planning applications ("23/01234/FUL"),
ICO cases ("IC-123456-A1B2", "FS50812345"), roads and postcodes. Precision matters more than
recall here: a wrong link is worse than a missing one.
"""

from __future__ import annotations

import re

from foitui.models import Reference
from foitui.parsing.html import Block

_SCHEMES = r"FOIR|FOISA|FOIA|FOI|EIRs|EIR|IR|RFI"
_ID = r"(?P<id>\d(?:[\d/\-]*\d)?)(?![\w]|[/\-]\w|[.,]\d)"
_SCHEME_REF = re.compile(
    rf"(?<![\w/\-.])(?P<scheme>{_SCHEMES})(?![a-z])"
    r"\s*(?:[-/:#.]\s*)?(?:(?:request|req|ref(?:erence)?|case|no|number)\.?\s*"
    r"(?:(?:no|number|ref(?:erence)?)\.?\s*)?[:#.]?\s*)?" + _ID,
    re.IGNORECASE,
)
_CONTEXT_REF = re.compile(
    r"(?P<ctx>\b(?:(?:our|your|my|the|previous|earlier|prior|original|last|former)\s+)"
    r"ref(?:erence)?\.?(?:\s*(?:no\.?|number))?"
    r"|\breference\s+(?:no\.?|number)|\bref\.?\s*(?:no\.?|number)"
    r"|\b(?:previous|earlier|prior|original|last|related|separate|same|former|first|second|"
    r"above|other|linked|my|our)\s+(?:(?:foi|eir|information|freedom\s+of\s+information)\s+)?"
    r"request(?:\s+(?:number|no\.?|ref(?:erence)?\.?(?:\s+number)?))?"
    r"|\brequest\s+(?:number|no\.?|ref(?:erence)?\.?(?:\s+number)?)"
    r"|\b(?:reference|ref)(?=\s*[:#]))"
    r"\s*[:#.]?\s*(?:(?:was|is)\s+)?\(?\s*" + _ID,
    re.IGNORECASE,
)
# A number after these words is some other kind of reference.
_FOREIGN = re.compile(
    r"\b(?:planning|application|ico|commissioner|case|invoice|account|customer|crime|incident|"
    r"complaint|tax|vat|nhs|pcn|penalty|licen[cs]e|permit|order|purchase|booking|tracking|"
    r"claim|payroll|employee|property|uprn|registration|company|charity|policy|vacancy|court|"
    r"tribunal|decision notice|phone|telephone|tel|mobile|fax)\b[^.]{0,25}$",
    re.IGNORECASE,
)
_LAW_YEARS = frozenset(("1992", "2000", "2002", "2004"))
_LAW_AFTER = re.compile(r"\s*(?:act|regulations|regs)\b", re.IGNORECASE)
_FINANCIAL_YEAR = re.compile(r"^(?:19|20)(\d\d)[/\-](\d\d)$")
_DATE = re.compile(r"^\d{1,2}[/\-]\d{1,2}[/\-](?:\d{2}|\d{4})$")
_YEAR = re.compile(r"^(?:199\d|20[0-3]\d)$")
_PHONE_AFTER = re.compile(r"\s\d{3}")
_MIN_DIGITS = 3

# The response naming itself: "Our ref: FOI 12345", "Reference: 123", "Re: FOI 12345".
_OUR_REF = re.compile(
    r"\bour\s+ref(?:erence)?\.?(?:\s*(?:no\.?|number))?\s*[:#.]?\s*", re.IGNORECASE
)
_REF_LABEL = re.compile(
    r"^(?:(?:request|foi|eir|information request)\s+)?ref(?:erence)?\.?(?:\s*(?:no\.?|number))?"
    r"\s*[:#]\s*",
    re.IGNORECASE,
)
_SUBJECT_LINE = re.compile(r"^(?:re|subject|request)\s*:", re.IGNORECASE)
_OWN_TOKEN = re.compile(
    rf"(?:(?P<scheme>{_SCHEMES})(?![a-z])\s*[-/:#.]?\s*)?(?P<id>[A-Za-z]{{0,4}}[/\-]?\d[\w/\-]*)",
    re.IGNORECASE,
)
# "Thank you for your request, reference FOI 12345, received on...": this request.
_YOUR_REQUEST = re.compile(
    r"\byour\b[^.]{0,40}\b(?:request|e-?mail|enquiry|correspondence|application)\b",
    re.IGNORECASE,
)
_EARLIER = re.compile(r"\b(?:previous|earlier|prior|last|original|former)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?]+(?:[.!?](?!\d)|$)")
_HEADER_BLOCKS = 3  # own references sit in the first or last few blocks of a response


def _scheme_name(raw: str) -> str:
    upper = raw.upper()
    return "EIR" if upper == "EIRS" else upper


def _is_number_not_ref(text: str, m: re.Match[str], ident: str, bare: bool) -> bool:
    """Whether the id of a match is a year, date, phone number or law name, not a request."""
    if sum(ch.isdigit() for ch in ident) < _MIN_DIGITS:
        return True
    after = text[m.end() : m.end() + 12]
    if _LAW_AFTER.match(after):
        return True
    if _PHONE_AFTER.match(after) and "/" not in ident and "-" not in ident:
        return True
    if _DATE.match(ident):
        return True
    fy = _FINANCIAL_YEAR.match(ident)
    if fy and (int(fy.group(1)) + 1) % 100 == int(fy.group(2)):
        return True
    if bare and _YEAR.match(ident):
        return True
    return False


def _scheme_matches(text: str) -> list[tuple[int, int, Reference]]:
    out = []
    for m in _SCHEME_REF.finditer(text):
        ident = m.group("id")
        scheme = _scheme_name(m.group("scheme"))
        if scheme in ("FOIA", "FOISA", "FOI", "EIR") and ident in _LAW_YEARS:
            continue  # "FOIA 2000", "EIR 2004": the law, not a request
        if _is_number_not_ref(text, m, ident, bare=False):
            continue
        if _FOREIGN.search(text, max(0, m.start() - 40), m.start()):
            continue
        ref = Reference(text=" ".join(m.group(0).split()), scheme=scheme, id=ident)
        out.append((m.start(), m.end(), ref))
    return out


def _context_matches(text: str, header: bool) -> list[tuple[int, int, Reference]]:
    out = []
    for m in _CONTEXT_REF.finditer(text):
        ident = m.group("id")
        if _is_number_not_ref(text, m, ident, bare=True):
            continue
        if _FOREIGN.search(text, max(0, m.start() - 40), m.end("ctx")):
            continue
        ctx = m.group("ctx").lower()
        if header and (ctx.startswith("your") or ctx.startswith("our")):
            continue  # "Your ref:"/"Our ref:" in a response's letterhead: this request itself
        out.append((m.start("id"), m.end(), Reference(text=ident, scheme=None, id=ident)))
    return out


def _block_refs(text: str, header: bool) -> list[Reference]:
    found = _scheme_matches(text) + _context_matches(text, header)
    found.sort(key=lambda t: t[0])
    refs: list[Reference] = []
    end = -1
    for start, stop, ref in found:
        if start < end:
            continue  # overlapping: "our ref: FOI 123" is one reference, found once
        refs.append(ref)
        end = stop
    return refs


def find_own_ref(blocks: list[Block]) -> tuple[str | None, str] | None:
    """The response's own reference as (scheme, id), from its letterhead or sign-off."""
    n = len(blocks)
    for index, block in enumerate(blocks):
        text = block.text
        head = index < _HEADER_BLOCKS
        edge = head or index >= n - _HEADER_BLOCKS
        for m in _OUR_REF.finditer(text):
            if edge or m.start() == 0:
                own = _own_token(text, m.end())
                if own is not None:
                    return own
        if edge:
            m = _REF_LABEL.match(text)
            if m:
                own = _own_token(text, m.end())
                if own is not None:
                    return own
        if head and _SUBJECT_LINE.match(text):
            found = _scheme_matches(text)
            if found:
                ref = found[0][2]
                return ref.scheme, ref.id
        if head:
            for sentence in _SENTENCE.finditer(text):
                words = sentence.group()
                if _YOUR_REQUEST.search(words) and not _EARLIER.search(words):
                    found = _scheme_matches(words)
                    if found:
                        ref = found[0][2]
                        return ref.scheme, ref.id
    return None


def _own_token(text: str, pos: int) -> tuple[str | None, str] | None:
    m = _OWN_TOKEN.match(text, pos)
    if not m:
        return None
    ident = m.group("id").rstrip("/-")
    if sum(ch.isdigit() for ch in ident) < _MIN_DIGITS:
        return None
    scheme = _scheme_name(m.group("scheme")) if m.group("scheme") else None
    return scheme, ident


def own_ref_text(own: tuple[str | None, str]) -> str:
    scheme, ident = own
    return f"{scheme} {ident}" if scheme else ident


def find_references(
    request: list[Block], response: list[Block], own: tuple[str | None, str] | None = None
) -> list[Reference]:
    """References to other requests: request first, then response, each once, never `own`."""
    refs: list[Reference] = []
    seen: set[tuple[str | None, str]] = set()
    seen_ids: set[str] = set()
    n = len(response)
    texts = [(b.text, False) for b in request] + [
        (b.text, i < _HEADER_BLOCKS or i >= n - _HEADER_BLOCKS) for i, b in enumerate(response)
    ]
    for text, header in texts:
        if not any(ch.isdigit() for ch in text):
            continue
        for ref in _block_refs(text, header):
            if own is not None and ref.id == own[1] and ref.scheme in (own[0], None):
                continue
            if own is not None and ref.id == own[1] and own[0] is None:
                continue
            key = (ref.scheme, ref.id)
            if key in seen or (ref.scheme is None and ref.id in seen_ids):
                continue
            seen.add(key)
            seen_ids.add(ref.id)
            refs.append(ref)
    return refs
