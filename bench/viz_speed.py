"""How fast the viewer is on large graphs: write the page, then time it in headless Chromium.

A seeded synthetic graph in the shapes of the RDF contract (persons with offices, some former, ranks;
bodies with sub-units; emulation clusters; events with organisers and attendees; every fact with an
evidence sentence in its article's named graph) is loaded into an in-memory store, drawn by
``kg.viz.write_viz`` and opened from disk by Chromium with no network. "ready" is the time from navigation
to the first complete drawing (physics is off: the picture is still from then on).

    .venv/bin/python bench/viz_speed.py 5000 20000 [--seed 7] [--keep DIR] [--screenshot DIR]

Names, titles and bodies are drawn from data/lexicon and bench/names.tsv, so the picture looks like the
real thing.
"""
from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ID = "https://w3id.org/vnkg/id/"
PREFIXES = """@prefix org: <http://www.w3.org/ns/org#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix vnkg: <https://w3id.org/vnkg#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]


def _column(path: Path, col: str = None, where=None) -> list[str]:
    rows = []
    with open(path, encoding="utf-8") as f:
        lines = [ln for ln in f if not ln.startswith("#")]
    for row in csv.DictReader(lines, delimiter="\t"):
        if where is None or where(row):
            rows.append(row[col] if col else row)
    return [r for r in rows if r]


def _lit(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def synthetic_trig(n: int, seed: int = 7) -> str:
    """About ``n`` nodes: 60 % persons, 25 % bodies, 12 % events, clusters, and a few bodiless roles."""
    rnd = random.Random(seed)
    lex = ROOT / "data" / "lexicon"
    surnames = _column(lex / "surnames.tsv", "surname")
    middles = _column(ROOT / "bench" / "names.tsv", "syllable", lambda r: r["slot"] == "middle")
    givens = _column(ROOT / "bench" / "names.tsv", "syllable", lambda r: r["slot"] == "given")
    titles = _column(lex / "titles.tsv", "title")
    ranks = _column(lex / "ranks.tsv", "rank")
    body_names = _column(lex / "bodies.tsv", "name")
    places = _column(lex / "admin_units.tsv", None)
    place_names = [r.get("name") or next(iter(r.values())) for r in places][:200] or ["Hà Nội"]
    event_words = _column(lex / "events.tsv", "word")

    n_clusters = max(2, n // 250)
    n_bodies = n // 4
    n_events = n * 12 // 100
    n_persons = n - n_clusters - n_bodies - n_events
    n_articles = max(1, n // 25)
    graphs: list[list[str]] = [[] for _ in range(n_articles)]

    def art() -> tuple[int, str]:
        a = rnd.randrange(n_articles)
        return a, f"<{ID}article/a{a}>"

    mention_no = [0]

    def mention(a: int, sentence: str) -> str:
        mention_no[0] += 1
        m = f"<{ID}mention/m{mention_no[0]}>"
        graphs[a].append(f"{m} a vnkg:Mention ; oa:hasSource <{ID}article/a{a}> ; oa:hasSelector {m[:-1]}-q> .\n"
                         f"{m[:-1]}-q> a oa:TextQuoteSelector ; oa:exact {_lit(sentence)}@vi .")
        return m

    for a in range(n_articles):
        graphs[a].append(f"<{ID}article/a{a}> a schema:NewsArticle ; vnkg:source \"synthetic/a{a}.txt\" ; "
                         f"schema:name \"Bài {a}\" ; schema:url \"https://example.org/a{a}\" ; "
                         f"schema:datePublished \"2024-{1 + a % 12:02d}-{1 + a % 28:02d}\"^^xsd:date .")

    clusters = [f"<{ID}cluster/k{i}>" for i in range(n_clusters)]
    for i, k in enumerate(clusters):
        a, _ = art()
        graphs[a].append(f"{k} a org:OrganizationalCollaboration ; skos:prefLabel \"Khối thi đua {i + 1}\"@vi .")
    bodies = [f"<{ID}org/b{i}>" for i in range(n_bodies)]
    body_label = {}
    for i, b in enumerate(bodies):
        a, _ = art()
        base = body_names[i % len(body_names)]
        label = base if i < len(body_names) else f"{base} {place_names[i % len(place_names)]}"
        body_label[b] = label
        graphs[a].append(f"{b} a org:FormalOrganization ; skos:prefLabel {_lit(label)}@vi .")
        if i > 10 and rnd.random() < 0.35:
            graphs[a].append(f"{b} org:subOrganizationOf {bodies[rnd.randrange(i)]} .")
        if rnd.random() < 0.25:
            k = rnd.choice(clusters)
            m = mention(a, f"{label} là thành viên {k}.")
            role = "vnkg:ClusterHead" if rnd.random() < 0.05 else "vnkg:ClusterMember"
            graphs[a].append(f"{b} org:memberOf {k} .\n<{ID}cm/{i}> a org:Membership ; org:member {b} ; "
                             f"org:organization {k} ; org:role {role} ; prov:wasDerivedFrom {m} .")
    roles = [f"<{ID}role/r{i}>" for i in range(len(titles))]
    persons = [f"<{ID}person/p{i}>" for i in range(n_persons)]
    names = {}
    for i, p in enumerate(persons):
        a, _ = art()
        name = f"{rnd.choice(surnames)} {rnd.choice(middles)} {rnd.choice(givens)}"
        names[p] = name
        graphs[a].append(f"{p} a foaf:Person ; foaf:name {_lit(name)}@vi .")
        if rnd.random() < 0.2:
            graphs[a].append(f"{p} schema:honorificPrefix {_lit(rnd.choice(ranks))}@vi .")
        for j in range(1 + (rnd.random() < 0.3)):
            # a skewed choice of body: a few bodies get many office holders, as ministries do
            b = bodies[min(int(rnd.paretovariate(0.9)) - 1, n_bodies - 1) if rnd.random() < 0.5
                       else rnd.randrange(n_bodies)]
            r = rnd.randrange(len(titles))
            status = "vnkg:Ended" if rnd.random() < 0.2 else "vnkg:Current"
            s = f"Ông {name}, {titles[r]} {body_label[b]}, phát biểu."
            m = mention(a, s)
            graphs[a].append(f"{roles[r]} a org:Role ; skos:prefLabel {_lit(titles[r])}@vi .\n"
                             f"<{ID}ms/{i}-{j}> a org:Membership ; org:member {p} ; org:organization {b} ; "
                             f"org:role {roles[r]} ; vnkg:status {status} ; prov:wasDerivedFrom {m} .")
        if rnd.random() < 0.01:
            r = rnd.randrange(len(titles))
            m = mention(a, f"Ông {name}, {titles[r]}, cho biết.")
            graphs[a].append(f"{roles[r]} a org:Role ; skos:prefLabel {_lit(titles[r])}@vi .\n"
                             f"<{ID}ms/{i}-x> a org:Membership ; org:member {p} ; org:role {roles[r]} ; "
                             f"vnkg:status vnkg:Unknown ; prov:wasDerivedFrom {m} .")
    for i in range(n_events):
        a, _ = art()
        e = f"<{ID}event/e{i}>"
        name = f"{rnd.choice(event_words)} số {i + 1}"
        org_ = rnd.choice(bodies + clusters[:1])
        att = rnd.sample(persons, min(len(persons), rnd.randint(2, 8)))
        m = mention(a, f"{name} có sự tham dự của {', '.join(names[p] for p in att[:3])}.")
        graphs[a].append(f"{e} a schema:Event ; schema:name {_lit(name)}@vi ; "
                         f"schema:startDate \"2024-{1 + i % 12:02d}-{1 + i % 28:02d}\"^^xsd:date ; "
                         f"schema:organizer {org_} ; schema:attendee {', '.join(att)} ; prov:wasDerivedFrom {m} .")
    out = [PREFIXES]
    for a, triples in enumerate(graphs):
        out.append(f"<{ID}graph/a{a}> {{\n" + "\n".join(triples) + "\n}\n")
    return "\n".join(out)


def open_in_chromium(html: Path, screenshot: Path | None = None, timeout_s: float = 300) -> float:
    """Milliseconds from navigation until the page has drawn the graph (window.__kgReadyMs)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(html.resolve().as_uri(), timeout=timeout_s * 1000)
        deadline = time.monotonic() + timeout_s
        # polled from outside: the page's CSP forbids the eval that page.wait_for_function needs
        while not page.evaluate("window.__kgReady === true"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{html} did not draw within {timeout_s} s")
            page.wait_for_timeout(50)
        ms = page.evaluate("window.__kgReadyMs")
        if screenshot:
            page.screenshot(path=str(screenshot))
        browser.close()
    return ms


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("sizes", nargs="*", type=int, default=[5000, 20000])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", type=Path, help="keep the pages in this folder")
    ap.add_argument("--screenshot", type=Path, help="save a screenshot of each page in this folder")
    args = ap.parse_args(argv)

    import pyoxigraph as ox

    from kg.store import Store
    from kg.viz import write_viz

    out_dir = args.keep or Path(tempfile.mkdtemp(prefix="viz-bench-"))
    out_dir.mkdir(parents=True, exist_ok=True)
    print(f"{'target':>7} {'nodes':>7} {'edges':>7} {'read+draw s':>11} {'layout s':>8} {'MB':>6} {'ready ms':>9}")
    for n in args.sizes:
        st = Store(None)
        st._ox.load(synthetic_trig(n, args.seed).encode("utf-8"), format=ox.RdfFormat.TRIG)
        page = out_dir / f"viz-{n}.html"
        t = time.perf_counter()
        res = write_viz(st, page)
        total = time.perf_counter() - t
        shot = args.screenshot / f"viz-{n}.png" if args.screenshot else None
        if shot:
            shot.parent.mkdir(parents=True, exist_ok=True)
        ms = open_in_chromium(page, shot)
        print(f"{n:>7} {res.nodes:>7} {res.edges:>7} {total:>11.1f} {res.layout_seconds:>8.1f} "
              f"{page.stat().st_size / 1e6:>6.1f} {ms:>9.0f}", flush=True)


if __name__ == "__main__":
    main()
