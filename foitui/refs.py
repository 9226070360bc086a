"""Request references as keys: "FOI/2023/0456", "foi 2023/456" and "FOI-2023-0456" are one case.

Pure functions used wherever a reference is compared: the store's ref index, link targets and
the resolution of references found in texts.
"""

from __future__ import annotations

import re

_PART = re.compile(r"[A-Za-z]+|\d+")


def ref_key(text: str) -> str:
    """A spelling-independent key: scheme letters upper case, numbers without leading zeros.

    >>> ref_key("FOI/2023/0456") == ref_key("foi 2023-456")
    True
    """
    parts = []
    for part in _PART.findall(text):
        parts.append(part.upper() if part.isalpha() else str(int(part)))
    return "|".join(parts)


def number_key(text: str) -> str:
    """The numeric parts only, so that a bare "11726" can find "FOI 11726"."""
    return "|".join(str(int(p)) for p in _PART.findall(text) if p.isdigit())
