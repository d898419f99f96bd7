"""A read-only SPARQL 1.1 Protocol endpoint over the store, at ``/sparql``, with a query page at ``/``.

Queries come by GET (``?query=``) or POST (``application/x-www-form-urlencoded`` with ``query=``, or
``application/sparql-query``). Results follow the Accept header: SPARQL results JSON (the default), XML,
CSV or TSV; CONSTRUCT / DESCRIBE give Turtle (the default) or N-Triples. A ``format`` parameter (json, xml,
csv, tsv, turtle, ntriples) overrides Accept, for browsers.

The endpoint never writes: the store is opened read-only, an update request gets 403 and an update sent
as a query fails to parse (400). Each query runs in a worker thread with a deadline (503 past it; rows
stop being read at the deadline) and returns at most ``max_rows`` rows (``X-Result-Truncated: true``).
It binds to 127.0.0.1 unless told otherwise.
"""
from __future__ import annotations

import concurrent.futures
import html
import ipaddress
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from . import query as Q
from .store import QueryError

RESULT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_TYPES = {"turtle": "text/turtle", "ntriples": "application/n-triples"}
_ALIASES = {"application/json": "json", "text/xml": "xml", "application/xml": "xml",
            "application/x-turtle": "turtle", "text/plain": "ntriples"}
MAX_BODY = 1_000_000  # bytes of a POSTed query


def negotiate(accept: str, graph: bool) -> str | None:
    """The format for an Accept header (q-values honoured), or None when nothing offered is acceptable."""
    offered = {**({v: k for k, v in GRAPH_TYPES.items()} if graph else {v: k for k, v in RESULT_TYPES.items()})}
    default = "turtle" if graph else "json"
    if not accept.strip():
        return default
    choices = []
    for i, part in enumerate(accept.split(",")):
        bits = [b.strip() for b in part.split(";")]
        mt, q = bits[0].lower(), 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        choices.append((-q, i, mt))
    for negq, _, mt in sorted(choices):
        if negq == 0:
            continue
        if mt in offered:
            return offered[mt]
        alias = _ALIASES.get(mt)
        if alias and (alias in GRAPH_TYPES) == graph:
            return alias
        if mt in ("*/*", "application/*", "text/*"):
            return default
    return None


class Endpoint:
    """The query side of the server: runs one query with a deadline and a row limit."""

    def __init__(self, store, timeout: float = 30.0, max_rows: int = 10_000, workers: int = 4):
        self.store, self.timeout, self.max_rows = store, timeout, max_rows
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=workers, thread_name_prefix="sparql")

    def run(self, text: str) -> Q.Result:
        deadline = time.monotonic() + self.timeout
        fut = self.pool.submit(Q.execute, self.store, text, None, self.max_rows, deadline)
        try:
            return fut.result(timeout=self.timeout + 0.5)
        except concurrent.futures.TimeoutError:
            fut.cancel()
            raise TimeoutError(f"the query ran longer than {self.timeout:g} s")

    def close(self):
        self.pool.shutdown(wait=False, cancel_futures=True)


def _looks_like_update(text: str) -> bool:
    import re

    body = re.sub(r"#[^\n]*", "", text)
    body = re.sub(r"(?is)^\s*((PREFIX\s+[\w-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*", "", body)
    return re.match(r"(?i)(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body) is not None


class Handler(BaseHTTPRequestHandler):
    endpoint: Endpoint = None  # set on the subclass made by make_server
    server_version = "vnkg-sparql/0.1"

    def log_message(self, fmt, *args):  # quiet by default; the CLI turns it on
        if getattr(self.server, "verbose", False):
            super().log_message(fmt, *args)

    # --- routing ---
    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path in ("/", "/index.html"):
            return self._send(200, "text/html; charset=utf-8", PAGE.encode("utf-8"))
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if "update" in params:
            return self._error(403, "this endpoint is read-only: updates are refused")
        if "query" not in params:
            return self._send(200, "text/html; charset=utf-8", PAGE.encode("utf-8"))
        self._answer(params["query"][0], params.get("format", [None])[0])

    def do_POST(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._error(404, "not found: the endpoint is /sparql")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        try:
            length = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            return self._error(400, "bad Content-Length")
        if length > MAX_BODY:
            return self._error(413, f"query larger than {MAX_BODY} bytes")
        body = self.rfile.read(length).decode("utf-8", "replace")
        if ctype == "application/sparql-update":
            return self._error(403, "this endpoint is read-only: updates are refused")
        if ctype == "application/sparql-query":
            params = urllib.parse.parse_qs(url.query)
            return self._answer(body, params.get("format", [None])[0])
        if ctype == "application/x-www-form-urlencoded":
            params = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in params:
                return self._error(403, "this endpoint is read-only: updates are refused")
            if "query" not in params:
                return self._error(400, "no query parameter")
            return self._answer(params["query"][0], params.get("format", [None])[0])
        return self._error(415, "send application/sparql-query or application/x-www-form-urlencoded")

    # --- answering ---
    def _answer(self, text: str, fmt: str | None):
        if _looks_like_update(text):
            return self._error(403, "this endpoint is read-only: updates are refused")
        try:
            res = self.endpoint.run(text)
        except QueryError as e:
            return self._error(400, f"bad query: {e}")
        except TimeoutError as e:
            return self._error(503, str(e))
        graph = res.kind == "graph"
        if fmt:
            if fmt not in (GRAPH_TYPES if graph else RESULT_TYPES):
                return self._error(406, f"format {fmt!r} does not fit a {res.kind} result")
        else:
            fmt = negotiate(self.headers.get("Accept") or "", graph)
            if fmt is None:
                offered = ", ".join((GRAPH_TYPES if graph else RESULT_TYPES).values())
                return self._error(406, f"cannot answer in any accepted type; offered: {offered}")
        if graph:
            body = Q.to_graph(res, fmt)
            ctype = GRAPH_TYPES[fmt]
        else:
            body = {"json": Q.to_json, "xml": Q.to_xml, "csv": Q.to_csv,
                    "tsv": lambda r: Q.to_csv(r, tsv=True)}[fmt](res).encode("utf-8")
            ctype = RESULT_TYPES[fmt]
        extra = {"X-Result-Truncated": "true"} if res.truncated else {}
        self._send(200, f"{ctype}; charset=utf-8", body, extra)

    def _error(self, code: int, message: str):
        self._send(code, "text/plain; charset=utf-8", (message + "\n").encode("utf-8"))

    def _send(self, code: int, ctype: str, body: bytes, headers: dict | None = None):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Access-Control-Allow-Origin", "*")
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def make_server(store, host: str = "127.0.0.1", port: int = 7878, timeout: float = 30.0,
                max_rows: int = 10_000, verbose: bool = False) -> ThreadingHTTPServer:
    """A server ready to ``serve_forever()``; port 0 picks a free port (``server.server_address``)."""
    endpoint = Endpoint(store, timeout=timeout, max_rows=max_rows)
    handler = type("BoundHandler", (Handler,), {"endpoint": endpoint})
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    server.verbose = verbose
    server.endpoint = endpoint
    return server


EXAMPLE = """SELECT ?person ?name WHERE {
  ?person a foaf:Person ; foaf:name ?name .
} ORDER BY ?name LIMIT 20"""

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>vnkg SPARQL</title>
<style>
 body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; max-width: 70em; }
 textarea { width: 100%%; height: 12em; font: 13px monospace; }
 table { border-collapse: collapse; margin-top: 1em; } td, th { border: 1px solid #ccc; padding: 2px 6px; text-align: left; }
 #msg { color: #a00; white-space: pre-wrap; } pre { background: #f6f6f6; padding: 1em; overflow: auto; }
</style></head>
<body>
<h1>vnkg SPARQL endpoint</h1>
<p>Query the graph of Vietnamese officials and institutions. The endpoint for programs is <code>/sparql</code>
(SPARQL 1.1 Protocol, read-only). The prefixes org, foaf, skos, schema, prov, time, oa, vnkg, rdfs, owl, xsd
and dcterms are predeclared.</p>
<form id="f" method="get" action="/sparql">
<textarea name="query" id="q">%s</textarea><br>
<button type="submit">Run</button>
<select name="format" id="fmt"><option value="">table</option><option>json</option><option>xml</option>
<option>csv</option><option>tsv</option><option>turtle</option><option>ntriples</option></select>
</form>
<div id="msg"></div><div id="out"></div>
<script>
document.getElementById('f').addEventListener('submit', async function (ev) {
  if (document.getElementById('fmt').value) return;  // a raw format: let the browser show it
  ev.preventDefault();
  const msg = document.getElementById('msg'), out = document.getElementById('out');
  msg.textContent = ''; out.textContent = 'running...';
  const r = await fetch('/sparql?query=' + encodeURIComponent(document.getElementById('q').value),
                        {headers: {'Accept': 'application/sparql-results+json, text/turtle;q=0.5'}});
  const text = await r.text();
  out.textContent = '';
  if (!r.ok) { msg.textContent = r.status + ': ' + text; return; }
  if (!(r.headers.get('Content-Type') || '').includes('json')) {
    const pre = document.createElement('pre'); pre.textContent = text; out.appendChild(pre); return; }
  const data = JSON.parse(text);
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  const t = document.createElement('table'), head = t.insertRow();
  for (const v of data.head.vars) { const th = document.createElement('th'); th.textContent = v; head.appendChild(th); }
  for (const b of data.results.bindings) {
    const row = t.insertRow();
    for (const v of data.head.vars) row.insertCell().textContent = b[v] ? b[v].value : '';
  }
  out.appendChild(t);
  const n = document.createElement('p'); n.textContent = data.results.bindings.length + ' rows'; out.appendChild(n);
});
</script>
</body></html>
""" % html.escape(EXAMPLE)
