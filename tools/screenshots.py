"""Takes screenshots of Rihai's pages in English and Urdu with headless Chromium.

Usage (with `python3 dev.py run` serving in another terminal, and Debian's chromium installed):
    .venv/bin/pip install -e '.[screenshots]'
    .venv/bin/python tools/screenshots.py --out docs/screenshots [--user demo.supervisor] [PATH ...]
"""

import argparse
import os
from pathlib import Path

from playwright.sync_api import sync_playwright

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("paths", nargs="*", default=["/"])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--user", default="demo.supervisor")
    parser.add_argument(
        "--password", default=os.environ.get("RIHAI_DEMO_PASSWORD", "rihai-demo-pass-2026")
    )
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for language in ("en", "ur"):
            context = browser.new_context(viewport={"width": args.width, "height": 900})
            context.add_cookies([{"name": "django_language", "value": language, "url": args.base}])
            page = context.new_page()
            page.goto(f"{args.base}/accounts/login/")
            page.screenshot(path=str(out / f"login-{language}.png"), full_page=True)
            page.fill("input[name=username]", args.user)
            page.fill("input[name=password]", args.password)
            page.click("form:has(input[name=password]) button[type=submit]")
            page.wait_for_load_state("networkidle")
            for path in args.paths:
                page.goto(args.base + path)
                page.wait_for_load_state("networkidle")
                name = path.strip("/").replace("/", "-") or "home"
                page.screenshot(path=str(out / f"{name}-{language}.png"), full_page=True)
                print(out / f"{name}-{language}.png")
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
