"""Articles to RDF without a store: what `kg extract` does. decode -> extract -> emit, then one file."""
from __future__ import annotations

import time
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Extracted:
    """One article run through the pipeline, as N-Triples of its named graph (None when unchanged or failed)."""

    source: str
    sha256: str
    graph: str
    ntriples: bytes | None = None
    error: str | None = None


def extract_paths(files, base: str = DEFAULT_BASE, jobs: int = 1, known: dict | None = None):
    """Yield, file by file and in order, the list of ``Extracted`` articles of each file. ``known`` maps graph IRIs
    to the sha256 already stored: those articles are not extracted again. ``jobs`` > 1 spreads the files over
    worker processes."""
    files = [str(f) for f in files]
    if jobs <= 1 or len(files) < 2 * jobs:
        _init(base, known or {})
        yield from map(_extract_file, files)
        return
    import multiprocessing as mp

    ctx = mp.get_context("forkserver" if "forkserver" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(jobs, initializer=_init, initargs=(base, known or {})) as pool:
        yield from pool.imap(_extract_file, files, chunksize=8)


_WORKER: dict = {}


def _init(base, known):
    _WORKER.update(base=base, known=known)


def _extract_file(path: str) -> list[Extracted] | InputError:
    from .emit import graph_iri

    base, known = _WORKER["base"], _WORKER["known"]
    try:
        articles = read_articles(path)
    except InputError as e:
        return e
    out = []
    for art in articles:
        iri = str(graph_iri(art.source, base))
        sha = art.sha256
        if known.get(iri) == sha:
            out.append(Extracted(art.source, sha, iri))
            continue
        try:
            nt = article_graph(art, base).serialize(format="nt", encoding="utf-8")
        except Exception as e:  # a fault on one article must not lose the others; it is reported
            out.append(Extracted(art.source, sha, iri, error=f"{art.source}: extraction failed ({type(e).__name__}: {e})"))
            continue
        out.append(Extracted(art.source, sha, iri, nt))
    return out


def extract_files(files, output: str, base: str = DEFAULT_BASE, jobs: int = 1) -> str:
    """Extract every article of ``files`` into one RDF file; the format follows the output's extension.
    N-Quads and N-Triples are streamed article by article (over ``jobs`` processes); the other formats are
    assembled in memory."""
    t0 = time.perf_counter()
    fmt = FORMATS.get(Path(output).suffix.lower(), "turtle")
    from .export import atomic_file  # one way of writing a file whole: to a temporary file, then renamed

    with atomic_file(Path(output)) as tmp, open(tmp, "wb") as out:
        if fmt in ("nquads", "nt"):
            n, quads = _stream(files, base, out, named=fmt == "nquads", jobs=jobs)
        else:
            articles = (art for f in files for art in read_articles(f))
            n, quads = _assemble(articles, base, out, fmt)
    return f"{n} article(s) -> {output} ({fmt}, {quads} quads, {time.perf_counter() - t0:.2f} s)"


def _stream(files, base, out, named: bool, jobs: int):
    n = quads = 0
    for result in extract_paths(files, base, jobs):
        if isinstance(result, InputError):
            raise result
        for ex in result:
            if ex.error:
                raise KgError(ex.error)
            lines = ex.ntriples.splitlines(keepends=True)
            if named:
                label = f" <{ex.graph}> .\n".encode()
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
