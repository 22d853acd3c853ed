import pytest
from django.core.exceptions import ImproperlyConfigured

from winloss.lib.env import envbool, envint, envlist


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
