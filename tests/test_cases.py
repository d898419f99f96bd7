"""Golden cases: short articles written for these tests (tests/cases) and the seed article (tests/gold), with
their gold facts in the development corpus's format. Every stated office is found, with its status, and
nothing else; the main event's attendees are found."""
import json
from pathlib import Path

import pytest

from kg.extract import extract
from kg.lexicon import fold
from kg.model import Article

HERE = Path(__file__).parent
CASES = sorted((HERE / "cases").glob("*.gold.json")) + sorted((HERE / "gold").glob("*.gold.json"))


def _names(gold):
    forms = {}
    for p in gold["persons"]:
        forms[p["name"]] = {fold(p["name"])} | {fold(a) for a in p["aliases"]}
    for o in gold["organizations"]:
        forms[o["name"]] = {fold(o["name"])} | {fold(a) for a in o["aliases"]}
    return lambda n: forms.get(n, {fold(n)}) if n else {None}


@pytest.mark.parametrize("path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_case(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    ex = extract(Article(path.name, text))
    forms = _names(gold)

    def person_forms(name):
        return {fold(name)} | {fold(a) for a in ex.persons[name].aliases}

    def body_forms(name):
        return {None} if name is None else {fold(name)} | {fold(a) for a in ex.bodies[name].aliases}

    found = {(o.person, fold(o.role), o.body, o.status) for o in ex.offices}

    def matches(g, f):
        return bool(forms(g["person"]) & person_forms(f[0]) and fold(g["role"]) == f[1]
                    and forms(g["org"]) & body_forms(f[2])
                    and ("ended" if g["status"] == "former" else "current") == f[3])

    missing = [g for g in gold["positions"] if not any(matches(g, f) for f in found)]
    extra = [f for f in found if not any(matches(g, f) for g in gold["positions"])]
    assert not missing and not extra, f"missing {missing}\nextra {extra}"
    main = gold["events"][0]
    attendees = {fold(a.person) for e in ex.events[:1] for a in e.attendees}
    assert all(forms(a) & attendees for a in main["attendees"])
