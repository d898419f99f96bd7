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
    """Extract every article of ``files`` into one RDF file; the format follows the output's extension.
    N-Quads and N-Triples are streamed article by article; the other formats are assembled in memory."""
    t0 = time.perf_counter()
    fmt = FORMATS.get(Path(output).suffix.lower(), "turtle")
    articles = (art for f in files for art in read_articles(f))
    with _AtomicFile(output) as out:
        if fmt in ("nquads", "nt"):
            n, quads = _stream(articles, base, out, named=fmt == "nquads")
        else:
            n, quads = _assemble(articles, base, out, fmt)
    return f"{n} article(s) -> {output} ({fmt}, {quads} quads, {time.perf_counter() - t0:.2f} s)"


def _stream(articles, base, out, named: bool):
    n = quads = 0
    for art in articles:
        g = article_graph(art, base)
        lines = g.serialize(format="nt", encoding="utf-8").splitlines(keepends=True)
        if named:
            label = f" <{g.identifier}> .\n".encode()
            lines = [ln[: ln.rstrip().rfind(b".")].rstrip() + label for ln in lines if ln.strip()]
        out.write(b"".join(lines))
        n += 1
        quads += len(lines)
    return n, quads


def _assemble(articles, base, out, fmt):
    from rdflib import Dataset, Graph

    from .vocab import bind_prefixes

    ds = bind_prefixes(Dataset())
    n = 0
    for art in articles:
        g = article_graph(art, base)
        target = ds.graph(g.identifier)
        for t in g:
            target.add(t)
        n += 1
    if fmt == "turtle":  # a triple format: the union of the articles' graphs
        union = bind_prefixes(Graph())
        for s, p, o, _ in ds.quads((None, None, None, None)):
            union.add((s, p, o))
        data = union
    else:
        data = ds
    kw = {"auto_compact": True} if fmt == "json-ld" else {}
    out.write(data.serialize(format=fmt, encoding="utf-8", **kw))
    return n, sum(1 for _ in ds.quads((None, None, None, None)))


class _AtomicFile:
    """Write to a temporary file beside the target; rename over it only when everything succeeded."""

    def __init__(self, path: str):
        self.path = path

    def __enter__(self):
        folder = os.path.dirname(os.path.abspath(self.path))
        try:
            fd, self.tmp = tempfile.mkstemp(dir=folder, prefix=".kg-", suffix=".tmp")
        except OSError as e:
            raise KgError(f"cannot write {self.path}: {e.strerror}") from None
        self.f = os.fdopen(fd, "wb")
        return self.f

    def __exit__(self, exc_type, exc, tb):
        self.f.close()
        if exc_type is None:
            try:
                os.replace(self.tmp, self.path)
                return False
            except OSError as e:
                os.unlink(self.tmp)
                raise KgError(f"cannot write {self.path}: {e.strerror}") from None
        os.unlink(self.tmp)
        return False
