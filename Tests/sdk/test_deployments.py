"""Template deployments with azure-mgmt-resource 26's DeploymentsMgmtClient, using the
templates from Azure's docs (Fixtures/templates) unchanged."""
import json
import pathlib

import pytest
from azure.core.exceptions import HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.resource.deployments import DeploymentsMgmtClient

from conftest import LLAMA, SUBSCRIPTION

TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "Fixtures" / "templates"
GROUP = "deploy-rg"


@pytest.fixture(scope="module")
def deployments(cerulean):
    group = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}"
    assert cerulean.arm("PUT", group, {"location": "eastus2"}, api_version="2022-09-01").status_code == 201
    ws = group + "/providers/Microsoft.MachineLearningServices/workspaces/my-workspace"
    assert cerulean.arm("PUT", ws, {"location": "eastus2"}).status_code == 201
    sub = cerulean.arm("PUT", ws + "/marketplaceSubscriptions/Meta-Llama-3-8B-Instruct", {"properties": {"modelId": LLAMA}})
    assert sub.status_code == 201, sub.text
    client = DeploymentsMgmtClient(DefaultAzureCredential(), SUBSCRIPTION, base_url=cerulean.url,
                                   credential_scopes=[cerulean.url + "/.default"])
    return client


def template(name):
    return json.loads((TEMPLATES / name).read_text())


def test_endpoint_template_deploys(deployments, cerulean):
    urls = []
    poller = deployments.deployments.begin_create_or_update(
        GROUP, "endpoint-deployment",
        {"properties": {"mode": "Incremental", "template": template("004-serverless-endpoint.json"),
                        "parameters": {"endpoint_name": {"value": "llama-from-template"}}}},
        raw_response_hook=lambda r: urls.append(r.http_request.url))
    result = poller.result()
    assert urls[0].startswith(cerulean.url + "/subscriptions/")
    assert any("/deployments/endpoint-deployment/operationStatuses/" in u for u in urls), urls
    assert result.properties.provisioning_state == "Succeeded"
    assert result.properties.parameters["endpoint_name"]["value"] == "llama-from-template"
    ids = [r.id for r in result.properties.output_resources]
    assert ids == [f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices"
                   "/workspaces/my-workspace/serverlessEndpoints/llama-from-template"]
    endpoint = cerulean.arm("GET", ids[0]).json()
    assert endpoint["properties"]["provisioningState"] == "Succeeded"
    assert endpoint["properties"]["inferenceEndpoint"]["uri"] == cerulean.url + "/serverless/eastus2/llama-from-template"
    operations = list(deployments.deployment_operations.list(GROUP, "endpoint-deployment"))
    assert [o.properties.target_resource.resource_name for o in operations] == ["my-workspace/llama-from-template"]
    assert "endpoint-deployment" in [d.name for d in deployments.deployments.list_by_resource_group(GROUP)]


def test_outputs_come_back(deployments):
    body = {"resources": [], "outputs": {"where": {"type": "string", "value": "[resourceGroup().location]"},
                                         "sub": {"type": "string", "value": "[subscription().subscriptionId]"}}}
    result = deployments.deployments.begin_create_or_update(
        GROUP, "outputs", {"properties": {"mode": "Incremental", "template": body}}).result()
    assert result.properties.outputs == {"where": {"type": "String", "value": "eastus2"},
                                         "sub": {"type": "String", "value": SUBSCRIPTION}}


def test_invalid_template_is_refused_before_anything_is_created(deployments):
    with pytest.raises(HttpResponseError) as refused:
        deployments.deployments.begin_create_or_update(
            GROUP, "bad", {"properties": {"mode": "Incremental", "template": template("004-marketplace-subscription.json")}})
    assert refused.value.status_code == 400
    assert refused.value.error.code == "InvalidTemplate"
    assert "The template parameter 'location' is not found" in refused.value.error.message


def test_failed_deployment_raises_deployment_failed(deployments):
    with pytest.raises(HttpResponseError) as failed:
        deployments.deployments.begin_create_or_update(
            GROUP, "bria", {"properties": {"mode": "Incremental", "template": template("003-serverless-endpoint.json"),
                                           "parameters": {"project_name": {"value": "my-workspace"}}}}).result()
    assert failed.value.error.code == "DeploymentFailed"
    assert failed.value.error.details[0].code == "InvalidResourceName"
    assert deployments.deployments.get(GROUP, "bria").properties.provisioning_state == "Failed"
