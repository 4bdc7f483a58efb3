"""azure-ai-ml's own workspace templates (workspace_base.json with workspace_param.json, and
workspace_project.json), read from the installed azure-ai-ml package and deployed with
`az deployment group create`, with the parameters `ml_client.workspaces.begin_create` fills in."""
import importlib.util
import json
import pathlib

import pytest

from conftest import SUBSCRIPTION

GROUP = "az-ws-rg"
RESOURCES = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers"


def template_folder():
    spec = importlib.util.find_spec("azure.ai.ml")
    assert spec and spec.origin, "azure-ai-ml must be installed in the az venv (Tests/az/requirements.txt)"
    folder = pathlib.Path(spec.origin).parent / "_arm_deployments" / "arm_templates"
    assert (folder / "workspace_base.json").is_file()
    return folder


def base_parameters(name, kind, **extra):
    """What azure-ai-ml's _populate_arm_parameters sets for a new workspace with new dependencies."""
    values = {
        "workspaceName": name, "friendlyName": name, "description": f"{name} from the az suite", "location": "eastus2",
        "kind": kind, "resourceGroupName": GROUP,
        "keyVaultName": f"{name.replace('-', '')}vault", "keyVaultResourceGroupName": GROUP,
        "storageAccountName": f"{name.replace('-', '')}store", "storageAccountResourceGroupName": GROUP,
        "storageAccountSubscriptionId": SUBSCRIPTION, "identity": {"type": "systemAssigned"},
        "managedNetwork": {"isolationMode": "Disabled"}, "tagValues": {"createdByToolkit": "az-suite"},
    }
    values.update(extra)
    return values


def deploy(az, name, template, parameters, tmp_path):
    """`az deployment group create` with the package's parameter file, overridden by a file of our values."""
    overrides = tmp_path / f"{name}.parameters.json"
    overrides.write_text(json.dumps({k: {"value": v} for k, v in parameters.items()}))
    args = ["deployment", "group", "create", "-g", GROUP, "-n", name, "--template-file", str(template_folder() / template)]
    if template == "workspace_base.json":
        args += ["--parameters", f"@{template_folder() / 'workspace_param.json'}"]
    return az(*args, "--parameters", f"@{overrides}")


@pytest.fixture(scope="module")
def group(az):
    assert az("group", "create", "-n", GROUP, "-l", "eastus2")["properties"]["provisioningState"] == "Succeeded"
    return GROUP


def test_workspace_with_new_dependencies(az, group, tmp_path):
    logs = f"{RESOURCES}/Microsoft.OperationalInsights/workspaces/azwslogs"
    result = deploy(az, "az-ws", "workspace_base.json", base_parameters(
        "az-ws", "default", logAnalyticsName="azwslogs", logAnalyticsArmId=logs, applicationInsightsName="azwsinsights",
        applicationInsightsResourceGroupName=GROUP), tmp_path)
    assert result["properties"]["provisioningState"] == "Succeeded"
    deployed = sorted(r["id"].split("/providers/")[1] for r in result["properties"]["outputResources"])
    assert deployed == ["Microsoft.Insights/components/azwsinsights", "Microsoft.KeyVault/vaults/azwsvault",
                        "Microsoft.MachineLearningServices/workspaces/az-ws", "Microsoft.OperationalInsights/workspaces/azwslogs",
                        "Microsoft.Storage/storageAccounts/azwsstore"]
    ws = az("resource", "show", "--ids", f"{RESOURCES}/Microsoft.MachineLearningServices/workspaces/az-ws")
    props = ws["properties"]
    assert ws["kind"] == "Default" and props["hbiWorkspace"] is False and props["friendlyName"] == "az-ws"
    assert props["storageAccount"] == f"{RESOURCES}/Microsoft.Storage/storageAccounts/azwsstore"
    assert props["applicationInsights"] == f"{RESOURCES}/Microsoft.Insights/components/azwsinsights"
    storage = az("resource", "show", "--ids", props["storageAccount"])
    assert storage["properties"]["primaryEndpoints"]["blob"] == "https://azwsstore.blob.core.windows.net/"
    vault = az("resource", "show", "--ids", props["keyVault"])
    assert vault["properties"]["vaultUri"] == "https://azwsvault.vault.azure.net/"
    insights = az("resource", "show", "--ids", props["applicationInsights"])
    assert insights["properties"]["WorkspaceResourceId"] == logs and insights["properties"]["InstrumentationKey"]
    keys = az("rest", "--method", "post", "--url", f"{az.env['CERULEAN_URL']}{props['storageAccount']}/listKeys?api-version=2023-04-01")
    assert [k["keyName"] for k in keys["keys"]] == ["key1", "key2"]


def test_hub_and_project(az, group, tmp_path):
    hub = deploy(az, "az-hub", "workspace_base.json", base_parameters(
        "az-hub", "hub", applicationInsightsOption="none", applicationInsightsName="ignoredButCantBeEmpty",
        applicationInsightsResourceGroupName="ignoredButCantBeEmpty"), tmp_path)
    assert hub["properties"]["provisioningState"] == "Succeeded"
    hub_id = f"{RESOURCES}/Microsoft.MachineLearningServices/workspaces/az-hub"
    project = deploy(az, "az-project", "workspace_project.json", {
        "workspaceName": "az-project", "friendlyName": "az-project", "description": "", "location": "eastus2",
        "kind": "project", "resourceGroupName": GROUP, "workspace_hub": hub_id, "identity": {"type": "systemAssigned"},
        "tagValues": {},
    }, tmp_path)
    assert project["properties"]["provisioningState"] == "Succeeded"
    shown = az("resource", "show", "--ids", f"{RESOURCES}/Microsoft.MachineLearningServices/workspaces/az-project")
    assert shown["kind"] == "Project" and shown["properties"]["hubResourceId"] == hub_id
    assert shown["properties"]["storageAccount"] == f"{RESOURCES}/Microsoft.Storage/storageAccounts/azhubstore"
    names = {r["name"] for r in az("resource", "list", "-g", GROUP)}
    assert {"az-hub", "az-project", "azhubstore", "azhubvault"} <= names
