"""The coverage gate on the code that guards survivors' data: every app's actions and queries,
the access functions, and the adscreen library.

Run after a test run that collected coverage (``.ci/run`` does it on SQLite)::

    python3 dev.py test --cov=rihai --cov=adscreen --cov-report=
    .venv/bin/python tools/coverage_gate.py

``--report-only`` prints the table without failing (while the floors are first measured).
Each guarded file must reach its floor; a floor is raised when the code's tests improve and is
never lowered to let a change in. Prints the figure of every guarded file.
"""

import fnmatch
import sys
from pathlib import Path

from coverage import Coverage

ROOT = Path(__file__).resolve().parent.parent

# (pattern, floor in percent). The first matching pattern decides a file's floor.
FLOORS = [
    ("rihai/accounts/access.py", 90),
    ("rihai/*/actions.py", 85),
    ("rihai/*/actions/*.py", 85),
    # Actions and reads kept beside the main module (actions_reflag.py, casework_queries.py).
    ("rihai/*/actions_*.py", 85),
    ("rihai/core/idempotency.py", 85),
    ("rihai/*/queries.py", 80),
    ("rihai/*/queries/*.py", 80),
    ("rihai/*/queries_*.py", 80),
    ("rihai/*/*_queries.py", 80),
    # adscreen's pure-Python fallbacks run only where the C module is missing: the native
    # paths and the fallbacks are compared in tests/adscreen/test_accel.py.
    ("adscreen/_accel_fallback.py", 0),
    ("adscreen/*.py", 80),
]


def floor_of(path: str) -> int | None:
    for pattern, floor in FLOORS:
        if fnmatch.fnmatch(path, pattern):
            return floor
    return None


def main() -> int:
    report_only = "--report-only" in sys.argv
    cov = Coverage(data_file=str(ROOT / ".coverage"))
    cov.load()
    data = cov.get_data()
    failures, rows = [], []
    for measured in sorted(data.measured_files()):
        path = Path(measured).resolve()
        try:
            relative = path.relative_to(ROOT).as_posix()
        except ValueError:
            continue
        floor = floor_of(relative)
        if floor is None:
            continue
        _name, statements, _excluded, missing, _text = cov.analysis2(measured)
        if not statements:
            continue
        percent = 100.0 * (len(statements) - len(missing)) / len(statements)
        rows.append((relative, percent, floor))
        if percent < floor:
            failures.append(relative)
    for relative, percent, floor in rows:
        mark = "BELOW" if relative in failures else "ok"
        print(f"{percent:6.1f}%  (floor {floor:3d}%)  {mark:5s}  {relative}")
    if not rows:
        print("no guarded file was measured: run the tests with --cov first")
        return 1
    if failures:
        print(f"\n{len(failures)} guarded file(s) below their floor")
        return 0 if report_only else 1
    print(f"\n{len(rows)} guarded files at or above their floors")
    return 0


if __name__ == "__main__":
    sys.exit(main())
