"""Slow: hundreds of synthetic articles (bench/gen.py) through extraction and the store."""
import importlib.util
import json
import sys

import pytest

from kg.build import build
from kg.extract import extract
from kg.model import Article
from kg.store import Store
from tests.conftest import ROOT
from tests.goldcheck import office_diffs

pytestmark = pytest.mark.slow


def _generator(seed):
    gen = sys.modules.get("bench_gen")
    if gen is None:
        spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
        gen = sys.modules["bench_gen"] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(gen)
    return gen.Generator(seed=seed)


def test_offices_of_synthetic_articles_against_their_truth():
    missing = extra = total = 0
    for art in _generator(3).take(150):
        m, e = office_diffs(art.truth, extract(Article(art.id, art.text)))
        missing, extra, total = missing + len(m), extra + len(e), total + len(art.truth["positions"])
    assert total > 1000
    assert missing / total < 0.03 and extra / total < 0.03, (missing, extra, total)


def test_build_in_parallel_then_again_unchanged(tmp_path):
    src = tmp_path / "news"
    src.mkdir()
    for art in _generator(4).take(120):
        (src / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
    (src / "more.jsonl").write_text("".join(a.jsonl() + "\n" for a in _generator(5).take(30)), encoding="utf-8")
    with Store(tmp_path / "store") as st:
        rep = build([src], st, jobs=2)
        assert (rep.articles, rep.added, rep.errors) == (150, 150, [])
        assert rep.counts["persons"] > 300 and rep.counts["events"] >= 150 and rep.derived["colleague"] > 0
        quads = {str(q) for q in st.quads() if not q.graph_name.value.endswith("/meta")}
        again = build([src], st, jobs=2)
        assert again.unchanged == 150
        assert {str(q) for q in st.quads() if not q.graph_name.value.endswith("/meta")} == quads
    assert json.loads((src / "more.jsonl").read_text().splitlines()[0])["text"]
