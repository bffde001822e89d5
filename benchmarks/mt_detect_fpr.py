"""False-positive rate of machine-translation detection on native English news (BBC News).

Run: .venv/bin/python benchmarks/mt_detect_fpr.py [--data ../shared/data]
Prints flagged/total for two lexicons (seed list only; seed list + casing learned from BBC
itself, as the warehouse would), the top scores, throughput, and what the features find in
real Russian->English MT (MLQE-PE dev.mt) against its post-edits. Exits 0 when data is absent.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from transforms.glossary import default_glossary_paths, load_glossary  # noqa: E402
from transforms.mt_detect import paragraph_evidence, score_machine_translation  # noqa: E402
from transforms.truecase import CasingLexicon, learn_casing, load_seed_phrases  # noqa: E402


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n") if p.strip()]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    files = sorted((args.data / "bbc-news").glob("*/*.txt"))
    if not files:
        print(f"skipped: no BBC News under {args.data}")
        return 0
    texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
    glossary = load_glossary(default_glossary_paths())
    seeds = load_seed_phrases()
    started = time.perf_counter()
    learned = learn_casing(texts)
    learn_seconds = time.perf_counter() - started
    lexicons = {
        "seed list": CasingLexicon.from_rows([], seeds),
        "seed list + BBC-learned": CasingLexicon.from_counts(learned, seeds),
    }
    for name, lexicon in lexicons.items():
        started = time.perf_counter()
        scores = [score_machine_translation(paragraphs(t), glossary, lexicon) for t in texts]
        seconds = time.perf_counter() - started
        flagged = sum(s.flagged for s in scores)
        print(
            f"[{name}] {len(lexicon.forms)} phrases; flagged {flagged}/{len(files)} "
            f"= {100 * flagged / len(files):.2f}% false positives; "
            f"{len(files) / seconds:.0f} docs/s"
        )
        top = sorted(zip(scores, files, strict=True), key=lambda pair: -pair[0].score)[:5]
        for score, path in top:
            print(f"    {score.score:.3f} {path.parent.name}/{path.name} {score.evidence}")
    print(f"learn_casing: {len(files) / learn_seconds:.0f} docs/s")
    mlqe = args.data / "mlqe-pe-ru-en"
    if (mlqe / "dev.mt").exists():
        lexicon = lexicons["seed list + BBC-learned"]
        for side in ("mt", "pe"):
            lines = (mlqe / f"dev.{side}").read_text(encoding="utf-8").splitlines()
            evidence: Counter[str] = Counter()
            for line in lines:
                evidence.update(paragraph_evidence(line, glossary, lexicon))
            flagged = sum(
                score_machine_translation([line], glossary, lexicon).flagged for line in lines
            )
            print(
                f"MLQE-PE dev.{side}: {len(lines)} segments, {flagged} flagged alone; "
                f"evidence {dict(evidence)}"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
