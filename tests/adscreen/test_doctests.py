"""The Examples in adscreen's docstrings are run, so the documentation cannot go stale."""

import doctest
import importlib
import pkgutil

import pytest

import adscreen

MODULES = sorted(m.name for m in pkgutil.iter_modules(adscreen.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(f"adscreen.{name}")
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0, f"{result.failed} docstring example(s) of adscreen.{name} fail"


def test_the_library_is_documented_by_examples():
    attempted = sum(
        doctest.testmod(importlib.import_module(f"adscreen.{n}"), report=False).attempted
        for n in MODULES
    )
    assert attempted >= 40
