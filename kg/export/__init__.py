"""Exports: the store in other formats, read-only.

``export(store, fmt, output)`` writes one format; ``FORMATS`` names them all. Each format lives in its own
module, imported only when used, so listing the formats costs nothing:

- RDF (``rdf.py``): turtle, trig, nquads, ntriples, jsonld (JSON-LD with an inline ``@context``);
- tables (``csv.py``): a folder of CSV files, one per kind of fact;
- networks (``graph.py``): graphml, gexf, of the relation graph;
- civic data (``popolo.py``): Popolo JSON; investigations (``ftm.py``): FollowTheMoney entities, one a line.

Writes are atomic: a file (or the CSV folder) is written beside the target under a temporary name and
renamed at the end, so a failed export leaves nothing half-written and an old export stays intact.
"""
from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import KgError

# format name -> (module, is a folder); the module's ``write(store, path, **opts)`` does the work
_WRITERS = {
    "turtle": ("rdf", False),
    "trig": ("rdf", False),
    "nquads": ("rdf", False),
    "ntriples": ("rdf", False),
    "jsonld": ("rdf", False),
    "csv": ("csv", True),
    "graphml": ("graph", False),
    "gexf": ("graph", False),
    "popolo": ("popolo", False),
    "ftm": ("ftm", False),
}
FORMATS = tuple(_WRITERS)

# file name endings -> format, longest first (``kg.popolo.json`` before ``.json``)
EXTENSIONS = {
    ".popolo.json": "popolo",
    ".ftm.json": "ftm",
    ".ftm.jsonl": "ftm",
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".nt": "ntriples",
    ".ntriples": "ntriples",
    ".jsonld": "jsonld",
    ".json-ld": "jsonld",
    ".graphml": "graphml",
    ".gexf": "gexf",
    ".json": "popolo",
    ".jsonl": "ftm",
    ".ndjson": "ftm",
}
# graph formats that hold named graphs; the others get the union of the graphs
QUAD_FORMATS = ("trig", "nquads", "jsonld")


class ExportError(KgError):
    """An export that cannot be made: unknown format, unwritable target, missing graph."""


@dataclass
class ExportReport:
    output: Path
    fmt: str
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        what = ", ".join(f"{n} {k}" for k, n in self.counts.items())
        return f"wrote {self.output} ({self.fmt}{': ' + what if what else ''})"


def format_for(output, fmt: str | None = None) -> str:
    """The format to write: ``fmt`` when given, else the one the output's name implies.

    A name without a known extension (``exports/``, ``tables``) means the CSV folder.
    """
    if fmt:
        name = fmt.lower().replace("-", "")
        aliases = {"ttl": "turtle", "nt": "ntriples", "nq": "nquads", "json-ld": "jsonld", "followthemoney": "ftm"}
        name = aliases.get(name, name)
        if name not in _WRITERS:
            raise ExportError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
        return name
    text = str(output)
    low = text.lower()
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if low.endswith(ext):
            return EXTENSIONS[ext]
    if text.endswith(("/", os.sep)) or not Path(text).suffix or low.endswith(".csv"):
        return "csv"
    raise ExportError(f"cannot tell the format from {text!r}; give --format, one of {', '.join(FORMATS)}")


def export(store, fmt: str | None, output, graph: str | None = None, **opts) -> ExportReport:
    """Write the store (or one named graph of it) to ``output`` in ``fmt``.

    ``fmt`` None: from the output's extension. ``graph``: only that named graph (for the non-RDF formats,
    its facts alone, as if it were the whole store).
    """
    fmt = format_for(output, fmt)
    module, folder = _WRITERS[fmt]
    target = Path(output)
    if graph is not None:
        if graph not in store.named_graphs():
            raise ExportError(f"no named graph <{graph}> in the store; `kg query` can list them")
        if module != "rdf":
            store = _graph_store(store, graph)
            graph = None
    from importlib import import_module

    writer = import_module(f"{__name__}.{module}")
    with (atomic_folder(target) if folder else atomic_file(target)) as tmp:
        counts = writer.write(store, tmp, fmt=fmt, graph=graph, **opts) if module == "rdf" else \
            writer.write(store, tmp, fmt=fmt, **opts)
    return ExportReport(target, fmt, counts or {})


def _graph_store(store, graph: str):
    """One named graph copied into an in-memory store, so every export sees only its facts."""
    from ..store import Store

    sub = Store(None, base=store.base)
    sub.extend(store.quads(graph))
    return sub


def _prepare_parent(target: Path) -> Path:
    parent = target.parent
    for up in (parent, *parent.parents):
        if up.exists():
            if not up.is_dir():
                raise ExportError(f"cannot write {target}: {up} is a file, not a folder")
            break
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ExportError(f"cannot write {target}: cannot create the folder {parent}: {e.strerror or e}") from e
    if not os.access(parent, os.W_OK):
        raise ExportError(f"cannot write {target}: the folder {parent} is not writable")
    return parent


@contextlib.contextmanager
def atomic_file(target: Path):
    """Yield a temporary path beside ``target``; rename it onto ``target`` only if the block succeeds."""
    if target.is_dir():
        raise ExportError(f"cannot write {target}: it is a folder; give a file name")
    parent = _prepare_parent(target)
    try:
        fd, tmp = tempfile.mkstemp(dir=parent, prefix=f".{target.name}.", suffix=".part")
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    os.close(fd)
    tmp = Path(tmp)
    try:
        yield tmp
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    finally:
        tmp.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_folder(target: Path):
    """Yield a temporary folder beside ``target``; swap it in for ``target`` only if the block succeeds.

    An existing ``target`` is replaced only when it looks like an earlier export (CSV files only), so a
    mistyped ``-o`` cannot wipe an unrelated folder.
    """
    if target.exists():
        if not target.is_dir():
            raise ExportError(f"cannot write the CSV folder {target}: a file has that name")
        others = [p.name for p in target.iterdir() if p.suffix.lower() != ".csv"]
        if others:
            raise ExportError(f"will not replace {target}: it holds files that are not CSV tables "
                              f"({', '.join(sorted(others)[:3])}); choose a new or empty folder")
    parent = _prepare_parent(target)
    try:
        tmp = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".part"))
    except OSError as e:
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    old = None
    moved = False
    try:
        yield tmp
        os.chmod(tmp, 0o755)
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.", suffix=".old"))
            os.replace(target, old / "previous")
            moved = True
        os.replace(tmp, target)
        moved = False
    except OSError as e:
        if moved:  # put the earlier export back
            os.replace(old / "previous", target)
        raise ExportError(f"cannot write {target}: {e.strerror or e}") from e
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


__all__ = ["FORMATS", "EXTENSIONS", "ExportError", "ExportReport", "export", "format_for",
           "atomic_file", "atomic_folder"]
