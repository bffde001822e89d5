"""Repair stage: detect machine translation, then fix its artifacts with an audit trail.

Only documents flagged as machine-translated are edited. Edits come from, in order of
preference, the casing lexicon (mixed casing of known phrases), the glossary (acronyms,
calques, names, casing), names in Russian romanization matched to a gazetteer
(`translit.py`), names the lexicon knows written all in lower case, organisation heads ("the
support Group"), then quotation marks and number and punctuation normalisation, which never
edit inside a quotation; a later source never overlaps an earlier edit. Every edit is a
`Repair` whose span is in the repaired paragraph, so applying a paragraph's repairs in order
to the raw paragraph reproduces the repaired text (`replay_repairs`), and an audit can undo
any of them (`undo_repairs`); `wirehouse repair --reapply` re-runs them from the raw text.
What the stage leaves alone on purpose (a name matching two gazetteer names) is counted in
`Document.repair_skips`.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

from transforms.canonical import name_mentions
from transforms.glossary import LEXICAL_CLASSES, NORMALISATION_CLASSES, Glossary
from transforms.mt_detect import MTDetectConfig, score_machine_translation
from transforms.records import Document, Repair
from transforms.translit import NameIndex, match_names, shipped_names
from transforms.truecase import CasingLexicon, TextEdit, default_head_casing, load_news_casing

logger = logging.getLogger(__name__)

# A quotation: its inner text is off limits to number and punctuation rules.
_QUOTATION = re.compile(r"“[^“”\n]*”|«[^«»\n]*»|„[^„“”\n]*[“”]|\"[^\"\n]*\"")
# A paragraph of Russian dialogue: "– We will not allow this, – Lavrov said. – Never."
_DIALOGUE = re.compile(r"^[–—]\s+(?=[^\n]*?[,!?]\s[–—]\s)")
_DIALOGUE_ATTRIBUTION = re.compile(r"([,!?])\s[–—]\s(?=\w)")
_DIALOGUE_REOPEN = re.compile(r"\.\s[–—]\s(?=[A-Z])")


@dataclass(frozen=True, slots=True)
class RepairConfig:
    detect: MTDetectConfig = field(default_factory=MTDetectConfig)
    # Repairs run only on flagged documents; False would edit every document (audits only).
    only_flagged: bool = True


def repair_document(
    doc: Document,
    glossary: Glossary,
    lexicon: CasingLexicon,
    config: RepairConfig = RepairConfig(),
) -> Document:
    """Score `doc` for machine translation and, if flagged, repair its paragraphs."""
    verdict = score_machine_translation(doc.paragraphs, glossary, lexicon, config.detect)
    if config.only_flagged and not verdict.flagged:
        return replace(
            doc,
            machine_translated=False,
            mt_score=verdict.score,
            mt_evidence=verdict.evidence,
            paragraph_mt_scores=verdict.paragraph_scores,
            repaired_paragraphs=list(doc.paragraphs),
            repairs=[],
            name_mentions=name_mentions(doc.paragraphs),
            repair_skips={},
        )
    repaired: list[str] = []
    repairs: list[Repair] = []
    skips: Counter[str] = Counter()
    for ordinal, paragraph in enumerate(doc.paragraphs):
        text, edits = repair_paragraph(paragraph, ordinal, glossary, lexicon, skips)
        repaired.append(text)
        repairs.extend(edits)
    logger.debug("repaired %s: %s edits, skipped %s", doc.doc_id, len(repairs), dict(skips))
    return replace(
        doc,
        machine_translated=verdict.flagged,
        mt_score=verdict.score,
        mt_evidence=verdict.evidence,
        paragraph_mt_scores=verdict.paragraph_scores,
        repaired_paragraphs=repaired,
        repairs=repairs,
        name_mentions=name_mentions(repaired),
        repair_skips=dict(skips),
    )


def repair_paragraph(
    paragraph: str,
    ordinal: int,
    glossary: Glossary,
    lexicon: CasingLexicon,
    skips: Counter[str] | None = None,
) -> tuple[str, list[Repair]]:
    """The repaired paragraph and its edits, spans in the repaired text, left to right.
    What is left alone on purpose is counted into `skips`."""
    taken = [e for e in lexicon.truecase(paragraph) if e.before != e.after]
    lexical = glossary.repair_entries(LEXICAL_CLASSES)
    for start, end, after, entry in glossary.matches(paragraph, lexical):
        _claim(taken, TextEdit(start, end, paragraph[start:end], after or "", entry.rule))
    names = match_names(paragraph, name_indexes(lexicon))
    for edit in names.edits:
        _claim(taken, edit)
    if names.ambiguous and skips is not None:
        skips["name:ambiguous"] += names.ambiguous
    for edit in lexicon.lowercase_edits(paragraph):
        _claim(taken, edit)
    for edit in default_head_casing().edits(paragraph):
        _claim(taken, edit)
    quotations = [m.span() for m in _QUOTATION.finditer(paragraph)]
    for edit in quotation_edits(paragraph):
        _claim(taken, edit)
    normalisation = glossary.repair_entries(NORMALISATION_CLASSES)
    for start, end, after, entry in glossary.matches(paragraph, normalisation):
        inside = any(q_start < start and end < q_end for q_start, q_end in quotations)
        if entry.inside_quotation or not inside:
            _claim(taken, TextEdit(start, end, paragraph[start:end], after or "", entry.rule))
    pieces: list[str] = []
    repairs: list[Repair] = []
    cursor = shift = 0
    for edit in sorted(taken):
        pieces.append(paragraph[cursor : edit.start])
        pieces.append(edit.after)
        start = edit.start + shift
        repairs.append(
            Repair(ordinal, start, start + len(edit.after), edit.before, edit.after, edit.rule)
        )
        shift += len(edit.after) - (edit.end - edit.start)
        cursor = edit.end
    pieces.append(paragraph[cursor:])
    return "".join(pieces), repairs


def quotation_edits(paragraph: str) -> list[TextEdit]:
    """Russian quotation marks as English ones, nesting kept: «…» and „…“ become “…”, a
    quotation inside a quotation ‘…’; a paragraph of Russian dialogue ("– Text, – he
    said.") is quoted. Unpaired marks are left to the glossary's « » entries."""
    edits: list[TextEdit] = []
    if "«" not in paragraph and "„" not in paragraph:
        return _dialogue_edits(paragraph)
    stack: list[tuple[int, str]] = []
    for i, char in enumerate(paragraph):
        if char in "«„":
            stack.append((i, char))
        elif (char == "»" and stack and stack[-1][1] == "«") or (
            char in "“”" and stack and stack[-1][1] == "„"
        ):
            opened, mark = stack.pop()
            if mark == "«" and not stack:
                continue  # an outer «…»: the glossary's guillemet entries
            inner = bool(stack)
            kind = "guillemet" if mark == "«" else "low_quote"
            edits.append(
                TextEdit(
                    opened, opened + 1, mark, "‘" if inner else "“", f"punctuation:{kind}_open"
                )
            )
            edits.append(
                TextEdit(i, i + 1, char, "’" if inner else "”", f"punctuation:{kind}_close")
            )
    return edits + _dialogue_edits(paragraph)


def _dialogue_edits(paragraph: str) -> list[TextEdit]:
    """ "– Text, – he said. – More." -> "“Text,” he said. “More.”" """
    if paragraph[:1] not in "–—":
        return []
    opening = _DIALOGUE.match(paragraph)
    if not opening:
        return []
    edits = [TextEdit(0, opening.end(), opening.group(), "“", "punctuation:dialogue_dash_open")]
    attribution = _DIALOGUE_ATTRIBUTION.search(paragraph, opening.end())
    if attribution is None:
        return []
    mark = attribution.group(1)
    edits.append(
        TextEdit(
            attribution.start(),
            attribution.end(),
            attribution.group(),
            f"{mark}” ",
            "punctuation:dialogue_dash",
        )
    )
    reopen = _DIALOGUE_REOPEN.search(paragraph, attribution.end())
    if reopen:
        edits.append(
            TextEdit(
                reopen.start(), reopen.end(), reopen.group(), ". “", "punctuation:dialogue_dash"
            )
        )
        end = len(paragraph.rstrip())
        edits.append(TextEdit(end, end, "", "”", "punctuation:dialogue_dash_close"))
    return edits


def name_indexes(lexicon: CasingLexicon) -> tuple[NameIndex, ...]:
    """Names a romanized name may stand for: the shipped gazetteer, the shipped news casing,
    and the other names of `lexicon` (learned from the warehouse's native documents)."""
    learned = lexicon.memo.get("names")
    if learned is None:
        shipped = _news_forms()
        learned = NameIndex.build(f for f in lexicon.forms.values() if f not in shipped)
        lexicon.memo["names"] = learned
    return shipped_names(), _news_names(), learned  # type: ignore[return-value]


@cache
def _news_forms() -> frozenset[str]:
    """The dominant form of each phrase of the shipped news casing."""
    news = load_news_casing()
    best: dict[str, tuple[int, str]] = {}
    for key, form, n in news.rows:
        if key in news.lowercase and n > best.get(key, (0, ""))[0]:
            best[key] = (n, form)
    return frozenset(form for _, form in best.values())


@cache
def _news_names() -> NameIndex:
    return NameIndex.build(_news_forms())


def replay_repairs(paragraph: str, repairs: Iterable[Repair]) -> str:
    """Apply one paragraph's repairs in order to its raw text: the audit's proof of the edits."""
    for edit in repairs:
        current = paragraph[edit.start : edit.start + len(edit.before)]
        if current != edit.before:
            raise ValueError(
                f"repair {edit.rule} at {edit.start}: expected {edit.before!r}, got {current!r}"
            )
        paragraph = (
            paragraph[: edit.start] + edit.after + paragraph[edit.start + len(edit.before) :]
        )
    return paragraph


def undo_repairs(repaired: str, repairs: list[Repair]) -> str:
    """The raw paragraph back from the repaired one (repairs undone right to left)."""
    for edit in reversed(repairs):
        repaired = repaired[: edit.start] + edit.before + repaired[edit.end :]
    return repaired


def _claim(taken: list[TextEdit], edit: TextEdit) -> None:
    """Keep `edit` unless it is a no-op or overlaps an edit of a preferred source."""
    if edit.before == edit.after:
        return
    if not any(
        (edit.start < t.end and t.start < edit.end) or edit.start == t.start == edit.end
        for t in taken
    ):
        taken.append(edit)
