"""Pytest plugin for browser tests: a real Chromium driven by Playwright's sync API.

Playwright cannot download its own browsers here, so it drives the system's Chromium (Debian's
``chromium`` package, or whatever ``CHROMIUM_PATH`` names). Without one the browser tests are
skipped with a message saying how to get it, so ``make test`` passes on any machine; CI sets
``REQUIRE_BROWSER=1`` to turn that skip into a failure.

Every page is watched: a JavaScript error, a Content-Security-Policy violation or a failed
sub-request fails the test, because the strict CSP (no inline script or style) otherwise breaks
pages silently. A failed test leaves a screenshot in ``test-artifacts/screenshots/``.
"""

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Page,
    Response,
    expect,
    sync_playwright,
)
from playwright.sync_api import Error as PlaywrightError

SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
TIMEOUT_MS = 10_000
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox refuses to start
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # No calls home: the tests must not depend on (or wait for) the internet.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers often give /dev/shm only 64 MB
]
MISSING_CHROMIUM = (
    "Browser tests need Chromium: install it (apt-get install chromium) or set CHROMIUM_PATH "
    "to a Chromium or Chrome binary."
)

_problems_key = pytest.StashKey[list[str]]()
_page_key = pytest.StashKey[Page]()


def find_chromium() -> str | None:
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        # A path that was asked for but is wrong must not fall back to another browser.
        return configured if os.access(configured, os.X_OK) else None
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def chromium() -> Iterator[Browser]:
    """One headless Chromium per test process; each test gets its own context in it."""
    path = find_chromium()
    if path is None:
        message = MISSING_CHROMIUM
        if os.environ.get("CHROMIUM_PATH"):
            message += f" CHROMIUM_PATH={os.environ['CHROMIUM_PATH']} is not an executable."
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + " (REQUIRE_BROWSER=1 makes this a failure.)", pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_ARGS
        )
        expect.set_options(timeout=TIMEOUT_MS)
        yield browser
        browser.close()


@pytest.fixture
def page_problems(request: pytest.FixtureRequest) -> list[str]:
    """What the browser complained about during the test; the test fails unless it is empty."""
    problems: list[str] = []
    request.node.stash[_problems_key] = problems
    return problems


@pytest.fixture
def browser_timezone() -> str | None:
    """The time zone the browser says it is in (None: the machine's). Parametrize it to test
    a person elsewhere: ``@pytest.mark.parametrize("browser_timezone", ["Asia/Kolkata"])``."""
    return None


@pytest.fixture
def browser_page(
    chromium: Browser,
    live_server,
    transactional_db,
    page_problems: list[str],
    browser_timezone: str | None,
    request,
) -> Iterator[Page]:
    """A fresh browser context on the live server: no cookies or storage from other tests."""
    context: BrowserContext = chromium.new_context(
        base_url=live_server.url,
        viewport={"width": 1280, "height": 900},
        timezone_id=browser_timezone,
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    _watch(page, page_problems)
    request.node.stash[_page_key] = page
    yield page
    context.close()


def _watch(page: Page, problems: list[str]) -> None:
    def on_console(message: ConsoleMessage) -> None:
        if message.type != "error":
            return
        # Chromium's "Failed to load resource: ... status of 404" does not say which resource;
        # on_response reports the same failure with its address.
        if message.text.startswith("Failed to load resource: the server responded"):
            return
        kind = "CSP violation" if "Content Security Policy" in message.text else "console error"
        problems.append(f"{kind} on {message.location.get('url') or page.url}: {message.text}")

    def on_response(response: Response) -> None:
        # A 404 or 403 page can be what a test wants to see; a missing stylesheet, script or
        # htmx partial never is, nor is a server error.
        is_page = response.request.resource_type == "document"
        if response.status >= 500 or (response.status >= 400 and not is_page):
            problems.append(f"HTTP {response.status} for {response.url}")

    page.on("console", on_console)
    page.on("response", on_response)
    page.on("pageerror", lambda error: problems.append(f"JavaScript error on {page.url}: {error}"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test that drives the browser is a browser test, marked or not: `-m "not browser"`
    # must leave it out.
    for item in items:
        if "browser_page" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """Fail a browser test, in its own report, when the page complained; keep a screenshot
    of a failed one."""
    page = item.stash.get(_page_key, None)
    if page is None:
        return (yield)
    failure_shot = f"FAILED-{item.name}"
    _screenshot_path(failure_shot).unlink(missing_ok=True)  # from an earlier failed run
    problems = item.stash[_problems_key]
    try:
        result = yield
    except BaseException:
        _screenshot_quietly(page, failure_shot)
        if problems:
            item.add_report_section("call", "browser problems", "\n".join(problems))
        raise
    with contextlib.suppress(PlaywrightError):  # the test may have closed the page itself
        # A round trip delivers the events the browser sent before it.
        page.evaluate("0")
    if problems:
        _screenshot_quietly(page, failure_shot)
        pytest.fail("The browser reported problems:\n" + "\n".join(problems), pytrace=False)
    return result


def _screenshot_quietly(page: Page, name: str) -> None:
    # A crashed or closed page has nothing to show; the failure itself is reported anyway.
    with contextlib.suppress(PlaywrightError):
        screenshot(page, name)


def log_in(page: Page, live_server, email: str, password: str) -> None:
    """Log in through the real form, as a person does (the login throttle sees a real login)."""
    page.goto(f"{live_server.url}/accounts/login/")
    form = page.locator("form:has(input[name=password])")
    form.locator("input[name=username]").fill(email)
    form.locator("input[name=password]").fill(password)
    # A failed login re-renders the form at the same address, so wait for the navigation
    # the submit starts rather than for a URL.
    with page.expect_navigation():
        form.get_by_role("button", name="Log in").click()
    if "/accounts/login/" in page.url:
        errors = page.locator(".form-errors, .field-error").all_inner_texts()
        raise AssertionError(f"Logging in as {email} failed: {' '.join(errors) or page.url}")


def screenshot(page: Page, name: str) -> Path:
    """Save the whole page as ``test-artifacts/screenshots/<name>.png`` at the repo root."""
    path = _screenshot_path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def _screenshot_path(name: str) -> Path:
    # Test names carry brackets and slashes when parametrized; keep file names plain.
    return SCREENSHOTS / f"{re.sub(r'[^A-Za-z0-9_.-]+', '-', name)}.png"
