"""The seeds' Studio steps, clicked through in the portal in order (each test goes on from where
the one before left the page): sign in, create a hub and a project, search the catalog, open
Meta-Llama-3-8B-Instruct, "Use this model", Serverless API, accept the marketplace terms,
"Subscribe and Deploy", wait for Online, reveal and copy the key, run the Consume tab's curl,
chat in the playground with a streamed reply, regenerate the key (the old one is then refused by
curl), delete the SaaS resource in the resource group view (the endpoint turns Unhealthy),
delete the endpoint. Each step checks what the page shows and what ARM then holds."""
import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from conftest import SUBSCRIPTION, heading, use_model, wait_text

GROUP, HUB, PROJECT, ENDPOINT = "class-rg", "class-hub", "class-project", "llama-class"
LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
WS = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices/workspaces"
ENDPOINT_PATH = f"{WS}/{PROJECT}/serverlessEndpoints/{ENDPOINT}"
EVIL = "Lab <img src=x onerror=\"window.pwned=1\"> & 'quotes' <script>window.pwned=1</script>"
state = {}


def curl_chat(server, key):
    """The data plane through curl with a key: the HTTP status."""
    url = f"{server.url}/serverless/eastus2/{ENDPOINT}/chat/completions?api-version=2024-05-01-preview"
    out = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--cacert", server.ca, "-X", "POST", url,
                          "-H", "Content-Type: application/json", "-H", f"api-key: {key}",
                          "-d", '{"messages":[{"role":"user","content":"Hi"}]}'], capture_output=True, text=True, timeout=60)
    return out.stdout


def run_snippet(server, panel, snippet):
    """Runs a Consume tab snippet exactly as shown: shell ones in bash, Python ones in the suite's
    venv (with azure-ai-inference and openai), trusting Cerulean's CA as `cerulean env` makes a shell do."""
    text = panel.locator(f"[data-snippet={snippet}] code").inner_text()
    env = {"PATH": "/usr/bin:/bin", "CURL_CA_BUNDLE": server.ca, "SSL_CERT_FILE": server.ca, "REQUESTS_CA_BUNDLE": server.ca}
    command = [sys.executable, "-c", text] if snippet.startswith("python") else ["bash", "-c", text]
    out = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    assert out.returncode == 0, f"{snippet}:\n{text}\n{out.stdout}\n{out.stderr}"
    return text, out.stdout


def test_sign_in_with_the_default_principal(page, server, shoot):
    page.goto(server.url + "/")
    wait_text(heading(page), "Sign in to Cerulean")
    principals = page.locator("main fieldset input[type=radio]")
    assert principals.count() >= 2
    assert principals.first.is_checked()
    shoot("signin")
    page.get_by_role("button", name="Sign in").click()
    wait_text(heading(page), "^Hubs and projects$")
    assert "cerulean-cli" in page.locator("#current-principal").inner_text()
    assert re.search(r"#/projects$", page.url)


def test_create_a_hub_then_a_project_and_open_it(page, server, shoot):
    page.fill("input[name=hub-name]", HUB)
    page.fill("input[name=hub-group]", GROUP)
    page.select_option("select[name=hub-region]", "eastus2")
    page.get_by_role("button", name="Create hub").click()
    wait_text(page.locator(f"tr[data-workspace={HUB}]"), "Hub.*Succeeded")
    page.fill("input[name=project-name]", PROJECT)
    page.get_by_role("button", name="Create project").click()
    wait_text(page.locator(f"tr[data-workspace={PROJECT}]"), f"Project.*{HUB}.*Succeeded")
    status, project = server.arm("GET", f"{WS}/{PROJECT}")
    assert status == 200 and project["kind"] == "Project"
    assert project["properties"]["hubResourceId"].endswith(f"/workspaces/{HUB}")
    shoot("projects")
    page.get_by_role("button", name=f"Open project {PROJECT}").click()
    wait_text(heading(page), "^Model catalog$")
    assert PROJECT in page.locator("#current-project").inner_text()


def test_names_from_the_api_render_as_text(page, server):
    """A workspace whose display name is markup shows it as text and runs none of it."""
    status, _ = server.arm("PUT", f"{WS}/evil-project", {"location": "eastus2", "kind": "Default",
                                                         "properties": {"friendlyName": EVIL}})
    assert status in (200, 201)
    page.click("nav a[data-section=projects]")
    row = page.locator("tr[data-workspace=evil-project]")
    wait_text(row, re.escape("<script>window.pwned=1</script>"))
    assert row.locator("img, script").count() == 0
    assert page.evaluate("window.pwned") is None
    server.arm("DELETE", f"{WS}/evil-project")
    page.click("nav a[data-section=catalog]")
    wait_text(heading(page), "^Model catalog$")


def test_catalog_search_and_filters(page, shoot):
    cards = page.locator("li.model-card")
    total = cards.count()
    assert total > 20
    page.fill("input[name=search]", "llama")
    wait_text(page.locator("main [role=status]").first, r"^\d+ of \d+ models$")
    names = cards.evaluate_all("cards => cards.map(c => c.dataset.model)")
    assert names and all("llama" in n.lower() for n in names), names
    assert "Meta-Llama-3-8B-Instruct" in names
    page.get_by_label("Chat completion").check()
    page.get_by_label("Serverless API").check()
    assert "Meta-Llama-3-8B-Instruct" in cards.evaluate_all("cards => cards.map(c => c.dataset.model)")
    page.evaluate("window.scrollTo(0, 0)")
    shoot("catalog")
    page.locator("li.model-card[data-model=Meta-Llama-3-8B-Instruct] a").click()
    wait_text(heading(page), "^Meta-Llama-3-8B-Instruct$")
    details = page.locator("main .facts").inner_text()
    assert "8,192 tokens" in details and "eastus2" in details and LLAMA in details
    page.get_by_role("tab", name="Pricing and terms").click()
    assert "Azure Marketplace" in page.locator("main [role=tabpanel]:not([hidden])").inner_text()
    shoot("model")


def test_use_this_model_then_subscribe_and_deploy(page, server, shoot):
    page.get_by_role("button", name="Use this model").click()
    dialog = page.locator("dialog")
    wait_text(dialog.locator("h2"), "Deployment options")
    dialog.get_by_role("button", name="Serverless API").click()
    wait_text(heading(page), "Deploy Meta-Llama-3-8B-Instruct as a serverless API")
    deploy = page.locator("#deploy")
    assert deploy.inner_text() == "Subscribe and Deploy"
    name = page.locator("input[name=deployment-name]")
    message = page.locator(".field-message")
    wait_text(message, "is available in eastus2")
    assert deploy.is_disabled(), "the terms are not acknowledged yet"
    name.fill("1-starts-with-a-digit")
    wait_text(message, "start with a letter")
    assert name.get_attribute("aria-invalid") == "true"
    name.fill(ENDPOINT)
    wait_text(message, f"{ENDPOINT} is available in eastus2")
    assert page.get_by_label("Content filter (preview)").is_checked()
    page.get_by_role("button", name="Azure Marketplace Terms").click()
    wait_text(page.locator("dialog h2"), "Terms")
    page.keyboard.press("Escape")
    page.get_by_label(re.compile("I have read the Azure Marketplace Terms")).check()
    assert deploy.is_enabled()
    shoot("serverless-wizard")
    deploy.click()
    wait_text(page.locator(".progress h2"), "Deploying")
    wait_text(heading(page), f"^{ENDPOINT}$", timeout=60000)
    wait_text(page.locator("#state"), "Online")
    status, subscriptions = server.arm("GET", f"{WS}/{PROJECT}/marketplaceSubscriptions")
    assert status == 200 and [s["properties"]["modelId"] for s in subscriptions["value"]] == [LLAMA]
    assert subscriptions["value"][0]["properties"]["provisioningState"] == "Succeeded"
    status, endpoint = server.arm("GET", ENDPOINT_PATH)
    assert status == 200 and endpoint["properties"]["endpointState"] == "Online"
    assert endpoint["properties"]["modelSettings"]["modelId"] == LLAMA
    assert endpoint["properties"]["contentSafety"]["contentSafetyStatus"] == "Enabled"
    state["uri"] = endpoint["properties"]["inferenceEndpoint"]["uri"]
    assert page.locator("#target-uri").inner_text() == state["uri"]


def test_reveal_and_copy_the_key(page, server, shoot):
    primary = page.locator("[data-key=primaryKey] .key-value")
    assert primary.get_attribute("data-hidden") == "true"
    assert "•" in primary.inner_text()
    _, keys = server.arm("POST", f"{ENDPOINT_PATH}/listKeys")
    page.locator("[data-key=primaryKey] [data-action=show]").click()
    wait_text(primary, f"^{re.escape(keys['primaryKey'])}$")
    page.get_by_role("button", name="Copy primary key").click()
    wait_text(page.locator("#toasts"), "Primary key copied")
    assert page.evaluate("navigator.clipboard.readText()") == keys["primaryKey"]
    state["key"] = keys["primaryKey"]
    shoot("endpoint")


def test_the_consume_tab_curl_runs_verbatim(page, server, shoot):
    page.get_by_role("tab", name="Consume").click()
    panel = page.locator("main [role=tabpanel]:not([hidden])")
    wait_text(panel, re.escape(state["key"]))
    curl, out = run_snippet(server, panel, "curl")
    assert curl.startswith("curl ") and state["uri"] in curl and state["key"] in curl
    assert '"chat.completion"' in out and '"assistant"' in out, out
    for snippet in ("python-inference", "python-openai"):
        text, out = run_snippet(server, panel, snippet)
        assert state["key"] in text and len(out.strip()) > 10, (snippet, out)
    shoot("consume")
    page.get_by_role("tab", name="Details").click()


def test_the_consume_tab_az_runs_verbatim(page, server):
    """The az code after `eval "$(cerulean az-setup)"`, with the Azure CLI the az suite installs
    (Scripts/test runs that suite first)."""
    env = server.az_environment()
    if env is None:
        pytest.skip("no .venv-az: Scripts/az-compat installs the Azure CLI")
    page.get_by_role("tab", name="Consume").click()
    panel = page.locator("main [role=tabpanel]:not([hidden])")
    text = panel.locator("[data-snippet=az] code").inner_text()
    out = subprocess.run(["bash", "-c", text], capture_output=True, text=True, timeout=300, env=env)
    assert out.returncode == 0, f"{text}\n{out.stdout}\n{out.stderr}"
    assert state["key"] in out.stdout and '"chat.completion"' in out.stdout, out.stdout
    page.get_by_role("tab", name="Details").click()


def test_a_streamed_reply_in_the_playground(page, shoot):
    page.get_by_role("link", name="Open in playground").click()
    wait_text(heading(page), "^Chat playground$")
    assert ENDPOINT in page.locator("select[name=deployment] option:checked").inner_text()
    page.fill("textarea[name=message]", "What is a serverless API?")
    page.keyboard.press("Enter")
    reply = page.locator(".bubble.assistant[data-done=yes]")
    reply.wait_for()
    assert len(reply.inner_text().strip()) > 10
    assert int(reply.get_attribute("data-chunks")) > 2, "the reply came in more than one event"
    wait_text(page.locator("#usage"), r"Tokens: \d+ prompt, \d+ completion, \d+ total\.")
    shoot("playground")


def test_regenerate_the_key_and_the_old_one_is_refused(page, server):
    assert curl_chat(server, state["key"]) == "200"
    page.go_back()
    wait_text(heading(page), f"^{ENDPOINT}$")
    page.locator("[data-key=primaryKey] [data-action=regenerate]").click()
    page.locator("dialog").get_by_role("button", name="Regenerate").click()
    wait_text(page.locator("#toasts"), "Primary key regenerated")
    _, keys = server.arm("POST", f"{ENDPOINT_PATH}/listKeys")
    assert keys["primaryKey"] != state["key"]
    page.locator("[data-key=primaryKey] [data-action=show]").click()
    wait_text(page.locator("[data-key=primaryKey] .key-value"), f"^{re.escape(keys['primaryKey'])}$")
    assert curl_chat(server, state["key"]) == "401"
    assert curl_chat(server, keys["primaryKey"]) == "200"


def test_costs_by_resource_and_meter(page, server, shoot):
    page.click("nav a[data-section=costs]")
    wait_text(heading(page), "^Cost analysis$")
    row = page.locator("tr[data-meter=paygo-inference-input-tokens]")
    # Cost Management writes resource ids in lower case, as Azure does.
    wait_text(row, r"meta-llama-3-8b-instruct-[0-9a-f-]{36}class-rgpaygo-inference-input-tokens0\.\d*[1-9]\d* USD")
    assert page.locator("tr[data-meter=paygo-inference-output-tokens]").count() == 1
    page.select_option("select[name=scope]", GROUP)
    wait_text(page.locator("#cost-total"), r"^Total: \d+\.\d{6} USD$")
    status, answer = server.arm("POST", f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.CostManagement/query",
                                {"type": "ActualCost", "timeframe": "MonthToDate", "dataset": {"granularity": "None",
                                 "aggregation": {"c": {"name": "Cost", "function": "Sum"}}}}, api_version="2025-03-01")
    assert status == 200
    total = sum(r[0] for r in answer["properties"]["rows"])
    assert total > 0 and page.locator("#cost-total").inner_text() == f"Total: {total:.6f} USD"
    shoot("costs")
    page.go_back()
    wait_text(heading(page), f"^{ENDPOINT}$")


def test_the_wizard_knows_the_subscription_and_shows_azures_error(page, server):
    """A second Llama deployment: the project's subscription is noted and reused ("Deploy"), the
    taken name is refused as it is typed, and ARM's refusal of a second deployment of the model in
    the workspace is shown in Azure's words; nothing new is stored."""
    page.click("nav a[data-section=catalog]")
    use_model(page, "Meta-Llama-3-8B", "Meta-Llama-3-8B-Instruct", "Serverless API")
    wait_text(page.locator("#already-subscribed"), "You already have an Azure Marketplace subscription for this workspace")
    assert page.locator("#deploy").inner_text() == "Deploy"
    page.fill("input[name=deployment-name]", ENDPOINT.upper())
    wait_text(page.locator(".field-message"), f"Serverless endpoint name '{ENDPOINT.upper()}' is not available in region 'eastus2'")
    assert page.locator("#deploy").is_disabled()
    page.fill("input[name=deployment-name]", "llama-second")
    wait_text(page.locator(".field-message"), "llama-second is available")
    page.locator("#deploy").click()
    wait_text(page.locator(".progress [role=alert] .error"),
              f"^ModelAlreadyDeployed: The model '{re.escape(LLAMA)}' is already deployed in workspace '{PROJECT}' by the serverless "
              f"endpoint '{ENDPOINT}'; only one deployment per model per workspace is allowed\\.$")
    status, _ = server.arm("GET", f"{WS}/{PROJECT}/serverlessEndpoints/llama-second")
    assert status == 404


def test_a_microsoft_model_needs_no_subscription(page, server):
    page.click("nav a[data-section=catalog]")
    use_model(page, "Phi-3-mini-4k", "Phi-3-mini-4k-instruct", "Serverless API")
    wait_text(page.locator("main .notice"), "offered by Microsoft: no Azure Marketplace subscription is needed")
    assert page.locator("#deploy").inner_text() == "Deploy"
    assert page.get_by_role("button", name="Azure Marketplace Terms").count() == 0
    page.fill("input[name=deployment-name]", "phi-class")
    wait_text(page.locator(".field-message"), "phi-class is available")
    page.locator("#deploy").click()
    wait_text(heading(page), "^phi-class$", timeout=60000)
    wait_text(page.locator("#state"), "Online")
    _, endpoint = server.arm("GET", f"{WS}/{PROJECT}/serverlessEndpoints/phi-class")
    assert endpoint["properties"].get("marketplaceSubscriptionId") in (None, "")
    assert "None (a Microsoft model)" in page.locator("main .facts").inner_text()
    page.locator("#delete").click()
    page.locator("dialog").get_by_role("button", name="Delete").click()
    wait_text(heading(page), "^Endpoints$", timeout=60000)


def test_delete_the_saas_resource_in_the_group_view(page, server, shoot):
    page.click("nav a[data-section=groups]")
    page.get_by_role("link", name=GROUP).click()
    wait_text(heading(page), f"^{GROUP}$")
    rows = page.locator("main table tbody tr")
    rows.first.wait_for()
    types = lambda: rows.evaluate_all("rows => rows.map(r => r.dataset.type)")  # noqa: E731
    assert "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints" not in types()
    page.get_by_label("Show hidden types").check()
    assert "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints" in types()
    page.select_option("select[name=type-filter]", "SaaS")
    assert types() == ["Microsoft.SaaS/resources"]
    saas = rows.first.get_attribute("data-resource")
    assert saas.startswith("Meta-Llama-3-8B-Instruct")
    shoot("resource-group")
    page.get_by_role("button", name=f"Details of {saas}").click()
    details = page.locator("dialog")
    wait_text(details.locator("h2"), f"{re.escape(saas)} \\(SaaS\\)")
    text = details.inner_text()
    assert "Microsoft.SaaS/resources" in text and "Subscribed" in text, text
    details.get_by_role("button", name="Close").click()
    page.get_by_label(f"Select {saas}").check()
    page.locator("#delete-selected").click()
    page.locator("dialog").get_by_role("button", name="Delete").click()
    wait_text(page.locator("#toasts"), f"Deleted {re.escape(saas)}")
    wait_text(page.locator("main .empty, main table"), "No resources match")
    status, _ = server.arm("GET", f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.SaaS/resources/{saas}",
                           api_version="2018-03-01-beta")
    assert status == 404
    status, subscriptions = server.arm("GET", f"{WS}/{PROJECT}/marketplaceSubscriptions")
    assert subscriptions["value"] == []


def test_the_endpoint_shows_unhealthy(page, server, shoot):
    page.click("nav a[data-section=endpoints]")
    row = page.locator(f"tr[data-endpoint={ENDPOINT}]")
    wait_text(row, "Unhealthy")
    row.get_by_role("link", name=ENDPOINT).click()
    wait_text(page.locator("#state"), "Unhealthy")
    assert "marketplace subscription" in page.locator("#state-explained").inner_text().lower()
    _, endpoint = server.arm("GET", ENDPOINT_PATH)
    assert endpoint["properties"]["endpointState"] in ("Suspending", "Suspended")
    shoot("endpoint-unhealthy")


def test_delete_the_endpoint(page, server, shoot):
    page.locator("#delete").click()
    page.locator("dialog").get_by_role("button", name="Delete").click()
    wait_text(heading(page), "^Endpoints$", timeout=60000)
    status, _ = server.arm("GET", ENDPOINT_PATH)
    assert status == 404
    assert page.locator(f"tr[data-endpoint={ENDPOINT}]").count() == 0
    shoot("endpoints")


def test_managed_compute_with_the_quota_left(page, server, shoot):
    """deepset-roberta-base-squad2 on managed compute: the VM size shows its family's quota left,
    too many instances disable Deploy, one instance deploys and scores through the Consume tab's curl."""
    page.click("nav a[data-section=catalog]")
    use_model(page, "roberta", "deepset-roberta-base-squad2")
    wait_text(heading(page), "Deploy deepset-roberta-base-squad2 to managed compute")
    page.select_option("select[name=vm-size]", "Standard_DS3_v2")
    assert "(24 of 24 vCPUs of quota left)" in page.locator("select[name=vm-size] option:checked").inner_text()
    page.fill("input[name=instance-count]", "6")
    wait_text(page.locator("#quota-left"), "holds about 32 vCPUs.*24 of 24 are left.*Request more quota")
    assert page.locator("#deploy").is_disabled()
    page.fill("input[name=instance-count]", "1")
    wait_text(page.locator("#quota-left"), "holds about 8 vCPUs")
    page.fill("input[name=endpoint-name]", "qa-class")
    shoot("managed-wizard")
    page.locator("#deploy").click()
    wait_text(heading(page), "^qa-class$", timeout=60000)
    row = page.locator("tr[data-deployment=default]")
    wait_text(row, "deepset-roberta-base-squad2.*Standard_DS3_v2.*1.*Succeeded")
    online = f"{WS}/{PROJECT}/onlineEndpoints/qa-class"
    status, endpoint = server.arm("GET", online)
    assert status == 200 and endpoint["properties"]["traffic"] == {"default": 100}
    status, usages = server.arm("GET", f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.MachineLearningServices/locations/eastus2/usages")
    dsv2 = next(u for u in usages["value"] if u["name"]["value"].startswith("Standard DSv2") and "/workspaces/" not in u["id"])
    assert dsv2["currentValue"] == 8
    page.locator("[data-key=primaryKey] [data-action=show]").click()
    page.get_by_role("tab", name="Consume").click()
    panel = page.locator("main [role=tabpanel]:not([hidden])")
    _, keys = server.arm("POST", f"{online}/listKeys")
    wait_text(panel, re.escape(keys["primaryKey"]))
    curl = panel.locator("[data-snippet=curl] code").inner_text()
    out = subprocess.run(["bash", "-c", curl], capture_output=True, text=True, timeout=60,
                         env={"PATH": "/usr/bin:/bin", "CURL_CA_BUNDLE": server.ca})
    assert out.returncode == 0 and "answer" in out.stdout, out.stdout + out.stderr
    shoot("online-endpoint")
    page.click("nav a[data-section=endpoints]")
    page.get_by_role("tab", name="Online endpoints").click()
    wait_text(page.locator("tr[data-online=qa-class]"), r"default \(1 × Standard_DS3_v2\).*default 100 %.*Succeeded")
    page.locator("tr[data-online=qa-class] a").click()
    page.locator("#delete").click()
    page.locator("dialog").get_by_role("button", name="Delete").click()
    wait_text(heading(page), "^Endpoints$", timeout=60000)
    assert server.arm("GET", online)[0] == 404


def test_azure_openai_deployment_then_a_429_in_the_playground(page, server, shoot):
    """gpt-4o-mini to a new Azure OpenAI resource with one capacity unit (6 requests a minute):
    its page, the openai snippet run verbatim, then the playground until Azure's 429 and its retry-after."""
    page.click("nav a[data-section=catalog]")
    use_model(page, "gpt-4o-mini", "gpt-4o-mini", "Azure OpenAI")
    wait_text(heading(page), "Deploy gpt-4o-mini to Azure OpenAI")
    page.fill("input[name=account-name]", "class-aoai")
    wait_text(page.locator(".field-message").first, "class-aoai is available")
    page.select_option("select[name=account-region]", "eastus2")
    page.fill("input[name=account-group]", GROUP)
    page.get_by_role("button", name="Next").click()
    wait_text(page.locator("main h2").last, "2. Deployment", timeout=30000)
    page.select_option("select[name=deployment-type]", "Standard")
    page.fill("input[name=capacity]", "5000")
    wait_text(page.locator("#quota"), "not enough quota")
    page.fill("input[name=capacity]", "1")
    wait_text(page.locator("#quota"), r"1,000 tokens per minute")
    shoot("account-wizard")
    page.locator("#deploy").click()
    wait_text(heading(page), "gpt-4o-mini", timeout=60000)
    wait_text(page.locator("#state"), "Succeeded")
    accounts = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices/accounts"
    status, deployment = server.arm("GET", f"{accounts}/class-aoai/deployments/gpt-4o-mini", api_version="2024-10-01")
    assert status == 200 and deployment["sku"] == {"name": "Standard", "capacity": 1}
    assert deployment["properties"]["raiPolicyName"] == "Microsoft.DefaultV2"
    page.get_by_role("tab", name="Consume").click()
    panel = page.locator("main [role=tabpanel]:not([hidden])")
    fill = panel.locator("#fill-key")
    if fill.count():
        fill.click()
    _, keys = server.arm("POST", f"{accounts}/class-aoai/listKeys", api_version="2024-10-01")
    wait_text(panel.locator("[data-snippet=python-openai] code"), re.escape(keys["key1"]))
    text, out = run_snippet(server, panel, "python-openai")
    assert "AzureOpenAI(" in text and len(out.strip()) > 10
    shoot("account-deployment")
    page.click("nav a[data-section=playground]")
    page.locator("select[name=deployment]").wait_for()
    labels = page.locator("select[name=deployment] option").all_inner_texts()
    page.select_option("select[name=deployment]", label=next(t for t in labels if t.startswith("gpt-4o-mini (class-aoai")))
    page.get_by_label("Stream the reply").uncheck()
    for _ in range(8):
        if page.locator("#retry-after").count():
            break
        page.fill("textarea[name=message]", "Hello")
        page.keyboard.press("Enter")
        page.wait_for_timeout(100)
        expect(page.locator("#send")).to_be_enabled()
    wait_text(page.locator("#chat-error"), "429|Rate limit|rate limit")
    wait_text(page.locator("#retry-after"), r"retry after \d+ seconds")
    shoot("playground-429")
    assert page.errors == [], page.errors


def test_delete_the_azure_openai_deployment(page, server):
    page.click("nav a[data-section=endpoints]")
    page.get_by_role("tab", name="Azure OpenAI and AI Services").click()
    row = page.locator("tr[data-deployment=gpt-4o-mini]")
    wait_text(row, "class-aoai.*OpenAI.*gpt-4o-mini.*Standard \\(1\\).*Succeeded")
    row.get_by_role("link", name="gpt-4o-mini").click()
    page.locator("#delete").click()
    page.locator("dialog").get_by_role("button", name="Delete").click()
    wait_text(heading(page), "^Endpoints$", timeout=60000)
    accounts = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.CognitiveServices/accounts"
    assert server.arm("GET", f"{accounts}/class-aoai/deployments/gpt-4o-mini", api_version="2024-10-01")[0] == 404
    assert server.arm("GET", f"{accounts}/class-aoai", api_version="2024-10-01")[0] == 200


def test_keyboard_only_and_a_projector(page, server, shoot):
    """The catalog and a model's tabs work from the keyboard; Large text scales the page for a projector."""
    page.click("nav a[data-section=catalog]")
    wait_text(heading(page), "^Model catalog$")
    page.get_by_label("Search models").focus()
    page.keyboard.type("Phi-4")
    wait_text(page.locator("main [role=status]").first, r"^1 of \d+ models$")
    page.locator("li.model-card a").first.focus()
    page.keyboard.press("Enter")
    wait_text(heading(page), "^Phi-4$")
    details = page.get_by_role("tab", name="Details")
    details.focus()
    page.keyboard.press("ArrowRight")
    pricing = page.get_by_role("tab", name="Pricing and terms")
    assert pricing.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.textContent") == "Pricing and terms"
    assert "Microsoft" in page.locator("main [role=tabpanel]:not([hidden])").inner_text()
    before = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main h1')).fontSize)")
    page.get_by_role("button", name="Large text").click()
    after = page.evaluate("parseFloat(getComputedStyle(document.querySelector('main h1')).fontSize)")
    assert after > before * 1.15, (before, after)
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.click("nav a[data-section=endpoints]")
    wait_text(heading(page), "^Endpoints$")
    shoot("projector")
    page.get_by_role("button", name="Large text").click()
    page.set_viewport_size({"width": 1366, "height": 800})
    assert page.errors == [], page.errors
