"""Normalisation that keeps the way back: every character of the normalised text knows the span of the
original characters it came from, so evidence offsets point into the article as decoded.

NFC (some sites publish NFD), one tone-mark convention (Uỷ -> Ủy, hoà -> hòa), NBSP and zero-width
characters, CRLF, doubled spaces, typographic quotes, dashes and the ellipsis.
"""
from __future__ import annotations

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


@dataclass(frozen=True)
class Normalised:
    text: str
    starts: tuple[int, ...]  # for each character of text: the start of its original span
    ends: tuple[int, ...]  # ... and its end (exclusive)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original offsets of the normalised span [start, end)."""
        if end <= start:
            o = self.starts[start] if start < len(self.starts) else (self.ends[-1] if self.ends else 0)
            return o, o
        return self.starts[start], self.ends[end - 1]


def normalise(original: str) -> Normalised:
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    n = len(original)
    i = 0
    while i < n:
        c = original[i]
        # a base character with its combining marks is one cluster, composed with NFC
        j = i + 1
        while j < n and unicodedata.combining(original[j]):
            j += 1
        if c == "\r" and j < n and original[j] == "\n":  # CRLF -> one newline
            j += 1
            piece = "\n"
        elif c in _DROP:
            i = j
            continue
        else:
            piece = unicodedata.normalize("NFC", _MAP.get(c, c) + original[i + 1:j]) if j > i + 1 else _MAP.get(c, c)
        if piece == " " and out and out[-1] in " \n":  # doubled spaces, and spaces after a newline
            i = j
            continue
        if piece == "\n" and out and out[-1] == " ":  # trailing space before a newline
            out.pop(), starts.pop(), ends.pop()
        for ch in piece:
            out.append(ch)
            starts.append(i)
            ends.append(j)
        i = j
    text = "".join(out)
    modern = modern_tones(text)
    if len(modern) == len(text):  # the tone fix is length-preserving; offsets stay valid
        text = modern
    return Normalised(text, tuple(starts), tuple(ends))
