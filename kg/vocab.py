"""The RDF vocabulary: standard namespaces and the project's own terms.

``VNKG`` and ``OA`` are checked namespaces: a misspelt term raises instead of minting a new IRI. Every
``VNKG`` term is declared in ``ontology/vnkg.ttl`` (a test checks both directions).
"""
from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SDO, SKOS, TIME, XSD, DefinedNamespace

SCHEMA = SDO  # https://schema.org/

DEFAULT_BASE = "https://w3id.org/vnkg/id/"


class VNKG(DefinedNamespace):
    _NS = Namespace("https://w3id.org/vnkg#")
    _fail = True

    # office status
    status: URIRef  # org:Membership -> vnkg:Status
    Status: URIRef
    Current: URIRef
    Ended: URIRef  # "nguyên": former
    Unknown: URIRef
    # kinds of body and of event
    kind: URIRef  # body -> literal: party, state, military, police, court, procuracy, council, local, ...
    eventKind: URIRef  # schema:Event -> literal: meeting, conference, visit, signing, ceremony, ...
    # emulation clusters (Khối / Cụm thi đua): roles of a member body
    ClusterMember: URIRef
    ClusterHead: URIRef  # Khối trưởng / Cụm trưởng
    ClusterDeputyHead: URIRef  # Khối phó / Cụm phó
    # evidence
    Mention: URIRef
    source: URIRef  # schema:NewsArticle -> the source key (path, or .jsonl id / url)
    # what a person did at an event, beside the direct schema:attendee triple
    Attendance: URIRef
    event: URIRef
    person: URIRef
    capacity: URIRef  # "chair", "speaker", ...
    # derived relations (networkx), in their own graph
    Relation: URIRef
    relationKind: URIRef
    colleagueOf: URIRef
    coAttendedWith: URIRef
    sameClusterAs: URIRef
    servesInCluster: URIRef
    count: URIRef
    via: URIRef
    method: URIRef
    degree: URIRef
    betweenness: URIRef
    subject: URIRef
    object: URIRef


class OA(DefinedNamespace):
    _NS = Namespace("http://www.w3.org/ns/oa#")
    _fail = True

    Annotation: URIRef
    hasSource: URIRef
    hasSelector: URIRef
    TextQuoteSelector: URIRef
    TextPositionSelector: URIRef
    exact: URIRef
    prefix: URIRef
    suffix: URIRef
    start: URIRef
    end: URIRef


PREFIXES = {
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "schema": SCHEMA,
    "prov": PROV,
    "time": TIME,
    "oa": OA._NS,
    "vnkg": VNKG._NS,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "dcterms": DCTERMS,
}


def sparql_prefixes() -> str:
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def bind_prefixes(graph):
    for p, ns in PREFIXES.items():
        graph.bind(p, ns, override=True)
    return graph


__all__ = ["RDF", "RDFS", "OWL", "XSD", "FOAF", "ORG", "PROV", "SKOS", "TIME", "SCHEMA", "VNKG", "OA",
           "DEFAULT_BASE", "PREFIXES", "sparql_prefixes", "bind_prefixes"]
