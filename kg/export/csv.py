"""CSV export: a folder of tables, one per kind of fact, UTF-8 with a header row.

persons.csv, bodies.csv, offices.csv (person, role, body, status, start, end, evidence sentence, article),
clusters.csv, events.csv, attendance.csv, suborganizations.csv. Every row carries the IRIs it refers to,
so tables join on them; names are for people reading the table. Several values in one cell are
separated by " | ". The evidence columns hold the earliest article's sentence; ``mentions`` counts them all.
"""
from __future__ import annotations

import csv
from pathlib import Path

from .facts import Facts, load

SEP = " | "

TABLES = {
    "persons.csv": ["id", "name", "other_names", "honorific_prefix", "offices", "events"],
    "bodies.csv": ["id", "name", "name_en", "other_names", "type", "kind", "parent_ids", "parents"],
    "offices.csv": ["id", "person_id", "person", "role_id", "role", "role_en", "body_id", "body", "status",
                    "start", "end", "after", "before", "evidence", "article", "article_title", "article_date",
                    "mentions"],
    "clusters.csv": ["cluster_id", "cluster", "body_id", "body", "role", "evidence", "article", "article_date",
                     "mentions"],
    "events.csv": ["id", "name", "kind", "start_date", "location", "organizer_ids", "organizers", "attendees",
                   "evidence", "article", "article_title", "article_date"],
    "attendance.csv": ["event_id", "event", "person_id", "person", "capacity", "evidence", "article",
                       "article_date"],
    "suborganizations.csv": ["child_id", "child", "parent_id", "parent"],
}


def _first(evidence) -> dict[str, str]:
    if not evidence:
        return {"evidence": "", "article": "", "article_title": "", "article_date": "", "mentions": 0}
    ev = evidence[0]
    a = ev.article
    return {"evidence": ev.sentence, "article": a.link if a else "", "article_title": a.title if a else "",
            "article_date": a.date if a else "", "mentions": len(evidence)}


def rows(facts: Facts) -> dict[str, list[dict]]:
    """Each table as a list of rows (column -> value)."""
    lab = facts.label
    n_offices: dict[str, int] = {}
    for o in facts.offices:
        n_offices[o.person] = n_offices.get(o.person, 0) + 1
    n_events: dict[str, int] = {}
    for a in facts.attendance:
        n_events[a.person] = n_events.get(a.person, 0) + 1

    out: dict[str, list[dict]] = {name: [] for name in TABLES}
    for p in facts.persons.values():
        out["persons.csv"].append({"id": p.iri, "name": p.name, "other_names": SEP.join(p.other_names),
                                   "honorific_prefix": SEP.join(p.honorifics), "offices": n_offices.get(p.iri, 0),
                                   "events": n_events.get(p.iri, 0)})
    for b in facts.bodies.values():
        out["bodies.csv"].append({"id": b.iri, "name": b.name, "name_en": b.name_en,
                                  "other_names": SEP.join(b.other_names), "type": b.type, "kind": b.kind,
                                  "parent_ids": SEP.join(b.parents), "parents": SEP.join(lab(x) for x in b.parents)})
    for o in facts.offices:
        role = facts.roles.get(o.role)
        out["offices.csv"].append({"id": o.iri, "person_id": o.person, "person": lab(o.person),
                                   "role_id": o.role or "", "role": lab(o.role),
                                   "role_en": role.name_en if role else "",
                                   "body_id": o.body or "", "body": lab(o.body), "status": o.status,
                                   "start": o.start, "end": o.end, "after": o.after, "before": o.before,
                                   **_first(o.evidence)})
    for c in facts.clusters:
        first = _first(c.evidence)
        out["clusters.csv"].append({"cluster_id": c.cluster, "cluster": lab(c.cluster), "body_id": c.body,
                                    "body": lab(c.body), "role": c.role, "evidence": first["evidence"],
                                    "article": first["article"], "article_date": first["article_date"],
                                    "mentions": first["mentions"]})
    for e in facts.events.values():
        first = _first(e.evidence)
        out["events.csv"].append({"id": e.iri, "name": e.name, "kind": e.kind, "start_date": e.date,
                                  "location": e.location, "organizer_ids": SEP.join(e.organizers),
                                  "organizers": SEP.join(lab(x) for x in e.organizers), "attendees": len(e.attendees),
                                  **{k: first[k] for k in ("evidence", "article", "article_title", "article_date")}})
    for a in facts.attendance:
        first = _first(a.evidence)
        out["attendance.csv"].append({"event_id": a.event, "event": lab(a.event), "person_id": a.person,
                                      "person": lab(a.person), "capacity": SEP.join(a.capacities),
                                      **{k: first[k] for k in ("evidence", "article", "article_date")}})
    for child, parent in facts.suborganizations:
        out["suborganizations.csv"].append({"child_id": child, "child": lab(child), "parent_id": parent,
                                            "parent": lab(parent)})
    return out


def write(store, folder: Path, fmt: str = "csv") -> dict[str, int]:
    tables = rows(load(store))
    counts = {}
    for name, columns in TABLES.items():
        with open(Path(folder) / name, "w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            w.writeheader()
            w.writerows(tables[name])
        counts[name.removesuffix(".csv")] = len(tables[name])
    return counts
