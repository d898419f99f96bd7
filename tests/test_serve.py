"""The SPARQL endpoint: a stock client (SPARQLWrapper), curl, content negotiation, read-only, limits."""
import json
import shutil
import subprocess
import threading
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg import query as Q
from kg.serve import make_server, negotiate
from kg.store import RemoteStore

ID = "https://w3id.org/vnkg/id/"
PERSONS = "SELECT DISTINCT ?p ?n WHERE { ?p a foaf:Person ; foaf:name ?n } ORDER BY ?n"


@pytest.fixture
def endpoint(mini_store):
    servers = []

    def start(**kw):
        srv = make_server(mini_store, "127.0.0.1", 0, **kw)
        threading.Thread(target=srv.serve_forever, daemon=True).start()
        servers.append(srv)
        return f"http://127.0.0.1:{srv.server_address[1]}"

    yield start
    for srv in servers:
        srv.shutdown()
        srv.server_close()
        srv.endpoint.close()


def _get(url, accept=None, data=None, ctype=None):
    headers = {"Accept": accept} if accept else {}
    if ctype:
        headers["Content-Type"] = ctype
    req = urllib.request.Request(url, data=data, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=10) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read().decode("utf-8")


def test_sparqlwrapper_select_ask_construct(endpoint):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    url = endpoint() + "/sparql"
    sw = SPARQLWrapper(url)
    sw.setQuery("PREFIX foaf: <http://xmlns.com/foaf/0.1/> " + PERSONS)
    sw.setReturnFormat(JSON)
    rows = sw.query().convert()["results"]["bindings"]
    assert [r["n"]["value"] for r in rows][:1] == ["Nguyễn Thanh Tịnh"] and len(rows) == 4
    sw.setMethod(POST)
    sw.setQuery('ASK { ?p <http://xmlns.com/foaf/0.1/name> "Trần Quốc Tỏ"@vi }')
    assert sw.query().convert()["boolean"] is True
    sw.setQuery("CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }")
    sw.setReturnFormat(TURTLE)
    ttl = sw.query().convert()
    assert b"foaf:name" in ttl and "Trần Quốc Tỏ".encode("utf-8") in ttl


@pytest.mark.skipif(not shutil.which("curl"), reason="curl is not installed")
def test_curl_get_and_post(endpoint):
    url = endpoint() + "/sparql"
    out = subprocess.run(["curl", "-s", "-G", "-H", "Accept: text/csv", "--data-urlencode", f"query={PERSONS}", url],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "p,n" and "Trần Quốc Tỏ" in out
    out = subprocess.run(["curl", "-s", "-H", "Content-Type: application/sparql-query",
                          "-H", "Accept: text/tab-separated-values", "--data-binary", PERSONS, url],
                         capture_output=True, text=True, check=True).stdout
    assert out.splitlines()[0] == "?p\t?n" and '"Trần Quốc Tỏ"@vi' in out
    code = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H",
                           "Content-Type: application/sparql-update", "--data-binary", "CLEAR ALL", url],
                          capture_output=True, text=True, check=True).stdout
    assert code == "403"


def test_content_negotiation(endpoint):
    url = endpoint() + "/sparql?" + urllib.parse.urlencode({"query": PERSONS})
    code, h, body = _get(url, "application/sparql-results+xml")
    assert code == 200 and h["Content-Type"].startswith("application/sparql-results+xml") and "<uri>" in body
    code, h, body = _get(url, "text/csv;q=0.5, application/sparql-results+json")
    assert json.loads(body)["head"]["vars"] == ["p", "n"]
    code, h, body = _get(url, "image/png")
    assert code == 406
    construct = endpoint() + "/sparql?" + urllib.parse.urlencode(
        {"query": "CONSTRUCT { ?p foaf:name ?n } WHERE { ?p foaf:name ?n }"})
    code, h, body = _get(construct, "application/n-triples")
    assert code == 200 and h["Content-Type"].startswith("application/n-triples")
    assert f"<{ID}person/tran-quoc-to> <http://xmlns.com/foaf/0.1/name>" in body
    code, h, body = _get(construct + "&format=turtle")
    assert h["Content-Type"].startswith("text/turtle")
    assert negotiate("", graph=False) == "json" and negotiate("*/*", graph=True) == "turtle"


def test_read_only_and_bad_queries(endpoint, mini_store):
    base = endpoint()
    before = mini_store.count()
    for q in ("INSERT DATA { <http://a> <http://b> <http://c> }", "# note\nPREFIX x: <http://x/>\nDROP ALL"):
        code, _, _ = _get(base + "/sparql?" + urllib.parse.urlencode({"query": q}))
        assert code == 403
    code, _, _ = _get(base + "/sparql", data=b"update=CLEAR%20ALL", ctype="application/x-www-form-urlencoded")
    assert code == 403
    code, _, body = _get(base + "/sparql?" + urllib.parse.urlencode({"query": "SELECT ?x WHERE { ?x ?y }"}))
    assert code == 400 and "error at line 1, column" in body
    assert mini_store.count() == before
    code, _, body = _get(base + "/")
    assert code == 200 and "<textarea" in body and "http" not in body.split("<script>")[1].replace("'/sparql", "")


def test_timeout_and_result_limit(endpoint):
    slow = endpoint(timeout=0.05)
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    code, _, body = _get(slow + "/sparql?" + urllib.parse.urlencode({"query": q}))
    assert code == 503 and "longer than" in body
    small = endpoint(max_rows=2)
    code, h, body = _get(small + "/sparql?" + urllib.parse.urlencode({"query": "SELECT * WHERE { ?s ?p ?o }"}))
    assert code == 200 and h["X-Result-Truncated"] == "true"
    assert len(json.loads(body)["results"]["bindings"]) == 2


def test_named_queries_through_a_remote_store(endpoint):
    remote = RemoteStore(endpoint() + "/sparql")
    res = Q.run(remote, "officials-of-body", {"body": "bộ công an"})
    assert [r[2].value for r in res.rows] == ["Trần Quốc Tỏ"]
    res = Q.run(remote, "officials-of-body", {"body": 'x" } UNION { ?s ?p ?o } #'})
    assert res.rows == []
    res = Q.run(remote, "find-person", {"text": 'x" } UNION { ?s ?p ?o } #'})
    assert res.rows == []


def test_cli_serve_binds_loopback_and_answers(mini_disk_store):
    import os
    import re
    import sys

    from tests.conftest import ROOT

    loc = mini_disk_store
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli", "serve", "--store", str(loc), "--port", "0"],
                            cwd=ROOT, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stderr.readline()
        m = re.search(r"http://(127\.0\.0\.1):(\d+)/sparql", line)
        assert m, line
        code, _, body = _get(f"http://127.0.0.1:{m.group(2)}/sparql?" + urllib.parse.urlencode({"query": PERSONS}),
                             "text/csv")
        assert code == 200 and "Trần Quốc Tỏ" in body
    finally:
        proc.terminate()
        proc.wait(timeout=10)
