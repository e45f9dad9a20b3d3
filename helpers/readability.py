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

#: The ceiling for patient-facing text: the source article reads at grade 7.1; we aim for 6.
PATIENT_MAX_GRADE = 7.0


def plain_text(markdown: str) -> str:
    """Markdown cell text reduced to the words a reader reads."""
    text = re.sub(r"<details>.*?</details>", " ", markdown, flags=re.S)
    text = re.sub(r"\[(@[^\]]+)\]", " ", text)  # citations
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their words
    text = re.sub(r"<[^>]+>", " ", text)  # html tags
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"^\s*[#>|-]+\s*", "", text, flags=re.M)  # headings, quotes, bullets, table rules
    text = re.sub(r"^\s*\d+\.\s+", "", text, flags=re.M)  # numbered lists
    text = re.sub(r"[*_`|]", " ", text)
    lines = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        # a list item or heading without a full stop still ends a sentence for the reader
        lines.append(line if line[-1] in ".!?:" else line + ".")
    return re.sub(r"\s+", " ", " ".join(lines)).strip()


def grade(markdown: str) -> float:
    """Flesch-Kincaid grade of a Markdown cell's words."""
    return float(textstat.flesch_kincaid_grade(plain_text(markdown)))
