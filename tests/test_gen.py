"""The synthetic article generator (bench/gen.py): deterministic, genre-shaped, truthful about its facts."""
import csv
import importlib.util
import json
import re
import statistics
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
gen = importlib.util.module_from_spec(_spec)
sys.modules["bench_gen"] = gen  # dataclasses look their module up while the file runs
_spec.loader.exec_module(gen)

TEASER = re.compile(r"^(Đọc thêm|Xem thêm|Tin liên quan)$", re.M)


@pytest.fixture(scope="module")
def articles():
    return list(gen.Generator(7).take(300))


def test_same_seed_same_articles():
    a = [x.text for x in gen.Generator(7).take(15)]
    b = [x.text for x in gen.Generator(7).take(15)]
    assert a == b
    assert a != [x.text for x in gen.Generator(8).take(15)]


def test_an_article_depends_only_on_seed_and_index():
    g = gen.Generator(7)
    assert g.article(9).text == list(gen.Generator(7).take(10))[9].text
    assert g.article(9).truth == gen.Generator(7).article(9).truth


def test_articles_are_about_2_5_kb(articles):
    sizes = [len(a.text.encode("utf-8")) for a in articles]
    assert 2200 <= statistics.mean(sizes) <= 2800
    assert min(sizes) > 1000


def test_text_is_nfc(articles):
    for a in articles:
        assert unicodedata.normalize("NFC", a.text) == a.text
        assert unicodedata.normalize("NFC", a.title) == a.title
        assert "{" not in a.text and "}" not in a.text  # no template field left unfilled


def test_every_article_has_an_attendee_list(articles):
    cue = re.compile(r"(Dự|dự|tham dự|có sự tham dự của|khách mời)[^\n]*;")
    for a in articles:
        assert cue.search(a.text), a.id
        main = a.truth["events"][0]
        assert len(main["attendees"]) >= 2
        for name in main["attendees"]:
            assert name in a.text


def test_some_articles_have_a_cluster_paragraph(articles):
    with_cluster = [a for a in articles if a.truth["clusters"]]
    assert 0.1 * len(articles) < len(with_cluster) < len(articles)
    heads = re.compile(r"(Khối|Cụm) (trưởng|phó)")
    assert sum(bool(heads.search(a.text)) for a in with_cluster) > len(with_cluster) // 2
    for a in with_cluster:
        assert re.search(r"(Khối|Cụm) thi đua", a.text)


def test_some_articles_have_a_teaser_block(articles):
    with_teasers = [a for a in articles if TEASER.search(a.text)]
    assert 0.05 * len(articles) < len(with_teasers) < len(articles) / 2
    for a in with_teasers:
        assert len(a.truth["events"]) >= 3  # the article's own event and at least two teased ones


def test_genre_shapes_occur(articles):
    text = "\n".join(a.text for a in articles)
    assert re.search(r"^(.+Ảnh.+)\n\1$", text, re.M)  # a photo caption repeated, with its credit
    assert "(PLVN) - " in text
    assert re.search(r"\bnguyên (Thứ trưởng|Phó|Chủ tịch|Bộ trưởng|Giám đốc|Trưởng)", text)
    assert re.search(r"\b(UBND|HĐND|BCH TW|TĐKT|VKSND)\b", text)
    assert re.search(r"(ông|bà) [A-ZĐ]\w+ - ", text)  # dash apposition
    assert "Về phía " in text
    for a in articles:  # back-references use a person's last two syllables
        for p in a.truth["persons"]:
            for alias in p["aliases"]:
                assert p["name"].endswith(alias)


def test_truth_is_consistent(articles):
    for a in articles:
        t = a.truth
        names = {p["name"] for p in t["persons"]}
        orgs = {o["name"] for o in t["organizations"]}
        for p in t["persons"]:
            assert p["name"] in a.text
        for pos in t["positions"]:
            assert pos["person"] in names and pos["org"] in orgs
            assert pos["status"] in ("current", "former")
        for c in t["clusters"]:
            assert c["cluster"] in orgs and c["role"] in ("member", "head", "deputy-head")
        for e in t["events"]:
            assert set(e["attendees"]) <= names
            assert e["date"] is None or re.fullmatch(r"\d{4}-\d{2}(-\d{2})?|--\d{2}-\d{2}", e["date"])


def test_a_person_keeps_name_and_office_across_articles(articles):
    offices = {}
    for a in articles:
        for pos in a.truth["positions"]:
            if pos["status"] == "current":
                offices.setdefault(pos["person"], set()).add((pos["role"], pos["org"]))
    world = gen.Generator(7).world
    held = {o.name: {(p.role, p.body) for p in [o.main, *o.extras]} | {("Ủy viên", "Ban Chấp hành Trung ương Đảng")}
            for o in world.officials}
    for person, stated in offices.items():
        assert stated <= held[person], person
    repeated = [p for p in offices if sum(p in a.text for a in articles) > 1]
    assert len(repeated) > 50  # articles share persons, so their graphs connect


def test_photo_credits_are_not_persons(articles):
    for a in articles:
        names = {p["name"] for p in a.truth["persons"]}
        for credit in re.findall(r"Ảnh:? (?:VGP/)?([^\n)]+)", a.text):
            assert credit.strip() not in names


def test_abbreviations_are_in_the_lexicon():
    with open(ROOT / "data" / "lexicon" / "abbreviations.tsv", encoding="utf-8") as f:
        known = {r["abbr"] for r in csv.DictReader((ln for ln in f if not ln.startswith("#")), delimiter="\t")}
    patterns = yaml.safe_load((ROOT / "bench" / "patterns.yaml").read_text(encoding="utf-8"))
    for forms in patterns["abbreviate"].values():
        for form in forms:
            for token in form.split():
                if token.isupper():
                    assert token in known, token


def test_cluster_members_exist_in_the_world():
    world = gen.Generator(1).world
    for c in world.clusters:
        for m in c["members"]:
            assert m in world.bodies or m in world.by_province, m


def test_command_line_writes_txt_jsonl_truth_and_gold(tmp_path):
    out, jl, tr = tmp_path / "a", tmp_path / "a.jsonl", tmp_path / "t.jsonl"
    assert gen.main(["--n", "4", "--seed", "3", "--out", str(out), "--jsonl", str(jl), "--truth", str(tr),
                     "--gold"]) == 0
    txts = sorted(out.glob("*.txt"))
    assert len(txts) == 4 and len(list(out.glob("*.gold.json"))) == 4
    rows = [json.loads(ln) for ln in jl.read_text(encoding="utf-8").splitlines()]
    assert [set(r) for r in rows] == [{"id", "title", "date", "text"}] * 4
    assert rows[0]["text"] == txts[0].read_bytes().decode("utf-8")  # strict UTF-8
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", rows[0]["date"])
    truths = [json.loads(ln) for ln in tr.read_text(encoding="utf-8").splitlines()]
    assert [t["id"] for t in truths] == [r["id"] for r in rows]
    gold = json.loads((out / f"{rows[0]['id']}.gold.json").read_text(encoding="utf-8"))
    assert gold["persons"] and gold["events"][0]["id"] == "e1"
