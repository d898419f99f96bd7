"""Relations: the store projected into networkx, and the facts derived from it.

``project(store)`` reads the extracted facts once, with a few bulk SELECTs over the article graphs (the
``/meta`` and derived graphs are left out), and returns a ``networkx.MultiDiGraph`` of persons, bodies,
clusters and events. Edges carry the evidence sentences they were read from.

``derive(store)`` computes from that projection the relations no article states outright and writes them
to their own named graph (``kg.store.derived_graph(base)``), replaced whole, never mixed with extracted
facts:

- colleagues: two persons holding offices in the same body, unless their tenures are known not to overlap;
- co-attendance: two persons at the same event, with the number of events they shared;
- serves-in-cluster: a person to an emulation cluster (Khối / Cụm thi đua) through a body they serve;
- same-cluster: two bodies members of the same cluster;
- centrality: degree and betweenness as scores on each node.

Each pairwise fact is a ``vnkg:Relation`` node (kind, subject, object, count, via, method) beside a direct
triple (``?a vnkg:colleagueOf ?b``). IRIs are hashes of their content, the output is sorted: the same store
gives the same derived graph.
"""
from __future__ import annotations

import hashlib
import itertools
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox

from .errors import KgError
from .store import derived_graph, meta_graph
from .vocab import DEFAULT_BASE, FOAF, ORG, RDF, RDFS, SCHEMA, TIME, VNKG, XSD, sparql_prefixes

PERSON, BODY, CLUSTER, EVENT = "person", "body", "cluster", "event"

_TYPES = {
    str(FOAF.Person): PERSON,
    str(ORG.Organization): BODY,
    str(ORG.FormalOrganization): BODY,
    str(ORG.OrganizationalUnit): BODY,
    str(ORG.OrganizationalCollaboration): CLUSTER,
    str(SCHEMA.Event): EVENT,
}
_CLUSTER_ROLES = {str(VNKG.ClusterHead): "head", str(VNKG.ClusterDeputyHead): "deputy-head",
                  str(VNKG.ClusterMember): "member"}
_STATUS = {str(VNKG.Current): "current", str(VNKG.Ended): "ended", str(VNKG.Unknown): "unknown"}

# Events larger than this give no co-attendance pairs: a plenary of 3,500 delegates alone would give six
# million pairs that say nothing about who met whom. Bodies with more office holders than this (a Central
# Committee has about 200) give no colleague pairs. When the groups under the cap would still give more
# than PAIR_BUDGET pairs of one kind, the cap is lowered until they do not (largest groups dropped first),
# so that the derived graph stays smaller than the graph it is derived from. The caps used are written
# in the method notes.
MAX_EVENT_SIZE = 100
MAX_BODY_SIZE = 200
PAIR_BUDGET = 50_000
# Exact betweenness up to this many nodes; above it, sampled from k sources with a fixed seed, k chosen so
# that k breadth-first searches visit about BETWEENNESS_BUDGET nodes and edges (at most 200, at least 10).
BETWEENNESS_EXACT_MAX = 500
BETWEENNESS_SAMPLES = 200
BETWEENNESS_BUDGET = 3_000_000
SEED = 7


class RelationsError(KgError):
    """A relation request that cannot be answered (unknown name, no path ...)."""


# --- the projection ------------------------------------------------------------------------------

def _article_graphs(alias: str, base: str) -> str:
    """A FILTER keeping only article graphs: build metadata and derived facts are not evidence."""
    return f"FILTER(?{alias} NOT IN (<{meta_graph(base)}>, <{derived_graph(base)}>))"


def _rows(store, where: str, variables: str, base: str) -> list[dict]:
    q = f"{sparql_prefixes()}SELECT DISTINCT {variables} WHERE {{ GRAPH ?g {{ {where} }} {_article_graphs('g', base)} }}"
    return store.select(q, union=False)


def _v(row, key):
    t = row.get(key)
    return None if t is None else t.value


def _label_rank(term) -> tuple:
    """Prefer a Vietnamese label, then an untagged one, then any other; ties broken by text."""
    lang = getattr(term, "language", None)
    return (0 if lang == "vi" else 1 if not lang else 2, term.value)


def project(store, base: str | None = None) -> nx.MultiDiGraph:
    """The relation graph of the store: nodes are the IRIs of persons, bodies, clusters and events.

    Node attributes: ``type`` (person | body | cluster | event), ``label``, and where known ``kind``
    (vnkg:kind / vnkg:eventKind) and ``date`` (events). Edges (key = edge kind + distinguishing IRI):

    - person -> body ``role`` (``label``: the role's Vietnamese label, ``role``: its IRI, ``status``:
      current | ended | unknown, ``begin`` / ``end`` when the tenure is known);
    - body -> body ``part_of``; body -> cluster ``member_of`` (``role``: member | head | deputy-head);
    - person -> event ``attended`` (``capacity`` when stated); event -> body ``organized_by``.

    Every edge has ``kind`` and ``evidence``: a sorted list of (sentence, article source) pairs.
    """
    base = base or getattr(store, "base", DEFAULT_BASE)
    g = nx.MultiDiGraph()

    # types and labels
    types: dict[str, str] = {}
    for r in _rows(store, "?x a ?t", "?x ?t", base):
        t = _TYPES.get(_v(r, "t"))
        if t and isinstance(r["x"], ox.NamedNode):
            # a cluster is also an organisation: the more specific type wins
            if types.get(r["x"].value) != CLUSTER:
                types[r["x"].value] = t
    labels: dict[str, list] = defaultdict(list)
    for r in _rows(store, "?x foaf:name|skos:prefLabel|schema:name ?l", "?x ?l", base):
        labels[r["x"].value].append(r["l"])
    kinds: dict[str, str] = {}
    for r in _rows(store, "?x vnkg:kind|vnkg:eventKind ?k", "?x ?k", base):
        x, k = r["x"].value, r["k"].value
        kinds[x] = min(kinds.get(x, k), k)
    dates: dict[str, str] = {}
    for r in _rows(store, "?x a schema:Event ; schema:startDate ?d", "?x ?d", base):
        dates[r["x"].value] = min(dates.get(r["x"].value, r["d"].value), r["d"].value)

    def label(iri: str) -> str:
        ls = labels.get(iri)
        return min(ls, key=_label_rank).value if ls else iri.rsplit("/", 1)[-1]

    for iri in sorted(types):
        attrs = {"type": types[iri], "label": label(iri)}
        if iri in kinds:
            attrs["kind"] = kinds[iri]
        if iri in dates:
            attrs["date"] = dates[iri]
        g.add_node(iri, **attrs)

    # evidence: the sentence each fact node was read from, and the article's source
    evidence: dict[str, set] = defaultdict(set)
    for r in _rows(store, "?s prov:wasDerivedFrom ?m . ?m oa:hasSelector ?sel . ?sel oa:exact ?x . "
                          "OPTIONAL { ?m oa:hasSource ?a . ?a vnkg:source ?src }", "?s ?x ?src", base):
        evidence[r["s"].value].add((r["x"].value, _v(r, "src") or ""))

    # tenure bounds (org:memberDuring), read leniently: a time:Interval with time:hasBeginning / hasEnd
    # instants, or one-sided time:after / time:before
    begin: dict[str, str] = {}
    end: dict[str, str] = {}
    for r in _rows(store, "?m org:memberDuring ?i . ?i ?side ?b . "
                          "OPTIONAL { ?b time:inXSDDate|time:inXSDDateTimeStamp|time:inXSDgYear|time:inXSDgYearMonth ?d }",
                   "?m ?side ?b ?d", base):
        side = _v(r, "side")
        val = _v(r, "d") or (r["b"].value if isinstance(r["b"], ox.Literal) else None)
        if val is None:
            continue
        m = r["m"].value
        if side in (str(TIME.hasBeginning), str(TIME.after)):
            begin[m] = min(begin.get(m, val), val)
        elif side in (str(TIME.hasEnd), str(TIME.before)):
            end[m] = max(end.get(m, val), val)

    # offices and cluster memberships (org:Membership nodes)
    explicit_cluster: set[tuple[str, str]] = set()
    for r in sorted(_rows(store, "?m org:member ?x ; org:organization ?o . OPTIONAL { ?m org:role ?r } "
                                 "OPTIONAL { ?m vnkg:status ?st }", "?m ?x ?o ?r ?st", base),
                    key=lambda r: (r["m"].value, _v(r, "r") or "", _v(r, "st") or "")):
        m, x, o, role = r["m"].value, r["x"].value, r["o"].value, _v(r, "r")
        if x not in g or o not in g:
            continue
        ev = evidence.get(m, set())
        if g.nodes[x]["type"] == PERSON:
            status = _STATUS.get(_v(r, "st"), "unknown")
            key = f"role|{role or ''}|{status}|{begin.get(m, '')}|{end.get(m, '')}"
            attrs = {"kind": "role", "role": role, "label": label(role) if role else "", "status": status}
            if m in begin:
                attrs["begin"] = begin[m]
            if m in end:
                attrs["end"] = end[m]
            _add_edge(g, x, o, key, attrs, ev)
        elif g.nodes[o]["type"] == CLUSTER:
            crole = _CLUSTER_ROLES.get(role, "member")
            _add_edge(g, x, o, f"member_of|{crole}", {"kind": "member_of", "role": crole}, ev)
            explicit_cluster.add((x, o))

    # direct triples: hierarchy, cluster membership without a Membership node, events
    for r in _rows(store, "?c org:subOrganizationOf ?p", "?c ?p", base):
        c, p = r["c"].value, r["p"].value
        if c in g and p in g:
            # a direct triple: the contract gives it no evidence node
            _add_edge(g, c, p, "part_of", {"kind": "part_of"}, set())
    for r in _rows(store, "?b org:memberOf ?k", "?b ?k", base):
        b, k = r["b"].value, r["k"].value
        if b in g and k in g and (b, k) not in explicit_cluster and g.nodes[k]["type"] == CLUSTER:
            _add_edge(g, b, k, "member_of|member", {"kind": "member_of", "role": "member"}, set())

    capacities: dict[tuple[str, str], set] = defaultdict(set)
    att_evidence: dict[tuple[str, str], set] = defaultdict(set)
    for r in _rows(store, "?a vnkg:event ?e ; vnkg:person ?p . OPTIONAL { ?a vnkg:capacity ?c }", "?a ?e ?p ?c", base):
        pair = (r["p"].value, r["e"].value)
        if _v(r, "c"):
            capacities[pair].add(_v(r, "c"))
        att_evidence[pair] |= evidence.get(r["a"].value, set())
    for r in _rows(store, "?e schema:attendee ?p", "?e ?p", base):
        e, p = r["e"].value, r["p"].value
        if e in g and p in g:
            attrs = {"kind": "attended"}
            if capacities.get((p, e)):
                attrs["capacity"] = ", ".join(sorted(capacities[(p, e)]))
            _add_edge(g, p, e, "attended", attrs, att_evidence.get((p, e)) or evidence.get(e, set()))
    for r in _rows(store, "?e schema:organizer ?o", "?e ?o", base):
        e, o = r["e"].value, r["o"].value
        if e in g and o in g:
            _add_edge(g, e, o, "organized_by", {"kind": "organized_by"}, evidence.get(e, set()))
    for _, _, d in g.edges(data=True):
        d["evidence"] = sorted(d["evidence"])
    return g


def _add_edge(g, u, v, key, attrs, ev):
    if g.has_edge(u, v, key):
        g.edges[u, v, key]["evidence"] |= set(ev)
    else:
        g.add_edge(u, v, key=key, evidence=set(ev), **attrs)


# --- derived relations ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Relation:
    """One derived fact between two nodes, with the nodes it was derived through."""

    kind: str  # colleague | co-attendance | serves-in-cluster | same-cluster
    subject: str
    object: str
    via: tuple[str, ...]
    count: int = 1


METHODS = {
    "colleague": "Two persons hold offices in the same body (org:Membership with org:organization), and their "
                 "tenures are not known to be disjoint (both org:memberDuring bounds known and not overlapping). "
                 "Bodies with more than {cap} office holders are skipped. vnkg:via: the shared bodies.",
    "co-attendance": "Two persons are schema:attendee of the same schema:Event; vnkg:count is the number of "
                     "shared events. Events with more than {cap} attendees are skipped. vnkg:via: "
                     "the shared events.",
    "serves-in-cluster": "A person holds an office that has not ended (vnkg:status not vnkg:Ended) in a body "
                         "that is, or is a sub-organisation of, a member of an emulation cluster "
                         "(org:memberOf). vnkg:via: the member bodies.",
    "same-cluster": "Two bodies are members (org:memberOf, or an org:Membership) of the same emulation "
                    "cluster. vnkg:via: the shared clusters.",
    "degree": "networkx degree centrality of the undirected, simple projection of persons, bodies, clusters "
              "and events (edges: offices, hierarchy, cluster membership, attendance, organisers).",
    "betweenness": "networkx betweenness centrality of the same projection, normalised; {cap}.",
}
_DIRECT = {"colleague": VNKG.colleagueOf, "co-attendance": VNKG.coAttendedWith,
           "serves-in-cluster": VNKG.servesInCluster, "same-cluster": VNKG.sameClusterAs}
_SYMMETRIC = {"colleague", "co-attendance", "same-cluster"}


def _disjoint(a: dict, b: dict) -> bool:
    """Two tenures known not to overlap: one ended before the other began (ISO strings compare in order)."""
    def before(x, y):
        return x.get("end") is not None and y.get("begin") is not None and x["end"] < y["begin"]
    return before(a, b) or before(b, a)


def _pairs(members):
    return itertools.combinations(sorted(members), 2)


def effective_cap(sizes, cap: int, budget: int = PAIR_BUDGET) -> int:
    """The largest group size <= cap such that all groups no larger than it give at most ``budget`` pairs."""
    by_size = Counter(x for x in sizes if x <= cap)
    total, best = 0, 1
    for n in sorted(by_size):
        total += by_size[n] * n * (n - 1) // 2
        if total > budget:
            return best
        best = n
    return cap


def colleagues(g: nx.MultiDiGraph, max_size: int = MAX_BODY_SIZE, budget: int = PAIR_BUDGET,
               caps: dict | None = None) -> list[Relation]:
    tenures: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for p, b, d in g.edges(data=True):
        if d["kind"] == "role":
            tenures[b][p].append(d)
    cap = effective_cap([len(h) for h in tenures.values()], max_size, budget)
    if caps is not None:
        caps["colleague"] = cap
    found: dict[tuple[str, str], set] = defaultdict(set)
    for body, holders in tenures.items():
        if len(holders) > cap:
            continue
        for a, b in _pairs(holders):
            if any(not _disjoint(x, y) for x in holders[a] for y in holders[b]):
                found[(a, b)].add(body)
    return [Relation("colleague", a, b, tuple(sorted(v)), len(v)) for (a, b), v in sorted(found.items())]


def co_attendance(g: nx.MultiDiGraph, max_size: int = MAX_EVENT_SIZE, budget: int = PAIR_BUDGET,
                  caps: dict | None = None) -> list[Relation]:
    attendees: dict[str, set] = defaultdict(set)
    for p, e, d in g.edges(data=True):
        if d["kind"] == "attended":
            attendees[e].add(p)
    cap = effective_cap([len(a) for a in attendees.values()], max_size, budget)
    if caps is not None:
        caps["co-attendance"] = cap
    shared: dict[tuple[str, str], set] = defaultdict(set)
    for e, ps in attendees.items():
        if len(ps) <= cap:
            for pair in _pairs(ps):
                shared[pair].add(e)
    return [Relation("co-attendance", a, b, tuple(sorted(v)), len(v)) for (a, b), v in sorted(shared.items())]


def cluster_relations(g: nx.MultiDiGraph) -> list[Relation]:
    members: dict[str, set] = defaultdict(set)  # cluster -> member bodies
    clusters_of: dict[str, set] = defaultdict(set)  # body -> clusters
    for b, k, d in g.edges(data=True):
        if d["kind"] == "member_of":
            members[k].add(b)
            clusters_of[b].add(k)
    parents: dict[str, set] = defaultdict(set)
    for c, p, d in g.edges(data=True):
        if d["kind"] == "part_of":
            parents[c].add(p)

    def member_ancestors(body):
        """The body and its ancestors (org:subOrganizationOf, transitively) that belong to a cluster."""
        seen, todo, out = set(), [body], set()
        while todo:
            b = todo.pop()
            if b in seen:
                continue
            seen.add(b)
            if clusters_of.get(b):
                out.add(b)
            todo.extend(parents.get(b, ()))
        return out

    serves: dict[tuple[str, str], set] = defaultdict(set)
    for p, b, d in g.edges(data=True):
        if d["kind"] == "role" and d.get("status") != "ended":
            for mb in member_ancestors(b):
                for k in clusters_of[mb]:
                    serves[(p, k)].add(mb)
    same: dict[tuple[str, str], set] = defaultdict(set)
    for k, bs in members.items():
        for pair in _pairs(bs):
            same[pair].add(k)
    out = [Relation("serves-in-cluster", p, k, tuple(sorted(v)), len(v)) for (p, k), v in sorted(serves.items())]
    out += [Relation("same-cluster", a, b, tuple(sorted(v)), len(v)) for (a, b), v in sorted(same.items())]
    return out


def simple_graph(g: nx.MultiDiGraph) -> nx.Graph:
    """The undirected simple graph of the projection: one edge per connected pair, for centrality and paths."""
    s = nx.Graph()
    s.add_nodes_from(sorted(g.nodes))
    s.add_edges_from(sorted((u, v) for u, v in g.edges() if u != v))
    return s


def centrality(g: nx.MultiDiGraph, samples: int = BETWEENNESS_SAMPLES, seed: int = SEED,
               caps: dict | None = None) -> dict[str, dict]:
    """node -> {"degree": ..., "betweenness": ...}; betweenness sampled (fixed seed) on large graphs;
    ``caps`` (if given) receives the number of sources used."""
    s = simple_graph(g)
    if s.number_of_nodes() == 0:
        return {}
    deg = nx.degree_centrality(s) if s.number_of_nodes() > 1 else {n: 0.0 for n in s}
    n = s.number_of_nodes()
    k = None
    if n > BETWEENNESS_EXACT_MAX:
        k = min(n, max(10, min(samples, BETWEENNESS_BUDGET // (n + s.number_of_edges()))))
    if caps is not None:
        caps["betweenness"] = f"sampled from {k} sources with seed {seed}" if k else "exact"
    btw = nx.betweenness_centrality(s, k=k, seed=seed if k else None)
    return {n: {"degree": deg[n], "betweenness": btw[n]} for n in s}


def relations(g: nx.MultiDiGraph, caps: dict | None = None) -> list[Relation]:
    """Every pairwise derived relation; ``caps`` (if given) receives the group-size caps used."""
    return colleagues(g, caps=caps) + co_attendance(g, caps=caps) + cluster_relations(g)


def _rel_iri(base: str, r: Relation) -> str:
    h = hashlib.sha1(f"{r.kind}|{r.subject}|{r.object}".encode("utf-8")).hexdigest()[:16]
    return f"{base.rstrip('/')}/derived/{r.kind}/{h}"


def _method_iri(base: str, kind: str) -> str:
    return f"{base.rstrip('/')}/derived/method/{kind}"


def _nt(s) -> str:
    return str(ox.NamedNode(str(s)))


def _lit(value, datatype=None) -> str:
    return str(ox.Literal(str(value), datatype=ox.NamedNode(str(datatype)) if datatype else None))


def to_ntriples(rels: list[Relation], scores: dict[str, dict], base: str, caps: dict | None = None) -> str:
    """The derived graph as sorted N-Triples: relation nodes, direct triples, scores, method notes."""
    lines = set()
    kinds = {r.kind for r in rels} | ({"degree", "betweenness"} if scores else set())
    caps = {"colleague": MAX_BODY_SIZE, "co-attendance": MAX_EVENT_SIZE, **(caps or {})}
    for kind in kinds:
        m = _nt(_method_iri(base, kind))
        lines.add(f"{m} {_nt(RDFS.label)} {_lit(kind)} .")
        lines.add(f"{m} {_nt(RDFS.comment)} {_lit(METHODS[kind].replace('{cap}', str(caps.get(kind, ''))))} .")
        lines.add(f"{m} {_nt(VNKG.relationKind)} {_lit(kind)} .")
    for r in rels:
        n, s, o = _nt(_rel_iri(base, r)), _nt(r.subject), _nt(r.object)
        lines.add(f"{n} {_nt(RDF.type)} {_nt(VNKG.Relation)} .")
        lines.add(f"{n} {_nt(VNKG.relationKind)} {_lit(r.kind)} .")
        lines.add(f"{n} {_nt(VNKG.subject)} {s} .")
        lines.add(f"{n} {_nt(VNKG.object)} {o} .")
        lines.add(f"{n} {_nt(VNKG.count)} {_lit(r.count, XSD.integer)} .")
        lines.add(f"{n} {_nt(VNKG.method)} {_nt(_method_iri(base, r.kind))} .")
        for v in r.via:
            lines.add(f"{n} {_nt(VNKG.via)} {_nt(v)} .")
        p = _nt(_DIRECT[r.kind])
        lines.add(f"{s} {p} {o} .")
        if r.kind in _SYMMETRIC:
            lines.add(f"{o} {p} {s} .")
    for node, sc in scores.items():
        lines.add(f"{_nt(node)} {_nt(VNKG.degree)} {_lit(_round(sc['degree']), XSD.double)} .")
        lines.add(f"{_nt(node)} {_nt(VNKG.betweenness)} {_lit(_round(sc['betweenness']), XSD.double)} .")
    return "\n".join(sorted(lines)) + ("\n" if lines else "")


def _round(x: float) -> str:
    """Scores rounded so that float noise cannot change the derived graph between runs."""
    return repr(round(float(x), 9))


def derive(store, base: str | None = None, graph: nx.MultiDiGraph | None = None) -> dict[str, int]:
    """Compute the derived relations and replace the derived graph with them; returns counts per kind."""
    base = base or getattr(store, "base", DEFAULT_BASE)
    g = graph if graph is not None else project(store, base)
    caps: dict = {}
    rels = relations(g, caps)
    scores = centrality(g, caps=caps)
    store.replace_graph(derived_graph(base), to_ntriples(rels, scores, base, caps))
    counts = Counter(r.kind for r in rels)
    out = {k: counts.get(k, 0) for k in ("colleague", "co-attendance", "serves-in-cluster", "same-cluster")}
    out["scored-nodes"] = len(scores)
    return out


# --- paths and ranks -----------------------------------------------------------------------------

def _fold(s: str) -> str:
    import unicodedata
    return " ".join(unicodedata.normalize("NFC", s).casefold().split())


def find_nodes(g: nx.MultiDiGraph, name: str, types=(PERSON, BODY, CLUSTER)) -> list[str]:
    """Nodes named ``name`` (an IRI in <...> or as is, or a label compared case-insensitively, NFC)."""
    iri = name[1:-1] if name.startswith("<") and name.endswith(">") else name
    if iri in g:
        return [iri]
    want = _fold(name)
    return sorted(n for n, d in g.nodes(data=True) if d.get("type") in types and _fold(d.get("label", "")) == want)


@dataclass
class Step:
    source: str
    target: str
    kind: str
    label: str
    forward: bool  # the edge points from source to target
    evidence: list = field(default_factory=list)


def shortest_paths(g: nx.MultiDiGraph, a: str, b: str, limit: int = 5) -> list[list[Step]]:
    """The shortest chains (at most ``limit``) between two named persons or bodies, each step with evidence."""
    sa, sb = find_nodes(g, a), find_nodes(g, b)
    for name, found in ((a, sa), (b, sb)):
        if not found:
            raise RelationsError(f"no person or body named {name!r} in the store")
    s = simple_graph(g)
    paths = []
    for x, y in itertools.product(sa, sb):
        try:
            paths.extend(itertools.islice(nx.all_shortest_paths(s, x, y), limit))
        except nx.NetworkXNoPath:
            continue
    if not paths:
        raise RelationsError(f"no chain connects {a!r} and {b!r}")
    best = min(len(p) for p in paths)
    paths = sorted(p for p in paths if len(p) == best)[:limit]
    return [[_step(g, u, v) for u, v in zip(p, p[1:])] for p in paths]


def _step(g, u, v) -> Step:
    if g.has_edge(u, v):
        forward, data = True, g.get_edge_data(u, v)
    else:
        forward, data = False, g.get_edge_data(v, u)
    key = sorted(data)[0]
    d = data[key]
    label = d.get("label") or d.get("role") or d["kind"]
    if d["kind"] == "role" and d.get("status") == "ended":
        label = f"{label} (former)"
    ev = sorted({e for dd in data.values() for e in dd.get("evidence", [])})
    return Step(u, v, d["kind"], label, forward, ev)


def format_paths(g: nx.MultiDiGraph, paths: list[list[Step]]) -> str:
    out = []
    for i, path in enumerate(paths, 1):
        out.append(f"chain {i} ({len(path)} steps):")
        for st in path:
            a, b = g.nodes[st.source]["label"], g.nodes[st.target]["label"]
            arrow = f"--{st.label}-->" if st.forward else f"<--{st.label}--"
            out.append(f"  {a} {arrow} {b}")
            for sentence, src in st.evidence[:2]:
                out.append(f"      \u201c{sentence}\u201d" + (f" [{src}]" if src else ""))
    return "\n".join(out)


def rank(store, top: int = 20, by: str = "degree", base: str | None = None,
         g: nx.MultiDiGraph | None = None) -> list[tuple[str, str, float, float]]:
    """The most central persons: (IRI, label, degree, betweenness), from the derived graph's scores when
    present, otherwise computed from the projection."""
    if by not in ("degree", "betweenness"):
        raise RelationsError(f"cannot rank by {by!r}: choose degree or betweenness")
    base = base or getattr(store, "base", DEFAULT_BASE)
    q = (f"{sparql_prefixes()}SELECT ?x ?d ?b WHERE {{ GRAPH <{derived_graph(base)}> "
         f"{{ ?x vnkg:degree ?d ; vnkg:betweenness ?b }} }}")
    scores = {r["x"].value: (float(r["d"].value), float(r["b"].value)) for r in store.select(q, union=False)}
    g = g if g is not None else project(store, base)
    if not scores:
        scores = {n: (v["degree"], v["betweenness"]) for n, v in centrality(g).items()}
    persons = [(n, d["label"]) for n, d in g.nodes(data=True) if d["type"] == PERSON and n in scores]
    i = 0 if by == "degree" else 1
    ranked = sorted(persons, key=lambda p: (-scores[p[0]][i], p[1], p[0]))[:top]
    return [(n, lab, scores[n][0], scores[n][1]) for n, lab in ranked]
