"""Safety sentences are written once, in data/safety_messages.csv, and every view renders that copy."""

from __future__ import annotations

import ast
import dataclasses
import re

import pytest

from helpers.data import DataError, load_references
from helpers.messages import (
    BOTH_MESSAGES,
    HEAT_MESSAGES,
    ICE_MESSAGES,
    load_messages,
    safety_markdown,
    safety_message,
    safety_plain,
    warning_signs,
    warning_signs_markdown,
    warning_signs_plain,
)
from helpers.readability import PATIENT_MAX_GRADE, grade
from helpers.rules import load_rules
from helpers.triage import Urgency, load_red_flags
from tests import notebook_cells as cells
from tests.conftest import NOTEBOOKS, ROOT


def test_every_message_has_text_and_known_sources():
    messages = load_messages()
    assert len(messages) >= 15
    for message in messages.values():
        assert message.text and message.refs, message.id
        assert set(message.refs) <= set(load_references()), message.id
        assert "{" not in message.text, f"{message.id}: a placeholder was not filled in"


def test_message_is_frozen_and_unknown_ids_say_what_exists():
    message = safety_message("ice_cloth")
    with pytest.raises(dataclasses.FrozenInstanceError):
        message.text = "anything"  # type: ignore[misc]
    with pytest.raises(DataError, match="known: ice_cloth"):
        safety_message("no_such_message")


@pytest.mark.parametrize("message_id", list(load_messages()))
def test_each_message_reads_at_patient_grade(message_id):
    text = safety_message(message_id).text
    assert grade(text) <= PATIENT_MAX_GRADE, f"{message_id}: grade {grade(text):.1f}: {text}"


def test_limits_come_from_the_rules_so_a_changed_rule_changes_the_sentence():
    rules = load_rules()
    assert f"no more than {rules['ICE_MAX_DURATION'].value} minutes" in safety_message("ice_how_long").text
    assert f"no more than {rules['HEAT_MAX_DURATION'].value} minutes" in safety_message("heat_how_long").text
    hours = float(rules["ICE_MIN_INTERVAL"].value) / 60
    assert f"at least {hours:g} hours" in safety_message("ice_gap").text
    days = float(rules["HEAT_NOT_ACUTE"].value) / 24
    assert f"first {days:g} days" in safety_message("heat_not_early").text


def test_the_chosen_answers_to_the_contradictions():
    """Issue 8: one answer each. Numb skin means stop; the cloth is thin and damp; never asleep on a pad."""
    assert "numb" in safety_message("ice_stop").text and "at once" in safety_message("ice_stop").text
    assert "thin, damp cloth" in safety_message("ice_cloth").text
    assert "sleep" in safety_message("never_asleep").text
    assert "turns itself off" in safety_message("heat_pad_auto_off").text
    assert "design choice" in safety_message("heat_pad_auto_off").note.lower()
    assert "knee" in safety_message("ice_nerve_knee").text
    assert "heart" in safety_message("bath_warm").text and "dizzy" in safety_message("bath_get_out").text


def test_named_groups_exist_and_cover_every_ice_and_heat_message():
    messages = load_messages()
    grouped = set(ICE_MESSAGES) | set(HEAT_MESSAGES) | set(BOTH_MESSAGES)
    assert grouped <= set(messages)
    topical = {m.id for m in messages.values() if m.topic in ("ice", "heat")} - {"ice_gap"}
    assert topical <= grouped, f"ice or heat messages no group shows: {sorted(topical - grouped)}"


def test_markdown_cites_with_links_and_students_also_see_the_disagreement():
    patient = safety_markdown(["ice_stop"], "patient")
    student = safety_markdown(["ice_stop"], "student")
    assert patient.startswith("- Take the ice off") and "(#ref-clinicalgate_cryo)" in patient
    assert "Sources differ" not in patient and "Sources differ" in student
    assert "[@" not in patient + student


def test_plain_lines_have_readable_sources_and_no_markup():
    lines = safety_plain(["ice_cloth", "never_asleep"])
    assert len(lines) == 2 and lines[0].endswith(")") and "(NHS;" in lines[0]
    assert not any(mark in "".join(lines) for mark in ("[", "](", "#ref-", "@"))
    assert safety_plain("ice_cloth", cite=False) == [safety_message("ice_cloth").text]


def test_the_full_warning_sign_list_has_every_red_flag_most_urgent_first():
    flags = [f for f in load_red_flags() if f.urgency is not Urgency.SELF_CARE]
    markdown = warning_signs_markdown()
    plain = "\n".join(warning_signs_plain())
    for flag in flags:
        assert flag.question in markdown and flag.question in plain
        assert flag.advice in markdown
    assert markdown.index("emergency") < markdown.index("urgent care") < markdown.index("GP or")
    assert sum(len(group) for group in warning_signs().values()) == len(flags)
    assert "[@" not in markdown + plain


# ---------------------------------------------------------------------------------------------------------
# No copies: a safety sentence is written once, in data/, and rendered everywhere else (issue 8 item 3)

_NGRAM = 6  # six words in a row from a safety sentence are a copy, not a coincidence
#: Plain facts that safety sentences and ordinary text may both say (not advice on what to do).
_SHARED_FACTS = ("most cramps go away on their own",)


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))


def _ngrams(text: str) -> set[str]:
    words = _words(text)
    return {" ".join(words[i : i + _NGRAM]) for i in range(len(words) - _NGRAM + 1)}


def _protected() -> dict[str, set[str]]:
    """Each safety sentence (messages, warning signs and their advice) -> its six-word runs."""
    sentences = {f"safety_messages.csv:{m.id}": m.text for m in load_messages().values()}
    for flag in load_red_flags():
        if flag.urgency is not Urgency.SELF_CARE:  # the one reassuring answer is not a warning sign
            sentences[f"red_flags.csv:{flag.id} question"] = flag.question
            sentences[f"red_flags.csv:{flag.id} advice"] = flag.advice
    shared = set().union(*(_ngrams(fact) for fact in _SHARED_FACTS))
    return {where: grams for where, text in sentences.items() if (grams := _ngrams(text) - shared)}


def _helper_strings() -> list[tuple[str, str]]:
    """(file:line, text) of every string literal in helpers/*.py, f-strings by their fixed parts."""
    found = []
    for path in sorted((ROOT / "helpers").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found.append((f"helpers/{path.name}:{node.lineno}", node.value))
            elif isinstance(node, ast.JoinedStr):
                fixed = " ".join(v.value for v in node.values if isinstance(v, ast.Constant))
                found.append((f"helpers/{path.name}:{node.lineno}", fixed))
    return found


def _patient_markdown() -> list[tuple[str, str]]:
    found = []
    for path in NOTEBOOKS:
        for index, cell in enumerate(cells.load(path)["cells"]):
            if cell["cell_type"] == "markdown" and "patient" in cells.tags(cell):
                found.append((f"{path.name} cell {index}", cells.source(cell)))
    return found


def _copies(texts: list[tuple[str, str]]) -> list[str]:
    protected = _protected()
    hits = []
    for where, text in texts:
        grams = _ngrams(text)
        for sentence, its_grams in protected.items():
            if grams & its_grams:
                hits.append(f"{where} repeats {sentence}: '{sorted(grams & its_grams)[0]}...'")
    return hits


def test_the_copy_finder_finds_a_copy_and_ignores_other_text():
    copy = [("x", f"Remember: {safety_message('ice_stop').text.lower()}")]
    assert _copies(copy) and "ice_stop" in _copies(copy)[0]
    assert not _copies([("y", "Stretch the calf for ten seconds, then rest and breathe out slowly.")])


def test_no_patient_markdown_retypes_a_safety_sentence():
    hits = _copies(_patient_markdown())
    assert not hits, (
        "render these with helpers.notebook.show_safety / show_warning_signs_list:\n" + "\n".join(hits)
    )


def test_no_helper_string_retypes_a_safety_sentence():
    hits = _copies(_helper_strings())
    assert not hits, "use helpers.messages (safety_text / safety_plain) instead:\n" + "\n".join(hits)


def test_no_rule_reason_in_the_data_retypes_a_safety_sentence():
    """Inside data/ too: a rule that a safety message already says names it (column message)."""
    rules = load_rules().values()
    own = [(f"safety_rules.csv:{rule.rule_id}", rule.reason) for rule in rules if not rule.message]
    linked = [(f"safety_rules.csv:{rule.rule_id}", rule.reason) for rule in rules if rule.message]
    hits = _copies(own)
    assert not hits, "name the message in safety_rules.csv's message column instead:\n" + "\n".join(hits)
    # A linked rule shows the message itself, and the finder sees it (so the check above can fail).
    assert linked and len(_copies(linked)) >= len(linked)
