"""What the evidence says about each treatment the series mentions, read from ``data/evidence_claims.csv``.

The series teaches a self-care script that came from a clinic blog, so a reader needs to see, treatment by
treatment, how strong the support for each step is. Keeping the claims in a CSV lets a clinician update a
row when a new review appears without touching code; this module only reads, checks and groups them.

Two separate questions are kept apart on purpose: *what kind of study* backs a claim (``evidence_level``,
an ordered scale) and *how sure the source was* (``certainty``, only where the source rated it, e.g. GRADE).
"""

from __future__ import annotations

from dataclasses import dataclass

from helpers.citations import cite_markdown
from helpers.data import Column, Table, cached, load_table
from helpers.errors import InputError, known_ids
from helpers.markdown_table import markdown_table

#: Kind of study behind a claim, weakest first. The order is the x axis of the overview plot.
#: - none found: the evidence brief found no study at all;
#: - lab study: laboratory or physiology work (mechanism, not a treatment test in patients);
#: - observational: case reports, case series, surveys, database studies (useful for harms);
#: - guideline: a guideline, a regulator, official patient information or an expert narrative review;
#: - RCT: one or more randomised trials, not pooled;
#: - systematic review: a systematic review or meta-analysis of trials (a scoping review is noted as such).
EVIDENCE_LEVELS: tuple[str, ...] = (
    "none found",
    "lab study",
    "observational",
    "guideline",
    "RCT",
    "systematic review",
)
#: Which way the evidence points, for the condition studied (not always cramps: see ``Claim.condition``).
DIRECTIONS: tuple[str, ...] = ("helps", "mixed", "no clear effect", "harms", "unknown")
#: Certainty as rated by the source itself (GRADE or similar); "not rated" when the brief gives none.
CERTAINTIES: tuple[str, ...] = ("high", "moderate", "low", "very low", "not rated")

#: Plain labels for the treatment ids, in the order the series teaches them.
TREATMENT_LABELS: dict[str, str] = {
    "stretching": "Stretching",
    "massage": "Massage",
    "ice": "Ice",
    "heat": "Heat",
    "heat_then_ice": "Heat then ice",
    "heat_lamp": "Heat lamp",
    "skin_pinch": "Pinching the skin",
    "ball_band_tools": "Tennis ball, band or ball",
    "foam_rolling": "Foam rolling",
    "chiropractic": "Chiropractic / spinal manipulation",
    "physiotherapy": "Physiotherapy",
    "painkillers": "Painkillers",
    "muscle_relaxants": "Muscle relaxants",
    "quinine": "Quinine",
}


@dataclass(frozen=True)
class Claim:
    """One statement about one treatment, with the kind of evidence behind it and its sources."""

    id: str
    treatment: str
    claim: str
    condition: str
    evidence_level: str
    direction: str
    certainty: str
    refs: tuple[str, ...]
    note: str = ""

    @property
    def level_rank(self) -> int:
        """Position on :data:`EVIDENCE_LEVELS` (0 = none found), so claims can be sorted by strength."""
        return EVIDENCE_LEVELS.index(self.evidence_level)

    @property
    def treatment_label(self) -> str:
        return TREATMENT_LABELS[self.treatment]


CLAIMS = Table(
    "evidence_claims.csv",
    (
        Column("id"),
        Column("treatment", "choice", choices=tuple(TREATMENT_LABELS)),
        Column("claim"),
        Column("condition"),
        Column("evidence_level", "choice", choices=EVIDENCE_LEVELS),
        Column("direction", "choice", choices=DIRECTIONS),
        Column("certainty", "choice", choices=CERTAINTIES),
        Column("refs", "refs"),
        Column("note", required=False, default=""),
    ),
)


@cached
def load_claims() -> tuple[Claim, ...]:
    """Every claim in ``data/evidence_claims.csv``, in file order; bad values fail loudly with the line."""
    return tuple(Claim(**row) for row in load_table(CLAIMS))


def claims_by_treatment(claims: tuple[Claim, ...] | None = None) -> dict[str, tuple[Claim, ...]]:
    """Claims grouped by treatment, treatments in teaching order, strongest evidence first within each."""
    claims = load_claims() if claims is None else claims
    if isinstance(claims, str) or not all(isinstance(claim, Claim) for claim in claims):
        raise InputError(field="claims", given=claims, allowed="a tuple of Claim (from load_claims), or None")
    grouped: dict[str, tuple[Claim, ...]] = {}
    for treatment in TREATMENT_LABELS:
        mine = [claim for claim in claims if claim.treatment == treatment]
        if mine:
            grouped[treatment] = tuple(sorted(mine, key=lambda claim: -claim.level_rank))
    return grouped


def strongest_level(treatment: str, claims: tuple[Claim, ...] | None = None) -> str:
    """The strongest kind of evidence found for ``treatment`` (``"none found"`` if it has no claim)."""
    if not isinstance(treatment, str) or treatment not in TREATMENT_LABELS:
        raise InputError(field="treatment", given=treatment, allowed=f"one of {', '.join(TREATMENT_LABELS)}")
    mine = claims_by_treatment(claims).get(treatment, ())
    return mine[0].evidence_level if mine else EVIDENCE_LEVELS[0]


def claims_markdown(
    treatments: tuple[str, ...] | None = None, claims: tuple[Claim, ...] | None = None
) -> str:
    """A Markdown table of the claims (optionally only some treatments), citing each row's sources."""
    grouped = claims_by_treatment(claims)
    if treatments is not None:
        treatments = tuple(known_ids(treatments, TREATMENT_LABELS, "treatments"))
        grouped = {name: grouped[name] for name in treatments if name in grouped}
    return markdown_table(
        ("Treatment", "Claim", "Studied in", "Evidence", "Direction", "Certainty", "Sources"),
        (
            (
                TREATMENT_LABELS[treatment],
                claim.claim,
                claim.condition,
                claim.evidence_level,
                claim.direction,
                claim.certainty,
                cite_markdown(claim.refs, "student"),
            )
            for treatment, mine in grouped.items()
            for claim in mine
        ),
    )
