"""Request references as keys: "FOI/2023/0456", "foi 2023/456" and "FOI-2023-0456" are one case.

Pure functions used wherever a reference is compared: the store's ref index, link targets and
the resolution of references found in texts.
"""

from __future__ import annotations

import re
import unicodedata

_PART = re.compile(r"[A-Za-z]+|\d+")


def _number(part: str) -> str:
    """A run of digits without its leading zeros, as ASCII: like ``str(int(part))``, without
    int's limit of 4,300 digits (a 5,000-digit "reference" failed with ValueError)."""
    if not part.isascii():
        part = "".join(str(unicodedata.decimal(ch)) for ch in part)
    return part.lstrip("0") or "0"


def ascii_number(text: str, *, digits: int = 18) -> int | None:
    """`text` as a number when it is ASCII digits only (at most `digits` of them), else None.

    ``"²".isdigit()`` is true and ``int("²")`` fails; Arabic-Indic digits are digits to int:
    an id typed by a person is ASCII digits or it is not an id."""
    text = text.strip()
    if text.isascii() and text.isdigit() and len(text) <= digits:
        return int(text)
    return None


def ref_key(text: str) -> str:
    """A spelling-independent key: scheme letters upper case, numbers without leading zeros.

    >>> ref_key("FOI/2023/0456") == ref_key("foi 2023-456")
    True
    """
    parts = []
    for part in _PART.findall(text):
        parts.append(part.upper() if part.isalpha() else _number(part))
    return "|".join(parts)


def number_key(text: str) -> str:
    """The numeric parts only, so that a bare "11726" can find "FOI 11726"."""
    return "|".join(_number(p) for p in _PART.findall(text) if p.isdigit())
