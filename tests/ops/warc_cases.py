"""Web archives built by the tests: generated articles as HTTP responses, with the other record
types a crawler writes (requests, metadata, images, errors, revisits) around them."""

from __future__ import annotations

import random
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

WORDS = (
    "council budget harbour rail minister strike vote border drought market bank court "
    "hospital school bridge river festival election protest treaty factory farmer port "
    "airline police storm museum energy tariff refinery union village mayor senate"
).split()
PLACES = ["Lisbon", "Oslo", "Nairobi", "Lima", "Hanoi", "Perth", "Quebec", "Tbilisi", "Dakar"]
FIRST_DAY = date(2024, 1, 1)


def article_html(number: int, with_date: bool) -> bytes:
    """A distinct news page: title, byline, several paragraphs of seeded generated text."""
    rng = random.Random(number)
    place = PLACES[number % len(PLACES)]
    title = f"{place} {rng.choice(WORDS)} {rng.choice(WORDS)} report number {number}"
    paragraphs = []
    for _ in range(5):
        words = [rng.choice(WORDS) for _ in range(rng.randint(25, 40))]
        paragraphs.append(f"{place} officials said the {' '.join(words)} on {number}.")
    published = FIRST_DAY + timedelta(days=number)
    meta = (
        f'<meta property="article:published_time" content="{published.isoformat()}">'
        if with_date
        else ""
    )
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}</head><body>"
        f"<nav>Home | World | Sport</nav><article><h1>{title}</h1>{body}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    ).encode()


def crawl_date(number: int) -> str:
    return f"{FIRST_DAY + timedelta(days=number + 1)}T08:00:00Z"


def _response(
    writer: WARCWriter,
    uri: str,
    payload: bytes,
    content_type: str,
    warc_date: str,
    status: str = "200 OK",
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        uri,
        "response",
        payload=BytesIO(payload),
        http_headers=headers,
        warc_headers_dict={"WARC-Date": warc_date},
    )
    writer.write_record(record)


def build_warc(path: Path, articles: int = 110) -> dict:
    """Write a gzipped WARC; return what a correct ingest must find in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    expected = {"urls": {}, "dates": {}}
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "tests"}))
        for number in range(articles):
            uri = f"https://news{number % 4}.example.org/world/{number}"
            with_date = number % 2 == 0
            request = writer.create_warc_record(
                uri,
                "request",
                payload=BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"GET /world/{number} HTTP/1.1", [("Host", "example.org")], is_http_request=True
                ),
            )
            writer.write_record(request)
            _response(
                writer,
                uri,
                article_html(number, with_date),
                "text/html; charset=utf-8",
                crawl_date(number),
            )
            published = FIRST_DAY + timedelta(days=number) if with_date else None
            expected["urls"][uri] = published or (FIRST_DAY + timedelta(days=number + 1))
        # a second fetch of article 3 under another URL: same page bytes
        _response(
            writer,
            "https://mirror.example.net/world/3",
            article_html(3, False),
            "text/html; charset=utf-8",
            crawl_date(50),
        )
        _response(
            writer,
            "https://news0.example.org/logo.png",
            b"\x89PNG\r\n\x1a\n" + b"0" * 64,
            "image/png",
            crawl_date(1),
        )
        _response(
            writer,
            "https://news0.example.org/site.css",
            b"body { color: red }",
            "text/css",
            crawl_date(1),
        )
        _response(
            writer,
            "https://news0.example.org/missing",
            article_html(999, True),
            "text/html",
            crawl_date(1),
            status="404 Not Found",
        )
        metadata = writer.create_warc_record(
            "https://news0.example.org/world/0",
            "metadata",
            payload=BytesIO(b"fetchTimeMs: 120\n"),
            warc_content_type="application/warc-fields",
        )
        writer.write_record(metadata)
    return expected


def append_article(path: Path, number: int) -> None:
    """Append one response, as a crawler does: earlier records keep their offsets."""
    with open(path, "ab") as out:
        uri = f"https://news{number % 4}.example.org/world/{number}"
        _response(
            WARCWriter(out, gzip=True),
            uri,
            article_html(number, True),
            "text/html",
            crawl_date(number),
        )
