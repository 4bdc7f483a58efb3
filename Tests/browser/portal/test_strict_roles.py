"""The access-control page under --auth strict: the Owner (cerulean-cli) makes a service principal
through Microsoft Graph (an application, its service principal, a password, as az ad sp
create-for-rbac does), gives it Reader on a resource group in the page, and the principal signs
in with its secret: it sees the group's resources, but "Subscribe and Deploy" fails with ARM's
AuthorizationFailed naming the action and the scope, and ARM holds nothing new. The Owner then
removes the assignment in the page and ARM no longer lists it."""
import json
import re
import urllib.parse
import urllib.request

import pytest
from playwright.sync_api import expect

from conftest import SUBSCRIPTION, RunningCerulean, Server, heading, use_model

GROUP, HUB, PROJECT, SP_NAME = "roles-rg", "roles-hub", "roles-project", "portal-reader-sp"
SCOPE = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}"
WS = f"{SCOPE}/providers/Microsoft.MachineLearningServices/workspaces/{PROJECT}"
READER_GUID = "acdd72a7-3385-48ef-bd42-f606fba81ae7"
ASSIGNMENTS = f"{SCOPE}/providers/Microsoft.Authorization/roleAssignments"
EVIL = "Lab <img src=x onerror=\"window.pwned=1\"> & 'quotes' <script>window.pwned=1</script>"
state = {}


class StrictServer(Server):
    """Raw calls with real tokens from Cerulean's issuer (strict mode refuses any other)."""

    def token(self, client_id, scope, secret="portal-test-secret"):
        _, metadata = self.call("GET", "/metadata/endpoints?api-version=2022-09-01")
        login = metadata["authentication"]["loginEndpoint"].rstrip("/")
        tenant = metadata["authentication"].get("tenant", "common")
        form = urllib.parse.urlencode({"grant_type": "client_credentials", "client_id": client_id,
                                       "client_secret": secret, "scope": scope}).encode()
        request = urllib.request.Request(f"{login}/{tenant}/oauth2/v2.0/token", data=form, method="POST",
                                         headers={"Content-Type": "application/x-www-form-urlencoded"})
        with urllib.request.urlopen(request, context=self.tls, timeout=30) as response:
            return json.loads(response.read())["access_token"]

    def owner_arm(self, method, path, body=None, api_version="2022-04-01"):
        token = self.token("cerulean-cli", "https://management.azure.com/.default")
        sep = "&" if "?" in path else "?"
        return self.call(method, f"{path}{sep}api-version={api_version}", body, {"Authorization": f"Bearer {token}"})

    def owner_graph(self, method, path, body=None):
        token = self.token("cerulean-cli", "https://graph.microsoft.com/.default")
        return self.call(method, path, body, {"Authorization": f"Bearer {token}"})


@pytest.fixture(scope="module")
def strict(browser):
    running = RunningCerulean("--auth", "strict", host="127.0.0.1")
    context = browser.new_context(viewport={"width": 1366, "height": 800}, ignore_https_errors=True)
    try:
        page = context.new_page()
        page.set_default_timeout(20000)
        yield StrictServer(running), page
    finally:
        context.close()
        running.stop()


def sign_in(page, server, client_id, secret=None):
    page.goto(server.url + "/#/signin")
    expect(heading(page)).to_have_text("Sign in to Cerulean")
    page.locator(f"main fieldset input[type=radio][value='{client_id}']").check()
    if secret:
        page.fill("input[name=client-secret]", secret)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Hubs and projects")
    expect(page.locator("#current-principal")).to_contain_text(client_id)


def sign_out(page):
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in to Cerulean")


def test_the_owner_makes_a_service_principal_through_graph_and_a_project(strict):
    server, page = strict
    status, app = server.owner_graph("POST", "/v1.0/applications", {"displayName": SP_NAME})
    assert status == 201, app
    status, sp = server.owner_graph("POST", "/v1.0/servicePrincipals", {"appId": app["appId"]})
    assert status == 201, sp
    status, password = server.owner_graph("POST", f"/v1.0/applications/{app['id']}/addPassword",
                                          {"passwordCredential": {"displayName": "portal"}})
    assert status == 200 and len(password["secretText"]) == 40, password
    state.update(app_id=app["appId"], object_id=sp["id"], secret=password["secretText"])
    status, evil = server.owner_graph("POST", "/v1.0/applications", {"displayName": EVIL})
    assert status == 201, evil
    status, evil_sp = server.owner_graph("POST", "/v1.0/servicePrincipals", {"appId": evil["appId"]})
    assert status == 201, evil_sp
    state["evil"] = evil_sp["id"]

    sign_in(page, server, "cerulean-cli")
    page.fill("input[name=hub-name]", HUB)
    page.fill("input[name=hub-group]", GROUP)
    page.get_by_role("button", name="Create hub").click()
    expect(page.locator(f"tr[data-workspace={HUB}]")).to_have_text(re.compile("Hub.*Succeeded"), timeout=30000)
    page.fill("input[name=project-name]", PROJECT)
    page.get_by_role("button", name="Create project").click()
    expect(page.locator(f"tr[data-workspace={PROJECT}]")).to_have_text(re.compile(f"Project.*{HUB}.*Succeeded"), timeout=30000)


def test_the_owner_assigns_reader_at_the_group_in_the_roles_page(strict, shoot_page):
    server, page = strict
    page.click("nav a[data-section=access]")
    expect(heading(page)).to_have_text("Access control (IAM)")
    # The subscription's Owner assignment of cerulean-cli, its name resolved through Graph.
    owner_row = page.locator("tr[data-role=Owner][data-principal=cerulean-cli]")
    expect(owner_row).to_contain_text("This resource")
    page.select_option("select[name=scope]", GROUP)
    expect(owner_row).to_contain_text("Inherited (subscription)")
    expect(owner_row.get_by_role("button")).to_have_count(0)
    page.select_option("select[name=role]", label="Reader")
    member = page.locator("select[name=principal]")
    # Graph's names are text: the markup in a display name shows as it is and runs nothing.
    expect(member.locator(f"option[value='{state['evil']}']")).to_have_text(re.compile(re.escape(EVIL)))
    assert page.locator("main img, main script").count() == 0 and page.evaluate("window.pwned") is None
    expect(member.locator(f"option[value='{state['object_id']}']")).to_have_count(1)
    member.select_option(state["object_id"])
    page.get_by_role("button", name="Add role assignment").click()
    row = page.locator(f"tr[data-role=Reader][data-principal='{state['app_id']}']")
    expect(row).to_contain_text(SP_NAME)
    expect(row).to_contain_text("This resource")
    status, listed = server.owner_arm("GET", f"{ASSIGNMENTS}?$filter=" + urllib.parse.quote(f"principalId eq '{state['object_id']}'"))
    assert status == 200, listed
    assert [(a["properties"]["scope"], a["properties"]["roleDefinitionId"].rsplit("/", 1)[1]) for a in listed["value"]] == \
        [(SCOPE, READER_GUID)]
    assert listed["value"][0]["properties"]["principalType"] == "ServicePrincipal"
    state["assignment"] = listed["value"][0]["name"]
    # At a resource of the group the Reader assignment is inherited, and cannot be removed there.
    project_option = page.locator("select[name=resource] option", has_text=f"{PROJECT} (")
    expect(project_option).to_have_count(1)
    page.select_option("select[name=resource]", project_option.get_attribute("value"))
    inherited = page.locator(f"tr[data-role=Reader][data-principal='{state['app_id']}']")
    expect(inherited).to_contain_text(f"Inherited (resource group {GROUP})")
    expect(inherited.get_by_role("button")).to_have_count(0)
    page.select_option("select[name=resource]", "")
    expect(row).to_contain_text("This resource")
    page.evaluate("window.scrollTo(0, 0)")
    shoot_page(page, "access-control")
    # The same assignment again: Azure's RoleAssignmentExists, in its words.
    page.select_option("select[name=role]", label="Reader")
    member.select_option(state["object_id"])
    page.get_by_role("button", name="Add role assignment").click()
    expect(page.locator("form [role=alert]")).to_have_text(re.compile(r"^RoleAssignmentExists: The role assignment already exists\."))


def test_the_reader_signs_in_with_its_secret_and_sees_the_group(strict):
    server, page = strict
    sign_out(page)
    # Graph's service principals are offered; strict mode wants the application's own secret.
    page.locator(f"main fieldset input[type=radio][value='{state['app_id']}']").check()
    page.fill("input[name=client-secret]", "not-its-secret")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("main [role=alert]")).to_have_text(re.compile("^Sign-in failed: AADSTS7000215"))
    sign_in(page, server, state["app_id"], state["secret"])
    expect(page.locator(f"tr[data-workspace={PROJECT}]")).to_contain_text("Succeeded")
    page.goto(server.url + f"/#/groups/{GROUP}")
    expect(page.locator(f"tr[data-resource={HUB}]")).to_have_count(1)
    expect(page.locator(f"tr[data-resource={PROJECT}]")).to_have_count(1)


def test_the_readers_subscribe_and_deploy_fails_with_azures_message(strict):
    server, page = strict
    _, before = server.owner_arm("GET", f"{SCOPE}/resources", api_version="2021-04-01")
    page.click("nav a[data-section=projects]")
    page.get_by_role("button", name=f"Open project {PROJECT}").click()
    expect(heading(page)).to_have_text("Model catalog")
    use_model(page, "Meta-Llama-3-8B-Instruct", "Meta-Llama-3-8B-Instruct", "Serverless API")
    expect(heading(page)).to_have_text(re.compile("as a serverless API"))
    page.fill("input[name=deployment-name]", "reader-llama")
    expect(page.locator(".field-message")).to_contain_text("is available")
    page.get_by_label(re.compile("I have read the Azure Marketplace Terms")).check()
    deploy = page.locator("#deploy")
    expect(deploy).to_have_text("Subscribe and Deploy")
    deploy.click()
    failure = page.locator(".progress [role=alert] .error")
    expect(failure).to_have_text(re.compile(
        rf"^AuthorizationFailed: The client '[^']+' with object id '{state['object_id']}' does not have "
        r"authorization to perform action '(Microsoft\.[^']+)' over scope '(/subscriptions/[^']+)' or the scope is invalid\."),
        timeout=30000)
    action, scope = re.search(r"action '([^']+)' over scope '([^']+)'", failure.inner_text()).groups()
    assert action.startswith(("Microsoft.MarketplaceOrdering/", "Microsoft.SaaS/", "Microsoft.MachineLearningServices/")), action
    assert scope.lower().startswith(f"/subscriptions/{SUBSCRIPTION}"), scope
    status, subscriptions = server.owner_arm("GET", f"{WS}/marketplaceSubscriptions", api_version="2024-04-01")
    assert status == 200 and subscriptions["value"] == []
    status, endpoints = server.owner_arm("GET", f"{WS}/serverlessEndpoints", api_version="2024-04-01")
    assert status == 200 and endpoints["value"] == []
    _, after = server.owner_arm("GET", f"{SCOPE}/resources", api_version="2021-04-01")
    assert sorted(r["id"] for r in after["value"]) == sorted(r["id"] for r in before["value"])


def test_the_owner_removes_the_assignment_in_the_page(strict):
    server, page = strict
    page.goto(server.url + "/#/projects")
    sign_out(page)
    sign_in(page, server, "cerulean-cli")
    page.click("nav a[data-section=access]")
    page.select_option("select[name=scope]", GROUP)
    row = page.locator(f"tr[data-role=Reader][data-principal='{state['app_id']}']")
    row.get_by_role("button", name=f"Remove Reader for {SP_NAME}").click()
    dialog = page.locator("dialog")
    expect(dialog).to_contain_text(f"{SP_NAME} loses Reader at {SCOPE}")
    dialog.get_by_role("button", name="Remove").click()
    expect(row).to_have_count(0)
    status, listed = server.owner_arm("GET", f"{ASSIGNMENTS}?$filter=atScope()")
    assert status == 200
    assert state["assignment"] not in [a["name"] for a in listed["value"]]
    assert all(a["properties"]["principalId"] != state["object_id"] for a in listed["value"])
    status, body = server.owner_arm("GET", f"{ASSIGNMENTS}/{state['assignment']}")
    assert status == 404 and body["error"]["code"] == "RoleAssignmentNotFound", body
