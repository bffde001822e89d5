"""A topic's reports group the same whether placed alone or with unrelated reports.

An analyst's events must not change because another topic's reports were loaded into the same
warehouse: the evidence about a pair of reports is the two reports' own (term rarity comes
from a fixed background corpus, not from the batch), so adding unrelated reports to a batch
changes neither the topic's pair scores nor its events. The one exception is a key more than
`block_max_reports` reports of the batch carry (an outlet's footer): it is no evidence.
"""

import random

import numpy as np
import pytest

from tests.transforms.test_events import groups, make_doc, quake_features, seed_features
from transforms.event_features import DocumentFrequencies
from transforms.events import EventConfig, _Batch, _candidate_arrays, assign_events, event_features
from transforms.records import PartialDate

CONFIG = EventConfig()
# Words the topic's reports use: each unrelated report carries one of them (fewer than
# `block_max_reports` reports carry any), so a batch-counted rarity of them would move.
SHARED = "earthquake rescue workers hospital residents mountain town buildings injured".split()
SYLLABLES = "ka lo mi ru se ta ve zo pa ni".split()


def unrelated_reports(count: int, seed: int) -> list:
    """`count` generated reports of other stories (words of their own, one of the topic's),
    dated far from the topic's reports."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choices(SYLLABLES, k=4)) for _ in range(400)})
    docs = []
    for k in range(count):
        words = [rng.choice(vocabulary) for _ in range(60)]
        words[rng.randrange(60)] = SHARED[k % len(SHARED)]
        paragraphs = [" ".join(words[i : i + 20]).capitalize() + "." for i in (0, 20, 40)]
        when = PartialDate(2011, 1 + k % 12, 1 + k % 28)
        docs.append(make_doc(f"u{seed}-{k:03d}", " ".join(words[:5]).title(), paragraphs, when))
    return [event_features(doc, CONFIG) for doc in docs]


def topic_reports() -> list:
    """Two earthquakes (one reported twice, reworded) and the seeds' three events."""
    return quake_features() + seed_features()


def pair_scores(features: list, topic_ids: set[str]) -> dict[tuple[str, str], float]:
    """Scores of every pair of the topic's reports, as assignment scores them in this batch."""
    batch = _Batch(features, None, CONFIG)
    index = [k for k, f in enumerate(features) if f.doc_id in topic_ids]
    first = np.array([a for a in index for b in index if a < b], np.int64)
    second = np.array([b for a in index for b in index if a < b], np.int64)
    scores = batch.scores(first, second)
    return {
        (features[a].doc_id, features[b].doc_id): float(s)
        for a, b, s in zip(first, second, scores, strict=True)
    }


@pytest.mark.parametrize("extra", [10, 60, 300], ids=["10-unrelated", "60", "300"])
def test_pair_scores_do_not_depend_on_unrelated_reports(extra):
    topic = topic_reports()
    ids = {f.doc_id for f in topic}
    alone = pair_scores(topic, ids)
    together = pair_scores(topic + unrelated_reports(extra, seed=extra), ids)
    assert together == pytest.approx(alone, rel=1e-12, abs=1e-12)
    assert max(alone.values()) > CONFIG.model.threshold  # the test scores real evidence


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_topic_groups_the_same_alone_and_among_unrelated_reports(seed):
    topic = topic_reports()
    ids = {f.doc_id for f in topic}
    alone = groups(assign_events(topic, [], CONFIG).event_of)
    mixed = assign_events(topic + unrelated_reports(200, seed), [], CONFIG).event_of
    assert groups({d: e for d, e in mixed.items() if d in ids}) == alone
    assert alone == {
        frozenset({"qa1", "qa2"}),
        frozenset({"qb1"}),
        frozenset({"000", "003"}),
        frozenset({"001", "004"}),
        frozenset({"002"}),
    }
    # the unrelated reports join none of the topic's events
    assert not {mixed[d] for d in ids} & {e for d, e in mixed.items() if d not in ids}


def test_a_report_is_blocked_with_the_same_top_terms_in_any_batch():
    topic = topic_reports()
    alone = _candidate_arrays(topic, len(topic), _Batch(topic, None, CONFIG), CONFIG)
    features = topic + unrelated_reports(60, seed=7)
    found = _candidate_arrays(features, len(features), _Batch(features, None, CONFIG), CONFIG)
    n = len(topic)
    inside = {(a, b) for a, b in zip(*found, strict=True) if a < n and b < n}
    assert inside == set(zip(*alone, strict=True))


def test_a_key_most_of_the_batch_carries_is_no_evidence():
    """An outlet's footer ("Trust Principles") is rare in the background, common in the
    warehouse: two reports sharing it are not one event when more than `block_max_reports`
    reports of the batch carry it."""
    footer = "Reporting by the Wirehouse desk under the Ashgrove Principles."
    pair = [
        make_doc(f"f{k}", None, [text, footer], PartialDate(2011, 5, 2))
        for k, text in enumerate(["Shares of Kolvex rose.", "The Tamsin ferry sailed late."])
    ]
    features = [event_features(doc, CONFIG) for doc in pair]
    assert "ashgrove principles" in features[0].names & features[1].names
    alone = pair_scores(features, {"f0", "f1"})
    others = [
        event_features(
            make_doc(f"o{k}", None, [f"Item {k} of note.", footer], PartialDate()), CONFIG
        )
        for k in range(CONFIG.block_max_reports + 10)
    ]
    crowded = pair_scores(features + others, {"f0", "f1"})
    assert crowded[("f0", "f1")] < alone[("f0", "f1")]
    assert crowded[("f0", "f1")] == 0.0


def test_the_background_counts_a_common_word_often_and_a_rare_name_never():
    background = DocumentFrequencies.background()
    assert background.n_docs > 2000
    assert background.term_idf("government") < background.term_idf("earthquake")
    assert background.names.get("amatrice", 0) == 0
    assert background.name_idf("amatrice") > background.name_idf("london")
