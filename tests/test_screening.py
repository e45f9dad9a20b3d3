"""Screening: every ticked item removes its treatment, and nothing unknown slips through."""

from __future__ import annotations

import pytest

from helpers.data import DataError, load_references, read_csv
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.screening import load_contraindications, screen

#: What the evidence brief (sections A6 and B3) says each item rules out. Pinned here so a CSV edit that
#: drops an item, or moves it to the wrong treatment, fails a test instead of passing silently.
EXPECTED = {
    "raynauds": "ice",
    "cold_urticaria": "ice",
    "impaired_sensation": "both",
    "impaired_circulation": "both",
    "regenerating_nerve": "ice",
    "dvt_thrombophlebitis": "heat",
    "open_wound": "heat",
    "fever": "heat",
    "acute_inflammation": "heat",
    "swollen_hot_red": "both",
    "malignancy": "heat",
    "dermatitis": "heat",
    "recent_radiotherapy": "heat",
    "cannot_report": "heat",
    "diabetes": "heat",
}


def test_checklist_has_every_item_of_the_brief_for_the_right_treatment():
    assert {item.id: item.modality for item in load_contraindications().values()} == EXPECTED


def test_raw_csv_columns_are_as_documented():
    assert list(read_csv("contraindications.csv")[0]) == [
        "id",
        "modality",
        "plain_label",
        "clinical_label",
        "refs",
    ]


@pytest.mark.parametrize("item_id", sorted(EXPECTED))
def test_each_item_is_cited_and_readable(item_id):
    item = load_contraindications()[item_id]
    assert item.refs and set(item.refs) <= load_references().keys()
    assert item.clinical_label
    assert grade(item.plain_label) <= PATIENT_MAX_GRADE, item.plain_label


@pytest.mark.parametrize(("item_id", "modality"), sorted(EXPECTED.items()))
def test_each_ticked_item_removes_its_treatment_and_says_ask_first(item_id, modality):
    result = screen([item_id])
    assert result.ice_allowed is (modality == "heat")
    assert result.heat_allowed is (modality == "ice")
    (message,) = result.messages
    assert load_contraindications()[item_id].plain_label in message
    assert "doctor or physio" in message
    assert grade(message) <= PATIENT_MAX_GRADE + 1


def test_nothing_ticked_allows_both_with_no_messages():
    assert screen([]) == screen(()) == screen(iter([]))
    result = screen([])
    assert (result.ice_allowed, result.heat_allowed, result.messages) == (True, True, ())


def test_ticks_combine_and_messages_follow_checklist_order():
    result = screen(["fever", "raynauds"])
    assert not result.ice_allowed and not result.heat_allowed
    assert "Raynaud" in result.messages[0] and "fever" in result.messages[1]


def test_an_unknown_id_is_refused_and_the_error_lists_the_allowed_ids():
    with pytest.raises(DataError) as caught:
        screen(["raynaud"])
    message = str(caught.value)
    assert "'raynaud'" in message
    assert all(item_id in message for item_id in EXPECTED)
