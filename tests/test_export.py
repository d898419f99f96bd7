"""kg export: every format parses back with its own reader and says what the fixture says."""
import csv
import json

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.compare import isomorphic

from kg.cli import cli
from kg.export import FORMATS, ExportError, export, format_for
from kg.store import Store

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"

ID = "https://w3id.org/vnkg/id/"
MINH = ID + "person/dinh-van-minh"
A1 = ID + "graph/a1"


def fixture_dataset() -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(FIXTURES / "mini.trig", format="trig")
    return ds


def graphs_of(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for g in ds.graphs():
        if len(g) and str(g.identifier) != "urn:x-rdflib:default":
            h = rdflib.Graph()
            for t in g:
                h.add(t)
            out[str(g.identifier)] = h
    return out


def union_of(ds: rdflib.Dataset) -> rdflib.Graph:
    u = rdflib.Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        u.add((s, p, o))
    return u


# --- RDF ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,ext,parser", [("trig", "trig", "trig"), ("nquads", "nq", "nquads"),
                                            ("jsonld", "jsonld", "json-ld")])
def test_quad_formats_keep_each_article_graph(mini_store, tmp_path, fmt, ext, parser):
    out = tmp_path / f"kg.{ext}"
    export(mini_store, fmt, out)
    got = rdflib.Dataset()
    got.parse(out, format=parser)
    want = graphs_of(fixture_dataset())
    have = graphs_of(got)
    assert set(have) == set(want) == {A1, ID + "graph/a2"}
    for iri in want:
        assert isomorphic(have[iri], want[iri]), iri


@pytest.mark.parametrize("fmt,ext,parser", [("turtle", "ttl", "turtle"), ("ntriples", "nt", "nt")])
def test_triple_formats_hold_the_union(mini_store, tmp_path, fmt, ext, parser):
    out = tmp_path / f"kg.{ext}"
    export(mini_store, fmt, out)
    got = rdflib.Graph().parse(out, format=parser)
    assert isomorphic(got, union_of(fixture_dataset()))


def test_turtle_uses_the_project_prefixes(mini_store, tmp_path):
    out = tmp_path / "kg.ttl"
    export(mini_store, "turtle", out)
    text = out.read_text(encoding="utf-8")
    assert "@prefix org: <http://www.w3.org/ns/org#>" in text
    assert "@prefix id: <https://w3id.org/vnkg/id/>" in text
    assert "<http://www.w3.org/ns/org#member>" not in text  # written as org:member


def test_jsonld_has_an_inline_context_and_no_remote_one(mini_store, tmp_path):
    out = tmp_path / "kg.jsonld"
    export(mini_store, "jsonld", out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert isinstance(doc["@context"], dict)
    assert doc["@context"]["foaf"] == "http://xmlns.com/foaf/0.1/"
    assert '"@context": "http' not in out.read_text(encoding="utf-8")  # nothing to fetch
    graph_a2 = next(g for g in doc["@graph"] if g["@id"] == "id:graph/a2")
    minh = next(n for n in graph_a2["@graph"] if n["@id"] == "id:person/dinh-van-minh")
    assert minh["@type"] == "foaf:Person"
    assert minh["foaf:name"] == {"@value": "Đinh Văn Minh", "@language": "vi"}


def test_one_graph_only(mini_store, tmp_path):
    out = tmp_path / "a1.ttl"
    export(mini_store, None, out, graph=A1)
    got = rdflib.Graph().parse(out, format="turtle")
    assert isomorphic(got, graphs_of(fixture_dataset())[A1])
    tables = tmp_path / "a1-tables"
    export(mini_store, "csv", tables, graph=A1)
    persons = {r["name"] for r in read_csv(tables / "persons.csv")}
    assert "Đinh Văn Minh" not in persons and "Trần Quốc Tỏ" in persons


# --- CSV ---------------------------------------------------------------------------------------------

def read_csv(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_csv_tables(mini_store, tmp_path):
    out = tmp_path / "tables"
    report = export(mini_store, "csv", out)
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["persons.csv", "bodies.csv", "offices.csv", "clusters.csv", "events.csv", "attendance.csv",
         "suborganizations.csv"])
    assert report.counts["persons"] == 4

    offices = read_csv(out / "offices.csv")
    minh = [r for r in offices if r["person"] == "Đinh Văn Minh"]
    assert len(minh) == 1
    assert (minh[0]["role"], minh[0]["body"], minh[0]["status"]) == ("Vụ trưởng", "Vụ Pháp chế", "ended")
    assert "nguyên Vụ trưởng Vụ Pháp chế" in minh[0]["evidence"]
    assert minh[0]["article"] == "tests/a2.txt"
    assert {r["status"] for r in offices if r["person"] != "Đinh Văn Minh"} == {"current"}
    assert {r["role_en"] for r in offices if r["person"] == "Trần Quốc Tỏ"} == {"Deputy Minister"}

    clusters = read_csv(out / "clusters.csv")
    head = [r for r in clusters if r["role"] == "head"]
    assert [(r["body"], r["cluster"]) for r in head] == [
        ("Kiểm toán Nhà nước", "Khối thi đua các bộ, ngành nội chính Trung ương")]
    assert {r["body"] for r in clusters if r["role"] == "member"} == {"Bộ Công an"}

    events = {r["name"]: r for r in read_csv(out / "events.csv")}
    ceremony = events["Lễ kỷ niệm Ngày truyền thống ngành tư pháp"]
    assert (ceremony["start_date"], ceremony["organizers"], ceremony["attendees"]) == ("2024-06", "Bộ Tư pháp", "2")

    attendance = read_csv(out / "attendance.csv")
    chair = [r for r in attendance if r["capacity"] == "chair"]
    assert [r["person"] for r in chair] == ["Ngô Văn Tuấn"]
    assert "chủ trì" in chair[0]["evidence"]  # the attendance's own sentence, not the event's
    assert len(attendance) == 5

    subs = read_csv(out / "suborganizations.csv")
    assert [(r["child"], r["parent"]) for r in subs] == [("Cục Trợ giúp pháp lý", "Bộ Tư pháp")]
    persons = {r["name"]: r for r in read_csv(out / "persons.csv")}
    assert persons["Trần Quốc Tỏ"]["honorific_prefix"] == "Thượng tướng"
    assert persons["Trần Quốc Tỏ"]["other_names"] == "Quốc Tỏ"
    bodies = {r["name"]: r for r in read_csv(out / "bodies.csv")}
    assert bodies["Khối thi đua các bộ, ngành nội chính Trung ương"]["type"] == "cluster"
    assert bodies["Cục Trợ giúp pháp lý"]["parents"] == "Bộ Tư pháp"


def test_csv_replaces_an_earlier_export_but_not_an_unrelated_folder(mini_store, tmp_path):
    out = tmp_path / "tables"
    out.mkdir()
    (out / "stale.csv").write_text("old\n")
    export(mini_store, "csv", out)
    assert not (out / "stale.csv").exists() and (out / "offices.csv").exists()
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "thesis.docx").write_text("keep me")
    with pytest.raises(ExportError, match="not CSV"):
        export(mini_store, "csv", precious)
    assert (precious / "thesis.docx").read_text() == "keep me"


def test_tables_skip_build_metadata_and_derived_graphs(mini_store, tmp_path):
    # a stray person in the derived graph is not an extracted fact
    mini_store.replace_graph(ID + "derived", f'<{ID}person/x> a <http://xmlns.com/foaf/0.1/Person> .')
    export(mini_store, "csv", tmp_path / "t")
    assert ID + "person/x" not in {r["id"] for r in read_csv(tmp_path / "t" / "persons.csv")}


# --- networks ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_network_formats(mini_store, tmp_path, fmt, reader):
    out = tmp_path / f"kg.{fmt}"
    report = export(mini_store, None, out)
    g = reader(out)
    assert g.number_of_nodes() == report.counts["nodes"] > 0
    assert g.nodes[MINH]["type"] == "person"
    assert g.nodes[MINH]["label"] == "Đinh Văn Minh"
    edges = [d for _, v, d in g.edges(MINH, data=True) if v == ID + "org/vu-phap-che"]
    assert len(edges) == 1
    assert edges[0]["kind"] == "role" and edges[0]["status"] == "ended" and edges[0]["label"] == "Vụ trưởng"
    assert "nguyên Vụ trưởng" in edges[0]["evidence"]


def test_safe_graph_flattens_values_and_renames_gexf_reserved_names():
    from kg.export.graph import safe_graph

    g = nx.MultiDiGraph()
    g.add_node("a", label="A", tags={"x", "y"}, missing=None)
    g.add_edge("a", "b", key="k", kind="role", end="2020", type="office", evidence=[("s\x0b1", "src")])
    h = safe_graph(g, gexf=True)
    assert h.nodes["a"] == {"label": "A", "tags": "x | y"}
    d = h.edges["a", "b", "k"]
    assert d["end_date"] == "2020" and d["edge_type"] == "office" and "end" not in d and "type" not in d
    assert (d["evidence"], d["sources"], d["mentions"]) == ("s1", "src", 1)


# --- Popolo ------------------------------------------------------------------------------------------

def test_popolo(mini_store, tmp_path):
    out = tmp_path / "kg.popolo.json"
    export(mini_store, None, out)
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert set(doc) == {"persons", "organizations", "posts", "memberships", "events"}
    persons = {p["id"]: p for p in doc["persons"]}
    orgs = {o["id"]: o for o in doc["organizations"]}
    assert persons[MINH]["name"] == "Đinh Văn Minh" and persons[MINH]["honorific_prefix"] == "TS."
    former = [m for m in doc["memberships"] if m.get("person_id") == MINH]
    assert len(former) == 1
    m = former[0]
    assert m["status"] == "ended" and "end_date" not in m  # no end date is invented
    assert orgs[m["organization_id"]]["name"] == "Vụ Pháp chế" and m["role"] == "Vụ trưởng"
    post = next(p for p in doc["posts"] if p["id"] == m["post_id"])
    assert post["label"] == "Vụ trưởng Vụ Pháp chế" and post["organization_id"] == m["organization_id"]
    assert "nguyên Vụ trưởng" in m["sources"][0]["note"]
    # every reference resolves
    for mem in doc["memberships"]:
        assert mem["organization_id"] in orgs
        assert mem.get("person_id", MINH) in persons
        if "member" in mem:
            assert mem["member"]["@type"] == "Organization" and mem["member"]["id"] in orgs
    head = [x for x in doc["memberships"] if x.get("role") == "head"]
    assert [orgs[x["member"]["id"]]["name"] for x in head] == ["Kiểm toán Nhà nước"]
    assert orgs[ID + "org/cuc-tgpl"]["parent_id"] == ID + "org/bo-tu-phap"
    events = {e["name"]: e for e in doc["events"]}
    e1 = events["Hội nghị sơ kết công tác thi đua, khen thưởng 6 tháng đầu năm 2023"]
    assert e1["start_date"] == "2023-08-04" and len(e1["attendees"]) == 3


def test_popolo_drops_dates_without_a_year():
    from kg.export.popolo import _date

    assert [_date(x) for x in ("2024-06", "2023-08-04", "--08-04", "")] == ["2024-06", "2023-08-04", None, None]


# --- FollowTheMoney ----------------------------------------------------------------------------------

# properties each schema has in followthemoney/schema/*.yaml (with those it inherits)
FTM_PROPERTIES = {
    "Person": {"name", "alias", "title", "position", "country"},
    "PublicBody": {"name", "alias", "classification", "country", "parent"},
    "Organization": {"name", "alias", "classification", "country", "parent"},
    "Position": {"name", "alias", "organization", "country"},
    "Occupancy": {"holder", "post", "status", "startDate", "endDate", "summary", "sourceUrl"},
    "Membership": {"member", "organization", "role", "summary", "sourceUrl", "startDate", "endDate"},
    "Event": {"name", "date", "startDate", "location", "organizer", "involved", "summary", "sourceUrl", "country"},
}


def test_ftm(mini_store, tmp_path):
    out = tmp_path / "kg.ftm.jsonl"
    export(mini_store, None, out)
    ents = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    by_id = {e["id"]: e for e in ents}
    assert len(by_id) == len(ents)
    for e in ents:
        assert set(e["properties"]) <= FTM_PROPERTIES[e["schema"]], e
        assert all(isinstance(v, list) and v for v in e["properties"].values())
        assert e["id"].startswith("vnkg-")
    names = {e["properties"]["name"][0]: e for e in ents if "name" in e["properties"]}
    minh = names["Đinh Văn Minh"]
    assert minh["schema"] == "Person" and minh["properties"]["title"] == ["TS."]
    occ = [e for e in ents if e["schema"] == "Occupancy" and e["properties"]["holder"] == [minh["id"]]]
    assert len(occ) == 1 and occ[0]["properties"]["status"] == ["ended"]
    post = by_id[occ[0]["properties"]["post"][0]]
    assert post["schema"] == "Position" and post["properties"]["name"] == ["Vụ trưởng Vụ Pháp chế"]
    assert by_id[post["properties"]["organization"][0]]["properties"]["name"] == ["Vụ Pháp chế"]
    cluster = names["Khối thi đua các bộ, ngành nội chính Trung ương"]
    assert cluster["schema"] == "Organization" and names["Bộ Tư pháp"]["schema"] == "PublicBody"
    head = [e for e in ents if e["schema"] == "Membership" and e["properties"]["role"] == ["head"]]
    assert by_id[head[0]["properties"]["member"][0]]["properties"]["name"] == ["Kiểm toán Nhà nước"]
    assert head[0]["properties"]["organization"] == [cluster["id"]]
    # every entity reference resolves
    refs = {"holder", "post", "organization", "member", "organizer", "involved", "parent"}
    for e in ents:
        for prop in refs & set(e["properties"]):
            assert all(v in by_id for v in e["properties"][prop]), (e["schema"], prop)
    events = [e for e in ents if e["schema"] == "Event"]
    assert {d for e in events for d in e["properties"].get("date", [])} == {"2023-08-04", "2024-06"}


# --- format choice, errors, atomic writes ------------------------------------------------------------

def test_format_from_extension():
    assert format_for("kg.ttl") == "turtle"
    assert format_for("x/kg.popolo.json") == "popolo"
    assert format_for("kg.ftm.jsonl") == "ftm"
    assert format_for("kg.gexf") == "gexf"
    assert format_for("tables/") == "csv"
    assert format_for("kg.ttl", "nquads") == "nquads"
    assert set(FORMATS) == {"turtle", "trig", "nquads", "ntriples", "jsonld", "csv", "graphml", "gexf",
                            "popolo", "ftm"}


def test_unknown_format_is_a_clear_error_and_writes_nothing(mini_store, tmp_path):
    with pytest.raises(ExportError, match="unknown export format 'rdfxml'.*turtle"):
        export(mini_store, "rdfxml", tmp_path / "kg.rdf")
    with pytest.raises(ExportError, match="cannot tell the format"):
        export(mini_store, None, tmp_path / "kg.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_unknown_graph_is_a_clear_error(mini_store, tmp_path):
    with pytest.raises(ExportError, match="no named graph"):
        export(mini_store, "turtle", tmp_path / "kg.ttl", graph=ID + "graph/nope")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_path_is_a_clear_error(mini_store, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    for fmt in ("turtle", "csv", "popolo"):
        with pytest.raises(ExportError, match="cannot write"):
            export(mini_store, fmt, blocker / "sub" / "out")
    with pytest.raises(ExportError, match="is a folder"):
        export(mini_store, "turtle", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_export_leaves_the_old_file_and_no_temp_file(mini_store, tmp_path, monkeypatch):
    out = tmp_path / "kg.popolo.json"
    out.write_text("previous export")
    import kg.export.popolo as popolo

    def boom(facts):
        raise RuntimeError("disk full")

    monkeypatch.setattr(popolo, "document", boom)
    with pytest.raises(RuntimeError):
        export(mini_store, None, out)
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["kg.popolo.json"]


def test_cli_export(tmp_path):
    store_dir = tmp_path / "store"
    with Store(store_dir) as st:
        st._ox.load(path=str(FIXTURES / "mini.trig"), format=ox.RdfFormat.TRIG)
    runner = CliRunner()
    out = tmp_path / "kg.nq"
    res = runner.invoke(cli, ["export", "-o", str(out), "--store", str(store_dir)])
    assert res.exit_code == 0, res.output
    assert "wrote" in res.output and out.stat().st_size > 0
    res = runner.invoke(cli, ["export", "--format", "pdf", "-o", str(tmp_path / "x.pdf"), "--store", str(store_dir)])
    assert res.exit_code == 1 and "unknown export format 'pdf'" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "x.pdf").exists()
    res = runner.invoke(cli, ["export", "-o", str(tmp_path / "y.ttl"), "--store", str(tmp_path / "none")])
    assert res.exit_code == 1 and "no store" in res.output
