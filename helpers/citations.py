"""Citations that read well and stay machine-checked: one design for Lab, Voila, the handout and the book.

In notebook Markdown a citation is a link whose target is ``#ref-<id>`` (id from ``data/references.csv``)
and whose text is a short readable label: a source name for patients (``NHS``), author and year for
students (``Hallegraeff et al. 2012``). ``show_references`` puts an anchor named ``ref-<id>`` on each
reference, so the link jumps to it. Authors may still write ``[@id]`` or ``[@a; @b]``: ``convert_markdown``
(run by ``scripts/execute_notebooks.py``) rewrites it into the link form by the cell's audience, and
re-labels existing links when a label in the CSV changes. Text built in code uses ``cite_markdown`` or,
where there are no links (PDF handout, calendar), ``cite_plain``.

Domain module: no IPython, no widgets.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from helpers.data import (
    CITATION_BLOCK,
    CITATION_PATTERN,
    REFERENCES,
    DataError,
    cached,
    check_reference_ids,
    load_table,
)
from helpers.errors import InputError

Audience = Literal["patient", "student"]
AUDIENCES: tuple[str, ...] = ("patient", "student")

#: Prefix of every reference anchor: a citation of ``nhs_leg_cramps`` links to ``#ref-nhs_leg_cramps``.
ANCHOR_PREFIX = "ref-"

#: One citation link in Markdown: ``[NHS](#ref-nhs_leg_cramps)``.
CITATION_LINK = re.compile(r"\[([^\[\]]+)\]\(#ref-([a-z][a-z0-9_]*)\)")
#: A group of citation links in brackets, as ``cite_markdown`` writes it: ``([NHS](#ref-a); [UCLH](#ref-b))``.
CITATION_GROUP = re.compile(
    r"\((?:\[[^\[\]]+\]\(#ref-[a-z][a-z0-9_]*\))(?:; \[[^\[\]]+\]\(#ref-[a-z][a-z0-9_]*\))*\)"
)


@dataclass(frozen=True)
class Labels:
    """How one reference is named in running text."""

    patient: str
    student: str

    def for_audience(self, audience: str) -> str:
        return self.patient if _check_audience(audience) == "patient" else self.student


def _check_audience(audience: str) -> str:
    if audience not in AUDIENCES:
        raise InputError(field="audience", given=audience, allowed="'patient' or 'student'")
    return audience


@cached
def reference_labels() -> Mapping[str, Labels]:
    """Reference id -> labels, from the ``label_patient`` and ``label_student`` columns of references.csv.

    A row without labels (for example one added before the columns existed) falls back to its ``short``
    name for both audiences, so a new reference never breaks a notebook; the citation test asks for labels.
    """
    return MappingProxyType(
        {
            row["id"]: Labels(
                patient=row["label_patient"] or row["short"], student=row["label_student"] or row["short"]
            )
            for row in load_table(REFERENCES)
        }
    )


def anchor(ref_id: str) -> str:
    """The anchor name of a reference in a notebook's reference list (``ref-<id>``)."""
    return f"{ANCHOR_PREFIX}{ref_id}"


def _ids(ids: str | list[str] | tuple[str, ...]) -> list[str]:
    found = [ids] if isinstance(ids, str) else list(ids)
    if not found:
        raise DataError("a citation needs at least one reference id")
    check_reference_ids(found, "citation")
    return found


def cite_markdown(ids: str | list[str] | tuple[str, ...], audience: str) -> str:
    """``([NHS](#ref-nhs_leg_cramps); [Mersey Care](#ref-mersey_care_ice))``: links to the reference list."""
    labels = reference_labels()
    links = [f"[{labels[i].for_audience(audience)}](#{anchor(i)})" for i in _ids(ids)]
    return f"({'; '.join(links)})"


def cite_plain(ids: str | list[str] | tuple[str, ...], audience: str) -> str:
    """``(NHS; Mersey Care)``: the same citation without links, for the PDF handout and the calendar."""
    labels = reference_labels()
    return f"({'; '.join(labels[i].for_audience(audience) for i in _ids(ids))})"


def cited_ids(markdown: str) -> list[str]:
    """Reference ids cited in Markdown, in link form or the older ``[@id]`` form, in order of appearance."""
    found: list[tuple[int, str]] = [(m.start(), m.group(2)) for m in CITATION_LINK.finditer(markdown)]
    for block in CITATION_BLOCK.finditer(markdown):
        keys = CITATION_PATTERN.finditer(block.group(1))
        found.extend((block.start(1) + key.start(), key.group(1)) for key in keys)
    return [ref_id for _, ref_id in sorted(found)]


def convert_markdown(markdown: str, audience: str) -> str:
    """Rewrite ``[@id]`` / ``[@a; @b]`` into link form, and re-label existing citation links.

    Idempotent: converting converted text changes nothing unless a label in references.csv changed.
    Unknown ids raise DataError naming them, so a typo is caught when notebooks are executed.
    """
    _check_audience(audience)

    def from_keys(match: re.Match[str]) -> str:
        return cite_markdown(CITATION_PATTERN.findall(match.group(1)), audience)

    def relabel(match: re.Match[str]) -> str:
        return cite_markdown(CITATION_PATTERN.findall(match.group(0).replace("#ref-", "@")), audience)

    text = CITATION_BLOCK.sub(from_keys, markdown)
    return CITATION_GROUP.sub(relabel, text)


def markdown_without_citations(markdown: str) -> str:
    """The text with citation groups removed: what the readability score should count."""
    return CITATION_LINK.sub(" ", CITATION_GROUP.sub(" ", markdown))
