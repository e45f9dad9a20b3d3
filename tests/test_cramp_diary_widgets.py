"""The diary app without a browser: adding, bad values, loading a file, and the comparison menu."""

from __future__ import annotations

from datetime import date

from helpers.cramp_diary import example_diary, to_csv_text
from helpers.cramp_diary_widgets import NO_CHANGE, CrampDiaryApp

TODAY = date(2026, 11, 2)


def _type(app: CrampDiaryApp, cramps: str, worst: str = "", longest: str = "") -> None:
    app.cramps.value, app.worst.value, app.longest.value = cramps, worst, longest
    app.add_button.click()


def test_adding_a_night_updates_chart_table_and_download_and_moves_to_the_next_night():
    app = CrampDiaryApp(today=TODAY)
    empty_chart = app.chart.value
    assert 'alt="Cramp diary chart: no nights logged yet."' in empty_chart
    _type(app, "2", "6", "3")
    assert app.chart.value != empty_chart
    assert "Week 1" in app.table.value and "2026-11-02,2,6,3,," in _download_text(app)
    assert app.night.value == "2026-11-03" and app.cramps.value == ""
    assert "Night 2026-11-02 added" in app.message.widget.value


def test_a_bad_value_shows_a_message_and_keeps_the_diary_and_chart():
    app = CrampDiaryApp(today=TODAY)
    _type(app, "1", "5", "2")
    chart, table = app.chart.value, app.table.value
    _type(app, "1", "15", "2")
    assert "Please check" in app.message.widget.value and "from 0 to 10" in app.message.widget.value
    assert len(app.diary) == 1 and app.chart.value == chart and app.table.value == table
    assert app.worst.value == "15", "the typed value stays so it can be corrected"


def test_a_long_cramp_shows_the_warning_sign_from_the_red_flag_table():
    app = CrampDiaryApp(today=TODAY)
    _type(app, "1", "8", "12")
    assert "more than 10 minutes" in app.message.widget.value and "urgent" in app.message.widget.value


def test_loading_a_file_replaces_the_diary_and_a_bad_file_changes_nothing():
    app = CrampDiaryApp(today=TODAY)
    app.load_text(to_csv_text(example_diary()), "mine.csv")
    assert len(app.diary) == len(example_diary()) and app.night.value == "2026-11-16"
    assert list(app.change_week.options)[:2] == [NO_CHANGE, "week 2"]
    app.change_week.value = "week 3"
    assert "48% fewer" in app.status.value and "count as a response" in app.status.value
    app.load_text("night,cramps,worst_0_10,longest_min,sleep_0_10,note\n2026-11-02,1,,,,\n", "bad.csv")
    assert "ad.csv: row 2: with 1 or more cramps" in app.message.widget.value  # "Bad.csv" as a sentence
    assert len(app.diary) == len(example_diary())


def _download_text(app: CrampDiaryApp) -> str:
    import base64
    import re

    encoded = re.search(r"base64,([^\"]+)\"", app.save.value).group(1)
    return base64.b64decode(encoded).decode("utf-8")
