"""The store: the only I/O boundary of the graph. An embedded Oxigraph store on disk (default ``./kg-store``),
in memory (``location=None``), or a SPARQL 1.1 server (``location`` an http(s) URL).

One named graph per article holds that article's facts and evidence; the ``…/meta`` graph holds build
metadata (times, versions, the source-to-graph manifest). A graph is replaced whole, in one transaction,
so a failed or interrupted build never leaves an article half-written.
"""
from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

import pyoxigraph as ox

from .errors import KgError
from .vocab import DEFAULT_BASE, SCHEMA

DEFAULT_LOCATION = "kg-store"

_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "xml": ox.RdfFormat.RDF_XML,
}
_QUAD_FORMATS = {"nquads", "trig", "jsonld"}
_FILE_FORMATS = {".trig": ox.RdfFormat.TRIG, ".nq": ox.RdfFormat.N_QUADS, ".ttl": ox.RdfFormat.TURTLE,
                 ".nt": ox.RdfFormat.N_TRIPLES, ".jsonld": ox.RdfFormat.JSON_LD, ".rdf": ox.RdfFormat.RDF_XML}
_QUAD_FILE_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}
BULK_LINES = 100_000


class StoreError(KgError):
    """A store that cannot be opened, read or written; the message is for the user."""


def meta_graph(base: str = DEFAULT_BASE) -> str:
    return base.rstrip("/") + "/meta"


def derived_graph(base: str = DEFAULT_BASE) -> str:
    return base.rstrip("/") + "/derived"


@dataclass(frozen=True)
class GraphUpdate:
    """A whole named graph to write (``ntriples`` empty: drop it), with its manifest entry in ``/meta``."""

    iri: str
    ntriples: str
    meta_ntriples: str = ""


def _is_url(location) -> bool:
    return isinstance(location, str) and location.startswith(("http://", "https://"))


class Store:
    """Open with ``Store.open(location)``; use as a context manager to release the on-disk lock."""

    def __init__(self, location: str | Path | None = DEFAULT_LOCATION, base: str = DEFAULT_BASE,
                 read_only: bool = False):
        self.location = location
        self.base = base
        self.meta = meta_graph(base)
        self.read_only = read_only
        try:
            if location is None:
                self._ox = ox.Store()
            elif read_only:
                if not Path(location).exists():
                    raise StoreError(f"no store at {location}: build one first with `kg build PATH --store {location}`")
                self._ox = ox.Store.read_only(str(location))
            else:
                self._ox = ox.Store(str(location))
        except OSError as e:
            raise StoreError(f"cannot open the store at {location}: {e}. Is another `kg` process using it?") from e

    @staticmethod
    def open(location=DEFAULT_LOCATION, base: str = DEFAULT_BASE, read_only: bool = False) -> "Store":
        if _is_url(location):
            return RemoteStore(location, base=base, read_only=read_only)
        return Store(location, base=base, read_only=read_only)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if getattr(self, "_ox", None) is not None and not self.read_only and self.location is not None:
            self._ox.flush()
        self._ox = None

    # --- writing -------------------------------------------------------------------------------

    def write(self, updates: Iterable[GraphUpdate]) -> None:
        """Replace each named graph whole, and its manifest entry, in one transaction."""
        self._check_writable()
        parts = []
        for u in updates:
            g = f"<{u.iri}>"
            parts.append(f"DROP SILENT GRAPH {g}")
            parts.append(f"DELETE WHERE {{ GRAPH <{self.meta}> {{ {g} ?p ?o }} }}")
            if u.ntriples.strip():
                parts.append(f"INSERT DATA {{ GRAPH {g} {{\n{u.ntriples}\n}} }}")
            if u.meta_ntriples.strip():
                parts.append(f"INSERT DATA {{ GRAPH <{self.meta}> {{\n{u.meta_ntriples}\n}} }}")
        if parts:
            self._update(" ;\n".join(parts))

    def replace_graph(self, iri: str, ntriples: str) -> None:
        """Replace one named graph whole (no manifest entry): used for derived and meta graphs. A large graph
        (over ``BULK_LINES`` triples) is bulk-loaded: one SPARQL INSERT DATA of a million triples takes minutes
        and gigabytes on disk, a bulk load seconds. A bulk load is not one transaction: interrupted, it leaves
        that one graph incomplete until it is written again; no other graph is touched."""
        self._check_writable()
        if ntriples.count("\n") >= BULK_LINES:
            g = ox.NamedNode(iri)
            try:
                self._ox.remove_graph(g)
                self._ox.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, g)
                                     for t in ox.parse(ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES))
                self._ox.flush()
            except (SyntaxError, ValueError, OSError) as e:
                raise StoreError(f"the store refused a bulk load: {e}") from e
            return
        upd = f"DROP SILENT GRAPH <{iri}>"
        if ntriples.strip():
            upd += f" ;\nINSERT DATA {{ GRAPH <{iri}> {{\n{ntriples}\n}} }}"
        self._update(upd)

    def load_file(self, path, graph: str | None = None) -> None:
        """Load an RDF file (the format from its extension); a triple file goes to ``graph``."""
        fmt = _FILE_FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise StoreError(f"cannot read {path}: use one of {', '.join(_FILE_FORMATS)}")
        kw = {"to_graph": ox.NamedNode(graph)} if graph and fmt not in _QUAD_FILE_FORMATS else {}
        try:
            self._ox.load(path=str(path), format=fmt, **kw)
        except (SyntaxError, ValueError, OSError) as e:
            raise StoreError(f"cannot read {path}: {e}") from e

    def extend(self, quads) -> None:
        """Add quads (pyoxigraph terms) in bulk: for in-memory working copies."""
        self._check_writable()
        self._ox.bulk_extend(quads)

    def add_meta(self, ntriples: str) -> None:
        self._check_writable()
        self._update(f"INSERT DATA {{ GRAPH <{self.meta}> {{\n{ntriples}\n}} }}")

    def _update(self, text: str) -> None:
        try:
            self._ox.update(text)
        except (SyntaxError, ValueError, OSError) as e:
            raise StoreError(f"the store refused an update: {e}") from e

    def _check_writable(self):
        if self.read_only:
            raise StoreError("this store is open read-only")

    # --- reading -------------------------------------------------------------------------------

    def manifest(self) -> dict[str, str]:
        """graph IRI -> sha256 of the article text it was built from."""
        q = f"SELECT ?g ?h WHERE {{ GRAPH <{self.meta}> {{ ?g <{SCHEMA.sha256}> ?h }} }}"
        return {r["g"].value: r["h"].value for r in self.select(q)}

    def query(self, sparql: str, bindings: dict | None = None, union: bool = True):
        """Run a SPARQL query; ``bindings`` maps variable names to pyoxigraph terms, substituted as RDF terms
        (never pasted into the text). The default graph is the union of all named graphs."""
        subs = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        try:
            return self._ox.query(sparql, use_default_graph_as_union=union, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(str(e)) from e

    def select(self, sparql: str, bindings: dict | None = None, union: bool = True) -> list[dict]:
        """A SELECT as a list of {variable: pyoxigraph term} rows (unbound variables left out)."""
        res = self.query(sparql, bindings, union)
        names = [v.value for v in res.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in res]

    def ask(self, sparql: str, bindings: dict | None = None) -> bool:
        return bool(self.query(sparql, bindings))

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self._ox.quads_for_pattern(None, None, None, g)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._ox.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph: str | None = None) -> int:
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "GRAPH ?g { ?s ?p ?o }"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}", union=False)[0]["n"].value)

    def dump(self, fmt: str, output, graph: str | None = None) -> None:
        """Serialise the store (or one named graph) to a path or binary stream."""
        if fmt not in _FORMATS:
            raise StoreError(f"unknown RDF format {fmt!r}; choose one of {', '.join(_FORMATS)}")
        kw = {}
        if graph:
            kw["from_graph"] = ox.NamedNode(graph)
        elif fmt not in _QUAD_FORMATS:
            # a triple format of the whole store: the union of all graphs (duplicates merged)
            tmp = ox.Store()
            tmp.bulk_extend(ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph()) for q in self.quads())
            tmp.dump(output, _FORMATS[fmt], from_graph=ox.DefaultGraph(), prefixes=_prefix_map())
            return
        if fmt in ("turtle", "trig"):
            kw["prefixes"] = _prefix_map()
        self._ox.dump(output, _FORMATS[fmt], **kw)


class QueryError(StoreError):
    """A SPARQL query the engine could not parse or run; the message carries the parser's position."""


def _prefix_map() -> dict[str, str]:
    from .vocab import PREFIXES

    return {p: str(ns) for p, ns in PREFIXES.items()}


class RemoteStore(Store):
    """A SPARQL 1.1 server (Oxigraph server: ``/query``, ``/update``; or one endpoint for both)."""

    def __init__(self, url: str, base: str = DEFAULT_BASE, read_only: bool = False, timeout: float = 60):
        self.location = url
        self.base = base
        self.meta = meta_graph(base)
        self.read_only = read_only
        self.timeout = timeout
        url = url.rstrip("/")
        if url.endswith(("/query", "/sparql")):
            self.query_url = url
            self.update_url = url[: url.rfind("/")] + "/update" if url.endswith("/query") else url
        else:
            self.query_url, self.update_url = url + "/query", url + "/update"
        self._ox = None

    def close(self):
        pass

    def _post(self, url: str, data: bytes, ctype: str, accept: str) -> bytes:
        req = urllib.request.Request(url, data=data, headers={"Content-Type": ctype, "Accept": accept})
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as r:
                return r.read()
        except urllib.error.HTTPError as e:
            raise StoreError(f"{url} answered {e.code}: {e.read()[:500].decode('utf-8', 'replace')}") from e
        except (urllib.error.URLError, OSError) as e:
            raise StoreError(f"cannot reach the SPARQL server at {url}: {e}") from e

    def _update(self, text: str) -> None:
        self._post(self.update_url, text.encode("utf-8"), "application/sparql-update", "*/*")

    def replace_graph(self, iri: str, ntriples: str) -> None:
        """Over the SPARQL protocol: the graph dropped, then inserted in batches of 10,000 triples."""
        self._check_writable()
        self._update(f"DROP SILENT GRAPH <{iri}>")
        lines = ntriples.splitlines()
        for k in range(0, len(lines), 10_000):
            self._update(f"INSERT DATA {{ GRAPH <{iri}> {{\n" + "\n".join(lines[k:k + 10_000]) + "\n} }")

    def load_file(self, path, graph: str | None = None) -> None:
        raise StoreError("loading a file into a SPARQL server is left to the server's own tools")

    def extend(self, quads) -> None:
        raise StoreError("adding quads to a SPARQL server goes through `kg build`")

    def query(self, sparql: str, bindings: dict | None = None, union: bool = True):
        if bindings:
            sparql = _values_clause(sparql, bindings)
        body = self._post(self.query_url, sparql.encode("utf-8"), "application/sparql-query",
                          "application/sparql-results+json, application/n-triples;q=0.9")
        if body.lstrip().startswith(b"{"):
            return ox.parse_query_results(body, ox.QueryResultsFormat.JSON)
        return list(ox.parse(body, ox.RdfFormat.N_TRIPLES))

    def quads(self, graph: str | None = None):
        where = f"GRAPH <{graph}> {{ ?s ?p ?o }} BIND(<{graph}> AS ?g)" if graph else "GRAPH ?g { ?s ?p ?o }"
        for r in self.select(f"SELECT ?s ?p ?o ?g WHERE {{ {where} }}", union=False):
            yield ox.Quad(r["s"], r["p"], r["o"], r["g"])

    def named_graphs(self) -> list[str]:
        return sorted(r["g"].value for r in self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", union=False))

    def dump(self, fmt: str, output, graph: str | None = None) -> None:
        tmp = Store(None, base=self.base)
        tmp.extend(self.quads(graph))
        tmp.dump(fmt, output, graph)


def _values_clause(sparql: str, bindings: dict) -> str:
    """For a remote server: bind parameters with a VALUES block at the start of the WHERE group, where it
    joins every pattern and FILTER of that group (a trailing VALUES would come after the FILTERs). Terms
    are serialised by pyoxigraph (IRIs validated, literals escaped), so a value cannot change the query's
    structure."""
    names = " ".join(f"?{k}" for k in bindings)
    vals = " ".join(str(v) for v in bindings.values())
    j = _where_brace(sparql)
    return sparql[: j + 1] + f" VALUES ({names}) {{ ({vals}) }} " + sparql[j + 1:]


def _where_brace(sparql: str) -> int:
    """The offset of the brace opening the WHERE group, skipping comments, strings and IRIs; for
    CONSTRUCT with a template, the group after the template."""
    import re

    token = re.compile(r'#[^\n]*|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
                       r"|'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|[{}]|\bWHERE\b|\bCONSTRUCT\b", re.I)
    depth, template = 0, False
    for m in token.finditer(sparql):
        t = m.group(0).upper()
        if depth == 0 and t == "CONSTRUCT":
            template = True  # CONSTRUCT { template } WHERE { ... }, unless CONSTRUCT WHERE { ... }
        elif depth == 0 and t == "WHERE":
            template = False
        elif t == "{":
            if depth == 0 and not template:
                return m.start()
            template = template and depth > 0
            depth += 1
        elif t == "}":
            depth -= 1
    raise QueryError("cannot bind parameters: the query has no WHERE group")
