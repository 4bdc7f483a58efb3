"""The seeds' ARM tab with the real Azure CLI: groups, template deployments of the docs'
templates, generic resource listing, az rest for listKeys, deletion."""
import json

import pytest

from conftest import SUBSCRIPTION, TEMPLATES, TENANT, setup_az

GROUP = "az-rg"
WS = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices/workspaces/my-workspace"
ENDPOINT = WS + "/serverlessEndpoints/meta-llama3-8b-qwerty"
LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"


@pytest.fixture(scope="module")
def workspace(az, cerulean):
    group = az("group", "create", "-n", GROUP, "-l", "eastus2")
    assert group["properties"]["provisioningState"] == "Succeeded" and group["location"] == "eastus2"
    ws = az("rest", "--method", "put", "--url", f"{cerulean.url}{WS}?api-version=2024-04-01",
            "--body", json.dumps({"location": "eastus2"}))
    assert ws["name"] == "my-workspace"
    sub = az("rest", "--method", "put", "--url",
             f"{cerulean.url}{WS}/marketplaceSubscriptions/Meta-Llama-3-8B-Instruct?api-version=2024-04-01",
             "--body", json.dumps({"properties": {"modelId": LLAMA}}))
    assert sub["properties"]["modelId"] == LLAMA
    return ws


def test_login_lists_the_emulated_subscription(az):
    account = az("account", "show")
    assert account["id"] == SUBSCRIPTION and account["tenantId"] == TENANT
    assert account["environmentName"] == "Cerulean" and account["state"] == "Enabled"
    assert account["user"] == {"name": "cerulean-cli", "type": "servicePrincipal"}
    assert SUBSCRIPTION in [a["id"] for a in az("account", "list")]
    assert "eastus2" in [loc["name"] for loc in az("account", "list-locations")]


def test_tags_past_arms_limits_are_refused_as_azure_refuses_them(az):
    too_many = [f"t{i}=v" for i in range(51)]
    failed = az.run("group", "create", "-n", "az-tagged", "-l", "eastus2", "--tags", *too_many)
    assert failed.returncode != 0
    assert "(InvalidTags) Too many tags specified. Requested tag count - '51'. Maximum number of tags allowed - '50'." in failed.stderr
    failed = az.run("group", "create", "-n", "az-tagged", "-l", "eastus2", "--tags", "owner=" + "v" * 257)
    assert "(InvalidTagValueLength)" in failed.stderr
    assert az.run("group", "exists", "-n", "az-tagged").stdout.strip() == "false"


def test_endpoint_template_deploys(az, workspace):
    result = az("deployment", "group", "create", "-g", GROUP, "-n", "endpoint",
                "--template-file", str(TEMPLATES / "004-serverless-endpoint.json"))
    assert result["properties"]["provisioningState"] == "Succeeded"
    assert [r["id"] for r in result["properties"]["outputResources"]] == [ENDPOINT]
    assert result["properties"]["parameters"]["workspace_name"]["value"] == "my-workspace"
    shown = az("resource", "show", "--ids", ENDPOINT)
    assert shown["properties"]["provisioningState"] == "Succeeded"
    assert shown["properties"]["modelSettings"]["modelId"] == LLAMA


def test_invalid_subscription_template_is_refused_with_arms_message(az, workspace):
    failed = az.run("deployment", "group", "create", "-g", GROUP, "-n", "subscription",
                    "--template-file", str(TEMPLATES / "004-marketplace-subscription.json"))
    assert failed.returncode != 0
    assert '"code": "InvalidTemplate"' in failed.stderr
    assert "at line '20' and column '9' is not valid: The template parameter 'location' is not found" in failed.stderr


def test_bria_templates_fail_on_the_name_rule(az, cerulean):
    az("rest", "--method", "put", "--url", f"{cerulean.url}{WS.replace('my-workspace', 'my-project')}?api-version=2024-04-01",
       "--body", json.dumps({"location": "eastus2"}))
    failed = az.run("deployment", "group", "create", "-g", GROUP, "-n", "bria",
                    "--template-file", str(TEMPLATES / "003-marketplace-subscription.json"))
    assert failed.returncode != 0
    assert '"code":"DeploymentFailed"' in failed.stderr.replace(" ", "")
    assert "InvalidResourceName" in failed.stderr and "Bria-2.3-Fast" in failed.stderr
    # With a valid name the same template deploys.
    fixed = az("deployment", "group", "create", "-g", GROUP, "-n", "bria-fixed",
               "--template-file", str(TEMPLATES / "003-marketplace-subscription.json"),
               "--parameters", "subscription_name=Bria-23-Fast")
    assert fixed["properties"]["provisioningState"] == "Succeeded"


def test_jsonc_template_with_outputs(az, workspace, tmp_path):
    template = tmp_path / "outputs.json"
    template.write_text("""{
      // comments and trailing commas, as ARM accepts them
      "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
      "contentVersion": "1.0.0.0",
      "parameters": {"endpoint": {"type": "string"}},
      "resources": [],
      "outputs": {
        /* read back the endpoint deployed by the docs' template */
        "uri": {"type": "string", "value": "[reference(resourceId('Microsoft.MachineLearningServices/workspaces/serverlessEndpoints', 'my-workspace', parameters('endpoint')), '2024-04-01').inferenceEndpoint.uri]"},
        "key": {"type": "string", "value": "[listKeys(resourceId('Microsoft.MachineLearningServices/workspaces/serverlessEndpoints', 'my-workspace', parameters('endpoint')), '2024-04-01').primaryKey]"},
      },
    }""")
    az("deployment", "group", "create", "-g", GROUP, "-n", "endpoint",
       "--template-file", str(TEMPLATES / "004-serverless-endpoint.json"))
    result = az("deployment", "group", "create", "-g", GROUP, "-n", "outputs", "--template-file", str(template),
                "--parameters", "endpoint=meta-llama3-8b-qwerty")
    outputs = result["properties"]["outputs"]
    assert outputs["uri"]["value"].endswith("/serverless/eastus2/meta-llama3-8b-qwerty")
    keys = az("rest", "--method", "post", "--url", f"{outputs['uri']['value'].split('/serverless')[0]}{ENDPOINT}/listKeys?api-version=2024-04-01")
    assert outputs["key"]["value"] == keys["primaryKey"] and keys["primaryKey"] != keys["secondaryKey"]


def test_resource_list_listkeys_delete_and_deployment_list(az, workspace, cerulean):
    az("deployment", "group", "create", "-g", GROUP, "-n", "endpoint",
       "--template-file", str(TEMPLATES / "004-serverless-endpoint.json"))
    listed = az("resource", "list", "--resource-type", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints")
    assert [(r["name"], r["location"]) for r in listed] == [("my-workspace/meta-llama3-8b-qwerty", "eastus2")]
    keys = az("rest", "--method", "post", "--url", f"{cerulean.url}{ENDPOINT}/listKeys?api-version=2024-04-01")
    assert len(keys["primaryKey"]) >= 32 and keys["primaryKey"] != keys["secondaryKey"]
    deployments = {d["name"]: d["properties"]["provisioningState"] for d in az("deployment", "group", "list", "-g", GROUP)}
    assert deployments.get("endpoint") == "Succeeded"
    az("resource", "delete", "--ids", ENDPOINT)
    assert az("resource", "list", "--resource-type", "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints") == []
    gone = az.run("resource", "show", "--ids", ENDPOINT)
    assert gone.returncode != 0 and "ResourceNotFound" in gone.stderr


def test_login_with_managed_identity(cerulean):
    from conftest import AzureCLI
    az = AzureCLI(setup_az(cerulean, "--managed-identity"))
    account = az("account", "show")
    assert account["id"] == SUBSCRIPTION
    assert account["user"]["type"] == "servicePrincipal" and account["user"]["assignedIdentityInfo"] == "MSI"
    created = az("group", "create", "-n", "mi-rg", "-l", "westus3")
    assert created["properties"]["provisioningState"] == "Succeeded"
    assert "mi-rg" in [g["name"] for g in az("group", "list")]


def test_identity_errors_as_az_prints_them(cerulean, tmp_path):
    """App Service's {statusCode, message} reaches `az login --identity` (it printed "None, None"
    with an OAuth-shaped body); an unknown tenant is refused as Entra does (AADSTS90002)."""
    from conftest import AZ
    import os
    import subprocess
    env = dict(os.environ)
    env.update(cerulean.client_environment())
    env.update({"AZURE_CONFIG_DIR": str(tmp_path), "AZURE_CORE_INSTANCE_DISCOVERY": "false",
                "AZURE_CORE_COLLECT_TELEMETRY": "false", "REQUESTS_CA_BUNDLE": cerulean.ca, "SSL_CERT_FILE": cerulean.ca})
    url = cerulean.url
    def az(*args, **extra):
        return subprocess.run([AZ, *args], env={**env, **extra}, capture_output=True, text=True, timeout=300)
    assert az("cloud", "update", "-n", "Cerulean", "--endpoint-resource-manager", url + "/", "--endpoint-active-directory", url,
              "--endpoint-active-directory-resource-id", url + "/", "--endpoint-management", url + "/").returncode == 0
    assert az("cloud", "set", "-n", "Cerulean").returncode == 0
    wrong = az("login", "--identity", IDENTITY_HEADER="not-the-header")
    assert wrong.returncode != 0
    assert "401, The X-IDENTITY-HEADER header is missing or does not match" in wrong.stderr, wrong.stderr
    assert "None, None" not in wrong.stderr
    stranger = az("login", "--service-principal", "-u", "app", "-p", "secret", "--tenant", "11111111-2222-3333-4444-555555555555")
    assert stranger.returncode != 0
    assert f"Unable to get authority configuration for {url}/11111111-2222-3333-4444-555555555555" in stranger.stderr
    assert "AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found." in stranger.stderr
    assert az("login", "--service-principal", "-u", "app", "-p", "secret", "--tenant", "cerulean.local").returncode == 0
