"""Relations: the networkx projection and the derived graph, on the fixture and on the corpus's gold."""
import hashlib
import itertools
import json
import unicodedata

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import relations as R
from kg.store import Store, derived_graph
from kg.vocab import VNKG

ID = "https://w3id.org/vnkg/id/"
TO, TINH, TUAN, MINH = (ID + f"person/{x}" for x in ("tran-quoc-to", "nguyen-thanh-tinh", "ngo-van-tuan",
                                                      "dinh-van-minh"))
BCA, BTP, KTNN, CLUSTER, E1 = (ID + x for x in ("org/bo-cong-an", "org/bo-tu-phap", "org/kiem-toan-nha-nuoc",
                                                 "org/khoi-noi-chinh", "event/e1"))


def test_projection_nodes_edges_and_evidence(mini_store):
    g = R.project(mini_store)
    assert g.nodes[TO] == {"type": "person", "label": "Trần Quốc Tỏ"}
    assert g.nodes[BCA]["type"] == "body" and g.nodes[BCA]["label"] == "Bộ Công an"
    assert g.nodes[CLUSTER]["type"] == "cluster"
    assert g.nodes[E1]["type"] == "event" and g.nodes[E1]["date"] == "2023-08-04"
    kinds = {(u, v): d for u, v, d in g.edges(data=True)}
    role = kinds[(TO, BCA)]
    assert (role["kind"], role["label"], role["status"]) == ("role", "Thứ trưởng", "current")
    assert role["evidence"][0][1] == "tests/a1.txt" and "Trần Quốc Tỏ" in role["evidence"][0][0]
    assert kinds[(ID + "person/dinh-van-minh", ID + "org/vu-phap-che")]["status"] == "ended"
    assert kinds[(KTNN, CLUSTER)]["role"] == "head" and kinds[(BCA, CLUSTER)]["role"] == "member"
    assert kinds[(ID + "org/cuc-tgpl", BTP)]["kind"] == "part_of"
    assert kinds[(TUAN, E1)]["capacity"] == "chair"
    assert kinds[(E1, CLUSTER)]["kind"] == "organized_by"
    # the same office stated in two articles is one edge with both sentences
    assert len(g.get_edge_data(TINH, BTP)) == 1 and len(kinds[(TINH, BTP)]["evidence"]) == 2


def test_projection_ignores_meta_and_derived_graphs(mini_store):
    junk = f"<{ID}person/ghost> a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> \"Ghost\" ."
    mini_store.replace_graph(derived_graph(), junk)
    mini_store.replace_graph(mini_store.meta, junk)
    assert ID + "person/ghost" not in R.project(mini_store)


def _derived(store):
    return sorted(str(q) for q in store.quads(derived_graph()))


def test_derive_writes_its_own_graph_deterministically(mini_store):
    before = {g: mini_store.count(g) for g in mini_store.named_graphs()}
    counts = R.derive(mini_store)
    assert counts == {"colleague": 0, "co-attendance": 4, "serves-in-cluster": 2, "same-cluster": 1,
                      "scored-nodes": 12}
    for g, n in before.items():  # extracted graphs untouched
        assert mini_store.count(g) == n
    first = _derived(mini_store)
    R.derive(mini_store)
    assert _derived(mini_store) == first
    assert not any("_:" in q for q in first)  # no blank nodes
    rows = mini_store.select(
        "PREFIX vnkg: <https://w3id.org/vnkg#> SELECT ?n ?c ?via ?m WHERE { GRAPH ?g { ?r vnkg:relationKind "
        "\"co-attendance\" ; vnkg:subject ?a ; vnkg:object ?b ; vnkg:count ?c ; vnkg:via ?via ; vnkg:method ?m . "
        "?m <http://www.w3.org/2000/01/rdf-schema#comment> ?n } }", union=False)
    assert len(rows) == 4 and {r["c"].value for r in rows} == {"1"}
    assert sorted(r["via"].value.rsplit("/", 1)[1] for r in rows) == ["e1", "e1", "e1", "e2"]
    assert "schema:attendee" in rows[0]["n"].value
    assert mini_store.ask(f"ASK {{ GRAPH <{derived_graph()}> {{ <{TINH}> <{VNKG.coAttendedWith}> <{TO}> . "
                          f"<{TO}> <{VNKG.coAttendedWith}> <{TINH}> . <{TO}> <{VNKG.servesInCluster}> <{CLUSTER}> . "
                          f"<{BCA}> <{VNKG.sameClusterAs}> <{KTNN}> . <{TO}> <{VNKG.degree}> ?d }} }}")


def _store(ttl: str) -> Store:
    st = Store(None)
    st._ox.load(ttl.encode("utf-8"), format=ox.RdfFormat.TRIG)
    return st


TENURES = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix time: <http://www.w3.org/2006/time#> . @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix : <http://x/> .
:g { :a a foaf:Person . :b a foaf:Person . :c a foaf:Person . :d a foaf:Person . :o a org:Organization .
  :ma org:member :a ; org:organization :o ; org:memberDuring [ time:hasEnd [ time:inXSDDate "2010-01-01"^^xsd:date ] ] .
  :mb org:member :b ; org:organization :o ; org:memberDuring [ time:hasBeginning [ time:inXSDDate "2015-01-01"^^xsd:date ] ] .
  :mc org:member :c ; org:organization :o .
  :md org:member :d ; org:organization :o ; org:memberDuring [ time:hasBeginning [ time:inXSDDate "2005-01-01"^^xsd:date ] ] . }
"""


def test_colleagues_unless_tenures_known_disjoint():
    g = R.project(_store(TENURES))
    pairs = {(r.subject[-1], r.object[-1]) for r in R.colleagues(g)}
    # a left in 2010, b began in 2015: known disjoint; every other pair may have overlapped
    assert pairs == {("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d")}


def test_co_attendance_skips_events_above_the_cap(mini_store):
    g = R.project(mini_store)
    assert {r.count for r in R.co_attendance(g)} == {1}
    capped = R.co_attendance(g, max_size=2)  # e1 has three attendees, e2 two
    assert [(r.subject, r.object) for r in capped] == [(MINH, TINH)]


def test_centrality_is_sampled_with_a_fixed_seed(mini_store, monkeypatch):
    g = R.project(mini_store)
    monkeypatch.setattr(R, "BETWEENNESS_EXACT_MAX", 3)
    caps = {}
    R.centrality(g, samples=5, caps=caps)
    assert caps == {"betweenness": "sampled from 10 sources with seed 7"}
    assert R.centrality(g, samples=5) == R.centrality(g, samples=5)
    assert R.centrality(g)[TINH]["degree"] == pytest.approx(3 / 11)


def test_shortest_paths_with_evidence(mini_store):
    g = R.project(mini_store)
    paths = R.shortest_paths(g, "Trần Quốc Tỏ", "nguyễn thanh tịnh")
    assert paths and all(len(p) == 2 for p in paths)
    first = paths[0]
    assert (first[0].source, first[0].target, first[1].target) == (TO, E1, TINH)
    assert first[0].evidence and "Trần Quốc Tỏ" in first[0].evidence[0][0]
    text = R.format_paths(g, paths)
    assert "Trần Quốc Tỏ --attended-->" in text and "[tests/a1.txt]" in text
    with pytest.raises(R.RelationsError, match="no person or body named"):
        R.shortest_paths(g, "Trần Quốc Tỏ", "Nobody")


def test_rank_prefers_stored_scores(mini_store):
    R.derive(mini_store)
    top = R.rank(mini_store, top=2)
    assert [t[1] for t in top] == ["Nguyễn Thanh Tịnh", "Ngô Văn Tuấn"]


def test_cli_relations_path_rank(mini_disk_store):
    from kg.cli import cli

    loc = mini_disk_store
    r = CliRunner().invoke(cli, ["relations", "--store", loc])
    assert r.exit_code == 0, r.output
    assert "co-attendance        4" in r.output
    r = CliRunner().invoke(cli, ["path", "Trần Quốc Tỏ", "Nguyễn Thanh Tịnh", "--store", loc])
    assert r.exit_code == 0 and "chain 1 (2 steps)" in r.output and "“Dự hội nghị" in r.output
    r = CliRunner().invoke(cli, ["rank", "--top", "1", "--store", loc])
    assert r.exit_code == 0 and "Nguyễn Thanh Tịnh" in r.output
    r = CliRunner().invoke(cli, ["path", "Trần Quốc Tỏ", "Nobody", "--store", loc])
    assert r.exit_code == 1 and "no person or body named 'Nobody'" in r.output and "Traceback" not in r.output


# --- on the corpus: derived relations against facts derived by hand from the gold ---------------

def _iri(kind, name):
    key = unicodedata.normalize("NFC", name)
    return f"{ID}{kind}/{hashlib.sha1(key.encode('utf-8')).hexdigest()[:12]}"


def _gold_to_trig(cases) -> str:
    """The gold facts in the contract's shapes: one graph per case, one node per name across cases."""
    lit = lambda s: json.dumps(s, ensure_ascii=False) + "@vi"  # noqa: E731
    out = ["@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .",
           "@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <https://schema.org/> .",
           "@prefix vnkg: <https://w3id.org/vnkg#> ."]
    roles = {"head": "vnkg:ClusterHead", "deputy-head": "vnkg:ClusterDeputyHead", "member": "vnkg:ClusterMember"}
    for case in cases:
        cid = case["id"]
        out.append(f"<{ID}graph/{cid}> {{")
        for p in case["persons"]:
            out.append(f"<{_iri('person', p['name'])}> a foaf:Person ; foaf:name {lit(p['name'])} .")
        for o in case["organizations"]:
            t = "org:OrganizationalCollaboration" if o["kind"] == "cluster" else "org:Organization"
            out.append(f"<{_iri('org', o['name'])}> a {t} ; skos:prefLabel {lit(o['name'])} .")
        for i, pos in enumerate(case["positions"]):
            if not pos.get("org"):
                continue
            st = "vnkg:Ended" if pos["status"] == "former" else "vnkg:Current"
            out.append(f"<{ID}membership/{cid}-{i}> a org:Membership ; org:member <{_iri('person', pos['person'])}> ; "
                       f"org:organization <{_iri('org', pos['org'])}> ; vnkg:status {st} .")
        for s in case.get("suborganizations", []):
            out.append(f"<{_iri('org', s['child'])}> org:subOrganizationOf <{_iri('org', s['parent'])}> .")
        for i, c in enumerate(case.get("clusters", [])):
            b, k = _iri("org", c["org"]), _iri("org", c["cluster"])
            out.append(f"<{b}> org:memberOf <{k}> . <{ID}membership/{cid}-k{i}> a org:Membership ; org:member <{b}> ; "
                       f"org:organization <{k}> ; org:role {roles[c['role']]} .")
        for e in case.get("events", []):
            ev = f"{ID}event/{cid}-{e['id']}"
            out.append(f"<{ev}> a schema:Event ; schema:name {lit(e['name'])} .")
            for a in e["attendees"]:
                out.append(f"<{ev}> schema:attendee <{_iri('person', a)}> .")
        out.append("}")
    return "\n".join(out)


def _by_hand(cases):
    """The relations, straight from the gold lists: the definitions, with no graph library."""
    holders, attend, current_orgs, members, parent = {}, {}, {}, {}, {}
    for c in cases:
        for pos in c["positions"]:
            if pos.get("org"):
                holders.setdefault(pos["org"], set()).add(pos["person"])
                if pos["status"] != "former":
                    current_orgs.setdefault(pos["person"], set()).add(pos["org"])
        for e in c.get("events", []):
            attend[(c["id"], e["id"])] = set(e["attendees"])
        for k in c.get("clusters", []):
            members.setdefault(k["cluster"], set()).add(k["org"])
        for s in c.get("suborganizations", []):
            parent.setdefault(s["child"], set()).add(s["parent"])
    colleagues = {frozenset(p) for ps in holders.values() for p in itertools.combinations(ps, 2) if len(set(p)) == 2}
    co = {}
    for ps in attend.values():
        if len(ps) <= R.MAX_EVENT_SIZE:
            for p in itertools.combinations(sorted(ps), 2):
                co[frozenset(p)] = co.get(frozenset(p), 0) + 1
    same = {frozenset(p) for bs in members.values() for p in itertools.combinations(bs, 2)}

    def up(org):
        seen, todo = set(), [org]
        while todo:
            o = todo.pop()
            if o not in seen:
                seen.add(o)
                todo.extend(parent.get(o, ()))
        return seen

    serves = {(p, k) for p, orgs in current_orgs.items() for o in orgs for a in up(o)
              for k, bs in members.items() if a in bs}
    return colleagues, co, serves, same


def test_derived_relations_match_the_gold_of_the_corpus(corpus_dir):
    cases = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(corpus_dir.glob("*.gold.json"))]
    st = _store(_gold_to_trig(cases))
    g = R.project(st)
    counts = R.derive(st, graph=g)
    name = {n: d["label"] for n, d in g.nodes(data=True)}
    got = {}
    for r in R.relations(g):
        got.setdefault(r.kind, {})[(name[r.subject], name[r.object])] = r.count
    colleagues, co, serves, same = _by_hand(cases)
    assert {frozenset(p) for p in got.get("colleague", {})} == colleagues
    assert {frozenset(p): n for p, n in got.get("co-attendance", {}).items()} == co
    assert set(got.get("serves-in-cluster", {})) == serves
    assert {frozenset(p) for p in got.get("same-cluster", {})} == same
    assert counts["colleague"] == len(colleagues) and counts["same-cluster"] == len(same)
    assert counts["colleague"] > 10 and counts["co-attendance"] > 10 and counts["same-cluster"] > 10


def test_pair_budget_lowers_the_cap_largest_groups_first(mini_store):
    assert R.effective_cap([3, 2, 50], cap=100, budget=5) == 3  # 3 + 1 pairs fit, 50 members would not
    assert R.effective_cap([3, 2], cap=100, budget=5) == 100
    assert R.effective_cap([2, 3, 3], cap=100, budget=5) == 2  # both groups of 3 or neither
    g = R.project(mini_store)
    caps = {}
    assert [(r.subject, r.object) for r in R.co_attendance(g, budget=1, caps=caps)] == [(MINH, TINH)]
    assert caps == {"co-attendance": 2}
