"""A small store of hand-made requests for the TUI tests: fixed data, fixed `today`.

Seven requests cover what the screens show: a closed prior case and the newer request that
names it (references, unassigned response text), an EIR request, an overdue one, one waiting for
clarification, one whose text tries markup and terminal escapes, and a link between two cases.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from foitui.models import Answer, Law, Outcome, Question, Reference, Request, Source, Status
from foitui.store import Store
from foitui.tui.app import FoituiApp

TODAY = date(2024, 3, 20)  # a Wednesday
NASTY = "Evil [/b] [@click=app.quit]quit[/] [link=x]y[/link] \x1b[31mred\x1b[0m [bold]b"
#: The ids sorted by due date, soonest first.
BY_DUE = ["1", "4", "2", "7", "6", "5", "3"]
#: The ids in the request list's first view, the open queue: open requests whose clock runs,
#: the most overdue first (4), then soonest due; then waiting for clarification (6); then
#: closed (1).
BY_URGENCY = ["4", "2", "7", "5", "3", "6", "1"]


def _question(
    key: str,
    text: str,
    answer: str | None = None,
    outcome: Outcome | None = None,
    exemptions: list[str] | None = None,
) -> Question:
    return Question(
        key=key,
        label=key,
        text=text,
        answer=answer,
        outcome=outcome or (Outcome.ANSWERED if answer else Outcome.PENDING),
        exemptions=exemptions or [],
    )


def _request(n: int, **fields: object) -> Request:
    fields.setdefault("authority", "Wigan Council")
    fields.setdefault("source", Source(file="fixture.tsv", line=n, record=n))
    return Request(**fields)  # type: ignore[arg-type]


def requests() -> list[Request]:
    analytics = "data analytics, predictive analytics or AI in children's services"
    return [
        _request(
            1,
            ref="FOI 11726",
            title="Data analytics in children's services",
            received=date(2023, 11, 1),
            status=Status.REFUSED,
            request_text=f"Please tell me about your use of {analytics}.",
            response_text="Refused under section 12: it would take more than 18 hours.",
            questions=[
                _question(
                    "1",
                    f"Do you use {analytics}?",
                    "Refused: over the cost limit.",
                    Outcome.REFUSED,
                    ["s12"],
                ),
            ],
        ),
        _request(
            2,
            ref="FOI 12001",
            title="Data analytics in children's services (new request)",
            received=date(2024, 3, 1),
            request_text=(
                "This is a new request linked to a previous one refused on cost, FOI 11726.\n\n"
                f"Please supply the following about {analytics}."
            ),
            response_text="1) No\n2) No\n3) None",
            questions=[
                _question("1", f"Is the council currently using {analytics}?", "No"),
                _question("2", f"Does the council intend to use {analytics}?", "No"),
                _question(
                    "3", "Briefing notes or reports on their use in the last 12 months.", "None"
                ),
                _question("4", "Minutes on their efficacy or impact in the last 12 months."),
                _question("5", "Third-party consultants or suppliers, with contracts."),
            ],
            answers=[
                Answer(questions=["1"], text="No"),
                Answer(questions=["2"], text="No"),
                Answer(questions=["3"], text="None"),
            ],
            unassigned_response=[
                "Please note that in our last response (FOI 11726) we declined on cost."
            ],
            references=[
                Reference(text="FOI 11726", scheme="FOI", id="11726"),
                Reference(text="FOI 2023/0456", scheme="FOI", id="2023/0456"),
            ],
        ),
        _request(
            3,
            ref="EIR 2024/101",
            title="Air quality monitoring near schools",
            law=Law.EIR,
            received=date(2024, 3, 18),
            request_text="Air quality readings near primary schools for 2023.",
            questions=[
                _question("1", "Where are the monitoring stations?"),
                _question("2", "Readings of NO2 for 2023 at each station."),
                _question("3", "Any reports to the cabinet about air quality."),
            ],
        ),
        _request(
            4,
            title="Pothole repairs on the A350",
            received=date(2024, 1, 15),
            request_text="How many potholes were repaired on the A350 in 2023, and the cost?",
            questions=[
                _question("1", "How many potholes were repaired on the A350 in 2023?"),
                _question("2", "What was the total cost of those repairs?"),
            ],
        ),
        _request(
            5,
            ref="FOI 12050",
            title=NASTY,
            received=date(2024, 3, 12),
            request_text=f"Request text {NASTY}\nsecond line \x07 bell",
            response_text=f"Response {NASTY}",
            questions=[
                _question("1", f"Question {NASTY}", f"Answer {NASTY}"),
                _question("2", "[b]bold?[/b] and [@click=app.bell]click[/]"),
            ],
            answers=[Answer(questions=["1"], text=f"Answer {NASTY}")],
            unassigned_response=[f"Unassigned {NASTY}"],
        ),
        _request(
            6,
            ref="FOI 12077",
            title="Parking fines issued in 2023",
            received=date(2024, 3, 11),
            status=Status.WAITING_CLARIFICATION,
            request_text="All parking fines issued.",
            questions=[
                _question("1", "All parking fines issued.", None, Outcome.CLARIFICATION_NEEDED),
            ],
        ),
        _request(
            7,
            ref="FOI 12090",
            title="Data analytics suppliers and contracts",
            received=date(2024, 3, 5),
            request_text=f"Contracts with suppliers of {analytics}, and their cost.",
            questions=[_question("1", f"Contracts with suppliers of {analytics}.")],
        ),
    ]


def build_store(root: Path) -> Store:
    """The fixture store at `root`, with request 7 linked to request 2."""
    store = Store.open(root)
    items = requests()
    store.import_requests(items, [f"tui-fixture-{i}" for i in range(len(items))])
    store.link("7", "2", kind="related", note="same suppliers")
    return store


def make_app(store: Store, **options: object) -> FoituiApp:
    """The app as tests run it: fixed today, no cursor blink, polling only when asked.

    `options` go to FoituiApp and may replace those (a test of another day passes `today`).
    """
    defaults: dict[str, object] = {"today": TODAY, "cursor_blink": False, "refresh_seconds": 3600.0}
    return FoituiApp(store, **(defaults | options))  # type: ignore[arg-type]


def list_ids(app: FoituiApp) -> list[str]:
    """The ids of the rows the request list shows now, in order."""
    return [row.id for row in app.list_screen.table.rows]


def screen_text(app: FoituiApp) -> str:
    """What the terminal shows now, as plain text (the screenshot without colours)."""
    import io

    from rich.console import Console

    width, height = app.size
    console = Console(
        width=width,
        height=height,
        file=io.StringIO(),
        force_terminal=True,
        record=True,
        legacy_windows=False,
        safe_box=False,
    )
    console.print(
        app.screen._compositor.render_update(full=True, screen_stack=app._background_screens)
    )
    return console.export_text()


def notices(app: FoituiApp) -> list[str]:
    """The messages of the notifications shown so far (tests run with notifications on)."""
    return [notification.message for notification in app._notifications]
