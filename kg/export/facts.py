"""The store's facts as plain records, for the table-shaped exports (CSV, Popolo, FollowTheMoney).

A few flat SPARQL queries in the contract's shapes, joined here in Python: flat queries stay fast on a
large store, and a fact seen in several articles (the same IRI in several named graphs) comes out once.
Every record carries the IRIs it refers to, its labels and its first evidence (sentence and article).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..store import derived_graph, meta_graph
from ..vocab import sparql_prefixes

_P = sparql_prefixes()

# most specific first: the type column of a body
BODY_TYPES = {
    "http://www.w3.org/ns/org#OrganizationalCollaboration": "cluster",
    "http://www.w3.org/ns/org#OrganizationalUnit": "unit",
    "http://www.w3.org/ns/org#FormalOrganization": "organization",
    "http://www.w3.org/ns/org#Organization": "organization",
}
STATUS = {
    "https://w3id.org/vnkg#Current": "current",
    "https://w3id.org/vnkg#Ended": "ended",
    "https://w3id.org/vnkg#Unknown": "unknown",
}
# when articles disagree, an explicit "former" (nguyên) wins over current, which wins over unknown
_STATUS_RANK = {"ended": 0, "current": 1, "unknown": 2}
CLUSTER_ROLES = {
    "https://w3id.org/vnkg#ClusterHead": "head",
    "https://w3id.org/vnkg#ClusterDeputyHead": "deputy head",
    "https://w3id.org/vnkg#ClusterMember": "member",
}
_DATE_PROPS = ("time:inXSDDate time:inXSDDateTimeStamp time:inXSDDateTime time:inXSDgYearMonth time:inXSDgYear "
               "time:inDateTime")


@dataclass
class Article:
    iri: str
    title: str = ""
    url: str = ""
    source: str = ""
    date: str = ""

    @property
    def link(self) -> str:
        """Where a reader can find the article: its URL, else its source key, else its IRI."""
        return self.url or self.source or self.iri


@dataclass
class Evidence:
    sentence: str
    article: Article | None
    start: int | None = None

    def key(self):
        a = self.article
        return (a.date if a else "", a.iri if a else "", self.start if self.start is not None else -1, self.sentence)


@dataclass
class Entity:
    iri: str
    name: str = ""
    name_en: str = ""
    other_names: list[str] = field(default_factory=list)
    honorifics: list[str] = field(default_factory=list)
    kind: str = ""  # body: vnkg:kind; event: vnkg:eventKind
    type: str = ""  # body: cluster | unit | organization
    parents: list[str] = field(default_factory=list)


@dataclass
class Office:
    iri: str
    person: str
    role: str | None
    body: str | None
    status: str
    start: str = ""
    end: str = ""
    after: str = ""  # time:after: the tenure began after this
    before: str = ""  # time:before: it ended before this
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class ClusterMembership:
    iri: str | None
    body: str
    cluster: str
    role: str
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Event:
    iri: str
    name: str = ""
    kind: str = ""
    date: str = ""
    location: str = ""
    organizers: list[str] = field(default_factory=list)
    attendees: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Attendance:
    event: str
    person: str
    capacities: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class Facts:
    persons: dict[str, Entity]
    bodies: dict[str, Entity]
    roles: dict[str, Entity]
    offices: list[Office]
    clusters: list[ClusterMembership]
    events: dict[str, Event]
    attendance: list[Attendance]
    suborganizations: list[tuple[str, str]]
    labels: dict[str, str]

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        return self.labels.get(iri, "")


def _rows(store, query: str):
    """Run ``SELECT vars WHERE { body }`` over the article graphs only: build metadata and derived
    relations are not extracted facts. Each fact and its evidence live in one article's graph."""
    head, _, body = query.partition("WHERE {")
    body = body.rstrip().removesuffix("}")
    skip = f"<{meta_graph(store.base)}>, <{derived_graph(store.base)}>"
    head = head.replace("SELECT DISTINCT", "SELECT").replace("SELECT", "SELECT DISTINCT", 1)
    q = f"{_P}{head}WHERE {{ GRAPH ?_g {{ {body} }} FILTER(?_g NOT IN ({skip})) }}"
    return store.select(q, union=False)


def _lex(term) -> str:
    return term.value if term is not None else ""


def _lang_rank(term) -> tuple:
    """Vietnamese first, then untagged, then other languages; ties by text for a stable choice."""
    lang = getattr(term, "language", None)
    return (0 if lang == "vi" else 1 if not lang else 2, term.value)


def _pick(terms) -> str:
    return min(terms, key=_lang_rank).value if terms else ""


def _least(old: str, new: str) -> str:
    """Of two values (the first possibly unset), the smaller non-empty one: a stable choice when
    articles disagree."""
    return min(old, new) if old and new else old or new


def _ordered(values) -> list[str]:
    return sorted(set(values))


def load(store) -> Facts:
    """Read every fact the table exports need, in a handful of queries."""
    # labels of everything: foaf:name, skos:prefLabel, schema:name; English prefLabels apart
    names: dict[str, list] = {}
    english: dict[str, str] = {}
    for r in _rows(store, "SELECT ?s ?l WHERE { VALUES ?p { foaf:name skos:prefLabel schema:name } ?s ?p ?l }"):
        if "l" not in r:
            continue
        names.setdefault(r["s"].value, []).append(r["l"])
        if getattr(r["l"], "language", None) == "en" and r["s"].value not in english:
            english[r["s"].value] = r["l"].value
    for r in _rows(store, 'SELECT ?s ?l WHERE { ?s skos:prefLabel ?l FILTER(LANGMATCHES(LANG(?l), "en")) }'):
        english[r["s"].value] = min(english.get(r["s"].value, r["l"].value), r["l"].value)
    labels = {iri: _pick(ls) for iri, ls in names.items()}

    alt: dict[str, list[str]] = {}
    for r in _rows(store, "SELECT ?s ?l WHERE { ?s skos:altLabel ?l }"):
        alt.setdefault(r["s"].value, []).append(r["l"].value)

    persons: dict[str, Entity] = {}
    for r in _rows(store, "SELECT DISTINCT ?p WHERE { ?p a foaf:Person }"):
        iri = r["p"].value
        persons[iri] = Entity(iri, name=labels.get(iri, ""))
    for r in _rows(store, "SELECT ?p ?h WHERE { ?p a foaf:Person ; schema:honorificPrefix ?h }"):
        persons[r["p"].value].honorifics.append(r["h"].value)

    bodies: dict[str, Entity] = {}
    types = " ".join(f"<{t}>" for t in BODY_TYPES)
    for r in _rows(store, f"SELECT ?o ?t WHERE {{ VALUES ?t {{ {types} }} ?o a ?t }}"):
        iri, kind = r["o"].value, BODY_TYPES[r["t"].value]
        b = bodies.setdefault(iri, Entity(iri, name=labels.get(iri, ""), name_en=english.get(iri, "")))
        order = list(BODY_TYPES.values())
        if not b.type or order.index(kind) < order.index(b.type):
            b.type = kind
    for r in _rows(store, "SELECT ?o ?k WHERE { ?o vnkg:kind ?k }"):
        if r["o"].value in bodies:
            b = bodies[r["o"].value]
            b.kind = _least(b.kind, r["k"].value)

    subs = sorted({(r["c"].value, r["p"].value)
                   for r in _rows(store, "SELECT ?c ?p WHERE { ?c org:subOrganizationOf ?p }")})
    for child, parent in subs:
        bodies.setdefault(child, Entity(child, name=labels.get(child, ""), type="organization")).parents.append(parent)
        bodies.setdefault(parent, Entity(parent, name=labels.get(parent, ""), type="organization"))

    roles: dict[str, Entity] = {}
    for r in _rows(store, "SELECT DISTINCT ?r WHERE { ?m a org:Membership ; org:role ?r }"):
        iri = r["r"].value
        roles[iri] = Entity(iri, name=labels.get(iri, ""), name_en=english.get(iri, ""))

    for ents in (persons, bodies, roles):
        for iri, e in ents.items():
            e.other_names = _ordered(a for a in alt.get(iri, []) if a != e.name)
            e.honorifics = _ordered(e.honorifics)

    evidence = _evidence(store)

    # memberships: a person member is an office; a body member of a cluster is a cluster membership
    offices: dict[str, Office] = {}
    clusters: dict[tuple, ClusterMembership] = {}
    q = """SELECT ?m ?member ?org ?role ?status ?person WHERE {
             ?m a org:Membership ; org:member ?member .
             OPTIONAL { ?m org:organization ?org } OPTIONAL { ?m org:role ?role } OPTIONAL { ?m vnkg:status ?status }
             OPTIONAL { ?member a foaf:Person BIND(true AS ?person) } }"""
    for r in _rows(store, q):
        m, member = r["m"].value, r["member"].value
        org_, role = _lex(r.get("org")) or None, _lex(r.get("role")) or None
        if "person" in r:
            status = STATUS.get(_lex(r.get("status")), "unknown")
            o = offices.get(m)
            if o is None:
                offices[m] = Office(m, member, role, org_, status, evidence=evidence.get(m, []))
            else:
                o.role, o.body = o.role or role, o.body or org_
                if _STATUS_RANK[status] < _STATUS_RANK[o.status]:
                    o.status = status
        elif org_ and (bodies.get(org_, Entity("")).type == "cluster" or role in CLUSTER_ROLES):
            label = CLUSTER_ROLES.get(role) or labels.get(role or "", "") or "member"
            key = (member, org_, label)
            c = clusters.setdefault(key, ClusterMembership(m, member, org_, label, []))
            c.evidence = sorted(c.evidence + evidence.get(m, []), key=Evidence.key)
    # bare org:memberOf to a cluster, with no membership node saying more
    for r in _rows(store, "SELECT ?b ?k WHERE { ?b org:memberOf ?k . ?k a org:OrganizationalCollaboration }"):
        b, k = r["b"].value, r["k"].value
        if not any(key[0] == b and key[1] == k for key in clusters):
            clusters[(b, k, "member")] = ClusterMembership(None, b, k, "member", [])

    _tenure(store, offices)

    events: dict[str, Event] = {}
    for r in _rows(store, "SELECT DISTINCT ?e WHERE { ?e a schema:Event }"):
        iri = r["e"].value
        events[iri] = Event(iri, name=labels.get(iri, ""), evidence=evidence.get(iri, []))
    for prop, attr in (("vnkg:eventKind", "kind"), ("schema:startDate", "date"), ("schema:location", "location")):
        for r in _rows(store, f"SELECT ?e ?v WHERE {{ ?e a schema:Event ; {prop} ?v }}"):
            e, v = events[r["e"].value], r["v"]
            text = labels.get(v.value, v.value) if not hasattr(v, "datatype") else v.value
            setattr(e, attr, _least(getattr(e, attr), text))
    for r in _rows(store, "SELECT ?e ?o WHERE { ?e a schema:Event ; schema:organizer ?o }"):
        events[r["e"].value].organizers.append(r["o"].value)

    attendance: dict[tuple, Attendance] = {}
    for r in _rows(store, "SELECT ?e ?p WHERE { ?e a schema:Event ; schema:attendee ?p }"):
        e, p = r["e"].value, r["p"].value
        attendance.setdefault((e, p), Attendance(e, p, evidence=list(events[e].evidence) if e in events else []))
        if e in events:
            events[e].attendees.append(p)
    q = """SELECT ?a ?e ?p ?c WHERE { ?a a vnkg:Attendance ; vnkg:event ?e ; vnkg:person ?p .
                                        OPTIONAL { ?a vnkg:capacity ?c } }"""
    own: dict[tuple, list[Evidence]] = {}
    for r in _rows(store, q):
        key = (r["e"].value, r["p"].value)
        a = attendance.setdefault(key, Attendance(*key))
        if "c" in r:
            a.capacities.append(r["c"].value)
        own.setdefault(key, []).extend(evidence.get(r["a"].value, []))
    for key, ev in own.items():
        if ev:  # the attendance's own sentence is better evidence than the event's
            attendance[key].evidence = sorted({(e.key()): e for e in ev}.values(), key=Evidence.key)

    for e in events.values():
        e.organizers = _ordered(e.organizers)
        e.attendees = _ordered(e.attendees)
    for a in attendance.values():
        a.capacities = _ordered(a.capacities)

    return Facts(
        persons=dict(sorted(persons.items())),
        bodies=dict(sorted(bodies.items())),
        roles=dict(sorted(roles.items())),
        offices=sorted(offices.values(), key=lambda o: (o.person, o.iri)),
        clusters=sorted(clusters.values(), key=lambda c: (c.cluster, c.role != "head", c.body)),
        events=dict(sorted(events.items())),
        attendance=sorted(attendance.values(), key=lambda a: (a.event, a.person)),
        suborganizations=subs,
        labels=labels,
    )


def _evidence(store) -> dict[str, list[Evidence]]:
    """node -> its evidence (sentence, article), earliest article first."""
    articles: dict[str, Article] = {}
    q = """SELECT ?a ?p ?v WHERE { ?a a schema:NewsArticle ; ?p ?v .
             VALUES ?p { schema:name schema:headline schema:url vnkg:source schema:datePublished } }"""
    fields = {"https://schema.org/name": "title", "https://schema.org/headline": "title",
              "https://schema.org/url": "url", "https://w3id.org/vnkg#source": "source",
              "https://schema.org/datePublished": "date"}
    for r in _rows(store, q):
        a = articles.setdefault(r["a"].value, Article(r["a"].value))
        name = fields[r["p"].value]
        if not getattr(a, name):
            setattr(a, name, r["v"].value)

    q = """SELECT ?x ?m ?exact ?start ?src WHERE { ?x prov:wasDerivedFrom ?m .
             OPTIONAL { ?m oa:hasSelector ?q . ?q oa:exact ?exact }
             OPTIONAL { ?m oa:hasSelector ?s . ?s oa:start ?start }
             OPTIONAL { ?m oa:hasSource ?src } }"""
    seen: dict[str, dict[tuple, Evidence]] = {}
    for r in _rows(store, q):
        src = _lex(r.get("src"))
        start = r.get("start")
        ev = Evidence(_lex(r.get("exact")), articles.get(src) or (Article(src) if src else None),
                      int(start.value) if start is not None and start.value.lstrip("-").isdigit() else None)
        seen.setdefault(r["x"].value, {})[(r["m"].value,)] = ev
    return {x: sorted(evs.values(), key=Evidence.key) for x, evs in seen.items()}


def _tenure(store, offices: dict[str, Office]) -> None:
    """Fill start / end (and one-sided after / before bounds) from org:memberDuring."""
    q = f"""SELECT ?m ?k ?x ?d WHERE {{ ?m org:memberDuring ?i .
              VALUES ?k {{ time:hasBeginning time:hasEnd time:after time:before }} ?i ?k ?x .
              OPTIONAL {{ VALUES ?dp {{ {_DATE_PROPS} }} ?x ?dp ?d }} }}"""
    attrs = {"http://www.w3.org/2006/time#hasBeginning": "start", "http://www.w3.org/2006/time#hasEnd": "end",
             "http://www.w3.org/2006/time#after": "after", "http://www.w3.org/2006/time#before": "before"}
    for r in _rows(store, q):
        o = offices.get(r["m"].value)
        if o is None:
            continue
        value = r.get("d") or r["x"]
        if not hasattr(value, "datatype"):  # an instant with no date we can read
            continue
        text = value.value
        attr = attrs[r["k"].value]
        old = getattr(o, attr)
        # the widest known tenure: the earliest start, the latest end
        if not old or (text < old if attr in ("start", "after") else text > old):
            setattr(o, attr, text)
