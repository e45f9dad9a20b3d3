"""Screening before ice or heat: a checklist of health problems that rule a treatment out.

The list lives in ``data/contraindications.csv`` so a clinician can review it against the guideline without
reading code. Screening errs on the safe side: any ticked item removes its treatment from the plan until a
clinician has said it is fine, even where a source only says "take care" (see the rules
ICE_CONTRAINDICATED and HEAT_CONTRAINDICATED).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from helpers.data import Column, DataError, Table, cached, load_table

CONTRAINDICATIONS_FILE = "contraindications.csv"
_BLOCKS = {"ice": frozenset({"ice"}), "heat": frozenset({"heat"}), "both": frozenset({"ice", "heat"})}
_WHAT = {"ice": "ice", "heat": "heat", "both": "ice or heat"}


@dataclass(frozen=True)
class Contraindication:
    """One checkbox: what a patient reads, what a clinician reads, and which treatment it removes."""

    id: str
    modality: str
    plain_label: str
    clinical_label: str
    refs: tuple[str, ...]

    @property
    def blocks_ice(self) -> bool:
        return "ice" in _BLOCKS[self.modality]

    @property
    def blocks_heat(self) -> bool:
        return "heat" in _BLOCKS[self.modality]


CONTRAINDICATIONS = Table(
    CONTRAINDICATIONS_FILE,
    (
        Column("id"),
        Column("modality", "choice", choices=tuple(_BLOCKS)),
        Column("plain_label"),
        Column("clinical_label"),
        Column("refs", "refs"),
    ),
)


@cached
def _load() -> tuple[Contraindication, ...]:
    return tuple(Contraindication(**row) for row in load_table(CONTRAINDICATIONS))


def load_contraindications() -> dict[str, Contraindication]:
    """All checklist items by id, in file order (the order a checklist shows them)."""
    return {item.id: item for item in _load()}


@dataclass(frozen=True)
class ScreeningResult:
    """Which treatments may go in the plan, and why any were taken out (one message per ticked item)."""

    ice_allowed: bool
    heat_allowed: bool
    messages: tuple[str, ...]


def check_ids(ticked_ids: Iterable[str]) -> frozenset[str]:
    """The ticked ids as a set; an id not in the checklist raises DataError naming the allowed ids.

    A typo here would otherwise silently screen nothing, which is the unsafe direction.
    """
    known = load_contraindications()
    ticked = frozenset(ticked_ids)
    unknown = sorted(item for item in ticked if item not in known)
    if unknown:
        raise DataError(
            f"unknown screening item(s) {', '.join(map(repr, unknown))}; allowed: {', '.join(known)}"
        )
    return ticked


def screen(ticked_ids: Iterable[str]) -> ScreeningResult:
    """Screen ticked checklist items: any tick removes its treatment and says to ask a clinician first."""
    ticked = check_ids(ticked_ids)
    items = [item for item in load_contraindications().values() if item.id in ticked]
    messages = tuple(
        f'You ticked "{item.plain_label}" Do not use {_WHAT[item.modality]} until you have asked '
        "a doctor or physio."
        for item in items
    )
    return ScreeningResult(
        ice_allowed=not any(item.blocks_ice for item in items),
        heat_allowed=not any(item.blocks_heat for item in items),
        messages=messages,
    )
