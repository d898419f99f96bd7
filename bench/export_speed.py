"""Export speed: every `kg export` format on a seeded synthetic store in the RDF contract's shapes.

Generates N article graphs (about 100 quads each: the article, its persons, bodies, roles, offices with
evidence mentions, a cluster membership, an event with attendees and attendance nodes), loads them into
an in-memory store and times each format. Person names are drawn from data/lexicon/surnames.tsv and
bench/names.tsv, so labels carry Vietnamese diacritics as real data does; other labels are placeholders.

    .venv/bin/python bench/export_speed.py                      # ~1 M quads (7,250 articles)
    .venv/bin/python bench/export_speed.py --articles 500       # a quick run
    .venv/bin/python bench/export_speed.py --formats turtle,csv --keep /tmp/exports
"""
from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pyoxigraph as ox  # noqa: E402

from kg.export import FORMATS, export  # noqa: E402
from kg.store import Store  # noqa: E402
from kg.vocab import DEFAULT_BASE  # noqa: E402

EXT = {"turtle": "ttl", "trig": "trig", "nquads": "nq", "ntriples": "nt", "jsonld": "jsonld", "csv": "",
       "graphml": "graphml", "gexf": "gexf", "popolo": "popolo.json", "ftm": "ftm.jsonl"}

ORG = "http://www.w3.org/ns/org#"
FOAF = "http://xmlns.com/foaf/0.1/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SDO = "https://schema.org/"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
VNKG = "https://w3id.org/vnkg#"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _column(path: Path, col: int = 0) -> list[str]:
    if not path.exists():
        return []
    rows = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]
            if line.strip() and not line.startswith("#")]
    return [r[col] for r in rows if len(r) > col and r[col]]


def _lit(text: str, lang: str | None = "vi", dtype: str | None = None) -> str:
    esc = text.replace("\\", "\\\\").replace('"', '\\"')
    if dtype:
        return f'"{esc}"^^<{dtype}>'
    return f'"{esc}"@{lang}' if lang else f'"{esc}"'


def generate(articles: int, seed: int = 7, base: str = DEFAULT_BASE) -> str:
    """N-Quads text of ``articles`` article graphs; the same seed gives the same text."""
    rnd = random.Random(seed)
    surnames = _column(ROOT / "data/lexicon/surnames.tsv") or ["S"]
    syllables = _column(ROOT / "bench/names.tsv") or ["A", "B", "C"]
    n_persons, n_bodies, n_roles, n_clusters = max(50, articles * 5), max(20, articles // 2), 300, 100
    person_names = [f"{rnd.choice(surnames)} {rnd.choice(syllables)} {rnd.choice(syllables)}"
                    for _ in range(n_persons)]

    def iri(path: str) -> str:
        return f"<{base}{path}>"

    lines: list[str] = []
    for a in range(articles):
        g = iri(f"graph/a{a}")

        def q(s, p, o):
            lines.append(f"{s} <{p}> {o} {g} .")

        art = iri(f"article/a{a}")
        year, month, day = 2020 + a % 5, 1 + a % 12, 1 + a % 28
        q(art, RDF_TYPE, f"<{SDO}NewsArticle>")
        q(art, VNKG + "source", _lit(f"news/a{a}.txt", None))
        q(art, SDO + "name", _lit(f"Article {a}"))
        q(art, SDO + "sha256", _lit(f"{rnd.getrandbits(128):032x}", None))
        q(art, SDO + "datePublished", _lit(f"{year}-{month:02d}-{day:02d}", dtype=XSD + "date"))
        q(art, SDO + "url", _lit(f"https://news.example/a{a}", None))

        people = rnd.sample(range(n_persons), 5)
        bodies = rnd.sample(range(n_bodies), 3)
        for p in people:
            q(iri(f"person/p{p}"), RDF_TYPE, f"<{FOAF}Person>")
            q(iri(f"person/p{p}"), FOAF + "name", _lit(person_names[p]))
            if p % 3 == 0:
                q(iri(f"person/p{p}"), SDO + "honorificPrefix", _lit("TS."))
        for b in bodies:
            q(iri(f"org/b{b}"), RDF_TYPE, f"<{ORG}FormalOrganization>" if b % 4 else f"<{ORG}OrganizationalUnit>")
            q(iri(f"org/b{b}"), SKOS + "prefLabel", _lit(f"Body {b}"))
            q(iri(f"org/b{b}"), VNKG + "kind", _lit("state", None))
            if b % 4 == 0:
                q(iri(f"org/b{b}"), ORG + "subOrganizationOf", iri(f"org/b{b // 4 + 1}"))

        def mention(key: str, start: int) -> str:
            m = iri(f"mention/a{a}-{key}")
            q(m, RDF_TYPE, f"<{VNKG}Mention>")
            q(m, OA + "hasSource", art)
            q(m, OA + "hasSelector", iri(f"mention/a{a}-{key}-q"))
            q(iri(f"mention/a{a}-{key}-q"), RDF_TYPE, f"<{OA}TextQuoteSelector>")
            q(iri(f"mention/a{a}-{key}-q"), OA + "exact", _lit(f"Sentence {key} of article {a}, quoted as evidence."))
            q(m, OA + "hasSelector", iri(f"mention/a{a}-{key}-p"))
            q(iri(f"mention/a{a}-{key}-p"), RDF_TYPE, f"<{OA}TextPositionSelector>")
            q(iri(f"mention/a{a}-{key}-p"), OA + "start", _lit(str(start), dtype=XSD + "integer"))
            q(iri(f"mention/a{a}-{key}-p"), OA + "end", _lit(str(start + 80), dtype=XSD + "integer"))
            return m

        for i, p in enumerate(people[:4]):
            r = rnd.randrange(n_roles)
            role, m = iri(f"role/r{r}"), iri(f"membership/a{a}-{i}")
            q(role, RDF_TYPE, f"<{ORG}Role>")
            q(role, SKOS + "prefLabel", _lit(f"Role {r}"))
            q(role, SKOS + "prefLabel", _lit(f"Role {r} (en)", "en"))
            q(m, RDF_TYPE, f"<{ORG}Membership>")
            q(m, ORG + "member", iri(f"person/p{p}"))
            q(m, ORG + "organization", iri(f"org/b{bodies[i % 3]}"))
            q(m, ORG + "role", role)
            q(m, VNKG + "status", f"<{VNKG}{'Ended' if rnd.random() < 0.1 else 'Current'}>")
            q(m, PROV + "wasDerivedFrom", mention(f"s{i}", 100 * i))

        k = iri(f"org/k{rnd.randrange(n_clusters)}")
        q(k, RDF_TYPE, f"<{ORG}OrganizationalCollaboration>")
        q(k, SKOS + "prefLabel", _lit(f"Cluster {k[-4:-1]}"))
        q(iri(f"org/b{bodies[0]}"), ORG + "memberOf", k)
        km = iri(f"membership/a{a}-k")
        q(km, RDF_TYPE, f"<{ORG}Membership>")
        q(km, ORG + "member", iri(f"org/b{bodies[0]}"))
        q(km, ORG + "organization", k)
        q(km, ORG + "role", f"<{VNKG}{rnd.choice(['ClusterMember', 'ClusterHead', 'ClusterDeputyHead'])}>")
        q(km, PROV + "wasDerivedFrom", iri(f"mention/a{a}-s0"))

        e = iri(f"event/a{a}")
        q(e, RDF_TYPE, f"<{SDO}Event>")
        q(e, SDO + "name", _lit(f"Event {a}"))
        q(e, VNKG + "eventKind", _lit("meeting", None))
        q(e, SDO + "startDate", _lit(f"{year}-{month:02d}-{day:02d}", dtype=XSD + "date"))
        q(e, SDO + "location", _lit(f"Place {a % 63}"))
        q(e, SDO + "organizer", iri(f"org/b{bodies[1]}"))
        q(e, PROV + "wasDerivedFrom", mention("e", 500))
        for i, p in enumerate(people):
            q(e, SDO + "attendee", iri(f"person/p{p}"))
            if i < 2:
                at = iri(f"attendance/a{a}-{i}")
                q(at, RDF_TYPE, f"<{VNKG}Attendance>")
                q(at, VNKG + "event", e)
                q(at, VNKG + "person", iri(f"person/p{p}"))
                q(at, VNKG + "capacity", _lit("chair" if i == 0 else "speaker", None))
                q(at, PROV + "wasDerivedFrom", iri(f"mention/a{a}-e"))
    return "\n".join(lines) + "\n"


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir())
    return path.stat().st_size


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=7_250)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--formats", default=",".join(FORMATS))
    ap.add_argument("--keep", help="Write the exports into this folder instead of a temporary one.")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    text = generate(args.articles, args.seed)
    gen_s = time.perf_counter() - t
    st = Store(None)
    t = time.perf_counter()
    st._ox.bulk_load(text.encode("utf-8"), ox.RdfFormat.N_QUADS)
    load_s = time.perf_counter() - t
    n = st.count()
    print(f"store: {n:,} quads in {len(st.named_graphs()):,} graphs "
          f"(generated in {gen_s:.1f} s, loaded in {load_s:.1f} s)")
    del text

    out_dir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="kg-export-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    # CPU seconds beside wall seconds: on a shared machine the CPU figure is the stable one
    print(f"{'format':<10} {'wall s':>7} {'cpu s':>7} {'MB':>7}  {'what'}")
    try:
        for fmt in args.formats.split(","):
            target = out_dir / (f"kg.{EXT[fmt]}" if EXT[fmt] else "tables")
            t, c = time.perf_counter(), time.process_time()
            report = export(st, fmt, target)
            s, cpu = time.perf_counter() - t, time.process_time() - c
            what = ", ".join(f"{v:,} {k}" for k, v in report.counts.items())
            print(f"{fmt:<10} {s:>7.1f} {cpu:>7.1f} {_size(target) / 1e6:>7.1f}  {what}", flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(out_dir, ignore_errors=True)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {rss:,.0f} MB; python {sys.version.split()[0]}, pyoxigraph {ox.__version__}, "
          f"{os.cpu_count()} cores")


if __name__ == "__main__":
    main()
