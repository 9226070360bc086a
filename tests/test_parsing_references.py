"""References to other requests and the response's own reference (foitui.parsing.references)."""

from __future__ import annotations

import pytest

from foitui.parsing import parse_pair


def refs(request: str, response: str = "") -> list[tuple[str, str | None, str]]:
    return [(r.text, r.scheme, r.id) for r in parse_pair(request, response).references]


def in_sentence(words: str) -> str:
    return f"<p>This follows {words} which I sent last year.</p><p>1) How many staff?</p>"


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("FOI 11726", ("FOI 11726", "FOI", "11726")),
        ("FOI11726", ("FOI11726", "FOI", "11726")),
        ("FOI <b>11726</b>", ("FOI 11726", "FOI", "11726")),
        ("foi 11726", ("foi 11726", "FOI", "11726")),
        ("FOI/2023/0456", ("FOI/2023/0456", "FOI", "2023/0456")),
        ("FOI-2024-1187", ("FOI-2024-1187", "FOI", "2024-1187")),
        ("EIR 2023/101", ("EIR 2023/101", "EIR", "2023/101")),
        ("EIRs 2023/055", ("EIRs 2023/055", "EIR", "2023/055")),
        ("IR-88812", ("IR-88812", "IR", "88812")),
        ("FOIR/22/0145", ("FOIR/22/0145", "FOIR", "22/0145")),
        ("RFI 00321", ("RFI 00321", "RFI", "00321")),
        ("FOI request 11726", ("FOI request 11726", "FOI", "11726")),
        ("FOI ref: 11726", ("FOI ref: 11726", "FOI", "11726")),
        ("FOI Request No. 2024/118", ("FOI Request No. 2024/118", "FOI", "2024/118")),
        ("our ref: 12345", ("12345", None, "12345")),
        ("your reference 12345", ("12345", None, "12345")),
        ("reference number 11726", ("11726", None, "11726")),
        ("previous request 4567", ("4567", None, "4567")),
        ("request no. 4567", ("4567", None, "4567")),
        ("my earlier request (ref 98765)", ("98765", None, "98765")),
        ("Ref: 055555", ("055555", None, "055555")),
    ],
)
def test_references_found(words: str, expected: tuple[str, str | None, str]) -> None:
    assert refs(in_sentence(words)) == [expected]


@pytest.mark.parametrize(
    "words",
    [
        "a call to 0161 234 5678",
        "a call to 01942 244991",
        "our FOI team on 0161 234 5678",
        "a request in 2019",
        "the 2019/20 figures",
        "FOI 2019/20 figures",
        "the £450 limit",
        "section 12",
        "Regulation 5",
        "FOIA 2000",
        "the FOI Act 2000",
        "the EIR 2004",
        "FOISA 2002",
        "the Freedom of Information Act 2000",
        "planning application 23/01234/FUL",
        "planning reference 23/01234/FUL",
        "reference number 23/01234/FUL",
        "appeal A/2023/0456",
        "ICO case reference IC-123456-A1B2",
        "decision notice FS50812345",
        "ICO reference number 202301234",
        "case reference 123456",
        "invoice reference number 12345",
        "order number 123456",
        "roadworks on the A350 and M62",
        "the office at WN1 1YN",
        "the meeting on 1 April 2024",
        "the letter of 12/03/2024",
        "IR35 rules",
        "EIR 12(5)(e)",
        "their 123 staff",
        "the request of 12 May",
        "questions 1 and 2 of my request",
        "https://example.gov.uk/disclosure/10234",
    ],
)
def test_numbers_that_are_not_references(words: str) -> None:
    assert refs(in_sentence(words)) == []


def test_request_first_then_response_in_order_without_repeats() -> None:
    request = "<p>See FOI/2023/0456 and FOIR/22/0145, and FOI/2023/0456 again.</p><p>1) X?</p>"
    response = "<p>1) As in IR-90217 and FOIR/22/0145.</p>"
    assert refs(request, response) == [
        ("FOI/2023/0456", "FOI", "2023/0456"),
        ("FOIR/22/0145", "FOIR", "22/0145"),
        ("IR-90217", "IR", "90217"),
    ]


@pytest.mark.parametrize(
    ("response", "own"),
    [
        ("<p>Our reference: FOI 12345</p><p>1) Yes</p>", "FOI 12345"),
        ("<p>Our ref: FOI/2024/3318</p><p>1) Yes</p>", "FOI 2024/3318"),
        ("<p>1) Yes</p><p>Our ref: 13002</p>", "13002"),
        (
            "<p>Your ref: 998877</p><p>Our ref: 01/FOI/24/036612</p><p>1) Yes</p>",
            "01/FOI/24/036612",
        ),
        ("<p>Reference: EIR/2024/0332</p><p>1) Yes</p>", "EIR 2024/0332"),
        ("<p>Re: Freedom of Information request FOI-2024-0001</p><p>1) Yes</p>", "FOI 2024-0001"),
        (
            "<p>Thank you for your request for information (reference FOI 5521) received on 1 "
            "May.</p><p>1) Yes</p>",
            "FOI 5521",
        ),
        ("<p>1) Yes</p>", None),
    ],
)
def test_own_reference(response: str, own: str | None) -> None:
    result = parse_pair("<p>1) How many?</p>", response)
    assert result.own_ref == own
    assert result.references == []


def test_own_reference_repeated_elsewhere_is_not_a_prior_case() -> None:
    response = (
        "<p>Our reference: FOI 12345</p><p>1. 1,512 requests.</p><p>Please quote FOI 12345 in "
        "any correspondence. This answer also appeared in FOI 11000.</p>"
    )
    result = parse_pair("<p>1. How many requests?</p>", response)
    assert result.own_ref == "FOI 12345"
    assert [(r.scheme, r.id) for r in result.references] == [("FOI", "11000")]


def test_our_ref_in_the_request_names_the_earlier_case() -> None:
    request = "<p>Further to your answer (our ref: 12345), please tell me:</p><p>1) The cost?</p>"
    result = parse_pair(request, "<p>Our reference: 13002</p><p>1) £5.</p>")
    assert [(r.scheme, r.id) for r in result.references] == [(None, "12345")]
    assert result.own_ref == "13002"


def test_a_prior_reference_in_the_response_letterhead_is_still_a_reference() -> None:
    response = (
        "<p>Our ref: FOI 2024/1044</p><p>This follows your previous request FOI 2023/0877.</p>"
    )
    result = parse_pair("<p>1) How many drones?</p>", response)
    assert result.own_ref == "FOI 2024/1044"
    assert [(r.scheme, r.id) for r in result.references] == [("FOI", "2023/0877")]


def test_your_ref_in_the_response_letterhead_is_not_a_reference() -> None:
    result = parse_pair("<p>1) How many?</p>", "<p>Your ref: 998877</p><p>1) Two.</p>")
    assert result.references == []


# --- own references with letters and slashes; "your request X" mid-body is another case ---------


@pytest.mark.parametrize(
    ("response", "own"),
    [
        ("<p>Our reference: LBC/FOI/24/0619</p><p>1) Yes</p>", "LBC/FOI/24/0619"),
        ("<p>Our reference: IM-FOI-2024-0611</p><p>1) Yes</p>", "IM-FOI-2024-0611"),
        ("<p>Ref: FOI/2024/00123/AB</p><p>1) Yes</p>", "FOI 2024/00123/AB"),
        ("<p>Our Ref: HR/EIR/2023-118</p><p>1) Yes</p>", "HR/EIR/2023-118"),
        ("<p>OUR REF: CS-0087-24</p><p>1) Yes</p>", "CS-0087-24"),
        ("<p>1) Yes</p><p>Kind regards</p><p>Ref: DPA/FOI/7781</p>", "DPA/FOI/7781"),
        (
            "<p>Dear Ms Cole,</p><p>Thank you for your email.</p><p>Please quote reference "
            "FOI-2024-7781 in any correspondence about this request.</p><p>1) Yes</p>"
            "<p>2) No</p><p>3) Four</p><p>Regards</p>",
            "FOI 2024-7781",
        ),
        (
            "<p>Hello</p><p>Thanks.</p><p>Our answers follow.</p><p>1) Yes</p><p>When writing "
            "to us, please quote our reference number 20240456.</p><p>2) No</p><p>3) Four</p>",
            "20240456",
        ),
    ],
)
def test_own_reference_with_letters_slashes_and_quote_wording(response: str, own: str) -> None:
    result = parse_pair("<p>1) How many?</p>", response)
    assert result.own_ref == own
    assert result.references == []


@pytest.mark.parametrize(
    "sentence",
    [
        "This request is identical to your request FOI 38107, which was refused.",
        "We refer to your earlier request FOI 38107 and our answer to it.",
        "As with your request FOI 38107, the council holds no records of this kind.",
        "Your request is the same as your request FOI 38107 of last year.",
        "The answer has not changed since your request FOI 38107.",
    ],
)
def test_your_request_x_in_a_sentence_names_another_case(sentence: str) -> None:
    result = parse_pair("<p>Please send me the report.</p>", f"<p>{sentence}</p>")
    assert result.own_ref is None
    assert [(r.scheme, r.id) for r in result.references] == [("FOI", "38107")]


def test_our_reference_wins_over_your_request_x_and_both_are_kept_apart() -> None:
    response = (
        "<p>Our reference: FOI 40001</p><p>This request repeats your request FOI 38107, so we "
        "rely on section 14(2).</p>"
    )
    result = parse_pair("<p>Please send me the report.</p>", response)
    assert result.own_ref == "FOI 40001"
    assert [(r.scheme, r.id) for r in result.references] == [("FOI", "38107")]


# --- references in narrative sentences --------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("I asked about this in FOI 9931 last year.", ("FOI", "9931")),
        ("I asked about mobile phone masts in FOI 4412 last year.", ("FOI", "4412")),
        ("As per FOI9931, please update the figures.", ("FOI", "9931")),
        ("Please update the table (see EIR 2023/101) for 2024.", ("EIR", "2023/101")),
        ("My earlier request, reference 20456, was refused.", (None, "20456")),
        ("My last request, ref 20456, was refused.", (None, "20456")),
        ("My previous request - reference 20456 - was answered.", (None, "20456")),
        ("You answered this under reference 20456 in March.", (None, "20456")),
        ("My complaint to the ICO about FOI 7781 was upheld.", ("FOI", "7781")),
        ("The telephone survey in EIR/2022/0311 covered this.", ("EIR", "2022/0311")),
    ],
)
def test_references_in_narrative_sentences(sentence: str, expected: tuple[str | None, str]) -> None:
    result = parse_pair(f"<p>{sentence}</p><p>1) How many?</p>", "")
    assert [(r.scheme, r.id) for r in result.references] == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "Please call our mobile on 07700 900123 about FOI matters.",
        "The crime reference 20456 is attached to this case.",
        "My invoice FOI-20456 was paid.",
        "The application reference 23/01234/FUL was refused.",
        "There were 20456 requests under the FOIA 2000 last year.",
        "The request, made under the EIR 2004, concerns 2023/24.",
        "Our mobile number is 01234 567890.",
    ],
)
def test_narrative_numbers_that_are_not_references(sentence: str) -> None:
    result = parse_pair(f"<p>{sentence}</p><p>1) How many?</p>", "")
    assert result.references == []
