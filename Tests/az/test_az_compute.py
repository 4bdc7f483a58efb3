"""Managed compute with the real Azure CLI. The `az ml` extension is not on PyPI (docs/clients.md
lists its commands), so this drives the ARM tab: the online-endpoint template through
`az deployment group create`, `az resource` to set traffic and show it, `az rest` for keys and
quota, then the reported scoring URI called over plain HTTPS."""
import requests

from conftest import SUBSCRIPTION, TEMPLATES

GROUP = "az-compute-rg"
ML = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices"


def test_template_deploys_an_endpoint_and_a_deployment_then_traffic_and_scoring(az, cerulean):
    az("group", "create", "-n", GROUP, "-l", "eastus")
    result = az("deployment", "group", "create", "-g", GROUP, "-n", "online",
                "--template-file", str(TEMPLATES / "managed-online-endpoint.json"),
                "--parameters", "workspaceName=az-ws", "endpointName=az-online", "instanceCount=2")
    assert result["properties"]["provisioningState"] == "Succeeded"
    outputs = result["properties"]["outputs"]
    assert outputs["scoringUri"]["value"] == cerulean.url + "/online/eastus/az-online/score"
    endpoint_id = f"{ML}/workspaces/az-ws/onlineEndpoints/az-online"
    deployment = az("resource", "show", "--ids", f"{endpoint_id}/deployments/blue", "--api-version", "2023-04-01-preview")
    assert deployment["sku"]["capacity"] == 2 and deployment["properties"]["requestSettings"]["maxConcurrentRequestsPerInstance"] == 2
    updated = az("resource", "update", "--ids", endpoint_id, "--api-version", "2022-02-01-preview",
                 "--set", "properties.traffic.blue=100")
    assert updated["properties"]["traffic"] == {"blue": 100}
    reply = requests.post(outputs["scoringUri"]["value"], headers={"Authorization": f"Bearer {outputs['key']['value']}"},
                          json={"inputs": {"question": ["What runs here?"], "context": ["Cerulean runs here. Nothing else does."]}},
                          verify=cerulean.ca, timeout=30)
    assert reply.status_code == 200 and reply.headers["azureml-model-deployment"] == "blue", reply.text
    assert reply.json()[0]["answer"] == "Cerulean runs here."
    usages = az("rest", "--method", "get", "--url",
                f"{cerulean.url}/subscriptions/{SUBSCRIPTION}/providers/Microsoft.MachineLearningServices/locations/eastus/usages?api-version=2025-12-01")
    row = next(u for u in usages["value"] if u["name"]["value"] == "Standard DSv2 Family Cluster Dedicated vCPUs"
               and u["type"].endswith("vmFamily/usages"))
    assert (row["currentValue"], row["limit"]) == (12, 24)


def test_a_deployment_beyond_quota_fails_the_template(az):
    bad = az.run("deployment", "group", "create", "-g", GROUP, "-n", "online-big",
                 "--template-file", str(TEMPLATES / "managed-online-endpoint.json"),
                 "--parameters", "workspaceName=az-ws", "endpointName=az-online", "deploymentName=big", "instanceCount=3")
    assert bad.returncode != 0
    assert "Not enough quota available for Standard_DS3_v2" in bad.stderr and "Additional needed: 16" in bad.stderr
