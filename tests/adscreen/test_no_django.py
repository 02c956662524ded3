"""adscreen is a pure-Python library: importing any of its modules must not import Django."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import adscreen


def test_importing_every_adscreen_module_does_not_import_django():
    modules = sorted(m.name for m in pkgutil.walk_packages(adscreen.__path__, "adscreen."))
    assert "adscreen.pipeline" in modules and "adscreen.cli" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "leaked = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(leaked))\n"
    )
    env_root = Path(adscreen.__file__).resolve().parent.parent
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=env_root, check=True
    )
    assert done.stdout.strip() == "", f"adscreen imported Django modules: {done.stdout}"
