"""Build a realistic raw corpus of N files from the real articles in ../shared/data.

Articles come from Reuters-21578 (newswire with datelines and dates), BBC News (titles and
bodies) and are wrapped the way crawls and page dumps deliver them:

- html: a real page of trafilatura's English benchmark with its main-text container refilled
  by the article (real navigation, scripts and footers around it, ~130 kB a page);
- text / markdown: a page dump with menu lines, a byline, a date, share bars, a "Related"
  list, the agency sign-off and an "Original url:" footer.

Known shares give every stage real work: byte-identical copies under another name,
the same story on another site (exact duplicate of the body), syndicated copies with a new
headline and edits (near duplicates), and a sign-off paragraph every site repeats. Past the
pool of distinct articles, new ones are spliced from two real articles (a "roundup").

    .venv/bin/python benchmarks/corpus.py /tmp/corpus-10k --files 10000 --formats html,txt,md
"""

from __future__ import annotations

import argparse
import html
import json
import random
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import lxml.html

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data"
MARKER_TITLE = "@@TITLE@@"
MARKER_BODY = "@@BODY@@"
SITES = [
    ("wire-daily.example.com", "Wire Daily"),
    ("globe-report.example.org", "The Globe Report"),
    ("marketwatcher.example.net", "Market Watcher"),
    ("eveningpost.example.co.uk", "Evening Post"),
    ("newsroom24.example.com", "Newsroom 24"),
]
PAGE_OWN_META = ("date", "time", "author", "title", "url", "description")
MENU = ["Home", "World", "Business", "Markets", "Politics", "Tech", "Sport", "Opinion", "Video"]
SIGN_OFFS = [
    "Reporting by staff correspondents; editing by the foreign desk. Our standards: "
    "the Trust Principles apply to every story we publish.",
    "This article was produced from wire copy and has not been edited by our newsroom "
    "apart from the headline and the picture caption.",
]


@dataclass(frozen=True, slots=True)
class Shares:
    """Share of files that repeat earlier ones, by kind (the rest are distinct articles)."""

    byte_copies: float = 0.03  # the same file under another name
    same_story: float = 0.04  # the same article on another site (equal body)
    syndicated: float = 0.05  # new headline, a paragraph cut, one added, a typo


@dataclass(slots=True)
class Article:
    title: str
    paragraphs: list[str]
    published: date | None
    dateline: str | None = None
    author: str | None = None
    extra: dict = field(default_factory=dict)


def load_articles() -> list[Article]:
    """Every Reuters article with a body of 3+ paragraphs, then every BBC article."""
    articles = list(_reuters()) + list(_bbc())
    random.Random(7).shuffle(articles)
    return articles


def _reuters() -> Iterator[Article]:
    for path in sorted((DATA / "reuters-21578").glob("*.json")):
        for item in json.loads(path.read_text(encoding="utf-8")):
            body = html.unescape(item.get("body") or "")
            body = re.sub(r"\s*Reuter\s*(&#3;|\x03)?\s*$", "", body.strip())
            paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s{2,}", body) if p.strip()]
            if len(paragraphs) < 3 or not item.get("title"):
                continue
            stamp = item.get("date", "").split()[0] if item.get("date") else ""
            try:
                day, month, year = stamp.split("-")
                published = date(int(year), MONTHS.index(month.title()) + 1, int(day))
            except ValueError:
                published = None
            yield Article(
                html.unescape(item["title"]).strip(),
                paragraphs,
                published,
                dateline=(item.get("dateline") or "").strip() or None,
            )


MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _bbc() -> Iterator[Article]:
    rng = random.Random(11)
    for path in sorted((DATA / "bbc-news").glob("*/*.txt")):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) < 4:
            continue
        published = date(2004, 1, 1) + timedelta(days=rng.randrange(730))
        yield Article(lines[0], lines[1:], published, author=None)


def load_page_templates() -> list[str]:
    """Real benchmark pages with their main-text container emptied and marked."""
    templates = []
    for path in sorted((DATA / "trafilatura-eval-en" / "html").glob("*.html")):
        template = _page_template(path.read_bytes())
        if template:
            templates.append(template)
    return templates


def _page_template(raw: bytes) -> str | None:
    encoding = "utf-8"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        encoding = "cp1252"
    try:
        tree = lxml.html.fromstring(raw, parser=lxml.html.HTMLParser(encoding=encoding))
    except (ValueError, lxml.etree.ParserError):
        return None
    container = _main_container(tree)
    if container is None:
        return None
    for child in list(container):
        container.remove(child)
    container.text = MARKER_BODY
    for heading in tree.iter("h1", "title"):
        for child in list(heading):
            heading.remove(child)
        heading.text = MARKER_TITLE
    for meta in list(tree.iter("meta")):  # the page's own metadata belongs to another story
        names = (
            (meta.get("property") or "") + (meta.get("name") or "") + (meta.get("itemprop") or "")
        )
        if meta.get("charset") or any(k in names for k in PAGE_OWN_META):
            meta.drop_tree()
    for link in list(tree.iter("link")):
        if link.get("rel") == "canonical":
            link.drop_tree()
    for script in list(tree.iter("script")):
        if script.get("type") == "application/ld+json":
            script.drop_tree()
    page = lxml.html.tostring(tree, encoding="unicode")
    if "<head>" not in page:
        return None
    return page.replace("<head>", '<head><meta charset="utf-8">', 1)


def _main_container(tree) -> object | None:
    """The deepest element holding most of the page's paragraph text: where the story was."""
    lengths = {p: len(p.text_content()) for p in tree.iter("p")}
    total = sum(lengths.values())
    if total < 500:
        return None
    best, best_depth = None, -1
    for element in tree.iter():
        if not isinstance(element.tag, str) or element.tag == "p":
            continue
        held = sum(lengths.get(p, 0) for p in element.iter("p"))
        depth = sum(1 for _ in element.iterancestors())
        if held >= 0.6 * total and depth > best_depth:
            best, best_depth = element, depth
    return best


def render_html(article: Article, template: str, site: tuple[str, str], slug: str) -> str:
    meta = f'<link rel="canonical" href="https://{site[0]}/news/{slug}">'
    meta += f'<meta property="og:title" content="{html.escape(article.title)}">'
    if article.published:
        meta += f'<meta property="article:published_time" content="{article.published}">'
    body = "\n".join(f"<p>{html.escape(p)}</p>" for p in _with_dateline(article))
    page = template.replace(MARKER_BODY, body).replace(MARKER_TITLE, html.escape(article.title))
    return page.replace("<head>", "<head>" + meta, 1)


def render_text(article: Article, site: tuple[str, str], slug: str, rng: random.Random) -> str:
    lines = [site[1], *rng.sample(MENU, 5), "", article.title, ""]
    if article.author:
        lines += [f"By {article.author}", ""]
    if article.published:
        lines += [f"{article.published:%B} {article.published.day}, {article.published.year}", ""]
    lines += [p + "\n" for p in _with_dateline(article)]
    lines += ["Share this article", "Facebook", "Twitter", "Email", "", "Related", ""]
    lines += [f"Original url: https://{site[0]}/news/{slug}"]
    return "\n".join(lines) + "\n"


def render_markdown(article: Article, site: tuple[str, str], slug: str) -> str:
    menu = " | ".join(f"[{item}](/{item.lower()})" for item in MENU[:6])
    lines = [menu, "", f"# {article.title}", ""]
    if article.author:
        lines += [f"By [{article.author}](#)", ""]
    if article.published:
        lines += [f"{article.published:%B} {article.published.day}, {article.published.year}", ""]
    lines += [p + "\n" for p in _with_dateline(article)]
    lines += ["* [Share](#share)", "* [Comments](#comments)", "", "Original url:", ""]
    lines += [f"<https://{site[0]}/news/{slug}>"]
    return "\n".join(lines) + "\n"


def _with_dateline(article: Article) -> list[str]:
    if article.dateline and article.paragraphs:
        return [f"{article.dateline} {article.paragraphs[0]}", *article.paragraphs[1:]]
    return list(article.paragraphs)


def syndicate(article: Article, rng: random.Random) -> Article:
    """A republished copy: new headline, one paragraph cut, one added, a typo."""
    paragraphs = list(article.paragraphs)
    if len(paragraphs) > 3:
        del paragraphs[rng.randrange(1, len(paragraphs))]
    paragraphs.insert(
        rng.randrange(1, len(paragraphs) + 1),
        "The agency said it would publish further details later in the week.",
    )
    longest = max(range(len(paragraphs)), key=lambda i: len(paragraphs[i]))
    words = paragraphs[longest].split()
    if len(words) > 4:
        words[3] += "s"
        paragraphs[longest] = " ".join(words)
    return Article(
        "Update: " + article.title, paragraphs, article.published, article.dateline, article.author
    )


def roundup(first: Article, second: Article) -> Article:
    """A new article from two real ones: the lead half of one and the rest of another."""
    head = first.paragraphs[: max(2, len(first.paragraphs) // 2)]
    tail = second.paragraphs[len(second.paragraphs) // 2 :]
    return Article(first.title, head + tail, first.published, first.dateline, first.author)


def plan(n_files: int, formats: list[str], seed: int = 1, shares: Shares = Shares()):
    """Yield (relative path, text) for `n_files` files."""
    rng = random.Random(seed)
    articles = load_articles()
    templates = load_page_templates() if "html" in formats else []
    made: list[tuple[str, str, Article]] = []  # (path, text, article) of distinct stories
    for index in range(n_files):
        fmt = formats[index % len(formats)]
        site_no = rng.randrange(len(SITES))
        site = SITES[site_no]
        roll = rng.random()
        if made and roll < shares.byte_copies:
            path, text, _ = made[rng.randrange(len(made))]
            yield f"mirror/{index // 1000:03d}/{index:07d}{Path(path).suffix}", text
            continue
        if made and roll < shares.byte_copies + shares.same_story:
            article = made[rng.randrange(len(made))][2]
        elif made and roll < shares.byte_copies + shares.same_story + shares.syndicated:
            article = syndicate(made[rng.randrange(len(made))][2], rng)
        elif index < len(articles):
            article = articles[index]
        else:
            article = roundup(
                articles[index % len(articles)], articles[rng.randrange(len(articles))]
            )
        article = Article(
            article.title,
            [*article.paragraphs, SIGN_OFFS[site_no % len(SIGN_OFFS)]],
            article.published,
            article.dateline,
            article.author,
        )
        slug = f"{index:07d}"
        if fmt == "html":
            text = render_html(article, templates[index % len(templates)], site, slug)
        elif fmt == "md":
            text = render_markdown(article, site, slug)
        else:
            text = render_text(article, site, slug, rng)
        path = f"{site[0].split('.')[0]}/{index // 1000:03d}/{slug}.{fmt}"
        if len(made) < 50_000:
            made.append((path, text, _strip_signoff(article)))
        yield path, text


def _strip_signoff(article: Article) -> Article:
    return Article(
        article.title, article.paragraphs[:-1], article.published, article.dateline, article.author
    )


def build(target: Path, n_files: int, formats: list[str], seed: int = 1) -> int:
    """Write the corpus under `target`; returns the bytes written."""
    written = 0
    for relative, text in plan(n_files, formats, seed):
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode("utf-8")
        path.write_bytes(data)
        written += len(data)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--formats", default="html,txt,md", help="comma list of html, txt, md")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not (DATA / "reuters-21578").is_dir():
        print(f"skipped: {DATA} not found (shared data sets exist in CI, not in a clone)")
        return 0
    formats = args.formats.split(",")
    written = build(args.target, args.files, formats, args.seed)
    print(f"{args.files} files, {written / 1e6:.1f} MB in {args.target} ({args.formats})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
