#!/usr/bin/env python3
"""Extraction throughput and peak memory on synthetic articles, beside underthesea's NER.

    python bench/extract_speed.py                 # 5 MB of articles from bench/gen.py, seed 7
    python bench/extract_speed.py --mb 10 --save  # ... and write bench/results/extract_speed.txt

Measures, each in its own process so that peak memory belongs to one thing:
  (a) stages     kg.extract.extract(Article) over every article, in memory: text to records, no RDF, no I/O
  (b) process    `kg extract FILES... -o out.nq` as a user runs it: start-up, decoding, extraction, RDF
                 writing (in batches when the command line would get long)
  (c) underthesea  underthesea.ner over each line of a sample of the same articles (at least --uts-kb KB;
                 it runs at about 10 k chars/s, so the whole corpus would take minutes): its rate is
                 extrapolated from the sample, and the figures say so
and prints chars/s, articles/s, peak RSS and the ratios of (a) and (b) to (c).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KG = ROOT / ".venv" / "bin" / "kg"
PYTHON = ROOT / ".venv" / "bin" / "python"  # the children import kg (and underthesea) from the project's venv
ARG_LIMIT = 100_000  # characters of file names per `kg extract` call
TARGETS = {"stages": 50, "process": 20}  # wanted speed-up over underthesea.ner


def _texts(folder: Path) -> list[tuple[str, str]]:
    return [(str(p), p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.txt"))]


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


# --- the measured children: `python extract_speed.py --child KIND FOLDER` print one JSON line ----------


def child_stages(folder: Path) -> dict:
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    from kg.extract import extract
    from kg.lexicon import Lexicon
    from kg.model import Article

    Lexicon.default()
    load = time.perf_counter() - t0
    docs = _texts(folder)
    base = _rss_mb()
    facts = 0
    t1 = time.perf_counter()
    for path, text in docs:
        ex = extract(Article(source=path, text=text))
        facts += len(ex.offices) + len(ex.clusters) + sum(len(e.attendees) for e in ex.events)
    dt = time.perf_counter() - t1
    return {"seconds": dt, "chars": sum(len(t) for _, t in docs), "articles": len(docs), "load_s": load,
            "rss_base_mb": base, "rss_peak_mb": _rss_mb(), "facts": facts}


def child_underthesea(folder: Path, sample_chars: int) -> dict:
    t0 = time.perf_counter()
    from underthesea import ner

    ner("Thứ trưởng Bộ Tư pháp Nguyễn Thanh Tịnh dự hội nghị.")  # loads the model
    load = time.perf_counter() - t0
    docs, chars = [], 0
    for _, text in _texts(folder):
        if chars >= sample_chars:
            break
        docs.append(text)
        chars += len(text)
    base = _rss_mb()
    t1 = time.perf_counter()
    for text in docs:
        for line in text.splitlines():  # ner reads a sentence or a short paragraph at a time
            if line.strip():
                ner(line)
    dt = time.perf_counter() - t1
    return {"seconds": dt, "chars": chars, "articles": len(docs), "load_s": load, "rss_base_mb": base,
            "rss_peak_mb": _rss_mb()}


def _run_child(args: list[str]) -> dict:
    """Run this script as a child and return its JSON answer and its own peak RSS."""
    python = str(PYTHON) if PYTHON.exists() else sys.executable
    proc = subprocess.Popen([python, __file__, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    out, err = proc.communicate()
    if proc.returncode:
        raise RuntimeError(err.strip().splitlines()[-1] if err.strip() else f"exit {proc.returncode}")
    return json.loads(out.strip().splitlines()[-1])


# --- (b) the whole `kg extract` process -----------------------------------------------------------------


def run_process(folder: Path, out_dir: Path) -> dict:
    files = [str(p) for p in sorted(folder.glob("*.txt"))]
    batches, cur, size = [], [], 0
    for f in files:
        if cur and size + len(f) + 1 > ARG_LIMIT:
            batches.append(cur)
            cur, size = [], 0
        cur.append(f)
        size += len(f) + 1
    if cur:
        batches.append(cur)
    peak, quads, t0 = 0.0, 0, time.perf_counter()
    for i, batch in enumerate(batches):
        out = out_dir / f"out{i}.nq"
        proc = subprocess.Popen([str(KG), "extract", *batch, "-o", str(out)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.PIPE)
        err = proc.stderr.read()
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            msg = err.decode("utf-8", "replace").strip().splitlines()
            raise RuntimeError(msg[-1] if msg else f"exit {proc.returncode}")
        peak = max(peak, usage.ru_maxrss / 1024)
        with open(out, "rb") as f:
            quads += sum(1 for _ in f)
    dt = time.perf_counter() - t0
    chars = sum(len(Path(f).read_text(encoding="utf-8")) for f in files)
    return {"seconds": dt, "chars": chars, "articles": len(files), "rss_peak_mb": peak, "batches": len(batches),
            "quads": quads}


# --- the report -----------------------------------------------------------------------------------------


def _line(label: str, r: dict) -> str:
    return (f"{label:<28} {r['chars'] / r['seconds']:>12,.0f} chars/s {r['articles'] / r['seconds']:>9,.1f} "
            f"articles/s   peak RSS {r['rss_peak_mb']:>6,.0f} MB")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=5.0, help="megabytes of synthetic text (default 5)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--uts-kb", type=int, default=250, help="underthesea sample, KB of text (default 250)")
    ap.add_argument("--skip", action="append", default=[], choices=["stages", "process", "underthesea"],
                    help="leave a measurement out (repeatable)")
    ap.add_argument("--save", action="store_true", help="also write bench/results/extract_speed.txt")
    ap.add_argument("--child", nargs=2, metavar=("KIND", "FOLDER"), help=argparse.SUPPRESS)
    ap.add_argument("--sample-chars", type=int, default=250_000, help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        kind, folder = a.child[0], Path(a.child[1])
        res = child_stages(folder) if kind == "stages" else child_underthesea(folder, a.sample_chars)
        print(json.dumps(res))
        return 0

    sys.path.insert(0, str(HERE))
    from gen import Generator

    lines = []

    def say(s=""):
        print(s, flush=True)
        lines.append(s)

    with tempfile.TemporaryDirectory(prefix="kg-bench-") as tmp:
        folder, out_dir = Path(tmp) / "articles", Path(tmp) / "out"
        folder.mkdir()
        out_dir.mkdir()
        t0, nbytes, n = time.perf_counter(), 0, 0
        gen = Generator(a.seed)
        for art in gen:
            (folder / f"{art.id}.txt").write_text(art.text, encoding="utf-8")
            nbytes += len(art.text.encode())
            n += 1
            if nbytes >= a.mb * 1e6:
                break
        dt_gen = time.perf_counter() - t0
        chars = sum(len(t) for _, t in _texts(folder))
        say(f"vnkg extraction benchmark  ({time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
            f"{os.cpu_count()} CPUs, {platform.machine()})")
        say(f"load average before: {os.getloadavg()[0]:.1f} (figures shrink when other work shares the CPUs)")
        say(f"corpus: {n} synthetic articles (bench/gen.py, seed {a.seed}), {nbytes / 1e6:.2f} MB, {chars:,} chars, "
            f"{nbytes / n:,.0f} B each; generated at {nbytes / 1e6 / dt_gen:.1f} MB/s")
        say()
        res = {}
        if "stages" not in a.skip:
            try:
                res["stages"] = r = _run_child(["--child", "stages", str(folder)])
                say(_line("(a) stages, in memory", r))
                say(f"    lexicon and imports {r['load_s']:.2f} s; RSS {r['rss_base_mb']:.0f} MB before the articles; "
                    f"{r['facts']:,} offices, cluster links and attendances")
            except Exception as e:  # noqa: BLE001 - report and go on with the others
                say(f"(a) stages: failed: {e}")
        if "process" not in a.skip:
            try:
                res["process"] = r = run_process(folder, out_dir)
                say(_line("(b) kg extract -> N-Quads", r))
                say(f"    {r['batches']} process(es), start-up included; {r['quads']:,} quads written")
            except Exception as e:  # noqa: BLE001
                say(f"(b) kg extract: failed: {e}")
        if "underthesea" not in a.skip:
            try:
                res["uts"] = r = _run_child(["--child", "underthesea", str(folder),
                                             "--sample-chars", str(a.uts_kb * 1000)])
                say(_line("(c) underthesea.ner", r))
                say(f"    measured on a sample of {r['articles']} articles, {r['chars']:,} chars "
                    f"({r['seconds']:.1f} s; model load {r['load_s']:.1f} s not counted); over the whole corpus "
                    f"it would take about {chars / (r['chars'] / r['seconds']):,.0f} s (extrapolated)")
            except Exception as e:  # noqa: BLE001
                if "No module named 'underthesea'" in str(e):
                    say("(c) underthesea.ner: not installed (.venv/bin/pip install -e '.[bench]'); no ratios")
                else:
                    say(f"(c) underthesea.ner: failed: {e}")
        if "uts" in res:
            say()
            base = res["uts"]["chars"] / res["uts"]["seconds"]
            for key, label in (("stages", "stages"), ("process", "whole process")):
                if key in res:
                    ratio = res[key]["chars"] / res[key]["seconds"] / base
                    verdict = "meets" if ratio >= TARGETS[key] else "MISSES"
                    say(f"{label} vs underthesea.ner: {ratio:,.1f}x  ({verdict} the >= {TARGETS[key]}x target)")
    say(f"load average after: {os.getloadavg()[0]:.1f}")
    if a.save:
        out = HERE / "results" / "extract_speed.txt"
        out.parent.mkdir(exist_ok=True)
        out.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"saved to {out.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
