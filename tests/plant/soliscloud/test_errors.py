"""Every SolisCloud error reaches the user as a translated message with all its placeholders."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from custom_components.voltwise.plant.soliscloud import errors
from custom_components.voltwise.plant.soliscloud.errors import SolisError

TRANSLATIONS = json.loads(
    (
        Path(__file__).resolve().parents[3]
        / "custom_components"
        / "voltwise"
        / "translations"
        / "en.json"
    ).read_text()
)
EXAMPLES: list[SolisError] = [
    errors.SolisAuthError("x", code="I0012"),
    errors.SolisClockError("x", status=408),
    errors.SolisThrottledError("x", code="R0000"),
    errors.SolisUnknownInverterError("1031D", "x", code="B0049"),
    errors.SolisReadBeforeSetError(5035, "x"),
    errors.SolisRequestError("x", code="X1"),
    errors.SolisRequestError("x", status=404),
    errors.SolisResponseError("x"),
    errors.SolisWriteNotAppliedError(5035, "3000", "10000"),
    errors.SolisDataloggerOfflineError("x", code="B0115"),
    errors.SolisConnectionError("x"),
    errors.SolisTimeoutError(15.0),
    errors.SolisServerError(502),
]


def test_every_error_class_has_an_example() -> None:
    classes = {
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, SolisError) and value is not SolisError
    }
    assert classes == {type(example) for example in EXAMPLES}


@pytest.mark.parametrize("error", EXAMPLES, ids=lambda error: type(error).__name__)
def test_each_error_has_a_message_that_its_placeholders_fill(error: SolisError) -> None:
    message = TRANSLATIONS["exceptions"][error.key]["message"]
    assert set(re.findall(r"{(\w+)}", message)) == set(error.placeholders)
    assert "{" not in message.format(**error.placeholders)


def test_only_connection_problems_and_offline_dataloggers_are_retried() -> None:
    transient = {type(error).__name__ for error in EXAMPLES if error.transient}
    assert transient == {
        "SolisDataloggerOfflineError",
        "SolisConnectionError",
        "SolisTimeoutError",
        "SolisServerError",
    }


@pytest.mark.parametrize(
    ("limit", "shown"), [(30.0, "30"), (18.4, "18.4"), (12.9974, "13"), (1e6, "1000000")]
)
def test_a_timeout_shows_its_seconds_for_people(limit: float, shown: str) -> None:
    error = errors.SolisTimeoutError(limit, waited=0.190908)
    assert error.placeholders == {"seconds": shown}
    assert str(error) == f"no answer within {shown} s (this attempt gave up after 0.2 s)"
    assert str(errors.SolisTimeoutError(limit, waited=limit)) == f"no answer within {shown} s"
