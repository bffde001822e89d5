"""Wire-style stories wrapped in page chrome, rendered as text and markdown dumps.

`stories()` reads stories_*.txt (header fields, one paragraph a line, "## " sub-heads);
`render(story, fmt)` wraps one in chrome blocks of chrome.txt (picked by a generator seeded
with the story's name, so a dump is the same on every run) and returns the dump with the label
of each logical line the dump cleaner's lexer reads from it (body, title, byline, date,
other), which the line model's fitting uses for the development half. `held_out(name)` is the
fixed split: sha256 of the name with an odd first byte is held out (never used for fitting).
"""

from __future__ import annotations

import hashlib
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
LABEL = {"other": 0, "body": 1, "title": 2, "byline": 3, "date": 4}
_NUMBERED = re.compile(r"^\d{1,2}\.\s")


@dataclass(frozen=True)
class Story:
    name: str
    title: str
    byline: str
    date: str
    paragraphs: tuple[str, ...]  # as written; "## " marks a sub-head

    @property
    def texts(self) -> list[str]:
        """The paragraphs as a reader sees them (sub-head marks removed)."""
        return [p.removeprefix("## ") for p in self.paragraphs]


def held_out(name: str) -> bool:
    return hashlib.sha256(name.encode()).digest()[0] % 2 == 1


def stories() -> list[Story]:
    found = []
    for path in sorted(HERE.glob("stories_*.txt")):
        for block in path.read_text(encoding="utf-8").split("\n== ")[1:]:
            lines = [line for line in block.strip().split("\n") if line.strip()]
            fields = dict(line.split(": ", 1) for line in lines[1:4])
            found.append(
                Story(
                    lines[0].strip(),
                    fields["title"],
                    fields["byline"],
                    fields["date"],
                    tuple(lines[4:]),
                )
            )
    return found


def chrome_blocks() -> dict[str, list[tuple[str, list[str]]]]:
    """place -> [(block name, lines)] from chrome.txt."""
    blocks: dict[str, list[tuple[str, list[str]]]] = {}
    current: list[str] | None = None
    for line in (HERE / "chrome.txt").read_text(encoding="utf-8").split("\n"):
        if line.startswith("# ") or not line.strip():
            continue
        if line.startswith("[") and line.endswith("]"):
            place, name = line[1:-1].split(":")
            current = []
            blocks.setdefault(place, []).append((name, current))
        elif current is not None:
            current.append(line)
    return blocks


def _slug(text: str) -> str:
    return "/" + re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def _chrome_md(line: str, place: str) -> str:
    """A chrome line as html2text prints it: menu items, headlines and buttons are links."""
    if " | " in line:
        return " | ".join(f"[{item}]({_slug(item)})" for item in line.split(" | "))
    words = len(line.split())
    if _NUMBERED.match(line):
        number, text = line.split(" ", 1)
        return f"{number} [{text}]({_slug(text)})"
    if place in ("top", "share", "footer") and words <= 4 and not line.startswith("©"):
        return f"  * [{line}]({_slug(line)})"
    if place == "bottom" and words <= 8 and not line.endswith((".", ":")):
        return f"  * [{line}]({_slug(line)})"
    return line


def _wrap(text: str, prefix: str = "") -> list[str]:
    return textwrap.wrap(prefix + text, width=78, break_long_words=False) or [prefix + text]


def render(story: Story, fmt: str) -> tuple[str, list[int]]:
    """The story as a `fmt` dump in its chrome, and the label of each logical line."""
    rng = random.Random(story.name)
    blocks = chrome_blocks()
    top = rng.sample(blocks["top"], rng.randint(1, 3))
    share = rng.choice(blocks["share"]) if rng.random() < 0.6 else None
    mid = rng.choice(blocks["mid"]) if rng.random() < 0.4 else None
    mid_at = rng.randint(2, max(2, len(story.paragraphs) - 2))
    bottom = rng.sample(blocks["bottom"], rng.randint(2, 4))
    footer = rng.choice(blocks["footer"])
    tight = fmt == "text" and rng.random() < 0.3  # paragraphs on consecutive lines
    md = fmt == "markdown"
    out: list[str] = []
    labels: dict[str, str] = {}

    def chrome(place: str, lines: list[str]) -> None:
        for line in lines:
            labels[_key(line)] = "other"
            rendered = _chrome_md(line, place) if md else line
            out.append(rendered)
            if md and not rendered.lstrip().startswith(("*", "1", "2", "3")):
                out.append("")  # html2text puts a blank line after each paragraph
        out.append("")

    for _, lines in top:
        chrome("top", lines)
    labels[_key(story.title)] = "title"
    out += [f"# {story.title}" if md else story.title, ""]
    byline = story.byline
    if md and byline.startswith("By "):
        name = byline[3:]
        byline = f"By [{name}]({_slug(name)})"
    labels[_key(story.byline)] = "byline"
    labels[_key(story.date)] = "date"
    out += [byline, "", story.date, ""]
    if share:
        chrome("share", share[1])
    for index, paragraph in enumerate(story.paragraphs):
        if mid and index == mid_at:
            chrome("mid", mid[1])
        text = paragraph.removeprefix("## ")
        labels[_key(text)] = "body"
        if md:
            out += _wrap(text, "## ") if paragraph.startswith("## ") else _wrap(text)
        else:
            out.append(text)
        if not tight:
            out.append("")
    if tight:
        out.append("")
    for _, lines in bottom:
        chrome("bottom", lines)
    chrome("footer", footer[1])
    dump = "\n".join(out)
    return dump, _line_labels(dump, fmt, labels)


def _key(text: str) -> str:
    return " ".join(text.split()).casefold()


def _line_labels(dump: str, fmt: str, labels: dict[str, str]) -> list[int]:
    """The label of each logical line of the dump, as the cleaner's lexer reads it."""
    from transforms.dumps import _normalized_lines
    from transforms.dumps.lexer import parse_lines

    lines, _ = parse_lines(_normalized_lines(dump), fmt)
    found = []
    for line in lines:
        label = labels.get(_key(line.text))
        if label is None:
            raise ValueError(f"{fmt} line of no known piece: {line.text!r}")
        found.append(LABEL[label])
    return found


@dataclass
class Score:
    """Of the stories' dumps cleaned: paragraphs kept, chrome lines kept, titles right."""

    paragraphs: int = 0
    kept: int = 0
    chrome: int = 0
    chrome_kept: int = 0
    dumps: int = 0
    titles: int = 0
    misses: list[str] | None = None

    def line(self) -> str:
        return (
            f"paragraphs kept {self.kept}/{self.paragraphs}, chrome lines kept "
            f"{self.chrome_kept}/{self.chrome}, titles right {self.titles}/{self.dumps}"
        )


def score(names: set[str] | None = None) -> Score:
    """Clean every story's text and markdown dump (of `names`, or all) and count."""
    from transforms.dumps import clean_dump
    from transforms.records import CleanArticle

    result = Score(misses=[])
    chrome_lines = {
        _key(line) for blocks in chrome_blocks().values() for _, lines in blocks for line in lines
    }
    for story in stories():
        if names is not None and story.name not in names:
            continue
        for fmt in ("text", "markdown"):
            dump, _ = render(story, fmt)
            article = clean_dump(dump, fmt)
            paragraphs = article.paragraphs if isinstance(article, CleanArticle) else []
            found = {_key(p) for p in paragraphs}
            result.dumps += 1
            title = article.title if isinstance(article, CleanArticle) else None
            result.titles += title == story.title
            if title != story.title:
                result.misses.append(f"{story.name} {fmt}: title {title!r}")
            for text in story.texts:
                result.paragraphs += 1
                result.kept += _key(text) in found
                if _key(text) not in found:
                    result.misses.append(f"{story.name} {fmt}: lost {text!r}")
            in_dump = {_key(line) for line in dump.split("\n")} | {
                _key(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", line).strip(" *"))
                for line in dump.split("\n")
            }
            for line in chrome_lines & in_dump:
                result.chrome += 1
                if line in found:
                    result.chrome_kept += 1
                    result.misses.append(f"{story.name} {fmt}: kept chrome {line!r}")
    return result
