"""The learned part of event grouping: how much each piece of pair evidence counts.

Two logistic regressions over the same evidence (`PAIR_FEATURES`): one gives the probability
that two reports report one event, the other that two events (their reports pooled) are one.
Their weights and the two thresholds live in `transforms/data/event_model.json`, which
`benchmarks/fit_event_model.py` rebuilds from labelled development topics and prints the
figures on the topics it did not fit on. Nothing here names a topic or a story.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL_PATH = Path(__file__).parent / "data" / "event_model.json"

# The evidence about a pair, each a number per pair (transforms/events.py::_Batch.evidence):
PAIR_FEATURES = (
    "text",  # TF-IDF cosine of content words (headline and lede counted more)
    "names",  # IDF-weighted cosine of proper-name keys: a shared rare name counts most
    "places",  # IDF-weighted cosine of the places the ledes locate the event in
    "quotes",  # 1 when the two print the same quotation
    "numbers",  # IDF-weighted cosine of the figures they state (a toll, an age, a score)
    # the overlap (text + names) / 2 when both dates are days (the event's, else the
    # report's) within 3 days, else 0: a shared day strengthens shared words, never alone
    "same_day_overlap",
    "days_apart",  # days between the two dates / the window (0 when unknown or the same day)
    "conflict",  # 1 when each centres on a name the other hardly mentions
    "stale",  # 1 when one is undated and mentions only years well before the other's date
    "weekday_differ",  # 1 when both ledes name the day of the event, and not the same one
    "years_differ",  # 1 when both are undated and the latest years they mention differ
    # the contrary evidence again, times the overlap (text + names) / 2: it tells most against
    # reports that otherwise look alike (as a factor on the similarity would)
    "conflict_overlap",
    "stale_overlap",
    "weekday_overlap",
    # the overlap (text + names) / 2 when the two lie beyond the window and one mentions a day
    # or month, before its own, that holds the other's event days ("shot in October 2011"): a
    # follow-up recalls the event it follows; pairs beyond the window are scored only so
    "recalled_overlap",
)
# Which way each piece of evidence may push: a fit that gives one the other sign has learned
# how the labelled data was made (in ECB+ only one event of a topic has dated reports, so
# "both dated, days apart" marks the same event there), not how events differ; such a
# feature is left out of that fit (weight 0).
SIGNS = {
    "text": 1,
    "names": 1,
    "places": 1,
    "quotes": 1,
    "numbers": 1,
    "same_day_overlap": 1,
    "days_apart": -1,
    "conflict": -1,
    "stale": -1,
    "weekday_differ": -1,
    "years_differ": -1,
    "conflict_overlap": -1,
    "stale_overlap": -1,
    "weekday_overlap": -1,
    "recalled_overlap": 1,
}


@dataclass(frozen=True, slots=True)
class Regression:
    """Logistic regression: P(one event) = 1 / (1 + exp(-(intercept + weights . x)))."""

    weights: tuple[float, ...]
    intercept: float

    def probability(self, evidence: np.ndarray) -> np.ndarray:
        """One probability per row of `evidence` (columns as `PAIR_FEATURES`)."""
        return 1.0 / (1.0 + np.exp(-(self.intercept + self.score(evidence))))

    def score(self, evidence: np.ndarray) -> np.ndarray:
        """The log-odds each row's evidence adds to none at all (weights . x): what linkage
        averages. A pair never scored, or with nothing in common, counts 0 either way."""
        return evidence @ np.asarray(self.weights, float)

    def explain(self, evidence: np.ndarray) -> dict[str, float]:
        """What each feature of one pair added to the log-odds, the intercept included."""
        parts = {"intercept": self.intercept}
        for name, weight, value in zip(PAIR_FEATURES, self.weights, evidence, strict=True):
            parts[name] = weight * float(value)
        return parts


@dataclass(frozen=True, slots=True)
class EventModel:
    """The two regressions and their thresholds, with how they were fitted."""

    reports: Regression  # two reports
    events: Regression  # two events, their reports pooled (the second pass)
    # Average evidence (log-odds over none, `Regression.score`) of its pairs for a report or
    # group of reports to join another.
    threshold: float
    # Evidence of the event model for two events (pooled) to merge in the second pass.
    merge_threshold: float
    # How much rare content (the length of a report's TF-IDF term vector, and of its name
    # vector, before it is scaled to unit length) counts in full: a report with less weighs
    # its text and name cosines by its share of it (`_mass` in transforms/event_evidence.py).
    # 0: every report in full.
    text_mass_floor: float = field(default=0.0, kw_only=True)
    names_mass_floor: float = field(default=0.0, kw_only=True)
    # data, split and figures of the fit (provenance only: not compared, not hashed)
    fitted: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @staticmethod
    @cache
    def load(path: Path = MODEL_PATH) -> EventModel:
        """The model in `path` (the shipped one by default), cached."""
        return EventModel.from_dict(json.loads(path.read_text(encoding="utf-8")), path)

    @staticmethod
    def from_dict(data: dict[str, Any], origin: object = "model") -> EventModel:
        if tuple(data["features"]) != PAIR_FEATURES:
            raise ValueError(
                f"{origin}: features {data['features']} are not {list(PAIR_FEATURES)}; "
                "refit it with benchmarks/fit_event_model.py"
            )
        regressions = {
            key: Regression(tuple(map(float, data[key]["weights"])), float(data[key]["intercept"]))
            for key in ("reports", "events")
        }
        for key, regression in regressions.items():
            if len(regression.weights) != len(PAIR_FEATURES) or not all(
                math.isfinite(w) for w in regression.weights
            ):
                raise ValueError(f"{origin}: {key} weights do not match the features")
        return EventModel(
            regressions["reports"],
            regressions["events"],
            float(data["threshold"]),
            float(data["merge_threshold"]),
            dict(data.get("fitted", {})),
            text_mass_floor=float(data.get("text_mass_floor", 0.0)),
            names_mass_floor=float(data.get("names_mass_floor", 0.0)),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "features": list(PAIR_FEATURES),
            "reports": asdict(self.reports),
            "events": asdict(self.events),
            "threshold": self.threshold,
            "merge_threshold": self.merge_threshold,
            "text_mass_floor": self.text_mass_floor,
            "names_mass_floor": self.names_mass_floor,
            "fitted": self.fitted,
        }

    def save(self, path: Path = MODEL_PATH) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=1) + "\n", encoding="utf-8")
