"""The cramp diary app: type a night, press Add, see the weeks; save and load the diary in the browser.

Works the same in JupyterLab and in Voila. A patient in Voila has no file browser, so saving is a
download link (the browser saves the file; it never replaces a file without asking) and loading is an
upload button; nothing is stored on the server or sent anywhere. Every field is a plain text box reached
with Tab, so the whole diary can be kept with the keyboard. A bad value shows a message saying what is
allowed, and the diary, table and chart stay as they were.
"""

from __future__ import annotations

import html
from datetime import date

import ipywidgets as widgets

from helpers.cramp_diary import (
    LONG_CRAMP_MIN,
    Comparison,
    Diary,
    DiaryError,
    WeekSummary,
    compare,
    default_filename,
    from_csv_text,
    parse_entry,
    to_csv_text,
    weekly_summary,
)
from helpers.cramp_diary_plots import alt_text, diary_figure, draw_diary
from helpers.render import figure_to_png
from helpers.triage import flags_by_id
from helpers.widgets_base import MessageArea, download_link, guarded, png_html

NO_CHANGE = "no change yet"
#: The red-flag row whose advice shows when a cramp over 10 minutes is logged (data/red_flags.csv).
LONG_CRAMP_FLAG = "long_cramp_not_easing"


def weeks_table_html(weeks: list[WeekSummary]) -> str:
    """The weekly figures as an HTML table with a caption (screen readers announce it as a table)."""
    if not weeks:
        return ""
    rows = []
    for w in weeks:
        worst = "-" if w.mean_worst is None else f"{w.mean_worst:.1f}"
        longest = "-" if w.mean_longest_min is None else f"{w.mean_longest_min:.1f}"
        sleep = "-" if w.mean_sleep is None else f"{w.mean_sleep:.1f}"
        per_week = f"{w.cramps_per_week:.1f}" + ("" if w.complete else f" (from {w.nights_logged} nights)")
        rows.append(
            f"<tr><td>Week {w.week} (from {w.start.isoformat()})</td><td>{w.nights_logged}</td>"
            f"<td>{w.cramps}</td><td>{per_week}</td><td>{w.nights_with_cramps}</td><td>{worst}</td>"
            f"<td>{longest}</td><td>{sleep}</td></tr>"
        )
    head = (
        "<tr><th>Week</th><th>Nights logged</th><th>Cramps</th><th>Cramps per week</th>"
        "<th>Nights with cramps</th><th>Worst cramp (0-10, average)</th><th>Longest cramp (min, average)</th>"
        "<th>Sleep disturbed (0-10, average)</th></tr>"
    )
    return (
        '<table class="cc-diary-weeks" style="border-collapse:collapse;margin:0.5em 0">'
        "<caption style='text-align:left'><strong>Your weeks, as trials count them</strong></caption>"
        f"{head}{''.join(rows)}</table>"
    )


class CrampDiaryApp:
    """The diary app. ``widget`` is what a cell shows; the controls are attributes so tests can drive them."""

    def __init__(self, diary: Diary | None = None, today: date | None = None) -> None:
        self.diary = diary if diary is not None else Diary()
        self._today = today
        self.message = MessageArea()
        style = {"description_width": "16em"}
        layout = widgets.Layout(width="26em")

        def box(description: str, placeholder: str) -> widgets.Text:
            return widgets.Text(
                description=description,
                placeholder=placeholder,
                style=style,
                layout=layout,
                continuous_update=False,
            )

        self.night = box("Night (date, YYYY-MM-DD)", "2026-11-02")
        self.cramps = box("Cramps that night (number)", "e.g. 1 (0 if none)")
        self.worst = box("Worst cramp (0-10)", "e.g. 5 (0 = none, 10 = worst)")
        self.longest = box("Longest cramp (minutes)", "e.g. 2 (0.5 = 30 seconds)")
        self.sleep = box("Sleep disturbed (0-10, optional)", "e.g. 4 (0 = not at all)")
        self.night.value = self.diary.next_night(today).isoformat()
        self.add_button = widgets.Button(
            description="Add this night", button_style="primary", tooltip="Add or update this night"
        )
        self.remove_button = widgets.Button(
            description="Remove this night", tooltip="Remove the night in the date box"
        )
        self.change_week = widgets.Dropdown(
            options=[NO_CHANGE],
            value=NO_CHANGE,
            description="Change started in week",
            style=style,
            layout=layout,
        )
        self.upload = widgets.FileUpload(
            accept=".csv", multiple=False, description="Load a saved diary (.csv)"
        )
        self.upload.layout.width = "20em"
        self.status = widgets.HTML()
        self.chart = widgets.HTML()
        self.table = widgets.HTML()
        self.save = widgets.HTML()
        self._figure, self._axes = diary_figure()
        self._redrawing = False

        self.add_button.on_click(guarded(self.message)(self._add))
        self.remove_button.on_click(guarded(self.message)(self._remove))
        self.change_week.observe(guarded(self.message)(self._redraw), names="value")
        self.upload.observe(guarded(self.message)(self._load), names="value")
        form = widgets.VBox(
            [
                self.night,
                self.cramps,
                self.worst,
                self.longest,
                self.sleep,
                widgets.HBox([self.add_button, self.remove_button]),
            ]
        )
        self.widget = widgets.VBox(
            [
                widgets.HTML("<strong>Cramp diary: one row per night, in the morning.</strong>"),
                form,
                self.message.widget,
                self.status,
                self.change_week,
                self.chart,
                self.table,
                widgets.HBox([self.save, self.upload]),
            ]
        )
        self.widget.add_class("cc-diary")
        self._redraw()

    # -- actions ----------------------------------------------------------------------------------------
    def _add(self, _button: object = None) -> None:
        entry = parse_entry(
            {
                "night": self.night.value,
                "cramps": self.cramps.value,
                "worst_0_10": self.worst.value,
                "longest_min": self.longest.value,
                "sleep_0_10": self.sleep.value,
            }
        )  # raises before anything changes, so a bad value leaves the diary as it was
        replaced = self.diary.add(entry)
        # Clear the form before redrawing: the chart changes last, so a person (or a test) who sees the new
        # chart and starts the next night never has the old night's clearing land on what they type.
        for field in (self.cramps, self.worst, self.longest, self.sleep):
            field.value = ""
        self.night.value = self.diary.next_night(self._today).isoformat()
        self._redraw()
        done = "updated" if replaced else "added"
        self.message.show(f"Night {entry.night.isoformat()} {done}.", kind="info")
        if entry.longest_min > LONG_CRAMP_MIN:
            flag = flags_by_id()[LONG_CRAMP_FLAG]
            self.message.show(
                f"Night {entry.night.isoformat()} {done}. A cramp over {LONG_CRAMP_MIN:g} minutes: "
                f"{flag.question} If so: {flag.advice}",
                kind="warning",
            )

    def _remove(self, _button: object = None) -> None:
        try:
            night = date.fromisoformat(self.night.value.strip())
        except ValueError:
            raise DiaryError(f"night {self.night.value!r} is not a date; write it as YYYY-MM-DD") from None
        self.diary.remove(night)
        self._redraw()
        self.message.show(f"Night {night.isoformat()} removed.", kind="info")

    def _load(self, _change: object = None) -> None:
        files = self.upload.value
        if files:
            self._load_bytes(files[0]["name"], bytes(files[0]["content"]))

    def _load_bytes(self, name: str, content: bytes) -> None:
        try:
            text = content.decode("utf-8")
        except UnicodeDecodeError:
            raise DiaryError(f"{name} is not a text (CSV) file saved as UTF-8") from None
        try:
            entries = from_csv_text(text)
        except DiaryError as error:
            raise DiaryError(f"{name}: {error}. Your diary on screen was not changed.") from None
        self.diary = Diary(entries)
        self.night.value = self.diary.next_night(self._today).isoformat()
        self._redraw()
        self.message.show(f"Loaded {len(entries)} nights from {name}.", kind="info")

    def load_text(self, text: str, name: str = "diary.csv") -> None:
        """Load CSV text as an upload would (for tests and a clinician's own code); errors show a message."""
        guarded(self.message)(self._load_bytes)(name, text.encode("utf-8"))

    # -- views ------------------------------------------------------------------------------------------
    def comparison(self, weeks: list[WeekSummary]) -> Comparison | None:
        choice = self.change_week.value
        if choice == NO_CHANGE or not weeks:
            return None
        return compare(weeks, int(choice.split()[-1]))

    def _redraw(self, _change: object = None) -> None:
        if self._redrawing:  # changing the week menu below fires its observer; draw once
            return
        weeks = weekly_summary(self.diary.entries)
        options = [NO_CHANGE] + [f"week {w.week}" for w in weeks[1:]]
        if list(self.change_week.options) != options:
            keep = self.change_week.value if self.change_week.value in options else NO_CHANGE
            self._redrawing = True
            try:
                self.change_week.options = options
                self.change_week.value = keep
            finally:
                self._redrawing = False
        comparison = self.comparison(weeks)
        nights = len(self.diary)
        summary = f"{nights} night{'s' if nights != 1 else ''} logged."
        if comparison is not None:
            summary += " " + comparison.sentence()
        # The chart is set last: a browser that sees the new chart sees the new table, link and status too.
        data = to_csv_text(self.diary.entries).encode("utf-8")
        self.save.value = download_link(
            data, default_filename(self._today), "text/csv", "Save my diary (.csv download)"
        )
        self.table.value = weeks_table_html(weeks)
        self.status.value = f'<p role="status" style="font-size:1.05em">{html.escape(summary)}</p>'
        draw_diary(self._axes, weeks, comparison)
        words = alt_text(weeks, comparison)
        self.chart.value = png_html(figure_to_png(self._figure), words, width_px=765)
