"""data/lexicon/admin_units.tsv: Vietnam's provinces before and after the 2025 merger, and the pre-2025 districts."""
import csv
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

TSV = Path(__file__).resolve().parents[1] / "data" / "lexicon" / "admin_units.tsv"
COLUMNS = ["name", "type_vi", "type_en", "level", "parent", "era", "merged_into"]


@pytest.fixture(scope="module")
def rows() -> list[dict]:
    with open(TSV, encoding="utf-8", newline="") as f:
        lines = [line for line in f if not line.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    assert reader.fieldnames == COLUMNS
    return list(reader)


def provinces(rows, era):
    return {r["name"]: r for r in rows if r["level"] == "province" and r["era"] in (era, "both")}


def unit(rows, name, level):
    found = [r for r in rows if r["name"] == name and r["level"] == level]
    assert len(found) == 1, (name, found)
    return found[0]


def test_file_is_small_and_documented():
    assert TSV.stat().st_size < 1_000_000
    assert TSV.read_text(encoding="utf-8").startswith("# ")


def test_province_counts(rows):
    assert len(provinces(rows, "pre2025")) == 63
    assert len(provinces(rows, "post2025")) == 34


def test_district_counts(rows):
    districts = [r for r in rows if r["level"] == "district"]
    assert 690 <= len(districts) <= 720
    assert {r["era"] for r in districts} == {"pre2025"}  # district-level units were abolished on 1 July 2025
    pre = provinces(rows, "pre2025")
    assert all(r["parent"] in pre for r in districts)
    assert len({r["parent"] for r in districts}) == 63


def test_merged_provinces(rows):
    assert unit(rows, "Quảng Nam", "province")["merged_into"] == "Đà Nẵng"
    assert unit(rows, "Sóc Trăng", "province")["merged_into"] == "Cần Thơ"
    assert unit(rows, "Hà Giang", "province")["merged_into"] == "Tuyên Quang"
    assert unit(rows, "Thừa Thiên Huế", "province")["merged_into"] == "Huế"
    assert unit(rows, "Bà Rịa - Vũng Tàu", "province")["merged_into"] == "Hồ Chí Minh"
    hn = unit(rows, "Hà Nội", "province")
    assert (hn["era"], hn["merged_into"], hn["type_vi"]) == ("both", "", "thành phố")
    assert unit(rows, "Huế", "province")["era"] == "post2025"


def test_every_old_province_has_a_successor(rows):
    new = provinces(rows, "post2025")
    for r in provinces(rows, "pre2025").values():
        successor = r["merged_into"] or r["name"]
        assert successor in new, r
    # the merged ones are exactly the pre2025-only rows
    assert all(r["merged_into"] for r in rows if r["level"] == "province" and r["era"] == "pre2025")
    # 63 provinces went into 34: every new province took in 0, 1 or 2 old ones besides itself
    merged = Counter(r["merged_into"] for r in rows if r["merged_into"])
    assert sum(merged.values()) == 63 - 33 and max(merged.values()) == 2


def test_known_districts(rows):
    hd = unit(rows, "Hiệp Đức", "district")
    assert (hd["parent"], hd["type_vi"], hd["type_en"]) == ("Quảng Nam", "huyện", "district")
    ba_dinh = unit(rows, "Ba Đình", "district")
    assert (ba_dinh["parent"], ba_dinh["type_vi"]) == ("Hà Nội", "quận")
    tam_ky = unit(rows, "Tam Kỳ", "district")
    assert tam_ky["type_vi"] == "thành phố thuộc tỉnh"


def test_types(rows):
    by_level = {(r["level"], r["type_vi"], r["type_en"]) for r in rows}
    assert by_level == {
        ("province", "tỉnh", "province"), ("province", "thành phố", "city"),
        ("district", "huyện", "district"), ("district", "quận", "urban district"),
        ("district", "thị xã", "town"), ("district", "thành phố thuộc tỉnh", "provincial city"),
    }


def test_text_is_nfc_and_trimmed(rows):
    for r in rows:
        for value in r.values():
            assert unicodedata.is_normalized("NFC", value), r
            assert value == value.strip() and "  " not in value, r


def test_one_tone_placement(rows):
    # "Hòa", "Thủy": the sources mixed in "Hoà", "Thuỷ"; the generator puts every one on the first vowel
    names = {r["name"] for r in rows}
    assert "Hòa Bình" in names and "Hoà Bình" not in names
    new_style = re.compile(r"(?i)(o[àáảãạèéẻẽẹ]|(?<!q)u[ỳýỷỹỵ])(?!\w)")  # a mark on the last vowel of the syllable
    assert not [n for n in names if new_style.search(n)]
    assert new_style.search("Hoà Bình") and not new_style.search("Hoàng Su Phì")
    assert "Quỳ Châu" in names  # qu- is a consonant: its y keeps the mark


def test_no_duplicates(rows):
    keys = Counter((r["name"], r["type_vi"], r["level"], r["parent"], r["era"]) for r in rows)
    assert not [k for k, n in keys.items() if n > 1]


def test_no_bare_number_names(rows):
    # "Quận 1": the number alone would match any "1" in a text
    assert not [r for r in rows if r["name"].isdigit()]
    q1 = unit(rows, "Quận 1", "district")
    assert (q1["parent"], q1["type_vi"]) == ("Hồ Chí Minh", "quận")
