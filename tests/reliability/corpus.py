"""Generated corpora for the reliability suite: good articles (with copies) and hostile files."""

from __future__ import annotations

import gzip
import os
import random
from pathlib import Path

WORDS = (
    "minister council talks border trade agreement village river harbour election vote "
    "parliament budget storm flood rescue hospital school teachers strike factory workers "
    "railway bridge airport pilots union court judge ruling appeal police investigation "
    "mayor city district farmers harvest drought energy prices market shares bank central "
    "inflation report committee summit leaders delegation treaty ceasefire army convoy "
    "province governor museum festival orchestra football league coach championship season "
    "scientists study vaccine trial patients doctors research university students protest"
).split()
SITES = ("example-news.com", "daily-wire.org", "harbour-times.net", "valley-post.co.uk")


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 18))]
    return " ".join(words).capitalize() + "."


def article(rng: random.Random, number: int) -> tuple[str, list[str]]:
    """A title and paragraphs whose text is unique to `number`."""
    title = f"{sentence(rng)[:-1].title()} (report {number})"
    paragraphs = [
        f"Report {number}: " + " ".join(sentence(rng) for _ in range(rng.randint(3, 5)))
        for _ in range(rng.randint(3, 6))
    ]
    return title, paragraphs


def as_html(title: str, paragraphs: list[str], site: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="https://{site}/news/{abs(hash(title)) % 10**8}">'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>"
        f"<p class='byline'>By Staff Reporter</p>{body}</article>"
        f"<footer>Copyright {site}</footer></body></html>"
    )


def as_text(title: str, paragraphs: list[str], site: str, markdown: bool) -> str:
    heading = f"# {title}" if markdown else title
    return "\n\n".join([heading, f"12 March 2021 | {site}", *paragraphs]) + "\n"


def write_good_corpus(root: Path, count: int, seed: int = 7) -> dict[str, str]:
    """`count` distinct articles in html, txt and md, plus byte copies and folder nesting.

    Returns path -> kind ('article' or 'copy').
    """
    rng = random.Random(seed)
    kinds: dict[str, str] = {}
    written: list[Path] = []
    for number in range(count):
        title, paragraphs = article(rng, number)
        site = SITES[number % len(SITES)]
        folder = root / f"day{number % 5}"
        folder.mkdir(parents=True, exist_ok=True)
        suffix = (".html", ".txt", ".md")[number % 3]
        text = (
            as_html(title, paragraphs, site)
            if suffix == ".html"
            else as_text(title, paragraphs, site, markdown=suffix == ".md")
        )
        path = folder / f"article-{number:04d}{suffix}"
        path.write_text(text, encoding="utf-8")
        kinds[path.relative_to(root).as_posix()] = "article"
        written.append(path)
    for index, original in enumerate(rng.sample(written, max(1, count // 20))):
        copy = root / "copies" / f"copy-{index:03d}{original.suffix}"
        copy.parent.mkdir(exist_ok=True)
        copy.write_bytes(original.read_bytes())
        kinds[copy.relative_to(root).as_posix()] = "copy"
    return kinds


RUSSIAN = (
    "Министр иностранных дел заявил во вторник, что переговоры о торговом соглашении "
    "продолжатся в следующем месяце. По его словам, стороны договорились о новых правилах "
    "для перевозчиков и фермеров, а также о совместной комиссии по вопросам границы. "
)
GERMAN = (
    "Der Bürgermeister der Stadt kündigte am Dienstag an, dass die neue Brücke über den Fluss "
    "im kommenden Frühjahr eröffnet werden soll. Die Bauarbeiten hätten sich wegen des "
    "Hochwassers verzögert, sagte er vor Journalisten im Rathaus. "
)
ENGLISH = (
    "The harbour authority said on Tuesday that the new ferry terminal would open in spring "
    "after months of delays caused by the winter storms and a strike by construction workers. "
)


def _deep_html(levels: int) -> bytes:
    return (
        b"<html><body>"
        + b"<div>" * levels
        + ENGLISH.encode() * 3
        + b"</div>" * levels
        + b"</body></html>"
    )


def write_hostile_corpus(root: Path, listener: str = "127.0.0.1:9") -> dict[str, str]:
    """At least 30 hostile inputs; returns name -> what each is (for messages).

    Remote references point at `listener` (host:port), which must never see a connection.
    """
    root.mkdir(parents=True, exist_ok=True)
    made: dict[str, str] = {}

    def put(name: str, data: bytes | str, what: str) -> None:
        path = root / name
        if isinstance(data, str):
            path.write_text(data, encoding="utf-8")
        else:
            path.write_bytes(data)
        made[name] = what

    rng = random.Random(11)
    put("empty.txt", b"", "empty file")
    put("blank.md", b" \n\t\n  \n", "whitespace only")
    put("junk.txt", rng.randbytes(4096), "binary junk")
    put("junk.html", bytes(rng.randrange(256) for _ in range(20000)), "binary junk as html")
    put("image.html", b"\x89PNG\r\n\x1a\n" + rng.randbytes(2048), "a PNG named .html")
    put("archive.md", b"PK\x03\x04" + rng.randbytes(512), "a zip named .md")
    put("bomb.html", gzip.compress(b"<p>" + b"A" * 50_000_000 + b"</p>"), "gzip bomb as html")
    put("nul.txt", b"\x00" * 10_000, "NUL bytes")
    put("bad-utf8.txt", ENGLISH.encode() + b"\xff\xfe\xc3\x28\xa0\xa1" * 50, "invalid UTF-8")
    put("cp1251.txt", (RUSSIAN * 4).encode("cp1251"), "cp1251 Russian text")
    put("utf16.txt", (GERMAN * 4).encode("utf-16"), "UTF-16 German text with BOM")
    put("utf16-nobom.html", ("<p>" + ENGLISH * 4 + "</p>").encode("utf-16-le"), "UTF-16 LE no BOM")
    put("russian.txt", "Переговоры продолжатся\n\n" + RUSSIAN * 4, "article in Russian")
    put("german.md", "# Neue Brücke\n\n" + GERMAN * 4, "article in German")
    put("long-line.txt", b"word " * 10_000_000, "a 50 MB single line")
    put("deep.html", _deep_html(100_000), "HTML nested 100,000 levels")
    put(
        "scripts.html",
        "<html><head>" + "<script>var x = 1;</script>" * 500 + "</head></html>",
        "a page of scripts only",
    )
    put("no-text.html", "<html><body><div><img src='a.png'></div></body></html>", "no text")
    put("tags-only.html", "<html><body>" + "<div></div>" * 5000 + "</body></html>", "empty tags")
    put(
        "xxe.html",
        (
            '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY xxe SYSTEM "file:///etc/passwd">'
            f'<!ENTITY far SYSTEM "http://{listener}/far.txt">'
            f'<!ENTITY % remote SYSTEM "http://{listener}/entity.dtd">%remote;]>'
            f"<html><body><article><h1>Entity test</h1><p>{ENGLISH * 3}</p><p>&xxe;</p>"
            "<p>&far;</p></article></body></html>"
        ),
        "external entities (file, http)",
    )
    put(
        "remote.html",
        (
            f"<html><head><script src='http://{listener}/evil.js'></script></head><body><article>"
            f"<h1>Remote image test</h1><p>{ENGLISH * 3}</p><img src='http://{listener}/x.png'>"
            f"<iframe src='http://{listener}/'></iframe><p>{ENGLISH * 2}</p>"
            f"<link rel='stylesheet' href='http://{listener}/style.css'></article></body></html>"
        ),
        "remote img, script and iframe",
    )
    put("unclosed.html", "<html><body><p>" + "<b><i>" * 2000 + ENGLISH * 3, "unclosed tags")
    put("control.txt", "\x07\x08\x1b" * 2000 + ENGLISH, "control characters")
    put("crlf.txt", (ENGLISH + "\r\n\r\n") * 6, "CRLF text")
    put("huge-para.md", "# Title\n\n" + ENGLISH * 300, "one 60 KB paragraph")
    put("'); DROP TABLE documents; --.txt", ENGLISH * 4, "SQL injection in the name")
    put('quote"semi;colon\nnew line ünï©ødé.txt', GERMAN * 4 + ENGLISH, "quotes, newline")
    put("日本語の記事.md", "# 記事\n\n" + ENGLISH * 4, "non-ASCII name")
    put("unsupported.pdf", b"%PDF-1.4 junk", "unsupported suffix")
    put("bom-only.txt", b"\xef\xbb\xbf", "UTF-8 BOM only")
    put("html-comment.html", "<html><!-- " + "x" * 100_000 + " --></html>", "one big comment")
    put(
        "nested-tables.html",
        "<table><tr><td>" * 3000 + ENGLISH + "</td></tr></table>" * 3000,
        "tables nested 3,000 deep",
    )
    unreadable = root / "unreadable.txt"
    unreadable.write_text(GERMAN + ENGLISH * 3, encoding="utf-8")
    unreadable.chmod(0)
    made["unreadable.txt"] = "mode 000 (readable anyway when tests run as root)"
    (root / "loop-a.html").symlink_to("loop-b.html")
    (root / "loop-b.html").symlink_to("loop-a.html")
    made["loop-a.html"] = made["loop-b.html"] = "symlink loop"
    (root / "escape.txt").symlink_to("/etc/hostname")
    made["escape.txt"] = "symlink out of the source folder"
    (root / "dangling.md").symlink_to("nowhere.md")
    made["dangling.md"] = "dangling symlink"
    os.mkfifo(root / "fifo.txt")
    made["fifo.txt"] = "a FIFO (open would block)"
    (root / "dir.html").mkdir()
    (root / "dir.html" / "inner-good.txt").write_text(GERMAN * 2 + ENGLISH * 3, encoding="utf-8")
    made["dir.html/inner-good.txt"] = "good file under a folder named .html"
    return made
