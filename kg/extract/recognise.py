"""Recognise the pieces of a sentence: titles, ranks, honorifics, bodies, persons, places, cues.

A sentence becomes a list of ``Word`` (abbreviations expanded, each expansion word keeping the span of its
abbreviation), then a list of ``Item`` found left to right by longest match against the lexicons. No
decisions about who holds what are made here; that is the attach stage.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..lexicon import Lexicon, fold

# function words the grammar of a body's name turns on, with their glosses
OF, UNDER, AND, PLURAL, AT = "của", "thuộc", "và", "các", "tại"  # of, under (part of), and, the (plural), at/in
_TOKEN = re.compile(r"\w+(?:[./'’\-]\w+)*\.?|\.\.\.|[^\w\s]")
_ROMAN = re.compile(r"^[IVXL]+$")


class Word(NamedTuple):  # a tuple: the tokenizer makes hundreds of thousands of them
    text: str  # canonical form (an abbreviation's expansion word)
    key: str  # folded
    start: int  # span in the normalised text
    end: int
    cap: bool
    punct: bool
    surface: str  # as written (for an expansion: the whole abbreviation)


_new_word = tuple.__new__  # Word(...) without the generated __new__: the tokenizer's hot path


class Words(list):
    """A sentence's words, with their folded keys computed once (matching reads them many times)."""

    def __init__(self, words=()):
        super().__init__(words)
        self.keys = [w.key for w in self]


@dataclass(slots=True, eq=False)  # items are told apart by identity (list.index stays cheap)
class Item:
    kind: str  # person | title | body | rank | honorific | cue | place | country | sep | word
    i: int  # word range [i, j)
    j: int
    text: str = ""
    data: dict = field(default_factory=dict)


def tokenize(text: str, offset: int, lx: Lexicon) -> Words:
    words = Words()
    cache = _expansions(lx)
    append = words.append
    for m in _TOKEN.finditer(text):
        tok = m.group()
        s = offset + m.start()
        pieces = cache.get(tok)
        if pieces is None:
            if tok.endswith(".") and len(tok) > 1 and tok != "..." and tok not in lx.abbreviations:
                # the period is a word of its own ("TS." is matched as "TS" "." like the lexicon's entry)
                e = s + len(tok) - 1
                words.extend(_new_word(Word, (t, k, s, e, c, p, sf)) for t, k, c, p, sf in _expand(lx, tok[:-1]))
                words.append(_new_word(Word, (".", ".", e, e + 1, False, True, ".")))
                continue
            if len(cache) > 500_000:
                cache.clear()
            pieces = cache[tok] = _expand(lx, tok)
        if len(pieces) == 1:
            t, k, c, p, sf = pieces[0]
            if words and k == words[-1].key and words[-1].surface != words[-1].text:
                continue  # "BCS Đảng": the abbreviation's expansion already ends in the next word
            append(_new_word(Word, (t, k, s, s + len(tok), c, p, sf)))
        else:
            e = s + len(tok)
            words.extend(_new_word(Word, (t, k, s, e, c, p, sf)) for t, k, c, p, sf in pieces)
    words.keys = [w.key for w in words]
    return words


@functools.lru_cache(maxsize=4)
def _expansions(lx: Lexicon) -> dict:
    """Token -> the words it stands for, filled as tokens are met (a dict: the tokenizer's hot path)."""
    return {}


def _expand(lx: Lexicon, tok: str) -> tuple:
    """(text, key, cap, punct, surface) of each word a token stands for."""
    if tok in lx.abbreviations:
        expansion, _ = lx.abbreviations[tok]
        return tuple((w, fold(w), w[:1].isupper(), False, tok) for w in expansion.split())
    punct = not (tok[:1].isalnum() or tok[:1] == "_")
    return ((tok, fold(tok), tok[:1].isupper(), punct, tok),)


class Recogniser:
    """Finds items in a word list. It keeps nothing between sentences: one instance serves every article
    (``Recogniser.of(lexicon)``)."""

    @staticmethod
    @functools.lru_cache(maxsize=4)
    def of(lx: Lexicon) -> "Recogniser":
        return Recogniser(lx)

    def __init__(self, lx: Lexicon):
        self.lx = lx
        # a lower-case word can start only a cue, an honorific, a rank or a title ("đại biểu Quốc hội"):
        # any other is a plain word, decided without a look-up in every lexicon
        self.lower_starters = frozenset().union(*(t.root.keys() for t in (
            lx.cue_trie, lx.honorifics, lx.ranks, lx.titles))) | set(lx.modifiers)
        # ... and a capitalised one that starts no entry is at most a foreign name after a title
        self.cap_starters = self.lower_starters | frozenset().union(*(t.root.keys() for t in (
            lx.historical, lx.places, lx.heads, lx.bodies, lx.countries))) | lx.surnames
        self.title_starters = frozenset(lx.titles.root) | set(lx.modifiers)
        self.run_breakers = frozenset(lx.titles.root) | frozenset(lx.heads.root) | frozenset(lx.ranks.root)
        self.body_starters = frozenset().union(*(t.root.keys() for t in (lx.heads, lx.bodies, lx.countries)))

    # --- the pieces -----------------------------------------------------------------------------

    def items(self, words: list[Word]) -> list[Item]:
        out: list[Item] = []
        keys = _keys(words)
        i, n = 0, len(words)
        strong = False  # the previous item makes a following capitalised run a name
        while i < n:
            w = words[i]
            if w.punct:
                out.append(Item("sep", i, i + 1, w.text, _NO_DATA))
                strong = False
                i += 1
                continue
            if w.key not in self.cap_starters and not strong or not w.cap and w.key not in self.lower_starters:
                if out and out[-1].kind == "word" and out[-1].j == i:
                    out[-1].j = i + 1  # consecutive plain words make one item (it only separates runs)
                else:
                    out.append(Item("word", i, i + 1, w.text, _NO_DATA))
                strong = False
                i += 1
                continue
            key, lx, none = w.key, self.lx, (0, None)  # each look-up only where its lexicon has an entry
            k, hist = lx.historical.longest(keys, i) if key in lx.historical.root else none
            if k and w.cap:
                out.append(Item("person", i, i + k, hist, {"historical": True}))
                i += k
                continue
            kp, place = lx.places.longest(keys, i) if key in lx.places.root else none
            if kp >= 2 and w.cap and not (key in lx.surnames and kp < self._person_run(words, i) <= 4):
                # "Bà Rịa - Vũng Tàu", "Hà Tĩnh": a place before anything else, unless a name goes on past it
                # ("Kim Thành Tú": Kim Thành is a district)
                out.append(Item("place", i, i + kp, place))
                i += kp
                continue
            k, cue = lx.cue_trie.longest(keys, i) if key in lx.cue_trie.root else none
            k2, hon = lx.honorifics.longest(keys, i) if key in lx.honorifics.root else none
            k3, rank = lx.ranks.longest(keys, i) if key in lx.ranks.root else none
            if k3 and (w.cap or w.surface[:1].isupper()) and k3 >= max(k, k2):
                out.append(Item("rank", i, i + k3, rank[0], {"en": rank[1], "kind": rank[2]}))
                i += k3
                strong = True
                continue
            if k2 and k2 >= k and self._name_follows(words, i + k2):
                out.append(Item("honorific", i, i + k2, hon[0], {"gender": hon[1]}))
                i += k2
                strong = True
                continue
            t = self.title(words, i) if key in self.title_starters else None
            if t:
                out.append(t)
                i = t.j
                strong = True
                continue
            b = self.body(words, i)
            if b:
                out.append(b)
                i = b.j
                strong = b.data.get("kind") == "foreign" or strong and b.data.get("country")
                continue
            p = self.person(words, i, strong)
            if p:
                out.append(p)
                i = p.j
                strong = False
                continue
            if k and cue not in ("cluster-head", "cluster-deputy") or (k and words[i].cap):
                out.append(Item("cue", i, i + k, cue))
                i += k
                strong = False
                continue
            if kp and w.cap:
                out.append(Item("place", i, i + kp, place))
                i += kp
                continue
            out.append(Item("word", i, i + 1, w.text, _NO_DATA))
            strong = False
            i += 1
        return out

    def _name_like(self, words, i, j) -> bool:
        """Words i..j read as a person's name: two or three capitalised syllables, not a place or a state."""
        keys = _keys(words)
        return all(w.cap and w.surface == w.text for w in words[i:j]) and 2 <= j - i <= 4 \
            and self.lx.places.longest(keys, i)[0] < j - i and self.lx.countries.longest(keys, i)[0] < j - i

    @staticmethod
    def _cap_run(words, i) -> int:
        n = 0
        while i + n < len(words) and words[i + n].cap and not words[i + n].punct:
            n += 1
        return n

    def _name_follows(self, words, i):
        return i < len(words) and (words[i].cap or self.lx.ranks.longest(_keys(words), i)[0] > 0)

    def title(self, words: list[Word], i: int) -> Item | None:
        """[Quyền] [Phó] TITLE [Thường trực] [thứ nhất] [BODY]"""
        keys = _keys(words)
        j = i
        before = []
        while j < len(words) and keys[j] in self.lx.modifiers and self.lx.modifiers[keys[j]][1] == "before" \
                and words[j].cap:
            before.append(self.lx.modifiers[keys[j]][0])
            j += 1
        k, t = self.lx.titles.longest(keys, j)
        if not k:
            return None
        first = words[i]
        lowercase = not first.cap
        role_words = before + [t.title]
        j += k
        # "Thường trực", "thứ nhất" after the head stay in the role ("Phó Chủ tịch Thường trực")
        while j < len(words):
            k2, _ = self.lx.titles.longest(keys, j)
            m = self.lx.modifiers.get(keys[j] + (" " + keys[j + 1] if j + 1 < len(keys) else ""))
            if m and m[1] == "after":
                role_words.append(m[0])
                j += 2
                continue
            m = self.lx.modifiers.get(keys[j])
            if m and m[1] == "after" and not (j + 1 < len(words) and words[j + 1].cap and
                                              self.lx.titles.longest(keys, j)[0]
                                              and self.body(words, j + 1) is not None):
                role_words.append(m[0])
                j += 1
                continue
            break
        item = Item("title", i, j, " ".join(role_words),
                    {"head": t.title, "en": _role_en(before, t, role_words, self.lx), "sector": t.sector,
                     "implied": t.body, "overlap": t.overlap})
        # the body the title names: explicit ("Thứ trưởng Bộ Công an"), or shared ("Bộ trưởng Tư pháp",
        # "Trưởng ban Tổ chức Trung ương", "Tổng Kiểm toán Nhà nước")
        b = None
        if t.overlap and j < len(words) and not words[j].punct and keys[j] != fold(t.overlap).split()[0] \
                and (words[j].cap or keys[j] not in self.lx.name_stops and fold(t.title).endswith(fold(t.overlap))) \
                and not (keys[j] in self.lx.surnames and self._person_run(words, j) >= 2):
            b = self.body(words, j, prefix=t.overlap)
            if b is not None and not b.data.get("known") and (
                    self._name_like(words, j, j + self._cap_run(words, j))
                    or all(w.cap for w in words[j:b.j]) and b.j - j == 1):
                b = None  # "Thứ trưởng Quốc Tỏ", "Bộ trưởng Ninh": a name, not "Bộ Quốc Tỏ", "Bộ Ninh"
        if b is None or not b.data.get("known") and not b.data.get("extended"):
            b = self.body(words, j, after_title=True) or b
        if b is None and j < len(words) and not words[j].cap and not words[j].punct:
            hk, head = self.lx.heads.longest(keys, j)
            if hk and not head.needs_name:  # "Bí thư đảng ủy": a lower-case committee named by its head
                b = Item("body", j, j + hk, head.head, {"name": head.head, "kind": head.kind,
                                                       "surface": _surface(words, j, j + hk), "known": False})
        if b is not None:
            item.data["body"] = b
            item.j = b.j
            # "Đại sứ Nhật Bản tại Việt Nam": where an envoy serves belongs to the title, not to the sentence
            if b.data.get("country") and item.j + 1 < len(words) and words[item.j].key == AT:
                k = self.lx.countries.longest(keys, item.j + 1)[0] or self.lx.places.longest(keys, item.j + 1)[0]
                item.j += 1 + k if k else 0
        elif lowercase:
            return None  # "các đại biểu": a lower-case title counts only before its body
        return item

    def body(self, words: list[Word], i: int, prefix: str | None = None, after_title: bool = False) -> Item | None:
        """A body's name starting at words[i] (after the virtual words of ``prefix``)."""
        if i >= len(words) or words[i].punct:
            return None
        if not words[i].cap and prefix is None:
            return None
        lx = self.lx
        if prefix is None and words[i].key not in self.body_starters:
            return None
        pre = fold(prefix).split() if prefix else []
        start = i
        # the name's keys from its first (possibly virtual) word: k0 is where it starts in ``keys``
        keys, k0 = (pre + _keys(words)[start:start + 48], 0) if pre else (_keys(words), start)
        base = start - len(pre)  # index in words of the name's first key

        def widx(x):  # keys index -> words index
            return base + x

        names: list[str] = (prefix.split() if prefix else [])
        known_k, known = lx.bodies.longest(keys, k0)
        head_k, head = lx.heads.longest(keys, k0)
        country_k, country = lx.countries.longest(keys, k0)
        if not known_k and not head_k:
            if country_k and not pre and lx.places.longest(keys, k0)[0] <= country_k:  # "Lào Cai" is a place
                j = widx(country_k)
                return Item("body", i, j, country, {"name": country, "kind": "foreign", "country": True,
                                                    "surface": _surface(words, i, j)})
            return None
        x = max(known_k, head_k)
        if known_k >= head_k:
            kind = known.kind
        else:
            kind = head.kind
        if head_k and not known_k and head.needs_name:
            # the head alone is not a body: "Bộ" needs "Tư pháp"
            nxt = widx(x)
            locality = nxt < len(words) and (lx.locality_trie.longest(_keys(words), nxt)[0] > 0
                                             or words[nxt].text.isdigit())  # "Công an tỉnh", "Quân khu 7"
            if after_title and (nxt >= len(words) or words[nxt].punct
                                or not words[nxt].cap and words[nxt].key in lx.name_stops):
                # "Phó Chủ tịch Tổng Liên đoàn,": the head alone, completed from the article or dropped
                return Item("body", i, nxt, _join([w.text for w in words[start:nxt]]),
                            {"name": _join([w.text for w in words[start:nxt]]), "kind": head.kind, "bare": True,
                             "surface": _surface(words, i, nxt), "known": False})
            if not locality and (nxt >= len(words) or not (words[nxt].cap if pre else self._name_word(words, nxt, True))):
                # "Vụ pháp chế", "Ban pháp chế": a name written in lower case, two syllables at most
                two_lower = nxt + 1 < len(words) and not words[nxt].punct and not words[nxt].cap \
                    and words[nxt].key not in lx.name_stops and words[nxt + 1].key not in lx.name_stops \
                    and not words[nxt + 1].punct and not words[nxt + 1].cap
                # "Ban pháp chế" after a title, or "Đoàn giám sát HĐND ...": lower-case name, then its parent body
                if two_lower and (after_title or pre or nxt + 2 < len(words) and words[nxt + 2].cap
                                  and lx.heads.longest(_keys(words), nxt + 2)[0]):
                    x += 2
                else:
                    return None
        # continue the name
        x0 = x
        x = self._extend(words, x, widx, free=len(pre) if pre else -1,
                         known=known_k >= head_k and known_k > len(pre), cluster=kind == "cluster")
        j = widx(x)
        if j <= i:
            return None
        name_words = names[: len(pre)] + [w.text for w in words[start:j]] if pre else [w.text for w in words[start:j]]
        name = _join(name_words)
        if "(" in name:  # "Tổng Liên đoàn Lao động (LĐLĐ) Việt Nam"
            name = re.sub(r"\s*\([^()]*\)", "", name)
            name_words = name.split()
        if not pre and not known_k and keys[k0] in lx.surnames and 2 <= len(name_words) <= 4 \
                and all(w.cap and w.surface == w.text for w in words[start:j]):
            return None  # "Đoàn Minh Huấn" is a person, "Đoàn Thanh niên ..." a body
        # trailing country qualifier of a Vietnamese body: "Bộ Tư pháp Việt Nam" -> "Bộ Tư pháp"
        entry = lx.body_entry(name)
        data = {"name": entry.name if entry else name, "kind": entry.kind if entry else kind,
                "surface": None if pre else _surface(words, i, j), "known": entry is not None,
                "extended": x > x0 or bool(pre)}
        if entry is None:
            for cut in range(len(name_words) - 1, 0, -1):
                e2 = lx.body_entry(_join(name_words[:cut]))
                rest = _join(name_words[cut:])
                if e2 and fold(rest) in lx.home:
                    data.update(name=e2.name, kind=e2.kind, known=True)
                    break
                if e2 and lx.countries.longest(fold(rest).split(), 0)[0] == len(rest.split()):
                    data.update(known=True, kind="foreign")  # "Bộ Tư pháp Lào": a known body of a foreign state
                    break
        return Item("body", i, j, data["name"], data)

    def _extend(self, words, x, widx, free=-1, known=False, cluster=False):
        """Continue a body's name past its head (or past a known name) while the words still belong to it."""
        lx = self.lx
        n = len(words)
        allkeys = _keys(words)
        while widx(x) < n:
            j = widx(x)
            w = words[j]
            prev = words[j - 1] if j > 0 else None
            if x == free and w.cap and not w.punct:
                x += 1
                continue
            if prev is not None and prev.surface != prev.text and w.surface == prev.surface and w.start == prev.start:
                x += 1  # the words of one abbreviation stay together ("THADS": Thi hành án dân sự)
                continue
            if w.punct:
                # "Thi đua - Khen thưởng", "Tài chính - Ngân sách": a dash between capitalised name words
                if w.text == "-" and j + 1 < n and (words[j + 1].cap or cluster and not words[j + 1].punct) \
                        and not self._starts_other(words, j + 1) and not lx.heads.longest(allkeys, j + 1)[0] \
                        and not known:
                    x += 1
                    continue
                # "Cục Trợ giúp pháp lý (TGPL)": an abbreviation in brackets
                close = _close_after(words, j + 1) if w.text == "(" else 0
                if close and len({v.surface for v in words[j + 1:close]}) == 1 \
                        and all(v.surface != v.text or v.surface.isupper() for v in words[j + 1:close]):
                    x = close - widx(0) + 1
                    continue
                # "Khối thi đua các bộ, ngành ...", "..., các tổ chức Liên hiệp": a cluster's name holds commas
                if cluster and w.text == "," and x > 3 and j + 1 < n and not words[j + 1].cap \
                        and words[j + 1].key not in lx.name_stops - {PLURAL} and not words[j + 1].punct:
                    x += 1
                    continue
                break
            if w.key in (OF, UNDER):
                b = self.body(words, j + 1) if j + 1 < n and words[j + 1].cap else None
                if b is not None and w.key == OF:
                    x = b.j - widx(0)
                    continue
                break
            if w.key == AND:
                nxt = j + 1 < n and words[j + 1]
                if nxt and (nxt.cap and not self._starts_other(words, j + 1) and not known
                            and not lx.heads.longest(allkeys, j + 1)[0]
                            and not lx.places.longest(allkeys, j + 1)[0]
                            or cluster and nxt.key == PLURAL):
                    x += 1
                    continue
                break
            if cluster and prev is not None and prev.key == PLURAL and lx.stop_phrases.longest(allkeys, j)[0]:
                x += lx.stop_phrases.longest(allkeys, j)[0]  # "các tổ chức" (the organisations), not a verb here
                continue
            if not w.cap and lx.stop_phrases.longest(allkeys, j)[0]:
                break  # "... Bắc Trung Bộ tổng kết ...", "... văn hóa - xã hội long trọng tổ chức ..."
            if cluster and not w.cap and w.key not in lx.name_stops - {PLURAL} and (
                    not any(v.cap for v in words[widx(3):j]) or prev is not None and prev.key in (PLURAL, ",")):
                # "Khối thi đua các bộ, ngành nội chính Trung ương": lower-case words describe the members until a
                # capitalised region or kind ends the name ("... Bắc Trung Bộ ký kết ..." stops at "ký")
                x += 1
                continue
            k, _ = lx.name_phrases.longest(allkeys, j)
            if k and not (known and not lx.locality_trie.longest(allkeys, j)[0]):
                x += k
                continue
            if w.cap and prev is not None and not prev.punct and not known:
                # a place or a known body inside the name: "UBND tỉnh Hải Dương", "Đảng ủy Liên hiệp các Hội ..."
                k = lx.places.longest(allkeys, j)[0] or lx.bodies.longest(allkeys, j)[0]
                if k:
                    x += k
                    continue
            if self._starts_other(words, j):
                break
            if known:
                # past a known name only a place, a state or a numbered unit continues it ("Bộ Tư pháp Lào")
                kc = lx.countries.longest(allkeys, j)[0] or lx.places.longest(allkeys, j)[0]
                if kc and w.cap:
                    x += kc
                    continue
                if _ROMAN.match(w.text):
                    x += 1
                    continue
                break
            if w.cap or _ROMAN.match(w.text) or w.text.isdigit():
                x += 1
                continue
            # one lower-case syllable completes a capitalised one: "Tư pháp", "Tuyên huấn", "Công an"; up to three
            # when the name visibly ends after them ("Cục Cảnh sát hình sự, Bộ Công an")
            if prev is not None and prev.cap and not prev.punct and w.key not in lx.name_stops \
                    and not (j >= 2 and (lx.places.longest(allkeys, j - 2)[0] == 2
                                         or lx.countries.longest(allkeys, j - 2)[0] == 2)):
                run = 1
                while run < 3 and j + run < n and not words[j + run].cap and not words[j + run].punct \
                        and words[j + run].key not in lx.name_stops and not lx.stop_phrases.longest(allkeys, j + run)[0]:
                    run += 1
                ends = j + run >= n or words[j + run].punct or words[j + run].cap
                x += run if ends else 1
                continue
            break
        # do not end on a joining word
        while x > 1 and widx(x - 1) < n and words[widx(x - 1)].key in (AND, PLURAL, "-", ","):
            x -= 1
        return x

    def _name_word(self, words, j, first=False):
        w = words[j]
        if w.punct or self._starts_other(words, j):
            return False
        return w.cap or not first and self.lx.name_phrases.longest(_keys(words), j)[0] > 0

    def _starts_other(self, words, j) -> bool:
        """A title or a person's name starts here: the body's name has ended."""
        keys = _keys(words)
        w = words[j]
        if not w.cap:
            return False
        k = j
        while k < len(words) and keys[k] in self.lx.modifiers and self.lx.modifiers[keys[k]][1] == "before":
            k += 1
        if self.lx.titles.longest(keys, k)[0] and not self.lx.heads.longest(keys, j)[0]:
            return True
        if self.lx.ranks.longest(keys, j)[0] and words[j].surface[:1].isupper():
            return True
        if w.key in self.lx.surnames and self._person_run(words, j) >= 3 \
                and self.lx.places.longest(keys, j)[0] < 2:
            return True
        return False

    def _person_run(self, words, i) -> int:
        """How many capitalised, non-body, non-title words start at i (at most 4)."""
        keys = _keys(words)
        n = 0
        while i + n < len(words) and n < 5:
            w = words[i + n]
            if w.punct or not w.cap or w.surface != w.text or _ROMAN.match(w.text) or w.text.isdigit():
                break
            if n > 0 and w.key in self.run_breakers and (
                    self.lx.titles.longest(keys, i + n)[0] or self.lx.heads.longest(keys, i + n)[0]
                    or self.lx.ranks.longest(keys, i + n)[0]):
                break
            n += 1
        return n

    def person(self, words: list[Word], i: int, strong: bool) -> Item | None:
        w = words[i]
        if not w.cap or w.punct:
            return None
        n = self._person_run(words, i)
        if n == 0:
            return None
        keys = _keys(words)
        name_words = [x.text for x in words[i:i + n]]
        if w.key in self.lx.surnames and (n >= 3 or n == 2 and strong):
            n = min(n, 4)
            name = " ".join(name_words[:n])
            if not strong and (self.lx.places.longest(keys, i)[0] >= n or self.lx.countries.longest(keys, i)[0] >= n):
                return None
            return Item("person", i, i + n, name, {"full": True})
        if strong:
            if self.lx.places.longest(keys, i)[0] >= n or self.lx.countries.longest(keys, i)[0] >= n:
                return None
            if self.lx.heads.longest(keys, i)[0] or self.lx.bodies.longest(keys, i)[0]:
                return None
            n = min(n, 4)
            # a short form ("Quốc Tỏ", "Long") or a foreign name ("Phayvy Siboualypha"): attach decides
            return Item("person", i, i + n, " ".join(name_words[:n]), {"full": False})
        return None


_NO_DATA: dict = {}  # shared by separators and plain words, whose data is never written


def _keys(words) -> list[str]:
    return words.keys if isinstance(words, Words) else [w.key for w in words]


def _close_after(words, j):
    for k in range(j, min(j + 9, len(words))):
        if words[k].text == ")":
            return k
    return 0


def _surface(words: list[Word], i: int, j: int) -> str:
    out, last = [], None
    for w in words[i:j]:
        if (w.start, w.end) == last:
            continue
        last = (w.start, w.end)
        out.append(w.surface)
    return _join(out)


def _join(ws: list[str]) -> str:
    s = " ".join(ws)
    if "," not in s and ";" not in s and ":" not in s and "(" not in s and ")" not in s:
        return s
    s = re.sub(r" ([,;:])", r"\1", s)
    s = re.sub(r"\( ", "(", s)
    s = re.sub(r" \)", ")", s)
    return s


def _role_en(before, t, role_words, lx) -> str:
    mods = [lx.modifier_en.get(fold(m), m) for m in before]
    after = [lx.modifier_en.get(fold(w), w) for w in role_words[len(before) + 1:]]
    return " ".join(mods + [t.en] + after)
