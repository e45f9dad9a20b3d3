"""Night cramps in older adults: which medicines are linked with cramps, and tonic water in numbers.

The medicine table lives in ``data/cramp_medicines.csv`` so a pharmacist can update a row without reading
code. Strength is kept in two forms on purpose: the one number a large study gives (an adjusted sequence
ratio: how much more often new quinine prescriptions, a marker of bad night cramps, followed starting a
medicine than preceded it; 1 = no link) [@garrison2012], and, where no number was found, a word saying
what kind of source lists the medicine. None of these show that a medicine *causes* a person's cramps, and
the sources never advise stopping a medicine: the table prompts a medicine review with a GP or pharmacist.

No matplotlib or ipywidgets here (the forest plot is in ``night_cramps_plots``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from helpers.citations import cite_markdown
from helpers.data import Column, DataError, Table, cached, load_table
from helpers.markdown_table import markdown_table

#: Strength word -> plain label, strongest kind of evidence first (the table's sort order).
STRENGTH_LABELS: dict[str, str] = {
    "clear": "Clear link in one large study",
    "small": "Small link (the authors' word)",
    "strongly_listed": "Called 'strongly associated' by a review (no numbers found)",
    "unclear": "Sources disagree",
    "listed": "On guideline lists (no numbers found)",
    "low_quality": "Low-quality source only",
}

MEDICINES = Table(
    "cramp_medicines.csv",
    (
        Column("id"),
        Column("medicine"),
        Column("group"),
        Column("estimate", "number", required=False, low=0.01),
        Column("ci_low", "number", required=False, low=0.01),
        Column("ci_high", "number", required=False, low=0.01),
        Column("strength", "choice", choices=tuple(STRENGTH_LABELS)),
        Column("what_the_source_says"),
        Column("refs", "refs"),
        Column("note", required=False, default=""),
    ),
)

#: US legal maximum of quinine in carbonated drinks: 83 parts per million = 83 mg/L [@ecfr_quinine].
TONIC_MAX_MG_PER_L = 83.0
#: A night-time quinine dose quoted by an NHS pathway: 200-300 mg [@bnssg_remedy].
QUININE_DOSE_MG = (200.0, 300.0)


@dataclass(frozen=True)
class MedicineLink:
    """One medicine or group and how strongly the sources link it with cramps."""

    id: str
    medicine: str
    group: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    strength: str
    what_the_source_says: str
    refs: tuple[str, ...]
    note: str = ""

    @property
    def strength_label(self) -> str:
        return STRENGTH_LABELS[self.strength]

    @property
    def has_number(self) -> bool:
        return self.estimate is not None


@cached
def load_medicines() -> tuple[MedicineLink, ...]:
    """Every row of ``data/cramp_medicines.csv``, in file order, checked (strength, numbers, refs)."""
    links: list[MedicineLink] = []
    for row in load_table(MEDICINES):
        link = MedicineLink(**{column.name: row[column.name] for column in MEDICINES.columns})
        if (link.ci_low is None) != (link.ci_high is None) or (
            link.ci_low is not None and link.estimate is None
        ):
            raise DataError(f"{row.where}: give both ci_low and ci_high with an estimate, or neither")
        if link.ci_low is not None and not link.ci_low <= link.estimate <= link.ci_high:  # type: ignore[operator]
            raise DataError(f"{row.where}: the estimate must lie between ci_low and ci_high")
        if (link.estimate is not None) != (link.strength in ("clear", "small")):
            raise DataError(
                f"{row.where}: only 'clear' and 'small' rows carry a number; others leave it empty"
            )
        links.append(link)
    return tuple(links)


def medicines_by_strength() -> list[MedicineLink]:
    """Rows sorted by kind of evidence (:data:`STRENGTH_LABELS` order), then by ratio, largest first."""
    order = list(STRENGTH_LABELS)
    return sorted(load_medicines(), key=lambda m: (order.index(m.strength), -(m.estimate or 0)))


def medicines_markdown() -> str:
    """The table for a notebook: medicine, how strong the link is, what the source says, sources."""
    rows = []
    for m in medicines_by_strength():
        if m.estimate is None:
            ratio = "-"
        elif m.ci_low is None:
            ratio = f"{m.estimate:.2f} (CI not given)"
        else:
            ratio = f"{m.estimate:.2f} ({m.ci_low:.2f} to {m.ci_high:.2f})"
        note = f" *{m.note}*" if m.note else ""
        rows.append(
            (
                m.medicine,
                m.strength_label,
                ratio,
                f"{m.what_the_source_says}{note}",
                cite_markdown(m.refs, "student"),
            )
        )
    return markdown_table(
        ("Medicine", "How strong is the link?", "Ratio (95% CI)", "What the source says", "Sources"), rows
    )


def tonic_litres_for_dose(dose_mg: float, mg_per_litre: float = TONIC_MAX_MG_PER_L) -> float:
    """Litres of tonic water holding ``dose_mg`` of quinine at ``mg_per_litre`` (derived arithmetic).

    At the US maximum of 83 mg/L, a 200-300 mg night dose is in about 2.4-3.6 L [@ecfr_quinine;
    @bnssg_remedy]. The point for teaching: a glass holds far less than a dose, yet a sensitised person
    can still react to it [@mayo_tonic_letter2001].
    """
    for value, name in ((dose_mg, "dose"), (mg_per_litre, "quinine content")):
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or value <= 0
        ):
            raise ValueError(f"{name} must be a positive number, got {value!r}")
    return dose_mg / mg_per_litre
