"""Regenerate the pictures in screenshots/ from the real app on the bundled sample corpus.

    .venv/bin/python scripts/screenshots.py            # writes screenshots/*.svg
    .venv/bin/python scripts/screenshots.py --out DIR  # somewhere else

The app runs headless at 80x24 on a temporary store loaded from foitui/data/sample.tsv, with `today`
fixed (--today) so the pictures only change when the app or the corpus does.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from datetime import date
from pathlib import Path

from textual.pilot import Pilot

from foitui.importing import load_corpus
from foitui.store import Store
from foitui.tui.app import FoituiApp

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "foitui" / "data" / "sample.tsv"
SIZE = (80, 24)
TODAY = date(2026, 11, 25)
# The seed record: a new request that names the earlier one it repeats (FOI 11726).
SHOWCASE_REF = "FOI 12904"


async def settle(pilot: Pilot) -> None:
    """Wait until every worker has finished and its messages are handled."""
    await pilot.pause()
    for _ in range(5):
        if not any(worker.is_running for worker in pilot.app.workers):
            break
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def showcase(store: Store) -> str:
    """The request to picture: the seed record, or the first one that names another."""
    found = store.find(SHOWCASE_REF)
    if found is not None:
        return found
    for request in store.iter_requests():
        if request.references:
            return request.id or "1"
    return store.ids()[0]


async def shoot(app: FoituiApp, request_id: str, out: Path) -> list[Path]:
    written: list[Path] = []

    def save(name: str) -> None:
        app.save_screenshot(name, str(out))
        written.append(out / name)

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        save("list.svg")
        app.open_request(request_id)
        await settle(pilot)
        save("request.svg")
        await pilot.press("enter")
        await settle(pilot)
        save("stepper.svg")
        await pilot.press("x")
        await settle(pilot)
        save("exemptions.svg")
        await pilot.press("escape", "escape", "l")
        await settle(pilot)
        save("link.svg")
        await pilot.press("escape", "escape", "question_mark")
        await settle(pilot)
        save("help.svg")
        await pilot.press("escape", "i")
        await settle(pilot)
        save("stats.svg")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots")
    parser.add_argument("--today", type=date.fromisoformat, default=TODAY)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="foitui-shots-") as tmp:
        store = Store.open(Path(tmp) / "store")
        store.fixed_today = args.today  # every figure, the store's too, counts from this day
        imported, _, errors = load_corpus(store, [SAMPLE], fmt="auto", skip_bad=False)
        if errors:
            raise SystemExit(f"{SAMPLE} has errors: {errors[0]}")
        app = FoituiApp(store, today=args.today, cursor_blink=False, refresh_seconds=3600)
        for path in asyncio.run(shoot(app, showcase(store), args.out)):
            print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    print(f"{imported} sample requests pictured")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
