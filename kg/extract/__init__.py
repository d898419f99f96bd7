"""The extractor: an article's text to plain records, in pure stages.

decode (bytes -> Article) -> normalise -> segment -> recognise -> attach -> events/clusters -> Extraction.
"""
from __future__ import annotations

from ..lexicon import Lexicon
from ..model import Article, Extraction
from .attach import Attacher
from .events import clusters, events
from .normalise import normalise
from .segment import segment


def extract(article: Article, lx: Lexicon | None = None) -> Extraction:
    lx = lx or Lexicon.default()
    doc = segment(normalise(article.text), lx, article.title)
    att = Attacher(doc, article.text, lx).run()
    ex = Extraction(article)
    ex.clusters = clusters(att)
    ex.events = events(att)
    ex.suborganizations = list({(s.child, s.parent): s for s in att.subs if s.child != s.parent}.values())
    for name in [c.body for c in ex.clusters] + [s.parent for s in ex.suborganizations]:
        att._body(name, "other", None)  # every body a fact names is in the graph, typed and labelled
    ex.persons = att.persons
    ex.bodies = att.bodies
    ex.offices = _offices(att.offices)
    return ex


def _offices(offices):
    """One office per (person, role, body); a bare title of someone who holds it in a named body is a
    back-reference ("Thứ trưởng Nguyễn Thanh Tịnh" after "Thứ trưởng Bộ Tư pháp Nguyễn Thanh Tịnh")."""
    seen, out = set(), []
    with_body = {(o.person, o.role) for o in offices if o.body}
    for o in offices:
        key = (o.person, o.role, o.body)
        if key in seen or o.body is None and (o.person, o.role) in with_body:
            continue
        seen.add(key)
        out.append(o)
    return out
