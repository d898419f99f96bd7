"""Loads the lexicons under data/lexicon/ once and builds longest-match indexes over them.

The files are data (titles, ranks, honorifics, surnames, bodies, abbreviations, places, cues), each line with
an English gloss; this module only reads them. ``Lexicon.default()`` is cached per process.
"""
from __future__ import annotations

import csv
import functools
import gc
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "data" / "lexicon"

# old-style tone placement -> modern (Uỷ -> Ủy, hoà -> hòa), only at the end of a syllable
_OLD_TONES = {
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
    "uỳ": "ùy", "uý": "úy", "uỷ": "ủy", "uỹ": "ũy", "uỵ": "ụy",
}
_OLD_TONES.update({k[0].upper() + k[1:]: v[0].upper() + v[1:] for k, v in list(_OLD_TONES.items())})
# not after "q": in "quý", "quỳ" the u belongs to the consonant and the mark is already on the vowel
_OLD_TONE_RE = re.compile(r"(?<![qQ])([oO][àáảãạèéẻẽẹ]|[uU][ỳýỷỹỵ])(?![^\W\d_])")  # the keys of _OLD_TONES


# capital letters for regular expressions ("[À-Ỹ]" would also take "đ", "ở", "à")
UPPER = "".join(c for c in map(chr, range(0x41, 0x1EFA)) if c.isupper())


def modern_tones(s: str) -> str:
    """Uỷ ban -> Ủy ban, hoà -> hòa; 'đoàn' and 'quý' (tone mark inside the syllable) are left alone."""
    if not any(old in s for old in _OLD_TONES):  # most text has none: a few substring scans beat the regex
        return s
    return _OLD_TONE_RE.sub(lambda m: _OLD_TONES[m.group(1)], s)


@functools.lru_cache(maxsize=500_000)
def fold(s: str) -> str:
    """The matching key of a word or phrase: NFC, modern tones, case-folded, single spaces."""
    s = modern_tones(unicodedata.normalize("NFC", s))
    return " ".join(s.casefold().split())


_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def strip_marks(s: str) -> str:
    """Diacritics removed (for slugs and diacritics-insensitive search): 'Trần Quốc Tỏ' -> 'Tran Quoc To'."""
    s = unicodedata.normalize("NFD", s.replace("đ", "d").replace("Đ", "D"))
    return s if s.isascii() else _MARKS.sub("", s)


class Trie:
    """Longest match over sequences of folded words."""

    def __init__(self):
        self.root: dict = {}

    def add(self, words, value) -> None:
        node = self.root
        for w in words:
            node = node.setdefault(w, {})
        node.setdefault(None, value)  # the first entry wins: files list the preferred form first

    def longest(self, words, i: int):
        """(length, value) of the longest entry starting at words[i], or (0, None)."""
        node, best, j = self.root, (0, None), i
        while j < len(words) and words[j] in node:
            node = node[words[j]]
            j += 1
            if None in node:
                best = (j - i, node[None])
        return best


@dataclass(frozen=True)
class Title:
    title: str
    en: str
    sector: str
    body: str | None  # the body it implies when none is named
    overlap: str | None  # the body head it shares ("Trưởng ban" -> "Ban")


@dataclass(frozen=True)
class BodyEntry:
    name: str
    en: str
    kind: str
    parent: str | None
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Head:
    head: str
    en: str
    kind: str
    needs_name: bool
    locality: str | None = None  # province / district: "Tỉnh ủy" alone takes the article's province
    committee: bool = False  # a Party committee ("Tỉnh ủy", "Đảng ủy")


@dataclass(frozen=True)
class Place:
    name: str
    type_vi: str
    level: str
    parent: str | None
    era: str
    merged_into: str | None


@dataclass(eq=False)
class Lexicon:
    titles: Trie = field(default_factory=Trie)
    modifiers: dict[str, tuple[str, str]] = field(default_factory=dict)  # folded word -> (word, position)
    modifier_en: dict[str, str] = field(default_factory=dict)
    ranks: Trie = field(default_factory=Trie)
    honorifics: Trie = field(default_factory=Trie)
    rank_forms: set[str] = field(default_factory=set)  # ranks as written ("TS.", "PGS.TS")
    gendered: set[str] = field(default_factory=set)  # honorifics that give a gender, folded ("ông", "bà")
    surnames: set[str] = field(default_factory=set)
    heads: Trie = field(default_factory=Trie)
    bodies: Trie = field(default_factory=Trie)
    body_by_name: dict[str, BodyEntry] = field(default_factory=dict)  # folded name or alias -> entry
    abbreviations: dict[str, tuple[str, bool]] = field(default_factory=dict)  # exact surface -> (expansion, is_body)
    countries: Trie = field(default_factory=Trie)
    places: Trie = field(default_factory=Trie)
    place_by_name: dict[str, list[Place]] = field(default_factory=dict)
    events: Trie = field(default_factory=Trie)
    cues: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)  # meaning -> folded word tuples
    cue_trie: Trie = field(default_factory=Trie)
    historical: Trie = field(default_factory=Trie)
    localities: dict[str, str] = field(default_factory=dict)  # folded type word -> province / district / commune
    locality_trie: Trie = field(default_factory=Trie)
    dependent: dict[str, str] = field(default_factory=dict)  # "Ban cán sự Đảng" -> body / committee
    committees: tuple[str, ...] = ()  # heads of Party committees
    home: set[str] = field(default_factory=set)  # folded names of the home state ("việt nam", ...)
    _cue_text: dict[str, list[str]] = field(default_factory=dict)
    name_phrases: Trie = field(default_factory=Trie)  # lower-case phrases that continue a body's name
    name_stops: set[str] = field(default_factory=set)  # lower-case words that never do
    stop_phrases: Trie = field(default_factory=Trie)  # ... and phrases ("tổng kết", "long trọng")

    @staticmethod
    @functools.cache
    def default() -> "Lexicon":
        lx = Lexicon.load(DATA)
        # the lexicon lives as long as the process: its hundred thousand objects need no more garbage-collector
        # passes (each full pass would walk them all while articles are extracted)
        gc.freeze()
        return lx

    @staticmethod
    def load(folder: Path) -> "Lexicon":
        lx = Lexicon()
        for r in _rows(folder / "titles.tsv"):
            lx.titles.add(_words(r["title"]), Title(r["title"], r["en"], r["sector"], r["body"] or None,
                                                    r["overlap"] or None))
        for r in _rows(folder / "title_modifiers.tsv"):
            lx.modifiers[fold(r["word"])] = (r["word"], r["position"])
            lx.modifier_en[fold(r["word"])] = r["en"]
        for r in _rows(folder / "ranks.tsv"):
            lx.ranks.add(_words(r["rank"]), (r["rank"], r["en"], r["kind"]))
            lx.rank_forms.add(r["rank"])
        for r in _rows(folder / "honorifics.tsv"):
            lx.honorifics.add(_words(r["word"]), (r["word"], r["gender"] or None))
            if r["gender"]:
                lx.gendered.add(fold(r["word"]))
        lx.surnames = {fold(r["surname"]) for r in _rows(folder / "surnames.tsv")}
        committees = []
        for r in _rows(folder / "body_heads.tsv"):
            lx.heads.add(_words(r["head"]), Head(r["head"], r["en"], r["kind"], r["needs_name"] == "yes",
                                                 r.get("locality") or None, r.get("committee") == "yes"))
            if r.get("committee") == "yes":
                committees.append(r["head"])
        lx.committees = tuple(committees)
        for r in _rows(folder / "dependent_bodies.tsv"):
            lx.dependent[r["name"]] = r["parent"]
        for r in _rows(folder / "localities.tsv"):
            lx.localities[fold(r["word"])] = r["level"]
            lx.locality_trie.add(_words(r["word"]), r["level"])
        for r in _rows(folder / "bodies.tsv"):
            aliases = tuple(a for a in r["aliases"].split("|") if a)
            e = BodyEntry(r["name"], r["en"], r["kind"], r["parent"] or None, aliases)
            for form in (r["name"], *aliases):
                lx.bodies.add(_words(form), e)
                lx.body_by_name.setdefault(fold(form), e)
        for r in _rows(folder / "name_words.tsv"):
            if r["use"] == "stop" and " " in r["phrase"]:
                lx.stop_phrases.add(_words(r["phrase"]), r["phrase"])
            elif r["use"] == "stop":
                lx.name_stops.add(fold(r["phrase"]))
            else:
                lx.name_phrases.add(_words(r["phrase"]), r["phrase"])
        for r in _rows(folder / "abbreviations.tsv"):
            lx.abbreviations[r["abbr"]] = (r["expansion"], r["is_body"] == "yes")
        for r in _rows(folder / "countries.tsv"):
            for form in [r["name"], *(a for a in r["aliases"].split("|") if a)]:
                lx.countries.add(_words(form), r["name"])
                if r.get("home") == "yes":
                    lx.home.add(fold(form))
        places = folder / "admin_units.tsv"
        if places.exists():
            for r in _rows(places):
                p = Place(r["name"], r["type_vi"], r["level"], r.get("parent") or None, r["era"],
                          r.get("merged_into") or None)
                lx.places.add(_words(p.name), p.name)
                lx.place_by_name.setdefault(fold(p.name), []).append(p)
        for r in _rows(folder / "events.tsv"):
            lx.events.add(_words(r["word"]), (r["word"], r["kind"]))
        for r in _rows(folder / "cues.tsv"):
            lx.cues.setdefault(r["meaning"], []).append(_words(r["cue"]))
            lx._cue_text.setdefault(r["meaning"], []).append(r["cue"])
            lx.cue_trie.add(_words(r["cue"]), r["meaning"])
        for r in _rows(folder / "historical.tsv"):
            lx.historical.add(_words(r["title"] + " " + r["name"]), r["name"])
        return lx

    def words_of(self, meaning: str) -> set[str]:
        """The one-word cues of a meaning, folded: words_of("former-title") -> {"nguyên", "cựu"}."""
        return {w[0] for w in self.cues.get(meaning, []) if len(w) == 1}

    def phrases_of(self, meaning: str) -> list[str]:
        """The cues of a meaning as written in the file (for patterns)."""
        return self._cue_text.get(meaning, [])

    def body_entry(self, name: str) -> BodyEntry | None:
        return self.body_by_name.get(fold(name))

    def is_place(self, name: str) -> bool:
        return fold(name) in self.place_by_name

    def province_of(self, district: str) -> str | None:
        for p in self.place_by_name.get(fold(district), []):
            if p.level == "district" and p.parent:
                return p.parent
        return None


_PHRASE_TOKEN = re.compile(r"\w+(?:[./'’\-]\w+)*|[^\w\s]")


def _words(phrase: str) -> tuple[str, ...]:
    """A phrase's words as the tokenizer cuts text: "Văn hóa, Thể thao" -> ("văn", "hóa", ",", "thể", "thao")."""
    return tuple(_PHRASE_TOKEN.findall(fold(phrase)))


def _rows(path: Path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    for row in reader:
        yield {k: (v or "").strip() for k, v in row.items() if k}
