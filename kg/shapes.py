"""Check a graph against the RDF contract: the SHACL shapes of ``ontology/shapes.ttl``.

Each named graph is validated on its own, with ``ontology/vnkg.ttl`` mixed in (pyshacl's ``ont_graph``: its
class axioms and named individuals are copied into a clone of the graph). An article's graph must be
self-contained (it types every node it uses); the ontology supplies the cluster roles with their labels and
the ORG subclass axioms that ``sh:targetClass`` / ``sh:class`` follow, so no inference step is needed
(``inference="rdfs"`` gives the same verdict on the fixture, 2.7x slower, and its domain / range entailments
would type nodes the extractor forgot to type). One graph at a time also keeps pyshacl's memory small.

pyshacl is an optional dependency (the ``test`` extra); it is imported only when a check runs.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from .errors import KgError

ONTOLOGY_DIR = Path(__file__).resolve().parents[1] / "ontology"
SHAPES_PATH = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY_PATH = ONTOLOGY_DIR / "vnkg.ttl"

_RESULTS_QUERY = """
PREFIX sh: <http://www.w3.org/ns/shacl#>
SELECT ?focus ?path ?value ?message ?severity WHERE {
    ?r a sh:ValidationResult ; sh:focusNode ?focus ; sh:resultSeverity ?severity .
    OPTIONAL { ?r sh:resultPath ?path }
    OPTIONAL { ?r sh:value ?value }
    OPTIONAL { ?r sh:resultMessage ?message }
}"""


class ShapesError(KgError):
    """SHACL validation cannot run (pyshacl missing, or the shapes files unreadable)."""


def _pyshacl():
    try:
        import pyshacl
    except ImportError as e:
        raise ShapesError("checking the graph against the shapes needs pyshacl: "
                          "pip install pyshacl (or pip install -e '.[test]')") from e
    return pyshacl


@lru_cache(maxsize=1)
def _load(path: Path):
    from rdflib import Graph

    if not path.is_file():
        raise ShapesError(f"missing {path}: the ontology folder is part of the package's repository")
    return Graph().parse(path, format="turtle")


def shapes_graph():
    """The shapes of ``ontology/shapes.ttl`` as an rdflib Graph (parsed once)."""
    return _load(SHAPES_PATH)


def ontology_graph():
    """``ontology/vnkg.ttl`` as an rdflib Graph (parsed once)."""
    return _load(ONTOLOGY_PATH)


def _units(data):
    """(label, rdflib Graph of triples) for each graph to check: each named graph of a dataset or store,
    the default graph of a dataset when it holds triples, or the graph itself."""
    from rdflib import Dataset, Graph
    from rdflib.graph import ConjunctiveGraph

    from .store import Store

    if isinstance(data, Store):
        for iri in data.named_graphs():
            buf = io.BytesIO()
            data.dump("ntriples", buf, graph=iri)
            yield iri, Graph().parse(data=buf.getvalue().decode("utf-8"), format="nt")
        return
    if isinstance(data, (Dataset, ConjunctiveGraph)):
        for g in (data.graphs() if isinstance(data, Dataset) else data.contexts()):
            if len(g) == 0:
                continue
            ident = g.identifier
            label = "default graph" if str(ident).startswith("urn:x-rdflib:default") else str(ident)
            plain = Graph()
            for t in g:
                plain.add(t)
            yield label, plain
        return
    if isinstance(data, Graph):
        from rdflib import BNode

        yield ("graph" if isinstance(data.identifier, BNode) else str(data.identifier)), data
        return
    raise ShapesError(f"cannot validate a {type(data).__name__}: pass an rdflib Graph or Dataset, or a Store")


def validate_graph(graph) -> tuple[bool, list[str]]:
    """Validate one graph, with the ontology mixed in. Returns (conforms, lines): one line per violation, and
    per warning (prefixed "warning:"); warnings do not make a graph non-conforming."""
    pyshacl = _pyshacl()
    from rdflib import Graph
    from rdflib.namespace import SH

    if not graph.store.context_aware:  # pyshacl needs a context-aware store: copy a plain one
        copy = Graph(identifier=graph.identifier)
        for t in graph:
            copy.add(t)
        graph = copy

    conforms, results, _text = pyshacl.validate(graph, shacl_graph=shapes_graph(), ont_graph=ontology_graph(),
                                                inference="none", advanced=False, allow_warnings=True)
    nm = _namespaces()
    lines = []
    for row in results.query(_RESULTS_QUERY):
        focus = row.focus.n3(nm)
        path = f" {row.path.n3(nm)}" if row.path is not None else ""
        value = f" (value: {row.value.n3(nm)})" if row.value is not None else ""
        severity = "" if row.severity == SH.Violation else f"{row.severity.split('#')[-1].lower()}: "
        lines.append(f"{severity}{focus}{path}: {row.message or 'does not conform'}{value}")
    return bool(conforms), sorted(set(lines))


@lru_cache(maxsize=1)
def _namespaces():
    from rdflib import Graph

    from .vocab import bind_prefixes

    return bind_prefixes(Graph()).namespace_manager


def validate(graph_or_dataset) -> tuple[bool, str]:
    """Check an rdflib Graph / Dataset or a :class:`kg.store.Store` against ``ontology/shapes.ttl``, one named
    graph at a time. Returns (conforms, report): the report lists each violation (and warning) under its
    graph's IRI, and is empty when there is neither."""
    ok = True
    parts = []
    for label, g in _units(graph_or_dataset):
        conforms, lines = validate_graph(g)
        ok = ok and conforms
        if lines:
            errors = sum(not x.startswith("warning:") for x in lines)
            parts.append(f"{label}: {errors} violation(s), {len(lines) - errors} warning(s)\n"
                         + "\n".join(f"  {x}" for x in lines))
    return ok, "\n".join(parts)


_FILE_FORMATS = {".trig": "TRIG", ".nq": "N_QUADS", ".ttl": "TURTLE", ".nt": "N_TRIPLES", ".jsonld": "JSON_LD"}


def check(files=(), store=None, base=None) -> tuple[bool, str]:
    """Validate RDF files (each file's graphs; a triple file is one graph) or, with no files, a store opened
    read-only. What `kg validate` runs."""
    from .store import DEFAULT_LOCATION, Store, StoreError
    from .vocab import DEFAULT_BASE

    if not files:
        with Store.open(store or DEFAULT_LOCATION, base=base or DEFAULT_BASE, read_only=True) as st:
            return validate(st)
    ok, parts = True, []
    for path in files:
        fmt = _FILE_FORMATS.get(Path(path).suffix.lower())
        if fmt is None:
            raise ShapesError(f"{path}: unknown RDF format; use one of {', '.join(_FILE_FORMATS)}")
        st = Store(None)
        try:  # a triple file is one graph, named after the file
            st.load_file(path, graph=Path(path).resolve().as_uri())
        except StoreError as e:
            raise ShapesError(f"{path}: cannot parse: {e}") from e
        conforms, report = validate(st)
        ok = ok and conforms
        if report:
            parts.append(f"{path}:\n{report}")
    return ok, "\n".join(parts)
