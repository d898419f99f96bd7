"""Events (meetings, conferences, visits, ceremonies, signings), their dates and attendees, and emulation
clusters (Khối / Cụm thi đua) with their members, heads and deputy heads.

Dates: "Chiều 4/8", "Sáng 18.6", "ngày 20/6/2024", "21-6". A day without a year takes the year of the
article's dateline, else the year the article speaks of most ("6 tháng đầu năm 2023"), else stays partial
("--08-04"). An article with only a dateline gives the dateline's month ("2025-08").
"""
from __future__ import annotations

import functools
import re
from collections import Counter

from ..lexicon import UPPER, Lexicon
from ..model import Attendance, ClusterMembership, Event
from .attach import Attacher, Parsed
from .recognise import AT

YEAR, DAY, IS = "năm", "ngày", "là"  # year, day (of the month), is
THIS, LAST = "nay", "qua"  # "Chiều nay" (this afternoon), "Sáng qua" (yesterday morning)
_YEAR = re.compile(rf"\b(?:{YEAR}|/)\s?((?:19|20)\d\d)\b")


@functools.lru_cache(maxsize=4)
def _patterns(lx: Lexicon):
    """The day of an event ("Chiều 4/8", "Sáng nay (3/12)", "ngày 20/6/2024") and its place ("tại tỉnh Sóc
    Trăng"), from the day-part cues and the locality words of the lexicons."""
    forms = {f for w in lx.phrases_of("daypart") for f in (w, w[0].swapcase() + w[1:])}  # "Sáng" and "sáng"
    parts = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    day = re.compile(rf"\b(?:(?:{parts})(?:\s+{THIS}|\s+{LAST})?\s*\(?\s*(?:{DAY}\s*)?)"
                     r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})(?:\s*[/.\-]\s*(\d{4}))?\b")
    kinds = "|".join(re.escape(w) for w in sorted(lx.localities, key=len, reverse=True))
    place = re.compile(rf"\b{AT}\s+((?:[{UPPER}][\w.]*|{kinds})(?:\s+(?:[{UPPER}]\w*|[^\W\d{UPPER}]\w*(?=\s+[{UPPER}])))*)")
    # where an event's name ends: at ";", ".", "(" or a cue such as "tại" (at), "do" (by), "theo hình thức" (as)
    ends = "|".join(re.escape(w) for w in sorted(lx.phrases_of("name-end"), key=len, reverse=True))
    name_end = re.compile(rf"[;.]\s|[;.]$|\s\(|,?\s(?:{ends})\s")
    return day, place, name_end


def events(att: Attacher) -> list[Event]:
    stories: dict[int, list[Parsed]] = {}
    for p in att.parsed:
        stories.setdefault(p.sentence.story, []).append(p)
    out = []
    for story, parsed in sorted(stories.items()):
        ev = _story_event(att, story, parsed, len(out) + 1)
        if ev:
            out.append(ev)
    return out


def _story_event(att: Attacher, story: int, parsed: list[Parsed], n: int) -> Event | None:
    day_re, place_re, name_end = _patterns(att.lx)
    lead, m = None, None
    # the lead: a dated sentence naming an event; body sentences before photo captions
    ordered = [p for p in parsed if p.sentence.zone not in ("title", "caption")] + \
              [p for p in parsed if p.sentence.zone == "caption"] + \
              [p for p in parsed if p.sentence.zone == "title"]  # a one-line story: its title is its lead
    for p in ordered:
        m = day_re.search(p.sentence.text)
        if m and _event_word(att, p):
            lead = p
            break
    title = next((p for p in parsed if p.sentence.zone == "title"), None)
    if lead is None:  # a dated lead with no event word ("Chiều 9/10, X đã tiếp ..."): the story's title names it
        lead = next((p for p in ordered if day_re.search(p.sentence.text)), None)
        if lead is not None and title is not None:
            m = day_re.search(lead.sentence.text)
            kw = _event_word(att, title) or (title.sentence.text, "other")
        else:
            lead = next((p for p in ordered if _event_word(att, p)), None)
            if lead is None:
                return None
            m, kw = None, _event_word(att, lead)
    else:
        kw = _event_word(att, lead)
    text = lead.sentence.text
    name = _event_name(text, kw[0], name_end)
    if kw[1] == "other" and title is not None:
        name = title.sentence.text
    if m is None and story == 0:
        if title and _event_word(att, title):
            name = _event_name(title.sentence.text, _event_word(att, title)[0], name_end) or name
    date = _date(m, parsed, att.doc.dateline if story == 0 else None)
    loc = place_re.search(text[m.end():] if m else text)
    organizer = _organizer(att, lead)
    ev = Event(key=f"e{n}", name=name, kind=kw[1], date=date, location=loc.group(1).strip() if loc else None,
               evidence=att.evidence(lead.sentence), organizers=[organizer] if organizer else [])
    seen = set()
    for p in parsed:
        for it, person in p.persons:
            if it.data.get("historical") or person in seen or _absent(p, it):
                continue
            seen.add(person)
            ev.attendees.append(Attendance(person, _capacity(p), att.evidence(p.sentence)))
    return ev


def _event_word(att, p: Parsed):
    keys = [w.key for w in p.words]
    for i in range(len(keys)):
        k, v = att.lx.events.longest(keys, i)
        if k:
            return (" ".join(w.text for w in p.words[i:i + k]), v[1])
    return None


def _event_name(text: str, word: str, name_end) -> str:
    i = text.find(word)
    if i < 0:
        return word
    rest = text[i:]
    cut = name_end.search(rest)
    name = rest[: cut.start()] if cut else rest
    return name.strip(" ,;.")


def _date(m, parsed, dateline: str | None) -> str | None:
    if m is None:
        return dateline[:7] if dateline else None
    d, mo, y = int(m.group(1)), int(m.group(2)), m.group(3)
    if not (1 <= mo <= 12 and 1 <= d <= (29 if mo == 2 else 30 if mo in (4, 6, 9, 11) else 31)):
        return dateline[:7] if dateline else None
    if not y:
        if dateline:
            y = dateline[:4]
        else:
            years = Counter()
            for p in parsed:
                w = 3 if p.sentence.text == m.string else 1
                for yy in _YEAR.findall(p.sentence.text):
                    years[yy] += w
            if years:
                best = max(years.values())
                y = max(yy for yy, c in years.items() if c == best)
    return f"{y}-{mo:02d}-{d:02d}" if y else f"--{mo:02d}-{d:02d}"


def _organizer(att: Attacher, p: Parsed) -> str | None:
    """"X tổ chức <event>" (X organises): the body before the cue."""
    for cue in p.items:
        if cue.kind == "cue" and cue.text == "organize":
            bodies = [it for it in p.items if it.kind == "body" and it.j <= cue.i]
            if bodies:
                return att._resolve(bodies[-1].data["name"])
    return None


def _absent(p: Parsed, it) -> bool:
    """Named but not there: "chuyển lời chúc mừng của Bộ trưởng X tới Y": an absence cue earlier in the clause
    makes every person after it absent (the one who conveys the words, before the cue, was there)."""
    for prev in reversed(p.items[: p.items.index(it)]):
        if prev.kind == "sep" and prev.text == ";":
            return False
        if prev.kind == "cue" and prev.text == "absent":
            return True
    return False


def _capacity(p: Parsed) -> str | None:
    cues = {it.text for it in p.items if it.kind == "cue"}
    for c in ("chair", "speaker", "host", "award", "elected"):
        if c in cues:
            return c
    return None


def clusters(att: Attacher) -> list[ClusterMembership]:
    """Members from lists ("gồm A, B và C", "thành viên là ..."), heads and deputies from their cues."""
    out: list[ClusterMembership] = []
    cluster = None
    for p in att.parsed:
        bodies = [it for it in p.items if it.kind == "body"] + \
                 [it.data["body"] for it in p.items if it.kind == "title" and it.data.get("body") is not None]
        named = [b for b in bodies if b.data["kind"] == "cluster" and len(b.data["name"].split()) > 2]
        if named:
            cluster = att._body(named[0].data["name"], "cluster", named[0].data.get("surface"))
        if cluster is None:
            continue
        ev = att.evidence(p.sentence)
        cues = [(it, it.text) for it in p.items if it.kind == "cue"]
        # member lists: "gồm A, B và C", "thành viên là A, B", "các thành viên của Cụm ... là A, B"
        for j in _member_list_starts(p, cues):
            first = next((x for x in p.items if x.i >= j and not (x.kind == "sep" and x.text == ":")
                          and not (x.kind == "word" and _locality_word(att.lx, p, x))), None)
            if first is None or first.kind not in ("body", "place"):
                continue  # "gồm: Tiếp tục ...": not a list of members
            for b in _list_after(att, p, j):
                if not _negated(p, b):
                    out.append(ClusterMembership(b, cluster, "member", ev))
        # heads and deputies: "X - đơn vị Khối trưởng", "X (Cụm trưởng ...)", "X được bầu làm Khối phó"
        for cue in p.items:
            if cue.kind == "cue" and cue.text in _CLUSTER_ROLES:
                body = _body_before(att, p, cue.i)
                if body:
                    if _member_places(out, cluster, att):
                        body = _place_of(att, body) or body
                    out.append(ClusterMembership(body, cluster, _CLUSTER_ROLES[cue.text], ev))
    # one membership per (body, cluster): the most specific role wins
    best: dict[tuple[str, str], ClusterMembership] = {}
    rank = {"member": 0, "deputy-head": 1, "head": 2}
    for c in out:
        key = (c.body, c.cluster)
        if key not in best or rank[c.role] > rank[best[key].role]:
            best[key] = c
    return list(best.values())


_CLUSTER_ROLES = {"cluster-head": "head", "cluster-deputy": "deputy-head"}  # cue meanings -> roles


def _locality_word(lx: Lexicon, p: Parsed, it) -> bool:
    """"tỉnh", "thành phố" before a place's name in a list of members."""
    keys = p.words.keys
    return lx.locality_trie.longest(keys, it.i)[0] > 0 or it.i > 0 and lx.locality_trie.longest(keys, it.i - 1)[0] == 2


def _member_list_starts(p: Parsed, cues) -> list[int]:
    """Where lists of a cluster's members begin: after a "members" cue, or after "là" (is) in a sentence that
    speaks of the cluster's members ("các thành viên của Cụm thi đua X là A, B")."""
    starts = [it.j for it, meaning in cues if meaning == "members"]
    k = next((it.i for it, meaning in cues if meaning == "membership"), None)
    if k is not None:
        for it, meaning in cues:
            if it.i > k and meaning == "holds" and p.words[it.i].key == IS:
                starts.append(it.j)
                break
    return sorted(set(starts))


def _body_before(att, p: Parsed, k: int) -> str | None:
    """The body a cluster role belongs to: the nearest body before the cue in the sentence (a person's body
    counts: "Chủ tịch UBND tỉnh Sóc Trăng (Cụm trưởng ...)"), else the sentence's first body."""
    cands = []
    for it in p.items:
        b = it.data.get("body") if it.kind == "title" else (it if it.kind in ("body", "place") else None)
        if b is not None and b.data.get("kind") != "cluster" and it.j <= k:
            cands.append(b)
    if not cands:
        cands = [it for it in p.items if it.kind in ("body", "place") and it.data.get("kind") != "cluster"]
        if not cands:
            return None
        cands = cands[:1]
    b = cands[-1]
    return b.text if b.kind == "place" else att._resolve(b.data["name"])


def _list_after(att: Attacher, p: Parsed, j: int) -> list[str]:
    """Bodies and places listed after word j, up to the end of the clause."""
    out = []
    stop_at = next((w.start for w in p.words[j:] if w.text in (";", ".")), None)
    for it in p.items:
        if it.i < j or stop_at is not None and p.words[it.i].start >= stop_at:
            continue
        if it.kind in ("body", "place") and not (it.kind == "body" and it.data.get("kind") == "cluster"):
            out.append(att._resolve(it.data["name"]) if it.kind == "body" else it.text)
    return out


def _negated(p: Parsed, name: str) -> bool:
    """"TP Cần Thơ không nằm trong Cụm": a body followed by a negation cue in its clause."""
    for k, it in enumerate(p.items):
        if (it.data.get("name") if it.kind == "body" else it.text) == name:
            for nxt in p.items[k + 1:k + 4]:
                if nxt.kind == "sep" and nxt.text in (",", ";"):
                    break
                if nxt.kind == "cue" and nxt.text == "negation":
                    return True
    return False


def _member_places(out, cluster, att) -> bool:
    members = [c.body for c in out if c.cluster == cluster]
    return bool(members) and all(att.lx.is_place(m) for m in members)


def _place_of(att, body: str) -> str | None:
    words = body.split()
    for i in range(len(words)):
        rest = " ".join(words[i:])
        if att.lx.is_place(rest) and i > 0:
            return rest
    return None
