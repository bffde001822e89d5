"""The machine-translation repair test set (`cases/mt_repair_set.tsv`) and how it is run.

Repair only edits documents flagged as machine-translated, so each sentence is embedded in a
document: an artifact sentence between two paragraphs of machine-translated context (the
document is flagged; the sentence must come out as its correct English), and a control both
between two native paragraphs (the document must not be flagged, nothing edited) and between
the two machine-translated paragraphs (flagged, yet the control must stay as it is).
`benchmarks/mt_repair.py` prints the figures; `test_mt_repair_set.py` pins the held-out half.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from transforms.records import Document

CASES = Path(__file__).parent / "cases" / "mt_repair_set.tsv"

# Written for this set: agency copy as Russian-to-English machine translation renders it
# (guillemets, dialogue dashes, an editor's note), with no artifact of the kinds under test.
MT_CONTEXT = (
    "MOSCOW, 14 November. The parties «confirmed the mutual interest in continuing the "
    "dialogue», – noted in the press service after the meeting.",
    "The next round of consultations is planned to be held in the first quarter, the source "
    "added, not specifying details (the meeting was held behind closed doors – approx.).",
)
NATIVE_CONTEXT = (
    "The council said the new road would open next spring, after two years of delays caused "
    "by flooding and a shortage of materials.",
    "Residents welcomed the news but said they would keep pressing for a lower speed limit "
    "near the primary school, where two children were hurt last year.",
)

Repair = Callable[[Document], Document]


@dataclass(frozen=True, slots=True)
class Case:
    kind: str
    text: str
    expected: str

    @property
    def is_control(self) -> bool:
        return self.kind.startswith("control")

    @property
    def held_out(self) -> bool:
        return is_held_out(self.text)


def is_held_out(text: str) -> bool:
    """The fixed split: held out when the first byte of the sentence's SHA-256 is odd."""
    return hashlib.sha256(text.encode()).digest()[0] % 2 == 1


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        kind, text, expected = line.split("\t")
        cases.append(Case(kind, text, expected))
    return cases


def in_document(sentence: str, context: tuple[str, str], name: str = "case") -> Document:
    """A document of the sentence between the two context paragraphs."""
    paragraphs = [context[0], sentence, context[1]]
    return Document(name, name, name, "text", "\n\n".join(paragraphs), None, paragraphs)


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    repaired: str  # the sentence as repaired inside the machine-translated document
    flagged: bool  # that document was flagged
    native_repaired: str | None = None  # controls: the sentence inside the native document
    native_flagged: bool | None = None

    @property
    def ok(self) -> bool:
        """An artifact repaired exactly; a control untouched in both documents, the native one
        not flagged."""
        if not self.case.is_control:
            return self.flagged and self.repaired == self.case.expected
        return (
            self.repaired == self.case.text
            and self.native_repaired == self.case.text
            and not self.native_flagged
        )


def run_case(case: Case, repair: Repair) -> Outcome:
    out = repair(in_document(case.text, MT_CONTEXT))
    if not case.is_control:
        return Outcome(case, out.body_paragraphs[1], out.machine_translated)
    native = repair(in_document(case.text, NATIVE_CONTEXT))
    return Outcome(
        case,
        out.body_paragraphs[1],
        out.machine_translated,
        native.body_paragraphs[1],
        native.machine_translated,
    )


def run_cases(cases: Iterable[Case], repair: Repair) -> list[Outcome]:
    return [run_case(case, repair) for case in cases]


@dataclass(frozen=True, slots=True)
class Score:
    artifacts: int
    repaired: int
    controls: int
    untouched: int
    by_kind: dict[str, tuple[int, int]]  # kind -> (ok, total)

    @property
    def repaired_share(self) -> float:
        return self.repaired / self.artifacts if self.artifacts else 0.0


def score(outcomes: list[Outcome]) -> Score:
    ok: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for outcome in outcomes:
        total[outcome.case.kind] += 1
        ok[outcome.case.kind] += outcome.ok
    artifacts = [o for o in outcomes if not o.case.is_control]
    controls = [o for o in outcomes if o.case.is_control]
    return Score(
        artifacts=len(artifacts),
        repaired=sum(o.ok for o in artifacts),
        controls=len(controls),
        untouched=sum(o.ok for o in controls),
        by_kind={kind: (ok[kind], total[kind]) for kind in sorted(total)},
    )
