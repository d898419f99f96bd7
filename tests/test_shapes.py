"""The SHACL shapes of the contract (ontology/shapes.ttl) through kg.shapes.validate: the fixture conforms, and
each broken variant fails with the message that names what the contract wants."""
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph, Literal, URIRef

from kg.errors import KgError
from kg import vocab as v  # a module, not its namespace classes: pytest's collection probes module globals

pytest.importorskip("pyshacl")

from kg import shapes  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "mini.trig"
ID = "https://w3id.org/vnkg/id/"


def iri(local: str) -> URIRef:
    return URIRef(ID + local)


@pytest.fixture(scope="module")
def a1_ntriples() -> str:
    import io

    import pyoxigraph as ox

    from kg.store import Store

    st = Store(None)
    st._ox.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    buf = io.BytesIO()
    st.dump("ntriples", buf, graph=ID + "graph/a1")
    return buf.getvalue().decode("utf-8")


@pytest.fixture
def a1(a1_ntriples) -> Graph:
    """A fresh copy of the first article's graph of mini.trig, to break."""
    g = Graph().parse(data=a1_ntriples, format="nt")
    assert len(g) > 50
    return g


def check_fails(g: Graph, *expected: str) -> str:
    conforms, report = shapes.validate(g)
    assert not conforms
    for text in expected:
        assert text in report, report
    return report


def test_fixture_conforms_store(mini_store):
    conforms, report = shapes.validate(mini_store)
    assert conforms, report
    assert report == ""


def test_fixture_conforms_dataset():
    ds = Dataset()
    ds.parse(MINI, format="trig")
    conforms, report = shapes.validate(ds)
    assert conforms, report


def test_article_graph_conforms(a1):
    assert shapes.validate(a1) == (True, "")


def test_membership_without_role(a1):
    a1.remove((iri("membership/m1"), v.ORG.role, None))
    report = check_fails(a1, "an org:Membership needs exactly one org:role")
    assert "membership/m1" in report and "membership/m2" not in report


def test_person_without_name(a1):
    a1.remove((iri("person/ngo-van-tuan"), v.FOAF.name, None))
    check_fails(a1, "a foaf:Person needs exactly one foaf:name tagged @vi")


def test_person_with_two_vi_names(a1):
    a1.add((iri("person/ngo-van-tuan"), v.FOAF.name, Literal("Ngô Tuấn", lang="vi")))
    check_fails(a1, "exactly one foaf:name tagged @vi")


def test_name_without_language_tag(a1):
    p = iri("person/ngo-van-tuan")
    a1.remove((p, v.FOAF.name, None))
    a1.add((p, v.FOAF.name, Literal("Ngô Văn Tuấn")))
    check_fails(a1, "foaf:name must be a string with a language tag")


def test_mention_start_after_end(a1):
    sel = iri("mention/s1-p")
    a1.remove((sel, v.OA.start, None))
    a1.add((sel, v.OA.start, Literal(300)))
    check_fails(a1, "oa:start must be <= oa:end")


def test_offset_not_an_integer(a1):
    sel = iri("mention/s1-p")
    a1.remove((sel, v.OA.end, None))
    a1.add((sel, v.OA.end, Literal("222")))
    check_fails(a1, "exactly one oa:end, an integer")


def test_mention_without_position_selector(a1):
    a1.remove((iri("mention/s2"), v.OA.hasSelector, iri("mention/s2-p")))
    check_fails(a1, "exactly one oa:hasSelector that is an oa:TextPositionSelector")


def test_attendee_that_is_an_organization(a1):
    a1.add((iri("event/e1"), v.SCHEMA.attendee, iri("org/bo-cong-an")))
    report = check_fails(a1, "schema:attendee must be a foaf:Person")
    assert "org/bo-cong-an" in report


def test_status_outside_allowed_values(a1):
    m = iri("membership/m1")
    a1.remove((m, v.VNKG.status, None))
    a1.add((m, v.VNKG.status, URIRef("https://w3id.org/vnkg#Retired")))
    check_fails(a1, "vnkg:status: at most one of vnkg:Current, vnkg:Ended, vnkg:Unknown")


def test_office_of_a_person_without_status(a1):
    a1.remove((iri("membership/m3"), v.VNKG.status, None))
    report = check_fails(a1, "the office of a person needs exactly one vnkg:status")
    assert "membership/m3" in report


def test_cluster_membership_needs_no_status(a1):
    # k1 and k2 (member = a body) carry no vnkg:status in the fixture and conform
    assert (iri("membership/k1"), v.VNKG.status, None) not in a1
    assert shapes.validate(a1)[0]


def test_membership_without_evidence(a1):
    a1.remove((iri("membership/m2"), None, iri("mention/s1")))
    check_fails(a1, "prov:wasDerivedFrom a vnkg:Mention")


def test_role_without_vietnamese_label(a1):
    r = iri("role/cuc-truong")
    a1.remove((r, None, Literal("Cục trưởng", lang="vi")))
    check_fails(a1, "an org:Role needs exactly one skos:prefLabel tagged @vi")


def test_subclass_of_organization_is_checked(a1):
    # bo-cong-an is an org:FormalOrganization: the OrganizationShape reaches it through vnkg.ttl's axioms
    a1.remove((iri("org/bo-cong-an"), None, Literal("Bộ Công an", lang="vi")))
    report = check_fails(a1, "an org:Organization needs exactly one skos:prefLabel tagged @vi")
    assert "org/bo-cong-an" in report


def test_cluster_membership_with_an_office_role(a1):
    k = iri("membership/k2")
    a1.remove((k, v.ORG.role, None))
    a1.add((k, v.ORG.role, iri("role/thu-truong")))
    check_fails(a1, "a membership of an emulation cluster needs org:role vnkg:ClusterMember")


def test_cluster_member_without_member_of(a1):
    a1.remove((iri("org/bo-cong-an"), v.ORG.memberOf, None))
    check_fails(a1, "?body org:memberOf ?cluster")


def test_event_partial_date_kinds(a1):
    e = iri("event/e1")
    for value, ok in [(Literal("--08-04", datatype=v.XSD.gMonthDay), True),
                      (Literal("2024", datatype=v.XSD.gYear), True),
                      (Literal("4/8/2023"), False)]:
        a1.remove((e, v.SCHEMA.startDate, None))
        a1.add((e, v.SCHEMA.startDate, value))
        assert shapes.validate(a1)[0] is ok, value


def test_event_without_date_is_only_a_warning(a1):
    a1.remove((iri("event/e1"), v.SCHEMA.startDate, None))
    conforms, report = shapes.validate(a1)
    assert conforms
    assert "0 violation(s), 1 warning(s)" in report
    assert "warning: <https://w3id.org/vnkg/id/event/e1> schema:startDate: a schema:Event should have" in report


def test_event_with_two_dates(a1):
    a1.add((iri("event/e1"), v.SCHEMA.startDate, Literal("2023-08-05", datatype=v.XSD.date)))
    check_fails(a1, "a schema:Event has at most one schema:startDate")


def test_event_without_name(a1):
    a1.remove((iri("event/e1"), v.SCHEMA.name, None))
    check_fails(a1, "a schema:Event needs a schema:name")


def test_attendance_without_direct_attendee_triple(a1):
    a1.remove((iri("event/e1"), v.SCHEMA.attendee, iri("person/ngo-van-tuan")))
    check_fails(a1, "the direct triple ?event schema:attendee ?person")


def test_untyped_node_is_not_enough(a1):
    # an article graph must type what it uses: an attendee typed in no graph fails
    a1.add((iri("event/e1"), v.SCHEMA.attendee, iri("person/nobody")))
    check_fails(a1, "schema:attendee must be a foaf:Person")


def test_report_names_the_graph():
    ds = Dataset()
    ds.parse(MINI, format="trig")
    ds.graph(iri("graph/a2")).remove((iri("membership/m5"), v.ORG.role, None))
    conforms, report = shapes.validate(ds)
    assert not conforms
    assert report.startswith(ID + "graph/a2: 1 violation(s)")
    assert ID + "graph/a1" not in report


def test_rejects_other_objects():
    with pytest.raises(KgError, match="cannot validate"):
        shapes.validate("not a graph")


def test_missing_pyshacl_is_a_clear_error(monkeypatch, a1):
    monkeypatch.setitem(sys.modules, "pyshacl", None)
    with pytest.raises(KgError, match="needs pyshacl"):
        shapes.validate(a1)


def test_extractor_output_conforms():
    """What the extractor emits for the bundled articles keeps to the contract."""
    pipeline = pytest.importorskip("kg.pipeline")
    articles = sorted((ROOT / "data" / "articles").glob("*.txt"))
    if not articles:
        pytest.skip("no articles in data/articles")
    reports = []
    for path in articles:
        for article in pipeline.read_articles(path):
            conforms, report = shapes.validate(pipeline.article_graph(article))
            if not conforms:
                reports.append(f"{path.name}:\n{report}")
    assert not reports, "\n".join(reports)


def test_cli_validate_files(tmp_path):
    from click.testing import CliRunner

    from kg.cli import cli

    runner = CliRunner()
    ok = runner.invoke(cli, ["validate", str(MINI)])
    assert ok.exit_code == 0 and ok.output.strip() == "conforms"
    bad = tmp_path / "bad.trig"
    bad.write_text(MINI.read_text(encoding="utf-8").replace("oa:start 120", "oa:start 900"), encoding="utf-8")
    res = runner.invoke(cli, ["validate", str(bad)])
    assert res.exit_code == 1
    assert "mention/s1-p> oa:start: oa:start must be <= oa:end" in res.output


def test_cli_validate_store(tmp_path):
    import pyoxigraph as ox
    from click.testing import CliRunner

    from kg.cli import cli
    from kg.store import Store

    loc = tmp_path / "store"
    with Store(loc) as st:
        st._ox.load(path=str(MINI), format=ox.RdfFormat.TRIG)
    res = CliRunner().invoke(cli, ["validate", "--store", str(loc)])
    assert res.exit_code == 0, res.output
    missing = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "none")])
    assert missing.exit_code == 1 and "no store at" in missing.output
