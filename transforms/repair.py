"""Repair stage: detect machine translation, then fix its artifacts with an audit trail.

Only documents flagged as machine-translated are edited. Edits come from, in order of
preference, the corpus-learned casing lexicon, the glossary (acronyms, calques, names,
casing), organisation heads ("the support Group"), then number and punctuation
normalisation; a later source never overlaps an earlier edit. Every edit is a `Repair`
whose span is in the repaired paragraph, so applying a paragraph's repairs in order to the
raw paragraph reproduces the repaired text (`replay_repairs`), and an audit can undo any
of them (`undo_repairs`); `wirehouse repair --reapply` re-runs them from the raw text.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from transforms.canonical import name_mentions
from transforms.glossary import LEXICAL_CLASSES, NORMALISATION_CLASSES, Glossary
from transforms.mt_detect import MTDetectConfig, score_machine_translation
from transforms.records import Document, Repair
from transforms.truecase import CasingLexicon, TextEdit, default_head_casing

logger = logging.getLogger(__name__)

# A quotation: its inner text is off limits to number and punctuation rules.
_QUOTATION = re.compile(r"“[^“”\n]*”|«[^«»\n]*»|\"[^\"\n]*\"")


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
        )
    repaired: list[str] = []
    repairs: list[Repair] = []
    for ordinal, paragraph in enumerate(doc.paragraphs):
        text, edits = repair_paragraph(paragraph, ordinal, glossary, lexicon)
        repaired.append(text)
        repairs.extend(edits)
    logger.debug("repaired %s: %s edits", doc.doc_id, len(repairs))
    return replace(
        doc,
        machine_translated=verdict.flagged,
        mt_score=verdict.score,
        mt_evidence=verdict.evidence,
        paragraph_mt_scores=verdict.paragraph_scores,
        repaired_paragraphs=repaired,
        repairs=repairs,
        name_mentions=name_mentions(repaired),
    )


def repair_paragraph(
    paragraph: str, ordinal: int, glossary: Glossary, lexicon: CasingLexicon
) -> tuple[str, list[Repair]]:
    """The repaired paragraph and its edits, spans in the repaired text, left to right."""
    taken = [e for e in lexicon.truecase(paragraph) if e.before != e.after]
    lexical = glossary.repair_entries(LEXICAL_CLASSES)
    for start, end, after, entry in glossary.matches(paragraph, lexical):
        _claim(taken, TextEdit(start, end, paragraph[start:end], after or "", entry.rule))
    for edit in default_head_casing().edits(paragraph):
        _claim(taken, edit)
    quotations = [m.span() for m in _QUOTATION.finditer(paragraph)]
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
    if not any(edit.start < t.end and t.start < edit.end for t in taken):
        taken.append(edit)
