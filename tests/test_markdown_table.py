"""One Markdown table builder: every cell stays in its column, whatever text a data file holds."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.markdown_table import markdown_table, table_cell
from helpers.stretching_widgets import trials_markdown


def _cells(line: str) -> list[str]:
    """The cells of one table line, splitting only on pipes that are not escaped."""
    inner = line.strip()[1:-1]
    cells, current, escaped = [], "", False
    for char in inner:
        if char == "|" and not escaped:
            cells.append(current.strip())
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*cells, current.strip()]


def test_a_table_has_a_header_a_rule_and_one_line_per_row():
    table = markdown_table(("Name", "Minutes"), [("Ice", 20), ("Heat", "15")])
    assert table.splitlines() == ["| Name | Minutes |", "|---|---|", "| Ice | 20 |", "| Heat | 15 |"]


#: Any text but a backslash (data files hold none; a backslash before a pipe is Markdown's own puzzle).
_TEXT = st.text(alphabet=st.characters(blacklist_characters="\\"), max_size=30)


@given(st.lists(st.lists(_TEXT, min_size=3, max_size=3), max_size=5))
def test_any_text_keeps_its_column_and_its_line(rows):
    lines = markdown_table(("a", "b", "c"), rows).splitlines()
    assert len(lines) == 2 + len(rows)
    for line, row in zip(lines[2:], rows, strict=True):
        assert len(_cells(line)) == 3, line
        assert [cell.replace("\\|", "|") for cell in _cells(line)] == [" ".join(text.split()) for text in row]


def test_a_pipe_still_shows_as_a_pipe_and_a_line_break_becomes_a_space():
    assert table_cell("10 | 20\nmin") == "10 \\| 20 min"


def test_a_row_with_the_wrong_number_of_cells_is_refused():
    with pytest.raises(ValueError, match="row 2 has 1 cells; the header has 2"):
        markdown_table(("a", "b"), [("x", "y"), ("z",)])


def test_a_pipe_in_a_data_file_does_not_shift_a_notebook_table(edit_table):
    edit_table("stretching_trials.csv", lambda rows: [{**rows[0], "result": "fewer | same pain"}, *rows[1:]])
    lines = trials_markdown().splitlines()
    widths = {len(_cells(line)) for line in lines if not line.startswith("|---")}
    assert widths == {7}
    assert "fewer \\| same pain" in lines[2]
