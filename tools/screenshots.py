"""Screenshots of every page each role reaches, in English and Urdu, at desktop and phone width.

For each role the script signs in as its demo user, takes the main menu's pages, the first
record each list links to, and the buttons-as-links of that record (edit, screening, export
form...), then photographs each page in both languages at 1280 px and 375 px. The anonymous
public site (help pages, sign-in) is taken the same way. Pages only: nothing is submitted.

Usage (demo data seeded, a server of your own running, Debian's chromium installed):
    DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python manage.py seed_demo --size small
    DJANGO_SETTINGS_MODULE=config.settings.local .venv/bin/python manage.py runserver 127.0.0.1:PORT
    .venv/bin/python tools/screenshots.py --base http://127.0.0.1:PORT [--role case-worker]

Files: docs/screenshots/<role>/<page>-<language>-<width>.png
"""

import argparse
import os
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout
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
ROLES = {
    "case-worker": "demo.caseworker",
    "supervisor": "demo.supervisor",
    "investigator": "demo.investigator",
    "shelter-staff": "demo.provider",
    "analyst": "demo.analyst",
    "administrator": "demo.admin",
    "public": None,
}
# Pages no menu links to but a role's day goes through.
EXTRA = {
    "case-worker": ["/cases/new/", "/notifications/"],
    "supervisor": ["/cases/new/", "/notifications/", "/cases/export-list/"],
    "public": ["/help/", "/accounts/login/"],
}
NEVER = ("/accounts/logout", "/i18n/", "/admin/logout", "/api/schema")
WIDTHS = (1280, 375)
# A long page is cut at this height (px), so the set stays small enough to keep in git.
MAX_HEIGHT = {1280: 2400, 375: 4000}
PER_ROLE = 40


def slug(path: str) -> str:
    name = re.sub(r"\d+", "n", path.strip("/")).replace("/", "-")
    return name or "home"


def discover(page, base: str, role: str) -> list[str]:
    """The paths this role reaches: menu pages, the first record of each, its link-buttons."""
    found: list[str] = []

    def add(href):
        if not href:
            return
        parsed = urlparse(href)
        if parsed.netloc and parsed.netloc != urlparse(base).netloc:
            return
        path = parsed.path + (f"?{parsed.query}" if parsed.query else "")
        if path.startswith(NEVER) or path in found or len(found) >= PER_ROLE:
            return
        found.append(path)

    page.goto(base + "/")
    menu = [a.get_attribute("href") for a in page.query_selector_all(".mainnav a")]
    for href in ["/", *menu, *EXTRA.get(role, [])]:
        add(href)
    for path in list(found):
        page.goto(base + path)
        first = page.query_selector("main table tbody a[href], main .card a[href^='/']")
        if first is None:
            continue
        detail = first.get_attribute("href")
        if detail.startswith(NEVER):
            continue
        add(detail)
        page.goto(base + detail)
        for link in page.query_selector_all("main a.button")[:6]:
            add(link.get_attribute("href"))
        person = page.query_selector("main a[href^='/cases/persons/']")
        if person is not None:
            add(person.get_attribute("href"))
    return found


def sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form:has(input[name=password]) button[type=submit]")
    page.wait_for_load_state("networkidle")


def shoot(page, path: Path) -> None:
    height = page.evaluate("document.documentElement.scrollHeight")
    width = page.viewport_size["width"]
    if height > MAX_HEIGHT[width]:
        clip = {"x": 0, "y": 0, "width": width, "height": MAX_HEIGHT[width]}
        page.screenshot(path=str(path), full_page=True, clip=clip)
    else:
        page.screenshot(path=str(path), full_page=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--role", action="append", choices=sorted(ROLES))
    parser.add_argument(
        "--password", default=os.environ.get("RIHAI_DEMO_PASSWORD", "rihai-demo-pass-2026")
    )
    parser.add_argument("--out", default="docs/screenshots")
    parser.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for role in args.role or ROLES:
            out = Path(args.out) / role
            out.mkdir(parents=True, exist_ok=True)
            paths = None
            for language in ("en", "ur"):
                for width in WIDTHS:
                    context = browser.new_context(viewport={"width": width, "height": 800})
                    context.add_cookies(
                        [{"name": "django_language", "value": language, "url": args.base}]
                    )
                    page = context.new_page()
                    if ROLES[role]:
                        sign_in(page, args.base, ROLES[role], args.password)
                    if paths is None:
                        paths = discover(page, args.base, role)
                    for path in paths:
                        try:
                            page.goto(args.base + path, wait_until="load")
                            page.wait_for_load_state("networkidle", timeout=10_000)
                        except PlaywrightTimeout:  # a slow machine or a page that polls
                            print(f"slow: {path} (taken as it is)")
                        target = out / f"{slug(path.split('?')[0])}-{language}-{width}.png"
                        shoot(page, target)
                        print(target)
                    context.close()
        browser.close()


if __name__ == "__main__":
    main()
