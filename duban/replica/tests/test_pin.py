"""Who just wrote reads the primary: the pin cookie, without a standby (the router is not consulted)."""
import time

import pytest
from django.test import RequestFactory, override_settings

from duban.replica import middleware
from duban.replica.middleware import COOKIE, _recently_wrote, _written_at


def _request_with(value: str):
    request = RequestFactory().get("/tasks/")
    request.COOKIES[COOKIE] = value
    return request


@pytest.mark.parametrize("ago, pinned", [
    (0.0, True),
    (-0.0004, True),  # the next request within the same millisecond: the written time is not "later"
    (-1.5, True),  # written by a server whose clock runs a moment ahead of this one
    (-60, False),  # a time far in the future is not a write that just happened
    (9.5, True),
    (10.5, False),  # the pin lasts DUBAN_REPLICA_PIN_SECONDS
])
@override_settings(DUBAN_REPLICA_PIN_SECONDS=10)
def test_a_write_pins_the_writer_to_the_primary_for_a_while(ago, pinned):
    assert _recently_wrote(_request_with(f"{time.time() - ago:.6f}")) is pinned


@pytest.mark.parametrize("value", ["", "soon", "nan", "inf", "1e400"])
def test_a_cookie_that_is_not_a_time_pins_nothing(value):
    assert _recently_wrote(_request_with(value)) is False


def test_the_written_time_is_never_ahead_of_the_clock(monkeypatch):
    monkeypatch.setattr(middleware.time, "time", lambda: 1_800_000_000.9996)
    assert _written_at() == "1800000000.999"  # rounded down, where %.3f would say …001.000
