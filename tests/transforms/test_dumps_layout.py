"""Dump rules that read the page's layout: "Related" blocks inside an article, the headline among
captions and menus, and bylines with more on their line or above the article."""

from __future__ import annotations

import pytest

from transforms.chrome import strip_chrome
from transforms.dumps import clean_dump
from transforms.records import CleanArticle, PartialDate

MENU = ["Home", "World", "Business", "Sport", "Sign in"]
LEDE = (
    "A storm flooded coastal towns in the north overnight, forcing hundreds of residents to "
    "leave their homes as rivers burst their banks."
)
ARTICLE = [
    LEDE,
    "Emergency services said that the water had reached the first floor of some houses, and "
    "that the roads to the coast would stay closed until the evening.",
    "The council opened two schools as shelters and asked people who live near the river to "
    "move their cars to higher ground before the next high tide.",
]
LATE = (
    "Forecasters expect the rain to ease on Sunday, but they warned that the ground was so wet "
    "that any more rain in the coming week could bring the water back."
)
RELATED = [
    "Related stories",
    "Council approves new flood defences for the harbour",
    "Ten years since the great flood: what changed",
    "Insurers count the cost of the winter storms",
]
FOOTER = ["About us", "Contact", "Privacy"]


def _clean(lines: list[str]) -> CleanArticle:
    article = clean_dump("\n\n".join(lines) + "\n", "text")
    assert isinstance(article, CleanArticle)
    return article


def test_dump_keeps_prose_after_a_related_block_and_drops_the_block() -> None:
    block = [RELATED[0], *(f"  * {teaser}" for teaser in RELATED[1:])]  # as inscriptis prints
    article = _clean(["Storm floods coastal towns in the north", *ARTICLE, *block, LATE])
    assert article.paragraphs[-1] == LATE
    for teaser in RELATED:
        assert teaser not in article.paragraphs


def test_headline_is_the_line_that_names_the_lede_not_a_menu_or_caption() -> None:
    caption = "Residents of the flooded coastal towns wade through a street (Photo: Agency)"
    lines = [*MENU, "Weather and climate news", "Storm floods coastal towns in the north"]
    article = _clean([*lines, caption, *ARTICLE])
    assert article.title == "Storm floods coastal towns in the north"


def test_headline_far_above_the_article_is_found() -> None:
    share = ["Share on Facebook", "Share on Twitter", "Copy link", "Print", "Email", "Comments"]
    photos = [f"Photo {n} of 8 (Agency)" for n in range(1, 9)]
    lines = [*MENU, "Storm floods coastal towns in the north", *share, *photos, *ARTICLE]
    assert _clean(lines).title == "Storm floods coastal towns in the north"


def test_first_title_like_line_stays_the_headline_when_nothing_names_the_lede() -> None:
    article = _clean(["Night of high water", *ARTICLE])
    assert article.title == "Night of high water"


def test_byline_with_a_date_after_the_name() -> None:
    lines = ["Storm floods coastal towns", "Written by Ana Sandoiu on July 27, 2017", *ARTICLE]
    article = _clean(lines)
    assert article.author == "Ana Sandoiu"
    assert article.date == PartialDate(2017, 7, 27)
    assert not any("Sandoiu" in p for p in article.paragraphs)


def test_byline_followed_by_a_date_label_or_a_degree() -> None:
    updated = _clean(["Storm floods", "by Jane Q. Doe Last updated 04 Jun 2020", *ARTICLE])
    assert (updated.author, updated.date) == ("Jane Q. Doe", PartialDate(2020, 6, 4))
    degree = _clean(["Storm floods", "Written by Grant Tinsley, PhD on April 29, 2018", *ARTICLE])
    assert degree.author == "Grant Tinsley"


def test_gallery_inserted_mid_article_leaves_the_text_whole() -> None:
    """Eight photo slides part the article; the prose after them is the article's, the slides
    are not."""
    gallery = [
        line
        for day in range(1, 9)
        for line in ("Storm in pictures", f"{day} March 2020", "Waves hit the pier", "PA")
    ]
    later = [
        LATE,
        "Residents who had to leave can claim help with the cost of a hotel from the council.",
    ]
    article = _clean(
        [*MENU, "Floods force hundreds from their homes", *ARTICLE, *gallery, *later, *FOOTER]
    )
    assert article.paragraphs == [*ARTICLE, *later]


def test_byline_above_the_article_window() -> None:
    gallery = [f"Photo {n} of 12 (Agency)" for n in range(1, 13)]
    lines = [*MENU, "By Rob Picheta, CNN", *gallery, *ARTICLE]
    assert _clean(lines).author == "Rob Picheta"


def test_prose_that_starts_with_by_is_no_byline() -> None:
    lines = ["Storm floods", "By the end of the night the water had gone.", *ARTICLE]
    assert _clean(lines).author is None


def test_call_to_action_after_the_article_is_dropped() -> None:
    promos = [
        "Get the latest news straight to your phone with our app.",
        "Missing out on the latest news? Enter your email below to receive it in your inbox.",
    ]
    assert strip_chrome([*ARTICLE, *promos]) == ARTICLE


def test_promo_box_between_two_calls_to_action_is_dropped() -> None:
    box = [
        "Learn how to build flood-proof homes: read the rest of our guide to storm season.",
        "Storm season is coming, and you cannot afford to be caught out",
        "From sandbags to insurance, our experts have the answers you need for your home.",
        "Join over 1800 readers who get our storm briefing in their inbox every week.",
    ]
    assert strip_chrome([*ARTICLE, *box]) == ARTICLE
    report = [f"Section {n} of the report sets out what the council decided." for n in range(8)]
    far = strip_chrome([*ARTICLE, box[0], *report, *box[1:]])  # the call is not in the last 8
    assert far == [*ARTICLE, box[0], *report, *box[1:3]]


def test_teaser_cards_after_the_article_are_dropped() -> None:
    cards = [
        "Keep Reading",
        "### Why does the river flood every spring?",
        "Every spring the same streets flood, and every spring the council promises a new wall.",
        "Read More",
        "### The harbour wall, ten years on",
        "Ten years after it was built, the harbour wall has held back every storm but one.",
        "Read More",
        "### A town that learned to live with water",
        "In the Netherlands, towns build for floods instead of fighting them, and it works.",
    ]
    assert strip_chrome([*ARTICLE, LATE, *cards]) == [*ARTICLE, LATE]
    # Mid-page, the cards go and the article after them stays.
    mid = strip_chrome([*ARTICLE, *cards[1:7], LATE, LATE.replace("Sunday", "Monday")])
    assert mid == [*ARTICLE, LATE, LATE.replace("Sunday", "Monday")]
    # A blog index whose cards are the page keeps their excerpts.
    index = strip_chrome([ARTICLE[1], *cards[1:]])
    assert all(excerpt in index for excerpt in cards[2::3])


def test_reader_address_that_is_no_appeal_stays() -> None:
    advice = "If you want to install it from source, see the general download page."
    assert strip_chrome([*ARTICLE, advice]) == [*ARTICLE, advice]
    inside = "Sign up for the evacuation list at the town hall, the council said in an email."
    assert inside in strip_chrome([ARTICLE[0], inside, *ARTICLE[1:], LATE, LEDE + " Again."])


@pytest.mark.parametrize(
    "caption",
    [
        "Striking members of the union at a rally last year. Photograph: Guy Smallman/Getty Images",
        "The company plans to halve its emissions by 2030. Mike Blake/Reuters",
        "Rescue teams search the river bank (Photo: Agency)",
        "The company plans to halve its emissions by 2030. Mike Blake/Reuters files",
        "Agents found the cocaine inside a vessel at the boat ramp. By U.S. CUSTOMS AND BORDER "
        "PROTECTION",
        "Rescue teams search the river bank after the flood. Photo by Jane Doe",
        "Minister Jane Doe (right), looks on as the chief executive signs the agreement",
        "The mayor (second left) speaks with residents at the opening of the new bridge",
        "Image caption About 40 bodies were buried on Thursday",
        "Media captionDrone footage shows the burials on the island",
    ],
    ids=[
        "photograph-credit",
        "name-agency",
        "photo-in-brackets",
        "archive-photo",
        "by-credit",
        "photo-by",
        "position-looks-on",
        "position-speaks",
        "labelled-caption",
        "labelled-caption-glued",
    ],
)
def test_photo_caption_with_its_credit_is_dropped(caption: str) -> None:
    assert strip_chrome([ARTICLE[0], caption, *ARTICLE[1:]]) == ARTICLE


def test_sentence_naming_an_agency_is_no_caption() -> None:
    told = "The company plans to halve its emissions by 2030, a spokesman told Reuters."
    assert told in strip_chrome([ARTICLE[0], told, *ARTICLE[1:]])


def test_sentence_naming_a_position_in_a_picture_is_no_caption() -> None:
    told = "In case you had doubts whether Pierre Thomas (left) would get more carries, relax."
    assert told in strip_chrome([ARTICLE[0], told, *ARTICLE[1:]])


@pytest.mark.parametrize(
    "line", ["BVINEWS.COM", "www.example.org", "news.example.co.uk", "www.example.net"]
)
def test_bare_site_name_line_is_dropped(line: str) -> None:
    assert strip_chrome([ARTICLE[0], line, *ARTICLE[1:]]) == ARTICLE


@pytest.mark.parametrize(
    "line",
    [
        "Story continues below advertisement",
        "Was this article helpful?",
        "Image 3 of 12",
        "Reading time: 4 minutes",
        "« Previous Post",
        "Listen to this article",
        "1.2K Shares",
        "Proudly powered by WordPress",
        "Do not sell my personal information",
        "SHARE / TWEET / 82 COMMENTS",
        "0 comments",
        "Article bookmarked",
        "These are external links and will open in a new window",
        "Already a subscriber? Log in to keep reading.",
        "You have reached your limit of free articles this month.",
        "Save my name, email, and website in this browser for the next time I comment.",
    ],
)
def test_common_widget_line_is_dropped(line: str) -> None:
    """Ad slots, feedback boxes, post navigation, share bars, paywalls, the comment form."""
    assert strip_chrome([ARTICLE[0], line, *ARTICLE[1:]]) == ARTICLE


@pytest.mark.parametrize("line", ["Node.js", "ASP.NET", "Socket.IO"])
def test_product_name_with_a_dot_stays(line: str) -> None:
    assert line in strip_chrome([ARTICLE[0], line, *ARTICLE[1:]])
    by_then = "The plant closed in May. By then the company had halved its emissions."
    assert by_then in strip_chrome([ARTICLE[0], by_then, *ARTICLE[1:]])


def test_blog_post_footer_is_dropped() -> None:
    assert strip_chrome([*ARTICLE, "Posted by K A at 12:11 PM"]) == ARTICLE
    posted = "Posted by the council at 9:30 on Monday, the notice was taken down by noon."
    assert posted in strip_chrome([*ARTICLE, posted])


def test_caption_that_is_all_the_page_holds_stays() -> None:
    only = "Rescue teams search the river bank after the flood. Photo: Agency"
    assert strip_chrome([only]) == [only]


def test_edge_notices_go_unless_the_page_is_about_them() -> None:
    banner = "We use cookies to improve your experience. By continuing you accept our policy."
    assert strip_chrome([banner, *ARTICLE, LATE]) == [*ARTICLE, LATE]
    sections = [
        f"Section {n} of this policy says how long we keep the data we hold." for n in range(20)
    ]
    policy = [
        "This privacy policy explains how we use cookies and what data we collect from you.",
        *sections[:10],
        "We use cookies to remember your settings, and you can accept cookies or refuse them.",
        *sections[10:],
    ]
    assert strip_chrome(policy) == policy


def test_player_notice_and_its_clip_title_are_dropped() -> None:
    player = [
        "Media playback is unsupported on your device",
        "Drone footage shows the flooded town",
    ]
    assert strip_chrome([ARTICLE[0], *player, *ARTICLE[1:]]) == ARTICLE
