"""Articles to RDF without a store: what `kg extract` does. decode -> extract -> emit, then one file."""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .errors import InputError, KgError
from .vocab import DEFAULT_BASE

FORMATS = {".ttl": "turtle", ".turtle": "turtle", ".trig": "trig", ".nq": "nquads", ".nt": "nt",
           ".jsonld": "json-ld", ".json": "json-ld"}


def article_graph(article, base: str = DEFAULT_BASE):
    """One article's named graph (an rdflib Graph whose identifier is the graph IRI)."""
    from .emit import emit
    from .extract import extract

    return emit(extract(article), base)


def source_key(path: str | Path) -> str:
    """An article's source key: its path relative to the working folder when inside it, else absolute."""
    p = Path(path).resolve()
    try:
        return p.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return p.as_posix()


def read_articles(path: str | Path):
    from .extract.decode import decode

    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror}") from None
    return decode(data, source_key(path))


def extract_files(files, output: str, base: str = DEFAULT_BASE) -> str:
    """Extract every article of ``files`` into one RDF file; the format follows the output's extension."""
    from rdflib import Dataset

    from .vocab import bind_prefixes

    t0 = time.perf_counter()
    fmt = FORMATS.get(Path(output).suffix.lower(), "turtle")
    ds = bind_prefixes(Dataset())
    n = 0
    for f in files:
        for art in read_articles(f):
            g = article_graph(art, base)
            target = ds.graph(g.identifier)
            for t in g:
                target.add(t)
            n += 1
    if fmt in ("turtle", "nt"):  # triple formats: the union of the articles' graphs
        from rdflib import Graph

        out = bind_prefixes(Graph())
        for s, p, o, _ in ds.quads((None, None, None, None)):
            out.add((s, p, o))
    else:
        out = ds
    kw = {"auto_compact": True} if fmt == "json-ld" else {}
    _atomic_write(output, out.serialize(format=fmt, encoding="utf-8", **kw))
    triples = sum(1 for _ in ds.quads((None, None, None, None)))
    return f"{n} article(s) -> {output} ({fmt}, {triples} quads, {time.perf_counter() - t0:.2f} s)"


def _atomic_write(path: str, data: bytes) -> None:
    folder = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".kg-", suffix=".tmp")
    except OSError as e:
        raise KgError(f"cannot write {path}: {e.strerror}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except OSError as e:
        os.unlink(tmp)
        raise KgError(f"cannot write {path}: {e.strerror}") from None
