"""With `--auth strict` (signature, expiry and audience checked) the portal works as before: its
tokens are real ones from Cerulean's issuer, and ARM refuses a forged one in Azure's words."""
import re

import pytest
from playwright.sync_api import expect

from conftest import SUBSCRIPTION, RunningCerulean, Server


@pytest.fixture(scope="module")
def strict(browser):
    running = RunningCerulean("--auth", "strict", host="127.0.0.1")
    context = browser.new_context(viewport={"width": 1366, "height": 800}, ignore_https_errors=True)
    try:
        yield Server(running), context.new_page()
    finally:
        context.close()
        running.stop()


def test_sign_in_and_create_a_hub_with_a_checked_token(strict):
    server, page = strict
    page.goto(server.url + "/#/projects")
    expect(page.locator("main h1")).to_have_text("Sign in to Cerulean")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main h1")).to_have_text("Hubs and projects")
    page.fill("input[name=hub-name]", "strict-hub")
    page.fill("input[name=hub-group]", "strict-rg")
    page.get_by_role("button", name="Create hub").click()
    expect(page.locator("tr[data-workspace=strict-hub]")).to_have_text(re.compile("Hub.*Succeeded"), timeout=30000)
    status, body = server.arm("GET", f"/subscriptions/{SUBSCRIPTION}/resourceGroups/strict-rg")
    assert status == 401 and body["error"]["code"] in ("InvalidAuthenticationToken", "AuthenticationFailed"), body


def test_a_forged_token_is_refused_in_azures_words(strict):
    server, page = strict
    page.evaluate("""() => {
        const state = JSON.parse(sessionStorage.getItem('cerulean-portal'));
        state.token = state.token.split('.').slice(0, 2).join('.') + '.forged';
        sessionStorage.setItem('cerulean-portal', JSON.stringify(state));
    }""")
    page.click("nav a[data-section=groups]")
    alert = page.locator("main [role=alert]")
    expect(alert).to_have_text(re.compile(r"^InvalidAuthenticationToken(Signature)?: "), timeout=20000)
