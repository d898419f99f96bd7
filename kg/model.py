"""The small typed records that flow through the pipeline.

An ``Article`` is decoded input; ``extract`` turns it into an ``Extraction`` (plain records, no RDF);
``emit`` turns that into one rdflib graph. Offsets are code points of ``Article.text``, the decoded text
before normalisation.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Article:
    source: str  # a stable key: the file's path, or the .jsonl line's id / url
    text: str  # the decoded text, before normalisation
    title: str | None = None
    url: str | None = None
    date: str | None = None  # ISO date of publication, when known
    fmt: str = "txt"  # txt | html | jsonl

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Evidence:
    """The sentence a fact was read from, with its offsets in the original text."""

    text: str
    start: int
    end: int


@dataclass
class Person:
    name: str
    aliases: set[str] = field(default_factory=set)
    ranks: set[str] = field(default_factory=set)  # Thượng tướng, PGS.TS ...
    gender: str | None = None  # "m" / "f" from ông / bà
    foreign: bool = False


@dataclass
class Body:
    name: str  # canonical, abbreviations expanded
    aliases: set[str] = field(default_factory=set)
    kind: str = "other"  # party | state | military | police | court | procuracy | council | local | cluster ...
    label_en: str | None = None


@dataclass(frozen=True)
class Office:
    person: str
    role: str  # "Phó Chủ tịch Thường trực"
    body: str | None  # canonical body name; None when the text names none
    status: str  # current | ended | unknown
    evidence: Evidence
    role_en: str | None = None


@dataclass(frozen=True)
class SubOrganization:
    child: str
    parent: str
    evidence: Evidence


@dataclass(frozen=True)
class ClusterMembership:
    body: str
    cluster: str
    role: str  # member | head | deputy-head
    evidence: Evidence


@dataclass(frozen=True)
class Attendance:
    person: str
    capacity: str | None  # chair, speaker ... (None: attended)
    evidence: Evidence


@dataclass
class Event:
    key: str  # stable within the article: "e1", "e2" ...
    name: str
    kind: str  # meeting | conference | visit | signing | ceremony | training | inspection | other
    date: str | None  # 2024-06-21, 2024-06, --08-04
    location: str | None
    evidence: Evidence
    organizers: list[str] = field(default_factory=list)
    attendees: list[Attendance] = field(default_factory=list)


@dataclass
class Extraction:
    article: Article
    persons: dict[str, Person] = field(default_factory=dict)
    bodies: dict[str, Body] = field(default_factory=dict)
    offices: list[Office] = field(default_factory=list)
    suborganizations: list[SubOrganization] = field(default_factory=list)
    clusters: list[ClusterMembership] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
