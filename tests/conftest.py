"""Shared fixtures. Slow tests run only with KG_SLOW=1 (`make test SLOW=1`; CI sets it)."""
import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


def pytest_collection_modifyitems(config, items):
    if os.environ.get("KG_SLOW"):
        return
    skip = pytest.mark.skip(reason="slow test: set KG_SLOW=1 to run")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def mini_store():
    """An in-memory store holding tests/fixtures/mini.trig."""
    from kg.store import Store

    st = Store(None)
    st.load_file(FIXTURES / "mini.trig")
    return st


@pytest.fixture
def corpus_dir():
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS


@pytest.fixture
def mini_disk_store(tmp_path):
    """The path of an on-disk store holding tests/fixtures/mini.trig (closed, ready for a `kg` command)."""
    from kg.store import Store

    loc = tmp_path / "store"
    with Store(loc) as st:
        st.load_file(FIXTURES / "mini.trig")
    return str(loc)
