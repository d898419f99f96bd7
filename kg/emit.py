"""Extracted records -> one rdflib graph per article, in the shapes of the RDF contract, with evidence.

Every IRI is minted from the input alone (names, the article's source, offsets), never from time or chance,
so the same input gives the same graph.
"""
from __future__ import annotations

import functools
import hashlib
import re
from urllib.parse import quote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .lexicon import fold, strip_marks
from .model import Evidence, Extraction
from .vocab import DEFAULT_BASE, FOAF, OA, ORG, PROV, SCHEMA, SKOS, VNKG, bind_prefixes

_STATUS = {"current": VNKG.Current, "ended": VNKG.Ended, "unknown": VNKG.Unknown}
_CLUSTER_ROLE = {"member": VNKG.ClusterMember, "head": VNKG.ClusterHead, "deputy-head": VNKG.ClusterDeputyHead}


@functools.lru_cache(maxsize=200_000)
def slug(name: str) -> str:
    """Readable and stable: 'Trần Quốc Tỏ' -> 'tran-quoc-to-5d1e' (the suffix keeps diacritic variants apart)."""
    ascii_ = re.sub(r"[^a-z0-9]+", "-", strip_marks(name).lower()).strip("-")[:60] or "x"
    return f"{ascii_}-{hashlib.sha1(fold(name).encode()).hexdigest()[:4]}"


def _h(*parts) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:16]


class Minter:
    def __init__(self, base: str = DEFAULT_BASE):
        self.base = base if base.endswith(("/", "#")) else base + "/"
        self._iris: dict = {}

    def _named(self, kind, name):
        key = (kind, name)
        iri = self._iris.get(key)
        if iri is None:
            if len(self._iris) > 200_000:
                self._iris.clear()
            iri = self._iris[key] = URIRef(f"{self.base}{kind}/{slug(name)}")
        return iri

    def person(self, name):
        return self._named("person", name)

    def body(self, name):
        return self._named("org", name)

    def role(self, label):
        return self._named("role", label)

    def graph(self, source):
        return URIRef(f"{self.base}graph/{quote(source.lstrip('/'), safe='/:._-~')}")

    def article(self, source):
        return URIRef(f"{self.base}article/{_h(source)}")

    def of(self, kind, *parts):
        return URIRef(f"{self.base}{kind}/{_h(*parts)}")


@functools.lru_cache(maxsize=8)
def _minter(base: str) -> Minter:
    return Minter(base)


def graph_iri(source: str, base: str = DEFAULT_BASE) -> URIRef:
    return _minter(base).graph(source)


def emit(ex: Extraction, base: str = DEFAULT_BASE) -> Graph:
    m = _minter(base)
    a = ex.article
    # SimpleMemory: no context bookkeeping; twice as fast to fill and four times to write as N-Triples
    g = bind_prefixes(Graph(store="SimpleMemory", identifier=m.graph(a.source)))
    art = m.article(a.source)
    g.add((art, RDF.type, SCHEMA.NewsArticle))
    g.add((art, VNKG.source, Literal(a.source)))
    g.add((art, SCHEMA.sha256, Literal(a.sha256)))
    title = a.title or next((ln.strip() for ln in a.text.splitlines() if ln.strip()), "")
    if title:
        g.add((art, SCHEMA.name, Literal(title[:300], lang="vi")))
    if a.url:
        iri = re.match(r"https?://[^\s<>\"{}|\\^`]+$", a.url)  # a URL that is not a valid IRI stays a string
        g.add((art, SCHEMA.url, URIRef(a.url) if iri else Literal(a.url)))
    if a.date:
        g.add((art, SCHEMA.datePublished, _date(a.date)))

    def mention(ev: Evidence) -> URIRef:
        node = m.of("mention", a.source, ev.start, ev.end)
        if (node, RDF.type, VNKG.Mention) not in g:
            q, pos = URIRef(f"{node}-quote"), URIRef(f"{node}-position")
            g.add((node, RDF.type, VNKG.Mention))
            g.add((node, OA.hasSource, art))
            g.add((node, OA.hasSelector, q))
            g.add((node, OA.hasSelector, pos))
            g.add((q, RDF.type, OA.TextQuoteSelector))
            g.add((q, OA.exact, Literal(ev.text, lang="vi")))
            g.add((pos, RDF.type, OA.TextPositionSelector))
            g.add((pos, OA.start, Literal(ev.start)))
            g.add((pos, OA.end, Literal(ev.end)))
        return node

    for p in ex.persons.values():
        s = m.person(p.name)
        g.add((s, RDF.type, FOAF.Person))
        g.add((s, FOAF.name, Literal(p.name, lang="vi")))
        for al in sorted(p.aliases - {p.name}):
            g.add((s, SKOS.altLabel, Literal(al, lang="vi")))
        for r in sorted(p.ranks):
            g.add((s, SCHEMA.honorificPrefix, Literal(r, lang="vi")))
        if p.gender:
            g.add((s, SCHEMA.gender, SCHEMA.Male if p.gender == "m" else SCHEMA.Female))

    children = {s.child for s in ex.suborganizations}
    for b in ex.bodies.values():
        o = m.body(b.name)
        g.add((o, RDF.type, ORG.Organization))
        if b.kind == "cluster":
            g.add((o, RDF.type, ORG.OrganizationalCollaboration))
        else:
            g.add((o, RDF.type, ORG.OrganizationalUnit if b.name in children else ORG.FormalOrganization))
        g.add((o, SKOS.prefLabel, Literal(b.name, lang="vi")))
        if b.label_en:
            g.add((o, SKOS.prefLabel, Literal(b.label_en, lang="en")))
        for al in sorted(b.aliases - {b.name}):
            g.add((o, SKOS.altLabel, Literal(al, lang="vi")))
        g.add((o, VNKG.kind, Literal(b.kind)))

    for o in ex.offices:
        role = m.role(o.role)
        g.add((role, RDF.type, ORG.Role))
        g.add((role, SKOS.prefLabel, Literal(o.role, lang="vi")))
        if o.role_en:
            g.add((role, SKOS.prefLabel, Literal(o.role_en, lang="en")))
        ms = m.of("membership", a.source, o.person, o.role, o.body)
        g.add((ms, RDF.type, ORG.Membership))
        g.add((ms, ORG.member, m.person(o.person)))
        if o.body:
            g.add((ms, ORG.organization, m.body(o.body)))
        g.add((ms, ORG.role, role))
        g.add((ms, VNKG.status, _STATUS[o.status]))
        g.add((ms, PROV.wasDerivedFrom, mention(o.evidence)))

    for s in ex.suborganizations:
        g.add((m.body(s.child), ORG.subOrganizationOf, m.body(s.parent)))

    for c in ex.clusters:
        b, k = m.body(c.body), m.body(c.cluster)
        g.add((b, ORG.memberOf, k))
        ms = m.of("membership", a.source, c.body, c.cluster)
        g.add((ms, RDF.type, ORG.Membership))
        g.add((ms, ORG.member, b))
        g.add((ms, ORG.organization, k))
        g.add((ms, ORG.role, _CLUSTER_ROLE[c.role]))
        g.add((ms, PROV.wasDerivedFrom, mention(c.evidence)))

    for e in ex.events:
        ev = m.of("event", a.source, e.key)
        g.add((ev, RDF.type, SCHEMA.Event))
        g.add((ev, SCHEMA.name, Literal(e.name, lang="vi")))
        g.add((ev, VNKG.eventKind, Literal(e.kind)))
        if e.date:
            g.add((ev, SCHEMA.startDate, _date(e.date)))
        if e.location:
            g.add((ev, SCHEMA.location, Literal(e.location, lang="vi")))
        for org in e.organizers:
            g.add((ev, SCHEMA.organizer, m.body(org)))
        g.add((ev, PROV.wasDerivedFrom, mention(e.evidence)))
        for at in e.attendees:
            p = m.person(at.person)
            g.add((ev, SCHEMA.attendee, p))
            node = m.of("attendance", a.source, e.key, at.person)
            g.add((node, RDF.type, VNKG.Attendance))
            g.add((node, VNKG.event, ev))
            g.add((node, VNKG.person, p))
            if at.capacity:
                g.add((node, VNKG.capacity, Literal(at.capacity)))
            g.add((node, PROV.wasDerivedFrom, mention(at.evidence)))
    return g


def _date(d: str) -> Literal:
    if re.fullmatch(r"\d{4}-\d\d-\d\d", d):
        return Literal(d, datatype=XSD.date)
    if re.fullmatch(r"\d{4}-\d\d", d):
        return Literal(d, datatype=XSD.gYearMonth)
    if re.fullmatch(r"--\d\d-\d\d", d):
        return Literal(d, datatype=XSD.gMonthDay)
    if re.fullmatch(r"\d{4}", d):
        return Literal(d, datatype=XSD.gYear)
    return Literal(d)
