"""A deterministic synthetic corpus of N realistic requests, in the real TSV format.

Every record is one of the sample corpus's records (foitui/data/sample.tsv) used as a template, with
seeded substitutions: its own reference becomes a new one unique in the corpus (in the
template's style, e.g. ``FOI-2025-100042``), the authority becomes another of the same kind
(council, Scottish council, police force, NHS trust), years move with the new received date
(spread over two years, in order), counts and amounts are jittered, some topic words are
swapped, and references to other sample cases point at earlier records made from the same
template (prior iterations), so the corpus has resolvable prior-case references. Records keep
the sample's shape and size: HTML cells, continuation lines, a few blank lines, the end mark.

Files are cached in bench/.cache/ by size, seed and a hash of the sample, and reused.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from foitui.commands import sample_corpus
from foitui.importing import read_records

#: Bump when the generator changes, so cached corpora are regenerated.
GENERATOR_VERSION = 1
DEFAULT_SEED = 6
CACHE_DIR = Path(__file__).resolve().parent / ".cache"
COLUMNS = ("ref", "title", "authority", "received", "law", "status", "request", "response")
END_MARK = "--\t--"

#: Received dates are spread over the two years before this day.
CORPUS_END = date(2026, 11, 30)
SPAN_DAYS = 730
#: New references end in SERIAL_BASE + record number: longer than any sample reference's
#: number, so a reference left pointing at a sample case never names a synthetic one.
SERIAL_BASE = 100_000

COUNCILS = (
    "Wigan Council",
    "Leeds City Council",
    "Cornwall Council",
    "Bristol City Council",
    "Cardiff Council",
    "Belfast City Council",
    "Kent County Council",
    "Birmingham City Council",
    "Sheffield City Council",
    "Norfolk County Council",
    "Swansea Council",
    "Manchester City Council",
    "Devon County Council",
    "Liverpool City Council",
    "Nottingham City Council",
    "Lancashire County Council",
    "Brighton and Hove City Council",
    "Newcastle City Council",
    "Cheshire East Council",
    "Derry City and Strabane District Council",
)
SCOTTISH_COUNCILS = (
    "Glasgow City Council",
    "City of Edinburgh Council",
    "Aberdeen City Council",
    "Dundee City Council",
    "Fife Council",
    "Highland Council",
    "North Lanarkshire Council",
    "Stirling Council",
)
POLICE = (
    "Greater Manchester Police",
    "West Yorkshire Police",
    "Merseyside Police",
    "Thames Valley Police",
    "Avon and Somerset Police",
    "Kent Police",
    "South Wales Police",
    "Northumbria Police",
)
NHS_TRUSTS = (
    "Manchester University NHS Foundation Trust",
    "Leeds Teaching Hospitals NHS Trust",
    "Sheffield Teaching Hospitals NHS Foundation Trust",
    "University Hospitals Bristol and Weston NHS Foundation Trust",
    "Newcastle upon Tyne Hospitals NHS Foundation Trust",
    "Cardiff and Vale University Health Board",
)

#: Topic words and what they may become (first letter's case is kept).
TOPIC_SWAPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pothole", ("road defect", "carriageway defect")),
    ("fly-tipping", ("illegal dumping", "fly-tipping")),
    ("drones", ("unmanned aircraft", "drones")),
    ("agency staff", ("interim staff", "contract staff")),
    ("artificial intelligence", ("machine learning", "automated decision-making")),
    ("social workers", ("occupational therapists", "family support workers")),
    ("recycling", ("food waste", "garden waste")),
    ("temporary accommodation", ("emergency accommodation", "bed and breakfast accommodation")),
    ("empty homes", ("vacant dwellings", "empty properties")),
)

#: Extra prior-case sentences for records whose template names no other case.
PRIOR_REQUEST_LINES = (
    "<p>This request follows on from my earlier request {ref}.</p>",
    "<p>Please see also my previous request, your reference {ref}.</p>",
    "<p>I refer to your response to {ref} and would like updated figures.</p>",
)
PRIOR_RESPONSE_LINES = (
    "<p>Some of this information was provided in our response to {ref}.</p>",
    "<p>Please note that a similar request was answered under reference {ref}.</p>",
)

_YEAR = re.compile(r"(?<![\d£])((?:19|20)\d\d)(?:/(\d\d))?(?![\d/])")
_NUMBER = re.compile(r"(?<![\w£.,/-])(\d{1,3}(?:,\d{3})+|[1-9]\d{2,})(?![\w%/-]|[.,]\d)")
_STATUTORY = frozenset({"450", "600"})
_PLACE_SUFFIXES = (" City Council", " County Council", " District Council", " Council", " Police")


@dataclass(frozen=True, slots=True)
class RefSlot:
    """Where a template names a sample reference; `tags` are HTML tags inside the match."""

    sample_ref: str
    tags: str


#: A template cell cut at its references: text (HTML included) and reference slots.
Pieces = tuple[str | RefSlot, ...]


@dataclass(frozen=True, slots=True)
class Template:
    index: int
    fields: dict[str, str]
    received: date
    authority_pool: tuple[str, ...]
    request: Pieces
    response: Pieces


@dataclass(frozen=True, slots=True)
class CorpusFile:
    path: Path
    records: int
    bytes: int

    @property
    def bytes_per_record(self) -> float:
        return self.bytes / max(self.records, 1)


def place_of(authority: str) -> str | None:
    """The place an authority is named after ("Leeds City Council" -> "Leeds"), if any."""
    name = authority.removeprefix("City of ")
    for suffix in _PLACE_SUFFIXES:
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return None


def _pool_for(authority: str, law: str) -> tuple[str, ...]:
    if law == "foisa" or authority in SCOTTISH_COUNCILS:
        return SCOTTISH_COUNCILS
    if authority.endswith("Police"):
        return POLICE
    if "NHS" in authority:
        return NHS_TRUSTS
    if authority.endswith("Council"):
        return COUNCILS
    return (authority,)  # national bodies stay themselves


def load_templates(sample: Path | None = None) -> list[Template]:
    """The sample's records, each cut once at the references it names."""
    records, errors = read_records(sample or sample_corpus(), "tsv")
    if errors:
        raise ValueError(f"the sample corpus has bad records: {errors[0]}")
    raw = [{name: record.fields.get(name, "") for name in COLUMNS} for record in records]
    ordered = sorted({f["ref"] for f in raw if f["ref"]}, key=len, reverse=True)
    ref_regex = re.compile("|".join(f"({_ref_pattern(r)})" for r in ordered))

    def cut(html: str) -> Pieces:
        pieces: list[str | RefSlot] = []
        position = 0
        for match in ref_regex.finditer(html):
            pieces.append(html[position : match.start()])
            tags = "".join(re.findall(r"<[^>]*>", match.group(0)))
            pieces.append(RefSlot(ordered[(match.lastindex or 1) - 1], tags))
            position = match.end()
        pieces.append(html[position:])
        return tuple(pieces)

    return [
        Template(
            index=index,
            fields=fields,
            received=date.fromisoformat(fields["received"]),
            authority_pool=_pool_for(fields["authority"], fields["law"]),
            request=cut(fields["request"]),
            response=cut(fields["response"]),
        )
        for index, fields in enumerate(raw)
    ]


def _ref_pattern(ref: str) -> str:
    """A sample reference as it may appear in HTML: tags or spaces may sit between its parts."""
    parts = [re.escape(part) for part in ref.split(" ")]
    return r"(?<![\w/-])" + r"(?:\s|&nbsp;|<[^>]*>)+".join(parts) + r"(?![\w]|/\d)"


def restyle_ref(template_ref: str, serial: int, year: int) -> str:
    """A new reference in the template's style: its last number becomes `serial`, its year `year`.

    >>> restyle_ref("FOIR/26/1034", 100042, 2025)
    'FOIR/25/100042'
    """
    pieces = re.split(r"(\d+)", template_ref)
    digit_positions = [i for i, piece in enumerate(pieces) if piece.isdigit()]
    for i in digit_positions[:-1]:
        piece = pieces[i]
        if len(piece) == 4 and piece.startswith(("19", "20")):
            pieces[i] = str(year)
        elif len(piece) == 2:
            pieces[i] = f"{year % 100:02d}"
    last = digit_positions[-1]
    pieces[last] = str(serial).zfill(len(pieces[last]))
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class _Choices:
    """What one record changes in its template."""

    index: int
    ref: str
    authority: str
    received: date
    swaps: tuple[tuple[str, str], ...]


class _Generator:
    def __init__(self, templates: list[Template], n: int, seed: int) -> None:
        self.templates = templates
        self.rng = random.Random(f"foitui-bench-{seed}-{n}-{GENERATOR_VERSION}")
        self.template_of_ref = {t.fields["ref"]: t.index for t in templates if t.fields["ref"]}
        self.refs: list[str] = []
        self.by_template: dict[int, list[int]] = {}
        start = CORPUS_END - timedelta(days=SPAN_DAYS)
        self.dates = sorted(start + timedelta(days=self.rng.randrange(SPAN_DAYS)) for _ in range(n))

    def record(self, i: int) -> dict[str, str]:
        rng = self.rng
        template = rng.choice(self.templates)
        fields = template.fields
        received = self.dates[i]
        swaps = tuple(
            (word, rng.choice(options))
            for word, options in TOPIC_SWAPS
            if rng.random() < 0.5 and word in fields["request"].lower()
        )
        choices = _Choices(
            index=i,
            ref=restyle_ref(fields["ref"] or "FOI 1", SERIAL_BASE + i, received.year),
            authority=rng.choice(template.authority_pool),
            received=received,
            swaps=swaps,
        )
        request = self._fill(template.request, template, choices)
        response = self._fill(template.response, template, choices)
        if i > 0 and rng.random() < 0.08:
            line = rng.choice(PRIOR_REQUEST_LINES)
            request += " " + line.format(ref=self.refs[self._recent(i)])
        if i > 0 and response and rng.random() < 0.04:
            line = rng.choice(PRIOR_RESPONSE_LINES)
            response += " " + line.format(ref=self.refs[self._recent(i)])
        self.refs.append(choices.ref)
        self.by_template.setdefault(template.index, []).append(i)
        return {
            "ref": choices.ref,
            "title": self._words(fields["title"], template, choices),
            "authority": choices.authority,
            "received": received.isoformat(),
            "law": fields["law"],
            "status": fields["status"],
            "request": request,
            "response": response,
        }

    def _recent(self, i: int) -> int:
        """An earlier record, usually a recent one (weeks to months before)."""
        return max(0, i - 1 - int(self.rng.expovariate(1 / 300)))

    def _prior_for(self, sample_ref: str) -> str | None:
        """The reference of an earlier record made from the template `sample_ref` names."""
        earlier = self.by_template.get(self.template_of_ref[sample_ref], [])
        if not earlier:
            return None
        return self.refs[self.rng.choice(earlier[-3:])]

    def _fill(self, pieces: Pieces, template: Template, choices: _Choices) -> str:
        out = []
        for piece in pieces:
            if isinstance(piece, str):
                out.append(self._words(piece, template, choices))
            elif piece.sample_ref == template.fields["ref"]:
                out.append(piece.tags + choices.ref)
            else:
                # A prior case: an earlier record from the template named, else left external.
                out.append(piece.tags + (self._prior_for(piece.sample_ref) or piece.sample_ref))
        return "".join(out)

    def _words(self, text: str, template: Template, choices: _Choices) -> str:
        old_authority = template.fields["authority"]
        if choices.authority != old_authority:
            text = text.replace(old_authority, "\x01")
            old_place, new_place = place_of(old_authority), place_of(choices.authority)
            if old_place and new_place and old_place in text:
                text = re.sub(rf"\b{re.escape(old_place)}\b", new_place, text)
            text = text.replace("\x01", choices.authority)
        shift = choices.received.year - template.received.year
        if shift:
            text = _YEAR.sub(lambda m: _shift_year(m, shift), text)
        text = _NUMBER.sub(self._jitter, text)
        for word, new in choices.swaps:
            text = _swap(text, word, new)
        return text

    def _jitter(self, match: re.Match[str]) -> str:
        digits = match.group(0)
        plain = digits.replace(",", "")
        if plain in _STATUTORY or (len(plain) == 4 and plain.startswith(("19", "20"))):
            return digits
        value = max(1, round(int(plain) * self.rng.uniform(0.5, 1.5)))
        return f"{value:,}" if "," in digits else str(value)


def _shift_year(match: re.Match[str], shift: int) -> str:
    year = int(match.group(1)) + shift
    if match.group(2) is None:
        return str(year)
    return f"{year}/{(int(match.group(2)) + shift) % 100:02d}"


def _swap(text: str, word: str, new: str) -> str:
    def keep_case(match: re.Match[str]) -> str:
        found = match.group(0)
        return new[0].upper() + new[1:] if found[0].isupper() else new

    return re.sub(rf"\b{re.escape(word)}", keep_case, text, flags=re.IGNORECASE)


def _tsv_lines(record: dict[str, str], blank_before_continuation: bool) -> list[str]:
    """One record as TSV lines: the response's later lines become continuation lines."""
    cells = {k: " ".join(v.split("\t")) for k, v in record.items()}
    first, *rest = cells["response"].split("\n")
    row = [cells[name] for name in COLUMNS[:-1]] + [first]
    lines = ["\t".join(" ".join(cell.split("\n")) for cell in row)]
    for extra in rest:
        if blank_before_continuation:
            lines.append("")
        lines.append(f"\t{extra}")
    return lines


def generate(n: int, seed: int = DEFAULT_SEED, sample: Path | None = None) -> list[dict[str, str]]:
    """N synthetic records (cell name -> text), the same for the same n, seed and sample."""
    generator = _Generator(load_templates(sample), n, seed)
    return [generator.record(i) for i in range(n)]


def write_tsv(records: list[dict[str, str]], path: Path, *, seed: int = DEFAULT_SEED) -> None:
    rng = random.Random(f"layout-{seed}-{len(records)}")
    lines = ["", "", "\t".join(c.upper() for c in COLUMNS)]
    for record in records:
        lines.extend(_tsv_lines(record, blank_before_continuation=rng.random() < 0.5))
        if rng.random() < 0.05:
            lines.append("")
    lines.append(END_MARK)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _sample_digest(sample: Path) -> str:
    return hashlib.sha256(sample.read_bytes()).hexdigest()[:10]


def corpus_file(
    n: int,
    *,
    seed: int = DEFAULT_SEED,
    cache_dir: Path = CACHE_DIR,
    on_generate: Callable[[int], None] | None = None,
) -> CorpusFile:
    """The cached corpus of `n` records, generated first when it is not there yet."""
    sample = sample_corpus()
    name = f"corpus-{n}-seed{seed}-v{GENERATOR_VERSION}-{_sample_digest(sample)}.tsv"
    path = cache_dir / name
    if not path.is_file():
        if on_generate is not None:
            on_generate(n)
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_tsv(generate(n, seed, sample), path, seed=seed)
    return CorpusFile(path=path, records=n, bytes=path.stat().st_size)


def sample_stats() -> CorpusFile:
    """The sample corpus's own size, to show beside the synthetic one's."""
    sample = sample_corpus()
    records, _ = read_records(sample, "tsv")
    return CorpusFile(path=sample, records=len(records), bytes=sample.stat().st_size)
