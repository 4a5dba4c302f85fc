"""A device's own words in an error: one short printable line, whichever backend it came from."""

from __future__ import annotations

from custom_components.voltwise.appliances.model import MAX_TEXT_LENGTH, BackendError, short_text


def test_a_huge_multi_line_reason_is_cut_to_one_short_line() -> None:
    err = BackendError("command_failed", error="Traceback\n  line\x1b[2J" * 20_000)
    reason = err.placeholders["error"]
    assert len(reason) == MAX_TEXT_LENGTH
    assert reason.startswith("Traceback line [2JTraceback line")
    assert reason.endswith("…")
    assert "\n" not in str(err)
    assert len(str(err)) < MAX_TEXT_LENGTH + 40


def test_short_text_keeps_what_fits() -> None:
    assert short_text("over-current lock-out") == "over-current lock-out"
    assert short_text("  two\twords \n") == "two words"
    assert short_text(["no", 1]) == "['no', 1]"
    assert short_text("x" * 201) == "x" * 199 + "…"
    assert short_text("x" * 200) == "x" * 200
    assert short_text(" " * 5000 + "x") == "…"  # what is beyond reach is cut, and says so
