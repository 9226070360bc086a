"""Markers, questions, labels, keys and titles (foitui.parsing.markers/outline/questions/title)."""

from __future__ import annotations

import pytest

from foitui.parsing import parse_pair, suggest_title
from foitui.parsing.markers import parse_marker
from foitui.parsing.questions import assign_keys


def questions(request: str) -> list[tuple[str, str | None, str | None, str]]:
    """(key, label, parent, text) of each question of a request."""
    return [(q.key, q.label, q.parent, q.text) for q in parse_pair(request, "").questions]


def labelled(request: str) -> list[tuple[str | None, str]]:
    return [(q.label, q.text) for q in parse_pair(request, "").questions]


# --- markers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "path", "body"),
    [
        ("1) How many?", ("1",), "How many?"),
        ("1. How many?", ("1",), "How many?"),
        ("(1) How many?", ("1",), "How many?"),
        ("[3] How many?", ("3",), "How many?"),
        ("Q1 How many?", ("1",), "How many?"),
        ("Q1: How many?", ("1",), "How many?"),
        ("Q1. How many?", ("1",), "How many?"),
        ("Q 3 How many?", ("3",), "How many?"),
        ("Question 1: How many?", ("1",), "How many?"),
        ("Question 12 - How many?", ("12",), "How many?"),
        ("1 - How many?", ("1",), "How many?"),
        ("1: How many?", ("1",), "How many?"),
        ("a) how many", ("a",), "how many"),
        ("(a) how many", ("a",), "how many"),
        ("A) How many", ("a",), "How many"),
        ("i) how many", ("i",), "how many"),
        ("ii. how many", ("ii",), "how many"),
        ("(iv) how many", ("iv",), "how many"),
        ("2a) how many", ("2", "a"), "how many"),
        ("2(b) How many", ("2", "b"), "How many"),
        ("1(ii) How many", ("1", "ii"), "How many"),
        ("Q2(a) How many", ("2", "a"), "How many"),
        ("2.1 How many", ("2", "1"), "How many"),
        ("Item 3: How many", ("3",), "How many"),
        ("3)", ("3",), ""),
    ],
)
def test_markers(text: str, path: tuple[str, ...], body: str) -> None:
    marker = parse_marker(text)
    assert marker is not None
    assert (marker.path, marker.body) == (path, body)


@pytest.mark.parametrize(
    "text",
    [
        "2019/20 figures for agency staff",
        "£450 is the cost limit",
        "18 hours of officer time",
        "section 12 applies",
        "1.5 million people",
        "1 April 2024 was the start date",
        "10 Downing Street",
        "10 - 15 people attended",
        "10:30 meeting",
        "e.g. the parks team",
        "i.e. the parks team",
        "Q1 2023 figures",
        "Q2 of 2024 please",
        "1st April",
        "2.5 hours",
        "100% of schools",
        "3 staff left",
        "I am writing",
        "A. Smith",
        "Questions 1 and 2 were answered before",
        "Request 12345 was refused",
    ],
)
def test_not_markers(text: str) -> None:
    assert parse_marker(text) is None


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Q3 and Q4: not held", ["3", "4"]),
        ("Questions 2-4: withheld", ["2", "3", "4"]),
        ("Questions 2 to 4: withheld", ["2", "3", "4"]),
        ("Q2 & 3 see above", ["2", "3"]),
        ("1 and 2) Yes", ["1", "2"]),
        ("1, 2 and 3. Not held.", ["1", "2", "3"]),
        ("Q1/Q2: None", ["1", "2"]),
    ],
)
def test_joint_markers_in_responses(text: str, labels: list[str]) -> None:
    marker = parse_marker(text, answers=True)
    assert marker is not None
    assert [marker.path[0], *(p[0] for p in marker.extra)] == labels


def test_joint_marker_is_not_a_range_when_the_dash_leads_an_answer() -> None:
    marker = parse_marker("Q1 - 3 members of staff", answers=True)
    assert marker is not None
    assert (marker.path, marker.extra, marker.body) == (("1",), (), "3 members of staff")


# --- questions --------------------------------------------------------------------------------


def test_preamble_and_sign_off_are_not_questions() -> None:
    request = (
        "Dear Sir/Madam,\n\nUnder the Freedom of Information Act 2000, please provide:\n\n"
        "1. The number of staff employed in 2023.\n2. The number of agency staff.\n\n"
        "Kind regards\nJohn Smith"
    )
    assert questions(request) == [
        ("1", "1", None, "The number of staff employed in 2023."),
        ("2", "2", None, "The number of agency staff."),
    ]


def test_ol_items_take_their_list_number() -> None:
    request = (
        "<p>Please provide:</p><ol start='3'><li>How many parks?</li><li>How many benches?</li>"
        "</ol>"
    )
    assert labelled(request) == [("3", "How many parks?"), ("4", "How many benches?")]


def test_ol_item_that_starts_with_a_year_keeps_the_year_as_text() -> None:
    assert labelled("<ol><li>2019/20 overtime spend</li><li>2020/21 overtime spend</li></ol>") == [
        ("1", "2019/20 overtime spend"),
        ("2", "2020/21 overtime spend"),
    ]


def test_hidden_numbers_are_read_from_the_text() -> None:
    request = '<ol style="list-style-type:none"><li>1) First?</li><li>2) Second?</li></ol>'
    assert labelled(request) == [("1", "First?"), ("2", "Second?")]


def test_nested_html_list_gives_sub_questions() -> None:
    request = (
        "<ol><li>How many contracts?</li><li>For the care contract:<ol type='a'>"
        "<li>the supplier;</li><li>the value.</li></ol></li><li>How many staff?</li></ol>"
    )
    assert questions(request) == [
        ("1", "1", None, "How many contracts?"),
        ("2", "2", None, "For the care contract:"),
        ("2a", "2a", "2", "the supplier;"),
        ("2b", "2b", "2", "the value."),
        ("3", "3", None, "How many staff?"),
    ]


@pytest.mark.parametrize(
    ("request_text", "expected"),
    [
        (
            "1. How many searches?\n2(a) How many arrests?\n2(b) How many with no action?\n"
            "3. How many under section 60?",
            [("1", None), ("2a", None), ("2b", None), ("3", None)],  # no question "2" to hang on
        ),
        (
            "1(i) Orders in 2022/23?\n1(ii) Orders in 2023/24?\n2. Enforcement agents?",
            [("1i", None), ("1ii", None), ("2", None)],
        ),
        (
            "1. How many rooms?\n(a) damp reports\n(b) mould reports\n2. How many tenants?",
            [("1", None), ("1a", "1"), ("1b", "1"), ("2", None)],
        ),
        (
            "1. Main question?\n(i) first part\n(ii) second part\n2. Next question?",
            [("1", None), ("1i", "1"), ("1ii", "1"), ("2", None)],
        ),
        (
            "1. Main question?\na) letters\nb) more\ni) roman under b\nii) more roman\n2. End?",
            [("1", None), ("1a", "1"), ("1b", "1"), ("1bi", "1b"), ("1bii", "1b"), ("2", None)],
        ),
        (
            "1. Please provide: (a) the name\n(b) the value",
            [("1", None), ("1a", "1"), ("1b", "1")],
        ),
        (
            "1. Please provide (a) the number of bins and (b) the cost of emptying them.\n"
            "2. When were they installed?",
            [("1", None), ("1a", "1"), ("1b", "1"), ("2", None)],
        ),
        (
            "2(a) How many arrests?\n2(b) How many with no action?",
            [("2a", None), ("2b", None)],
        ),
        (
            "Q1 Total spend?\nQ2.1 Spend on agency staff?\nQ2.2 Spend on consultants?",
            [("1", None), ("2.1", None), ("2.2", None)],
        ),
    ],
)
def test_sub_question_labels_and_parents(
    request_text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert [(q[1], q[2]) for q in questions(request_text)] == expected


def test_i_after_h_is_a_letter_and_i_opening_a_list_is_roman() -> None:
    letters = "\n".join(f"{c}) item {c}" for c in "abcdefghij")
    assert [q[1] for q in questions(letters)] == list("abcdefghij")
    roman = "1. Question?\ni) first\nii) second\niii) third"
    assert [q[1] for q in questions(roman)] == ["1", "1i", "1ii", "1iii"]


def test_restarted_numbering_keeps_labels_and_makes_keys_unique() -> None:
    request = "Part A\n1. Alpha?\n2. Beta?\nPart B\n1. Gamma?\n2. Delta?"
    assert questions(request) == [
        ("1", "1", None, "Alpha?"),
        ("2", "2", None, "Beta?"),
        ("1-2", "1", None, "Gamma?"),
        ("2-2", "2", None, "Delta?"),
    ]


def test_skipped_numbers_are_kept_as_written() -> None:
    assert [q[1] for q in questions("1. a?\n2. b?\n4. d?\n5. e?")] == ["1", "2", "4", "5"]


@pytest.mark.parametrize(
    "request_text",
    [
        "1. How many staff were employed in 2019/20?\n2. 2019/20 figures for agency staff.",
        "<p>1. How many staff were employed in 2019/20?</p><p>2. 2019/20 figures for agency staff"
        ".</p>",
    ],
)
def test_a_number_inside_the_text_is_not_a_marker(request_text: str) -> None:
    assert labelled(request_text) == [
        ("1", "How many staff were employed in 2019/20?"),
        ("2", "2019/20 figures for agency staff."),
    ]


def test_numbers_at_line_starts_that_are_not_markers_leave_one_question() -> None:
    request = (
        "I would like to know how many barristers were instructed.\n"
        "2019/20 is the first year of interest.\n18 barristers is my estimate.\n"
        "10 Downing Street was copied in.\n1 April 2024 is the cut-off."
    )
    (only,) = questions(request)
    assert only[:3] == ("1", None, None)
    assert only[3].startswith("I would like to know how many barristers were instructed.")
    assert "1 April 2024 is the cut-off." in only[3]


def test_unmarked_request_is_one_question_without_greeting_and_sign_off() -> None:
    request = (
        "<p>Dear FOI team,</p><p>Please tell me how many electric vehicle charge points the "
        "council operates.</p><p>Many thanks</p><p>Jo Bloggs</p>"
    )
    assert questions(request) == [
        (
            "1",
            None,
            None,
            "Please tell me how many electric vehicle charge points the council operates.",
        )
    ]


def test_bullets_that_read_as_requests_are_one_question_each() -> None:
    request = (
        "<p>Please provide for 2023:</p><ul><li>The number of staff on long-term sickness"
        "</li><li>The average days lost per employee</li><li>The cost of sick pay?</li></ul>"
    )
    assert questions(request) == [
        ("1", None, None, "The number of staff on long-term sickness"),
        ("2", None, None, "The average days lost per employee"),
        ("3", None, None, "The cost of sick pay?"),
    ]


def test_short_bullets_under_a_request_are_part_of_the_one_question() -> None:
    request = "<p>Please provide the number of complaints broken down by:</p><ul><li>year</li>"
    request += "<li>department</li></ul>"
    assert questions(request) == [
        (
            "1",
            None,
            None,
            "Please provide the number of complaints broken down by: year department",
        )
    ]


def test_continuations_join_their_question_and_trailing_notes_do_not() -> None:
    request = (
        "<p>1) How many potholes were repaired?</p><p>Please break this down by ward.</p>"
        "<p>2) How much was spent?</p><p>I would like to receive the information by email.</p>"
        "<p>Thank you</p>"
    )
    assert labelled(request) == [
        ("1", "How many potholes were repaired? Please break this down by ward."),
        ("2", "How much was spent?"),
    ]


def test_wrapped_lines_and_bare_question_headings_join_their_text() -> None:
    request = "Question 1\nHow many trees were\nplanted in 2023?\n\nQuestion 2\nHow many felled?"
    assert labelled(request) == [
        ("1", "How many trees were planted in 2023?"),
        ("2", "How many felled?"),
    ]


def test_intro_paragraph_between_questions_is_not_a_continuation() -> None:
    request = (
        "<p>1. How many pupils?</p><p>The following questions relate to SEND pupils.</p>"
        "<ol start='2'><li>How many SEND pupils?</li></ol>"
    )
    assert labelled(request) == [("1", "How many pupils?"), ("2", "How many SEND pupils?")]


def test_a_list_inside_a_question_item_joins_the_question() -> None:
    request = "<ol><li>How many staff, by:<ul><li>grade</li><li>site</li></ul></li></ol>"
    assert labelled(request) == [("1", "How many staff, by: grade site")]


def test_empty_request_has_no_questions() -> None:
    assert questions("") == []
    assert questions("<p> </p>") == []


@pytest.mark.parametrize(
    ("labels", "keys"),
    [
        (["1", "2", "1", "2"], ["1", "2", "1-2", "2-2"]),
        ([None, None, None], ["1", "2", "3"]),
        (["2", None], ["2", "2-2"]),
        (["1", "1", "1"], ["1", "1-2", "1-3"]),
    ],
)
def test_assign_keys(labels: list[str | None], keys: list[str]) -> None:
    assert assign_keys(labels) == keys


# --- titles -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("request_text", "title"),
    [
        (
            "Dear Sir/Madam, Under the Freedom of Information Act 2000, please provide the number"
            " of potholes reported in 2023.",
            "Number of potholes reported in 2023",
        ),
        (
            "<p>Dear FOI team</p><p>I am writing to make a request under the FOI Act.</p>"
            "<p>1. How many CCTV cameras does the council operate?</p>",
            "How many CCTV cameras does the council operate",
        ),
        (
            "Hi,\n\nCould you please tell me the total spend on agency social workers in each of "
            "the last five financial years, broken down by year and agency.\n\nThanks",
            "Total spend on agency social workers in each of the last five financial years",
        ),
        (
            "<p>This is a new request for information relating to the previous, current, or "
            "planned use of data analytics, predictive analytics, and/or algorithmic systems.</p>",
            "Previous, current, or planned use of data analytics, predictive analytics",
        ),
        ("Potholes", "Potholes"),
    ],
)
def test_suggest_title(request_text: str, title: str) -> None:
    assert suggest_title(request_text) == title


@pytest.mark.parametrize(
    "request_text",
    [
        "word " * 100,
        "Please provide all correspondence between the council and the developers concerning "
        "the regeneration of the town centre, including emails, letters and meeting notes.",
        "<p>Dear Sir,</p><p>1) How many of the council's 1,200 street lights were converted to "
        "LED lanterns during the 2022/23 and 2023/24 financial years, and at what cost?</p>",
    ],
)
def test_suggest_title_is_short_whole_words_without_trailing_punctuation(
    request_text: str,
) -> None:
    title = suggest_title(request_text)
    assert 0 < len(title) <= 80
    assert title[-1].isalnum()
    source = {w.strip(",.?!:;()").lower() for w in request_text.replace("<p>", " ").split()}
    assert all(w.strip(",.?!:;()").lower() in source for w in title.split())


def test_suggest_title_of_one_long_word_is_cut_at_80() -> None:
    assert suggest_title("x" * 200) == "X" * 1 + "x" * 79


# --- typed bullets: one question per bullet, like <ul> items ----------------------------------


@pytest.mark.parametrize(
    "source",
    [
        "<p>Hello,</p><p>Please provide:<br>- the number of parking fines issued in 2023<br>"
        "- the total income from parking fines in 2023<br>- the number of fines cancelled on "
        "appeal</p><p>Thanks</p>",
        "<p>Please provide:</p><p>• the number of parking fines issued in 2023</p><p>• the total"
        " income from parking fines in 2023</p><p>• the number of fines cancelled on appeal</p>",
        "<p>Please provide:<br>* the number of parking fines issued in 2023<br>* the total income"
        " from parking fines in 2023<br>* the number of fines cancelled on appeal</p>"
        "<p>Kind regards,<br>A. Person</p>",
        "<p>Please provide:</p><p>– the number of parking fines issued in 2023</p><p>– the total"
        " income from parking fines in 2023</p><p>– the number of fines cancelled on appeal</p>",
        "Please provide:\n- the number of parking fines issued in 2023\n- the total income from "
        "parking fines in 2023\n- the number of fines cancelled on appeal\n\nThanks",
    ],
)
def test_typed_bullets_are_one_question_each(source: str) -> None:
    assert labelled(source) == [
        (None, "the number of parking fines issued in 2023"),
        (None, "the total income from parking fines in 2023"),
        (None, "the number of fines cancelled on appeal"),
    ]


def test_short_typed_bullets_under_a_request_stay_one_question() -> None:
    request = "<p>Please provide the number of complaints broken down by:<br>- year<br>- ward</p>"
    assert labelled(request) == [
        (None, "Please provide the number of complaints broken down by: year ward")
    ]


def test_typed_bullets_inside_a_numbered_question_continue_it() -> None:
    request = (
        "<p>1) For each depot:<br>- the number of vehicles<br>- the fuel used</p><p>2) Why?</p>"
    )
    assert labelled(request) == [
        ("1", "For each depot: the number of vehicles the fuel used"),
        ("2", "Why?"),
    ]


def test_typed_bullet_answers_pair_with_typed_bullet_questions() -> None:
    request = (
        "<p>Please provide:<br>- the number of parking fines issued in 2023<br>- the total "
        "income from parking fines in 2023</p>"
    )
    response = "<p>Dear Sir,</p><p>- 41,220 fines.<br>- £1.2 million.</p><p>Regards</p>"
    result = parse_pair(request, response)
    assert [q.answer for q in result.questions] == ["41,220 fines.", "£1.2 million."]


# --- joint markers with a bracket or dot after each number, and lead words --------------------


@pytest.mark.parametrize(
    ("text", "labels", "body"),
    [
        ("1) and 2) Not held.", ["1", "2"], "Not held."),
        ("1. and 2. Not held.", ["1", "2"], "Not held."),
        ("(1) and (2) Not held.", ["1", "2"], "Not held."),
        ("[1] & [2] Not held.", ["1", "2"], "Not held."),
        ("1) & 2) Not held.", ["1", "2"], "Not held."),
        ("1), 2) and 3) Not held.", ["1", "2", "3"], "Not held."),
        ("1 & 2: Not held.", ["1", "2"], "Not held."),
        ("Q1/Q2: None.", ["1", "2"], "None."),
        ("Q1) and Q2) None.", ["1", "2"], "None."),
        ("Questions 3 to 5: Withheld.", ["3", "4", "5"], "Withheld."),
        ("Q3-Q5 Withheld.", ["3", "4", "5"], "Withheld."),
        ("Q3 – Q5: Withheld.", ["3", "4", "5"], "Withheld."),
        ("1) – 3) Withheld.", ["1", "2", "3"], "Withheld."),
        ("Answers to questions 1 and 2: None.", ["1", "2"], "None."),
        ("In response to Q1 and Q2: None.", ["1", "2"], "None."),
        ("Response to questions 4-6 - None.", ["4", "5", "6"], "None."),
        ("Parts 1 and 2: Not held.", ["1", "2"], "Not held."),
    ],
)
def test_joint_markers_with_brackets_dots_and_lead_words(
    text: str, labels: list[str], body: str
) -> None:
    marker = parse_marker(text, answers=True)
    assert marker is not None
    assert [marker.path[0], *(p[0] for p in marker.extra)] == labels
    assert marker.body == body


@pytest.mark.parametrize(
    ("text", "path", "body"),
    [
        ("1) 2 and 3 bedroom homes.", ("1",), "2 and 3 bedroom homes."),
        ("1) and 2 other sites.", ("1",), "and 2 other sites."),
        ("1) - 3 members of staff.", ("1",), "3 members of staff."),
        ("2. 12 and 13 year olds.", ("2",), "12 and 13 year olds."),
    ],
)
def test_single_markers_followed_by_numbers_are_not_joint(
    text: str, path: tuple[str, ...], body: str
) -> None:
    marker = parse_marker(text, answers=True)
    assert marker is not None
    assert (marker.path, marker.extra, marker.body) == (path, (), body)


def test_lead_words_other_than_questions_need_a_terminator() -> None:
    assert parse_marker("Parts 1 and 2 were delivered in May.", answers=True) is None


def test_title_trailing_spaces_are_every_character_python_calls_space() -> None:
    # title.py strips trailing space with str.rstrip and a spelled-out list (working the list
    # out at import cost 0.1 s of every start): it must be what `\s` and str.isspace match.
    import sys

    from foitui.parsing import title

    spaces = {chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()}
    assert set(title._SPACES) == spaces
