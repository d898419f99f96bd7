"""Compare an extraction with gold facts in the development corpus's format (names matched through aliases)."""
from kg.lexicon import fold


def office_diffs(gold: dict, ex) -> tuple[list, list]:
    """(gold offices not found, found offices not in gold); an office is (person, role, body, status)."""
    forms = {}
    for p in gold["persons"]:
        forms[p["name"]] = {fold(p["name"])} | {fold(a) for a in p["aliases"]}
    for o in gold["organizations"]:
        forms[o["name"]] = {fold(o["name"])} | {fold(a) for a in o["aliases"]}

    def gold_forms(name):
        return forms.get(name, {fold(name)}) if name else {None}

    def person_forms(name):
        return {fold(name)} | {fold(a) for a in ex.persons[name].aliases}

    def body_forms(name):
        return {None} if name is None else {fold(name)} | {fold(a) for a in ex.bodies[name].aliases}

    found = {(o.person, fold(o.role), o.body, o.status) for o in ex.offices}

    def matches(g, f):
        return bool(gold_forms(g["person"]) & person_forms(f[0]) and fold(g["role"]) == f[1]
                    and gold_forms(g.get("org")) & body_forms(f[2])
                    and ("ended" if g["status"] in ("former", "ended") else "current") == f[3])

    missing = [g for g in gold["positions"] if not any(matches(g, f) for f in found)]
    extra = [f for f in found if not any(matches(g, f) for g in gold["positions"])]
    return missing, extra


def attendee_forms(gold: dict, name: str) -> set:
    for p in gold["persons"]:
        if p["name"] == name:
            return {fold(name)} | {fold(a) for a in p["aliases"]}
    return {fold(name)}
