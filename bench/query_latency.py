"""Latency of every named query (ontology/queries/*.rq), on the corpus and on a ~1 M-triple synthetic graph.

The synthetic graph is generated here, seeded, directly in the RDF contract's shapes: one named graph per
article holding its persons, bodies, roles, offices (org:Membership with evidence mention and selectors),
sub-organisations, cluster memberships and one event with attendees; a few plenaries of 2,000 delegates.
Persons and bodies are drawn with a skew, so some recur in many articles as real officials do. Names come
from data/lexicon/surnames.tsv and bench/names.tsv; body and role labels from data/lexicon (numbered).

Each query runs through ``kg.query.run`` (name lookup + binding + execution), as ``kg query`` does; the
figure is the median of ``--runs`` runs after one warm-up. Lookups are the queries with an entity parameter.

    .venv/bin/python bench/query_latency.py                       # corpus + ~1 M triples
    .venv/bin/python bench/query_latency.py --triples 100000      # a quick run
    .venv/bin/python bench/query_latency.py --derive              # also time project() and derive()
"""
from __future__ import annotations

import argparse
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg import query as Q  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.vocab import DEFAULT_BASE, FOAF, OA, ORG, PROV, RDF, SCHEMA, SKOS, TIME, VNKG, XSD  # noqa: E402

LEX = ROOT / "data" / "lexicon"
N = ox.NamedNode


def _column(path: Path, fallback: list[str]) -> list[str]:
    if not path.is_file():
        return fallback
    out = []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        if i == 0 or not line.strip() or line.startswith("#"):
            continue
        out.append(line.split("\t")[0].strip())
    return [x for x in out if x] or fallback


def _skewed(rng: random.Random, n: int) -> int:
    """An index in [0, n) drawn with a heavy head: a few officials recur in many articles."""
    return min(n - 1, int(n * rng.random() ** 3))


def generate(triples: int = 1_000_000, seed: int = 7, base: str = DEFAULT_BASE):
    """Quads in the contract's shapes, about ``triples`` of them; returns (quads, sample parameters)."""
    rng = random.Random(seed)
    surnames = _column(LEX / "surnames.tsv", ["Nguyen", "Tran", "Le"])
    syllables = _column(ROOT / "bench" / "names.tsv", ["Van", "Thi", "An", "Binh"])
    body_words = _column(LEX / "bodies.tsv", ["Body"])
    role_words = _column(LEX / "titles.tsv", ["Role"])[:60]
    articles = max(1, triples // 190)
    n_persons, n_bodies, n_clusters = max(50, articles * 9), max(20, articles), max(5, articles // 50)

    names, seen = [], set()
    for i in range(n_persons):
        name = f"{rng.choice(surnames)} {rng.choice(syllables)} {rng.choice(syllables)}"
        if name in seen:
            name = f"{name} {i}"
        seen.add(name)
        names.append(name)
    bodies = [f"{body_words[i % len(body_words)]} {i}" for i in range(n_bodies)]
    parent = {i: rng.randrange(i) for i in range(1, n_bodies) if rng.random() < 0.3}
    cluster_of = {i: rng.randrange(n_clusters) for i in range(n_bodies) if rng.random() < 0.3}
    kinds = ["party", "state", "council", "police", "court", "local"]

    P = lambda i: N(f"{base}person/p{i}")  # noqa: E731
    B = lambda i: N(f"{base}org/b{i}")  # noqa: E731
    K = lambda i: N(f"{base}org/k{i}")  # noqa: E731
    Rl = lambda i: N(f"{base}role/r{i}")  # noqa: E731
    vi = lambda s: ox.Literal(s, language="vi")  # noqa: E731
    quads = []

    for a in range(articles):
        g = N(f"{base}graph/a{a}")
        art = N(f"{base}article/a{a}")
        add = lambda s, p, o: quads.append(ox.Quad(s, N(str(p)), o, g))  # noqa: E731
        date = f"20{15 + a % 10}-{1 + a % 12:02d}-{1 + a % 28:02d}"
        add(art, RDF.type, N(str(SCHEMA.NewsArticle)))
        add(art, VNKG.source, ox.Literal(f"synthetic/a{a}.txt"))
        add(art, SCHEMA.sha256, ox.Literal(f"{a:064x}"))
        add(art, SCHEMA.datePublished, ox.Literal(date, datatype=N(str(XSD.date))))
        add(art, SCHEMA.name, ox.Literal(f"Article {a}"))

        def mention(key, text):
            m = N(f"{base}mention/a{a}-{key}")
            q_, p_ = N(f"{base}mention/a{a}-{key}-q"), N(f"{base}mention/a{a}-{key}-p")
            add(m, RDF.type, N(str(VNKG.Mention)))
            add(m, OA.hasSource, art)
            add(m, OA.hasSelector, q_)
            add(m, OA.hasSelector, p_)
            add(q_, RDF.type, N(str(OA.TextQuoteSelector)))
            add(q_, OA.exact, vi(text))
            add(p_, RDF.type, N(str(OA.TextPositionSelector)))
            add(p_, OA.start, ox.Literal(str(10 * len(key)), datatype=N(str(XSD.integer))))
            add(p_, OA.end, ox.Literal(str(10 * len(key) + len(text)), datatype=N(str(XSD.integer))))
            return m

        def person(i):
            add(P(i), RDF.type, N(str(FOAF.Person)))
            add(P(i), FOAF.name, vi(names[i]))

        def body(i):
            add(B(i), RDF.type, N(str(ORG.FormalOrganization)))
            add(B(i), SKOS.prefLabel, vi(bodies[i]))
            add(B(i), VNKG.kind, ox.Literal(kinds[i % len(kinds)]))

        for k in range(6):
            p, b, r = _skewed(rng, n_persons), _skewed(rng, n_bodies), rng.randrange(len(role_words))
            person(p)
            body(b)
            add(Rl(r), RDF.type, N(str(ORG.Role)))
            add(Rl(r), SKOS.prefLabel, vi(role_words[r]))
            m = N(f"{base}membership/a{a}-m{k}")
            add(m, RDF.type, N(str(ORG.Membership)))
            add(m, ORG.member, P(p))
            add(m, ORG.organization, B(b))
            add(m, ORG.role, Rl(r))
            x = rng.random()
            add(m, VNKG.status, N(str(VNKG.Ended if x < 0.15 else VNKG.Unknown if x < 0.2 else VNKG.Current)))
            add(m, PROV.wasDerivedFrom, mention(f"m{k}", f"{role_words[r]} {bodies[b]} {names[p]}."))
            if rng.random() < 0.1:
                iv, b0 = N(f"{base}membership/a{a}-m{k}-t"), N(f"{base}membership/a{a}-m{k}-t0")
                add(m, ORG.memberDuring, iv)
                add(iv, RDF.type, N(str(TIME.Interval)))
                add(iv, TIME.hasBeginning, b0)
                add(b0, TIME.inXSDDate, ox.Literal(f"20{rng.randrange(0, 24):02d}-01-01", datatype=N(str(XSD.date))))
            if b in parent:
                body(parent[b])
                add(B(b), ORG.subOrganizationOf, B(parent[b]))
        if rng.random() < 0.3:
            b = _skewed(rng, n_bodies)
            if b in cluster_of:
                k = cluster_of[b]
                body(b)
                add(K(k), RDF.type, N(str(ORG.OrganizationalCollaboration)))
                add(K(k), SKOS.prefLabel, vi(f"Cluster {k}"))
                add(B(b), ORG.memberOf, K(k))
                m = N(f"{base}membership/a{a}-k")
                add(m, RDF.type, N(str(ORG.Membership)))
                add(m, ORG.member, B(b))
                add(m, ORG.organization, K(k))
                add(m, ORG.role, N(str(VNKG.ClusterHead if b % 7 == 0 else VNKG.ClusterMember)))
                add(m, PROV.wasDerivedFrom, mention("k", f"{bodies[b]}, Cluster {k}."))
        e = N(f"{base}event/a{a}-e1")
        add(e, RDF.type, N(str(SCHEMA.Event)))
        add(e, SCHEMA.name, vi(f"Event {a}"))
        add(e, VNKG.eventKind, ox.Literal("meeting"))
        add(e, SCHEMA.startDate, ox.Literal(date, datatype=N(str(XSD.date))))
        add(e, SCHEMA.location, vi("Hà Nội"))
        ob = _skewed(rng, n_bodies)
        body(ob)
        add(e, SCHEMA.organizer, B(ob))
        add(e, PROV.wasDerivedFrom, mention("e", f"Event {a}."))
        size = 2000 if a % 1000 == 999 else rng.randint(3, 20)
        for j, p in enumerate(sorted({_skewed(rng, n_persons) for _ in range(size)})):
            person(p)
            add(e, SCHEMA.attendee, P(p))
            if j < 2:
                at = N(f"{base}attendance/a{a}-{j}")
                add(at, RDF.type, N(str(VNKG.Attendance)))
                add(at, VNKG.event, e)
                add(at, VNKG.person, P(p))
                add(at, VNKG.capacity, ox.Literal("chair" if j == 0 else "speaker"))
    # a typical entity (recurs in a few articles) and the hub (the most frequent one, far above real news)
    typical = {"person": names[n_persons // 20], "body": bodies[n_bodies // 20], "cluster": f"Cluster {n_clusters // 2}",
               "event": f"Event {articles // 2}", "text": names[n_persons // 20].split()[-1]}
    hub = {"person": names[0], "body": bodies[0], "cluster": "Cluster 0", "event": f"Event {999 if articles > 999 else 0}",
           "text": names[0].split()[-1]}
    return quads, {"typical": typical, "hub": hub}


def corpus_params(store) -> dict:
    """Parameters for the corpus: the most frequent person, body, cluster and event by label."""
    def top(q):
        rows = store.select(q)
        return rows[0]["l"].value if rows else "?"
    pref = "PREFIX org: <http://www.w3.org/ns/org#> PREFIX foaf: <http://xmlns.com/foaf/0.1/> " \
           "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX schema: <https://schema.org/> "
    person = top(pref + "SELECT ?l (COUNT(*) AS ?n) WHERE { ?m org:member ?p . ?p foaf:name ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1")
    return {
        "person": person,
        "body": top(pref + "SELECT ?l (COUNT(*) AS ?n) WHERE { ?m org:organization ?b . ?b skos:prefLabel ?l FILTER(lang(?l) = 'vi') } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"),
        "cluster": top(pref + "SELECT ?l (COUNT(*) AS ?n) WHERE { ?b org:memberOf ?k . ?k skos:prefLabel ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"),
        "event": top(pref + "SELECT ?l (COUNT(*) AS ?n) WHERE { ?e schema:attendee ?p ; schema:name ?l } GROUP BY ?l ORDER BY DESC(?n) ?l LIMIT 1"),
        "text": person.split()[-1] if person != "?" else "?",
    }


def time_queries(store, params: dict, runs: int) -> list[tuple]:
    out = []
    for name, nq in Q.named_queries().items():
        ps = {p.name: params[p.name] for p in nq.params}
        t0 = time.perf_counter()
        res = Q.run(store, name, ps)
        first = time.perf_counter() - t0
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            Q.run(store, name, ps)
            times.append(time.perf_counter() - t0)
        kind = "lookup" if any(p.type in Q.ENTITY_TYPES for p in nq.params) else "whole graph"
        out.append((name, kind, len(res.rows), first * 1000, statistics.median(times) * 1000))
    return out


def report(title: str, rows: list[tuple]) -> None:
    print(f"\n{title}")
    print(f"{'query':28} {'kind':12} {'rows':>6} {'first ms':>9} {'median ms':>10}")
    for name, kind, n, first, med in rows:
        print(f"{name:28} {kind:12} {n:6d} {first:9.1f} {med:10.1f}", flush=True)
    look = [r[4] for r in rows if r[1] == "lookup"]
    if look:
        print(f"lookups: median of medians {statistics.median(look):.1f} ms, worst {max(look):.1f} ms")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--triples", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--corpus", default=str(ROOT.parent / "shared" / "corpus"))
    ap.add_argument("--derive", action="store_true", help="also time project() and derive() on the graphs")
    args = ap.parse_args(argv)

    from kg import relations as R

    with tempfile.TemporaryDirectory() as tmp:
        if Path(args.corpus).is_dir():
            from kg.build import build

            st = Store(Path(tmp) / "corpus")
            rep = build([args.corpus], st, derive=True, progress=False)
            print(f"corpus: {st.count()} quads; derived: {rep.derived}")
            cp = corpus_params(st)
            report(f"corpus (../shared/corpus, embedded store on disk), {cp}", time_queries(st, cp, args.runs))
            st.close()

        t0 = time.perf_counter()
        quads, params = generate(args.triples, args.seed)
        gen_s = time.perf_counter() - t0
        st = Store(Path(tmp) / "synthetic")
        t0 = time.perf_counter()
        st._ox.bulk_extend(quads)
        st._ox.flush()
        load_s = time.perf_counter() - t0
        n = st.count()
        del quads
        print(f"\nsynthetic: {n:,} quads (seed {args.seed}); generated in {gen_s:.1f} s, bulk-loaded in {load_s:.1f} s")
        if args.derive:
            t0 = time.perf_counter()
            g = R.project(st)
            proj_s = time.perf_counter() - t0
            t0 = time.perf_counter()
            counts = R.derive(st, graph=g)
            print(f"project(): {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges in {proj_s:.1f} s; "
                  f"derive(): {time.perf_counter() - t0:.1f} s, {counts}; derived graph {st.count(st.base.rstrip('/') + '/derived'):,} quads")
            del g
        for which in ("typical", "hub"):
            report(f"synthetic (~{args.triples:,} triples, embedded store on disk), {which} entities {params[which]}",
                   time_queries(st, params[which], args.runs))
        st.close()
    print(f"\npeak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
