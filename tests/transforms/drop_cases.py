"""Generated dumps for the drop-record tests: short wire stories inside page chrome, as text
and as markdown (html2text style: links with targets, wrapped at 78 columns, images, emphasis,
bullets). Deterministic: the same seed gives the same pages."""

from __future__ import annotations

import random
import textwrap

PLACES = ["LIMA, Peru", "NAIROBI, Kenya", "OSLO, Norway", "MANILA, Philippines", "QUITO, Ecuador"]
AGENCIES = ["AP", "Reuters", "AFP"]
SUBJECTS = [
    ("A strong earthquake", "struck off the coast", "the quake"),
    ("Heavy flooding", "forced thousands from their homes", "the flooding"),
    ("A fire at a chemical plant", "sent smoke over the city", "the fire"),
    ("A ferry carrying 200 passengers", "ran aground near the port", "the ferry"),
]
SENTENCES = [
    "Officials said {thing} was the worst in a decade.",
    "No injuries were reported in the first hours.",
    "Residents ran into the streets as {thing} spread.",
    "Schools will stay closed on Monday, the mayor said.",
    "The agency said it would publish a full report next week.",
    "“We are doing everything we can,” a spokesperson told reporters.",
    "Rescue teams from three provinces joined the effort overnight.",
    "The government promised aid to the families who lost their homes.",
    "Police closed the main road into the district until further notice.",
    "Insurers said it was too early to estimate the damage caused by {thing}.",
]
TOP_CHROME = [
    ["Skip to content", "Home", "World", "Business", "Sport"],
    ["Accessibility links", "Breaking News"],
    ["We use cookies to improve your experience on our site. By continuing you agree."],
]
BOTTOM_CHROME = [
    ["Related stories", "Storm season starts early in the south"],
    ["Share this article", "Facebook Twitter Email"],
    ["© 2024 Example News. All rights reserved.", "Privacy Policy", "Terms of Use"],
]


def story(rng: random.Random) -> tuple[str, str, list[str]]:
    """Headline, dateline lede and the other paragraphs of one short wire story."""
    subject, verb, thing = rng.choice(SUBJECTS)
    place, agency = rng.choice(PLACES), rng.choice(AGENCIES)
    city = place.split(",")[0].title()
    headline = f"{subject} {verb} near {city}"
    lede = f"{place} ({agency}) — {subject} {verb} near {city} on Sunday, officials said."
    body = [s.format(thing=thing) for s in rng.sample(SENTENCES, rng.randint(4, 8))]
    return headline, lede, body


def text_page(rng: random.Random) -> tuple[str, list[str]]:
    """A text dump: chrome, headline, byline, date, story, chrome; and the story's paragraphs."""
    headline, lede, body = story(rng)
    lines = [*rng.choice(TOP_CHROME), "", headline, "", "By Jane Doe", "March 3, 2024", ""]
    lines += [p for paragraph in [lede, *body] for p in (paragraph, "")]
    lines += [line for block in rng.sample(BOTTOM_CHROME, 2) for line in (*block, "")]
    return "\n".join(lines), [lede, *body]


def markdown_page(rng: random.Random) -> tuple[str, list[str]]:
    """The same as html2text prints it: links with targets, wrapped lines, an image, bullets."""
    headline, lede, body = story(rng)
    nav = " ".join(f"[{w}](https://example.com/{w.lower()})" for w in ("World", "Business"))
    lines = [nav, "", f"# {headline}", "", "By [Jane Doe](https://example.com/authors/jane-doe)"]
    lines += ["", "March 3, 2024", "", "![A photo of the scene](https://example.com/a.jpg)", ""]
    for index, paragraph in enumerate([lede, *body]):
        words = paragraph.split()
        if index == 2:  # a link in the text whose target html2text wrapped over two lines
            head = " ".join(words[:3])
            lines += [f"{head} [{words[3]}](https://example.com/a/very/long/path/"]
            lines += [f"to/the/story) {' '.join(words[4:])}", ""]
            continue
        if index == 3:
            paragraph = "**" + paragraph + "**"
        lines += [*textwrap.wrap(paragraph, 78), ""]
    lines += ["## Related stories", "", "  * [Storm season starts early](https://example.com/s)"]
    lines += ["  * [Ferry rules tightened](https://example.com/f)", "", "* * *", ""]
    lines += ["Share: [Facebook](https://f.example) [Twitter](https://t.example)", ""]
    return "\n".join(lines), [lede, *body]


def generated_pages(count: int = 30, seed: int = 20) -> list[tuple[str, str, list[str]]]:
    """`count` pages (format, dump, story paragraphs), text and markdown alternating."""
    rng = random.Random(seed)
    pages = []
    for index in range(count):
        fmt = "markdown" if index % 2 else "text"
        dump, paragraphs = markdown_page(rng) if index % 2 else text_page(rng)
        pages.append((fmt, dump, paragraphs))
    return pages
