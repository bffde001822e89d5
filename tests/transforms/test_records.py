import pickle
from dataclasses import fields
from datetime import date

import pytest

from transforms import records
from transforms.records import Document, PartialDate, Record, Rejection, Repair

RECORD_CLASSES = [
    cls for cls in vars(records).values() if isinstance(cls, type) and issubclass(cls, Record)
]


@pytest.mark.parametrize("cls", [c for c in RECORD_CLASSES if c is not Record])
def test_records_pickle_every_field(cls):
    """Records pickle as their constructor's arguments: a field outside them would be lost."""
    assert cls.__match_args__ == tuple(f.name for f in fields(cls))


def test_document_survives_the_round_trip_to_a_worker():
    document = Document(
        doc_id="d1",
        path="a/b.txt",
        sha256="00",
        format="text",
        raw_text="",
        title="Kerry meets Putin",
        paragraphs=["MOSCOW, March 24. Kerry met Putin."],
        date=PartialDate(2016, 3, 24),
        mentioned_dates=[PartialDate(None, 3, 24)],
        event_date=date(2016, 3, 24),
        language="en",
        repairs=[Repair(0, 0, 6, "MOSCOW", "Moscow", "casing")],
        mt_evidence={"acronym": 1},
        name_mentions=[(0, "Kerry", "kerry")],
        minhash=[1, 2, 3],
    )
    copy = pickle.loads(pickle.dumps(document))
    assert copy == document
    assert copy.repairs[0].after == "Moscow" and copy.date.precision == "day"
    assert pickle.loads(pickle.dumps(Rejection("x", "decode_empty", "no text"))).code == (
        "decode_empty"
    )
