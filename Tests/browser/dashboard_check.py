#!/usr/bin/env python3
"""The dashboard in a real browser: starts the cerulean binary, builds state through the seed
route and ARM (an endpoint whose marketplace subscription is then deleted), loads
/_cerulean/ in headless Chromium (Debian's `chromium`), checks the DOM and saves a screenshot.

Standard library only. Exit status: 0 all checks passed, 1 a check failed, 77 skipped
(no Chromium: Scripts/install-deps installs it where apt is available)."""
import html.parser
import json
import os
import pathlib
import shutil
import ssl
import subprocess
import sys
import tempfile
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "pysupport"))
from cerulean_process import BINARY, RunningCerulean  # noqa: E402
SCREENSHOT = pathlib.Path(os.environ.get("DASHBOARD_SCREENSHOT", ROOT / ".build" / "dashboard" / "dashboard.png"))
SUB = "00000000-1111-2222-3333-444444444444"
EVIL = "Lab <script>alert(1)</script> & \"Co\""
WS = f"/subscriptions/{SUB}/resourceGroups/class-rg/providers/Microsoft.MachineLearningServices/workspaces"
LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
SEED = {
    "subscriptions": [{"id": "99999999-0000-0000-0000-000000000001", "displayName": EVIL}],
    "resourceGroups": [{"name": "class-rg", "location": "eastus2"}],
    "workspaces": [
        {"resourceGroup": "class-rg", "name": "class-hub", "location": "eastus2", "kind": "Hub"},
        {"resourceGroup": "class-rg", "name": "class-project", "location": "eastus2", "kind": "Project", "hub": "class-hub"},
    ],
    "marketplaceSubscriptions": [{"resourceGroup": "class-rg", "workspace": "class-project", "name": "llama-offer", "modelId": LLAMA}],
    "serverlessEndpoints": [
        {"resourceGroup": "class-rg", "workspace": "class-project", "name": "llama-class", "modelId": LLAMA,
         "keys": {"primary": "class-primary-key-000000000", "secondary": "class-secondary-key-00000000"}},
        {"resourceGroup": "class-rg", "workspace": "class-project", "name": "phi-class",
         "modelId": "azureml://registries/azureml/models/Phi-3-mini-4k-instruct",
         "keys": {"primary": "phi-primary-key-00000000000", "secondary": "phi-secondary-key-0000000000"},
         "limits": {"tokensPerMinute": 50000, "requestsPerMinute": 40}},
    ],
}

passed, failed = 0, 0


def check(what, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok    {what}")
    else:
        failed += 1
        print(f"  FAIL  {what}" + (f": {detail}" if detail else ""))


class Rows(html.parser.HTMLParser):
    """Collects each table row's class, data-name and text, and every element name seen."""

    def __init__(self):
        super().__init__()
        self.rows, self.tags, self.current, self.title = [], set(), None, None
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        attrs = dict(attrs)
        if tag == "tr":
            self.current = {"class": attrs.get("class"), "name": attrs.get("data-name"), "text": []}
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        if tag == "tr" and self.current is not None:
            self.current["text"] = " ".join(" ".join(self.current["text"]).split())
            self.rows.append(self.current)
            self.current = None
        if tag == "title":
            self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title = data
        if self.current is not None:
            self.current["text"].append(data)

    def row(self, kind, name):
        return next((r for r in self.rows if r["class"] == kind and r["name"] == name), None)


def request(context, url, method="GET", body=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(req, context=context, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def chromium_binary():
    for name in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser"):
        if name and shutil.which(name):
            return shutil.which(name)
    return None


def main():
    browser = chromium_binary()
    if not browser:
        print("dashboard: SKIPPED: no chromium on PATH (Scripts/install-deps installs Debian's chromium; apt was unavailable)")
        return 77
    if not os.access(BINARY, os.X_OK):
        print(f"dashboard: no cerulean binary at {BINARY}: run swift build first")
        return 1
    profile = tempfile.mkdtemp(prefix="cerulean-chromium-")
    # A manual clock keeps the usage counters in one minute window whatever the machine's speed.
    try:
        server = RunningCerulean("--clock", "manual", "--provisioning", "immediate", host="127.0.0.1")
    except AssertionError:
        print("dashboard: cerulean did not start")
        return 1
    url, data_dir = server.url, server.data_dir
    try:
        context = ssl.create_default_context(cafile=os.path.join(data_dir, "ca.pem"))
        status, body = request(context, url + "/_cerulean/seed", "POST", SEED)
        check("the seed file applies", status == 200, body.decode(errors="replace"))
        chat = {"messages": [{"role": "user", "content": "What is <b>bold</b>?"}], "max_tokens": 20}
        for _ in range(3):
            status, _ = request(context, url + "/serverless/eastus2/phi-class/chat/completions?api-version=2024-05-01-preview",
                                "POST", chat, {"api-key": "phi-primary-key-00000000000"})
        check("three chat requests answered", status == 200)
        arm = {"Authorization": "Bearer class"}
        accounts = f"/subscriptions/{SUB}/resourceGroups/class-rg/providers/Microsoft.CognitiveServices/accounts"
        status, _ = request(context, f"{url}{accounts}/class-aoai?api-version=2025-09-01", "PUT",
                            {"kind": "OpenAI", "sku": {"name": "S0"}, "location": "eastus",
                             "properties": {"customSubDomainName": "class-aoai"}}, arm)
        check("an Azure OpenAI account is created", status == 201, str(status))
        status, _ = request(context, f"{url}{accounts}/class-aoai/deployments/class-gpt?api-version=2025-09-01", "PUT",
                            {"sku": {"name": "Standard", "capacity": 5},
                             "properties": {"model": {"format": "OpenAI", "name": "gpt-4o"}}}, arm)
        check("a gpt-4o deployment is created", status == 201, str(status))
        status, body = request(context, f"{url}{accounts}/class-aoai/listKeys?api-version=2025-09-01", "POST", None, arm)
        account_key = json.loads(body)["key1"]
        for _ in range(2):
            status, _ = request(context, url + "/cognitiveservices/class-aoai.openai.azure.com/openai/deployments/class-gpt/chat/completions?api-version=2024-10-21",
                                "POST", chat, {"api-key": account_key})
        check("two account chat requests answered", status == 200, str(status))
        online = f"{url}{WS}/class-project/onlineEndpoints/class-online"
        status, _ = request(context, f"{online}?api-version=2022-02-01-preview", "PUT",
                            {"location": "eastus2", "properties": {"authMode": "Key"}}, arm)
        check("an online endpoint is created", status == 201, str(status))
        for name in ("blue", "green"):
            status, _ = request(context, f"{online}/deployments/{name}?api-version=2023-04-01-preview", "PUT",
                                {"location": "eastus2", "sku": {"name": "Default", "capacity": 1},
                                 "properties": {"endpointComputeType": "Managed", "instanceType": "Standard_DS3_v2",
                                                "model": "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"}}, arm)
            check(f"the online deployment {name} is created", status == 201, str(status))
        status, _ = request(context, f"{online}?api-version=2022-02-01-preview", "PUT",
                            {"location": "eastus2", "properties": {"authMode": "Key", "traffic": {"blue": 90, "green": 10}}}, arm)
        check("the traffic is split 90/10", status == 200, str(status))
        status, body = request(context, f"{online}/listKeys?api-version=2022-02-01-preview", "POST", None, arm)
        online_key = json.loads(body)["primaryKey"]
        status, _ = request(context, url + "/online/eastus2/class-online/score", "POST",
                            {"inputs": {"question": ["Why?"], "context": ["Because it is."]}},
                            {"Authorization": f"Bearer {online_key}", "azureml-model-deployment": "green"})
        check("the green deployment is scored", status == 200, str(status))
        status, _ = request(context, f"{url}{WS}/class-project/marketplaceSubscriptions/llama-offer?api-version=2024-04-01",
                            "DELETE", headers={"Authorization": "Bearer class"})
        check("the marketplace subscription is deleted", status in (200, 204), str(status))

        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--hide-scrollbars",
                 "--ignore-certificate-errors", f"--user-data-dir={profile}", "--window-size=1400,1000"]
        dom = subprocess.run(flags + ["--dump-dom", url + "/_cerulean/"], capture_output=True, text=True, timeout=120)
        check("chromium loads the page", dom.returncode == 0 and "<html" in dom.stdout, dom.stderr[-500:])
        shot = subprocess.run(flags + [f"--screenshot={SCREENSHOT}", url + "/_cerulean/"], capture_output=True, text=True, timeout=120)
        check("chromium saves a screenshot", shot.returncode == 0 and SCREENSHOT.exists() and SCREENSHOT.stat().st_size > 10_000,
              shot.stderr[-500:])
        print(f"  screenshot: {SCREENSHOT}")

        page = Rows()
        page.feed(dom.stdout)
        check("the title", page.title == "Cerulean dashboard", str(page.title))
        llama = page.row("endpoint", "llama-class")
        check("llama-class is shown Unhealthy, Suspended, its provisioning Succeeded",
              llama is not None and "Unhealthy" in llama["text"] and "Suspended" in llama["text"] and "Succeeded" in llama["text"],
              str(llama))
        phi = page.row("endpoint", "phi-class")
        check("phi-class is Healthy and Online", phi is not None and "Healthy" in phi["text"] and "Online" in phi["text"]
              and "Unhealthy" not in phi["text"], str(phi))
        check("phi-class shows 3 of its 40 requests this minute", phi is not None and "3 / 40" in phi["text"], str(phi))
        check("phi-class shows its tokens against 50000", phi is not None and "/ 50000" in phi["text"], str(phi))
        project = page.row("workspace", "class-project")
        check("the project names its hub", project is not None and "Project" in project["text"] and "class-hub" in project["text"],
              str(project))
        check("the hub is listed", page.row("workspace", "class-hub") is not None)
        aoai = page.row("account", "class-aoai")
        check("the account shows its kind and subdomain", aoai is not None and "OpenAI" in aoai["text"] and "class-aoai" in aoai["text"],
              str(aoai))
        gpt = page.row("deployment", "class-gpt")
        check("the deployment shows 2 of its 30 requests and its 5000 tokens a minute",
              gpt is not None and "gpt-4o" in gpt["text"] and "2 / 30" in gpt["text"] and "/ 5000" in gpt["text"], str(gpt))
        endpoint = page.row("online-endpoint", "class-online")
        check("the online endpoint shows its 90/10 traffic", endpoint is not None and "blue 90 %" in endpoint["text"]
              and "green 10 %" in endpoint["text"], str(endpoint))
        green = page.row("online-deployment", "green")
        check("the green deployment shows its instance type and the request it served",
              green is not None and "Standard_DS3_v2" in green["text"] and "1" in green["text"].split(), str(green))
        quota = page.row("quota", "Standard DSv2 Family Cluster Dedicated vCPUs")
        check("the VM quota in use is shown", quota is not None and "16 / 24" in quota["text"], str(quota))
        check("the resource group is listed", page.row("resource-group", "class-rg") is not None)
        check("the deleted marketplace subscription is gone", page.row("marketplace-subscription", "llama-offer") is None)
        evil = page.row("subscription", "99999999-0000-0000-0000-000000000001")
        check("a display name with markup is shown as text", evil is not None and EVIL in evil["text"], str(evil))
        check("no script element reached the DOM", "script" not in page.tags, str(sorted(page.tags)))
        requests = [r["text"] for r in page.rows if r["class"] == "request"]
        check("recent requests show the chat calls, newest first",
              len(requests) >= 4 and "DELETE" in requests[0] and any("/serverless/eastus2/phi-class/chat/completions" in r for r in requests),
              str(requests[:5]))
    finally:
        server.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    print(f"dashboard: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
