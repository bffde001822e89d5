"""benchmarks/events_scale.py counts reports joined to another company's event: the chaining
probe its figures rest on."""

import pytest

from benchmarks.events_scale import _companies_per_event

pytestmark = pytest.mark.fast


def test_each_ticker_beyond_the_first_of_an_event_is_counted():
    title = {
        "a": "QUANTUM CORP <QNTM.O> 2ND QTR NET",
        "b": "Update: QUANTUM CORP <QNTM.O> 2ND QTR NET",  # a copy: the same company
        "c": "HOMETOWN BANCORP INC <HTWN> 3RD QTR NET",
        "d": "ACME <ACME> TO BUY WIDGET <WDGT> STAKE",  # two companies: not counted
        "e": "Oil prices rise",
    }
    event_of = {"a": "e1", "b": "e1", "c": "e1", "d": "e1", "e": "e2"}
    found = _companies_per_event(event_of, title)
    assert found == {"e1": {"QNTM", "HTWN"}}
    assert sum(len(tickers) - 1 for tickers in found.values()) == 1
