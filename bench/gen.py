#!/usr/bin/env python3
"""Seeded generator of synthetic Vietnamese news articles about officials, for benchmarks and sanity checks.

    python bench/gen.py --n 1000 --seed 7 --out DIR            # DIR/syn7-000000.txt ...
    python bench/gen.py --n 1000 --seed 7 --jsonl FILE         # one article a line: id, title, date, text
    python bench/gen.py --n 50 --out DIR --gold                # + DIR/NAME.gold.json for ../shared/eval/score.py
    python bench/gen.py --n 1000 --jsonl a.jsonl --truth t.jsonl   # + the facts each article states

The world is fixed by the seed: a population of officials, each holding one main office (plus Party offices)
in a central or provincial body, keeps its name and offices across articles, so graphs built from many
articles connect. Each article draws an event, an organizer and attendees from that population and writes
them in the genre's shapes (attendee lists, title chains, dash appositions, abbreviations, "nguyên" former
offices, emulation clusters, repeated photo captions, back-references, policy prose, a "Đọc thêm" block).

Vietnamese words live in data: the lexicons in data/lexicon/ (surnames, provinces), bench/names.tsv (middle
and given names) and bench/patterns.yaml (bodies, offices, clusters, sentence patterns). The truth of an
article is in the gold format of ../shared/corpus/README.md. Article i depends only on (seed, i).
"""
from __future__ import annotations

import argparse
import csv
import json
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
LEXICON = HERE.parent / "data" / "lexicon"
START_YEAR, END_YEAR = 2021, 2025
TEASER_BYTES = 450  # a teaser's usual size (title, caption, lead), to budget the "Đọc thêm" block


def _tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    return [{k: (v or "").strip() for k, v in r.items() if k}
            for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def fill(template: str, **fields) -> str:
    """str.format, calling a field's function only when the template uses the field: naming a person or a
    body records it in the article's truth, so a field the template leaves out must not be computed."""
    return template.format(**{k: (v() if callable(v) else v) for k, v in fields.items() if "{" + k + "}" in template})


# --- the world ------------------------------------------------------------------------------------------


@dataclass
class Post:
    role: str  # "Phó Chủ tịch Thường trực"
    body: str  # canonical body name
    parent: str | None = None  # the body's parent when the text names it ("Vụ Pháp chế, Bộ Tư pháp")
    within: str | None = None  # the parent the body's own name implies ("Ban Thường vụ Tỉnh ủy X" in "Tỉnh ủy X")


@dataclass
class Official:
    name: str
    gender: str  # m | f
    main: Post
    extras: list[Post] = field(default_factory=list)  # Party offices, written before the main one
    rank: str | None = None  # Thượng tướng, PGS.TS ...
    retired: bool = False  # written "nguyên <main office>"

    @property
    def short(self) -> str:
        """The last two syllables, as the genre refers back to a person: "Thứ trưởng Quốc Tỏ"."""
        return " ".join(self.name.split()[-2:])

    @property
    def given(self) -> str:
        return self.name.split()[-1]


@dataclass
class Body:
    name: str
    head: str
    deputy: str
    tags: list[str]
    kind: str
    sector: str | None = None
    prov: str | None = None  # the province of a provincial body
    fields: dict = field(default_factory=dict)  # {unit}, {party}, {prov} for templates
    people: list[Official] = field(default_factory=list)  # head first, then deputies, then unit heads


class World:
    """The population of officials and bodies, fixed by the seed."""

    def __init__(self, seed: int):
        self.p = yaml.safe_load((HERE / "patterns.yaml").read_text(encoding="utf-8"))
        rng = random.Random(seed)
        surnames = [r["surname"] for r in _tsv(LEXICON / "surnames.tsv") if r["surname"] not in self.p["surname_skip"]]
        # family names are very unequal (Nguyễn alone is about a third): Zipf-like weights by file order
        self.surnames, self.surname_w = surnames, [1.0 / (i + 1) ** 1.1 for i in range(len(surnames))]
        names = _tsv(HERE / "names.tsv")
        self.middle = {g: [r["syllable"] for r in names if r["slot"] == "middle" and r["gender"] in (g, "any")] for g in "mf"}
        self.given = {g: [r["syllable"] for r in names if r["slot"] == "given" and r["gender"] in (g, "any")] for g in "mf"}
        self.lex_kind = {r["name"]: r["kind"] for r in _tsv(LEXICON / "bodies.tsv")}
        self.provinces = [r for r in _tsv(LEXICON / "admin_units.tsv")
                          if r["level"] == "province" and r["era"] in ("pre2025", "both")]
        self.taken: set[str] = set()
        self.bodies: dict[str, Body] = {}
        self.officials: list[Official] = []
        self.kind_of: dict[str, str] = {}  # canonical body -> kind (for the truth)
        for spec in self.p["central_bodies"]:
            self._body(rng, spec, {})
        self.by_province: dict[str, list[Body]] = {}
        for prov in self.provinces:
            city = prov["type_vi"] == "thành phố"
            f = {"prov": prov["name"], "unit": "thành phố" if city else "tỉnh", "party": "Thành ủy" if city else "Tỉnh ủy"}
            self.by_province[prov["name"]] = [self._body(rng, spec, f) for spec in self.p["local_bodies"]]
        self.central = [self.bodies[s["name"]] for s in self.p["central_bodies"]]
        # retired officials: a former office copied from a post somebody else now holds
        self.retired_pool: list[Official] = []
        for _ in range(int(len(self.officials) * self.p["retired_share"])):
            model = rng.choice(self.officials)
            gender = "f" if rng.random() < self.p["female_share"] else "m"
            self.retired_pool.append(Official(self._name(rng, gender), gender,
                                              Post(model.main.role, model.main.body, model.main.parent), retired=True))
        self.clusters = self.p["clusters"]
        self.cluster_of: dict[str, dict] = {m: c for c in self.clusters for m in c["members"]}
        # photo credits and bylines: reporters' pen names (middle + given name), never persons of the graph
        self.credits = [f"{rng.choice(self.middle[g])} {rng.choice(self.given[g])}" for g in "mf" * 20]
        self.credits = [c for c in self.credits if not c.startswith("Thị ")] or self.credits
        for spec in self.p["clusters"]:
            self.kind_of[spec["name"]] = "cluster"

    def _name(self, rng: random.Random, gender: str) -> str:
        while True:
            sur = rng.choices(self.surnames, self.surname_w)[0]
            mid = "Thị" if gender == "f" and rng.random() < 0.55 else rng.choice(self.middle[gender])
            if rng.random() < 0.12:  # a second middle name: Nguyễn Thị Thanh Hà
                extra = rng.choice(self.middle[gender])
                if extra not in (mid, "Thị"):
                    mid = f"{mid} {extra}"
            name = f"{sur} {mid} {rng.choice(self.given[gender])}"
            if name not in self.taken and len(set(name.split())) == len(name.split()):
                self.taken.add(name)
                return name

    def _person(self, rng, body: Body, post: Post, level: str) -> Official:
        female = body.fields.get("female") or rng.random() < self.p["female_share"]
        gender = "f" if female else "m"
        o = Official(self._name(rng, gender), gender, post)
        if body.sector:
            o.rank = rng.choice(self.p["ranks"][body.sector][level])
        elif rng.random() < self.p["academic_share"]:
            o.rank = rng.choice(self.p["academic_titles"])
        for rule in self.p["extra_offices"]:
            if rule["post"] == level and set(rule["tags"]) & set(body.tags) and rng.random() < rule["p"]:
                f = dict(body.fields, body=body.name)
                extra = Post(rule["role"], rule["body"].format(**f),
                             within=rule["parent"].format(**f) if rule.get("parent") else None)
                self.kind_of.setdefault(extra.body, "party")
                o.extras.append(extra)
        body.people.append(o)
        self.officials.append(o)
        return o

    def _body(self, rng, spec: dict, f: dict) -> Body:
        name = spec["name"].format(**f)
        tags = spec["tags"]
        kind = self.lex_kind.get(name) or {"ubnd": "local", "hdnd": "council", "party_local": "party",
                                           "local_mass": "mass"}.get(tags[0], spec.get("sector") or "state")
        b = Body(name, spec["head"], spec["deputy"], tags, kind, spec.get("sector"), f.get("prov"),
                 dict(f, female=spec.get("female", False)))
        self.bodies[name] = b
        self.kind_of[name] = kind
        self._person(rng, b, Post(b.head, name), "head")
        for i in range(spec.get("deputies", 2)):
            role = b.deputy + (" Thường trực" if i == 0 and spec.get("standing") else "")
            self._person(rng, b, Post(role, name), "deputy")
        for unit in spec.get("units", []):
            title = next(t for w, t in sorted(self.p["unit_heads"].items(), key=lambda kv: -len(kv[0]))
                         if unit.startswith(w + " "))
            self.kind_of[unit] = "state"
            u = self._person(rng, b, Post(title, unit, name), "unit")
            if b.sector:
                u.rank = rng.choice(self.p["ranks"][b.sector]["unit"])
        return b


# --- one article ----------------------------------------------------------------------------------------


class Truth:
    """The facts an article states, in the gold format of ../shared/corpus/README.md."""

    def __init__(self, aid: str):
        self.id = aid
        self.persons: dict[str, dict] = {}
        self.orgs: dict[str, dict] = {}
        self.positions: dict[tuple, None] = {}
        self.subs: dict[tuple, None] = {}
        self.clusters: dict[tuple, None] = {}
        self.events: list[dict] = []

    def person(self, o: Official, gender: str | None = None, rank: bool = False, alias: str | None = None):
        p = self.persons.setdefault(o.name, {"name": o.name, "aliases": [], "ranks": [], "gender": None,
                                             "foreign": False})
        if gender:
            p["gender"] = gender
        if rank and o.rank and o.rank not in p["ranks"]:
            p["ranks"].append(o.rank)
        if alias and alias not in p["aliases"]:
            p["aliases"].append(alias)

    def org(self, name: str, kind: str, surface: str | None = None):
        o = self.orgs.setdefault(name, {"name": name, "aliases": [], "kind": kind})
        if surface and surface != name and surface not in o["aliases"]:
            o["aliases"].append(surface)

    def to_json(self) -> dict:
        return {
            "id": self.id,
            "persons": list(self.persons.values()),
            "organizations": list(self.orgs.values()),
            "positions": [dict(zip(("person", "role", "org", "status"), k)) for k in self.positions],
            "suborganizations": [{"child": c, "parent": p} for c, p in self.subs],
            "clusters": [dict(zip(("cluster", "org", "role"), k)) for k in self.clusters],
            "events": self.events,
        }


class Writer:
    """Writes one article with its own random stream; records every stated fact in `truth`."""

    def __init__(self, world: World, rng: random.Random, aid: str):
        self.w, self.p, self.r = world, world.p, rng
        self.truth = Truth(aid)
        self.seen: set[str] = set()  # persons already introduced in full (later: back-references)

    # bodies
    def body(self, name: str) -> str:
        """A body as written: canonical, or with some parts abbreviated (UBND, BCH TW, TĐKT ...)."""
        s = name
        for full, abbrs in self.p["abbreviate"].items():
            if full in s and self.r.random() < self.p["abbreviate_p"]:
                s = s.replace(full, self.r.choice(abbrs), 1)
        self.truth.org(name, self.w.kind_of.get(name, "state"), s)
        return s

    def office(self, post: Post, with_parent: bool = True) -> str:
        """Role + body, sharing the words they overlap on: "Trưởng ban" + "Ban Tổ chức TW" -> "Trưởng Ban Tổ chức TW"."""
        rw, bw = post.role.split(), post.body.split()
        k = next((k for k in range(min(len(rw), len(bw)), 0, -1)
                  if [w.casefold() for w in rw[-k:]] == [w.casefold() for w in bw[:k]]), 0)
        text = " ".join(rw[:len(rw) - k] + [self.body(post.body)])
        if with_parent and post.parent:
            sep = self.r.choice([", ", " - ", " thuộc "])
            text += sep + self.body(post.parent)
            self.truth.subs[(post.body, post.parent)] = None
        return text

    def _state(self, o: Official, post: Post):
        self.truth.positions[(o.name, post.role, post.body, "former" if o.retired else "current")] = None
        if post.within:
            self.truth.subs[(post.body, post.within)] = None
            self.truth.org(post.within, self.w.kind_of.get(post.within, "party"))

    def chain(self, o: Official, extras: bool = True) -> str:
        """The offices of a person, Party offices first: "Ủy viên BCH TW Đảng, Thứ trưởng Bộ Công an"."""
        if o.retired:
            self._state(o, o.main)
            return "nguyên " + self.office(o.main)
        posts = [e for e in o.extras if extras and self.r.random() < 0.75] + [o.main]
        for post in posts:
            self._state(o, post)
        return ", ".join(self.office(post) for post in posts)

    # persons
    def full(self, o: Official, style: str | None = None) -> str:
        """A person introduced in full, in one of the genre's shapes."""
        style = style or self.r.choice(["chain", "chain", "chain", "dash", "title_first"])
        if o.retired and style == "title_first":
            style = "chain"
        self.seen.add(o.name)
        rank = o.rank and self.r.random() < 0.85
        pre = f"{o.rank} " if rank else ""
        gender = None
        if not rank and self.r.random() < 0.5:
            hon = self.r.choice(["đồng chí", "ông/bà", "ông/bà"])
            if hon == "ông/bà":
                hon, gender = ("ông", "m") if o.gender == "m" else ("bà", "f")
            pre = hon + " "
        self.truth.person(o, gender, rank)
        if style == "title_first":
            self._state(o, o.main)
            return f"{pre if rank else ''}{self.office(o.main, with_parent=False)} {o.name}"
        sep = " - " if style == "dash" else ", "
        return f"{pre}{o.name}{sep}{self.chain(o)}"

    def title_full(self, o: Official) -> str:
        """Title before the name, main office only: "Thứ trưởng Bộ Tư pháp Nguyễn Thanh Tịnh"."""
        self.seen.add(o.name)
        self.truth.person(o)
        self._state(o, o.main)
        return ("nguyên " if o.retired else "") + f"{self.office(o.main, with_parent=False)} {o.name}"

    def ref(self, o: Official) -> str:
        """A back-reference to a person already named in full."""
        if o.name not in self.seen:
            return self.full(o)
        form = self.r.random()
        if form < 0.55 and not o.retired:
            self.truth.person(o, alias=o.short)
            return f"{o.main.role} {o.short}"
        if form < 0.8:
            hon, g = ("ông", "m") if o.gender == "m" else ("bà", "f")
            self.truth.person(o, gender=g, alias=o.given)
            return f"{hon} {o.given}"
        return f"{o.main.role} {o.name}" if not o.retired else o.name

    def plist(self, people: list[Official], style: str | None = None) -> str:
        return "; ".join(self.full(o, style) for o in people)

    # prose
    def sentence(self, year: int, opener: str | None = "") -> str:
        """A sentence of policy prose; opener None: one drawn at random."""
        f = self.p["filler"]
        if opener is None:
            opener = self.r.choice(f["openers"])
        s = (opener + self.r.choice(f["subjects"]) + " " + self.r.choice(f["predicates"])
             + self.r.choice(f["tails"]) + ".")
        return _cap(s.format(year0=year - 1, year=year))

    def paragraph(self, year: int) -> str:
        openers = self.r.sample(self.p["filler"]["openers"], 4)  # no opener twice in a paragraph
        return " ".join(self.sentence(year, openers[k]) for k in range(self.r.randint(2, 4)))

    def credit(self) -> str:
        c = self.r.choice(self.w.credits) if self.r.random() < 0.7 else self.r.choice(self.p["credit_agencies"])
        return self.r.choice(self.p["credit_forms"]).format(c=c)

    def date_phrase(self, y: int, m: int, d: int) -> tuple[str, bool | None]:
        form = self.r.choice(self.p["date_forms"])
        return form["form"].format(dp=self.r.choice(self.p["dayparts"]), d=d, m=m, y=y), form["year"]


def _iso(y, m, d, year_known, dateline):
    if year_known is None:  # "Mới đây": only a dateline tells the month
        return f"{y:04d}-{m:02d}" if dateline else None
    return f"{y:04d}-{m:02d}-{d:02d}" if (year_known or dateline) else f"--{m:02d}-{d:02d}"


@dataclass
class Synthetic:
    id: str
    title: str
    date: str  # ISO publication date
    text: str
    truth: dict

    def jsonl(self) -> str:
        return json.dumps({"id": self.id, "title": self.title, "date": self.date, "text": self.text},
                          ensure_ascii=False)


class Generator:
    def __init__(self, seed: int = 7, target_bytes: int = 2000):
        self.seed = seed
        self.world = World(seed)
        self.target = target_bytes

    def __iter__(self):
        i = 0
        while True:
            yield self.article(i)
            i += 1

    def take(self, n: int, start: int = 0):
        return (self.article(i) for i in range(start, start + n))

    # organizer, hosts, guests of an event
    def _cast(self, r: random.Random, spec: dict):
        w = self.world
        who = spec["organizer"]
        if who == "any":
            who = r.choice(["central", "local"])
        cluster = None
        if who == "cluster":
            cluster = r.choice(w.clusters)
            head_member = r.choice(cluster["members"])
            deputy_member = r.choice([m for m in cluster["members"] if m != head_member])
            host = self._member_body(head_member)
            pool = [self._member_body(m) for m in r.sample(cluster["members"], min(5, len(cluster["members"])))]
            organizer = cluster["name"]
            cluster = dict(cluster, head=head_member, deputy=deputy_member)
        elif who == "local":
            prov = r.choice(list(w.by_province))
            bodies = w.by_province[prov]
            host = bodies[1] if spec["kw"] == "Kỳ họp" else r.choice(bodies[:2] + bodies[3:4])
            organizer = host.name
            pool = [b for b in bodies if b is not host] + [r.choice(w.central)]
        else:
            host = r.choice(w.central)
            organizer = host.name
            pool = r.sample(w.central, 6)
            member = w.cluster_of.get(host.name)
            if member and r.random() < 0.5:
                cluster = dict(member, head=r.choice(member["members"]), deputy=None)
        hosts = host.people[:1] + r.sample(host.people[1:], min(len(host.people) - 1, r.randint(1, 2)))
        guests = []
        for b in pool:
            if b is not host and b.people:
                guests.append(r.choice(b.people[:3]))
        r.shuffle(guests)
        return organizer, host, hosts, guests[:r.randint(2, 4)], cluster

    def _member_body(self, member: str) -> Body:
        w = self.world
        if member in w.bodies:
            return w.bodies[member]
        return w.by_province[member][0]  # a province is represented by its People's Committee

    def article(self, i: int) -> Synthetic:
        r = random.Random(self.seed * 1_000_003 + i)
        w, p = self.world, self.world.p
        aid = f"syn{self.seed}-{i:06d}"
        wr = Writer(w, r, aid)
        spec = r.choice(p["events"])
        organizer, host, hosts, guests, cluster = self._cast(r, spec)
        y, m, d = r.randint(START_YEAR, END_YEAR), r.randint(1, 12), r.randint(1, 28)
        other = r.choice([b for b in w.central if b is not host])
        event = spec["name"].format(year=y, year0=y - 1, n=r.choice(spec.get("n", [10, 15, 20, 25, 30, 50, 70, 80])),
                                    body=host.name, body2=other.name, term=r.choice(p["roman"]),
                                    topic=r.choice(p["topics"]),
                                    training=r.choice(p["trainings"]).format(year=y))
        if "{body2}" in spec["name"]:
            wr.truth.org(other.name, w.kind_of.get(other.name, "state"))
        ev, Ev = spec["kw"].lower(), spec["kw"]
        attendees: dict[str, None] = {}

        def came(*people):
            for o in people:
                attendees[o.name] = None

        # lead and dateline
        dateline = r.random() < 0.35
        when, year_known = wr.date_phrase(y, m, d)
        place = r.choice(p["places"]) if host.prov is None else (f"tỉnh {host.prov}" if host.fields["unit"] == "tỉnh"
                                                                 else f"thành phố {host.prov}")
        lead_t = r.choice(p["leads"])
        org_text = wr.body(organizer)
        lead = lead_t.format(src=p["source_tag"], when=when, org=org_text, event=event, place=place)
        location = place if "{place}" in lead_t else None
        chair = hosts[0]
        speakers = [g for g in guests if not g.retired][:r.randint(1, 2)] or hosts[:1]
        reporter = hosts[-1]

        # title
        title_t = r.choice(p["headlines"])
        if "{cluster_short_name}" in title_t and not cluster:
            title_t = p["headlines"][0]
        if "{Tfull}" in title_t:
            vip = speakers[0]
            came(vip)
            title = title_t.format(Tfull=wr.title_full(vip), event=event)
        else:
            title = fill(title_t, org_short=lambda: wr.body(organizer), event=event, slogan=r.choice(p["slogans"]),
                                   cluster_short_name=cluster["name"] if cluster else "", year0=y - 1)
        head = [_cap(title)]
        if dateline:
            hh, mi = r.randint(6, 22), r.randint(0, 59)
            head.append(r.choice(p["datelines"]).format(dd=f"{d:02d}", mm=f"{m:02d}", y=y, hh=f"{hh:02d}",
                                                        mi=f"{mi:02d}", weekday=r.choice(p["weekdays"])))
        if r.random() < 0.6:
            cap, named = self._caption(wr, r, chair, ev)
            if named:
                came(chair)
            head.append(cap + "\n" + cap)
        head.append(_cap(lead))

        # who was there
        body_parts = []
        sharers = [g for g in guests if any(e.body == "Ban Chấp hành Trung ương Đảng" for e in g.extras)]
        if len(sharers) >= 2 and r.random() < 0.4:
            shared = "Ủy viên " + r.choice(["Trung ương Đảng", "BCH TW Đảng", "Ban Chấp hành Trung ương Đảng"])
            for g in sharers:
                wr.truth.person(g, rank=False)
                wr._state(g, Post("Ủy viên", "Ban Chấp hành Trung ương Đảng"))
            wr.truth.org("Ban Chấp hành Trung ương Đảng", "party", shared[len("Ủy viên "):])
            items = []
            for g in sharers:
                wr.seen.add(g.name)
                wr.truth.person(g, rank=bool(g.rank))
                wr._state(g, g.main)
                items.append(f"{(g.rank + ' ') if g.rank else ''}{g.name}, {wr.office(g.main)}")
            rest = [g for g in guests if g not in sharers]
            text = r.choice(p["shared_title"]).format(ev=ev, shared=shared, list="; ".join(items))
            if rest:
                text += " " + r.choice(p["guests"][:3]).format(ev=ev, Ev=Ev, list=wr.plist(rest)).replace("Dự", "Cùng dự", 1)
        else:
            text = r.choice(p["guests"]).format(ev=ev, Ev=Ev, list=wr.plist(guests))
        came(*guests)
        if r.random() < 0.6:
            text += " " + r.choice(p["host_side"]).format(org=wr.body(host.name), list=wr.plist(hosts))
            came(*hosts)
        body_parts.append(text)
        extra = []
        if r.random() < 0.5:
            ct = r.choice(p["chair"])
            who = wr.ref(chair)
            extra.append(_cap(ct.format(P=who, ev=ev, Ev=Ev, list=who)))
            came(chair)
        if r.random() < 0.4:
            reps = r.sample(w.central, 3)
            extra.append(r.choice(p["representatives"]).format(Ev=Ev, orgs=", ".join(wr.body(b.name) for b in reps)))
        if r.random() < 0.25:
            old = r.sample(w.retired_pool, r.randint(1, 2))
            extra.append(r.choice(p["former_guests"]).format(Ev=Ev, list=wr.plist(old, "chain")))
            came(*old)
        if r.random() < 0.15:
            far = r.choice([o for o in w.officials if o.name not in attendees and o.name not in wr.seen])
            t = r.choice(p["absent"])
            extra.append(_cap(fill(t, Ev=Ev, ev=ev, P=lambda: wr.full(far, "chain"), X=lambda: wr.ref(hosts[-1]))))
            if "{X}" in t:
                came(hosts[-1])
        if extra:
            body_parts.append(" ".join(extra))

        # cluster paragraph
        if cluster:
            body_parts.append(self._cluster(wr, r, cluster, ev, Ev, y))

        # report, prose, speeches
        core = []
        if r.random() < 0.7:
            sent = wr.sentence(y)
            core.append(_cap(fill(r.choice(p["report"]), ev=ev, P=lambda: wr.ref(reporter),
                                                          sentence=sent[0].lower() + sent[1:])))
            came(reporter)
        speech = []
        for s in speakers:
            if r.random() < 0.5:
                cap, _ = self._caption(wr, r, s, ev)
                speech.append(cap + "\n" + cap)
            t = r.choice(p["speech"])
            sent = wr.sentence(y)
            speech.append(_cap(fill(t, ev=ev, T=lambda: wr.ref(s),
                                    Tshort=lambda: wr.full(s) if s.name not in wr.seen else f"{s.main.role} {s.short}",
                                    praise=r.choice(p["praise"]), request=r.choice(p["requests"]),
                                    sentence=sent[0].lower() + sent[1:] if "{T} đề nghị" not in t else sent)))
            if "{Tshort}" in t and s.name in wr.seen:
                wr.truth.person(s, alias=s.short)
            came(s)
        tail = []
        if r.random() < 0.5:
            tasks = r.sample(p["filler"]["tasks"], 3)
            dt = r.choice(p["filler"]["directions"])
            tail.append(fill(dt, year=y, org=lambda: wr.body(organizer), task="{}").format(*tasks))

        want_teasers = r.randint(2, 3) if r.random() < 0.45 else 0
        byline = []
        if r.random() < 0.3:
            byline.append(r.choice(p["bylines"]).format(c=r.choice(w.credits), c2=r.choice(w.credits)))

        # prose until the article reaches its length
        target = max(1400, min(3800, int(r.gauss(self.target, 350))))
        size = sum(len(x.encode()) + 2 for x in head + body_parts + core + speech + tail + byline)
        while want_teasers and size + TEASER_BYTES * want_teasers > target + 400:
            want_teasers -= 1  # the "read more" block is what a long article loses first
        teasers = self._teasers(wr, r, y, m, d, want_teasers) if want_teasers >= 2 else []
        size += sum(len(x.encode()) + 2 for x in teasers)
        filler = []
        while size < target:
            para = wr.paragraph(y)
            filler.append(para)
            size += len(para.encode()) + 2
        k = r.randint(0, len(filler))
        paragraphs = head + body_parts + core + filler[:k] + speech + filler[k:] + tail + teasers + byline
        text = unicodedata.normalize("NFC", "\n\n".join(paragraphs) + "\n")

        wr.truth.events.insert(0, {"id": "e1", "name": event, "kind": spec["kind"],
                                   "date": _iso(y, m, d, year_known, dateline), "location": location,
                                   "organizers": [organizer], "attendees": list(attendees)})
        wr.truth.org(organizer, w.kind_of.get(organizer, "state"))
        truth = wr.truth.to_json()
        truth["title"] = _cap(title)
        return Synthetic(aid, _cap(title), f"{y:04d}-{m:02d}-{d:02d}", text, truth)

    def _caption(self, wr: Writer, r, o: Official, ev: str) -> tuple[str, bool]:
        """A photo caption with its credit, and whether it names the person."""
        t = r.choice(self.world.p["captions"])
        text = fill(t, ev=ev, Tfull=lambda: wr.title_full(o),
                    P=lambda: wr.full(o, r.choice(["chain", "title_first"])) if o.name not in wr.seen else wr.ref(o))
        return _cap(text) + " " + wr.credit(), "{P}" in t or "{Tfull}" in t

    def _cluster(self, wr: Writer, r, c: dict, ev: str, Ev: str, y: int) -> str:
        p = self.world.p
        words = p["cluster_words"][c["kind"]]

        def member(m):
            if m in self.world.by_province:
                wr.truth.org(m, "local")
                return r.choice(p["province_member_forms"]).format(prov=m)
            return wr.body(m)

        name = wr.body(c["name"])
        members = [member(m) for m in c["members"]]
        for m in c["members"]:
            wr.truth.clusters[(c["name"], m, "member")] = None
        listed = ", ".join(members[:-1]) + " và " + members[-1]
        t = r.choice(p["cluster_intro"])
        parts = [_cap(t.format(Cluster=name, cluster=name, n=len(members), members=listed, year0=y - 1))]
        if c.get("deputy") is None:  # the organizer's cluster, mentioned in passing
            wr.truth.clusters[(c["name"], c["head"], "head")] = None
            parts.append(_cap(p["cluster_head"][0].format(Head=member(c["head"]), head_word=words["head"], year0=y - 1)))
        else:
            t = r.choice(p["cluster_head"])
            if "{head}" in t or "{Head}" in t:
                wr.truth.clusters[(c["name"], c["head"], "head")] = None
            if "{deputy}" in t:
                wr.truth.clusters[(c["name"], c["deputy"], "deputy-head")] = None
            parts.append(_cap(fill(t, Head=lambda: member(c["head"]), head=lambda: member(c["head"]),
                                   deputy=lambda: member(c["deputy"]),
                                       head_word=words["head"], deputy_word=words["deputy"], ev=ev, Ev=Ev,
                                       year=y, year0=y - 1, cluster_short=words["short"])))
        wr.truth.org(c["name"], "cluster", words["short"])
        # the head role counts once: a member named head is also listed as member
        return " ".join(parts)

    def _teasers(self, wr: Writer, r, y: int, m: int, d: int, n: int) -> list[str]:
        w, p = self.world, self.world.p
        out = [r.choice(p["teaser_heading"])]
        for k in range(n):
            spec = r.choice([e for e in p["events"] if e["organizer"] != "cluster"])
            organizer, host, hosts, guests, _ = self._cast(r, spec)
            other = r.choice([b for b in w.central if b is not host])
            tm, td = (m, d - 1) if d > 1 else (max(1, m - 1), 28)
            ev_name = spec["name"].format(year=y, year0=y - 1, n=r.choice(spec.get("n", [10, 20, 30, 50, 70, 80])), body=host.name,
                                          body2=other.name, term=r.choice(p["roman"]), topic=r.choice(p["topics"]),
                                          training=r.choice(p["trainings"]).format(year=y))
            when, year_known = wr.date_phrase(y, tm, td)
            who = hosts[0]
            wr.seen.clear()  # a teaser is read on its own: persons are introduced again
            visit = r.random() < 0.3
            tt = p["teaser_titles"][2] if visit else r.choice(p["teaser_titles"][:2])
            title = _cap(fill(tt, org_short=lambda: wr.body(organizer), event_cap=_cap(ev_name),
                              Tfull=lambda: wr.title_full(who), org2=lambda: wr.body(other.name)))
            caption, _ = self._caption(wr, r, who, "buổi làm việc" if visit else spec["kw"].lower())
            lt = p["teaser_leads"][2] if visit else r.choice(p["teaser_leads"][:2])
            lead = fill(lt, src=p["source_tag"], when=when, org=lambda: wr.body(organizer),
                        org2=lambda: wr.body(other.name), event=ev_name, P=lambda: wr.ref(who))
            if not visit:
                wr.truth.org(organizer, w.kind_of.get(organizer, "state"))
            wr.truth.events.append({
                "id": f"e{k + 2}", "name": (f"buổi làm việc với {other.name}" if visit else ev_name),
                "kind": "meeting" if visit else spec["kind"], "date": _iso(y, tm, td, year_known, False),
                "location": None, "organizers": [] if visit else [organizer],
                "attendees": [who.name] if who.name in wr.seen else []})
            out.append(f"{title}\n\n{caption}\n{_cap(lead)}")
        return out


# --- command line ---------------------------------------------------------------------------------------


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="\n\n".join(__doc__.split("\n\n")[1:2]))
    ap.add_argument("--n", type=int, default=100, help="number of articles (default 100)")
    ap.add_argument("--seed", type=int, default=7, help="the world and every article follow from it (default 7)")
    ap.add_argument("--out", type=Path, help="write one .txt file per article into this folder")
    ap.add_argument("--jsonl", type=Path, help="write all articles to one .jsonl file (id, title, date, text)")
    ap.add_argument("--truth", type=Path, help="write the facts of each article, one JSON object a line")
    ap.add_argument("--gold", action="store_true", help="with --out: also NAME.gold.json beside each NAME.txt")
    ap.add_argument("--size", type=int, default=2000, help="the size in bytes prose is added up to; articles average about 2.5 KB at the default 2000")
    a = ap.parse_args(argv)
    if not (a.out or a.jsonl or a.truth):
        ap.error("say where to write: --out DIR, --jsonl FILE and/or --truth FILE")
    if a.gold and not a.out:
        ap.error("--gold needs --out")
    t0 = time.perf_counter()
    gen = Generator(a.seed, a.size)
    t_world = time.perf_counter() - t0
    if a.out:
        a.out.mkdir(parents=True, exist_ok=True)
    jf = open(a.jsonl, "w", encoding="utf-8") if a.jsonl else None
    tf = open(a.truth, "w", encoding="utf-8") if a.truth else None
    nbytes = 0
    t1 = time.perf_counter()
    for art in gen.take(a.n):
        nbytes += len(art.text.encode())
        if a.out:
            (a.out / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
            if a.gold:
                (a.out / f"{art.id}.gold.json").write_text(json.dumps(art.truth, ensure_ascii=False, indent=1),
                                                           encoding="utf-8")
        if jf:
            jf.write(art.jsonl() + "\n")
        if tf:
            tf.write(json.dumps(art.truth, ensure_ascii=False) + "\n")
    for f in (jf, tf):
        if f:
            f.close()
    dt = time.perf_counter() - t1
    print(f"{a.n} articles, {nbytes / 1e6:.2f} MB ({nbytes / max(a.n, 1):.0f} B each) in {dt:.2f} s: "
          f"{nbytes / 1e6 / max(dt, 1e-9):.2f} MB/s; world of {len(gen.world.officials)} officials built in "
          f"{t_world:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
