"""The line model: one label per line of a dump (body, title, byline, date line, other), from
its own signals and from what its neighbours look like.

Two passes of multinomial logistic regression. The first weighs a line's own signals
(transforms/dumps/features.py). The second adds context from the first pass's probabilities:
how likely the lines just above and below are article text, how much article text lies before
and after, how close the likeliest headline is; so a short line between article lines is
article text, and a sentence in a footer far below the article is not (jusText's context
classification, learned instead of hand-set). Parameters live in `line_model.json`, fitted by
`tools/fit_line_model.py` on labelled lines of the WCXB and trafilatura-eval development
halves and the development half of the wire stories; inference is a few numpy operations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from transforms.dumps.features import LOCAL

PARAMS = Path(__file__).with_name("line_model.json")
LABELS = ("other", "body", "title", "byline", "date")
BODY, TITLE, BYLINE, DATE = 1, 2, 3, 4
CONTEXT = (
    "p_body",
    "p_title",
    "p_byline",
    "p_date",
    "body_prev",
    "body_next",
    "body_prev2",
    "body_next2",
    "body_max_above",
    "body_max_below",
    "body_mean_around",
    "body_mass_before",
    "body_mass_after",
    "between_body",
    "before_first_body",
    "after_last_body",
    "first_body_distance",
    "just_above_body",
    "title_above",
    "title_below",
    "best_title",
    "byline_near",
    "date_near",
    "byline_below",
    "date_below",
    "byline_above",
    "date_above",
)
# Windows of the context signals, in lines: the nearest neighbours, a paragraph-sized reach
# (a sub-heading, a list or a quote between paragraphs), and a section of a page.
NEAR = 5
AROUND = 10
# A line is taken as article text for the context signals at this first-pass probability.
BODY_SEEN = 0.5


@dataclass(frozen=True, slots=True)
class Pass:
    weights: np.ndarray  # labels x features
    bias: np.ndarray  # labels

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        logits = x @ self.weights.T + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        np.exp(logits, out=logits)
        logits /= logits.sum(axis=1, keepdims=True)
        return logits


@dataclass(frozen=True, slots=True)
class LineModel:
    local: Pass
    context: Pass
    names: tuple[str, ...]  # feature names of the second pass: LOCAL + CONTEXT

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Second-pass probabilities (lines x labels) and the second pass's inputs."""
        first = self.local.probabilities(x)
        full = np.hstack([x, context_features(first)])
        return self.context.probabilities(full), full

    def reasons(self, full: np.ndarray, index: int, label: int, top: int = 3) -> list[str]:
        """The signals that most raised `label` over the runner-up label for one line."""
        probs = self.context.probabilities(full[index : index + 1])[0]
        order = np.argsort(-probs)
        other = order[1] if order[0] == label else order[0]
        push = full[index] * (self.context.weights[label] - self.context.weights[other])
        best = np.argsort(-push)[:top]
        return [f"{self.names[j]}{push[j]:+.1f}" for j in best if push[j] > 0]


@cache
def load_model(path: Path = PARAMS) -> LineModel:
    """The fitted parameters (`line_model.json`), read once."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["labels"]) != LABELS or tuple(data["local_features"]) != LOCAL:
        raise ValueError(f"{path} was fitted for other labels or features: refit it")
    if tuple(data["context_features"]) != CONTEXT:
        raise ValueError(f"{path} was fitted for other context features: refit it")
    passes = [
        Pass(np.asarray(data[name]["weights"], float), np.asarray(data[name]["bias"], float))
        for name in ("local", "context")
    ]
    return LineModel(passes[0], passes[1], LOCAL + CONTEXT)


def _shift(values: np.ndarray, by: int) -> np.ndarray:
    """values moved down by `by` lines (up when negative), zeros where nothing moved in."""
    out = np.zeros_like(values)
    if by > 0:
        out[by:] = values[:-by]
    elif by < 0:
        out[:by] = values[-by:]
    else:
        out[:] = values
    return out


def _window_max(values: np.ndarray, start: int, stop: int) -> np.ndarray:
    """Per line, the maximum of values[i + start : i + stop] (0 outside the page)."""
    left, right = max(0, -start), max(0, stop - 1)
    padded = np.concatenate([np.zeros(left), values, np.zeros(right)])
    n, first = len(values), left + start
    out = padded[first : first + n].copy()
    for offset in range(1, stop - start):  # a few shifted maxima: windows are 3 to 7 lines
        np.maximum(out, padded[first + offset : first + offset + n], out=out)
    return out


def context_features(first: np.ndarray) -> np.ndarray:
    """The CONTEXT signals of every line from the first pass's probabilities."""
    n = first.shape[0]
    body = first[:, BODY]
    title = first[:, TITLE]
    cumulative = np.cumsum(body)
    total = cumulative[-1] if n else 0.0
    before = (cumulative - body) / max(total, 1e-9)
    after = (total - cumulative) / max(total, 1e-9)
    seen = np.flatnonzero(body >= BODY_SEEN)
    positions = np.arange(n)
    first_body = seen[0] if seen.size else n
    last_body = seen[-1] if seen.size else -1
    padded = np.concatenate([np.zeros(AROUND), body, np.zeros(AROUND)])
    sums = np.cumsum(np.concatenate([[0.0], padded]))
    around = (sums[2 * AROUND + 1 :] - sums[:n] - body) / (2 * AROUND)
    best_title = np.zeros(n)
    if n:
        best_title[int(np.argmax(title))] = 1.0
    distance = np.clip(first_body - positions, 0, None)
    columns = [
        body,
        title,
        first[:, BYLINE],
        first[:, DATE],
        _shift(body, 1),
        _shift(body, -1),
        _shift(body, 2),
        _shift(body, -2),
        _window_max(body, -NEAR, 0),
        _window_max(body, 1, NEAR + 1),
        around,
        before,
        after,
        2 * np.minimum(before, after),
        (positions < first_body).astype(float),
        (positions > last_body).astype(float),
        np.log1p(distance) / 4,
        ((distance >= 1) & (distance <= 3)).astype(float),
        _window_max(title, -4, 0),
        _window_max(title, 1, 5),
        best_title,
        _window_max(first[:, BYLINE], -3, 4),
        _window_max(first[:, DATE], -3, 4),
        _window_max(first[:, BYLINE], 1, 4),
        _window_max(first[:, DATE], 1, 4),
        _window_max(first[:, BYLINE], -3, 0),
        _window_max(first[:, DATE], -3, 0),
    ]
    return np.column_stack(columns) if n else np.zeros((0, len(CONTEXT)))
