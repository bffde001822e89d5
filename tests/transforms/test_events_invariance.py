"""A topic's reports group the same whether placed alone or with unrelated reports.

An analyst's events must not change because another topic's reports were loaded into the same
warehouse: the evidence about a pair of reports is the two reports' own (term rarity comes
from a fixed background corpus, not from the batch), so adding unrelated reports to a batch
changes neither the topic's pair scores nor its events.
"""

import random

import numpy as np
import pytest

from tests.transforms.test_events import groups, make_doc, quake_features, seed_features
from transforms.event_features import DocumentFrequencies
from transforms.events import EventConfig, _Batch, _candidate_arrays, assign_events, event_features
from transforms.records import PartialDate

CONFIG = EventConfig()
# Unrelated stories in everyday news words (plus words the topic uses: "earthquake" and
# "rescue" in a drill story), so that a batch-counted rarity of the topic's words would move.
TOPICS = ("budget", "league", "election", "drill", "concert", "strike", "storm", "trial")
FILLER = (
    "government minister police officials people country city week statement report said "
    "president council company market prices union workers court judge fans match season "
    "earthquake rescue workers hospital residents mountain town buildings injured"
).split()


def unrelated_reports(count: int, seed: int) -> list:
    """`count` generated reports of other topics, dated far from the topic's reports."""
    rng = random.Random(seed)
    docs = []
    for k in range(count):
        topic = TOPICS[k % len(TOPICS)]
        words = [rng.choice(FILLER) for _ in range(60)]
        paragraphs = [
            f"The {topic} dominated talks in Westbridge on Monday as {' '.join(words[:20])}.",
            f"Officials said the {topic} would continue, {' '.join(words[20:40])}.",
            f"{' '.join(words[40:]).capitalize()} according to a statement.",
        ]
        when = PartialDate(2011, 1 + k % 12, 1 + k % 28)
        docs.append(make_doc(f"u{seed}-{k:03d}", f"The {topic} in Westbridge", paragraphs, when))
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


def test_the_background_counts_a_common_word_often_and_a_rare_name_never():
    background = DocumentFrequencies.background()
    assert background.n_docs > 2000
    assert background.term_idf("government") < background.term_idf("earthquake")
    assert background.names.get("amatrice", 0) == 0
    assert background.name_idf("amatrice") > background.name_idf("london")
