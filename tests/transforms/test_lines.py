"""The article run of a page dump: prose lines win, menus and teasers around them lose."""

from __future__ import annotations

from transforms.lines import DEFAULT_CONFIG, is_prose, lower_share, main_region, stopword_share

ARTICLE = [
    "The city council voted on Monday to fund a new bridge across the river, ending a decade "
    "of debate about the traffic in the old town and its narrow streets.",
    "Construction is due to start in the spring, and the mayor said that the work would be "
    "finished before the end of next year if the weather allowed it.",
    "Residents who live near the site said they were worried about the noise, but most of them "
    "welcomed the plan.",
]
MENU = ["Home", "World", "Business", "Sport", "Sign in"]
TEASERS = [
    "Related stories",
    "Mayor opens new library in the north of the city",
    "March 3, 2020",
    "Council election results for every ward",
    "March 1, 2020",
]


def region_of(lines: list[str]) -> list[str]:
    found = main_region(lines, [0.0] * len(lines)).span
    return lines[found.start : found.stop]


def test_article_run_between_menu_and_teasers() -> None:
    assert region_of(MENU + ARTICLE + TEASERS) == ARTICLE


def test_sub_heading_inside_the_article_stays() -> None:
    lines = MENU + ARTICLE[:2] + ["What happens next"] + ARTICLE[2:] + TEASERS
    assert region_of(lines) == [*ARTICLE[:2], "What happens next", *ARTICLE[2:]]


def test_short_closing_sentence_next_to_the_run_stays() -> None:
    closing = "Work starts in May."
    assert region_of(MENU + ARTICLE + [closing] + TEASERS) == [*ARTICLE, closing]


def test_link_lines_are_not_prose() -> None:
    lines = MENU + ARTICLE + TEASERS
    shares = [0.0] * len(MENU) + [1.0] * len(ARTICLE) + [0.0] * len(TEASERS)
    assert main_region(lines, shares).span == range(len(lines))  # no prose: nothing is cut


def test_page_without_prose_is_left_whole() -> None:
    assert region_of(MENU + TEASERS) == MENU + TEASERS


TAG_CLOUD = (
    "Archives Select Month April 2022 (501) March 2022 (805) February 2022 (640) January 2022 "
    "(712) Categories Business Crime Education Environment Health International News Politics "
    "Sports Tourism Weather Travel Food Music Movies Books Science Technology Opinion Letters"
)


def test_unclosed_title_case_row_is_not_prose() -> None:
    """A long unclosed line of title-case words (tag cloud, archive menu) is no prose even where
    function words cannot tell (a page in another language); unclosed prose still is."""
    unclosed = ARTICLE[0].rstrip(".") + " and the shops along the water front near the quay"
    assert not is_prose(TAG_CLOUD, 0.0, english=False, config=DEFAULT_CONFIG)
    assert is_prose(unclosed, 0.0, english=False, config=DEFAULT_CONFIG)


def test_lower_share_ignores_uncased_scripts() -> None:
    assert lower_share("Archive Monat Juni 2014 Januar") == 0.0
    assert lower_share("我們之間 讓愛重生") == 1.0


def test_stopword_share_tells_prose_from_names() -> None:
    assert stopword_share(ARTICLE[0]) > 0.2
    assert stopword_share("Sergei Lavrov John Kerry Moscow Talks") == 0.0


def test_closing_block_after_the_run_joins_it() -> None:
    steps = ["Book a slot online", "Bring the letter", "Pay at the desk"]
    lines = MENU + ARTICLE + ["How to apply"] + steps + TEASERS
    closing = set(range(len(MENU) + len(ARTICLE) + 1, len(MENU) + len(ARTICLE) + 4))
    found = main_region(lines, [0.0] * len(lines), closing=closing).span
    assert lines[found.start : found.stop] == [*ARTICLE, "How to apply", *steps]
    assert region_of(lines) == ARTICLE  # without: the run ends with the article's prose


def test_closing_block_after_three_sub_headings_joins_the_run() -> None:
    """Up to attach_max_gap (3) headings or introducing lines sit between run and block."""
    steps = ["Book a slot online", "Bring the letter", "Pay at the desk"]
    gap = ["Applying", "In person", "Follow these steps:"]
    start = len(MENU) + len(ARTICLE) + len(gap)
    lines = MENU + ARTICLE + gap + steps + TEASERS
    found = main_region(lines, [0.0] * len(lines), closing=set(range(start, start + 3))).span
    assert lines[found.start : found.stop] == [*ARTICLE, *gap, *steps]
    lines = MENU + ARTICLE + ["Applying", *gap] + steps + TEASERS
    found = main_region(lines, [0.0] * len(lines), closing=set(range(start + 1, start + 4))).span
    assert lines[found.start : found.stop] == ARTICLE  # four lines: the block is not attached


def test_closing_block_stops_at_a_related_block() -> None:
    lines = MENU + ARTICLE + TEASERS + ["Book a slot online", "Pay at the desk"]
    closing = {len(lines) - 2, len(lines) - 1}
    detached = set(range(len(MENU) + len(ARTICLE), len(MENU) + len(ARTICLE) + len(TEASERS)))
    found = main_region(lines, [0.0] * len(lines), detached=detached, closing=closing).span
    assert lines[found.start : found.stop] == ARTICLE


MORE = [
    "The council will publish the contracts next month, and the opposition has asked for an "
    "independent review of the costs before any money is spent on the work.",
    "A public meeting about the plans will be held in the town hall on Thursday evening, the "
    "mayor's office said in a statement.",
]
# A photo gallery inserted mid-article: a label, a date, a caption and a credit per slide.
GALLERY = [
    line
    for day in range(1, 9)
    for line in ("News in pictures", f"{day} March 2020", "Crowds at the market", "PA")
]


def test_article_split_by_an_inserted_gallery_joins_without_it() -> None:
    lines = MENU + ARTICLE + GALLERY + MORE + TEASERS
    found = main_region(lines, [0.0] * len(lines))
    kept = [line for i, line in enumerate(lines) if i in found.span and i not in found.gaps]
    assert kept == ARTICLE + MORE
    assert {lines[i] for i in found.gaps} == set(GALLERY)


def test_run_worth_under_half_the_article_stays_out() -> None:
    teaser = "Readers said the bridge would change the town, and we asked them why they think so."
    lines = MENU + ARTICLE + GALLERY + [teaser] + TEASERS
    assert region_of(lines) == ARTICLE
    assert main_region(lines, [0.0] * len(lines)).gaps == frozenset()


def test_run_beyond_a_related_block_stays_out() -> None:
    lines = MENU + ARTICLE + GALLERY + TEASERS + MORE
    start = len(MENU) + len(ARTICLE) + len(GALLERY)
    detached = set(range(start, start + len(TEASERS)))
    found = main_region(lines, [0.0] * len(lines), detached=detached)
    assert lines[found.span.start : found.span.stop] == ARTICLE
    joined = main_region(lines, [0.0] * len(lines))  # without the block: the run joins
    assert lines[joined.span.stop - 1] == MORE[-1]
