"""ontology/vnkg.ttl mirrors kg/vocab.py's VNKG exactly, every term is documented in Vietnamese and English,
and the ontology, the shapes and the named queries parse."""
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from kg import vocab as v  # a module, not its namespace classes: pytest's collection probes module globals

ROOT = Path(__file__).resolve().parents[1]
ONTOLOGY = ROOT / "ontology" / "vnkg.ttl"
SHAPES = ROOT / "ontology" / "shapes.ttl"
NS = str(v.VNKG._NS)


@pytest.fixture(scope="module")
def onto() -> Graph:
    return Graph().parse(ONTOLOGY, format="turtle")


def vocab_terms() -> set[URIRef]:
    return {URIRef(NS + name) for name in v.VNKG.__annotations__}


def declared_terms(g: Graph) -> set[URIRef]:
    """vnkg: IRIs that are the subject of an rdf:type triple in the ontology."""
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)}


def test_every_vocab_term_is_declared(onto):
    missing = vocab_terms() - declared_terms(onto)
    assert not missing, f"in kg/vocab.py but not declared in ontology/vnkg.ttl: {sorted(missing)}"


def test_every_declared_term_is_in_vocab(onto):
    extra = declared_terms(onto) - vocab_terms()
    assert not extra, f"declared in ontology/vnkg.ttl but missing from kg/vocab.py VNKG: {sorted(extra)}"


def test_no_undeclared_vnkg_iri_is_used(onto):
    # a misspelt term anywhere in the ontology (as subject, predicate or object) would go unnoticed otherwise
    used = {t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used <= vocab_terms(), sorted(used - vocab_terms())


def test_vocab_rejects_a_misspelt_term():
    with pytest.raises(AttributeError):
        v.VNKG.Curent  # noqa: B018


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_term_has_a_label(onto, lang):
    unlabelled = [t for t in vocab_terms()
                  if not any(isinstance(o, Literal) and o.language == lang for o in onto.objects(t, RDFS.label))]
    assert not unlabelled, f"terms without rdfs:label @{lang}: {sorted(unlabelled)}"


def test_every_term_has_a_comment(onto):
    assert not [t for t in vocab_terms() if (t, RDFS.comment, None) not in onto]


def test_terms_are_classes_properties_or_individuals(onto):
    kinds = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.NamedIndividual}
    for t in vocab_terms():
        assert set(onto.objects(t, RDF.type)) & kinds, t


def test_ontology_header(onto):
    header = URIRef("https://w3id.org/vnkg")
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionInfo) is not None


def test_status_individuals(onto):
    for t in (v.VNKG.Current, v.VNKG.Ended, v.VNKG.Unknown):
        assert (t, RDF.type, v.VNKG.Status) in onto
    assert (v.VNKG.status, RDFS.range, v.VNKG.Status) in onto
    assert (v.VNKG.status, RDFS.domain, v.ORG.Membership) in onto
    assert Literal("nguyên", lang="vi") in set(onto.objects(v.VNKG.Ended, SKOS.prefLabel))


def test_cluster_roles_are_org_roles_with_vietnamese_labels(onto):
    for role in (v.VNKG.ClusterMember, v.VNKG.ClusterHead, v.VNKG.ClusterDeputyHead):
        assert (role, RDF.type, v.ORG.Role) in onto
        assert [o for o in onto.objects(role, SKOS.prefLabel) if o.language == "vi"]
    assert Literal("Thành viên Khối/Cụm thi đua", lang="vi") in set(onto.objects(v.VNKG.ClusterMember, SKOS.prefLabel))
    assert Literal("Khối trưởng", lang="vi") in set(onto.objects(v.VNKG.ClusterHead, SKOS.altLabel))


def test_alignment_with_standard_vocabularies(onto):
    assert (v.VNKG.Mention, RDFS.subClassOf, v.OA._NS["SpecificResource"]) in onto
    assert (v.VNKG.Mention, RDFS.subClassOf, v.PROV.Entity) in onto
    assert (v.VNKG.Attendance, RDFS.subClassOf, v.SCHEMA.Role) in onto
    assert (v.VNKG.capacity, RDFS.subPropertyOf, v.SCHEMA.roleName) in onto
    # the ORG subclasses that SHACL's sh:targetClass org:Organization must reach without inference
    for sub in (v.ORG.FormalOrganization, v.ORG.OrganizationalUnit, v.ORG.OrganizationalCollaboration):
        assert (sub, RDFS.subClassOf, v.ORG.Organization) in onto


def test_shapes_parse_and_use_declared_terms():
    g = Graph().parse(SHAPES, format="turtle")
    assert len(g) > 100
    used = {t for triple in g for t in triple if isinstance(t, URIRef) and str(t).startswith(NS)}
    assert used and used <= vocab_terms(), sorted(used - vocab_terms())


def test_named_queries_parse():
    """Every named query parses with the store's engine (Oxigraph: some use its LATERAL extension)."""
    import pyoxigraph as ox

    queries = sorted((ROOT / "ontology" / "queries").glob("*.rq"))
    assert len(queries) >= 12
    empty = ox.Store()
    for q in queries:
        try:
            empty.query(v.sparql_prefixes() + q.read_text(encoding="utf-8"))
        except SyntaxError as e:
            pytest.fail(f"{q.name}: {e}")
        except RuntimeError:
            pass  # parsed; it wants parameters bound (a variable outside the SELECT) or data
