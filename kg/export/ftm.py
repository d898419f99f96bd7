"""FollowTheMoney entities, one JSON object a line: ``{"id", "schema", "properties": {name: [values]}}``.

The schemata and properties are FollowTheMoney's own (followthemoney/schema/*.yaml):

- ``Person``: name, alias, title (ranks and academic titles), position (offices held now);
- ``PublicBody`` for state, party and other public bodies, ``Organization`` for emulation clusters:
  name, alias, classification, country, parent (the body it is part of);
- ``Position`` (a post: a role in a body): name, organization, country;
- ``Occupancy`` (a person in a post): holder, post, status, startDate, endDate, summary (the evidence
  sentence), sourceUrl;
- ``Membership`` (a body's place in an emulation cluster): member, organization, role, summary, sourceUrl;
- ``Event``: name, date, startDate, location, organizer, involved (attendees), summary, sourceUrl.

Ids are FollowTheMoney-style: ``vnkg-`` and a SHA-1 of the store IRI, stable across exports. Only dates
FollowTheMoney can read (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``) are kept: ``--08-04`` has no year.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .facts import Evidence, Facts, load

COUNTRY = "vn"
_DATE = re.compile(r"^[0-9]{4}(-[0-9]{2}){0,2}$")


def make_id(*parts: str) -> str:
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()
    return f"vnkg-{digest}"


def _date(text: str) -> list[str]:
    text = (text or "")[:10]
    return [text] if _DATE.match(text) else []


def _urls(evidence: list[Evidence]) -> list[str]:
    return sorted({ev.article.url for ev in evidence
                   if ev.article and ev.article.url.startswith(("http://", "https://"))})


def _summary(evidence: list[Evidence]) -> list[str]:
    return [evidence[0].sentence] if evidence and evidence[0].sentence else []


def _entity(eid: str, schema: str, **props) -> dict:
    clean = {}
    for k, v in props.items():
        values = [x for x in (v if isinstance(v, (list, tuple)) else [v]) if x]
        if values:
            clean[k] = list(dict.fromkeys(values))
    return {"id": eid, "schema": schema, "properties": clean}


def entities(facts: Facts):
    """Yield FollowTheMoney entities as dicts: persons, bodies, posts, occupancies, memberships, events."""
    lab = facts.label
    ids = {iri: make_id(iri) for iri in [*facts.persons, *facts.bodies]}

    def ref(iri):
        if iri not in ids:
            ids[iri] = make_id(iri)
        return ids[iri]

    current: dict[str, list[str]] = {}
    for o in facts.offices:
        if o.status == "current":
            current.setdefault(o.person, []).append(f"{lab(o.role)} {lab(o.body)}".strip())

    for p in facts.persons.values():
        yield _entity(ref(p.iri), "Person", name=p.name, alias=p.other_names, title=p.honorifics,
                      position=sorted(set(current.get(p.iri, []))), country=COUNTRY)

    emitted = set()
    for b in facts.bodies.values():
        emitted.add(b.iri)
        yield _entity(ref(b.iri), "Organization" if b.type == "cluster" else "PublicBody",
                      name=b.name or b.iri, alias=[*b.other_names, b.name_en], classification=b.kind,
                      country=COUNTRY, parent=[ref(x) for x in b.parents])
    for o in facts.offices:  # a body known only through an office
        if o.body and o.body not in emitted:
            emitted.add(o.body)
            yield _entity(ref(o.body), "PublicBody", name=lab(o.body) or o.body, country=COUNTRY)

    posts = set()
    for o in facts.offices:
        post = make_id("post", o.role or "", o.body or "")
        if post not in posts:
            posts.add(post)
            role = facts.roles.get(o.role)
            yield _entity(post, "Position", name=f"{lab(o.role)} {lab(o.body)}".strip() or o.iri,
                          alias=[f"{role.name_en}, {lab(o.body)}" if o.body else role.name_en]
                          if role and role.name_en else [],
                          organization=ref(o.body) if o.body else None, country=COUNTRY)
        yield _entity(make_id(o.iri), "Occupancy", holder=ref(o.person), post=post, status=o.status,
                      startDate=_date(o.start), endDate=_date(o.end), summary=_summary(o.evidence),
                      sourceUrl=_urls(o.evidence))

    for c in facts.clusters:
        yield _entity(make_id(c.iri or f"{c.body}@{c.cluster}"), "Membership", member=ref(c.body),
                      organization=ref(c.cluster), role=c.role, summary=_summary(c.evidence),
                      sourceUrl=_urls(c.evidence))

    for e in facts.events.values():
        date = _date(e.date)
        yield _entity(make_id(e.iri), "Event", name=e.name or e.iri, date=date, startDate=date,
                      location=e.location, organizer=[ref(x) for x in e.organizers],
                      involved=[ref(x) for x in e.attendees], summary=_summary(e.evidence),
                      sourceUrl=_urls(e.evidence), country=COUNTRY)


def write(store, path: Path, fmt: str = "ftm") -> dict[str, int]:
    counts: dict[str, int] = {}
    with open(path, "w", encoding="utf-8") as f:
        for ent in entities(load(store)):
            f.write(json.dumps(ent, ensure_ascii=False, sort_keys=True) + "\n")
            counts[ent["schema"]] = counts.get(ent["schema"], 0) + 1
    return dict(sorted(counts.items()))
