"""Named queries, safe parameter binding, result formats, parser errors."""
import csv
import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kg import query as Q
from kg.store import QueryError, _values_clause

ID = "https://w3id.org/vnkg/id/"
INJECTION = 'x" } UNION { ?s ?p ?o } #'
SAMPLE = {"body": "Bộ Tư pháp", "person": "Nguyễn Thanh Tịnh", "event": f"<{ID}event/e1>",
          "cluster": "Khối thi đua các bộ, ngành nội chính Trung ương", "text": "quốc"}


def test_at_least_twelve_documented_named_queries_that_project_their_parameters(mini_store):
    named = Q.named_queries()
    assert len(named) >= 12
    for name, nq in named.items():
        assert nq.doc and len(nq.doc) > 20, name
        res = Q.run(mini_store, name, {p.name: SAMPLE[p.name] for p in nq.params})
        assert res.kind == "select", name
        # SEP-0007 substitution needs every parameter in the projection
        assert all(p.name in res.variables for p in nq.params), name


def _col(res, var):
    i = res.variables.index(var)
    return [row[i].value if row[i] is not None else None for row in res.rows]


def test_officials_of_body_by_name_any_case_or_iri(mini_store):
    for value in ("Bộ Công an", "bộ công an", "  Bộ  Công an ", f"<{ID}org/bo-cong-an>", "Ministry of Public Security"):
        res = Q.run(mini_store, "officials-of-body", {"body": value})
        assert _col(res, "name") == ["Trần Quốc Tỏ"], value
    # sub-bodies count: Cục TGPL is part of Bộ Tư pháp, Vụ Pháp chế is not
    res = Q.run(mini_store, "former-officials-of-body", {"body": "Vụ Pháp chế"})
    assert _col(res, "name") == ["Đinh Văn Minh"]


def test_named_queries_answer_what_they_say(mini_store):
    res = Q.run(mini_store, "cluster-members", {"cluster": SAMPLE["cluster"]})
    assert dict(zip(_col(res, "name"), _col(res, "role"))) == {"Kiểm toán Nhà nước": "head", "Bộ Công an": "member"}
    res = Q.run(mini_store, "event-attendees", {"event": SAMPLE["event"]})
    assert set(_col(res, "name")) == {"Ngô Văn Tuấn", "Nguyễn Thanh Tịnh", "Trần Quốc Tỏ"}
    assert dict(zip(_col(res, "name"), _col(res, "capacity")))["Ngô Văn Tuấn"] == "chair"
    res = Q.run(mini_store, "events-of-person", {"person": "Nguyễn Thanh Tịnh"})
    assert _col(res, "date") == ["2024-06", "2023-08-04"]
    res = Q.run(mini_store, "who-met-whom", {"person": "Trần Quốc Tỏ"})
    assert set(_col(res, "name")) == {"Nguyễn Thanh Tịnh", "Ngô Văn Tuấn"}
    res = Q.run(mini_store, "bodies-without-head", {})
    assert "Kiểm toán Nhà nước" not in _col(res, "name") and "Bộ Tư pháp" in _col(res, "name")


def test_injection_finds_nothing_and_breaks_nothing(mini_store):
    before = mini_store.count()
    # an entity parameter: the value is looked up as a label (a literal), matches none
    res = Q.run(mini_store, "officials-of-body", {"body": INJECTION})
    assert res.rows == [] and res.notes == [f"no body named {INJECTION!r}"]
    # a literal parameter: bound as one literal term, not as query text
    res = Q.run(mini_store, "find-person", {"text": INJECTION})
    assert res.rows == []
    text = "SELECT ?text ?s WHERE { ?s ?p ?text }"
    assert Q.run(mini_store, text, {"text": INJECTION}).rows == []
    assert len(Q.run(mini_store, text, {"text": "Trần Quốc Tỏ"}).rows) == 0  # no @vi: plain literal, exact
    assert mini_store.count() == before
    # an IRI cannot smuggle syntax either
    with pytest.raises(Q.ParamError, match="not a valid IRI"):
        Q.to_term("<http://x> } UNION { ?s ?p ?o }>")
    # the remote binding serialises the term, escaped
    q = _values_clause(text, {"text": Q.to_term(INJECTION)})
    assert 'WHERE { VALUES (?text) { ("x\\" } UNION { ?s ?p ?o } #") } ' in q
    assert ox.Store().query(q).variables  # still one well-formed query


def test_parameter_errors(mini_store):
    with pytest.raises(Q.ParamError, match="needs --param body"):
        Q.run(mini_store, "officials-of-body", {})
    with pytest.raises(Q.ParamError, match="takes no parameter 'bodyy'"):
        Q.run(mini_store, "officials-of-body", {"body": "x", "bodyy": "y"})
    with pytest.raises(Q.ParamError, match="xsd:integer"):
        Q.to_term("12a", "integer")


def test_bad_query_gives_the_parser_position(mini_store):
    with pytest.raises(QueryError, match=r"error at line 2, column \d+"):
        Q.run(mini_store, "SELECT ?x WHERE {\n ?x ?y }")
    with pytest.raises(QueryError):
        Q.run(mini_store, "INSERT DATA { <http://a> <http://b> <http://c> }")


def test_formats(mini_store):
    res = Q.run(mini_store, "officials-of-body", {"body": "Bộ Tư pháp"})
    data = json.loads(Q.render(res, "json"))
    assert data["head"]["vars"][:3] == ["body", "person", "name"]
    b = data["results"]["bindings"][0]
    assert b["name"] == {"type": "literal", "value": "Nguyễn Thanh Tịnh", "xml:lang": "vi"}
    assert b["person"] == {"type": "uri", "value": ID + "person/nguyen-thanh-tinh"}
    rows = list(csv.reader(io.StringIO(Q.render(res, "csv"))))
    assert rows[0][:3] == ["body", "person", "name"] and rows[1][2] == "Nguyễn Thanh Tịnh"
    tsv = Q.render(res, "tsv").splitlines()
    assert tsv[0].startswith("?body\t?person") and '"Nguyễn Thanh Tịnh"@vi' in tsv[1]
    table = Q.render(res, "table", base=ID)
    assert "person/nguyen-thanh-tinh" in table and "(1 row)" in table
    ask = Q.run(mini_store, 'ASK { ?p foaf:name "Trần Quốc Tỏ"@vi }')
    assert json.loads(Q.render(ask, "json")) == {"head": {}, "boolean": True}
    graph = Q.run(mini_store, "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }")
    assert len(graph.triples) == 4 and "foaf:name" in Q.render(graph, "table")


def test_cli_query_name_file_text_and_errors(mini_disk_store, tmp_path):
    from kg.cli import cli

    loc = mini_disk_store
    run = lambda *a: CliRunner().invoke(cli, ["query", *a, "--store", loc])  # noqa: E731
    r = run("officials-of-body", "--param", "body=Bộ Công an")
    assert r.exit_code == 0 and "Trần Quốc Tỏ" in r.output
    r = run("officials-of-body", "--param", f"body={INJECTION}", "--format", "json")
    assert r.exit_code == 0 and json.loads(r.stdout)["results"]["bindings"] == []
    f = tmp_path / "q.rq"
    f.write_text("SELECT ?n WHERE { ?p a foaf:Person ; foaf:name ?n } ORDER BY ?n", encoding="utf-8")
    r = run(str(f), "-f", "csv")
    assert r.exit_code == 0 and r.output.splitlines()[1] == "Nguyễn Thanh Tịnh"  # code-point order
    r = run("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a foaf:Person }", "-f", "tsv")
    assert r.exit_code == 0 and r.output.splitlines()[1].startswith('"4"')
    r = run("SELECT ?x WHERE { ?x ?y }")
    assert r.exit_code == 1 and "error at line 1, column" in r.output and "Traceback" not in r.output
    r = run("no-such-query")
    assert r.exit_code == 1 and "officials-of-body" in r.output
    r = CliRunner().invoke(cli, ["query", "--list"])
    assert r.exit_code == 0 and "--param body=..." in r.output
