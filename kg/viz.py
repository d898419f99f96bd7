"""The interactive viewer: the store -> networkx -> pyvis -> one self-contained, offline HTML file.

The graph comes from ``kg.relations.project`` (persons, bodies, clusters, events and the edges between
them, with their evidence), completed here with what a reader needs on screen: alternative names, ranks,
English labels, event places, offices whose body is not stated (drawn as role nodes) and the articles the
evidence sentences come from.

pyvis builds the node and edge lists and the vis-network options; the page is our own template
(``viz/template.html``), because every pyvis template loads vis-network or Bootstrap from a CDN. vis-network's
script and stylesheet are read from the pyvis package and inlined, so the file opens from disk with no network.

Layout is computed here, not in the browser: vis-network's physics takes minutes on a few thousand nodes.
Small components use networkx's spring layout; a large one uses a Fruchterman-Reingold layout whose
repulsion is computed on a grid with FFTs (O(n + g² log g) per step instead of O(n²)). The browser draws
with physics off, so the picture is still as soon as it is drawn.

Safety: article text reaches the page only as JSON inside ``<script type="application/json">`` with ``<``,
``>``, ``&`` and U+2028/9 escaped, and the page's script writes it with ``textContent``. A Content Security
Policy allows only the page's own scripts (by hash), so an ``onerror=`` attribute could not run even if one
slipped into the DOM, and no request can leave the page.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import os
import tempfile
import time
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from .errors import KgError
from .vocab import DEFAULT_BASE, sparql_prefixes

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "viz" / "template.html"
ROLE = "role"
TYPES = ("person", "body", "cluster", "event", ROLE)
SPACING = 200.0  # pixels per median edge: room for a horizontal label between two nodes
SMALL_LAYOUT = 600  # components up to this size use networkx's exact spring layout
SEED = 7

def _group(shape: str, size: int, fill: str, border: str, **extra) -> dict:
    colour = {"background": fill, "border": border}
    # selected or hovered: same fill, a dark outline (vis-network's default turns every node light blue)
    selected = {"background": fill, "border": "#111111"}
    return {"shape": shape, "size": size, "color": {**colour, "highlight": selected, "hover": selected}, **extra}


# The look of each node type (vis-network "groups"): shape and colour tell the types apart, the legend
# in the template shows the same. Colours from the Tableau 10 palette, readable by most colour-blind users.
GROUPS = {
    "person": _group("dot", 9, "#4e79a7", "#2f4b69"),
    "body": _group("square", 11, "#f28e2b", "#a65c12"),
    "cluster": _group("hexagon", 20, "#e15759", "#9c2f31", font={"size": 16, "face": "sans-serif", "bold": True}),
    "event": _group("triangle", 11, "#59a14f", "#3a6b33"),
    ROLE: _group("diamond", 7, "#b07aa1", "#7a4f6f"),
}
# Edge colours by kind; a former office (vnkg:Ended, "nguyên") is dashed and grey.
EDGE_COLOURS = {"role": "#4e79a7", "former": "#9a9a9a", "member_of": "#e15759", "part_of": "#6b6b6b",
                "attended": "#59a14f", "organized_by": "#8c6d31"}
CLUSTER_ROLE_LABELS = {"member": "member of", "head": "head of", "deputy-head": "deputy head of"}


class VizError(KgError):
    """A viewer request that cannot be drawn (unknown focus, unreadable output path ...)."""


@dataclass
class VizResult:
    path: Path
    nodes: int
    edges: int
    layout_seconds: float
    seconds: float

    def summary(self) -> str:
        return (f"wrote {self.path} ({self.nodes} nodes, {self.edges} edges; layout {self.layout_seconds:.1f} s, "
                f"total {self.seconds:.1f} s)")


def fold(text: str) -> str:
    """A diacritics-insensitive search key: "Trần Quốc Tỏ" -> "tran quoc to" (đ/Đ -> d; spaces collapsed).
    The page's search box applies the same folding."""
    t = unicodedata.normalize("NFD", text or "")
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.replace("đ", "d").replace("Đ", "D").casefold().split())


# --- reading the graph ---------------------------------------------------------------------------

def _rows(store, where: str, variables: str) -> list[dict]:
    return store.select(f"{sparql_prefixes()}SELECT DISTINCT {variables} WHERE {{ {where} }}")


def _val(row, key):
    t = row.get(key)
    return None if t is None else t.value


def viewer_graph(store, base: str | None = None) -> nx.MultiDiGraph:
    """The relation projection of the store, with what the viewer shows besides: node attributes ``alt``
    (other names), ``ranks``, ``en`` (English label), ``location``; role nodes for offices without a body
    (edges ``holds``); and ``graph["articles"]``: article source -> {title, url, date, source}."""
    from .relations import project

    base = base or getattr(store, "base", DEFAULT_BASE)
    g = project(store, base=base)
    nodes = g.nodes
    for r in _rows(store, "?x skos:altLabel ?l", "?x ?l"):
        x = r["x"].value
        if x in g and r["l"].value != nodes[x]["label"]:
            nodes[x].setdefault("alt", set()).add(r["l"].value)
    for r in _rows(store, "?x schema:honorificPrefix ?l", "?x ?l"):
        if r["x"].value in g:
            nodes[r["x"].value].setdefault("ranks", set()).add(r["l"].value)
    for r in _rows(store, '?x skos:prefLabel ?l FILTER(langMatches(lang(?l), "en"))', "?x ?l"):
        if r["x"].value in g:
            nodes[r["x"].value]["en"] = min(nodes[r["x"].value].get("en", r["l"].value), r["l"].value)
    for r in _rows(store, "?e schema:location ?l OPTIONAL { ?l skos:prefLabel|schema:name ?n }", "?e ?l ?n"):
        if r["e"].value in g:
            nodes[r["e"].value]["location"] = _val(r, "n") or r["l"].value
    for d in nodes.values():
        for k in ("alt", "ranks"):
            if k in d:
                d[k] = sorted(d[k])

    # Offices with no body stated: a role node of their own (one per person and role, never shared,
    # so two "Chủ tịch" of unknown bodies are not drawn as linked).
    evidence = defaultdict(set)
    for r in _rows(store, "?m org:member ?p ; org:role ?r ; prov:wasDerivedFrom ?x . ?x oa:hasSelector ?s . "
                          "?s oa:exact ?t OPTIONAL { ?x oa:hasSource ?a . ?a vnkg:source ?src } "
                          "FILTER NOT EXISTS { ?m org:organization ?o }", "?m ?t ?src"):
        evidence[r["m"].value].add((r["t"].value, _val(r, "src") or ""))
    # (three plain queries joined here: one query with OPTIONALs after FILTER NOT EXISTS takes 14 s on 20 k nodes)
    role_labels: dict[str, str] = {}
    for r in _rows(store, '?r a org:Role ; skos:prefLabel ?l FILTER(lang(?l) = "vi" || lang(?l) = "")', "?r ?l"):
        role_labels[r["r"].value] = min(role_labels.get(r["r"].value, r["l"].value), r["l"].value)
    statuses = {r["m"].value: r["st"].value for r in _rows(store, "?m vnkg:status ?st", "?m ?st")}
    for r in sorted(_rows(store, "?m org:member ?p ; org:role ?r FILTER NOT EXISTS { ?m org:organization ?o }",
                          "?m ?p ?r"), key=lambda r: (r["m"].value, r["r"].value)):
        p, role = r["p"].value, r["r"].value
        if p not in g or nodes[p]["type"] != "person":
            continue
        status = statuses.get(r["m"].value, "#Unknown").rsplit("#", 1)[-1].lower()
        status = {"ended": "ended", "current": "current"}.get(status, "unknown")
        rid = f"{p}#role|{role}"
        if rid not in g:
            g.add_node(rid, type=ROLE, label=role_labels.get(role) or role.rsplit("/", 1)[-1])
        key = f"holds|{status}"
        if g.has_edge(p, rid, key):
            g.edges[p, rid, key]["evidence"] = sorted(set(g.edges[p, rid, key]["evidence"]) | evidence[r["m"].value])
        else:
            g.add_edge(p, rid, key=key, kind="role", status=status, label=nodes[rid]["label"],
                       evidence=sorted(evidence[r["m"].value]))

    articles = {}
    for r in _rows(store, "?a a schema:NewsArticle ; vnkg:source ?src "
                          "OPTIONAL { ?a schema:headline|schema:name ?t } OPTIONAL { ?a schema:url ?u } "
                          "OPTIONAL { ?a schema:datePublished ?d }", "?src ?t ?u ?d"):
        src = r["src"].value
        a = articles.setdefault(src, {"source": src})
        for k, v in (("title", "t"), ("url", "u"), ("date", "d")):
            if _val(r, v) and k not in a:
                a[k] = _val(r, v)
    g.graph["articles"] = articles
    return g


def load_file(path: str | Path):
    """An exported graph (.trig, .nq, .ttl, .nt, .jsonld, .rdf) in an in-memory store, read like a store."""
    from .store import Store, StoreError

    st = Store(None)
    try:  # triples of a triple format go to one named graph, as an article graph would
        st.load_file(path, graph=Path(path).resolve().as_uri())
    except StoreError as e:
        raise VizError(str(e)) from e
    return st


# --- focus ---------------------------------------------------------------------------------------

def find_nodes(g: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose IRI, label or other name equals ``name``, ignoring case and diacritics."""
    if name in g:
        return [name]
    key = fold(name)
    return sorted(n for n, d in g.nodes(data=True)
                  if fold(d.get("label", "")) == key or any(fold(a) == key for a in d.get("alt", ())))


def neighbourhood(g: nx.MultiDiGraph, focus: str, depth: int = 2) -> nx.MultiDiGraph:
    """The subgraph within ``depth`` hops (either direction) of the node(s) named ``focus``."""
    if depth < 0:
        raise VizError("--depth must be 0 or more")
    starts = find_nodes(g, focus)
    if not starts:
        key = fold(focus)
        close = sorted({d["label"] for _, d in g.nodes(data=True) if key and key in fold(d.get("label", ""))})
        hint = f"; did you mean: {', '.join(close[:8])}?" if close else ""
        raise VizError(f"nothing named {focus!r} in the graph{hint}")
    seen = {s: 0 for s in starts}
    queue = deque(starts)
    while queue:
        n = queue.popleft()
        if seen[n] == depth:
            continue
        for m in list(g.successors(n)) + list(g.predecessors(n)):
            if m not in seen:
                seen[m] = seen[n] + 1
                queue.append(m)
    sub = g.subgraph(seen).copy()
    sub.graph["focus"] = starts
    return sub


# --- layout --------------------------------------------------------------------------------------

def layout(g: nx.Graph, seed: int = SEED) -> dict:
    """Positions in pixels: each connected component laid out on its own, then packed in rows, largest
    first, so small islands do not fly off or hide under the main component."""
    und = nx.Graph(g.to_undirected(as_view=True)) if g.is_directed() else nx.Graph(g)
    comps = sorted((sorted(c) for c in nx.connected_components(und)), key=lambda c: (-len(c), c[0]))
    boxes = []
    for comp in comps:
        sub = und.subgraph(comp)
        pos = _component_layout(sub, seed)
        xs = [p[0] for p in pos.values()]
        ys = [p[1] for p in pos.values()]
        boxes.append((pos, min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)))
    def gap(pos):  # lone nodes and pairs sit closer together: they are many and say little
        return SPACING * (0.6 if len(pos) <= 2 else 1.2)

    area = sum((w + gap(pos)) * (h + gap(pos)) for pos, _, _, w, h in boxes)
    row_width = max(math.sqrt(area) * 1.3, boxes[0][3] if boxes else 0)
    out, x, y, row_h = {}, 0.0, 0.0, 0.0
    for pos, x0, y0, w, h in boxes:
        if x > 0 and x + w > row_width:
            x, y, row_h = 0.0, y + row_h + gap(pos), 0.0
        for n, (px, py) in pos.items():
            out[n] = (round(x + px - x0, 1), round(y + py - y0, 1))
        x += w + gap(pos)
        row_h = max(row_h, h)
    return out


def _component_layout(sub: nx.Graph, seed: int) -> dict:
    n = len(sub)
    nodes = sorted(sub)
    if n == 1:
        return {nodes[0]: (0.0, 0.0)}
    if n == 2:
        return {nodes[0]: (0.0, 0.0), nodes[1]: (SPACING, 0.0)}
    if n <= SMALL_LAYOUT:
        # a fixed node order makes the layout a pure function of the graph
        h = nx.Graph()
        h.add_nodes_from(nodes)
        h.add_edges_from(sorted(sub.edges()))
        raw = nx.spring_layout(h, seed=seed, iterations=100)
        pos = {k: (float(v[0]), float(v[1])) for k, v in raw.items()}
    else:
        index = {v: i for i, v in enumerate(nodes)}
        edges = sorted((index[a], index[b]) for a, b in sub.edges())
        arr = mesh_layout(n, edges, seed=seed)
        pos = {v: (float(arr[i, 0]), float(arr[i, 1])) for v, i in index.items()}
    # scale so that the median edge is SPACING pixels long
    lengths = sorted(math.dist(pos[a], pos[b]) for a, b in sub.edges())
    med = lengths[len(lengths) // 2] if lengths else 1.0
    f = SPACING / med if med > 1e-9 else SPACING
    return {k: (x * f, y * f) for k, (x, y) in pos.items()}


def mesh_layout(n: int, edges, seed: int = SEED, iterations: int = 150):
    """Fruchterman-Reingold with ideal edge length 1, repulsion on a grid: node counts are binned into a
    g×g grid and convolved (by FFT) with the repulsive field k²·d/|d|², so one step costs O(n + g² log g).
    Returns an (n, 2) numpy array."""
    import numpy as np

    rng = np.random.default_rng(seed)
    pos = rng.normal(size=(n, 2)) * math.sqrt(n) * 0.5
    e = np.asarray(edges, dtype=np.int64).reshape(-1, 2)
    src, dst = e[:, 0], e[:, 1]
    gsize = int(min(256, max(32, 2 ** math.ceil(math.log2(1.5 * math.sqrt(n))))))
    # the repulsion kernel in grid units: d / |d|² over offsets -g+1 .. g-1, zero at the origin
    off = np.arange(-gsize, gsize)
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = (dx * dx + dy * dy).astype(float)
    r2[gsize, gsize] = np.inf
    kx = np.fft.rfft2(np.fft.ifftshift(dx / r2))
    ky = np.fft.rfft2(np.fft.ifftshift(dy / r2))
    temp = math.sqrt(n) * 0.3
    cool = (0.01 / temp) ** (1.0 / iterations) if temp > 0.01 else 1.0
    for _ in range(iterations):
        lo = pos.min(axis=0)
        span = float((pos.max(axis=0) - lo).max()) + 1e-9
        h = span / (gsize - 1)
        cell = np.rint((pos - lo) / h).astype(np.int64)
        dens = np.bincount(cell[:, 0] * (2 * gsize) + cell[:, 1], minlength=4 * gsize * gsize)
        fd = np.fft.rfft2(dens.reshape(2 * gsize, 2 * gsize).astype(float))
        fx = np.fft.irfft2(fd * kx, s=(2 * gsize, 2 * gsize))
        fy = np.fft.irfft2(fd * ky, s=(2 * gsize, 2 * gsize))
        disp = np.stack([fx[cell[:, 0], cell[:, 1]], fy[cell[:, 0], cell[:, 1]]], axis=1) / h
        d = pos[dst] - pos[src]
        dist = np.sqrt((d * d).sum(axis=1))
        pull = d * dist[:, None]  # FR attraction |d|²/k along d
        for j in (0, 1):
            disp[:, j] += np.bincount(src, weights=pull[:, j], minlength=n)
            disp[:, j] -= np.bincount(dst, weights=pull[:, j], minlength=n)
        disp -= pos * 0.01  # a little gravity keeps hubs' leaves from drifting to the rim
        length = np.sqrt((disp * disp).sum(axis=1)) + 1e-9
        pos += disp / length[:, None] * np.minimum(length, temp)[:, None]
        temp *= cool
    return pos


# --- the page ------------------------------------------------------------------------------------

def _short(text: str, limit: int = 42) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _edge_text(d: dict) -> str:
    kind = d["kind"]
    if kind == "role":
        text = d.get("label") or "office"
        if d.get("status") == "ended":
            text += " (former)"
        return text
    if kind == "member_of":
        return CLUSTER_ROLE_LABELS.get(d.get("role"), "member of")
    if kind == "attended":
        return "attended" + (f" ({d['capacity']})" if d.get("capacity") else "")
    return {"part_of": "part of", "organized_by": "organised by"}.get(kind, kind)


def _clusters(g: nx.MultiDiGraph) -> dict[str, set]:
    """Node -> the clusters it belongs to, for the cluster filter: member bodies (and their sub-units),
    persons holding office there, their role nodes, and events those bodies organised or those persons
    attended."""
    out: dict[str, set] = defaultdict(set)
    children = defaultdict(set)
    for u, v, d in g.edges(data=True):
        if d["kind"] == "part_of":
            children[v].add(u)
    for u, v, d in g.edges(data=True):
        if d["kind"] == "member_of":
            out[v].add(v)
            stack = [u]
            while stack:
                b = stack.pop()
                if v not in out[b]:
                    out[b].add(v)
                    stack.extend(children[b])
    for u, v, d in g.edges(data=True):
        if d["kind"] == "role" and out.get(v) and g.nodes[v]["type"] == "body":
            out[u] |= out[v]
    for u, v, d in g.edges(data=True):
        if d["kind"] == "role" and g.nodes[v]["type"] == ROLE:
            out[v] |= out.get(u, set())
    for u, v, d in g.edges(data=True):
        if d["kind"] == "attended":
            out[v] |= out.get(u, set())
        elif d["kind"] == "organized_by":
            out[u] |= out.get(v, set())
    return out


def to_network(g: nx.MultiDiGraph, pos: dict):
    """The pyvis Network (nodes, edges, options) and the side data the page's panel reads."""
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    order = sorted(g, key=lambda n: (TYPES.index(g.nodes[n]["type"]), g.nodes[n]["label"], n))
    index = {n: i for i, n in enumerate(order)}
    clusters = _clusters(g)
    articles = g.graph.get("articles", {})
    art_index: dict[str, int] = {}
    art_list: list[dict] = []
    ev_index: dict[tuple, int] = {}
    ev_list: list[list] = []

    def evidence_ids(items) -> list[int]:
        ids = []
        for text, src in items:
            if src not in art_index:
                a = dict(articles.get(src, {"source": src}))
                if not str(a.get("url", "")).startswith(("http://", "https://")):
                    a.pop("url", None)  # only web links: never a javascript: or file: URL
                art_index[src] = len(art_list)
                art_list.append(a)
            key = (text, src)
            if key not in ev_index:
                ev_index[key] = len(ev_list)
                ev_list.append([text, art_index[src]])
            ids.append(ev_index[key])
        return ids

    info = []
    # pyvis's add_node/add_edge are quadratic (a membership test per call): append the dicts directly
    for n in order:
        d = g.nodes[n]
        t = d["type"]
        label = d["label"]
        shown = _short(label)
        tip = [label]
        if d.get("ranks"):
            shown += "\n" + ", ".join(d["ranks"])
            tip.insert(0, ", ".join(d["ranks"]))
        if t == "event" and d.get("date"):
            shown += "\n" + d["date"]
        if d.get("en"):
            tip.append(d["en"])
        tip.append({"person": "person", "body": "body", "cluster": "emulation cluster", "event": "event",
                    ROLE: "role (body not stated)"}[t])
        x, y = pos[n]
        # value: size and label size grow with the number of links, so hubs stay named when zoomed out
        net.nodes.append({"id": index[n], "label": shown, "group": t, "x": x, "y": y, "title": "\n".join(tip),
                          "value": g.degree(n)})
        item = {"iri": n, "type": t, "label": label}
        for k in ("alt", "ranks", "en", "kind", "date", "location"):
            if d.get(k):
                item[k] = d[k]
        if clusters.get(n):
            item["clusters"] = sorted(index[c] for c in clusters[n])
        info.append(item)

    edges_info = []
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (index[e[0]], index[e[1]], e[2]["kind"],
                                                              e[2].get("label", ""), e[2].get("status", ""))):
        kind = d["kind"]
        text = _edge_text(d)
        colour = EDGE_COLOURS["former" if d.get("status") == "ended" else kind]
        edge = {"id": len(net.edges), "from": index[u], "to": index[v], "label": text, "title": text,
                "color": colour, "arrows": "to"}
        if d.get("status") == "ended":
            edge["dashes"] = True
        elif kind == "attended" or kind == "organized_by":
            edge["dashes"] = [2, 4]
        net.edges.append(edge)
        extra = {"kind": kind, "text": text, "ev": evidence_ids(d.get("evidence", ()))}
        for k in ("status", "begin", "end", "capacity", "role"):
            if d.get(k) and not (k == "role" and kind != "member_of"):
                extra[k] = d[k]
        edges_info.append(extra)

    big = len(net.nodes) > 1500
    net.options = {
        "groups": GROUPS,
        "nodes": {"font": {"size": 13, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
                  "borderWidth": 1, "widthConstraint": {"maximum": 240},
                  "scaling": {"min": 7, "max": 28,
                              "label": {"enabled": True, "min": 12, "max": 24, "maxVisible": 24, "drawThreshold": 5}}},
        "edges": {"smooth": False, "width": 1.2, "selectionWidth": 2,
                  "arrows": {"to": {"enabled": True, "scaleFactor": 0.45}},
                  "font": {"size": 10, "face": "sans-serif", "align": "horizontal", "color": "#444444",
                           "strokeWidth": 3, "strokeColor": "#ffffff"}},
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": SEED},
        "interaction": {"hover": not big, "tooltipDelay": 250, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big,
                        "navigationButtons": False, "keyboard": False},
    }
    data = {"info": info, "edges": edges_info, "evidence": ev_list, "articles": art_list,
            "clusters": [index[n] for n in order if g.nodes[n]["type"] == "cluster"],
            "focus": [index[n] for n in g.graph.get("focus", [])]}
    return net, data


def _json_for_script(obj) -> str:
    """JSON safe inside a <script> element: no "</script>", "<!--" or line separators can end it early."""
    s = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    return (s.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    import pyvis

    lib = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"
    try:
        js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
        css = (lib / "vis-network.css").read_text(encoding="utf-8")
    except OSError as e:
        raise VizError(f"vis-network is missing from the pyvis package ({lib}): reinstall pyvis 0.3.2") from e
    if "</script" in js.lower() or "</style" in css.lower():
        raise VizError("the vis-network files cannot be inlined safely")
    return js, css


def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode() + "'"


def render(net, data: dict, title: str) -> str:
    """The whole page as one string: our template with vis-network, the graph and the app inlined."""
    import jinja2

    js, css = _vis_assets()
    template = TEMPLATE.read_text(encoding="utf-8")
    # The page's own script sits in the template between markers; it is hashed for the CSP as written.
    head, rest = template.split("<!--APP-->", 1)
    app, tail = rest.split("<!--/APP-->", 1)
    app_code = app.strip()
    if not (app_code.startswith("<script>") and app_code.endswith("</script>")):
        raise VizError("viz/template.html: the app block must be one <script> element")
    app_code = app_code[len("<script>"):-len("</script>")]
    graph = {"nodes": net.nodes, "edges": net.edges, "options": net.options}
    csp = ("default-src 'none'; img-src data: blob:; font-src data:; style-src 'unsafe-inline'; "
           f"script-src {_script_hash(js)} {_script_hash(app_code)}; base-uri 'none'; form-action 'none'")
    env = jinja2.Environment(autoescape=True)
    page = env.from_string(head + "<script>{{ app_code|safe }}</script>" + tail)
    return page.render(title=title, csp=csp, vis_css=_safe(css),
                       vis_js=_safe(js), app_code=_safe(app_code),
                       graph_json=_safe(_json_for_script(graph)), data_json=_safe(_json_for_script(data)),
                       n_nodes=len(net.nodes), n_edges=len(net.edges))


def _safe(s: str):
    from markupsafe import Markup

    return Markup(s)


def write_viz(store, output: str | Path, focus: str | None = None, depth: int = 2, title: str | None = None,
              base: str | None = None) -> VizResult:
    """Read the store, draw it (or the neighbourhood of ``focus``) and write one HTML file, UTF-8, atomically."""
    t0 = time.perf_counter()
    output = Path(output)
    if output.is_dir():
        raise VizError(f"{output} is a folder: give a file name, e.g. {output / 'graph.html'}")
    if not output.parent.exists():
        raise VizError(f"cannot write {output}: the folder {output.parent} does not exist")
    g = viewer_graph(store, base=base)
    if focus:
        g = neighbourhood(g, focus, depth)
    t1 = time.perf_counter()
    pos = layout(g)
    t_layout = time.perf_counter() - t1
    net, data = to_network(g, pos)
    if title is None:
        title = f"vnkg: around {focus} ({depth} steps)" if focus else "vnkg: officials and institutions"
    html = render(net, data, title)
    fd, tmp = tempfile.mkstemp(prefix=".viz-", suffix=".html", dir=output.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(html)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes the file private; the page is for sharing
        os.replace(tmp, output)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return VizResult(output, len(net.nodes), len(net.edges), t_layout, time.perf_counter() - t0)
