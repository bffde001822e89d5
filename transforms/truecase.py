"""Casing of multiword names and titles, learned from native English text, and its repair.

Machine translation from Russian breaks the casing of names it does not recognise:
"Minister of foreign Affairs", "Secretary of state", "new York", "White house". Native
news writes them one way thousands of times, so counts of capitalised phrases in documents
that are not machine-translated (plus a shipped seed list) tell how each should look.
A span is repaired only when it is *mixed* (some content words capitalised, some not):
all-lower-case text ("a secretary of state for trade", "the white paper") is correct
English and is not touched, with one exception learned from a real news corpus
(`glossaries/casing_news_en.txt`, shipped, merged with what the warehouse learns): a phrase
that native news never writes in lower case is capitalised in a machine-translated text,
"the european commission" anywhere, and "the white house", whose words also read as common
nouns, only where it acts as an institution ("the white house declined to comment").
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import NamedTuple

from transforms.rules import RuleSet

logger = logging.getLogger(__name__)

# Lower-case words allowed inside a name: "Ministry of Foreign Affairs", "Bank of the Russian
# Federation", "Charles de Gaulle", "Jabhat al-Nusra" (hyphenated, one token).
FUNCTION_WORDS = frozenset(
    [
        "of",
        "the",
        "for",
        "de",
        "du",
        "la",
        "le",
        "von",
        "van",
        "der",
        "den",
        "al",
        "el",
        "bin",
        "da",
        "di",
        "del",
        "upon",
    ]
)
# Capitalised only because they open a sentence or a headline: stripped from the front of a run.
LEADING_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "in",
        "on",
        "at",
        "for",
        "but",
        "and",
        "or",
        "of",
        "as",
        "by",
        "to",
        "from",
        "with",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "i",
        "if",
        "when",
        "while",
        "after",
        "before",
        "during",
        "since",
        "his",
        "her",
        "their",
        "our",
        "my",
        "your",
        "yesterday",
        "today",
        "meanwhile",
        "however",
        "also",
        "so",
        "then",
        "there",
        "here",
    ]
)
# Headline casing ("Talks With Russian Foreign Minister"): a phrase with one of these
# capitalised after its first word is a headline, not a name.
HEADLINE_WORDS = frozenset(
    [
        "with",
        "to",
        "in",
        "at",
        "and",
        "on",
        "by",
        "from",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "has",
        "have",
        "had",
        "will",
        "would",
        "after",
        "over",
        "into",
        "about",
        "against",
        "but",
        "or",
        "not",
        "says",
        "said",
        "a",
        "an",
        "than",
    ]
)
_CAP = r"(?:[A-Z](?:\.[A-Z])+\.|[A-Z][A-Za-z-]*[A-Za-z]|[A-Z])"
_FUNCTION = "|".join(sorted(FUNCTION_WORDS))
_RUN = re.compile(
    rf"(?<![\w.-]){_CAP}(?:[^\S\n]+(?:(?:{_FUNCTION})[^\S\n]+){{0,2}}{_CAP})+(?![\w-])"
)
_SEP = r"[^\S\n]+"
_CAP_RUN = rf"{_CAP}(?:{_SEP}(?:(?:{_FUNCTION}){_SEP}){{0,2}}{_CAP}){{0,3}}"
_LOWER = r"[a-z][a-z-]*[a-z]"
# Native mixed casing around a capitalised run: "British government", "Secretary of state",
# "new York"; counted against the run's key so common English is never "repaired".
_MIXED_AFTER = re.compile(
    rf"(?<![\w.-]){_CAP_RUN}{_SEP}(?:(?:{_FUNCTION}){_SEP}){{0,2}}{_LOWER}(?![\w-])"
)
_MIXED_BEFORE = re.compile(rf"(?<![\w.-]){_LOWER}{_SEP}{_CAP_RUN}(?![\w-])")
# Prefilter for repair: a lower-case word right after or right before a capitalised word.
_LOWER_AFTER_CAP = re.compile(
    rf"(?<![\w.'’-])[A-Z][\w.-]*{_SEP}(?:(?:{_FUNCTION}){_SEP}){{0,2}}([a-z][a-z-]*[a-z])(?![\w-])"
)
_LOWER_BEFORE_CAP = re.compile(
    rf"(?<![\w'’-])([a-z][a-z-]*[a-z]){_SEP}(?:(?:{_FUNCTION}){_SEP}){{0,2}}(?=[A-Z])"
)
_TOKEN = re.compile(r"(?<!['’])(?:[A-Za-z](?:\.[A-Za-z])+\.|[A-Za-z][A-Za-z-]*[A-Za-z]|[A-Za-z])")
_GAP = re.compile(r"[^\S\n]+")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]\.)+$|\b(?:Mr|Mrs|Ms|Dr|St|Gen|Col|Lt|Sgt|Prof|Sen|Rep|Gov)\.$"
)
_ACRONYM = re.compile(r"[A-Z]{2,}|(?:[A-Z]\.)+")
# An all-capitals word right after a known phrase: the name is longer than the phrase.
_NAME_GOES_ON = re.compile(r"[^\S\n]+[A-Z]{3,}\b")
_SENTENCE_OPENERS = frozenset('.!?:;"“”«(—–\n')


class TextEdit(NamedTuple):
    """One edit in the coordinates of the text it was found in."""

    start: int
    end: int
    before: str
    after: str
    rule: str


@dataclass(frozen=True, slots=True)
class TruecaseConfig:
    # Phrases of 2 to 5 tokens: "New York" .. "Ministry of Foreign Affairs of Russia".
    min_tokens: int = 2
    max_tokens: int = 5
    # A learned form is trusted when seen at least this often; 3 drops one-off headlines and
    # typos on BBC News (2,225 docs: 1,9xx trusted phrases, none of them a headline fragment).
    min_count: int = 3
    # ... and when it is this share of all its forms, mixed ones included. Natives write
    # "New York" and "White House" one way (~100%); "Labour party"/"Labour Party" (80/20 on
    # BBC News) is house style, not a broken name: 0.95 keeps such phrases out.
    min_share: float = 0.95
    # A phrase all in lower case is capitalised (machine-translated texts only) when native
    # news wrote it capitalised at least this often and in lower case in at most this share of
    # its uses. On BBC News + Reuters-21578 (casing_news_en.txt): "White House" 237 / 0,
    # "European Union" 50 / 0 qualify; "Foreign Ministry" 37 / 12 and "Prime Minister" 27 / 259
    # are written in lower case too, so their lower-case form is left as it is.
    lowercase_min_count: int = 10
    lowercase_max_share: float = 0.05


@dataclass(slots=True)
class CasingCounts:
    """Cased forms of capitalised phrases and the mixed forms seen, before `learn_casing`'s
    filter. Counts of any split of a batch add up to the batch's, so workers count their chunks
    and the flow sums them (and takes machine-translated documents back out)."""

    names: dict[str, Counter[str]] = field(default_factory=dict)
    mixed: Counter[str] = field(default_factory=Counter)

    def add(self, other: CasingCounts) -> None:
        for key, forms in other.names.items():
            self.names.setdefault(key, Counter()).update(forms)
        self.mixed.update(other.mixed)

    def subtract(self, other: CasingCounts) -> None:
        for key, forms in other.names.items():
            mine = self.names.get(key)
            if mine is not None:
                mine.subtract(forms)
                self.names[key] = +mine
                if not self.names[key]:
                    del self.names[key]
        self.mixed.subtract(other.mixed)
        self.mixed = +self.mixed


def count_casing(texts: Iterable[str], config: TruecaseConfig = TruecaseConfig()) -> CasingCounts:
    """The cased and mixed forms in `texts`; feed only documents NOT machine-translated."""
    counts = CasingCounts()
    for text in texts:
        for match in _RUN.finditer(text):
            tokens = match.group().split()
            if _sentence_initial(text, match.start()):
                tokens = tokens[1:]
            while tokens and tokens[0].lower() in LEADING_WORDS:
                tokens = tokens[1:]
            if not config.min_tokens <= len(tokens) <= config.max_tokens:
                continue
            if tokens[-1] in FUNCTION_WORDS or any(t.lower() in HEADLINE_WORDS for t in tokens[1:]):
                continue
            form = " ".join(tokens)
            counts.names.setdefault(form.lower(), Counter())[form] += 1
        for pattern in (_MIXED_AFTER, _MIXED_BEFORE):
            for match in pattern.finditer(text):
                if not _sentence_initial(text, match.start()):
                    counts.mixed[" ".join(match.group().split())] += 1
    return counts


def learned_forms(
    counts: CasingCounts, config: TruecaseConfig = TruecaseConfig()
) -> dict[str, dict[str, int]]:
    """Phrase key -> cased form -> count, mixed forms included under their key.

    Mixed forms written by native authors ("the British government", "a new York office") are
    counted too, so that a phrase natives often write mixed is never "repaired". They are kept
    only for keys that also have a capitalised form in the same batch, which bounds memory:
    learn over batches of hundreds of documents or more.
    """
    names = {key: Counter(forms) for key, forms in counts.names.items()}
    for form, n in counts.mixed.items():
        key = form.lower()
        if key in names and len(form.split()) <= config.max_tokens:
            names[key][form] += n
    return {key: dict(forms) for key, forms in names.items()}


def learn_casing(
    texts: Iterable[str], config: TruecaseConfig = TruecaseConfig()
) -> dict[str, dict[str, int]]:
    """Count the cased forms of capitalised phrases; feed only documents NOT machine-translated."""
    return learned_forms(count_casing(texts, config), config)


def casing_rows(counts: dict[str, dict[str, int]]) -> list[tuple[str, str, int]]:
    """Flatten counts to warehouse rows (phrase_key, cased_form, n), sorted for stable loads."""
    return sorted((key, form, n) for key, forms in counts.items() for form, n in forms.items())


def changed_phrases(before: CasingLexicon, after: CasingLexicon) -> set[str]:
    """Phrase keys whose trusted form differs between two lexicons: the only phrases whose
    repairs can differ between them."""
    keys = before.forms.keys() | after.forms.keys()
    changed = {key for key in keys if before.forms.get(key) != after.forms.get(key)}
    lower = before.lowercase.keys() | after.lowercase.keys()
    return changed | {k for k in lower if before.lowercase.get(k) != after.lowercase.get(k)}


def may_hold(paragraphs: list[str], phrases: set[str]) -> bool:
    """Whether `paragraphs` may hold one of `phrases` (lower-cased keys): all its words occur
    in the lower-cased text. Never false for a text that holds one; cheap enough to run
    on a whole batch to find the few documents a lexicon change concerns."""
    if not phrases:
        return False
    text = "\n".join(paragraphs).lower()
    return any(all(word in text for word in key.split()) for key in phrases)


def load_seed_phrases(path: Path | None = None) -> list[str]:
    """The shipped seed list (`glossaries/casing_en.txt`): one phrase a line, '#' comments."""
    rules = RuleSet.from_file(path) if path else RuleSet.load("casing_en.txt")
    return list(rules.plain)


@dataclass(frozen=True, slots=True)
class NewsCasing:
    """The shipped casing evidence of native news (`casing_news_en.txt`)."""

    rows: tuple[tuple[str, str, int], ...]  # (phrase key, form, count), as the warehouse stores
    lowercase: dict[str, tuple[int, str]]  # phrase key -> (lower-case uses, literal | name)


@cache
def load_news_casing(path: Path | None = None) -> NewsCasing:
    """Phrase forms and counts learned from BBC News and Reuters-21578 (built by
    scripts/build_news_casing.py): rows to add to the warehouse's, lower-case evidence apart."""
    rules = RuleSet.from_file(path) if path else RuleSet.load("casing_news_en.txt")
    rows: list[tuple[str, str, int]] = []
    lowercase: dict[str, tuple[int, str]] = {}
    for line in rules.plain:
        form, count, *rest = line.split("\t")
        key = form.lower()
        rows.append((key, form, int(count)))
        if rest:
            lowercase[key] = (int(rest[0]), rest[1])
    return NewsCasing(tuple(rows), lowercase)


def news_lexicon(
    rows: Iterable[tuple[str, str, int]] = (), config: TruecaseConfig = TruecaseConfig()
) -> CasingLexicon:
    """The lexicon the repair stage uses: the shipped news casing plus `rows` the warehouse
    learned from its own native documents, and the seed phrases. A warehouse whose first
    article is machine-translated already knows "White House" and "State Department"."""
    news = load_news_casing()
    return CasingLexicon.from_rows(
        [*news.rows, *rows], load_seed_phrases(), config, lowercase=news.lowercase
    )


@dataclass(frozen=True, slots=True)
class CasingLexicon:
    """Trusted casing of multiword phrases: lower-cased key -> canonical form."""

    forms: dict[str, str] = field(default_factory=dict)
    max_tokens: int = 5
    first_words: frozenset[str] = frozenset()
    content_words: frozenset[str] = frozenset()  # lower-cased, for the repair prefilter
    # Phrases (and nationality adjectives) capitalised even when written all in lower case:
    # key -> (canonical form, "literal" | "name"), see TruecaseConfig.lowercase_*.
    lowercase: dict[str, tuple[str, str]] = field(default_factory=dict)
    memo: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[tuple[str, str, int]],
        seed_phrases: Iterable[str] = (),
        config: TruecaseConfig = TruecaseConfig(),
        lowercase: dict[str, tuple[int, str]] | None = None,
    ) -> CasingLexicon:
        """Keep the dominant form of each phrase where evidence is strong; seeds always win.
        `lowercase` (key -> lower-case uses, reading) makes a trusted phrase that natives
        (almost) never write in lower case repairable in lower case too."""
        by_key: dict[str, Counter[str]] = {}
        for key, form, n in rows:
            by_key.setdefault(key, Counter())[form] += n
        forms: dict[str, str] = {}
        for key, counter in by_key.items():
            form, n = counter.most_common(1)[0]
            trusted = n >= config.min_count and n >= config.min_share * sum(counter.values())
            if trusted and _is_name_form(form):
                forms[key] = form
        for phrase in seed_phrases:
            phrase = " ".join(phrase.split())
            observed = by_key.get(phrase.lower())
            if observed and observed[phrase] * 2 < sum(observed.values()):
                continue  # natives mostly write it otherwise ("European commission")
            forms[phrase.lower()] = phrase
        capitalised: dict[str, tuple[str, str]] = {}
        for key, (lower_uses, reading) in (lowercase or {}).items():
            form = forms.get(key)
            cased = by_key[key][form] if form and key in by_key else 0
            share = lower_uses / (cased + lower_uses) if cased else 1.0
            enough = cased >= config.lowercase_min_count or " " not in key  # words: curated
            if enough and share <= config.lowercase_max_share:
                capitalised[key] = (form, reading)  # type: ignore[assignment]
        words = {key: form for key, form in forms.items() if " " not in key}
        lexicon = cls.from_forms({k: f for k, f in forms.items() if k not in words})
        return replace(lexicon, lowercase=capitalised)

    @classmethod
    def from_counts(
        cls,
        counts: dict[str, dict[str, int]],
        seed_phrases: Iterable[str] = (),
        config: TruecaseConfig = TruecaseConfig(),
    ) -> CasingLexicon:
        return cls.from_rows(casing_rows(counts), seed_phrases, config)

    @classmethod
    def from_forms(cls, forms: dict[str, str]) -> CasingLexicon:
        lengths = [len(key.split()) for key in forms]
        return cls(
            forms=forms,
            max_tokens=max(lengths, default=0),
            first_words=frozenset(key.split()[0] for key in forms),
            content_words=frozenset(
                w for key in forms for w in key.split() if w not in FUNCTION_WORDS
            ),
        )

    def lowercase_edits(self, paragraph: str) -> list[TextEdit]:
        """Capitalise known names machine translation wrote all in lower case: nationality
        adjectives ("a ukrainian soldier") and phrases natives never write in lower case,
        those that read as common nouns too only where they act ("the white house said")."""
        if not self.lowercase:
            return []
        firsts = self.memo.get("lowercase_firsts")
        if firsts is None:
            firsts = self.memo["lowercase_firsts"] = frozenset(k.split()[0] for k in self.lowercase)
        edits: list[TextEdit] = []
        for run in _LOWER_WORDS.finditer(paragraph):
            if firsts.isdisjoint(run.group().split()):
                continue
            tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(run.group())]
            tokens = [(run.start() + a, run.start() + b, w) for a, b, w in tokens]
            edits += _scan(
                len(tokens),
                lambda i, tokens=tokens: tokens[i][2] in firsts,
                lambda i, tokens=tokens: self._lowercase_at(paragraph, tokens, i),
            )
        return edits

    def _lowercase_at(
        self, text: str, tokens: list[tuple[int, int, str]], i: int
    ) -> tuple[int, TextEdit | None] | None:
        for j in range(min(len(tokens), i + self.max_tokens), i, -1):
            key = " ".join(t[2] for t in tokens[i:j])
            known = self.lowercase.get(key)
            if known is None:
                continue
            form, reading = known
            start, end = tokens[i][0], tokens[j - 1][1]
            if j - i == 1:
                return 1, TextEdit(start, end, key, form, "truecase:lowercase")
            previous = tokens[i - 1][2] if i else _word_before(text, start)
            if previous in ("a", "an") or _OF_FOLLOWS.match(text, end):
                return j - i, None  # "a white house"; "the state department of health"
            if previous and previous not in FUNCTION_WORDS | LEADING_WORDS:
                return j - i, None  # "the big white house": a description, not the name
            if reading == "literal" and not _acts(text, start, end):
                return j - i, None
            return j - i, TextEdit(start, end, text[start:end], form, "truecase:lowercase")
        return None

    def __reduce__(self) -> tuple[type, tuple]:
        """Pickles without the memo (caches rebuilt where the lexicon is used)."""
        fields = (self.forms, self.max_tokens, self.first_words, self.content_words)
        return type(self), (*fields, self.lowercase)

    def truecase(self, paragraph: str) -> list[TextEdit]:
        """Edits that fix broken casing of known phrases, left to right, never overlapping.
        Kept for the next call on the same paragraph (detection, then repair)."""
        cache: dict[str, list[TextEdit]] = self.memo.setdefault("truecase", {})
        edits = cache.get(paragraph)
        if edits is None:
            if len(cache) >= MEMO_PARAGRAPHS:
                cache.clear()
            edits = cache[paragraph] = self._truecase(paragraph)
        return list(edits)

    def _truecase(self, paragraph: str) -> list[TextEdit]:
        if not self.forms or (
            self.content_words.isdisjoint(_LOWER_AFTER_CAP.findall(paragraph))
            and self.content_words.isdisjoint(_LOWER_BEFORE_CAP.findall(paragraph))
        ):
            return []  # no lower-case word of a known phrase next to a capitalised one
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(paragraph)]
        lowered = [t[2].lower() for t in tokens]
        lengths = self._lengths_by_first_word()
        return _scan(
            len(tokens),
            lambda i: lowered[i] in lengths,
            lambda i: self._match_at(paragraph, tokens, lowered, lengths[lowered[i]], i),
        )

    def _lengths_by_first_word(self) -> dict[str, tuple[int, ...]]:
        """First word of a known phrase -> the phrase lengths it opens, longest first."""
        lengths = self.memo.get("lengths")
        if lengths is None:
            found: dict[str, set[int]] = {}
            for key in self.forms:
                words = key.split()
                found.setdefault(words[0], set()).add(len(words))
            lengths = {w: tuple(sorted(n, reverse=True)) for w, n in found.items()}
            self.memo["lengths"] = lengths
        return lengths

    def _match_at(
        self,
        text: str,
        tokens: list[tuple[int, int, str]],
        lowered: list[str],
        sizes: tuple[int, ...],
        i: int,
    ) -> tuple[int, TextEdit | None] | None:
        """The longest known phrase starting at token i, with its edit if the span is broken."""
        reach = i  # tokens i..reach are parted by spaces only
        while reach + 1 < len(tokens) and reach - i < sizes[0] - 1:
            gap = text[tokens[reach][1] : tokens[reach + 1][0]]
            if not gap or not gap.isspace() or "\n" in gap:
                break
            reach += 1
        for n in sizes:
            j = i + n
            if n < 2 or j - 1 > reach:
                continue
            canonical = self.forms.get(" ".join(lowered[i:j]))
            if canonical is None:
                continue
            span = tokens[i:j]
            if i > 0 and lowered[i - 1] in ("a", "an"):
                return j - i, None  # "an Islamic state": a common noun phrase, not the name
            if _NAME_GOES_ON.match(text, span[-1][1]):
                return j - i, None  # "Need for speed HEAT": a longer name we do not know
            return j - i, _broken_edit(text, span, canonical.split())
        return None


def _broken_edit(text: str, span: list[tuple[int, int, str]], wanted: list[str]) -> TextEdit | None:
    """An edit if the span is mixed-case and differs from `wanted` only by capitalising words."""
    changed = False
    has_capital = False
    for position, ((start, _, word), target) in enumerate(zip(span, wanted, strict=True)):
        if word == target:
            content = word[0].isupper() and word.lower() not in FUNCTION_WORDS
            if content and (position > 0 or not _sentence_initial(text, start)):
                has_capital = True
            continue
        if word in FUNCTION_WORDS or not (word.islower() and word == target.lower()):
            return None  # only content words go from lower to capitalised: not "van Gogh"
        changed = True
    if not (changed and has_capital):
        return None
    fixed = [
        i
        for i, ((_, _, word), target) in enumerate(zip(span, wanted, strict=True))
        if word != target
    ]
    capitals = [i for i, (_, _, word) in enumerate(span) if i not in fixed and word[0].isupper()]
    if all(_ACRONYM.fullmatch(span[i][2]) for i in capitals):
        return None  # "the BBC news website", "UN troops": an acronym before a common noun
    if len(capitals) >= 2 and fixed[-1] < capitals[0]:
        return None  # "Russian president Vladimir Putin": a common noun before a full name
    after_fixed = [i for i in capitals if i > fixed[-1]]
    if len(after_fixed) >= 2 and fixed[0] > 0 and span[fixed[0] - 1][2] not in FUNCTION_WORDS:
        return None  # "US president George W Bush": a title after a modifier, then a name
    start, end = span[0][0], span[-1][1]
    before = text[start:end]
    after = before
    for (word_start, word_end, word), target in zip(span, wanted, strict=True):
        if word != target:
            offset = word_start - start
            after = after[:offset] + target + after[offset + word_end - word_start :]
    return TextEdit(start, end, before, after, "truecase")


MEMO_PARAGRAPHS = 512  # paragraphs whose truecasing is kept between detection and repair
_LOWER_WORDS = re.compile(r"(?<![\w'’.-])[a-z][a-z-]*(?:[^\S\n]+[a-z][a-z-]*)*(?![\w'’-])")
_OF_FOLLOWS = re.compile(r"[^\S\n]+of[^\S\n]")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)[^\S\n]+$")
_NEXT_WORDS = re.compile(r"(?:'s)?[^\S\n]+([a-z]+)(?:[^\S\n]+([a-z]+))?")
_CONJOINED_BEFORE = re.compile(r"[A-Z][\w.-]*[^\S\n]+(?:and|or)[^\S\n]+the[^\S\n]+$")
_CONJOINED_AFTER = re.compile(r"[^\S\n]+(?:and|or)[^\S\n]+(?:the[^\S\n]+)?[A-Z]")
_BY_BEFORE = re.compile(r"\bby[^\S\n]+the[^\S\n]+$")


def _word_before(text: str, start: int) -> str | None:
    match = _WORD_BEFORE.search(text, max(0, start - 40), start)
    return match.group(1).lower() if match else None


def _acts(text: str, start: int, end: int) -> bool:
    """Whether the phrase at start:end acts as an institution: it speaks or decides ("the
    white house declined"), has officials ("white house spokesman"), is the agent of a
    passive ("by the united nations") or stands beside a named institution ("the Pentagon
    and the white house"). The verbs and nouns are in `casing_agent_words_en.txt`."""
    following = _NEXT_WORDS.match(text, end)
    if following:
        first, second = following.group(1), following.group(2)
        words = agent_words()
        if first in words or (first in _AUXILIARIES and second in words):
            return True
    window = text[max(0, start - 60) : start]
    return bool(
        _BY_BEFORE.search(window)
        or _CONJOINED_BEFORE.search(window)
        or _CONJOINED_AFTER.match(text, end)
    )


_AUXILIARIES = frozenset(["has", "had", "have", "will", "would", "also", "then", "later", "again"])


@cache
def agent_words() -> frozenset[str]:
    """Verbs an institution does and nouns of its people (`casing_agent_words_en.txt`)."""
    return RuleSet.load("casing_agent_words_en.txt").words()


# "the support Group", "bilateral presidential Commission": a lower-case modifier after a
# determiner or an adjective, then a capitalised head noun not followed by another name word.
_HEAD_PHRASE = re.compile(
    rf"(?<![\w'’.-])(?P<prev>[a-z][a-z-]*[a-z]){_SEP}(?P<modifier>[a-z][a-z-]*[a-z]){_SEP}"
    rf"(?P<head>[A-Z][a-z]+)(?![\w'’-])(?!{_SEP}(?:(?:{_FUNCTION}){_SEP})?[A-Z])"
)
_DETERMINERS = frozenset(
    ["the", "a", "an", "its", "their", "his", "her", "our", "whose", "this", "that", "these"]
)
_ADJECTIVE_ENDINGS = ("al", "ic", "ian", "ese", "ish", "ary", "ive", "ern", "an")


@dataclass(frozen=True, slots=True)
class HeadCasing:
    """Organisation head nouns whose lower-case modifier machine translation left uncapitalised."""

    heads: frozenset[str]
    stop_modifiers: frozenset[str]

    @classmethod
    def load(cls, folder: Path | None = None) -> HeadCasing:
        def words(name: str) -> frozenset[str]:
            rules = RuleSet.from_file(folder / name) if folder else RuleSet.load(name)
            return rules.words()

        return cls(
            heads=words("casing_heads_en.txt"),
            stop_modifiers=words("casing_head_modifiers_stop.txt"),
        )

    def edits(self, paragraph: str) -> list[TextEdit]:
        """ "the support Group" -> "the Support Group"; modifiers in the stop list never change."""
        edits = []
        for match in _HEAD_PHRASE.finditer(paragraph):
            prev, modifier = match["prev"], match["modifier"]
            if match["head"].lower() not in self.heads or modifier in self.stop_modifiers:
                continue
            if modifier in FUNCTION_WORDS | LEADING_WORDS | HEADLINE_WORDS:
                continue
            if modifier.endswith(("ing", "ly")):
                continue  # "the leading Federation", "the newly Formed": not a name's word
            if prev not in _DETERMINERS and not prev.endswith(_ADJECTIVE_ENDINGS):
                continue
            start = match.start("modifier")
            edits.append(
                TextEdit(
                    start, match.end("modifier"), modifier, modifier.capitalize(), "truecase:head"
                )
            )
        return edits


@cache
def default_head_casing() -> HeadCasing:
    return HeadCasing.load()


def _is_name_form(form: str) -> bool:
    """Every content word capitalised, function words lower-case."""
    return all(t in FUNCTION_WORDS or t[0].isupper() for t in form.split())


def _sentence_initial(text: str, start: int) -> bool:
    """Whether `start` opens a sentence, paragraph, quotation or parenthesis."""
    i = start - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i >= 0 and text[i] == "." and _ABBREVIATION.search(text, max(0, i - 12), i + 1):
        return False
    if i >= 1 and text[i] == "-" and text[i - 1] == " ":
        return True  # a spaced hyphen is a dash: "Bykov - No way out"
    return i < 0 or text[i] in _SENTENCE_OPENERS


def _scan(
    count: int,
    opens: Callable[[int], bool],
    match_at: Callable[[int], tuple[int, TextEdit | None] | None],
) -> list[TextEdit]:
    """Left to right over `count` tokens: where a token may open a known phrase, `match_at`
    takes the longest one (its length, and its edit or None for a phrase left as it is), and
    the scan goes on after it; never two overlapping edits."""
    edits: list[TextEdit] = []
    i = 0
    while i < count:
        taken = match_at(i) if opens(i) else None
        if taken is None:
            i += 1
            continue
        n, edit = taken
        if edit is not None:
            edits.append(edit)
        i += n
    return edits
