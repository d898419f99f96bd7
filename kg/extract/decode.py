"""Bytes to articles: encoding detection, the main text of an HTML page, one article per .jsonl line.

Pure functions: the caller reads the file and passes its bytes and name.
"""
from __future__ import annotations

import codecs
import json
import re
from html.parser import HTMLParser

from ..errors import InputError
from ..model import Article

SUFFIXES = {".txt": "txt", ".html": "html", ".htm": "html", ".jsonl": "jsonl"}


def kind_of(name: str) -> str | None:
    """'txt', 'html' or 'jsonl' from a file name; None for files the builder skips."""
    dot = name.rfind(".")
    return SUFFIXES.get(name[dot:].lower()) if dot >= 0 else None


def decode(data: bytes, name: str, kind: str | None = None) -> list[Article]:
    """The articles a file holds. ``name`` is the source key (a path); raises InputError on bad input."""
    kind = kind or kind_of(name) or "txt"
    if kind == "jsonl":
        return _jsonl(decode_text(data, name), name)
    text = decode_text(data, name)
    if kind == "html":
        page = html_main_text(text)
        return [Article(source=name, text=page.text, title=page.title, url=page.url, date=page.date, fmt="html")]
    return [Article(source=name, text=text, fmt="txt")]


def decode_text(data: bytes, name: str = "input") -> str:
    """UTF-8 (with or without BOM), UTF-16 (BOM, or detected by its zero bytes), else a legacy encoding
    guessed by charset-normalizer (Vietnamese pages: Windows-1258 most often)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    if data[:200].count(b"\x00") > 10:  # UTF-16 without a BOM
        even, odd = data[0:200:2].count(0), data[1:200:2].count(0)
        try:
            return data.decode("utf-16-be" if even > odd else "utf-16-le")
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=["cp1258", "utf_8", "cp1252", "latin_1", "utf_16"]).best()
    if best is None:
        raise InputError(f"{name}: cannot tell the text encoding (not UTF-8, UTF-16 or Windows-1258)")
    return str(best)


def _jsonl(text: str, name: str) -> list[Article]:
    out = []
    for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 may stand inside a JSON string
        line = line.rstrip("\r")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(f"{name}, line {n}: not valid JSON ({e.msg} at column {e.colno})") from None
        if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
            raise InputError(f"{name}, line {n}: each line needs a \"text\" string")
        date = rec.get("date")
        if date is not None and not re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?([T ].*)?", str(date)):
            raise InputError(f"{name}, line {n}: \"date\" must be an ISO date (YYYY-MM-DD), not {date!r}")
        source = str(rec.get("id") or rec.get("url") or f"{name}#{n}")
        out.append(Article(source=source, text=rec["text"], title=rec.get("title"), url=rec.get("url"),
                           date=str(date)[:10] if date else None, fmt="jsonl"))
    return out


class _Page:
    def __init__(self, text, title, url, date):
        self.text, self.title, self.url, self.date = text, title, url, date


_BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "figcaption", "blockquote", "section",
          "article", "header", "footer", "table", "ul", "ol", "figure", "td", "th", "dd", "dt"}
_SKIP = {"script", "style", "noscript", "nav", "aside", "form", "template", "svg", "iframe", "button", "select"}


class _MainText(HTMLParser):
    """Collects text blocks; remembers which lie inside <article> (or <main>), the page's main text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[bool, str]] = []
        self.buf: list[str] = []
        self.skip = 0
        self.main = 0
        self.in_title = False
        self.title = ""
        self.meta: dict[str, str] = {}

    def flush(self):
        s = " ".join("".join(self.buf).split())
        if s:
            self.blocks.append((self.main > 0, s))
        self.buf = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in _SKIP:
            self.skip += 1
        elif tag == "title" and not self.skip:
            self.in_title = True
        elif tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop")
            if key and a.get("content"):
                self.meta.setdefault(key.lower(), a["content"])
        elif tag == "link" and (a.get("rel") or "").lower() == "canonical" and a.get("href"):
            self.meta.setdefault("canonical", a["href"])
        if tag in _BLOCK:
            self.flush()
        if tag in ("article", "main"):
            self.main += 1

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self.flush()
        if tag in ("article", "main"):
            self.main = max(0, self.main - 1)

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        elif not self.skip:
            self.buf.append(data)


def html_main_text(html: str) -> _Page:
    p = _MainText()
    p.feed(html)
    p.close()
    p.flush()
    main = [s for inside, s in p.blocks if inside]
    blocks = main or [s for _, s in p.blocks]
    title = p.meta.get("og:title") or " ".join(p.title.split()) or None
    url = p.meta.get("og:url") or p.meta.get("canonical")
    date = p.meta.get("article:published_time") or p.meta.get("datepublished") or p.meta.get("date")
    date = date[:10] if date and re.match(r"\d{4}-\d\d-\d\d", date) else None
    return _Page("\n".join(blocks) + "\n", title, url, date)
