import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from winloss.lib.env import envbool, envint, envlist, envtimings


def test_envbool_reads_common_spellings(monkeypatch):
    monkeypatch.setenv("X_FLAG", "Yes")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert envbool("X_FLAG", True) is False


def test_envbool_refuses_a_typo_instead_of_guessing(monkeypatch):
    monkeypatch.setenv("X_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="X_FLAG"):
        envbool("X_FLAG", False)


def test_envint_names_the_variable_when_not_a_number(monkeypatch):
    monkeypatch.setenv("X_NUM", "ten")
    with pytest.raises(ImproperlyConfigured, match="X_NUM"):
        envint("X_NUM", 1)


def test_envint_and_envlist_fall_back_to_defaults(monkeypatch):
    monkeypatch.delenv("X_NUM", raising=False)
    monkeypatch.delenv("X_LIST", raising=False)
    assert envint("X_NUM", 7) == 7
    assert envlist("X_LIST", ["a"]) == ["a"]
    monkeypatch.setenv("X_LIST", "a.example, b.example,")
    assert envlist("X_LIST", []) == ["a.example", "b.example"]


def test_envtimings_reads_intervals_times_of_day_and_off(monkeypatch):
    monkeypatch.setenv("X_SCHEDULE", "retention.purge=02:30, outreach.reminders = 30m,a.b=2H,c=off")
    assert envtimings("X_SCHEDULE") == {
        "retention.purge": dt.time(2, 30),
        "outreach.reminders": dt.timedelta(minutes=30),
        "a.b": dt.timedelta(hours=2),
        "c": None,
    }
    monkeypatch.delenv("X_SCHEDULE")
    assert envtimings("X_SCHEDULE") == {}


@pytest.mark.parametrize("raw", ["retention.purge", "retention.purge=daily", "a.b=25:00", "a.b=0m"])
def test_envtimings_names_the_variable_and_the_entry_it_cannot_read(monkeypatch, raw):
    monkeypatch.setenv("X_SCHEDULE", raw)
    with pytest.raises(ImproperlyConfigured, match="X_SCHEDULE"):
        envtimings("X_SCHEDULE")
