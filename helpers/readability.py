"""Scoring patient-facing text offline, as the readability test and authors do.

textstat 0.7.4 is pinned on purpose: 0.7.5 and later download an NLTK corpus at run time and fail offline.
Markdown, citations, links and HTML are stripped first so they do not count as long "words".
"""

from __future__ import annotations

import re
import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import textstat

from helpers.citations import markdown_without_citations

#: The ceiling for patient-facing text: the source article reads at grade 7.1; we aim for 6.
PATIENT_MAX_GRADE = 7.0


def plain_text(markdown: str) -> str:
    """Markdown cell text reduced to the words a reader reads."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S)
    text = markdown_without_citations(text)  # citation links: ([NHS](#ref-nhs_leg_cramps))
    text = re.sub(r"\[(@[^\]]+)\]", " ", text)  # citations not yet converted: [@id]
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]+>", " ", text)  # html tags
    text = re.sub(r"https?://\S+", " ", text)
    # Sentence ends a reader sees: a blank line, a heading, a list item or a table row starts a new one.
    # Lines wrapped inside a paragraph are joined, so wrapping never makes a sentence look shorter.
    items: list[str] = []
    current: list[str] = []
    for raw in text.splitlines():
        line = raw.strip()
        starts_item = bool(re.match(r"^([#>|]|[-*+]\s|\d+\.\s)", line))
        if not line or starts_item:
            if current:
                items.append(" ".join(current))
            current = []
        if line:
            current.append(re.sub(r"^([#>|]+|[-*+]|\d+\.)\s*", "", line))
        if line.startswith(("#", "|")):  # a heading or table row is complete on its line
            items.append(" ".join(current))
            current = []
    if current:
        items.append(" ".join(current))
    lines = []
    for item in items:
        item = re.sub(r"[*_`|]", " ", item).strip()
        if item:
            lines.append(item if item[-1] in ".!?:" else item + ".")
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def grade(markdown: str) -> float:
    """Flesch-Kincaid grade of a Markdown cell's words."""
    return float(textstat.flesch_kincaid_grade(plain_text(markdown)))
