"""The portal in a real browser: Debian's chromium driven by Playwright for Python (pinned in
Tests/sdk/requirements.txt, installed into .venv-sdk by Scripts/portal-check), against the real
cerulean binary on a free port with a fresh data folder. Screenshots go to .build/portal/."""
import json
import os
import pathlib
import re
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "Tests" / "pysupport"))
from cerulean_process import BINARY, RunningCerulean  # noqa: E402

SHOTS = pathlib.Path(os.environ.get("PORTAL_SCREENSHOTS", ROOT / ".build" / "portal"))
SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"


def heading(page):
    """The page's main heading."""
    return page.locator("main h1").first


def wait_text(locator, pattern, timeout=30000):
    """Waits until the locator's text matches (live state: no reload)."""
    from playwright.sync_api import expect
    expect(locator).to_have_text(re.compile(pattern), timeout=timeout)


def use_model(page, search, model, option=None):
    """The catalog's path to a model's wizard: search, open its card, "Use this model", and the
    deployment option's button when the model offers a choice."""
    page.fill("input[name=search]", search)
    page.locator(f"li.model-card[data-model={model}] a").click()
    page.get_by_role("button", name="Use this model").click()
    if option:
        page.locator("dialog").get_by_role("button", name=option).click()


class Server:
    """The running emulator, with raw ARM and data-plane calls for checking what the portal did."""

    def __init__(self, running):
        self.running = running
        self.url = running.url
        self.ca = running.ca
        self.tls = ssl.create_default_context(cafile=self.ca)

    def call(self, method, url, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(url if url.startswith("http") else self.url + url, data=data, method=method,
                                         headers={"Content-Type": "application/json", **(headers or {})})
        try:
            with urllib.request.urlopen(request, context=self.tls, timeout=30) as response:
                text = response.read()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            text = error.read()
            try:
                return error.code, json.loads(text)
            except ValueError:
                return error.code, text.decode(errors="replace")

    def az_environment(self):
        """`eval "$(cerulean env)"; eval "$(cerulean az-setup)"` in a scratch config folder, with the
        Azure CLI the az suite installed (.venv-az); None when it is not installed."""
        import tempfile
        az = ROOT / ".venv-az" / "bin" / "az"
        if not az.exists():
            return None
        env = {"PATH": f"{az.parent}:/usr/bin:/bin", "HOME": os.environ.get("HOME", "/root"), **self.running.client_environment()}
        out = subprocess.run([BINARY, "az-setup", "--data-dir", self.running.data_dir, "--port", self.running.port, "--az", str(az),
                              "--config-dir", tempfile.mkdtemp(prefix="portal-az-")], env=env, capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        for line in out.stdout.splitlines():
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value.strip("'")
        return env

    def arm(self, method, path, body=None, api_version="2024-04-01"):
        sep = "&" if "?" in path else "?"
        return self.call(method, f"{path}{sep}api-version={api_version}", body, {"Authorization": "Bearer portal-test"})


@pytest.fixture(scope="session")
def server():
    running = RunningCerulean()  # localhost: the address `cerulean az-setup` registers, so az rest takes the portal's URLs
    try:
        yield Server(running)
    finally:
        running.stop()


@pytest.fixture(scope="session")
def browser():
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        pytest.fail("no chromium on PATH: Scripts/install-deps installs Debian's chromium")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def page(browser, server):
    # A laptop screen; the CA is Cerulean's own, which this throwaway profile does not trust.
    context = browser.new_context(viewport={"width": 1366, "height": 800}, ignore_https_errors=True,
                                  permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.set_default_timeout(20000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    yield page
    context.close()


#: The page shots docs/portal.md shows, copied there at 960 pixels wide when PORTAL_DOCS_IMAGES=1.
DOCS_SHOTS = ["signin", "catalog", "serverless-wizard", "endpoint", "consume", "playground", "resource-group",
              "endpoint-unhealthy", "managed-wizard", "costs", "playground-429", "access-control"]


def write_docs_images(browser):
    """Scales the shots down in the browser itself (no image tools needed) into docs/images/."""
    import base64
    out = ROOT / "docs" / "images"
    out.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 960, "height": 600})
    for name in DOCS_SHOTS:
        shot = SHOTS / f"{name}.png"
        if not shot.exists():
            continue
        data = base64.b64encode(shot.read_bytes()).decode()
        page.set_content(f'<body style="margin:0"><img id="i" style="width:960px;display:block" src="data:image/png;base64,{data}"></body>')
        page.locator("#i").screenshot(path=str(out / f"portal-{name}.png"))
    page.close()


def take_shot(page, name):
    """Saves the page and checks, on every page shot, that each control has a label."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(150)
    unlabelled = page.evaluate("""() => [...document.querySelectorAll('input, select, textarea, button')]
        .filter((c) => !c.closest('[hidden]') && c.type !== 'hidden')
        .filter((c) => !(c.labels?.length || c.getAttribute('aria-label') || c.getAttribute('aria-labelledby')
                         || (c.tagName === 'BUTTON' && c.textContent.trim())))
        .map((c) => c.outerHTML.slice(0, 120))""")
    assert unlabelled == [], f"{name}: controls without a label: {unlabelled}"
    page.screenshot(path=str(SHOTS / f"{name}.png"))


@pytest.fixture(scope="session")
def docs_images(browser):
    """Copies the current shots into docs/images at the end of the session when PORTAL_DOCS_IMAGES=1."""
    yield
    if os.environ.get("PORTAL_DOCS_IMAGES") == "1":
        write_docs_images(browser)


@pytest.fixture(scope="session")
def shoot(page, docs_images):
    """Shoots the main session's page."""
    return lambda name: take_shot(page, name)


@pytest.fixture(scope="session")
def shoot_page(docs_images):
    """Shoots any page (the strict-mode modules have their own)."""
    return take_shot
