"""The viewer without a browser: what it reads from the store, the focus, the layout and the written page."""
import base64
import hashlib
import json
import re

import pytest
from click.testing import CliRunner

from kg.cli import cli
from kg.viz import (VizError, fold, layout, mesh_layout, neighbourhood, render, to_network, viewer_graph,
                    write_viz)

ID = "https://w3id.org/vnkg/id/"


@pytest.fixture
def graph(mini_store):
    return viewer_graph(mini_store)


def _labels(g):
    return sorted(d["label"] for _, d in g.nodes(data=True))


def test_fold_ignores_case_and_diacritics():
    assert fold("Trần Quốc Tỏ") == "tran quoc to"
    assert fold("  ĐINH   Văn  Minh ") == "dinh van minh"
    assert fold("Bộ Tư pháp") == fold("bo tu phap")


def test_viewer_graph_reads_what_the_panel_shows(graph):
    to = graph.nodes[ID + "person/tran-quoc-to"]
    assert to["type"] == "person" and to["ranks"] == ["Thượng tướng"] and to["alt"] == ["Quốc Tỏ"]
    assert graph.nodes[ID + "org/bo-tu-phap"]["en"] == "Ministry of Justice"
    assert graph.nodes[ID + "event/e1"]["location"] == "Hà Nội"
    former = graph.edges[ID + "person/dinh-van-minh", ID + "org/vu-phap-che", next(iter(
        graph[ID + "person/dinh-van-minh"][ID + "org/vu-phap-che"]))]
    assert former["label"] == "Vụ trưởng" and former["status"] == "ended"
    assert graph.graph["articles"]["tests/a1.txt"]["title"] == "Hội nghị Khối thi đua"
    assert graph.graph["articles"]["tests/a1.txt"]["date"] == "2024-08-05"


def test_office_without_body_becomes_a_role_node(mini_store):
    mini_store._ox.update("""PREFIX org: <http://www.w3.org/ns/org#> PREFIX vnkg: <https://w3id.org/vnkg#>
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        INSERT DATA { GRAPH <https://w3id.org/vnkg/id/graph/a3> {
          <https://w3id.org/vnkg/id/m/x> a org:Membership ; org:member <https://w3id.org/vnkg/id/person/ngo-van-tuan> ;
             org:role <https://w3id.org/vnkg/id/role/bi-thu> ; vnkg:status vnkg:Ended .
          <https://w3id.org/vnkg/id/role/bi-thu> a org:Role ; skos:prefLabel "Bí thư"@vi . } }""")
    g = viewer_graph(mini_store)
    roles = [n for n, d in g.nodes(data=True) if d["type"] == "role"]
    assert [g.nodes[r]["label"] for r in roles] == ["Bí thư"]
    (u, _, d), = g.in_edges(roles[0], data=True)
    assert u == ID + "person/ngo-van-tuan" and d["status"] == "ended"


def test_focus_by_name_any_diacritics(graph):
    sub = neighbourhood(graph, "bo tu phap", depth=1)
    assert _labels(sub) == sorted(["Bộ Tư pháp", "Cục Trợ giúp pháp lý", "Nguyễn Thanh Tịnh",
                                   "Lễ kỷ niệm Ngày truyền thống ngành tư pháp"])
    two = neighbourhood(graph, "Bộ Tư pháp", depth=2)
    assert "Đinh Văn Minh" in _labels(two) and "Trần Quốc Tỏ" not in _labels(two)
    assert neighbourhood(graph, "Quốc Tỏ", depth=0).number_of_nodes() == 1  # another name works too


def test_unknown_focus_suggests_names(graph):
    with pytest.raises(VizError, match="Bộ Tư pháp"):
        neighbourhood(graph, "Bộ Tư", depth=1)


def test_layout_places_every_node_and_is_repeatable(graph):
    pos = layout(graph)
    assert set(pos) == set(graph)
    assert pos == layout(graph)
    assert len(set(pos.values())) == len(pos)  # no two nodes on the same spot


def test_mesh_layout_keeps_edges_short():
    import numpy as np

    rng = np.random.default_rng(1)
    n = 3000
    edges = [(i, int(rng.integers(0, i))) for i in range(1, n)]  # a random tree
    pos = mesh_layout(n, edges)
    e = np.asarray(edges)
    edge_len = np.linalg.norm(pos[e[:, 0]] - pos[e[:, 1]], axis=1).mean()
    pairs = rng.integers(0, n, size=(5000, 2))
    pair_len = np.linalg.norm(pos[pairs[:, 0]] - pos[pairs[:, 1]], axis=1).mean()
    assert edge_len < pair_len / 5
    assert np.isfinite(pos).all()


def _page(path):
    return path.read_bytes().decode("utf-8")  # fails if not UTF-8


def test_page_is_self_contained_utf8(mini_store, tmp_path):
    res = write_viz(mini_store, tmp_path / "g.html")
    assert (res.nodes, res.edges) == (12, 14)
    html = _page(tmp_path / "g.html")
    assert '<meta charset="utf-8">' in html
    assert "Trần Quốc Tỏ" in html  # written as UTF-8, not escaped away
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"@import|<link\b", html, re.I)
    assert "vis.Network" in html and "@version 9.1.2" in html  # vis-network inlined
    # the CSP allows exactly the inline scripts of the page, by hash
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in csp
    scripts = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(scripts) == 2
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode()
        assert f"sha256-{digest}" in csp


def test_page_data_cannot_close_its_script(mini_store, tmp_path):
    g = viewer_graph(mini_store)
    g.nodes[ID + "person/tran-quoc-to"]["label"] = "</script><script>alert(1)</script>\u2028&amp;"
    net, data = to_network(g, layout(g))
    html = render(net, data, "<b>t</b>")
    assert "</script><script>alert(1)" not in html
    assert "<title>&lt;b&gt;t&lt;/b&gt;</title>" in html
    blob = re.search(r'<script id="kg-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    labels = [n["label"] for n in json.loads(blob)["info"]]
    assert "</script><script>alert(1)</script>\u2028&amp;" in labels  # the text survives, as data


def test_edges_say_what_they_are(mini_store):
    g = viewer_graph(mini_store)
    net, data = to_network(g, layout(g))
    texts = {e["label"] for e in net.edges}
    assert {"Thứ trưởng", "Vụ trưởng (former)", "member of", "head of", "part of", "attended",
            "attended (chair)", "organised by"} <= texts
    former = next(e for e in net.edges if e["label"] == "Vụ trưởng (former)")
    assert former["dashes"] is True
    groups = {n["group"] for n in net.nodes}
    assert groups == {"person", "body", "cluster", "event"}
    assert all(g in net.options["groups"] for g in groups)
    assert net.options["physics"]["enabled"] is False  # positions come from Python: still at once
    # persons in the cluster filter: through the bodies they serve
    to = next(i for i, n in enumerate(data["info"]) if n["label"] == "Trần Quốc Tỏ")
    tinh = next(i for i, n in enumerate(data["info"]) if n["label"] == "Nguyễn Thanh Tịnh")
    assert data["info"][to]["clusters"] == data["clusters"] and "clusters" not in data["info"][tinh]


def test_article_links_are_web_links_only(mini_store):
    mini_store._ox.update("""PREFIX schema: <https://schema.org/>
        INSERT DATA { GRAPH <https://w3id.org/vnkg/id/graph/a1> {
          <https://w3id.org/vnkg/id/article/a1> schema:url "javascript:alert(1)" .
          <https://w3id.org/vnkg/id/article/a2> schema:url "https://example.org/le-ky-niem" . } }""")
    g = viewer_graph(mini_store)
    _, data = to_network(g, layout(g))
    urls = {a["source"]: a.get("url") for a in data["articles"]}
    assert urls == {"tests/a1.txt": None, "tests/a2.txt": "https://example.org/le-ky-niem"}


def test_cli_viz_from_exported_file_and_focus(tmp_path):
    from tests.conftest import FIXTURES

    out = tmp_path / "g.html"
    r = CliRunner().invoke(cli, ["viz", "--from", str(FIXTURES / "mini.trig"), "-o", str(out),
                                 "--focus", "Bộ Tư pháp", "--depth", "2"])
    assert r.exit_code == 0, r.output
    assert "wrote" in r.output and out.exists()
    data = json.loads(re.search(r'<script id="kg-data" type="application/json">(.*?)</script>',
                                _page(out), re.S).group(1))
    assert [data["info"][i]["label"] for i in data["focus"]] == ["Bộ Tư pháp"]


def test_cli_viz_reads_a_store_folder(mini_store, tmp_path):
    from kg.store import Store

    location = tmp_path / "store"
    with Store(location) as st:
        st._ox.bulk_extend(mini_store.quads())
    out = tmp_path / "g.html"
    r = CliRunner().invoke(cli, ["viz", "--store", str(location), "-o", str(out)])
    assert r.exit_code == 0, r.output
    assert "12 nodes" in r.output


def test_cli_viz_errors_are_clean(tmp_path):
    from tests.conftest import FIXTURES

    r = CliRunner().invoke(cli, ["viz", "--from", str(FIXTURES / "mini.trig"), "-o", str(tmp_path / "no" / "g.html")])
    assert r.exit_code == 1 and "does not exist" in r.output and "Traceback" not in r.output
    r = CliRunner().invoke(cli, ["viz", "--from", str(FIXTURES / "mini.trig"), "-o", str(tmp_path / "g.html"),
                                 "--focus", "Nobody"])
    assert r.exit_code == 1 and "nothing named 'Nobody'" in r.output
    assert not (tmp_path / "g.html").exists()  # nothing half-written
    r = CliRunner().invoke(cli, ["viz", "--store", str(tmp_path / "none"), "-o", str(tmp_path / "g.html")])
    assert r.exit_code == 1 and "no store" in r.output
