"""Ingest: files and folders -> decode -> extract -> emit -> the store, incrementally; then derived facts.

An unchanged article (same sha256 of its text) is skipped; a changed one replaces its named graph whole; every
article's graph and manifest entry are written in one transaction, so an interruption loses nothing written.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from . import __version__
from .errors import InputError
from .extract.decode import kind_of
from .pipeline import extract_paths
from .store import GraphUpdate, Store
from .vocab import PROV, SCHEMA, VNKG

BATCH = 64  # articles per transaction


@dataclass
class BuildReport:
    files: int = 0
    skipped_files: int = 0
    articles: int = 0
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    derived: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        c = self.counts
        lines = [
            f"articles   {self.articles} ({self.added} new, {self.changed} changed, {self.unchanged} unchanged)"
            + (f"; {self.skipped_files} other file(s) skipped" if self.skipped_files else ""),
            f"persons    {c.get('persons', 0)}",
            f"bodies     {c.get('bodies', 0)} ({c.get('clusters', 0)} emulation clusters)",
            f"offices    {c.get('offices', 0)}",
            f"events     {c.get('events', 0)} ({c.get('attendances', 0)} attendances)",
            f"triples    {c.get('quads', 0)} in {c.get('graphs', 0)} graphs",
        ]
        if self.derived:
            lines.append("derived    " + ", ".join(f"{k} {v}" for k, v in self.derived.items()))
        for e in self.errors:
            lines.append(f"error      {e}")
        lines.append(f"time       {self.seconds:.2f} s")
        return "\n".join(lines)


def collect(paths, exclude=None) -> tuple[list[Path], int]:
    """The article files under ``paths`` (sorted, so builds are repeatable) and the count of other files.
    ``exclude``: a folder left out (the store itself, when it lies among the articles)."""
    files, skipped = [], 0
    skip = Path(exclude).resolve() if exclude else None
    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(x for x in p.rglob("*") if x.is_file() and not x.name.startswith(".")):
                if skip and skip in f.resolve().parents:
                    continue
                if kind_of(f.name):
                    files.append(f)
                else:
                    skipped += 1
        elif kind_of(p.name):
            files.append(p)
        else:
            skipped += 1
    return files, skipped


def build(paths, store: Store, derive: bool = True, progress=None, jobs: int = 1) -> BuildReport:
    """Ingest ``paths`` into ``store``. ``progress``: an optional callable ``progress(done, total)`` told of
    each file done; ``jobs``: worker processes for extraction."""
    t0 = time.perf_counter()
    rep = BuildReport()
    files, rep.skipped_files = collect(paths, exclude=store.location if isinstance(store.location, (str, Path)) else None)
    rep.files = len(files)
    known = store.manifest()
    pending: list[GraphUpdate] = []
    for done, result in enumerate(extract_paths(files, store.base, jobs, known), 1):
        if isinstance(result, InputError):
            rep.errors.append(str(result))
            result = []
        for ex in result:
            rep.articles += 1
            if ex.error:
                rep.errors.append(ex.error)
                continue
            if ex.ntriples is None:
                rep.unchanged += 1
                continue
            old = known.get(ex.graph)
            rep.changed += old is not None
            rep.added += old is None
            meta = (f'<{ex.graph}> <{VNKG.source}> "{_esc(ex.source)}" .\n'
                    f'<{ex.graph}> <{SCHEMA.sha256}> "{ex.sha256}" .\n'
                    f'<{ex.graph}> <{PROV.generatedAtTime}> "{_now()}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .\n')
            pending.append(GraphUpdate(ex.graph, ex.ntriples.decode("utf-8"), meta))
            known[ex.graph] = ex.sha256
        if len(pending) >= BATCH:
            store.write(pending)
            pending = []
        if progress:
            progress(done, len(files))
    if pending:
        store.write(pending)
    if derive:
        rep.derived = _derive(store)
    store.add_meta(_build_record(rep, time.perf_counter() - t0, store))
    rep.counts = counts(store)
    rep.seconds = time.perf_counter() - t0
    return rep


def _derive(store: Store) -> dict:
    try:
        from .relations import derive
    except ImportError:
        return {}
    return derive(store, base=store.base)


def counts(store: Store) -> dict:
    q = """
    PREFIX org: <http://www.w3.org/ns/org#> PREFIX foaf: <http://xmlns.com/foaf/0.1/>
    PREFIX schema: <https://schema.org/>
    SELECT
      (COUNT(DISTINCT ?p) AS ?persons) (COUNT(DISTINCT ?o) AS ?bodies) (COUNT(DISTINCT ?k) AS ?clusters)
      (COUNT(DISTINCT ?m) AS ?offices) (COUNT(DISTINCT ?e) AS ?events) (COUNT(DISTINCT ?att) AS ?attendances)
    WHERE {
      { ?p a foaf:Person } UNION { ?o a org:Organization } UNION { ?k a org:OrganizationalCollaboration }
      UNION { ?m a org:Membership ; org:member/a foaf:Person } UNION { ?e a schema:Event }
      UNION { ?e2 schema:attendee ?p2 BIND(CONCAT(STR(?e2), " ", STR(?p2)) AS ?att) }
    }"""
    row = store.select(q)[0]
    out = {k: int(v.value) for k, v in row.items()}
    out["quads"] = store.count()
    out["graphs"] = len(store.named_graphs())
    return out


def _build_record(rep: BuildReport, seconds: float, store: Store) -> str:
    b = f"<{store.meta}/build/{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%fZ')}>"
    return "\n".join([
        f"{b} a <{PROV.Activity}> .",
        f'{b} <{PROV.endedAtTime}> "{_now()}"^^<http://www.w3.org/2001/XMLSchema#dateTime> .',
        f'{b} <{SCHEMA.softwareVersion}> "vnkg {__version__}" .',
        f'{b} <{VNKG.count}> "{rep.articles}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        f'{b} <http://www.w3.org/2000/01/rdf-schema#comment> "{rep.added} new, {rep.changed} changed, '
        f'{rep.unchanged} unchanged article(s) in {seconds:.2f} s" .',
    ]) + "\n"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _esc(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
