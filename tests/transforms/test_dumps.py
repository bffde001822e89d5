from pathlib import Path

import pytest

from transforms.chrome import strip_chrome
from transforms.dumps import DumpConfig, clean_dump
from transforms.records import CleanArticle, PartialDate, Rejection

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "data"


def _seed(prefix: str) -> CleanArticle:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    article = clean_dump(path.read_text(encoding="utf-8"), "text")
    assert isinstance(article, CleanArticle)
    return article


def _body(article: CleanArticle) -> str:
    return "\n".join(article.paragraphs)


def _count(article: CleanArticle, text: str) -> int:
    return sum(p.count(text) for p in article.paragraphs)


def test_seed_000_moscow_times() -> None:
    article = _seed("000")
    assert article.title == "Kerry: 'Productive' Talks With Russian Foreign Minister in Moscow"
    assert article.author == "Anastasia Bazenkova"
    assert article.url == (
        "https://www.themoscowtimes.com/2016/03/24/"
        "kerry-productive-talks-with-russian-foreign-minister-in-moscow-a52260"
    )
    assert article.site == "themoscowtimes.com"
    assert article.date == PartialDate(2016, 3, 24)
    assert article.date.precision == "day"
    body = _body(article)
    for chrome in ("Original url:", "Contact the author", "a.bazenkova@imedia.ru", "By Anastasia"):
        assert chrome not in body
    assert "extra wisdom to our conversations. You look terrific" in body
    assert not any(p.startswith(("#", "conversations")) for p in article.paragraphs)


def test_seed_001_state_department_transcript() -> None:
    article = _seed("001")
    assert (
        article.title == "Remarks With Russian Foreign Minister Sergey Lavrov Before Their Meeting"
    )
    assert article.date == PartialDate(2016, 7, 15)
    assert article.author in (None, "John Kerry")
    for line in ("Secretary of State", "Moscow, Russia", "John Kerry", "July 15, 2016"):
        assert line not in article.paragraphs
    assert article.paragraphs[0].startswith("FOREIGN MINISTER LAVROV: (Via interpretation)")


def test_seed_002_machine_translated_tass() -> None:
    article = _seed("002")
    title = "Lavrov will hold talks with Kerry in Moscow"
    assert article.title == title
    assert title not in article.paragraphs
    assert article.date == PartialDate(2015, 12, 15)
    assert article.date_source == "dateline"
    assert PartialDate(2015, 5, None) in article.mentioned_dates
    body = _body(article)
    assert "See also" not in body
    for link in (
        "Putin will take Kerry after talks with",
        "What are the similarities and differences",
        "The Russian foreign Ministry hopes that the visit Kerry will",
    ):
        assert link not in body
    assert article.paragraphs[0].startswith("MOSCOW, December 15. The Minister")
    for heading in (
        "Preparatory work",
        "Isolation did not work again",
        "A complicated relationship",
    ):
        assert heading in article.paragraphs
    assert "Moscow expects serious and business-like conversation." in article.paragraphs


def test_seed_003_caption_printed_twice() -> None:
    article = _seed("003")
    assert article.title == "Putin, Kerry hold “constructive” meeting in Moscow"
    assert article.date == PartialDate(2016, 3, 25)
    body = _body(article)
    assert "Follow us on" not in body
    assert "TBP and Agencies" not in body
    caption = (
        "Russian President Vladimir Putin with US Secretary of State John Kerry "
        "in Moscow on 24 March 2016 [PPIO]"
    )
    assert _count(article, caption) == 1
    assert "\u00a0" not in body


def test_seed_004_rferl_page_chrome() -> None:
    article = _seed("004")
    assert article.title == "Kerry, Lavrov Hold Moscow Talks"
    assert article.date == PartialDate()  # no date line: "July 15" in the text dates the event
    assert article.date_source is None
    body = _body(article)
    for chrome in (
        "Accessibility links",
        "Breaking News",
        "please wait",
        "No media source currently available",
        "0:00",
        "WATCH:",
        "16x9 Image",
        "RFE/RL journalists report",
        "undesirable organization",
        "To find out more, click here",
        "Kerry Condemns Nice Attack",
    ):
        assert chrome not in body
    for menu in ("XS", "SM", "MD", "LG"):
        assert menu not in article.paragraphs
    caption = (
        "U.S. Secretary of State John Kerry and Russian Foreign Minister Sergei Lavrov "
        "meet in Moscow on July 15."
    )
    assert _count(article, caption) == 1
    assert _count(article, "The Obama administration has repeatedly expressed frustration") == 1
    assert "rebel camps. Last month" in body


CONTENT = {
    "000": [
        "U.S. Secretary of State John Kerry (L) and Russian Foreign Minister Sergei Lavrov",
        "talks had been “productive.”",
        "Spoke at length today with FM Lavrov about Syria and Ukraine.",
        "Russian Foreign Ministry spokeswoman Maria Zakharova reported Thursday.",
        "Kerry congratulated his Russian counterpart on his birthday",
        "We can actually demonstrate that the two mighty powers",
        "some say as much as 85 to 90 percent",
        "This is the third time Kerry has visited Russia over the past year.",
        "the implementation of the Minsk agreements.",
    ],
    "001": [
        "Dear Secretary of State, dear colleagues",
        "Anyway, we still need to get started.",
        "SECRETARY KERRY: Well, Sergey, thank you very much.",
        "We certainly join with you in expressing our absolute abhorrence",
        "And you and I and our teams are in the enviable position",
        "We also talked, obviously, about Ukraine.",
        "We still have some gaps",
        "Finally, let me just say",
    ],
    "002": [
        "The current Ministerial meeting, the 20th this year",
        "in may 2015 he arrived in Sochi",
        "Moscow hopes that the forthcoming meeting will contribute",
        "The focus of the parties will pay Syria",
        "In the Syrian settlement was possible for one negotiating table",
        "These priorities very, very clear",
        "Conference of the Syrian opposition, Riyadh",
        "Moscow made it clear that repaint extremists",
        "an Islamist terrorist organization operating inside Iraq and Syria.",
        "The IG recognized as a terrorist organization",
        "In anticipation of the visit of Secretary of state",
        "In Washington as many can convince themselves",
        "This “fully applies to the Syrian issue",
        "The number of existing between the two countries problems",
        "At the same time, in depodesta stated willingness",
        "In recent years Moscow and Washington have accumulated",
        "However, about a new “cold war”.",
        "The end of 2015 was marked by a breakthrough",
        "However, disagreements on a number of issues remain.",
        "Of course, the Ministers will discuss Ukraine.",
    ],
    "003": [
        "After an exhaustive discussion session with US Secretary of State John Kerry",
        "The current cessation of hostilities in Syria issue",
        "We understand that what we have managed to achieve",
        "We have managed to find some common ground",
        "Russia has been opposed to the US-led clamour",
        "The UN has called for talks to resume on April 9.",
        "rebuild and strengthen the relationship",
        "Kerry later tweeted to say talks with Putin were “constructive”.",
        "Kerry hailed the current truce",
        "which started on March 15, was “a very critical decision”.",
        "We obviously also have some ideas",
        "the third in 10 months",
        "Putin also joked about Kerry carrying his own luggage",
        "things must be looking blue in the United States",
        "a draft version of a new constitution for Syria by August.",
        "A Russian special forces soldier was killed",
        "The soldier died heroically",
    ],
    "004": [
        "Kerry held more than four hours of talks",
        "The July 15 meeting came a day after Kerry held similar talks",
        "During a break in the talks, Kerry and Lavrov participated",
        "Since launching its air campaign in September",
        "But Russia has also targeted moderate rebels",
        "State Department spokesman John Kirby told reporters",
        "Kremlin spokesman Dmitry Peskov called",
        "have been met with deep skepticism",
        "Ahead of Kerry’s visit, The Washington Post reported",
        "would be a new military command-and-control headquarters",
        "In exchange for U.S. cooperation",
        "Washington also wants Russia's help",
        "According to The Associated Press",
        "signed by 51 State Department officials last month",
        "That wariness has been deepened by Russian air strikes",
        "the potential for a clash between a U.S. and Russian jets had been high.",
    ],
}


@pytest.mark.parametrize("prefix", sorted(CONTENT))
def test_seed_content_is_kept(prefix: str) -> None:
    body = _body(_seed(prefix))
    missing = [sentence for sentence in CONTENT[prefix] if sentence not in body]
    assert missing == []


MARKDOWN_PAGE = """\
- [Home](/)
- [World](/world)
- [Business](/business)
- [Sport](/sport)

We use cookies to improve your experience. By continuing you accept our [cookie policy](/c).

# Storm closes ports along the Baltic coast

*By Jane Doe | 3 February 2021*

Share on Facebook

![A ship in a storm](https://img.example/ship.jpg)

Ports in **Gdansk** and Klaipeda closed on Tuesday as a storm with winds of
120 km/h swept across the Baltic, the [port authority](https://port.example) said.

Ferries were held in harbour and some 2,000 people waited at terminals, officials said.

## Outlook

Forecasters expect the winds to ease by Thursday, when the ports should reopen.

Related articles

- [Floods hit northern Germany](https://news.example/floods)
- [Shipping costs rise again](https://news.example/costs)

Follow us on Twitter

© 2021 Example News. All rights reserved.
"""


def test_markdown_page_of_another_site() -> None:
    article = clean_dump(MARKDOWN_PAGE, "markdown")
    assert isinstance(article, CleanArticle)
    assert article.title == "Storm closes ports along the Baltic coast"
    assert article.author == "Jane Doe"
    assert article.date == PartialDate(2021, 2, 3)
    assert article.date_source == "byline"
    assert article.paragraphs == [
        "Ports in Gdansk and Klaipeda closed on Tuesday as a storm with winds of 120 km/h swept "
        "across the Baltic, the port authority said.",
        "Ferries were held in harbour and some 2,000 people waited at terminals, officials said.",
        "Outlook",
        "Forecasters expect the winds to ease by Thursday, when the ports should reopen.",
    ]


WRAPPED_MARKDOWN = """\
# Storm closes ports along the Baltic coast

**_By Jane Doe_** : Ports in Gdansk and Klaipeda closed on Tuesday as a storm with winds
of 120 km/h swept across the Baltic, the port authority said on Tuesday evening.

_Ferries were held in harbour and some 2,000 people waited at terminals for hours,
officials at the port of Gdansk said, and more were expected to arrive overnight._

  * The port of Gdansk expects to reopen on Thursday, when the winds should ease
    and the ferries can sail again.
  * Klaipeda has not said when it will reopen its terminals to ferries and freight.
"""


def test_markdown_wrapped_emphasis_and_list_items_are_read_whole() -> None:
    """html2text wraps at 78 columns: an italic paragraph or a list item goes on over lines,
    and "**_By ..._**" nests emphasis; no marker may be left in the text."""
    article = clean_dump(WRAPPED_MARKDOWN, "markdown")
    assert isinstance(article, CleanArticle)
    assert article.paragraphs == [
        "By Jane Doe : Ports in Gdansk and Klaipeda closed on Tuesday as a storm with winds of "
        "120 km/h swept across the Baltic, the port authority said on Tuesday evening.",
        "Ferries were held in harbour and some 2,000 people waited at terminals for hours, "
        "officials at the port of Gdansk said, and more were expected to arrive overnight.",
        "The port of Gdansk expects to reopen on Thursday, when the winds should ease and the "
        "ferries can sail again.",
        "Klaipeda has not said when it will reopen its terminals to ferries and freight.",
    ]


def test_markdown_wrapped_heading_is_read_whole() -> None:
    """A headline longer than the wrap goes on over the next line; a short heading followed at
    once by a paragraph line is still a heading of its own."""
    body = WRAPPED_MARKDOWN.split("\n\n", 1)[1]
    headline = "Storm closes the ports of Gdansk and Klaipeda as winds of 120 km/h sweep"
    wrapped = f"# {headline}\nacross the Baltic"
    article = clean_dump(f"{wrapped}\n\n{body}", "markdown")
    assert isinstance(article, CleanArticle)
    assert article.title == f"{headline} across the Baltic"
    short = clean_dump(f"# Baltic storm\nFerries were held in harbour.\n\n{body}", "markdown")
    assert isinstance(short, CleanArticle)
    assert short.title == "Baltic storm"


TEXT_PAGE = """\
http://www.accesshollywood.com/lindsay-lohan-leaves-betty-ford_article_80744

Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab

First Published: June 13, 2013 4: 59 PM EDT

Lindsay Lohan has left the Betty Ford Center and is moving to a rehab facility in Malibu,
Calif., Access Hollywood has confirmed.

Skip to content

A spokesperson confirmed that a judge signed an order yesterday allowing the transfer.
Photo: Getty Images
Share this article
"""


def test_text_page_with_url_and_first_published_line() -> None:
    article = clean_dump(TEXT_PAGE, "text")
    assert isinstance(article, CleanArticle)
    assert article.url.startswith("http://www.accesshollywood.com/lindsay-lohan")
    assert article.site == "accesshollywood.com"
    assert article.title == "Lindsay Lohan Leaves Betty Ford, Checks Into Malibu Rehab"
    assert article.date == PartialDate(2013, 6, 13)
    assert article.date_source == "date_line"
    assert article.paragraphs == [
        "Lindsay Lohan has left the Betty Ford Center and is moving to a rehab facility in "
        "Malibu, Calif., Access Hollywood has confirmed.",
        "A spokesperson confirmed that a judge signed an order yesterday allowing the transfer.",
    ]


def test_wrapped_paragraph_across_stray_blank_line_is_joined() -> None:
    text = (
        "Headline Here\n\nHe said “it brings wisdom to our\n\nconversations,” then left the room."
    )
    article = clean_dump(text, "text")
    assert isinstance(article, CleanArticle)
    assert article.paragraphs == [
        "He said “it brings wisdom to our conversations,” then left the room."
    ]


def test_dateline_date_with_year_from_text() -> None:
    text = (
        "Talks in Vienna\n\nVIENNA, March 3 (Reuters) - Ministers met again, a year after the "
        "talks of March 2015 and the deal of 2016.\n\nThey will meet again in April."
    )
    article = clean_dump(text, "text")
    assert isinstance(article, CleanArticle)
    assert article.date == PartialDate(2016, 3, 3)
    assert article.date_source == "dateline"


def test_strip_chrome_keeps_clean_article_text() -> None:
    paragraphs = [
        "Lindsay Lohan has left the Betty Ford Center, Access Hollywood has confirmed.",
        "Preparatory work",
        "“We will see,” she said. Read more about the case in court papers filed on Monday.",
        "Thank you.",
        "Thank you.",
        "GoldenEye: Rogue Agent is out now",
    ]
    assert strip_chrome(paragraphs) == paragraphs


def test_strip_chrome_drops_chrome_and_repeats() -> None:
    paragraphs = [
        "Skip to content",
        "Home | World | Business | Sport",
        "The minister arrived in Moscow on Wednesday for a two-day visit.",
        "The minister arrived in Moscow on Wednesday for a two-day visit.",
        "Image copyright Getty Images",
        "Contact the author at a.b@example.com",
        "Based on reporting by Reuters and TASS",
    ]
    assert strip_chrome(paragraphs) == [
        "The minister arrived in Moscow on Wednesday for a two-day visit."
    ]


def test_wire_credit_line_is_article_text() -> None:
    """Issue 20: a wire story's "Reporting by ...; Editing by ..." line is part of the story
    (transforms/data/credit_lines.txt), not chrome; a source note stays chrome."""
    credit = "Reporting by Jane Doe; Editing by John Roe"
    lede = "The minister arrived in Moscow on Wednesday for a two-day visit."
    assert strip_chrome([lede, credit]) == [lede, credit]


def test_strip_chrome_drops_text_disguised_with_mixed_scripts() -> None:
    """Ads spell Latin words with Cyrillic look-alikes to pass filters; Russian words beside
    English ones are text."""
    disguised = "Yоur соntеnt іѕ dеlіvеrеd іnѕtаntlу tо thоuѕаndѕ оf uѕеrѕ!"
    quoted = "The ministry called it «провокация» (provocation) in a statement on Monday."
    assert strip_chrome([quoted, disguised]) == [quoted]


@pytest.mark.parametrize(
    ("text", "fmt", "code"),
    [
        ("Body text.", "html", "dumps_bad_format"),
        (" \n\n \u00a0\n", "text", "dumps_empty"),
        (
            "Share this article\n\nFollow us on Twitter\n\nSkip to content\n",
            "text",
            "dumps_no_text",
        ),
    ],
    ids=["bad-format", "empty", "only-chrome"],
)
def test_rejection_codes(text: str, fmt: str, code: str) -> None:
    result = clean_dump(text, fmt, DumpConfig(), path="seeds/x.txt")
    assert isinstance(result, Rejection)
    assert result.code == code
    assert result.path == "seeds/x.txt"


@pytest.mark.shared_data
def test_ecbplus_url_title_and_date_lines() -> None:
    folder = SHARED / "ecbplus-dev"
    if not folder.is_dir():
        pytest.skip("../shared/data/ecbplus-dev is absent")
    files = sorted(folder.glob("*ecbplus.txt"))[:60]
    articles = [clean_dump(f.read_text(encoding="utf-8"), "text") for f in files]
    assert all(isinstance(a, CleanArticle) for a in articles)
    with_url = [a for a, f in zip(articles, files, strict=True) if f.read_text().startswith("http")]
    assert sum(1 for a in with_url if a.url) >= 0.95 * len(with_url)
    assert sum(1 for a in articles if a.title) >= 0.9 * len(articles)
    assert sum(1 for a in articles if a.date.year) >= 0.7 * len(articles)


@pytest.mark.shared_data
def test_bbc_first_line_is_title_and_body_is_kept() -> None:
    folder = SHARED / "bbc-news"
    if not folder.is_dir():
        pytest.skip("../shared/data/bbc-news is absent")
    for path in sorted((folder / "business").glob("*.txt"))[:80]:
        text = path.read_text(encoding="utf-8", errors="replace")
        article = clean_dump(text, "text")
        assert isinstance(article, CleanArticle)
        assert article.title == " ".join(text.split("\n", 1)[0].split())
        last = [line for line in text.split("\n") if line.strip()][-1].strip()
        assert " ".join(last.lstrip("-* ").split())[:40] in "\n".join(article.paragraphs)


def test_one_sentence_article_keeps_its_sentence_as_body():
    text = (
        "The BBC says little-known actor Matt Smith will take over the title role in the "
        "long-running sci-fi series “Doctor Who. ”\n"
    )
    article = clean_dump(text, "text")
    assert isinstance(article, CleanArticle)
    assert article.paragraphs == [text.strip()]


def test_author_note_under_the_article_is_dropped() -> None:
    paragraphs = [
        "The council voted on Monday to fund a new bridge across the river, officials said.",
        "Work is due to start in the spring and to end next year.",
        "Jane Doe is a senior writer for the Valley Herald, covering local politics.",
    ]
    assert strip_chrome(paragraphs) == paragraphs[:2]
    story = [*paragraphs[:2], "The mayor is a former journalist."]
    assert strip_chrome(story) == story


def test_note_opening_with_the_bylined_authors_name_is_dropped() -> None:
    story = [
        "The council voted on Monday to fund a new bridge across the river, officials said.",
        "Work is due to start in the spring and to end next year.",
    ]
    note = "JANE DOE has covered the valley for ten years. She lives by the river with two cats."
    assert strip_chrome([*story, note], author="Jane Doe") == story
    assert strip_chrome([*story, note], author="John Roe") == [*story, note]
    # Through the dump cleaner: the byline names the author.
    dump = "\n\n".join(["Council funds the new bridge", "By Jane Doe", *story, note])
    article = clean_dump(dump, "text")
    assert isinstance(article, CleanArticle)
    assert article.author == "Jane Doe"
    assert article.paragraphs == story


def test_a_dump_of_one_long_line_is_its_own_text_and_a_menu_line_is_rejected():
    """ECB+ 45_3ecb.txt is one 30-word sentence without a closing period: too long for a
    headline, so no title, and it was rejected as chrome, losing its only text."""
    line = (
        "Dozens of people in Laci Peterson's hometown who were donating blood in her memory "
        "applauded when they heard a jury's decision to execute Scott Peterson for the murder "
        "of his pregnant wife"
    )
    article = clean_dump(line + "\n", "text")
    assert isinstance(article, CleanArticle) and article.paragraphs == [line]
    assert isinstance(clean_dump("Home | News | Sport\n", "text"), Rejection)
    assert isinstance(clean_dump("Share this\n", "text"), Rejection)
