"""kg build and kg extract: incremental ingest into the embedded store, RDF files, clean errors."""
import json
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import rdflib
from click.testing import CliRunner

from kg.build import build
from kg.cli import cli
from kg.store import Store

SEED = "Dự hội nghị có Thượng tướng Lê Văn Hòa, Thứ trưởng Bộ Công an; Thứ trưởng Bộ Tư pháp Đặng Văn Khoa.\n"


def _article_quads(st):
    return {str(q) for q in st.quads() if not q.graph_name.value.endswith("/meta")}


def test_build_is_idempotent_and_incremental(tmp_path):
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text("Tin một\n\n" + SEED, encoding="utf-8")
    (src / "b.jsonl").write_text(json.dumps({"id": "b1", "text": "Tin hai\n\nÔng Phạm Văn Nam, Giám đốc Sở Tư pháp, dự."},
                                            ensure_ascii=False) + "\n", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF")
    with Store(tmp_path / "store") as st:
        rep = build([src], st, derive=False)
        assert (rep.articles, rep.added, rep.skipped_files) == (2, 2, 1)
        first = _article_quads(st)
        rep = build([src], st, derive=False)
        assert (rep.unchanged, rep.added, rep.changed) == (2, 0, 0)
        assert _article_quads(st) == first  # the same quads outside /meta
        # a changed article replaces its own graph; a new one adds its graph
        (src / "a.txt").write_text("Tin một\n\nDự hội nghị có Thứ trưởng Bộ Tư pháp Đặng Văn Khoa.\n", encoding="utf-8")
        (src / "c.txt").write_text("Tin ba\n\nBà Lý Thị Mai, Phó Chủ tịch UBND tỉnh Nghệ An, phát biểu.\n", encoding="utf-8")
        rep = build([src], st, derive=False)
        assert (rep.changed, rep.added, rep.unchanged) == (1, 1, 1)
        names = {r["n"].value for r in st.select(
            "SELECT ?n WHERE { ?p a <http://xmlns.com/foaf/0.1/Person> ; <http://xmlns.com/foaf/0.1/name> ?n }")}
        assert names == {"Đặng Văn Khoa", "Phạm Văn Nam", "Lý Thị Mai"}  # Lê Văn Hòa left with the old text
        assert len([g for g in st.named_graphs() if "/graph/" in g]) == 3


def test_bad_jsonl_is_a_clear_error_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok"}\n{"title": "no text"}\n', encoding="utf-8")
    res = CliRunner().invoke(cli, ["extract", str(bad), "-o", str(tmp_path / "out.ttl")])
    assert res.exit_code == 1 and "line 2" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "out.ttl").exists()


def test_extract_formats_follow_the_extension(tmp_path):
    art = tmp_path / "a.txt"
    art.write_text("Tin\n\n" + SEED, encoding="utf-8")
    for ext, fmt in ((".ttl", "turtle"), (".trig", "trig"), (".nq", "nquads"), (".nt", "nt"), (".jsonld", "json-ld")):
        out = tmp_path / f"out{ext}"
        res = CliRunner().invoke(cli, ["extract", str(art), "-o", str(out)])
        assert res.exit_code == 0, res.output
        ds = rdflib.Dataset()
        ds.parse(out, format=fmt)
        names = {str(o) for _, p, o, _ in ds.quads((None, rdflib.URIRef("http://xmlns.com/foaf/0.1/name"), None, None))}
        assert names == {"Lê Văn Hòa", "Đặng Văn Khoa"}, ext
    assert "@context" in (tmp_path / "out.jsonld").read_text() and "http" not in json.loads(
        (tmp_path / "out.jsonld").read_text()).get("@context", {}).__class__.__name__


def test_utf16_and_legacy_encodings_decode(tmp_path):
    from kg.extract.decode import decode

    text = "Thứ trưởng Bộ Tư pháp Đặng Văn Khoa"
    assert decode(text.encode("utf-16"), "a.txt")[0].text == text
    assert decode(text.encode("utf-8-sig"), "a.txt")[0].text == text
    legacy = _cp1258(text + ", Ủy ban nhân dân tỉnh Hà Tĩnh")
    assert unicodedata.normalize("NFC", decode(legacy, "a.txt")[0].text).startswith(text)


def test_help_answers_at_once():
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "kg.cli", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "build" in out.stdout
    mods = subprocess.run([sys.executable, "-c", "import kg.cli, sys; print(' '.join(sys.modules))"],
                          capture_output=True, text=True).stdout.split()
    assert not {"rdflib", "pyoxigraph", "networkx", "pyvis"} & set(mods)
    assert time.perf_counter() - t < 30  # sanity only; the import check above is the real assertion


def _cp1258(text: str) -> bytes:
    """Windows-1258 as Vietnamese pages use it: base letters precomposed, tone marks combining."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            d = unicodedata.normalize("NFD", ch)
            tones = [c for c in d if c in "\u0300\u0301\u0303\u0309\u0323"]
            base = unicodedata.normalize("NFC", "".join(c for c in d if c not in tones))
            out += (base + "".join(tones)).encode("cp1258")
    return out


def test_cli_build_twice_with_derived_relations_changes_nothing_outside_meta(tmp_path):
    src = tmp_path / "news"
    src.mkdir()
    (src / "a.txt").write_text("Tin một\n\nSáng 5/3/2024, Bộ Tư pháp tổ chức Hội nghị. " + SEED, encoding="utf-8")
    (src / "b.txt").write_text("Tin hai\n\nChiều 6/3/2024, Bộ Công an tổ chức Hội nghị. " + SEED, encoding="utf-8")
    store = tmp_path / "store"
    runner = CliRunner()
    for _ in range(2):
        res = runner.invoke(cli, ["build", str(src), "--store", str(store), "--no-progress", "-j", "1"])
        assert res.exit_code == 0, res.output
        with Store(store, read_only=True) as st:
            quads = _article_quads(st)
        if _ == 0:
            first = quads
    assert quads == first
    assert any("/derived" in q for q in first)  # the derived graph is there, and stable too


def test_html_main_text_only(tmp_path):
    from kg.extract import extract
    from kg.extract.decode import decode

    data = (Path(__file__).parent / "fixtures" / "article.html").read_bytes()
    (art,) = decode(data, "tin.html")
    assert art.title == "Bộ Tư pháp tổ chức hội nghị tổng kết"
    assert art.url == "https://example.org/tin/bo-tu-phap-hoi-nghi" and art.date == "2024-03-06"
    ex = extract(art)
    assert set(ex.persons) == {"Đặng Hoàng Oanh", "Lê Văn Hùng"}  # not the menu, the script or the aside
    assert ex.events[0].date == "2024-03-05"
