"""Subject terms and their postings: what a request is about, as words that meet.

Each request's subject terms are picked once, at import, and kept in the store's index (the
`terms` column, space-separated); the `SimilarityIndex` is built from those columns alone and
grows as requests are imported. Pure: text in, terms out. The store holds an index and keeps it
up to date; `foitui.similar` ranks requests with it. So the store imports this module, never the
other way round, and similar.py reads the store from above.

Terms are words folded so that different people's wordings of one request meet: plurals and
tenses ("potholes", "repaired"), possessives, hyphens ("fly-tipping"), UK/US spellings
("license"), and the abbreviations FOI requests use both ways ("PCN", "UAV", "B&B", "EHCP",
"AI"). Boilerplate ("please provide", "Freedom of Information Act") and the authority's own
name (every request to Leeds says "Leeds") are not terms.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import lru_cache
from itertools import chain
from operator import itemgetter

TERMS_PER_REQUEST = 24
QUERY_TERMS = 20
COMMON_SHARE = 0.05  # a term in more than 5% of requests does not tell subjects apart

_TOKEN = re.compile(r"[a-z][a-z0-9&]*(?:'[a-z]+)?")
STOPWORDS = frozenset(
    """the and for any all are was were with this that these those from have has had you your our
    please provide provided information request requests requested requesting council councils
    can could would should which what how many much number numbers details detail copy copies
    including include includes included within under act freedom last years year each per also
    other into their there them they its it's been being such than then made make does did not
    held hold whether who whom where when will may might foi eir foia foisa data dear sir madam
    regards thank thanks following supply like know current currently question questions between
    since period total figures kindly send received response respond answer answers reference ref
    previous previously about over only more most some same very just given give used using use
    well here upon out one two three four five six seven eight nine ten first second third date
    dates month months week weeks day days time times new old list lists breakdown broken down
    financial calendar april march january february june july august september october november
    december i'm i'd i've we're we've you've you're hello cheers faithfully sincerely team
    grateful able wish ask asking asked tell told want wanted interested researching writing
    regarding relating relation related concerning respect following further note noted
    particular per cent percentage proportion whole either both every via etc e.g i.e yes
    did doe done get got let put set see seen say said way ways far case cases based during
    out-of end start recorded record records type types form forms part parts section sections
    regulation regulations environmental scotland england wales northern ireland public body
    authority authorities department trust organisation organization office because kind
    therefore however whilst while although though also again still even ever never always
    often usually already yet now today recent recently most least less lot lots thing things
    something anything nothing everything someone anyone everyone how why what's there's
    which's could've would've should've must shall ought being become became around across
    after before above below along among against towards toward without within throughout
    whose onto off once twice own per cent""".split()
)
# Two-letter words worth keeping (all others are too short to name a subject).
_SHORT = frozenset({"ai", "ev"})


def _word_start(literal: str) -> str:
    r"""`literal` at the start of a word, as ``\bliteral`` says, but written literal first: a
    pattern that starts with ``\b`` makes ``re`` try every position of the text, one that starts
    with a literal (or a choice of literals) lets it skip to the candidates, ten times faster."""
    return rf"{literal}(?<!\w{literal})"


# Abbreviations and spellings that requests use both ways, folded to one term each. Applied to
# lower-cased text before it is split into words; the targets are single words.
_PHRASES: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = tuple(
    # (any of these substrings must occur, pattern, target): the substring test is a fast C
    # scan, so a pattern runs only on texts that can contain it (most texts contain none).
    (guards, re.compile(pattern), target)
    for guards, pattern, target in (
        (
            ("b&", "b & ", "b and b", "b n b", "bed and breakfast"),
            rf"{_word_start('b')}(?:\s*(?:&|and|n)\s*bs?|ed\s+and\s+breakfasts?)\b",
            " bnb ",
        ),
        (
            ("unmanned",),
            rf"{_word_start('unmanned')}\s+(?:aerial\s+vehicles?|aircraft(?:\s+systems?)?)\b",
            " drone ",
        ),
        (
            ("uav", "u.a.v", "rpas"),
            rf"{_word_start('u')}\.?a\.?v\.?s?\b|{_word_start('rpas')}\b",
            " drone ",
        ),
        (
            ("artificial", "a.i."),
            rf"{_word_start('artificial')}\s+intelligence\b|{_word_start('a')}\.i\.",
            " ai ",
        ),
        (
            ("electric", "evs"),
            rf"{_word_start('electric')}\s+(?:vehicles?|cars?)\b|{_word_start('evs')}\b",
            " ev ",
        ),
        (
            ("penalty", "pcns"),
            rf"{_word_start('penalty')}\s+charge\s+notices?\b|{_word_start('pcns')}\b",
            " pcn ",
        ),
        (
            ("penalty", "fpns"),
            rf"{_word_start('fixed')}\s+penalty\s+notices?\b|{_word_start('fpns')}\b",
            " fpn ",
        ),
        (
            ("education",),
            rf"{_word_start('education')},?\s+health\s+and\s+care(?:\s+needs)?(?:\s+plans?)?\b",
            " ehcp ",
        ),
        (
            ("ehc",),
            rf"{_word_start('ehc')}(?:\s+(?:needs\s+)?(?:plans?|assessments?)|ps)\b",
            " ehcp ",
        ),
        (
            ("enforcement", "bailiffs"),
            rf"{_word_start('enforcement')}\s+agents?\b|{_word_start('bailiffs')}\b",
            " bailiff ",
        ),
        (
            ("street",),
            rf"{_word_start('street')}(?:\s*lights?|\s+lighting|lighting)\b",
            " streetlight ",
        ),
        (("fly",), rf"{_word_start('fly')}[\s-]*tipp(?:ing|ed|ers?)\b", " flytipping "),
        (("fly",), rf"{_word_start('fly')}[\s-]*post(?:ing|ed|ers?)\b", " flyposting "),
        (("children",), rf"{_word_start('children')}\b", " child "),
        (("licens",), _word_start("licens"), "licenc"),
    )
)
# Words whose -ing form is a different thing from the verb ("parking" is not "park").
_KEEP = frozenset({"parking", "training", "evening", "morning", "building", "housing"})
_VOWELS = frozenset("aeiou")


def _consonant(word: str, i: int) -> bool:
    if i < 0:  # from the end: the "y" rule below must stop at the first letter
        i += len(word)
    ch = word[i]
    if ch in _VOWELS:
        return False
    if ch == "y":
        return i == 0 or not _consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """Porter's m: the number of vowel-consonant sequences in `stem`."""
    m, previous_vowel = 0, False
    for i, ch in enumerate(stem):
        # _consonant's rule in one pass: a "y" is a vowel after a consonant, never first.
        vowel = ch in _VOWELS or (ch == "y" and i > 0 and not previous_vowel)
        if previous_vowel and not vowel:
            m += 1
        previous_vowel = vowel
    return m


def _cvc(stem: str) -> bool:
    n = len(stem)
    return (
        n >= 3
        and _consonant(stem, n - 3)
        and not _consonant(stem, n - 2)
        and _consonant(stem, n - 1)
        and stem[-1] not in "wxy"
    )


def _has_vowel(stem: str) -> bool:
    """Whether `stem` has a vowel in Porter's sense: one of "aeiou", or a "y" after a consonant,
    which any "y" past the first letter of a word without "aeiou" is."""
    return not _VOWELS.isdisjoint(stem) or "y" in stem[1:]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, readable stem: Porter's steps 1a, 1b and 5a, plus "-ment".

    Folds "potholes"/"pothole", "repaired"/"repairing"/"repairs", "charged"/"charges",
    "deployment"/"deployed", but keeps most words recognisable ("authority", "charg").
    """
    if len(word) <= 3 or word in _KEEP or not word.isalpha():
        return word
    # Each step's suffixes end in one letter: testing it first skips the endswith calls of
    # the steps that cannot apply (most words take none of them).
    if word[-1] == "s":  # 1a: plurals
        if word.endswith("sses"):
            word = word[:-2]
        elif word.endswith("ies") and len(word) > 4:
            word = word[:-3] + "y"
        elif not word.endswith(("ss", "us", "is")):
            word = word[:-1]
    last = word[-1]
    if last == "g" and word.endswith("ing"):  # 1b: -ed, -ing
        word = _strip_tense(word, 3)
    elif last == "d" and word.endswith("ed") and not word.endswith("eed"):
        word = _strip_tense(word, 2)
    # -ment, when what is left is still a word of some length ("deployment" -> "deploy")
    if word[-1] == "t" and word.endswith("ment") and _measure(word[:-4]) > 1:
        word = word[:-4]
    # 5a: a final e
    if word[-1] == "e" and len(word) > 4:
        base = word[:-1]
        m = _measure(base)
        if m > 1 or (m == 1 and not _cvc(base)):
            word = base
    return word


def _strip_tense(word: str, suffix: int) -> str:
    """Porter's step 1b: `word` without its "-ing"/"-ed" (`suffix` letters long), when what is
    left has a vowel and three letters, with the ending that makes it a word again."""
    base = word[:-suffix]
    if len(base) < 3 or not _has_vowel(base):
        return word
    if base.endswith("i") and _consonant(base, -2):
        return base[:-1] + "y"  # "supplied" -> "supply", as "supplies" does
    if base.endswith(("at", "bl", "iz")):
        return base + "e"
    if base[-1] == base[-2] and base[-1] not in "lsz" and _consonant(base, -1):
        return base[:-1]
    if _measure(base) == 1 and _cvc(base):
        return base + "e"
    return base


def _fold(text: str) -> str:
    text = text.lower().replace("’", "'").replace("-", " ")
    for guards, pattern, target in _PHRASES:
        for guard in guards:  # a plain loop: any() over a generator costs more than the scans
            if guard in text:
                text = pattern.sub(target, text)
                break
    return text


def _word_of(token: str) -> tuple[str, str] | None:
    """A token's word and stem, or None when it is never a subject word (too short, a stopword,
    "m&s")."""
    if token.endswith("'s"):
        token = token[:-2]
    token = token.replace("'", "")
    if (len(token) < 3 and token not in _SHORT) or token in STOPWORDS:
        return None
    if "&" in token:  # "m&s": B&B alone is a subject, folded to "bnb" above
        return None
    stemmed = stem(token)
    if stemmed in STOPWORDS:
        return None
    return token, stemmed


@lru_cache(maxsize=65536)
def _chunk_words(chunk: str) -> tuple[tuple[str, str], ...]:
    """The (word, stem) pairs of one whitespace-free piece of folded text ("council's,").
    Tokens never hold whitespace, so a text's tokens are its pieces' tokens in order; and
    pieces repeat (a text's words are mostly common ones), so each is tokenized and stemmed
    once, not once per occurrence."""
    if chunk.isalpha() and chunk.isascii():  # a plain word (letters of folded text are a-z)
        found = _word_of(chunk)
        return (found,) if found else ()
    return tuple(filter(None, map(_word_of, _TOKEN.findall(chunk))))


def words(text: str, *, skip: Iterable[str] = ()) -> list[str]:
    """The text's subject words, stemmed, in order; stopwords and `skip` words left out."""
    skip = skip if isinstance(skip, frozenset) else frozenset(skip)
    found = chain.from_iterable(map(_chunk_words, _fold(text).split()))
    if not skip:
        return [stemmed for _, stemmed in found]
    return [stemmed for word, stemmed in found if word not in skip and stemmed not in skip]


@lru_cache(maxsize=4096)
def authority_words(authority: str | None) -> frozenset[str]:
    """Words of an authority's name and its initials ("Greater Manchester Police": "gmp"),
    which every request to it shares and so say nothing about the subject. Cached: a corpus
    names a few hundred authorities."""
    if not authority:
        return frozenset()
    tokens = [t for t in _TOKEN.findall(_fold(authority)) if t not in {"and", "of", "the"}]
    found = {stem(t.replace("'", "")) for t in tokens if len(t) >= 3}
    found.update(t.replace("'", "") for t in tokens if len(t) >= 3)
    if len(tokens) >= 2:
        found.add("".join(t[0] for t in tokens))
    return frozenset(found)


def subject_terms(
    title: str, text: str, limit: int = TERMS_PER_REQUEST, *, authority: str | None = None
) -> list[str]:
    """The words that say what a request is about: frequent in it, title words counted twice
    more, the authority's own name left out."""
    skip = authority_words(authority)
    counts: Counter[str] = Counter(words(text, skip=skip))
    for word in words(title, skip=skip):
        counts[word] += 2
    # Most frequent first, first-seen first among equal counts (a stable sort): what
    # counts.most_common(limit) gives (none for a limit below 1), without its heap loop in
    # Python over every word.
    ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)
    return [term for term, _ in ranked[: max(limit, 0)]]


def id_order(rid: str) -> int:
    return int(rid) if rid.isdigit() else 0


class SimilarityIndex:
    """Postings of subject terms, extended in place as requests are imported."""

    def __init__(self) -> None:
        self.terms: dict[str, tuple[str, ...]] = {}
        self.postings: dict[str, list[str]] = {}
        # Stem -> a word it stands for, for showing reasons (display_terms).
        self.surface: dict[str, str] = {}
        # IDF of every term and norm of every request, for the size they were computed at.
        self._cache: tuple[int, dict[str, float], dict[str, float]] | None = None

    def add(self, request_id: str, terms: Iterable[str]) -> None:
        unique = tuple(dict.fromkeys(terms))
        self.terms[request_id] = unique
        for term in unique:
            self.postings.setdefault(term, []).append(request_id)

    def __len__(self) -> int:
        return len(self.terms)

    def _weights(self) -> tuple[dict[str, float], dict[str, float]]:
        """IDFs and norms, computed in one pass when the index has grown since the last one
        (about 0.3 s at 100,000 requests), so that a query does no logarithms."""
        cache = self._cache
        if cache is None or cache[0] != len(self.terms):
            # Snapshots: another thread may be adding requests (tuple() copies in one step).
            terms = tuple(self.terms.items())
            postings = tuple(self.postings.items())
            total = len(terms) + 1
            log = math.log
            idf = {t: log(total / (len(ids) + 0.5)) for t, ids in postings}
            square = {t: v * v for t, v in idf.items()}.__getitem__
            norms = {rid: math.sqrt(sum(map(square, ts))) or 1.0 for rid, ts in terms}
            cache = self._cache = (len(terms), idf, norms)
        return cache[1], cache[2]

    def idf(self, term: str) -> float:
        idf = self._weights()[0].get(term)
        return idf if idf is not None else math.log((len(self.terms) + 1) / 0.5)

    def norm(self, request_id: str) -> float:
        return self._weights()[1].get(request_id, 1.0)

    def score(self, a: str, b: str) -> tuple[float, list[str]]:
        """The cosine of two requests' term sets, and their shared terms, rarest first.

        Every shared term counts here, even one too common for `ranked` to look up."""
        idf, norms = self._weights()
        mine, theirs = self.terms.get(a, ()), set(self.terms.get(b, ()))
        shared = sorted((t for t in mine if t in theirs), key=lambda t: -idf.get(t, 0.0))
        if not shared or a == b:
            return 0.0, shared
        dot = sum(idf.get(t, 0.0) ** 2 for t in shared)
        return dot / (norms.get(a, 1.0) * norms.get(b, 1.0)), shared

    def ranked(self, request_id: str, limit: int) -> list[tuple[str, float, list[str]]]:
        """The `limit` most similar requests: (id, cosine, up to 4 shared terms, rarest first)."""
        mine = self.terms.get(request_id, ())
        if not mine:
            return []
        idf, norms = self._weights()
        too_common = max(50, int(len(self.terms) * COMMON_SHARE))
        query = sorted(mine, key=lambda t: -idf.get(t, 0.0))[:QUERY_TERMS]
        scores: defaultdict[str, float] = defaultdict(float)
        used = []
        for term in query:
            postings = self.postings.get(term, ())
            if len(postings) > too_common:
                continue
            used.append(term)
            weight = idf.get(term, 0.0) ** 2
            for other in postings:
                scores[other] += weight
        scores.pop(request_id, None)
        norm = norms.get
        normed = {other: raw / norm(other, 1.0) for other, raw in scores.items()}
        # A few more than asked, then ties ordered by id (length first: ids sort as numbers).
        top = heapq.nlargest(limit + 8, normed.items(), key=itemgetter(1))
        top.sort(key=lambda item: (-item[1], len(item[0]), item[0]))
        mine_norm = norms.get(request_id, 1.0)
        out = []
        for other, value in top[:limit]:
            theirs = set(self.terms.get(other, ()))
            out.append((other, value / mine_norm, [t for t in used if t in theirs][:4]))
        return out


SHOWN_NAMES = {"bnb": "B&B", "ai": "AI", "ev": "EV", "pcn": "PCN", "fpn": "FPN", "ehcp": "EHCP"}


def surfaces(texts: Iterable[str]) -> dict[str, str]:
    """Each stem of `texts` -> the first word it came from."""
    surface: dict[str, str] = {}
    for text in texts:
        for token in _TOKEN.findall(_fold(text)):
            token = token.removesuffix("'s").replace("'", "")
            surface.setdefault(stem(token), token)
    return surface


def readable(terms: Iterable[str], *texts: str) -> list[str]:
    """Terms as people wrote them: a stem shown as the first word of `texts` it came from
    ("charg" -> "charges"), else as the stem itself."""
    surface = surfaces(texts)
    return [SHOWN_NAMES.get(t) or surface.get(t, t) for t in terms]
