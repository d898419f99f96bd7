"""Golden cases: short articles written for these tests (tests/cases) and the seed article (tests/gold), with
their gold facts in the development corpus's format. Every stated office is found, with its status, and
nothing else; the main event's attendees are found."""
import json
from pathlib import Path

import pytest

from kg.extract import extract
from kg.lexicon import fold
from kg.model import Article
from tests.goldcheck import attendee_forms, office_diffs

HERE = Path(__file__).parent
CASES = sorted((HERE / "cases").glob("*.gold.json")) + sorted((HERE / "gold").glob("*.gold.json"))


@pytest.mark.parametrize("path", CASES, ids=[p.name.split(".")[0] for p in CASES])
def test_case(path):
    gold = json.loads(path.read_text(encoding="utf-8"))
    text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    ex = extract(Article(path.name, text))
    missing, extra = office_diffs(gold, ex)
    assert not missing and not extra, f"missing {missing}\nextra {extra}"
    attendees = {fold(a.person) for e in ex.events[:1] for a in e.attendees}
    assert all(attendee_forms(gold, a) & attendees for a in gold["events"][0]["attendees"])
