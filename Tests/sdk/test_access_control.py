"""Access control with the real SDKs against a Cerulean started with --auth strict:
azure-mgmt-authorization reads roles and makes assignments; a second service principal signed
in through azure-identity as Reader lists but is refused a PUT (azure-core's HttpResponseError,
ARM's AuthorizationFailed message); the serverless how-to's custom role lets the MLClient flow
succeed (with Reader on the workspace, which azure-ai-ml reads and the how-to's list omits), and
without `Microsoft.SaaS/resources/write` the subscribe step fails naming it."""
import uuid

import pytest
from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
from azure.core.exceptions import HttpResponseError
from azure.identity import ClientSecretCredential, DefaultAzureCredential
from azure.mgmt.authorization import AuthorizationManagementClient
from azure.mgmt.authorization.models import Permission, RoleAssignmentCreateParameters, RoleDefinition
from azure.mgmt.resource.resources import ResourceManagementClient
from pytest_cerulean import clients

from conftest import LLAMA, SUBSCRIPTION, claims

SCOPE = f"/subscriptions/{SUBSCRIPTION}"
GROUP = "rbac-sdk-rg"
WORKSPACE = "rbac-sdk-ws"
READER = f"{SCOPE}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
# The serverless how-to's "Permissions required to subscribe to model offerings".
HOW_TO_ACTIONS = [
    "Microsoft.MarketplaceOrdering/agreements/offers/plans/read",
    "Microsoft.MarketplaceOrdering/agreements/offers/plans/sign/action",
    "Microsoft.MarketplaceOrdering/offerTypes/publishers/offers/plans/agreements/read",
    "Microsoft.Marketplace/offerTypes/publishers/offers/plans/agreements/read",
    "Microsoft.SaaS/register/action",
    "Microsoft.SaaS/resources/read",
    "Microsoft.SaaS/resources/write",
    "Microsoft.MachineLearningServices/workspaces/marketplaceModelSubscriptions/*",
    "Microsoft.MachineLearningServices/workspaces/serverlessEndpoints/*",
]


@pytest.fixture(scope="module")
def strict(strict):
    """conftest's strict server, with this module's workspace."""
    strict.workspace(WORKSPACE, GROUP)
    return strict


def owner_client(server):
    return AuthorizationManagementClient(DefaultAzureCredential(), SUBSCRIPTION, base_url=server.url,
                                         credential_scopes=[server.url + "/.default"])


def sign_in(server, client_id):
    """A second service principal through azure-identity; its first token puts it in the directory."""
    credential = ClientSecretCredential(server.tenant, client_id, "its-secret", authority=server.url,
                                        disable_instance_discovery=True)
    object_id = claims(credential.get_token(server.url + "/.default").token)["oid"]
    return credential, object_id


def assign(server, principal, role_id, scope=SCOPE):
    return owner_client(server).role_assignments.create(
        scope, str(uuid.uuid4()),
        RoleAssignmentCreateParameters(role_definition_id=role_id, principal_id=principal, principal_type="ServicePrincipal"))


def custom_role(server, name, actions):
    role = owner_client(server).role_definitions.create_or_update(
        SCOPE, str(uuid.uuid4()),
        RoleDefinition(role_name=name, description="From the serverless how-to", assignable_scopes=[SCOPE],
                       permissions=[Permission(actions=actions)]))
    assert role.role_type == "CustomRole"
    return role.id


def test_azure_mgmt_authorization_reads_roles_and_manages_assignments(strict):
    client = owner_client(strict)
    [reader] = list(client.role_definitions.list(SCOPE, filter="roleName eq 'reader'"))
    assert reader.id == READER and reader.role_name == "Reader" and reader.permissions[0].actions == ["*/read"]
    _, principal = sign_in(strict, "sdk-listed-sp")
    made = assign(strict, principal, READER, scope=f"{SCOPE}/resourceGroups/{GROUP}")
    assert made.principal_id == principal and made.role_definition_id == READER
    listed = list(client.role_assignments.list_for_scope(f"{SCOPE}/resourceGroups/{GROUP}", filter="atScope()"))
    assert made.id in [a.id for a in listed]
    # Cerulean's managed identity is Owner of the subscription, so it shows at the group too.
    assert any(a.role_definition_id.endswith("8e3af657-a8ff-443c-a75c-2fe8c4bcb635") for a in listed)
    with pytest.raises(HttpResponseError) as unknown:
        assign(strict, str(uuid.uuid4()), READER)
    assert unknown.value.error.code == "PrincipalNotFound"
    client.role_assignments.delete_by_id(made.id)
    assert made.id not in [a.id for a in client.role_assignments.list_for_scope(f"{SCOPE}/resourceGroups/{GROUP}")]


def test_a_reader_lists_but_is_refused_a_put(strict):
    credential, principal = sign_in(strict, "sdk-reader-sp")
    resources = ResourceManagementClient(credential, SUBSCRIPTION, base_url=strict.url, credential_scopes=[strict.url + "/.default"])
    with pytest.raises(HttpResponseError) as before:
        list(resources.resource_groups.list())
    assert before.value.status_code == 403 and before.value.error.code == "AuthorizationFailed"
    assign(strict, principal, READER)
    assert GROUP in [g.name for g in resources.resource_groups.list()]
    with pytest.raises(HttpResponseError) as refused:
        resources.resource_groups.create_or_update("reader-made-rg", {"location": "eastus2"})
    assert refused.value.status_code == 403
    assert refused.value.error.code == "AuthorizationFailed"
    assert refused.value.error.message == (
        f"The client '{principal}' with object id '{principal}' does not have authorization to perform action "
        f"'Microsoft.Resources/subscriptions/resourcegroups/write' over scope '{SCOPE}/resourcegroups/reader-made-rg' "
        "or the scope is invalid. If access was recently granted, please refresh your credentials.")


def test_the_how_tos_custom_role_runs_the_serverless_flow(strict):
    credential, principal = sign_in(strict, "sdk-deployer-sp")
    assign(strict, principal, custom_role(strict, "Serverless Deployer", HOW_TO_ACTIONS))
    ml = clients.ml_client(strict, WORKSPACE, resource_group=GROUP, credential=credential, create=False)
    subscription = ml.marketplace_subscriptions.begin_create_or_update(
        MarketplaceSubscription(name="meta-llama3-8b", model_id=LLAMA)).result()
    assert subscription.status == "subscribed"
    # azure-ai-ml reads the workspace (for its location) before it makes the endpoint, and the
    # how-to's list has no workspaces/read: the list alone is not enough for the SDK's flow.
    workspace = f"{SCOPE}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices/workspaces/{WORKSPACE}"
    with pytest.raises(HttpResponseError) as unread:
        ml.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="rbac-llama", model_id=LLAMA)).result()
    assert unread.value.error.code == "AuthorizationFailed"
    assert f"'Microsoft.MachineLearningServices/workspaces/read' over scope '{workspace}'" in unread.value.error.message
    assign(strict, principal, READER, scope=workspace)
    endpoint = ml.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="rbac-llama", model_id=LLAMA)).result()
    assert endpoint.provisioning_state == "succeeded"
    assert ml.serverless_endpoints.get_keys(endpoint.name).primary_key


def test_without_saas_resources_write_the_subscribe_step_names_that_action(strict):
    credential, principal = sign_in(strict, "sdk-short-sp")
    actions = [a for a in HOW_TO_ACTIONS if a != "Microsoft.SaaS/resources/write"]
    assign(strict, principal, custom_role(strict, "Serverless Deployer Without SaaS Write", actions))
    ml = clients.ml_client(strict, WORKSPACE, resource_group=GROUP, credential=credential, create=False)
    with pytest.raises(HttpResponseError) as refused:
        ml.marketplace_subscriptions.begin_create_or_update(
            MarketplaceSubscription(name="meta-llama3-8b-short", model_id=LLAMA)).result()
    assert refused.value.status_code == 403
    assert "does not have authorization to perform action 'Microsoft.SaaS/resources/write' " \
           f"over scope '{SCOPE}/resourceGroups/{GROUP}'" in str(refused.value)
