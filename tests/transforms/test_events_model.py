"""The learned event model, the evidence it weighs, and the second pass that compares events."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import numpy as np
import pytest

from transforms.event_model import MODEL_PATH, PAIR_FEATURES, SIGNS, EventModel
from transforms.events import (
    EventConfig,
    _Batch,
    assign_events,
    document_frequencies,
    event_features,
    stated_numbers,
)
from transforms.places import lede_places
from transforms.records import Document, PartialDate

CONFIG = EventConfig()
QUAKE = [
    "A magnitude 6.1 earthquake struck near Amatrice in central Italy early on Wednesday, "
    "killing at least 120 people, the Civil Protection Department said.",
    "Mayor Sergio Pirozzi said half of Amatrice was gone; hospitals in Rieti treated 368 people.",
]


UNDATED = PartialDate()


def doc(doc_id: str, paragraphs: list[str], when: PartialDate = UNDATED) -> Document:
    return Document(doc_id, f"{doc_id}.txt", "", "text", "", None, paragraphs, date=when)


def test_the_shipped_model_is_fitted_and_keeps_every_weight_to_its_sign():
    model = EventModel.load()
    assert model.threshold > 0 and model.merge_threshold > 0  # log-odds of evidence
    for regression in (model.reports, model.events):
        for name, weight in zip(PAIR_FEATURES, regression.weights, strict=True):
            assert weight * SIGNS[name] >= 0, name
    assert model.reports.weights[PAIR_FEATURES.index("text")] > 0
    fitted = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["fitted"]
    assert set(fitted["fit_topics"]).isdisjoint(fitted["held_out_topics"])


def test_a_model_file_for_other_features_is_refused(tmp_path):
    data = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    data["features"] = data["features"][:-1]
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ValueError, match="refit it"):
        EventModel.load(path)


def test_figures_are_stated_once_without_separators_and_years_stay_terms():
    text = (
        "A 6.1 quake killed 120 at 6:00 p.m. on 2016-03-24; 2,000 fled in 2016, 7 hurt, 120 dead."
    )
    assert stated_numbers(text) == ["6.1", "120", "2000"]


def test_places_are_where_the_lede_puts_the_event():
    names = frozenset({"amatrice", "italy", "rieti", "moscow"})
    assert lede_places(None, QUAKE[:1], names) == {"amatrice"}
    assert lede_places("Talks in Moscow", ["MOSCOW, Dec. 15 - They met."], names) == {"moscow"}
    assert lede_places(None, ["In March, prices rose."], names) == frozenset()


def test_features_carry_places_numbers_and_quotes_through_a_row():
    quoted = [*QUAKE, '"Half the town is not here anymore," Mayor Sergio Pirozzi said.']
    feature = event_features(doc("q", quoted), CONFIG)
    assert feature.places == {"amatrice", "rieti"}  # the lead: its first two paragraphs
    assert {"6.1", "120", "368"} <= feature.numbers
    assert len(feature.quotes) == 1
    assert type(feature).from_row(feature.to_row()) == feature


def test_the_lede_dates_the_event_for_matching():
    published = replace(doc("d", QUAKE, PartialDate(2016, 8, 26)), date_source="date_line")
    resolved = replace(published, event_date=date(2016, 8, 24), event_date_source="weekday")
    feature = event_features(resolved, CONFIG)
    assert (feature.event_first, feature.event_last) == (date(2016, 8, 24), date(2016, 8, 24))
    undated = event_features(doc("u", ["The ship sank on March 3 off Crete."]), CONFIG)
    assert (undated.event_first, undated.event_month, undated.event_day) == (None, 3, 3)


def test_an_event_pooled_spans_its_reports_dates_and_sums_their_terms():
    first = event_features(doc("a", QUAKE, PartialDate(2016, 8, 24)), CONFIG)
    later = event_features(doc("b", QUAKE[:1], PartialDate(2016, 9, 30)), CONFIG)
    alone = event_features(doc("c", ["Storms hit Oslo."], PartialDate(2015, 1, 2)), CONFIG)
    batch = _Batch([first, later, alone], document_frequencies([first, later, alone]), CONFIG)
    pooled = batch.pooled([[0, 1], [2]], [None, None], [None, None])
    days = (pooled.first_day[0], pooled.last_day[0])
    assert days == (date(2016, 8, 24).toordinal(), date(2016, 9, 30).toordinal())
    column = batch.term_column["amatrice"]
    assert pooled.counts[0, column] == first.terms["amatrice"] + later.terms["amatrice"]
    assert np.allclose(np.asarray(pooled.terms.multiply(pooled.terms).sum(axis=1)).ravel(), 1)
    # a group of one is the report itself
    evidence, _ = pooled.evidence(np.array([1]), np.array([1]))
    same, _ = batch.evidence(np.array([2]), np.array([2]))
    assert np.allclose(evidence, same)


def test_the_second_pass_never_merges_events_whose_dates_are_years_apart():
    old = event_features(doc("o", QUAKE, PartialDate(2014, 8, 24)), CONFIG)
    new = event_features(doc("n", QUAKE, PartialDate(2016, 8, 24)), CONFIG)
    again = event_features(doc("a", QUAKE, PartialDate(2016, 8, 25)), CONFIG)
    result = assign_events([again], [(old, "e-2014"), (new, "e-2016")], CONFIG)
    assert result.merges == []
    assert result.event_of == {"a": "e-2016"}
