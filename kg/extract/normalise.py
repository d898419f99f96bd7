"""Normalisation that keeps the way back: every character of the normalised text knows the span of the
original characters it came from, so evidence offsets point into the article as decoded.

NFC (some sites publish NFD), one tone-mark convention (Uỷ -> Ủy, hoà -> hòa), NBSP and zero-width
characters, CRLF, doubled spaces, typographic quotes, dashes and the ellipsis.
"""
from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

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


class OffsetMap:
    """Where each normalised character came from, as segments: a clean stretch maps one to one (one segment
    for thousands of characters), a changed character maps to the span it replaced."""

    def __init__(self):
        self.n: list[int] = []  # normalised start of each segment
        self.o: list[int] = []  # original start
        self.end: list[int] = []  # original end of a one-character segment; -1 for a one-to-one stretch
        self.size = 0  # normalised characters so far

    def stretch(self, a: int, b: int) -> None:
        self.n.append(self.size), self.o.append(a), self.end.append(-1)
        self.size += b - a

    def char(self, a: int, b: int) -> None:
        self.n.append(self.size), self.o.append(a), self.end.append(b)
        self.size += 1

    def pop(self) -> None:
        """Forget the last character."""
        self.size -= 1
        if self.n[-1] == self.size:
            self.n.pop(), self.o.pop(), self.end.pop()

    def start(self, i: int) -> int:
        k = bisect.bisect_right(self.n, i) - 1
        return self.o[k] + (i - self.n[k] if self.end[k] < 0 else 0)

    def stop(self, i: int) -> int:
        """The original end of normalised character i."""
        k = bisect.bisect_right(self.n, i) - 1
        return self.o[k] + i - self.n[k] + 1 if self.end[k] < 0 else self.end[k]


@dataclass(frozen=True)
class Normalised:
    text: str
    offsets: OffsetMap

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end)."""
        if not self.text:
            return 0, 0
        if end <= start:
            o = self.offsets.start(start) if start < len(self.text) else self.offsets.stop(len(self.text) - 1)
            return o, o
        return self.offsets.start(start), self.offsets.stop(end - 1)

    @property
    def starts(self) -> list[int]:  # per character: the start of its original span
        return [self.offsets.start(i) for i in range(len(self.text))]

    @property
    def ends(self) -> list[int]:  # ... and its end
        return [self.offsets.stop(i) for i in range(len(self.text))]


def normalise(original: str) -> Normalised:
    """Clean stretches are copied whole; only the places that need a change go character by character."""
    out: list[str] = []
    offsets = OffsetMap()
    n, pos, last = len(original), 0, ""
    for m in _SPECIAL.finditer(original):
        a = max(m.start(), pos)
        if a >= m.end():
            continue
        if unicodedata.combining(original[a]) and a > pos:
            a -= 1  # a combining mark belongs to the character before it
        if a > pos:
            last = _copy(original, pos, a, out, offsets, last)
        b = m.end()
        while b < n and unicodedata.combining(original[b]):
            b += 1
        last, pos = _slow(original, a, b, out, offsets, last)
    if pos < n:
        _copy(original, pos, n, out, offsets, last)
    text = "".join(out)
    modern = modern_tones(text)
    if len(modern) == len(text):  # the tone fix is length-preserving; offsets stay valid
        text = modern
    return Normalised(text, offsets)


def _copy(original: str, a: int, b: int, out: list, offsets: OffsetMap, last: str) -> str:
    """A clean stretch, copied whole; only its first character may meet the space rules."""
    while a < b and (original[a] == " " and last in (" ", "\n") or original[a] == "\n" and last == " "):
        last, a = _slow(original, a, a + 1, out, offsets, last)
    if a >= b:
        return last
    out.append(original[a:b])
    offsets.stretch(a, b)
    return original[b - 1]


def _slow(original: str, i: int, stop: int, out: list, offsets: OffsetMap, last: str) -> tuple[str, int]:
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
            offsets.pop()
        out.append(piece)
        for _ in piece:
            offsets.char(i, j)
        last = piece[-1]
        i = j
    return last, i
