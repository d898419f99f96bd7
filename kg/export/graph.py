"""Network exports: GraphML and GEXF of the relation graph (``kg.relations.project``), for Gephi, yEd,
Cytoscape or networkx.

Nodes are persons, bodies, clusters and events (attributes ``type``, ``label``, ``kind``, ``date``);
edges are offices, hierarchy, cluster memberships, attendance and organisers (``kind``, ``label``,
``role``, ``status`` ...). Both formats take only scalar attribute values, so each edge's evidence list
becomes ``evidence`` (its sentences), ``sources`` (its articles) and ``mentions`` (how many).
GEXF reserves some attribute names (``start`` / ``end`` make a dynamic graph, an edge's ``type`` must
be directed or undirected): those are renamed rather than misread (``end`` -> ``end_date``, and
``begin`` -> ``begin_date`` beside it).
"""
from __future__ import annotations

import re
from pathlib import Path

SEP = " | "
# characters XML 1.0 cannot hold, even escaped
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_GEXF_NODE_RESERVED = {"id": "iri", "pid": "pid_", "start": "start_date", "end": "end_date", "spells": "spells_",
                       "viz": "viz_",
                       "begin": "begin_date"}  # not reserved: renamed to stay beside end_date
_GEXF_EDGE_RESERVED = {**_GEXF_NODE_RESERVED, "type": "edge_type"}


def _text(s: str) -> str:
    return _XML_BAD.sub("", s)


def _scalar(value):
    """A value GraphML and GEXF can hold (str, int, float, bool), or None to leave the attribute out."""
    if value is None:
        return None
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(SEP.join(map(str, v)) if isinstance(v, (tuple, list)) else str(v) for v in value)
        return _text(SEP.join(items)) if items else None
    return _text(str(value))


def _attrs(data: dict, reserved: dict | None) -> dict:
    out = {}
    for key, value in data.items():
        if key == "evidence" and isinstance(value, (list, tuple, set)):
            pairs = [(v[0], v[1] if len(v) > 1 else "") if isinstance(v, (tuple, list)) else (str(v), "")
                     for v in value]
            sentences = list(dict.fromkeys(p[0] for p in pairs if p[0]))
            sources = list(dict.fromkeys(p[1] for p in pairs if p[1]))
            out["evidence"] = _text(SEP.join(sentences))
            out["sources"] = _text(SEP.join(sources))
            out["mentions"] = len(pairs)
            continue
        if reserved and key in reserved:
            key = reserved[key]
        if reserved is not None and key == "weight" and not isinstance(value, (int, float)):
            key = "weight_"
        v = _scalar(value)
        if v is not None:
            out[key] = v
    return out


def safe_graph(g, gexf: bool = False):
    """A copy of ``g`` whose graph, node and edge attributes are all scalars."""
    import networkx as nx

    h = nx.MultiDiGraph() if g.is_multigraph() else nx.DiGraph()
    h.graph.update(_attrs(g.graph, None))
    for n, d in g.nodes(data=True):
        h.add_node(str(n), **_attrs(d, _GEXF_NODE_RESERVED if gexf else None))
    if g.is_multigraph():
        for u, v, k, d in g.edges(keys=True, data=True):
            h.add_edge(str(u), str(v), key=_text(str(k)), **_attrs(d, _GEXF_EDGE_RESERVED if gexf else None))
    else:
        for u, v, d in g.edges(data=True):
            h.add_edge(str(u), str(v), **_attrs(d, _GEXF_EDGE_RESERVED if gexf else None))
    return h


def write(store, path: Path, fmt: str) -> dict[str, int]:
    import networkx as nx

    from ..relations import project

    g = project(store)
    h = safe_graph(g, gexf=(fmt == "gexf"))
    h.graph.setdefault("name", "vnkg relation graph")
    if fmt == "gexf":
        nx.write_gexf(h, str(path))
    else:
        nx.write_graphml(h, str(path))
    return {"nodes": h.number_of_nodes(), "edges": h.number_of_edges()}
