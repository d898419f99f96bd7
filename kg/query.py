"""SPARQL access: named queries, safe parameter binding, result formats.

A query is given as text, as a file, or by the name of a query shipped in ``ontology/queries/NAME.rq``.
A named query starts with comment lines that say what it answers and which parameters it takes::

    # Officials of a body and of its sub-bodies, with role and status.
    # @param body body  the body (its name, or <IRI>)

Parameters are bound as RDF terms, never pasted into the text: the embedded store substitutes them into
the parsed query (SPARQL SEP-0007, which needs the variable in the SELECT projection, so named queries
project their parameters); a remote server gets a trailing ``VALUES`` block of terms serialised by
pyoxigraph. A parameter of an entity type (person, body, cluster, event) given as a name is first looked
up among the labels (foaf:name, skos:prefLabel, skos:altLabel, schema:name): the exact label (NFC,
spaces collapsed), else the same label in any letter case. Diacritics are kept: in Vietnamese they tell
names apart (Tỏ is not Tô). Several entities with the name: the query runs for each, rows concatenated.

The shipped queries are written for Oxigraph 0.5, the project's engine: the union of all graphs repeats a
triple once per article graph holding it (oxigraph#1919), so a label joined through the union multiplies
rows by the number of articles naming the entity; the queries read an office or an attendance together
with its labels inside one ``GRAPH ?g``, and use ``LATERAL`` (Oxigraph's SPARQL extension, SEP-0006) to
make the engine evaluate a block per row instead of joining it in full. They run on the embedded store
and on an Oxigraph server, not on servers without LATERAL.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import KgError
from .store import QueryError
from .vocab import PREFIXES, sparql_prefixes

QUERIES_DIR = Path(__file__).resolve().parents[1] / "ontology" / "queries"
FORMATS = ("table", "csv", "tsv", "json")
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}

# entity parameter types -> the rdf:types an entity of that type may have
ENTITY_TYPES = {
    "person": ["foaf:Person"],
    "body": ["org:Organization", "org:FormalOrganization", "org:OrganizationalUnit",
             "org:OrganizationalCollaboration"],
    "cluster": ["org:OrganizationalCollaboration"],
    "event": ["schema:Event"],
}
LITERAL_TYPES = {"string": None, "date": "xsd:date", "integer": "xsd:integer", "decimal": "xsd:decimal"}
MAX_RUNS = 20  # a name matching many entities: at most this many runs


class ParamError(KgError):
    """A parameter that is not declared, missing, or not of its declared type."""


@dataclass
class Param:
    name: str
    type: str  # person | body | cluster | event | iri | string | date | integer | decimal
    doc: str = ""


@dataclass
class NamedQuery:
    name: str
    text: str
    doc: str
    params: list[Param] = field(default_factory=list)
    path: Path | None = None


_PARAM = re.compile(r"^#\s*@param\s+(\w+)\s+(\w+)\s*(.*)$")


def parse_header(name: str, text: str, path: Path | None = None) -> NamedQuery:
    """Read the leading comment block: its first line is the description, ``@param`` lines the parameters."""
    doc, params = "", []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        if not line.startswith("#"):
            break
        m = _PARAM.match(line)
        if m:
            pname, ptype, pdoc = m.groups()
            if ptype not in ENTITY_TYPES and ptype not in LITERAL_TYPES and ptype != "iri":
                raise KgError(f"{path or name}: parameter {pname} has unknown type {ptype!r}")
            params.append(Param(pname, ptype, pdoc.strip()))
        elif not doc:
            doc = line.lstrip("#").strip()
    return NamedQuery(name, text, doc, params, path)


def named_queries(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    return {p.stem: parse_header(p.stem, p.read_text(encoding="utf-8"), p)
            for p in sorted(directory.glob("*.rq"))}


def load(q: str, directory: Path = QUERIES_DIR) -> NamedQuery:
    """A query from a name (ontology/queries/NAME.rq), a file path, or SPARQL text."""
    if re.fullmatch(r"[\w.-]+", q):
        path = directory / f"{q}.rq"
        if path.is_file():
            return parse_header(q, path.read_text(encoding="utf-8"), path)
        if not Path(q).is_file():
            known = ", ".join(named_queries(directory))
            raise KgError(f"no named query {q!r} (and no such file); named queries: {known}")
    p = Path(q)
    if len(q) < 4096 and "\n" not in q and p.suffix in (".rq", ".sparql", ".txt") and p.is_file():
        return parse_header(p.stem, p.read_text(encoding="utf-8"), p)
    if len(q) < 4096 and "\n" not in q and p.suffix in (".rq", ".sparql") and not p.exists():
        raise KgError(f"no query file {q}")
    return parse_header("query", q)


# --- parameters ----------------------------------------------------------------------------------

def _expand(curie: str) -> str:
    prefix, local = curie.split(":", 1)
    return str(PREFIXES[prefix]) + local


def _clean(s: str) -> str:
    return " ".join(unicodedata.normalize("NFC", s).split())


def to_term(value: str, ptype: str = "string"):
    """A parameter value as an RDF term: ``<IRI>`` a NamedNode (validated), otherwise a literal of the
    declared type. pyoxigraph escapes it; it can never become query syntax."""
    if value.startswith("<") and value.endswith(">"):
        try:
            return ox.NamedNode(value[1:-1])
        except ValueError as e:
            raise ParamError(f"not a valid IRI: {value}: {e}") from e
    if ptype == "iri":
        raise ParamError(f"expected an IRI in <...>, got {value!r}")
    dt = LITERAL_TYPES.get(ptype)
    if dt:
        lit = ox.Literal(value.strip(), datatype=ox.NamedNode(_expand(dt)))
        check = {"xsd:integer": r"[+-]?\d+", "xsd:decimal": r"[+-]?\d+(\.\d+)?",
                 "xsd:date": r"-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?"}[dt]
        if not re.fullmatch(check, value.strip()):
            raise ParamError(f"{value!r} is not a valid {dt}")
        return lit
    return ox.Literal(_clean(value))


# Label properties as a UNION, not a property path: Oxigraph 0.5 plans `a|b` with a bound object as a scan
_LABELS = ("{ ?x foaf:name ?l } UNION { ?x skos:prefLabel ?l } UNION { ?x skos:altLabel ?l } "
           "UNION { ?x schema:name ?l }")


def find_entities(store, name: str, ptype: str) -> list:
    """IRIs of the entities of type ``ptype`` labelled ``name``: exact label first, then any letter case."""
    types = " UNION ".join(f"{{ ?x a {t} }}" for t in ENTITY_TYPES[ptype])
    head = f"{sparql_prefixes()}SELECT DISTINCT ?x ?l WHERE {{ {_LABELS} FILTER EXISTS {{ {types} }} }}"
    text = _clean(name)
    found = set()
    for lit in (ox.Literal(text, language="vi"), ox.Literal(text), ox.Literal(text, language="en")):
        found |= {r["x"].value for r in store.select(head, {"l": lit})}
    if not found:
        q = (f"{sparql_prefixes()}SELECT DISTINCT ?x ?q WHERE {{ {_LABELS} "
             f"FILTER(LCASE(STR(?l)) = LCASE(STR(?q))) FILTER EXISTS {{ {types} }} }}")
        found = {r["x"].value for r in store.select(q, {"q": ox.Literal(text)})}
    return [ox.NamedNode(x) for x in sorted(found)]


def bind(store, nq: NamedQuery, values: dict[str, str]) -> tuple[list[dict], list[str]]:
    """The binding sets to run the query with, and notes for the user (names that matched nothing ...)."""
    declared = {p.name: p for p in nq.params}
    for k in values:
        if k not in declared and nq.params:
            raise ParamError(f"{nq.name} takes no parameter {k!r}; it takes: "
                             + ", ".join(p.name for p in nq.params))
    missing = [p.name for p in nq.params if p.name not in values]
    if missing:
        raise ParamError(f"{nq.name} needs --param " + " --param ".join(f"{m}=..." for m in missing))
    choices, notes = [], []
    for k, v in values.items():
        p = declared.get(k, Param(k, "string"))
        if p.type in ENTITY_TYPES and not (v.startswith("<") and v.endswith(">")):
            terms = find_entities(store, v, p.type)
            if not terms:
                notes.append(f"no {p.type} named {_clean(v)!r}")
            elif len(terms) > 1:
                notes.append(f"{len(terms)} {p.type}s named {_clean(v)!r}: the query runs for each")
            choices.append([(k, t) for t in terms[:MAX_RUNS]])
        else:
            choices.append([(k, to_term(v, p.type))])
    return [dict(c) for c in itertools.product(*choices)], notes


# --- running -------------------------------------------------------------------------------------

@dataclass
class Result:
    kind: str  # select | ask | graph
    variables: list[str] = field(default_factory=list)
    rows: list[list] = field(default_factory=list)  # terms or None, in variable order
    boolean: bool | None = None
    triples: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    truncated: bool = False


_DECLARED = re.compile(r"^\s*PREFIX\s+([\w-]*):", re.I | re.M)
_POSITION = re.compile(r"error at (\d+):(\d+)")


def with_prefixes(text: str) -> tuple[str, int]:
    """The query with the project's prefixes it does not declare itself, and the number of lines added."""
    declared = set(_DECLARED.findall(text))
    extra = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items() if p not in declared)
    return extra + text, extra.count("\n")


def _position_fix(msg: str, shift: int) -> str:
    return _POSITION.sub(lambda m: f"error at line {int(m.group(1)) - shift}, column {m.group(2)}", msg)


def execute(store, text: str, bindings: dict | None = None, limit: int | None = None,
            deadline: float | None = None) -> Result:
    """Run one query with one binding set; at most ``limit`` rows; stop reading rows after ``deadline``
    (a time.monotonic() value) and mark the result truncated."""
    import time

    full, shift = with_prefixes(text)
    try:
        res = store.query(full, bindings or None)
        if isinstance(res, ox.QueryBoolean) or isinstance(res, bool):
            return Result("ask", boolean=bool(res))
        if isinstance(res, ox.QuerySolutions):
            names = [v.value for v in res.variables]
            out = Result("select", names)
            for row in res:
                if limit is not None and len(out.rows) >= limit or deadline and time.monotonic() > deadline:
                    out.truncated = True
                    break
                out.rows.append([row[n] for n in names])
            return out
        out = Result("graph")
        for t in res:
            if limit is not None and len(out.triples) >= limit or deadline and time.monotonic() > deadline:
                out.truncated = True
                break
            out.triples.append(t)
        return out
    except QueryError as e:
        raise QueryError(_position_fix(str(e), shift)) from e
    except SyntaxError as e:
        raise QueryError(_position_fix(str(e), shift)) from e
    except (RuntimeError, ValueError, OSError) as e:
        raise QueryError(f"the query failed: {e}") from e


def run(store, q: str, params: dict[str, str] | None = None, limit: int | None = None) -> Result:
    """Load a query (name, file or text), bind its parameters, run it once per binding set."""
    nq = load(q)
    binding_sets, notes = bind(store, nq, params or {})
    results = [execute(store, nq.text, b, limit) for b in binding_sets]
    if not results:
        # a name matched nothing: run with an IRI that names nothing, for the query's columns and no rows
        nothing = ox.NamedNode("urn:vnkg:nothing")
        results = [execute(store, nq.text, {p.name: nothing for p in nq.params}, limit)]
    out = results[0]
    for r in results[1:]:
        out.rows.extend(r.rows)
        out.triples.extend(r.triples)
        out.boolean = bool(out.boolean or r.boolean) if out.kind == "ask" else None
        out.truncated = out.truncated or r.truncated
    out.notes = notes
    return out


# --- formats -------------------------------------------------------------------------------------

def _json_term(t) -> dict:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    d = {"type": "literal", "value": t.value}
    if t.language:
        d["xml:lang"] = t.language
    elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
        d["datatype"] = t.datatype.value
    return d


def to_json(r: Result) -> str:
    """SPARQL 1.1 Query Results JSON."""
    if r.kind == "ask":
        return json.dumps({"head": {}, "boolean": bool(r.boolean)})
    rows = [{v: _json_term(t) for v, t in zip(r.variables, row) if t is not None} for row in r.rows]
    return json.dumps({"head": {"vars": r.variables}, "results": {"bindings": rows}}, ensure_ascii=False, indent=1)


def to_xml(r: Result) -> str:
    """SPARQL Query Results XML."""
    from xml.sax.saxutils import escape, quoteattr

    out = ['<?xml version="1.0"?>', '<sparql xmlns="http://www.w3.org/2005/sparql-results#">', "<head>"]
    out += [f"<variable name={quoteattr(v)}/>" for v in r.variables]
    out.append("</head>")
    if r.kind == "ask":
        out.append(f"<boolean>{'true' if r.boolean else 'false'}</boolean>")
    else:
        out.append("<results>")
        for row in r.rows:
            out.append("<result>")
            for v, t in zip(r.variables, row):
                if t is None:
                    continue
                if isinstance(t, ox.NamedNode):
                    val = f"<uri>{escape(t.value)}</uri>"
                elif isinstance(t, ox.BlankNode):
                    val = f"<bnode>{escape(t.value)}</bnode>"
                elif t.language:
                    val = f"<literal xml:lang={quoteattr(t.language)}>{escape(t.value)}</literal>"
                else:
                    val = f"<literal datatype={quoteattr(t.datatype.value)}>{escape(t.value)}</literal>"
                out.append(f"<binding name={quoteattr(v)}>{val}</binding>")
            out.append("</result>")
        out.append("</results>")
    out.append("</sparql>")
    return "\n".join(out) + "\n"


def to_csv(r: Result, tsv: bool = False) -> str:
    """SPARQL 1.1 CSV (plain values) or TSV (terms in N-Triples syntax)."""
    if r.kind == "ask":
        return "true\n" if r.boolean else "false\n"
    buf = io.StringIO()
    if tsv:
        buf.write("\t".join(f"?{v}" for v in r.variables) + "\n")
        for row in r.rows:
            buf.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    else:
        w = csv.writer(buf, lineterminator="\r\n")
        w.writerow(r.variables)
        for row in r.rows:
            w.writerow(["" if t is None else t.value for t in row])
    return buf.getvalue()


def _short(t, base: str | None) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        if base and t.value.startswith(base):
            return t.value[len(base):]
        if t.value == "http://www.w3.org/1999/02/22-rdf-syntax-ns#type":
            return "rdf:type"
        for p, ns in PREFIXES.items():
            if t.value.startswith(str(ns)):
                return f"{p}:{t.value[len(str(ns)):]}"
        return f"<{t.value}>"
    return t.value


def to_table(r: Result, base: str | None = None, width: int = 60) -> str:
    """A plain-text table for a person: IRIs shortened (the base IRI dropped), long cells cut."""
    if r.kind == "ask":
        return "yes" if r.boolean else "no"
    cells = [[_short(t, base) for t in row] for row in r.rows]
    cells = [[c if len(c) <= width else c[: width - 1] + "…" for c in row] for row in cells]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(r.variables)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(r.variables), line(["-" * w for w in widths])] + [line(row) for row in cells]
    out.append(f"({len(r.rows)} row{'s' if len(r.rows) != 1 else ''}{', truncated' if r.truncated else ''})")
    return "\n".join(out)


def to_graph(r: Result, fmt: str = "turtle") -> bytes:
    prefixes = {p: str(ns) for p, ns in PREFIXES.items()} if fmt == "turtle" else None
    kw = {"prefixes": prefixes} if prefixes else {}
    return ox.serialize(r.triples, format=GRAPH_FORMATS[fmt], **kw) or b""


def render(r: Result, fmt: str = "table", base: str | None = None) -> str:
    if r.kind == "graph":
        return to_graph(r, "ntriples" if fmt in ("csv", "tsv") else "turtle").decode("utf-8")
    if fmt == "json":
        return to_json(r)
    if fmt in ("csv", "tsv"):
        return to_csv(r, tsv=fmt == "tsv")
    if fmt == "xml":
        return to_xml(r)
    return to_table(r, base)


def describe_named(directory: Path = QUERIES_DIR) -> str:
    lines = []
    for name, nq in named_queries(directory).items():
        ps = " ".join(f"--param {p.name}=..." for p in nq.params)
        lines.append(f"{name}  {ps}".rstrip())
        lines.append(f"    {nq.doc}")
        for p in nq.params:
            lines.append(f"    {p.name} ({p.type}): {p.doc}")
    return "\n".join(lines)
