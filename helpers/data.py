"""Reading the small CSV tables in ``data/`` that drive the series' content: one loader for every table.

Content that may change (stretches, cautions, rules, references) lives in CSV so a clinician can edit it
without touching code. Each table is described once by a :class:`Table` declaration (its columns, their
kinds and allowed values, the column whose values must be unique); :func:`load_table` reads and checks any
table from its declaration, so every table is checked the same way and every error names the file's real
line number (comment lines counted). Modules turn the checked rows into their own frozen dataclasses.

Where the files are found: ``$CRAMP_CARE_DATA`` if set (a configured folder), else the data installed
with the package (``data/`` is installed as the package ``cramp_care_data``, see ``pyproject.toml``), else
``data/`` beside ``helpers/`` in a source checkout whose install predates that. So a normal (non-editable)
install works, and a test may point the series at a copy.

Everything here is read-only and cached: the files are tiny and never change while a kernel runs, and a
cached table is returned as tuples and read-only mappings, so no caller can change it for everyone else.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

from helpers.errors import DataError, whole_in_range

__all__ = ["DATA_DIR", "Column", "DataError", "Row", "Table", "data_dir", "load_table", "read_csv"]

#: How a notebook or CSV cites a reference: ``[@hallegraeff2012]`` or ``[@nhs_leg_cramps; @hawke2021]``.
CITATION_PATTERN = re.compile(r"@([a-z][a-z0-9_]*)")
CITATION_BLOCK = re.compile(r"\[(@[a-z][a-z0-9_]*(?:\s*;\s*@[a-z][a-z0-9_]*)*)\]")
#: Environment variable naming a data folder to use instead of the installed one.
DATA_ENV = "CRAMP_CARE_DATA"
#: The package the data files are installed as (``data/`` in the source tree; see pyproject.toml).
DATA_PACKAGE = "cramp_care_data"
_SOURCE_DATA = Path(__file__).resolve().parent.parent / "data"


def data_dir() -> Path:
    """The folder the tables are read from (see the module docstring for the order it is looked for in)."""
    configured = os.environ.get(DATA_ENV)
    if configured:
        return Path(configured).expanduser()
    try:
        installed = Path(str(resources.files(DATA_PACKAGE)))
    except ModuleNotFoundError:
        installed = None
    for folder in (installed, _SOURCE_DATA):
        if folder is not None and (folder / "references.csv").is_file():
            return folder
    raise DataError(
        f"the data files were not found: set {DATA_ENV} to the folder holding references.csv, "
        "or reinstall the package (pip install .)"
    )


#: Where the tables were found when this module was imported (tests list files from it).
DATA_DIR = data_dir()


def data_path(name: str) -> Path:
    """Return the path of a file in the data folder, refusing names that would escape the folder."""
    if not isinstance(name, str) or "/" in name or "\\" in name or name.startswith(".") or not name:
        raise DataError(f"data file name {name!r} must be a plain file name such as 'references.csv'")
    folder = data_dir()
    path = folder / name
    if not path.is_file():
        raise DataError(f"data file {name!r} not found in {folder}")
    return path


# ---------------------------------------------------------------------------------------------------------
# Caches: every cached loader registers here, so pointing the series at other data clears them all.

_CACHES: list[Callable[[], None]] = []
F = TypeVar("F", bound=Callable[..., Any])


def cached(function: F) -> F:
    """``functools.cache`` that :func:`clear_caches` also clears. Return only read-only values from it."""
    wrapped = cache(function)
    _CACHES.append(wrapped.cache_clear)
    return wrapped  # type: ignore[return-value]


def clear_caches() -> None:
    """Forget every cached table (after ``$CRAMP_CARE_DATA`` changed, in a test)."""
    for clear in _CACHES:
        clear()


# ---------------------------------------------------------------------------------------------------------
# Reading: real line numbers.


@cached
def _raw_rows(path: Path) -> tuple[tuple[str, ...], tuple[tuple[int, tuple[str, ...]], ...]]:
    """Header and (line number, fields) per row; lines starting with ``#`` are comments but still counted."""
    numbers: list[int] = []

    def lines(handle: Any) -> Iterator[str]:
        for number, text in enumerate(handle, start=1):
            if text.startswith("#"):
                continue
            numbers.append(number)
            yield text

    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.reader(lines(handle))
        header: tuple[str, ...] = ()
        rows: list[tuple[int, tuple[str, ...]]] = []
        while True:
            first = len(numbers)  # index of the first line the next row is read from
            try:
                fields = next(reader)
            except StopIteration:
                break
            except csv.Error as error:
                raise DataError(f"{path.name}, line {numbers[first]}: {error}") from None
            if not fields:
                continue
            if not header:
                header = tuple(name.strip() for name in fields)
                continue
            rows.append((numbers[first], tuple(fields)))
    if not header:
        raise DataError(f"{path.name} is empty: it needs a header line naming its columns")
    return header, tuple(rows)


def _rows_as_dicts(name: str) -> Iterator[tuple[int, dict[str, str]]]:
    header, rows = _raw_rows(data_path(name))
    for line, fields in rows:
        if len(fields) > len(header):
            raise DataError(f"{name}, line {line}: {len(fields)} cells but only {len(header)} columns")
        yield line, {column: (fields[i] if i < len(fields) else "") for i, column in enumerate(header)}


def read_csv(name: str, required: tuple[str, ...] = ()) -> list[dict[str, str]]:
    """Rows of a data file as fresh dicts of raw text (for tests and scripts; modules use load_table).

    ``required`` names columns that must exist and be non-empty in every row.
    """
    rows = []
    for line, row in _rows_as_dicts(name):
        for column in required:
            if column not in row:
                raise DataError(f"{name}: column {column!r} is missing (columns: {', '.join(row)})")
            if not row[column].strip():
                raise DataError(f"{name}, line {line}: column {column!r} is empty")
        rows.append(row)
    return rows


# ---------------------------------------------------------------------------------------------------------
# Declarations and the one checked loader.

#: Kinds of column: what a cell must hold and what it becomes.
#: text -> str; int -> int (whole number, in [low, high] if given); number -> float (finite, in range);
#: choice -> str (one of ``choices``); flag -> bool (``choices`` = (true word, false word));
#: list -> tuple of str (split on ``;``); refs -> tuple of ids, each checked in references.csv.
KINDS = ("text", "int", "number", "choice", "flag", "list", "refs")


@dataclass(frozen=True)
class Column:
    """One column of a table: its name, kind, whether a cell may be empty, and the values allowed."""

    name: str
    kind: str = "text"
    required: bool = True
    choices: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    default: Any = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise DataError(f"column {self.name!r}: kind {self.kind!r} is not one of {', '.join(KINDS)}")
        if self.kind in ("choice", "flag") and not self.choices:
            raise DataError(f"column {self.name!r}: a {self.kind} column needs its allowed values")


@dataclass(frozen=True)
class Table:
    """The declaration of one data file: its columns and the column whose values must be unique."""

    file: str
    columns: tuple[Column, ...]
    key: str | None = "id"

    def column(self, name: str) -> Column:
        return next(column for column in self.columns if column.name == name)


class Row(Mapping[str, Any]):
    """One checked row: its values by column (read-only), its line in the file and where-text for errors."""

    __slots__ = ("_values", "line", "where")

    def __init__(self, values: Mapping[str, Any], line: int, where: str) -> None:
        self._values = MappingProxyType(dict(values))
        self.line = line
        self.where = where

    def __getitem__(self, column: str) -> Any:
        return self._values[column]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"Row({self.where}: {dict(self._values)!r})"


def _number(text: str, column: Column, where: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{where}: column {column.name!r} must be a number, got {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise DataError(f"{where}: column {column.name!r} must be a finite number, got {text!r}")
    return value


def _cell(text: str, column: Column, where: str) -> Any:
    """A cell's text checked and converted by its column's declaration."""
    text = text.strip()
    if not text:
        if column.required:
            raise DataError(f"{where}: column {column.name!r} is empty")
        return column.default if column.kind not in ("list", "refs") else ()
    if column.kind == "text":
        return text
    if column.kind == "int":
        try:
            value: Any = float(text)
        except ValueError:
            value = text  # whole_in_range names it: "must be a whole number from 1 to 10, not 'ten'"
        low = int(column.low) if column.low is not None else None
        high = int(column.high) if column.high is not None else None
        return whole_in_range(value, f"{where}: column {column.name!r}", low, high, error=DataError)
    if column.kind == "number":
        value = _number(text, column, where)
        if (column.low is not None and value < column.low) or (
            column.high is not None and value > column.high
        ):
            bounds = f"from {column.low if column.low is not None else '-inf'} to {column.high or 'inf'}"
            raise DataError(f"{where}: column {column.name!r} must be a number {bounds}, got {text!r}")
        return value
    if column.kind == "choice":
        if text not in column.choices:
            raise DataError(
                f"{where}: column {column.name!r} is {text!r}; allowed: {', '.join(column.choices)}"
            )
        return text
    if column.kind == "flag":
        word = text.lower()
        if word not in column.choices:
            raise DataError(
                f"{where}: column {column.name!r} is {text!r}; allowed: {', '.join(column.choices)}"
            )
        return word == column.choices[0]
    parts = tuple(part.strip() for part in text.split(";") if part.strip())
    if column.kind == "refs":
        parts = tuple(split_ids(text))
        check_reference_ids(parts, where)
    return parts


@cached
def load_table(table: Table) -> tuple[Row, ...]:
    """Every row of ``table.file``, checked against its declaration, in file order.

    Checks: the header has every required column and no undeclared one; every cell matches its column;
    ``table.key`` values are unique. Errors name the file, the real line number and the row's key.
    """
    header, _ = _raw_rows(data_path(table.file))
    declared = {column.name for column in table.columns}
    unknown = [name for name in header if name not in declared]
    missing = [c.name for c in table.columns if c.required and c.name not in header]
    if unknown or missing:
        raise DataError(
            f"{table.file}: the header does not match the table's declaration"
            + (f"; missing column(s) {', '.join(missing)}" if missing else "")
            + (f"; undeclared column(s) {', '.join(unknown)} (declare them in the loader)" if unknown else "")
        )
    rows: list[Row] = []
    seen: dict[str, int] = {}
    for line, raw in _rows_as_dicts(table.file):
        name = raw.get(table.key, "").strip() if table.key else ""
        where = f"{table.file}, line {line}" + (f" ({name})" if name else "")
        values = {column.name: _cell(raw.get(column.name, ""), column, where) for column in table.columns}
        if table.key:
            if name in seen:
                raise DataError(f"{where}: {table.key} {name!r} appears twice (first on line {seen[name]})")
            seen[name] = line
        rows.append(Row(values, line, where))
    return tuple(rows)


def split_ids(cell: str) -> list[str]:
    """Split a ``refs`` cell such as ``"nhs_leg_cramps; hawke2021"`` into ids."""
    return [part.strip().lstrip("@") for part in re.split(r"[;,]", cell or "") if part.strip()]


# ---------------------------------------------------------------------------------------------------------
# References: the table every other table cites.


@dataclass(frozen=True)
class Reference:
    """One entry of ``data/references.csv``: a source the series cites."""

    id: str
    short: str
    citation: str
    year: str
    url: str
    grade: str
    note: str


REFERENCES = Table(
    "references.csv",
    (
        Column("id"),
        Column("brief_no", "int", required=False, low=1),
        Column("short"),
        Column("citation"),
        Column("year", required=False, default=""),
        Column("url", required=False, default=""),
        Column("grade"),
        Column("note", required=False, default=""),
        # how a citation link is labelled (helpers.citations); empty falls back to ``short``
        Column("label_patient", required=False, default=""),
        Column("label_student", required=False, default=""),
    ),
)


@cached
def load_references() -> Mapping[str, Reference]:
    """All references by id, in file order (read-only)."""
    fields = ("id", "short", "citation", "year", "url", "grade", "note")
    return MappingProxyType(
        {row["id"]: Reference(**{name: row[name] for name in fields}) for row in load_table(REFERENCES)}
    )


def check_reference_ids(ids: list[str] | tuple[str, ...], where: str) -> None:
    """Raise DataError naming ``where`` if any id is not in references.csv."""
    known = load_references()
    unknown = [ref_id for ref_id in ids if ref_id not in known]
    if unknown:
        raise DataError(f"{where}: unknown reference id(s) {', '.join(unknown)}; see data/references.csv")
