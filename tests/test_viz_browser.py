"""The viewer in a real browser: Debian's chromium, headless, driven by Playwright, with every host name
unresolvable so that any attempt to fetch something from the network would show.

Where chromium or Playwright is missing the tests skip and say so; set KG_REQUIRE_BROWSER=1 (CI does) to make
that a failure instead. Install: `apt-get install chromium` and `pip install -e '.[test]'`.
"""
import os
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import Store
from kg.viz import write_viz

CHROMIUM = Path(os.environ.get("KG_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


def _missing(reason):
    if os.environ.get("KG_REQUIRE_BROWSER"):
        pytest.fail(reason)
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _missing("Playwright is not installed (pip install -e '.[test]'): browser tests skipped")
    if not CHROMIUM.exists():
        _missing(f"no chromium at {CHROMIUM} (apt-get install chromium): browser tests skipped")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from disk, recording every request, console error and dialog."""

    def __init__(self, browser, path):
        self.page = browser.new_page(viewport={"width": 1300, "height": 850})
        self.requests, self.errors, self.dialogs = [], [], []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(Path(path).resolve().as_uri())
        self.wait("window.__kgReady === true", timeout=30)

    def eval(self, js):
        return self.page.evaluate(js)

    def wait(self, js, timeout=5.0):
        """Poll a condition from outside: Playwright's wait_for_function evaluates strings in the page,
        which the page's Content Security Policy forbids (no eval)."""
        deadline = time.monotonic() + timeout
        while not self.eval(js):
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {js}")
            self.page.wait_for_timeout(50)

    def node_id(self, label):
        return self.eval(f"JSON.parse(document.getElementById('kg-data').textContent).info"
                         f".findIndex(n => n.label === {label!r})")

    def click_node(self, node):
        """A real mouse click at the node's place on the canvas."""
        self.eval(f"window.__kgNetwork.moveTo({{position: window.__kgNetwork.getPositions([{node}])[{node}], "
                  f"scale: 1.2}})")
        self.page.wait_for_timeout(100)
        x, y = self.eval(f"""(() => {{
            const n = window.__kgNetwork, p = n.canvasToDOM(n.getPositions([{node}])[{node}]);
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }})()""")
        self.page.mouse.click(x, y)
        return x, y

    def close(self):
        self.page.close()


@pytest.fixture
def mini_page(browser, mini_store, tmp_path):
    write_viz(mini_store, tmp_path / "g.html")
    page = Page(browser, tmp_path / "g.html")
    yield page
    page.close()


def test_graph_draws_offline(mini_page):
    assert mini_page.eval("document.querySelectorAll('#graph canvas').length") == 1
    assert mini_page.eval("window.__kgNetwork.body.nodeIndices.length") == 12
    assert mini_page.eval("window.__kgNetwork.body.edgeIndices.length") == 14
    # something was drawn: the canvas is not blank
    assert mini_page.eval("""(() => { const c = document.querySelector('#graph canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 200 || d[i+1] < 200 || d[i+2] < 200) ink++;
        return ink; })()""") > 500
    assert [u for u in mini_page.requests if not u.startswith("file:")] == []
    assert mini_page.errors == []


def test_search_ignores_diacritics(mini_page):
    mini_page.page.fill("#search", "tran quoc to")
    mini_page.wait("document.querySelectorAll('#results li button').length > 0")
    assert mini_page.page.inner_text("#results li button").startswith("Trần Quốc Tỏ")
    mini_page.page.press("#search", "Enter")
    assert mini_page.page.inner_text("#details h2") == "Trần Quốc Tỏ"
    assert mini_page.eval("window.__kgNetwork.getSelectedNodes()") == [mini_page.node_id("Trần Quốc Tỏ")]
    # an other name ("Quốc Tỏ") is searched too
    mini_page.page.fill("#search", "QUOC TO")
    mini_page.page.press("#search", "Enter")
    assert mini_page.page.inner_text("#details h2") == "Trần Quốc Tỏ"


def test_click_shows_offices_events_and_evidence(mini_page):
    node = mini_page.node_id("Đinh Văn Minh")
    mini_page.click_node(node)
    mini_page.wait(f"window.__kgSelected === {node}")
    details = mini_page.page.text_content("#details")
    assert "Đinh Văn Minh" in details and "TS." in details
    assert "Vụ trưởng (former) — Vụ Pháp chế" in details
    assert "Lễ kỷ niệm Ngày truyền thống ngành tư pháp" in details
    assert "nguyên Vụ trưởng Vụ Pháp chế." in details  # the evidence sentence
    assert "Lễ kỷ niệm ngành tư pháp" in details  # the article it comes from
    # the neighbourhood stays in colour, the rest is dimmed
    groups = mini_page.eval("window.__kgNetwork.body.data.nodes.get().map(n => n.group)")
    assert groups[node] == "person"
    assert groups[mini_page.node_id("Bộ Công an")] == "body_dim"
    # clicking a linked name moves to it
    mini_page.page.click("#details a.node >> text=Vụ Pháp chế")
    assert mini_page.page.inner_text("#details h2") == "Vụ Pháp chế"
    assert "People holding office" in mini_page.page.text_content("#details")


def test_filters_by_type_and_cluster(mini_page):
    mini_page.page.uncheck("#types input[value=person]")
    assert mini_page.page.inner_text("#stats").startswith("8 of 12")
    mini_page.page.check("#types input[value=person]")
    mini_page.page.select_option("#cluster", label="Khối thi đua các bộ, ngành nội chính Trung ương")
    shown = mini_page.eval("window.__kgNetwork.body.data.nodes.get().filter(n => !n.hidden).map(n => n.label)")
    assert "Bộ Tư pháp" not in shown and "Vụ Pháp chế" not in shown
    assert any(s.startswith("Trần Quốc Tỏ") for s in shown) and "Kiểm toán Nhà nước" in shown


XSS = """
@prefix org: <http://www.w3.org/ns/org#> . @prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> . @prefix schema: <https://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> . @prefix oa: <http://www.w3.org/ns/oa#> .
@prefix vnkg: <https://w3id.org/vnkg#> . @prefix id: <https://w3id.org/vnkg/id/> .
id:graph\\/x {
  id:article\\/x a schema:NewsArticle ; vnkg:source "x.txt" ; schema:name "<img src=x onerror=window.__pwned=3>" ;
      schema:url "javascript:window.__pwned=4" .
  id:person\\/x a foaf:Person ; foaf:name "Nguyễn <img src=x onerror=window.__pwned=1> Văn A"@vi ;
      skos:altLabel "<script>window.__pwned=5</script>"@vi ;
      schema:honorificPrefix "<b onmouseover=window.__pwned=6>TS.</b>" .
  id:org\\/x a org:FormalOrganization ; skos:prefLabel "Bộ <svg onload=window.__pwned=7>"@vi .
  id:role\\/x a org:Role ; skos:prefLabel "</script><script>window.__pwned=2</script>"@vi .
  id:m\\/x a org:Membership ; org:member id:person\\/x ; org:organization id:org\\/x ; org:role id:role\\/x ;
      vnkg:status vnkg:Current ; prov:wasDerivedFrom id:mention\\/x .
  id:mention\\/x a vnkg:Mention ; oa:hasSource id:article\\/x ; oa:hasSelector id:mention\\/x-q .
  id:mention\\/x-q a oa:TextQuoteSelector ;
      oa:exact "Ông A <img src=x onerror=alert(1)> nói: </script><script>alert(2)</script> \\u2028 xong."@vi .
}
"""


def test_article_text_stays_inert(browser, tmp_path):
    st = Store(None)
    st._ox.load(XSS.encode("utf-8"), format=ox.RdfFormat.TRIG)
    write_viz(st, tmp_path / "x.html")
    page = Page(browser, tmp_path / "x.html")
    try:
        person = page.node_id("Nguyễn <img src=x onerror=window.__pwned=1> Văn A")
        assert person >= 0
        page.page.fill("#search", "nguyen")
        page.wait("document.querySelectorAll('#results li button').length > 0")
        page.click_node(person)
        page.wait(f"window.__kgSelected === {person}")
        x, y = page.click_node(person)
        page.page.mouse.move(x + 1, y + 1)
        page.page.wait_for_timeout(600)  # the tooltip appears after a delay
        details = page.page.text_content("#details")
        assert "<img src=x onerror=alert(1)>" in details  # shown as text ...
        assert "</script><script>window.__pwned=2</script>" in details
        tooltip = page.eval("(document.querySelector('.vis-tooltip') || {}).innerText || ''")
        assert "<img src=x" in tooltip
        page.page.click("#details a.node")  # the body's panel, with its own hostile name
        page.page.wait_for_timeout(200)
        assert page.eval("document.querySelectorAll('img, svg[onload], b[onmouseover], #details script').length") == 0
        assert page.eval("typeof window.__pwned") == "undefined"  # ... and nothing ran
        assert page.dialogs == []
        assert page.eval("Array.from(document.querySelectorAll('#details a[href]')).map(a => a.href)") == []
        assert [u for u in page.requests if not u.startswith("file:")] == []
    finally:
        page.close()


def test_focus_page_draws_only_the_neighbourhood(browser, mini_store, tmp_path):
    write_viz(mini_store, tmp_path / "f.html", focus="Bộ Tư pháp", depth=1)
    page = Page(browser, tmp_path / "f.html")
    try:
        labels = page.eval("window.__kgNetwork.body.data.nodes.get().map(n => n.label.split('\\n')[0])")
        assert sorted(labels) == sorted(["Bộ Tư pháp", "Cục Trợ giúp pháp lý", "Nguyễn Thanh Tịnh",
                                         "Lễ kỷ niệm Ngày truyền thống ngành tư pháp"])
        assert page.page.inner_text("#details h2") == "Bộ Tư pháp"  # the focus is selected on load
    finally:
        page.close()
