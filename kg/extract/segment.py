"""Document structure: title, dateline, body sentences, photo captions (repeated copies dropped), photo
credits and lead markers cut off, and the "Đọc thêm" block of teasers, each teaser its own small story.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass

from ..lexicon import UPPER, Lexicon, fold, strip_marks
from .normalise import Normalised

_LEAD = re.compile(r"^\s*\((?:[A-ZĐ][\w.]{1,15})\)\s*-\s*")  # "(PLVN) - ", "(PLVN) -Sáng"
_DATELINE = re.compile(r"^(?:[^\d]{0,20})?(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s*[-,|]?\s*\d{1,2}[:h]\d{2})?"
                       r"(?:\s*\((?:GMT|UTC)[+-]?\d{0,2}\))?\s*$")
# a sentence ends at . ! ? (or an ellipsis) before a capital letter, a digit or a quote
_SPLIT = re.compile(rf"(?<=[.!?…])\s+(?=[\"'(]?[{UPPER}0-9])")


@dataclass(frozen=True)
class Sentence:
    start: int  # offsets in the normalised text
    end: int
    text: str
    zone: str  # title | body | caption | teaser
    story: int  # 0: the article itself; 1, 2 ...: the teasers of the "Đọc thêm" block


@dataclass(frozen=True)
class Document:
    norm: Normalised
    sentences: tuple[Sentence, ...]
    dateline: str | None  # ISO date of a standalone date line


@functools.lru_cache(maxsize=4)
def _no_split_pattern(lx: Lexicon):
    """A period that does not end a sentence: after a title or abbreviation written with one ("TS. Đinh Văn
    Minh", "TP. HCM", from the ranks and abbreviations), or after an initial."""
    forms = {r.rstrip(".") for r in lx.rank_forms} | {a.rstrip(".") for a in lx.abbreviations if a.endswith(".")}
    words = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True) if f)
    return re.compile(rf"(?:\b(?:{words})|\b[{UPPER}])\.$")


@functools.lru_cache(maxsize=4)
def _credit_pattern(lx: Lexicon):
    """A photo credit at the end of a caption: "... Ảnh: Anh Thư", "(Ảnh: Doãn Tấn/TTXVN)" (the credit cues)."""
    words = "|".join(sorted({re.escape(w.rstrip(":")) for w in lx.phrases_of("credit")}, key=len, reverse=True))
    return re.compile(rf"(?:[\s.]*\(\s*(?:{words})\s*:?[^()]{{1,60}}\)|[\s.]+(?:{words})\s*:?\s*[^.]{{0,40}})\.?\s*$")


def segment(norm: Normalised, lx: Lexicon | None = None, title: str | None = None) -> Document:
    """``title``: the article's title when its source gives one apart (a .jsonl field, an HTML page): then the
    first line is a title only if it repeats it."""
    lx = lx or Lexicon.default()
    credit = _credit_pattern(lx)
    no_split = _no_split_pattern(lx)
    credit_words = {w.rstrip(":") for w in lx.phrases_of("credit")}
    teaser_cues = {" ".join(w) for w in lx.cues.get("teasers", [])}
    text = norm.text
    lines, pos = [], 0
    for raw in text.split("\n"):
        lines.append((pos, pos + len(raw)))
        pos += len(raw) + 1

    keys_of = {s: _dup_key(text[s:e]) for s, e in lines if e > s}
    counts: dict[str, int] = {}
    for k in keys_of.values():
        counts[k] = counts.get(k, 0) + 1
    seen: dict[str, int] = {}
    sentences: list[Sentence] = []
    dateline = None
    story, zone_teasers, first = 0, False, True
    first_is_title = title is None or fold(norm.text.lstrip().split("\n", 1)[0]).strip(" .") == fold(title).strip(" .")
    after_lead = False
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            continue
        key = keys_of[start]
        if fold(line.strip(" .:")) in teaser_cues:
            zone_teasers, story, after_lead = True, 1, False
            continue
        m = _DATELINE.match(line)
        if m and not first:
            if dateline is None:
                dateline = f"{int(m.group(3)):04d}-{int(m.group(2)):02d}-{int(m.group(1)):02d}"
            continue
        if zone_teasers and after_lead:  # a new teaser starts after the previous one's lead
            story += 1
            after_lead = False
        duplicate = key in seen
        seen.setdefault(key, start)
        if duplicate:
            continue
        # cut a trailing photo credit and a leading "(PLVN) -" marker
        tail = len(line) - 90 if len(line) > 90 else 0  # a credit ends the line: search its last characters
        c = credit.search(line, tail) if any(w in line[tail:] for w in credit_words) else None
        if c and c.start() > 0:
            end = start + c.start()
            line = text[start:end]
        lm = _LEAD.match(line)
        if lm:
            start += lm.end()
            line = text[start:end]
            after_lead = zone_teasers
        zone = "title" if first and first_is_title else ("teaser" if zone_teasers else "body")
        first = False
        for s, e in _sentences(line, no_split):
            sentences.append(Sentence(start + s, start + e, line[s:e], zone, story))
    # lines printed twice are photo captions
    line_starts = [s for s, _ in lines]
    sentences = [Sentence(s.start, s.end, s.text, "caption", s.story)
                 if s.zone == "body" and counts.get(keys_of.get(_line_start(line_starts, s.start)), 0) > 1 else s
                 for s in sentences]
    return Document(norm, tuple(sentences), dateline)


def _line_start(starts, offset):
    i = bisect.bisect_right(starts, offset) - 1
    return starts[i] if i >= 0 else 0


def _dup_key(line: str) -> str:
    """Near-identical copies share a key: case, marks, punctuation and spacing ignored. Captions are short;
    a long paragraph repeats only word for word, so its key is the line itself."""
    if len(line) > 300:
        return line.strip()
    return " ".join(re.sub(r"[^\w]+", " ", strip_marks(line).casefold()).split())


def _sentences(line: str, no_split):
    """(start, end) of each sentence of a line."""
    start = 0
    for m in _SPLIT.finditer(line):
        if no_split.search(line[max(0, m.start() - 8):m.start()]):  # "TS. Đinh", "TP. HCM"
            continue
        yield _trim(line, start, m.start())
        start = m.end()
    if start < len(line):
        yield _trim(line, start, len(line))


def _trim(line, s, e):
    while s < e and line[s].isspace():
        s += 1
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e
