"""Normalisation that keeps the way back: every character of the normalised text knows the span of the
original characters it came from, so evidence offsets point into the article as decoded.

NFC (some sites publish NFD), one tone-mark convention (Uỷ -> Ủy, hoà -> hòa), NBSP and zero-width
characters, CRLF, doubled spaces, typographic quotes, dashes and the ellipsis.
"""
from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass
from typing import Sequence

from ..lexicon import modern_tones

_DROP = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad"}
_MAP = {
    "\u00a0": " ", "\u2007": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\u3000": " ",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2018": "'", "\u2019": "'", "\u02bc": "'",
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u2026": "...", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\u0085": "\n",
}


_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_SPECIAL = re.compile("[" + _COMBINING + re.escape("".join(_DROP | set(_MAP))) + "]| {2,}| \n|\n ")


@dataclass(frozen=True)
class Normalised:
    text: str
    starts: Sequence[int]  # for each character of text: the start of its original span
    ends: Sequence[int]  # ... and its end (exclusive)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end)."""
        if end <= start:
            o = self.starts[start] if start < len(self.starts) else (self.ends[-1] if len(self.ends) else 0)
            return o, o
        return self.starts[start], self.ends[end - 1]


def normalise(original: str) -> Normalised:
    """Clean stretches are copied whole; only the places that need a change go character by character."""
    out: list[str] = []
    starts, ends = array("l"), array("l")
    n, pos, last = len(original), 0, ""
    for m in _SPECIAL.finditer(original):
        a = max(m.start(), pos)
        if a >= m.end():
            continue
        if unicodedata.combining(original[a]) and a > pos:
            a -= 1  # a combining mark belongs to the character before it
        if a > pos:
            last = _copy(original, pos, a, out, starts, ends, last)
        b = m.end()
        while b < n and unicodedata.combining(original[b]):
            b += 1
        last, pos = _slow(original, a, b, out, starts, ends, last)
    if pos < n:
        _copy(original, pos, n, out, starts, ends, last)
    text = "".join(out)
    modern = modern_tones(text)
    if len(modern) == len(text):  # the tone fix is length-preserving; offsets stay valid
        text = modern
    return Normalised(text, starts, ends)


def _copy(original: str, a: int, b: int, out: list, starts, ends, last: str) -> str:
    """A clean stretch, copied whole; only its first character may meet the space rules."""
    while a < b and (original[a] == " " and last in (" ", "\n") or original[a] == "\n" and last == " "):
        last, a = _slow(original, a, a + 1, out, starts, ends, last)
    if a >= b:
        return last
    out.append(original[a:b])
    starts.extend(range(a, b))
    ends.extend(range(a + 1, b + 1))
    return original[b - 1]


def _slow(original: str, i: int, stop: int, out: list, starts, ends, last: str) -> str:
    while i < stop:
        c = original[i]
        j = i + 1
        while j < len(original) and unicodedata.combining(original[j]):
            j += 1
        if c == "\r" and j < len(original) and original[j] == "\n":  # CRLF -> one newline
            j += 1
            piece = "\n"
        elif c in _DROP:
            i = j
            continue
        else:
            piece = unicodedata.normalize("NFC", _MAP.get(c, c) + original[i + 1:j]) if j > i + 1 else _MAP.get(c, c)
        if piece == " " and last in (" ", "\n"):  # doubled spaces, and spaces after a newline
            i = j
            continue
        if piece == "\n" and last == " ":  # a trailing space before a newline
            out[-1] = out[-1][:-1]
            starts.pop()
            ends.pop()
        out.append(piece)
        for _ in piece:
            starts.append(i)
            ends.append(j)
        last = piece[-1]
        i = j
    return last, i
