"""CI builds adscreen's C module; a broken build must not hide behind the Python fallback.

(Its own file: test_wordscore.py is skipped as a whole when the module is missing, which
is exactly when this test has to run.)
"""

import os

import pytest

from adscreen import features


@pytest.mark.skipif(
    os.environ.get("ADSCREEN_REQUIRE_NATIVE") != "1",
    reason="only where the C module must exist (.ci/run sets ADSCREEN_REQUIRE_NATIVE=1)",
)
def test_the_c_module_was_built_and_is_used():
    assert features._wordscore is not None, "adscreen/_wordscore.c was not compiled"
    assert features.native_available()
