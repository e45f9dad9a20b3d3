"""The glossary (``data/glossary.csv``): terms a reader may not know, defined once for patients and students.

The book's Glossary page, the links from each page's first use of a term, and the look-up in the
notebooks (``helpers.glossary_widgets``) all read this one table. Domain module: no IPython, no widgets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from helpers.data import Column, DataError, Table, cached, load_table
from helpers.errors import InputError


@dataclass(frozen=True)
class Term:
    """One glossary entry. ``claim`` marks a definition that states a clinical fact (so it cites ``refs``)."""

    term: str
    aliases: tuple[str, ...]
    plain: str
    student: str
    refs: tuple[str, ...]
    claim: bool

    @property
    def anchor(self) -> str:
        """A stable id for links: ``term-`` plus the term in lowercase letters, digits and hyphens."""
        return "term-" + re.sub(r"[^a-z0-9]+", "-", self.term.lower()).strip("-")

    @property
    def forms(self) -> tuple[str, ...]:
        """Every spelling that counts as a use of the term, longest first (so '95% CI' wins over 'CI')."""
        return tuple(sorted({self.term, *self.aliases}, key=len, reverse=True))


GLOSSARY = Table(
    "glossary.csv",
    (
        Column("term"),
        Column("aliases", "list", required=False),
        Column("plain"),
        Column("student"),
        Column("refs", "refs", required=False),
        Column("claim", "flag", choices=("yes", "no")),
    ),
    key="term",
)


@cached
def load_glossary() -> tuple[Term, ...]:
    """All terms in file order. Raises DataError on a clinical claim without a source or a duplicate form."""
    terms: list[Term] = []
    seen: dict[str, str] = {}
    for row in load_table(GLOSSARY):
        term = Term(**row)
        if term.claim and not term.refs:
            raise DataError(f"{row.where}: a definition making a clinical claim must cite refs")
        for form in {form.lower() for form in term.forms}:
            if form in seen:
                raise DataError(f"{row.where}: {form!r} names both {seen[form]!r} and {term.term!r}")
            seen[form] = term.term
        terms.append(term)
    return tuple(terms)


def _form_pattern(form: str) -> str:
    # Acronyms (all capitals) match case-sensitively, so "CI" never matches "circulation"; words any case.
    escaped = re.escape(form)
    body = escaped if form.isupper() else f"(?i:{escaped})"
    return rf"(?<![\w@/-]){body}(?![\w-])"


@cached
def term_pattern() -> re.Pattern[str]:
    """One regex matching any form of any term as a whole word; group name ``t<i>`` tells which term."""
    parts = []
    for index, term in enumerate(load_glossary()):
        parts.append(f"(?P<t{index}>" + "|".join(_form_pattern(form) for form in term.forms) + ")")
    return re.compile("|".join(parts))


def terms_in(text: str) -> list[tuple[Term, re.Match[str]]]:
    """Every use of a glossary term in ``text``, in order of appearance."""
    terms = load_glossary()
    found = []
    for match in term_pattern().finditer(text):
        index = int(next(name for name, value in match.groupdict().items() if value is not None)[1:])
        found.append((terms[index], match))
    return found


def lookup(query: str) -> Term:
    """The term whose name or alias is ``query`` (any case); raises InputError naming close terms if none."""
    wanted = " ".join(query.split()).lower()
    for term in load_glossary():
        if wanted in (form.lower() for form in term.forms):
            return term
    close = [term.term for term in load_glossary() if wanted and wanted in term.term.lower()]
    hint = f" Did you mean: {', '.join(close)}?" if close else " See the list of terms."
    raise InputError(f"{query!r} is not in the glossary.{hint}")
