"""Attach the recognised pieces to each other: who holds which office in which body, which body is part of
which, which bodies form a cluster, with back-references resolved within the article.

The rules, in the genre's terms:
- a title chain after a name belongs to it ("X, Ủy viên BCH TW Đảng, Thứ trưởng Bộ Công an"), up to ";";
- a title chain that ends right before a name belongs to that name ("Phó Thủ tướng Chính phủ, Bộ trưởng
  Tư pháp Lê Thành Long");
- titles before a colon apply to every name of the list after it ("các đồng chí Phó Viện trưởng: A, B");
- a bare body after a title without one is that title's body ("Phó Trưởng Ban, Ban Quản lý Lăng ..."); after a
  title with one it is the parent of that body ("Cục trưởng Cục Tuyên huấn, Tổng cục Chính trị ...");
- "nguyên", "từng", "đã kinh qua" make offices former; "Về phía X có ..." gives the body of party posts
  that name none ("Bí thư BCS" -> "Ban cán sự Đảng X");
- a short name ("Thứ trưởng Quốc Tỏ", "ông Hải Trung") is the full name it ends; a body given by its head
  alone ("Tỉnh ủy", "UBND tỉnh", "Học viện") is completed from the article (its province, its last full form).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..lexicon import Lexicon, fold
from ..model import Body, Evidence, Office, Person, SubOrganization
from .recognise import OF, UNDER, Item, Recogniser, Word, tokenize
from .segment import Document, Sentence

_RUN_KINDS = {"title", "body", "person", "rank", "honorific"}
_FACT_KINDS = {"title", "body", "person"}
# cues that say the titles after them belong to the person before them ("ông Dũng đã kinh qua: ...", "là")
_LINK_CUES = {"holds", "elected", "former", "current", "concurrent"}
# cues that keep a run of names and titles going: "rồi" (then), "kiêm" (concurrently), "là" (is), "nguyên" ...
_RUN_CUES = {"former", "former-title", "current", "concurrent", "sequence", "holds", "elected"}


@dataclass
class Parsed:
    """One sentence, tokenised and recognised."""

    sentence: Sentence
    words: list[Word]
    items: list[Item]
    persons: list[tuple[Item, str]] = field(default_factory=list)  # (item, canonical full name)


class Attacher:
    def __init__(self, doc: Document, text: str, lx: Lexicon):
        self.doc, self.text, self.lx = doc, text, lx
        self.rec = Recogniser.of(lx)
        self.persons: dict[str, Person] = {}
        self.bodies: dict[str, Body] = {}
        self.offices: list[Office] = []
        self.subs: list[SubOrganization] = []
        self.recent_bodies: list[str] = []  # full body names in reading order
        self.parsed: list[Parsed] = []
        self.province, self.district = None, None
        self.gendered = lx.gendered  # "ông", "bà": he, she
        self.former_title = lx.words_of("former-title")  # "nguyên", "cựu" before a title

    # --- the whole article ------------------------------------------------------------------

    def run(self):
        for s in self.doc.sentences:
            words = tokenize(s.text, s.start, self.lx)
            self.parsed.append(Parsed(s, words, self.rec.items(words)))
        self._locality()
        full = [it.text for p in self.parsed for it in p.items if it.kind == "person" and it.data.get("full")]
        self.seen_at: dict[str, list[int]] = {}  # full name -> the sentences that name it in full
        for n, p in enumerate(self.parsed):
            for it in p.items:
                if it.kind == "person" and it.data.get("full"):
                    self.seen_at.setdefault(it.text, []).append(n)
        for p in self.parsed:
            self._resolve_persons(p, full)
        focus = None
        for p in self.parsed:
            focus = self._sentence(p, focus)
        return self

    def evidence(self, s: Sentence) -> Evidence:
        a, b = self.doc.norm.span(s.start, s.end)
        return Evidence(self.text[a:b], a, b)

    def _locality(self):
        prov, dist = Counter(), Counter()
        for p in self.parsed:
            if p.sentence.story:
                continue
            for it in p.items:
                names = [it.text] if it.kind == "place" else []
                if it.kind in ("body", "title"):
                    b = it.data.get("body") if it.kind == "title" else it
                    if b is not None:
                        names += _locality_names(self.lx, b.data["name"])
                for nm in names:
                    for pl in self.lx.place_by_name.get(fold(nm), []):
                        (prov if pl.level == "province" else dist)[pl.name] += 1
        self.province = prov.most_common(1)[0][0] if prov else None
        self.district = dist.most_common(1)[0][0] if dist else None
        if self.district and not self.province:
            self.province = self.lx.province_of(self.district)

    def _resolve_persons(self, p: Parsed, full: list[str]):
        self._country_or_name(p, full)
        for it in p.items:
            if it.kind != "person":
                continue
            words = fold(it.text).split()
            if it.data.get("historical") or it.data.get("full") and len(words) > 2:
                p.persons.append((it, it.text))
                continue
            # a short form: the full name it ends ("Quốc Tỏ", "Long", "Văn Tuấn" of "Võ Văn Tuấn")
            match = [f for f in full if len(fold(f).split()) > len(words) and fold(f).split()[-len(words):] == words]
            if match:
                name = max(match, key=lambda f: self._recency(f, p))
                p.persons.append((it, name))
                self.persons.setdefault(name, Person(name)).aliases.add(it.text)
            elif it.data.get("full"):
                p.persons.append((it, it.text))
            elif len(words) >= 2 or _foreign_looking(it.text):  # else a foreign name of 2+ words
                it.data["foreign"] = True
                p.persons.append((it, it.text))
                full.append(it.text)

    def _recency(self, name: str, p: Parsed):
        """"Trung" after "Trần Quang Trung" and "Lê Tiến Trung": the one named last before it, else the first after."""
        here = self.parsed.index(p)
        before = [n for n in self.seen_at.get(name, []) if n <= here]
        return (1, max(before)) if before else (0, -min(self.seen_at.get(name, [len(self.parsed)])))

    def _country_or_name(self, p: Parsed, full: list[str]):
        """"Thứ trưởng Đức Hiếu" is Dương Đức Hiếu, not a minister of Germany: a one-word state right after a
        title, followed by a name, is the first syllable of that name when together they end a known name."""
        items = p.items
        for k in range(len(items) - 1):
            t, nxt = items[k], items[k + 1]
            b = t.data.get("body") if t.kind == "title" else None
            if b is None or not b.data.get("country") or b.j - b.i != 1 or nxt.kind != "person" or nxt.i != b.j:
                continue
            joined = fold(f"{p.words[b.i].text} {nxt.text}").split()
            if any(fold(f).split()[-len(joined):] == joined for f in full):
                t.data.pop("body")
                t.j = b.i
                nxt.i, nxt.text = b.i, f"{p.words[b.i].text} {nxt.text}"
                nxt.data["full"] = False
    # --- one sentence -----------------------------------------------------------------------

    def _sentence(self, p: Parsed, focus: str | None) -> str | None:
        items = p.items
        if not any(it.kind in _FACT_KINDS for it in items):
            return focus  # prose: no name, title or body, nothing to attach
        ev = self.evidence(p.sentence)
        names = {id(it): name for it, name in p.persons}
        former_all = any(it.kind == "cue" and it.text == "former" for it in items)
        context = self._context_body(p)
        # persons, with ranks and honorifics just before them
        for idx, it in enumerate(items):
            if id(it) not in names:
                continue
            name = names[id(it)]
            person = self.persons.setdefault(name, Person(name))
            if it.data.get("foreign"):
                person.foreign = True
            k = idx - 1
            while k >= 0 and items[k].kind in ("rank", "honorific"):
                if items[k].kind == "rank":
                    person.ranks.add(items[k].text)
                elif items[k].data.get("gender"):
                    person.gender = items[k].data["gender"]
                k -= 1
        for it in items:  # every body seen, for back-references and the graph
            b = it.data.get("body") if it.kind == "title" else (it if it.kind == "body" else None)
            if b is not None and not (b.data.get("bare") and self._resolve(b.data["name"]) == b.data["name"]):
                self._body(b.data["name"], b.data["kind"], b.data.get("surface"))
        runs = list(_runs(items))
        for run in runs:
            self._run(p, run, names, ev, former_all, context)
        self._distribute(p, names, ev, former_all, context)
        # titles with no name in their run belong to the person they are said of: "ông Dũng đã kinh qua: Phó Bí
        # thư ...; Trưởng Ban ...", "ông là đại biểu Quốc hội", "Tân Chủ tịch UBND tỉnh" (the article's person)
        # "ông", "bà" standing alone (not before a name) point back to the article's person
        pronoun = any(p.words[k].key in self.gendered for it in items if it.kind == "word" for k in range(it.i, it.j))
        first_person = next((names[id(it)] for it in items if id(it) in names
                             and not it.data.get("historical")), None)
        for run in runs:
            if any(id(x) in names for x in run) or _after_cue(p, run[0], "newly"):
                continue  # "Tân Chủ tịch UBND tỉnh": the one just elected, nothing new
            owner = self._owner(p, run, names, focus if pronoun else None)
            if owner:
                self._titles_to(p, run, owner, ev, former_all, context)
        self._subparts(p, ev)
        return first_person or focus

    def _owner(self, p: Parsed, run, names, fallback):
        """The person a run of titles without a name is said of: the last person before it in the sentence,
        when a cue links them ("là", "giữ chức", "đã kinh qua ...:", "được bầu"); else the article's person the
        sentence points back to ("ông", "Tân")."""
        first_title = next((x for x in run if x.kind == "title"), run[0])
        start = p.items.index(first_title)
        person, linked = None, False
        for it in p.items[:start]:
            if id(it) in names and not it.data.get("historical"):
                person, linked = names[id(it)], False
            elif it.kind == "cue" and it.text in _LINK_CUES or \
                    it.kind == "sep" and it.text == ":":
                linked = True
        if person:
            return person if linked else None
        return fallback

    def _distribute(self, p: Parsed, names, ev, former_all, context):
        """"các đồng chí Ủy viên Trung ương Đảng: A, Phó Chủ tịch Quốc hội; B, ...": the titles before the colon
        belong to every name of the list after it, whatever separates the list's entries."""
        items = p.items
        colon = next((k for k, it in enumerate(items) if it.kind == "sep" and it.text == ":"), None)
        if colon is None:
            return
        before = []
        k = colon - 1
        while k >= 0 and items[k].kind in ("title", "body", "sep") and not (items[k].kind == "sep" and items[k].text == ";"):
            before.insert(0, items[k])
            k -= 1
        titles = [it for it in before if it.kind == "title"]
        if not titles:
            return
        for it in items[colon + 1:]:
            if id(it) in names and not it.data.get("historical"):
                self._bind(p, titles, names[id(it)], ev, former_all, context)

    def _context_body(self, p: Parsed) -> str | None:
        """"Về phía X có ...", "Thay mặt X": the body whose people the sentence lists."""
        for k, it in enumerate(p.items[:-1]):
            if it.kind == "cue" and it.text == "context" and p.items[k + 1].kind == "body":
                return self._resolve(p.items[k + 1].data["name"])
        return None

    def _run(self, p, run, names, ev, former_all, context):
        """Bind the titles of one run (a stretch of names, titles, bodies and commas) to its persons."""
        persons = [k for k, it in enumerate(run) if id(it) in names and not it.data.get("historical")]
        if not persons:
            return
        colon = next((k for k, it in enumerate(run) if it.kind == "sep" and it.text == ":"), None)
        groups: dict[int, list[int]] = {k: [] for k in persons}
        for k, it in enumerate(run):
            if it.kind not in ("title", "body"):
                continue
            if colon is not None and k < colon and all(q > colon for q in persons):
                continue  # "các đồng chí Phó Viện trưởng VKSND tối cao: A, B, C": see _distribute
            before = [q for q in persons if q < k]
            after = [q for q in persons if q > k]
            if after and run[after[0] - 1].kind != "sep" and not _dash_between(run, k, after[0]):
                groups[after[0]].append(k)
            elif before:
                groups[before[-1]].append(k)
            elif after:
                groups[after[0]].append(k)
        for q, ks in groups.items():
            name = names[id(run[q])]
            self._bind(p, [run[k] for k in ks], name, ev, former_all, context)

    def _titles_to(self, p, run, holder, ev, former_all, context):
        titles = [it for it in run if it.kind in ("title", "body")]
        if any(it.kind == "title" and (it.data.get("body") is not None or it.data.get("implied")) for it in titles):
            self._bind(p, titles, holder, ev, former_all, context)

    def _bind(self, p, chain: list[Item], person: str, ev: Evidence, former_all: bool, context):
        """Offices of one person from its chain of titles and bare bodies."""
        last: tuple[Item, str | None] | None = None
        pending: list[Item] = []  # titles waiting for a body ("Phó Bí thư rồi Bí thư Huyện đoàn")
        chain_bodies = [self._resolve(it.data["body"].data["name"]) for it in chain
                        if it.kind == "title" and it.data.get("body") is not None]
        for it in chain:
            if it.kind == "body":
                name = self._resolve(it.data["name"])
                if last is not None and last[1] is None:
                    self._office(last[0], person, name, ev, p, former_all)
                    last = (last[0], name)
                elif last is not None and last[1] and name != last[1]:
                    self.subs.append(SubOrganization(last[1], name, ev))
                continue
            b = it.data.get("body")
            raw = b.data["name"] if b is not None else None
            body = self._dependent(raw, chain_bodies, context) if raw in self.lx.dependent else (
                self._resolve(raw) if raw else None)
            if b is not None and b.data.get("bare") and body == raw:
                body = None  # "Phó Chủ tịch Tổng Liên đoàn" with no full form in the article
            nxt = chain.index(it) + 1
            if body is None and nxt < len(chain) and chain[nxt].kind == "body":
                last = (it, None)  # "Phó Trưởng Ban, Ban Quản lý Lăng ...": the next bare body is its body
                continue
            if body is None and it.data.get("overlap") and _after_cue(p, it, "holds"):
                # "Đoàn giám sát ... do X làm Trưởng đoàn": a role by predicate names the body said before it
                body = next((self._resolve(x.data["name"]) for x in reversed(p.items[:p.items.index(it)])
                             if x.kind == "body" and fold(x.data["name"]).startswith(fold(it.data["overlap"]) + " ")),
                            None)
            if body is None and it.data.get("implied"):
                body = it.data["implied"]
                self._body(body, it.data.get("sector", "state"), None)
            if body is None and context and it.data["sector"] != "party":
                body = context
            if body is None and _sequence_after(p, it):
                pending.append(it)
                continue
            self._office(it, person, body, ev, p, former_all)
            for t in pending:
                self._office(t, person, body, ev, p, former_all)
            pending = []
            last = (it, body)

    def _office(self, title: Item, person: str, body: str | None, ev: Evidence, p: Parsed, former_all: bool):
        former = former_all and not _current_before(p, title)  # "..., nay là Cục trưởng": now, not former
        status = "ended" if former or title.i > 0 and p.words[title.i - 1].key in self.former_title else "current"
        role = title.text
        if body and body not in self.bodies:
            self._body(body, title.data.get("sector", "other"), None)  # every office's body is in the graph
        off = Office(person, role, body, status, ev, title.data.get("en"))
        if off not in self.offices:
            self.offices.append(off)

    def _dependent(self, body: str, chain_bodies: list[str], context: str | None) -> str:
        """"Ban cán sự Đảng" -> "Ban cán sự Đảng Kiểm toán Nhà nước": the body beside it in the chain (a Party
        committee for a committee's own boards, data/lexicon/dependent_bodies.tsv says which)."""
        committees = self.lx.committees
        others = [b for b in chain_bodies if b not in self.lx.dependent and not b.startswith(body)]
        beside = [b for b in others if b.startswith(committees)] + [
            q for q in (self._parent_in_name(b) for b in others) if q and q.startswith(committees)]
        if self.lx.dependent[body] == "committee" and beside:
            parent = beside[0]
        else:
            states = [b for b in others if not b.startswith(committees) and self._kind(b) != "party"]
            parent = context or (states[-1] if states else None)
        if not parent:
            return self._resolve(body)  # "Bí thư Đảng ủy" later in the article: its last full form
        full = f"{body} {parent}"
        self._body(full, self.bodies.get(body, Body(body)).kind, None)
        self.subs.append(SubOrganization(full, parent, Evidence("", 0, 0)))
        return full

    def _kind(self, name: str) -> str:
        b = self.bodies.get(name)
        return b.kind if b else "other"

    def _subparts(self, p: Parsed, ev: Evidence):
        """"Cục TGPL - Bộ Tư pháp", "Ban Tổ chức Tỉnh ủy": a body and its parent."""
        items = p.items
        for k, it in enumerate(items):
            b = it.data.get("body") if it.kind == "title" else (it if it.kind == "body" else None)
            if b is None:
                continue
            child = self._resolve(b.data["name"])
            if k + 2 < len(items) and items[k + 1].kind == "sep" and items[k + 1].text == "-" \
                    and items[k + 2].kind == "body" and it.kind == "body" and not it.data.get("country") \
                    and not items[k + 2].data.get("country"):
                self.subs.append(SubOrganization(child, self._resolve(items[k + 2].data["name"]), ev))
            parent = self._parent_in_name(child)
            if parent:
                self.subs.append(SubOrganization(child, parent, ev))

    def _parent_in_name(self, name: str) -> str | None:
        """"Ban Tổ chức Tỉnh ủy Quảng Nam" -> "Tỉnh ủy Quảng Nam"; "Ủy ban Tư pháp của Quốc hội" -> "Quốc hội".
        A known body's name says nothing of its parent ("Kiểm toán Nhà nước" is not part of "Nhà nước")."""
        if self.lx.body_entry(name):
            return None
        words = name.split()
        keys = [fold(w) for w in words]
        for i in range(1, len(words)):
            if keys[i - 1] in (OF, UNDER):
                return self._resolve(" ".join(words[i:]))
            if not words[i][:1].isupper():
                continue
            hk, head = self.lx.heads.longest(keys, i)
            bk, _ = self.lx.bodies.longest(keys, i)
            if bk == len(words) - i or hk and head.kind in ("party", "state", "local", "council") \
                    and (not head.needs_name or i + hk < len(words)):
                return self._resolve(" ".join(words[i:]))
        return None

    # --- bodies -----------------------------------------------------------------------------

    def _resolve(self, name: str) -> str:
        """Complete a body named by its head: its locality ("Tỉnh ủy" -> "Tỉnh ủy Quảng Nam", "UBND tỉnh" ->
        "UBND tỉnh Quảng Nam"), or the last full form seen ("Học viện" -> "Học viện Chính trị khu vực II")."""
        keys = fold(name).split()
        hk, head = self.lx.heads.longest(keys, 0)
        level = head.locality if hk == len(keys) else None  # "Tỉnh ủy" alone
        for n in (2, 1):  # ... or a body ending in a locality word: "Công an tỉnh", "UBND thành phố"
            if level is None and len(keys) > n:
                level = self.lx.localities.get(" ".join(keys[-n:]))
        place = {"province": self.province, "district": self.district}.get(level)
        if place:
            return f"{name} {place}"
        if hk == len(keys) or hk and head.kind == "cluster":
            # a bare head, or a cluster named short ("Khối Thi đua các tổ chức Chính trị - xã hội"): its last
            # full form in the article
            short = fold(name)
            for full in reversed(self.recent_bodies):
                longer = fold(full)
                if len(longer) > len(short) and longer.startswith(short) and not longer[len(short)].isalnum():
                    return full
        return name

    def _body(self, name: str, kind: str, surface: str | None):
        full = self._resolve(name)
        entry = self.lx.body_entry(full)
        b = self.bodies.get(full)
        if b is None:
            b = self.bodies[full] = Body(full, kind=entry.kind if entry else kind, label_en=entry.en if entry else None)
            if entry:
                b.aliases.update(a for a in entry.aliases)
        for form in (name, surface):
            if form and form != full and len(form.split()) > 1:
                b.aliases.add(form)
        if full in self.recent_bodies:
            self.recent_bodies.remove(full)
        self.recent_bodies.append(full)  # most recent last: a bare head refers back to it
        return full


def _runs(items: list[Item]):
    """Stretches of names, titles, bodies and commas; a ';', a verb or another word ends one."""
    run: list[Item] = []
    for it in items:
        if it.kind in _RUN_KINDS or it.kind == "sep" and it.text in (",", "-", ":", "(", ")", "...") \
                or it.kind == "cue" and it.text in _RUN_CUES:
            run.append(it)
            continue
        if run:
            yield run
        run = []
    if run:
        yield run


def _dash_between(run, k, q) -> bool:
    """"A - Giám đốc Sở X - B": a dash apposition belongs to the name before it, not the one after."""
    return any(run[m].kind == "sep" and run[m].text == "-" for m in range(k, q))


def _current_before(p: Parsed, it: Item) -> bool:
    """A "nay là" / "hiện là" (now) cue before the title, after the sentence's last "former" cue."""
    state = False
    for x in p.items[: p.items.index(it)]:
        if x.kind == "cue" and x.text in ("former", "current"):
            state = x.text == "current"
    return state


def _after_cue(p: Parsed, it: Item, meaning: str) -> bool:
    k = p.items.index(it) - 1
    return k >= 0 and p.items[k].kind == "cue" and p.items[k].text == meaning


def _sequence_after(p: Parsed, it: Item) -> bool:
    """"Phó Bí thư rồi Bí thư Huyện đoàn X": the title is followed by "rồi" (then)."""
    k = p.items.index(it) + 1
    return k < len(p.items) and p.items[k].kind == "cue" and p.items[k].text == "sequence"


def _locality_names(lx: Lexicon, name: str) -> list[str]:
    """The place names a body's name carries after a locality word: "UBND tỉnh Quảng Nam" -> ["Quảng Nam"]."""
    keys = fold(name).split()
    words = name.split()
    out = []
    for i in range(len(keys)):
        k, _ = lx.locality_trie.longest(keys, i)
        if k and i + k < len(words):
            out.append(" ".join(words[i + k:]))
    return out


def _foreign_looking(name: str) -> bool:
    """A single word that is no Vietnamese syllable: "Lavrov", "Shoigu" (letters f, j, w, z; a final consonant
    Vietnamese never ends a syllable with; a consonant cluster it never starts one with)."""
    s = fold(name)
    return len(s) > 3 and (any(c in s for c in "fjwz") or s[-1] in "bdklrsv" or s[:2] in ("bl", "br", "cl", "dr", "fr",
                                                                                       "gl", "gr", "pl", "pr", "sh",
                                                                                       "st", "sv"))
