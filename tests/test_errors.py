"""One error model: InputError for what a person can fix, everything else logged for a maintainer."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import errorlog
from helpers.errors import DataError, InputError, PlanInputError, as_sentence, whole_in_range
from helpers.evidence import claims_by_treatment, strongest_level
from helpers.massage import build_routine, caution_message
from helpers.planner import PlanRequest, generate_plan
from helpers.session import step_indicator
from helpers.stretching import find_stretches, hold_rest_schedule, seconds_in_words
from helpers.thermal import get_agent, simulate, simulate_single
from helpers.timeline import PlanInputError as TimelinePlanInputError
from helpers.widgets_base import MessageArea, guarded
from tests.conftest import ROOT


@pytest.fixture
def error_log(tmp_path, monkeypatch):
    path = tmp_path / "errors.log"
    monkeypatch.setenv("CRAMP_CARE_LOG", str(path))
    return path


def _failing(error: BaseException):
    area = MessageArea()

    @guarded(area)
    def update() -> None:
        raise error

    update()
    return area.widget.value


def test_an_input_error_names_the_field_what_was_given_and_what_is_allowed():
    error = InputError(field="ice time", given=45, allowed="a whole number of minutes from 1 to 20")
    assert str(error) == "Ice time cannot be 45. Allowed: a whole number of minutes from 1 to 20."
    assert (error.field, error.given, error.allowed) == (
        "ice time",
        45,
        "a whole number of minutes from 1 to 20",
    )
    assert isinstance(error, ValueError)
    assert PlanInputError is InputError and TimelinePlanInputError is InputError
    assert not issubclass(DataError, InputError)


def test_the_widget_message_has_a_full_stop_between_sentences(error_log):
    shown = _failing(InputError("ice time must be from 1 to 20; 45 minutes is not allowed"))
    assert "45 minutes is not allowed. The last valid result is still shown." in shown
    assert "Ice time must" in shown
    assert not error_log.exists(), "a person's own mistake is not a bug: nothing to log"


@pytest.mark.parametrize(
    "error",
    [
        ValueError("operands could not be broadcast together with shapes (3,) (4,)"),  # numpy-like
        DataError("red_flags.csv, line 7: urgency 'soon' is not one of self_care"),
        KeyError("heat_pad"),
    ],
    ids=["internal-ValueError", "DataError", "KeyError"],
)
def test_anything_else_is_logged_with_its_traceback_and_the_person_gets_a_reference(error, error_log):
    shown = _failing(error)
    assert "Sorry, something went wrong on our side" in shown
    assert str(error) not in shown and "Please check" not in shown and "Traceback" not in shown
    reference = shown.split("the code ")[1].split(".")[0]
    assert reference.startswith("CC-") and len(reference) == 11
    log = error_log.read_text(encoding="utf-8")
    first, *rest = log[log.index(reference) :].splitlines()
    assert type(error).__name__ in first and "in " in first
    assert "Traceback (most recent call last)" in "\n".join(rest)
    assert "raise error" in log  # the line that failed, for the maintainer


def test_each_failure_gets_its_own_reference(error_log):
    first = _failing(RuntimeError("one"))
    second = _failing(RuntimeError("two"))
    assert first.split("the code ")[1] != second.split("the code ")[1]
    assert error_log.read_text(encoding="utf-8").count("RuntimeError") >= 2


def test_an_unwritable_log_still_never_raises(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("CRAMP_CARE_LOG", str(blocker / "errors.log"))  # parent is a file: cannot write
    assert "Sorry" in _failing(RuntimeError("boom"))


def test_the_log_is_found_where_contributing_says(tmp_path, monkeypatch):
    monkeypatch.delenv("CRAMP_CARE_LOG", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert errorlog.log_path() == tmp_path / "cramp-care" / "errors.log"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert errorlog.log_path() == Path.home() / ".cache" / "cramp-care" / "errors.log"
    assert "~/.cache/cramp-care/errors.log" in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


# ---- one whole-number rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda v: build_routine("calf", v, False),
        lambda v: hold_rest_schedule(v, 10, 3),
        lambda v: generate_plan(PlanRequest(ice_minutes=v)),
        lambda v: step_indicator(v, 10),
    ],
    ids=["massage", "stretching", "planner", "session"],
)
def test_every_whole_number_input_follows_one_rule(call):
    call(5)
    call(5.0)  # a whole float (from JSON or a float widget) is accepted everywhere
    for bad in (5.5, True, "5", float("nan"), None):
        with pytest.raises(InputError):
            call(bad)


def test_whole_in_range_message_reads_as_sentences():
    with pytest.raises(InputError) as caught:
        whole_in_range(45, "ice time", 1, 20, unit="minutes")
    assert (
        str(caught.value)
        == "Ice time must be a whole number of minutes from 1 to 20. 45 minutes is not allowed."
    )
    with pytest.raises(DataError, match="line 4"):
        whole_in_range("x", "stretches.csv, line 4: column 'reps'", 1, 10, error=DataError)


def test_as_sentence():
    assert (
        as_sentence("unknown muscle 'neck'; choose one of: calf")
        == "Unknown muscle 'neck'; choose one of: calf."
    )
    assert as_sentence("Done.") == "Done."


# ---- the types of what domain functions get ------------------------------------------------------------


def test_massage_and_session_raise_the_project_error_not_a_bare_value_error():
    with pytest.raises(InputError, match="Area"):
        build_routine("neck", 5, False)
    with pytest.raises(InputError, match=r"[Ss]tep index"):
        step_indicator(9)


def test_a_single_caution_string_is_not_read_letter_by_letter():
    with pytest.raises(InputError, match=r"Ticked cautions cannot be .breathless.\. Allowed: a list of ids"):
        caution_message("breathless")


@pytest.mark.parametrize(
    "call",
    [
        lambda: get_agent(["heat_pad"]),
        lambda: find_stretches(["calf"], "body"),
        lambda: find_stretches("calf", {"body": 1}),
        lambda: seconds_in_words("70"),
        lambda: simulate("ice", 0, 60),
        lambda: simulate([("ice", 60, 20)], 0, 200),
        lambda: simulate_single("heat_pad", "20"),
        lambda: strongest_level(["ice"]),
        lambda: claims_by_treatment("ice"),
        lambda: build_routine(["calf"], 5, False),
        lambda: caution_message(None),
        lambda: step_indicator("1"),
    ],
    ids=[
        "agent-list",
        "muscle-list",
        "kit-dict",
        "seconds-text",
        "applications-text",
        "application-tuple",
        "duration-text",
        "treatment-list",
        "claims-text",
        "area-list",
        "cautions-none",
        "step-text",
    ],
)
def test_public_domain_functions_refuse_wrong_types_with_the_project_error(call):
    with pytest.raises(InputError):
        call()
