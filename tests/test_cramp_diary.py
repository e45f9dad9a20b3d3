"""The cramp diary: checks, weekly figures as trials report them, and a CSV file never overwritten."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.cramp_diary import (
    COLUMNS,
    Diary,
    DiaryEntry,
    DiaryError,
    compare,
    example_diary,
    from_csv_text,
    load_diary,
    parse_entry,
    save_diary,
    to_csv_text,
    weekly_summary,
)

START = date(2026, 11, 2)


def night(
    offset: int, cramps: int = 0, worst: int = 0, minutes: float = 0, sleep: int | None = None
) -> DiaryEntry:
    return DiaryEntry(START + timedelta(days=offset), cramps, worst, minutes, sleep)


@st.composite
def entries(draw) -> DiaryEntry:
    cramps = draw(st.integers(0, 20))
    if cramps:
        worst = draw(st.integers(1, 10))
        minutes = draw(st.sampled_from([0.5, 1, 1.5, 2, 3.25, 10, 60]))
    else:
        worst, minutes = 0, 0
    return DiaryEntry(
        night=START + timedelta(days=draw(st.integers(0, 120))),
        cramps=cramps,
        worst=worst,
        longest_min=float(minutes),
        sleep=draw(st.none() | st.integers(0, 10)),
        note=draw(st.sampled_from(["", "new pillow", 'said "ouch", loudly', "café; stretch"])),
    )


diaries = st.lists(entries(), max_size=40, unique_by=lambda e: e.night)


# -- entries ------------------------------------------------------------------------------------------------
def test_a_night_with_cramps_needs_a_rating_and_a_duration():
    with pytest.raises(DiaryError, match="rate the worst one from 1 to 10"):
        night(0, cramps=2, worst=0, minutes=2)
    with pytest.raises(DiaryError, match="how long the longest lasted"):
        night(0, cramps=2, worst=5, minutes=0)
    with pytest.raises(DiaryError, match="with 0 cramps"):
        night(0, cramps=0, worst=3, minutes=0)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"night": "2/11/2026", "cramps": "1"}, "write it as YYYY-MM-DD"),
        ({"night": "2026-11-02", "cramps": ""}, "write 0 for a night with no cramps"),
        ({"night": "2026-11-02", "cramps": "two"}, "'two' is not a whole number"),
        ({"night": "2026-11-02", "cramps": "1.5", "worst_0_10": "4", "longest_min": "2"}, "whole number"),
        ({"night": "2026-11-02", "cramps": "21", "worst_0_10": "4", "longest_min": "2"}, "from 0 to 20"),
        ({"night": "2026-11-02", "cramps": "1", "worst_0_10": "11", "longest_min": "2"}, "from 0 to 10"),
        ({"night": "2026-11-02", "cramps": "1", "worst_0_10": "4", "longest_min": "90"}, "0 to 60 minutes"),
        (
            {"night": "2026-11-02", "cramps": "1", "worst_0_10": "4", "longest_min": "nan"},
            "number of minutes",
        ),
    ],
)
def test_bad_form_values_say_what_is_allowed(fields, message):
    with pytest.raises(DiaryError, match=message):
        parse_entry(fields)


def test_empty_worst_and_longest_mean_a_quiet_night_and_commas_are_decimal_points():
    assert parse_entry({"night": "2026-11-02", "cramps": "0"}) == night(0)
    entry = parse_entry({"night": "2026-11-03", "cramps": "1", "worst_0_10": "6", "longest_min": "1,5"})
    assert entry.longest_min == 1.5 and entry.sleep is None


def test_adding_a_night_twice_replaces_it_and_next_night_follows_the_last():
    diary = Diary([night(0), night(1, 1, 5, 2)])
    assert diary.next_night() == START + timedelta(days=2)
    assert diary.add(night(1, 3, 7, 4)) is True
    assert len(diary) == 2 and diary.entries[1].cramps == 3
    with pytest.raises(DiaryError, match="appears twice"):
        Diary([night(0), night(0)])


# -- statistics ---------------------------------------------------------------------------------------------
def test_weekly_figures_for_a_hand_counted_fortnight():
    week1 = [night(0, 1, 6, 2), night(1), night(2, 2, 8, 4, sleep=6), night(3), night(4), night(5), night(6)]
    week2 = [night(7, 1, 4, 1), night(9)]  # two nights logged
    weeks = weekly_summary(week1 + week2)
    assert [w.week for w in weeks] == [1, 2]
    first, second = weeks
    assert (first.nights_logged, first.cramps, first.cramps_per_week, first.nights_with_cramps) == (
        7,
        3,
        3,
        2,
    )
    assert first.mean_worst == 7 and first.mean_longest_min == 3 and first.mean_sleep == 6
    assert first.complete and not second.complete
    assert second.cramps_per_week == pytest.approx(3.5)  # 1 cramp in 2 nights, scaled to 7
    assert second.start == START + timedelta(days=7)


def test_a_week_with_no_cramps_has_no_average_severity():
    (week,) = weekly_summary([night(i) for i in range(7)])
    assert week.cramps_per_week == 0 and week.mean_worst is None and week.mean_longest_min is None


@given(diaries)
def test_weeks_account_for_every_night_and_cramp(diary):
    weeks = weekly_summary(diary)
    assert sum(w.nights_logged for w in weeks) == len(diary)
    assert sum(w.cramps for w in weeks) == sum(e.cramps for e in diary)
    assert all(1 <= w.nights_logged <= 7 and w.cramps_per_week >= w.cramps for w in weeks)
    assert all(w.mean_worst is None or 1 <= w.mean_worst <= 10 for w in weeks)


def test_comparison_reads_a_diary_like_the_cochrane_review():
    weeks = weekly_summary(example_diary())
    result = compare(weeks, 3)
    assert (result.before_weeks, result.after_weeks) == (2, 4)
    assert result.before_per_week == pytest.approx(4.5)
    assert result.percent_change < -25 and result.responder
    assert "count as a response" in result.sentence()


def test_a_small_fall_is_flagged_as_within_the_placebo_range():
    before = [night(i, 1, 5, 2) for i in range(14)]  # 7 a week
    after = [night(14 + i, 1 if i % 7 < 6 else 0, 5, 2) if i % 7 < 6 else night(14 + i) for i in range(28)]
    result = compare(weekly_summary(before + after), 3)
    assert -29 < result.percent_change < 0 and not result.responder
    assert "dummy pills" in result.sentence()


def test_comparison_needs_weeks_on_both_sides():
    weeks = weekly_summary([night(i) for i in range(14)])
    with pytest.raises(DiaryError, match="choose a week from 2 to 2"):
        compare(weeks, 1)
    with pytest.raises(DiaryError, match="empty"):
        compare([], 2)


# -- CSV ----------------------------------------------------------------------------------------------------
@settings(max_examples=60)
@given(diaries)
def test_csv_round_trip_keeps_every_night(diary):
    text = to_csv_text(diary)
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert from_csv_text(text) == sorted(diary, key=lambda e: e.night)


GOOD = "night,cramps,worst_0_10,longest_min,sleep_0_10,note\n2026-11-02,1,5,2,,\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("date,cramps\n", "row 1 \\(header\\) must be night,cramps"),
        (GOOD + "2026-11-03,x,5,2,,\n", "row 3: cramps 'x' is not a whole number"),
        (GOOD + "2026-11-03,1,5\n", "row 3 has 3 values; allowed: 6"),
        (GOOD + "2026-11-02,0,0,0,,\n", "row 3: night 2026-11-02 is already in row 2"),
        (GOOD + "\n2026-13-01,0,0,0,,\n", "row 4: night '2026-13-01' is not a date"),
        (GOOD + "2026-11-04,2,0,3,,\n", "row 3: with 1 or more cramps, rate the worst one"),
    ],
)
def test_bad_rows_name_the_row_and_what_is_allowed(text, message):
    with pytest.raises(DiaryError, match=message):
        from_csv_text(text)


def test_a_spreadsheet_byte_order_mark_and_blank_lines_are_fine():
    assert len(from_csv_text("\ufeff" + GOOD + "\n\n")) == 1


def test_save_never_replaces_an_existing_file(tmp_path):
    path = save_diary([night(0, 1, 5, 2)], tmp_path / "diary.csv")
    assert load_diary(path) == [night(0, 1, 5, 2)]
    before = path.read_bytes()
    with pytest.raises(DiaryError, match="already exists and was not changed; choose a new name"):
        save_diary([night(1)], path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["diary.csv"]  # no partial file left behind


def test_save_refuses_other_file_types_and_missing_folders(tmp_path):
    with pytest.raises(DiaryError, match=r"must end in \.csv"):
        save_diary([], tmp_path / "diary.txt")
    with pytest.raises(DiaryError, match="does not exist"):
        save_diary([], tmp_path / "nowhere" / "diary.csv")


def test_load_names_the_file_and_row(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(GOOD + "2026-11-03,1,5,-1,,\n", encoding="utf-8")
    with pytest.raises(DiaryError, match=r"mine\.csv: row 3: longest cramp -1 min is out of range"):
        load_diary(path)
    with pytest.raises(DiaryError, match=r"no file named other\.csv"):
        load_diary(tmp_path / "other.csv")


def test_the_example_diary_is_six_weeks_with_one_gap():
    weeks = weekly_summary(example_diary())
    assert len(weeks) == 6
    assert [w.complete for w in weeks] == [True, True, True, False, True, True]
