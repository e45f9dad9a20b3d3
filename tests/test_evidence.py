"""The evidence table: valid values, real references, and every treatment of the series covered."""

from __future__ import annotations

import pytest

from helpers import evidence
from helpers.citations import CITATION_GROUP, cited_ids
from helpers.data import DataError, load_references
from helpers.errors import InputError
from helpers.evidence import (
    CERTAINTIES,
    DIRECTIONS,
    EVIDENCE_LEVELS,
    TREATMENT_LABELS,
    claims_by_treatment,
    claims_markdown,
    load_claims,
    strongest_level,
)

CLAIMS = load_claims()
SERIES_TREATMENTS = (
    "stretching",
    "massage",
    "ice",
    "heat",
    "heat_then_ice",
    "skin_pinch",
    "ball_band_tools",
    "foam_rolling",
    "chiropractic",
    "physiotherapy",
    "quinine",
)


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_each_claim_cites_references_that_exist_and_uses_the_scales(claim):
    known = load_references()
    assert claim.refs
    assert all(ref in known for ref in claim.refs)
    assert claim.evidence_level in EVIDENCE_LEVELS
    assert claim.direction in DIRECTIONS
    assert claim.certainty in CERTAINTIES


@pytest.mark.parametrize("treatment", SERIES_TREATMENTS)
def test_every_treatment_of_the_series_has_a_claim(treatment):
    assert claims_by_treatment()[treatment]


@pytest.mark.parametrize("treatment", ["skin_pinch", "heat_then_ice", "heat_lamp", "ball_band_tools"])
def test_tips_without_evidence_in_the_brief_are_marked_none_found(treatment):
    assert any(claim.evidence_level == "none found" for claim in claims_by_treatment()[treatment])
    assert strongest_level(treatment) in {"none found", "systematic review"}


def test_strongest_level_and_grouping_order():
    assert strongest_level("quinine") == "systematic review"
    assert strongest_level("skin_pinch") == "none found"
    grouped = claims_by_treatment()
    assert list(grouped) == [name for name in TREATMENT_LABELS if name in grouped]
    assert sorted(c.id for group in grouped.values() for c in group) == sorted(c.id for c in CLAIMS)
    for group in grouped.values():
        ranks = [claim.level_rank for claim in group]
        assert ranks == sorted(ranks, reverse=True)
    with pytest.raises(InputError, match=r"Treatment cannot be 'cupping'\. Allowed: one of stretching"):
        strongest_level("cupping")


def test_certainty_is_only_given_where_a_source_rated_it():
    rated = {c.id: c.certainty for c in CLAIMS if c.certainty != "not rated"}
    assert rated == {
        "stretch_hawke2021": "low",
        "massage_furlan2015": "very low",
        "heat_back_pain": "moderate",
        "smt_chronic_2019": "moderate",
        "smt_acute_2017": "moderate",
    }


def test_quinine_has_both_benefit_and_harm_claims():
    directions = {claim.direction for claim in claims_by_treatment()["quinine"]}
    assert {"helps", "harms"} <= directions


def test_a_bad_level_is_refused_with_the_allowed_values(edit_table):
    edit_table(
        "evidence_claims.csv", lambda rows: [*rows, {**rows[0], "id": "x", "evidence_level": "meta-analysis"}]
    )
    with pytest.raises(DataError, match="'evidence_level' is 'meta-analysis'; allowed: none found"):
        evidence.load_claims()
    edit_table("evidence_claims.csv", lambda rows: [*rows, {**rows[0], "id": "x", "refs": "nobody2099"}])
    with pytest.raises(DataError, match="nobody2099"):
        evidence.load_claims()


def test_markdown_table_has_one_row_per_claim_with_valid_citations():
    lines = claims_markdown().splitlines()
    assert len(lines) == 2 + len(CLAIMS)
    known = load_references()
    for line in lines[2:]:
        assert len(CITATION_GROUP.findall(line)) == 1
        assert cited_ids(line) and all(ref in known for ref in cited_ids(line))
        assert "[@" not in line
    only = claims_markdown(("quinine",)).splitlines()
    assert len(only) == 2 + len(claims_by_treatment()["quinine"])
    with pytest.raises(InputError, match="Treatments include the unknown id"):
        claims_markdown(("cupping",))
