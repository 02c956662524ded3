"""What trickling clients (slow loris) do to gunicorn directly and behind the nginx recipe.

Prints, for each set-up, how long a normal request to /healthz waited while N connections
trickled never-ending headers or form bodies (one byte or header line a second), or "no
answer" after the patience. Run: .venv/bin/python benchmarks/bench_slow_clients.py
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ops import slow_clients as sc  # noqa: E402

PATIENCE = 15.0


def measure(port: int, count: int, kind: str) -> str:
    sc.normal_request(port, timeout=PATIENCE)  # warm: the worker's first request loads views
    with sc.SlowClients(port, count, kind=kind, gap=1.0):
        status, waited = sc.normal_request(port, timeout=PATIENCE)
    return f"{status} after {waited:.2f} s" if status else f"no answer in {PATIENCE:.0f} s"


def main() -> None:
    setups = [
        (
            "gunicorn sync, 4 workers, direct",
            dict(workers=4, threads=1, worker_class="sync"),
            False,
        ),
        ("gunicorn gthread 1x4, direct", dict(workers=1, threads=4), False),
        ("gunicorn gthread 1x4, behind nginx", dict(workers=1, threads=4), True),
    ]
    for label, sizing, behind_nginx in setups:
        for kind in ("headers", "body"):
            for count in (0, 4, 8):
                with sc.gunicorn(**sizing):
                    if behind_nginx:
                        with sc.nginx():
                            result = measure(sc.NGINX_PORT, count, kind)
                    else:
                        result = measure(sc.GUNICORN_PORT, count, kind)
                print(f"{label:38} {count} trickling {kind:7} -> normal request: {result}")


if __name__ == "__main__":
    main()
