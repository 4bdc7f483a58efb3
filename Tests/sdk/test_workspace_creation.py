"""Creating workspaces the way azure-ai-ml's documentation shows: `ml_client.workspaces.begin_create`
with `Workspace(...)`, `Hub(...)` and `Project(hub_id=...)`. Each sends azure-ai-ml's own ARM
template (workspace_base.json / workspace_project.json) with its dependent resources, then reads the
workspace back. Then the serverless flow in the project, and a connection to its endpoint from a
second project, as the serverless how-to's "consume from another workspace" step does."""
import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.ai.ml import MLClient
from azure.ai.ml.entities import (Hub, MarketplaceSubscription, Project, ServerlessConnection, ServerlessEndpoint,
                                  Workspace)
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential
from azure.mgmt.resource.resources import ResourceManagementClient

from conftest import LLAMA, SUBSCRIPTION

GROUP = "sdk-ws-rg"


@pytest.fixture(scope="module")
def resources(cerulean):
    client = ResourceManagementClient(DefaultAzureCredential(), SUBSCRIPTION, base_url=cerulean.url,
                                      credential_scopes=[cerulean.url + "/.default"])
    client.resource_groups.create_or_update(GROUP, {"location": "eastus2"})
    return client


@pytest.fixture(scope="module")
def group_client(cerulean, resources):
    return MLClient(DefaultAzureCredential(), SUBSCRIPTION, GROUP)


def write_enums_as_values(patch):
    """azure-ai-ml 1.35 copies the hub's `public_network_access` (an enum since its move to the
    `arm_ml_service` client) into the project's template parameters, and msrest writes the enum as
    'PublicNetworkAccessType.ENABLED', which ARM refuses (the parameter's allowedValues): on Azure
    too. This is the one-line fix a user can apply until azure-ai-ml fixes it."""
    from azure.ai.ml._restclient.arm_ml_service.models import PublicNetworkAccessType
    patch.setattr(PublicNetworkAccessType, "__str__", lambda self: self.value)


@pytest.fixture
def enum_values_as_text(monkeypatch):
    write_enums_as_values(monkeypatch)


def arm_get(resources, resource_id, api_version):
    return resources.resources.get_by_id(resource_id, api_version=api_version)


@pytest.fixture(scope="module")
def hub(group_client):
    hub = group_client.workspaces.begin_create(Hub(name="sdk-hub", location="eastus2", display_name="SDK hub")).result()
    assert isinstance(hub, Hub) and hub.name == "sdk-hub" and hub.display_name == "SDK hub"
    return hub


@pytest.fixture(scope="module")
def project(group_client, hub):
    with pytest.MonkeyPatch.context() as patch:
        write_enums_as_values(patch)
        return group_client.workspaces.begin_create(Project(name="sdk-proj", hub_id=hub.id)).result()


def test_workspace_with_its_dependent_resources(group_client, resources):
    ws = group_client.workspaces.begin_create(Workspace(name="sdk-ws", location="eastus2", display_name="SDK workspace",
                                                        description="Made by begin_create")).result()
    assert isinstance(ws, Workspace) and ws.name == "sdk-ws" and ws.location == "eastus2"
    assert ws.display_name == "SDK workspace" and ws.description == "Made by begin_create"
    assert ws.hbi_workspace is False, "the template's 'false' string is read as a boolean"
    assert ws.tags["createdByToolkit"].startswith("sdk-v2-")
    storage = arm_get(resources, ws.storage_account, "2023-04-01")
    assert storage.kind == "StorageV2" and storage.sku.name == "Standard_LRS"
    assert storage.properties["primaryEndpoints"]["blob"] == f"https://{storage.name}.blob.core.windows.net/"
    vault = arm_get(resources, ws.key_vault, "2023-07-01")
    assert vault.properties["vaultUri"] == f"https://{vault.name}.vault.azure.net/"
    insights = arm_get(resources, ws.application_insights, "2020-02-02")
    key = insights.properties["InstrumentationKey"]
    assert insights.properties["ConnectionString"].startswith(f"InstrumentationKey={key};")
    logs = arm_get(resources, insights.properties["WorkspaceResourceId"], "2020-08-01")
    assert logs.type == "Microsoft.OperationalInsights/workspaces" and len(logs.properties["customerId"]) == 36
    assert ws.container_registry is None
    assert "sdk-ws" in [w.name for w in group_client.workspaces.list()]
    # begin_create of an existing workspace updates it (azure-ai-ml's documented idempotence).
    again = group_client.workspaces.begin_create(Workspace(name="sdk-ws", location="eastus2", description="Updated")).result()
    assert again.description == "Updated" and again.storage_account == ws.storage_account
    group_client.workspaces.begin_delete("sdk-ws", delete_dependent_resources=True).result()
    with pytest.raises(ResourceNotFoundError):
        group_client.workspaces.get("sdk-ws")
    with pytest.raises(ResourceNotFoundError):
        arm_get(resources, ws.storage_account, "2023-04-01")


def test_documented_project_create_meets_the_azure_ai_ml_1_35_defect(group_client, hub):
    """Without the fix, ARM refuses the parameter azure-ai-ml writes (this test fails once azure-ai-ml is fixed)."""
    with pytest.raises(HttpResponseError) as refused:
        group_client.workspaces.begin_create(Project(name="sdk-proj-plain", hub_id=hub.id)).result()
    assert "InvalidTemplate" in str(refused.value)
    assert "'PublicNetworkAccessType.ENABLED' for the template parameter 'associatedResourcePNA'" in str(refused.value)


def test_hub_and_project(group_client, resources, hub, project):
    assert isinstance(project, Project) and project.name == "sdk-proj"
    assert project.hub_id == hub.id and project.location == hub.location
    got = group_client.workspaces.get("sdk-hub")
    assert isinstance(got, Hub)
    assert arm_get(resources, got.storage_account, "2023-04-01").type == "Microsoft.Storage/storageAccounts"
    assert arm_get(resources, got.key_vault, "2023-07-01").type == "Microsoft.KeyVault/vaults"
    assert {w.name for w in group_client.workspaces.list()} >= {"sdk-hub", "sdk-proj"}


@pytest.fixture(scope="module")
def project_endpoint(project, cerulean):
    """The serverless how-to in the project made by Project(hub_id=...)."""
    client = MLClient(DefaultAzureCredential(), SUBSCRIPTION, GROUP, project.name)
    client.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="llama-sub", model_id=LLAMA)).result()
    endpoint = client.serverless_endpoints.begin_create_or_update(
        ServerlessEndpoint(name="proj-llama", model_id=LLAMA)).result()
    assert endpoint.provisioning_state == "succeeded"
    assert endpoint.scoring_uri == cerulean.url + "/serverless/eastus2/proj-llama"
    return endpoint, client.serverless_endpoints.get_keys(endpoint.name).primary_key


def test_serverless_flow_in_the_project(project_endpoint):
    endpoint, key = project_endpoint
    reply = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key)).complete(
        messages=[UserMessage(content="Hello from the project")])
    assert "simulated reply from Meta-Llama-3-8B-Instruct" in reply.choices[0].message.content


def test_connection_to_the_endpoint_from_another_project(group_client, hub, project_endpoint, enum_values_as_text):
    endpoint, key = project_endpoint
    other = group_client.workspaces.begin_create(Project(name="sdk-consumer", hub_id=hub.id)).result()
    consumer = MLClient(DefaultAzureCredential(), SUBSCRIPTION, GROUP, other.name)
    created = consumer.connections.create_or_update(
        ServerlessConnection(name="llama-connection", endpoint=endpoint.scoring_uri, api_key=key))
    assert isinstance(created, ServerlessConnection) and created.endpoint == endpoint.scoring_uri
    plain = consumer.connections.get("llama-connection")
    assert isinstance(plain, ServerlessConnection) and not plain.api_key, "a plain GET carries no key"
    connection = consumer.connections.get("llama-connection", populate_secrets=True)
    assert connection.api_key == key
    assert [c.name for c in consumer.connections.list()] == ["llama-connection"]
    assert all(not c.api_key for c in consumer.connections.list())
    assert [c.name for c in consumer.connections.list(connection_type="serverless")] == ["llama-connection"]
    assert list(consumer.connections.list(connection_type="custom_keys")) == []
    # Call the endpoint through the target and key the connection names.
    reply = ChatCompletionsClient(endpoint=connection.target, credential=AzureKeyCredential(connection.api_key)).complete(
        messages=[UserMessage(content="Through the connection")])
    assert reply.choices[0].message.content
    consumer.connections.delete("llama-connection")
    with pytest.raises(ResourceNotFoundError):
        consumer.connections.get("llama-connection")
