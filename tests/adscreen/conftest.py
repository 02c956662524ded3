"""adscreen's tests need no Django (the library never imports it).

The project-wide ``tests/conftest.py`` activates English through Django's ``settings``
fixture for every test; here the same-named fixture is overridden with a no-op, so these
tests run with the Django plugin disabled (``-p no:django``) as well as under pytest-django.
"""

import pytest


@pytest.fixture(autouse=True)
def _english_by_default():
    yield
