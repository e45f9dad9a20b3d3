"""The planner's patient-facing sentences, read from ``data/planner_notes.csv`` (one copy of each).

The planner, the widgets and the exports render these, so a sentence about when ice is advised, or why a
sore muscle needs a clinician, is written once with its sources. ``{name}`` fields are filled in by
:func:`planner_note`. No matplotlib and no ipywidgets here.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from helpers.data import Column, DataError, Table, cached, load_table

NOTES_FILE = "planner_notes.csv"


@dataclass(frozen=True)
class Note:
    """One sentence (or short label) and the sources behind it."""

    id: str
    text: str
    refs: tuple[str, ...]


NOTES = Table(NOTES_FILE, (Column("id"), Column("text"), Column("refs", "refs", required=False)))


@cached
def _notes() -> Mapping[str, Note]:
    return MappingProxyType({row["id"]: Note(**row) for row in load_table(NOTES)})


def note_fields(note_id: str) -> tuple[str, ...]:
    """The ``{name}`` fields a note expects, in order (tests use this to fill every note)."""
    return tuple(name for _, name, _, _ in string.Formatter().parse(_notes()[note_id].text) if name)


def planner_note(note_id: str, **fields: object) -> Note:
    """The note ``note_id`` with its ``{name}`` fields filled in; an unknown id or field raises DataError."""
    notes = _notes()
    if note_id not in notes:
        raise DataError(f"{NOTES_FILE}: no note {note_id!r}; known: {', '.join(notes)}")
    note = notes[note_id]
    try:
        text = note.text.format(**fields)
    except (KeyError, IndexError) as error:
        raise DataError(f"{NOTES_FILE}, {note_id}: needs the field {error}") from None
    return Note(note.id, text, note.refs)


def note_text(note_id: str, **fields: object) -> str:
    """Just the words of :func:`planner_note`."""
    return planner_note(note_id, **fields).text
