"""Popolo JSON: one document with persons, organizations, posts, memberships and events.

Follows the Popolo data specification's JSON serialisation (snake_case properties, ``*_id`` references,
``sources`` as links). The store's IRIs are the ids, so a Popolo document and the RDF join on them.

- persons: ``name``, ``other_names``, ``honorific_prefix``;
- organizations: every body and emulation cluster, ``classification`` (the body's kind), ``parent_id``;
- posts: one per (role, body) pair, labelled as Vietnamese writes it (role then body);
- memberships: offices held by persons (``person_id``, ``post_id``, ``role``, dates) and bodies' places in
  emulation clusters (``member`` an organization, ``role`` member / head / deputy head). Popolo has no
  place for an office's status, so each membership carries ``"status"``: current, ended (an office
  known to be over, "nguyên", often with no known end date) or unknown; an extension field, since
  ``end_date`` is never invented;
- events: ``start_date`` when it is a full or partial date with a year (Popolo's pattern), the
  organiser as ``organization_id`` and attendees as person references.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from .facts import Evidence, Facts, load

_POPOLO_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")


def _date(text: str) -> str | None:
    """A date in Popolo's pattern (YYYY, YYYY-MM, YYYY-MM-DD), else None (``--08-04`` has no year)."""
    text = (text or "")[:10]
    return text if _POPOLO_DATE.match(text) else None


def _sources(evidence: list[Evidence]) -> list[dict]:
    out, seen = [], set()
    for ev in evidence:
        a = ev.article
        url = a.url or a.iri if a else ""
        if not url or (url, ev.sentence) in seen:
            continue
        seen.add((url, ev.sentence))
        note = ev.sentence
        if a and a.title:
            note = f"{a.title}: {note}" if note else a.title
        out.append({"url": url, "note": note} if note else {"url": url})
    return out


def _drop_empty(d: dict) -> dict:
    return {k: v for k, v in d.items() if v not in (None, "", [], {})}


def post_id(role: str | None, body: str | None) -> str:
    return f"{role or ''}@{body or ''}"


def document(facts: Facts) -> dict:
    lab = facts.label
    persons = [_drop_empty({
        "id": p.iri,
        "name": p.name,
        "other_names": [{"name": n} for n in p.other_names],
        "honorific_prefix": "; ".join(p.honorifics),
    }) for p in facts.persons.values()]

    organizations = []
    for b in facts.bodies.values():
        other = [{"name": n} for n in b.other_names]
        if b.name_en:
            other.append({"name": b.name_en, "note": "English"})
        classification = "emulation cluster" if b.type == "cluster" else b.kind
        organizations.append(_drop_empty({
            "id": b.iri, "name": b.name, "other_names": other, "classification": classification,
            "parent_id": b.parents[0] if b.parents else None,
        }))
    known = {o["id"] for o in organizations}
    for o in facts.offices:  # a body named only through an office still needs its record
        if o.body and o.body not in known:
            organizations.append(_drop_empty({"id": o.body, "name": lab(o.body)}))
            known.add(o.body)

    posts, memberships = {}, []
    for o in facts.offices:
        role_name = lab(o.role)
        pid = None
        if o.body and o.role:
            pid = post_id(o.role, o.body)
            role = facts.roles.get(o.role)
            posts.setdefault(pid, _drop_empty({
                "id": pid, "label": f"{role_name} {lab(o.body)}".strip(), "role": role_name,
                "organization_id": o.body,
                "other_label": [{"name": role.name_en, "note": "English role"}] if role and role.name_en else None,
            }))
        end = _date(o.end)
        memberships.append(_drop_empty({
            "id": o.iri,
            "person_id": o.person,
            "organization_id": o.body,
            "post_id": pid,
            "role": role_name,
            "label": f"{role_name} {lab(o.body)}".strip() if o.body else role_name,
            "start_date": _date(o.start),
            "end_date": end,
            "status": o.status,
            "sources": _sources(o.evidence),
        }))
    for c in facts.clusters:
        memberships.append(_drop_empty({
            "id": c.iri or f"{c.body}@{c.cluster}",
            "member": {"@type": "Organization", "id": c.body},
            "organization_id": c.cluster,
            "role": c.role,
            "sources": _sources(c.evidence),
        }))

    events = []
    for e in facts.events.values():
        events.append(_drop_empty({
            "id": e.iri, "name": e.name, "classification": e.kind, "start_date": _date(e.date),
            "location": e.location,
            "organization_id": e.organizers[0] if e.organizers else None,
            "attendees": [{"id": p, "name": lab(p)} for p in e.attendees],
            "sources": _sources(e.evidence),
        }))
    return {"persons": persons, "organizations": organizations, "posts": list(posts.values()),
            "memberships": memberships, "events": events}


def write(store, path: Path, fmt: str = "popolo") -> dict[str, int]:
    doc = document(load(store))
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return {k: len(v) for k, v in doc.items()}
