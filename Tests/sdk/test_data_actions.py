"""--auth strict on the data plane: a service principal signed in with azure-identity calls an Azure
OpenAI deployment through openai and an AADToken online endpoint through requests; without a data
action it gets PermissionDenied, after a role assignment at the resource it gets its answer.
Resources are made by Cerulean's managed identity (Owner of the subscription from the start)."""
import os
import uuid

import pytest
import requests
from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint
from azure.identity import ClientSecretCredential, DefaultAzureCredential, get_bearer_token_provider
from azure.mgmt.cognitiveservices.models import (Account, AccountProperties, Deployment, DeploymentModel,
                                                 DeploymentProperties, Sku)
from openai import AuthenticationError, AzureOpenAI
from pytest_cerulean import clients

from conftest import PHI, SUBSCRIPTION, claims, cognitive_mgmt

GROUP = "data-actions-rg"
ML_GROUP = "data-actions-ml-rg"
COGNITIVE = "https://cognitiveservices.azure.com/.default"
OPENAI_USER = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd"
DATA_SCIENTIST = "f6c7c914-8db3-469d-8ca1-694a8f32e121"
CHAT_ACTION = "Microsoft.CognitiveServices/accounts/OpenAI/deployments/chat/completions/action"
SCORE_ACTION = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/score/action"


@pytest.fixture(scope="module")
def principal(strict):
    """A service principal of its own (client credentials at the tenant's token endpoint): its credential and object id."""
    credential = ClientSecretCredential(strict.tenant, "data-actions-app", "data-actions-secret",
                                        authority=os.environ["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True)
    return credential, claims(credential.get_token(COGNITIVE).token)["oid"]


def assign(server, role, principal_id, scope):
    """A role assignment PUT as az sends it, by the subscription's Owner."""
    path = f"{scope}/providers/Microsoft.Authorization/roleAssignments/{uuid.uuid4()}"
    status, body = server.arm("PUT", path, {"properties": {
        "roleDefinitionId": f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/{role}",
        "principalId": principal_id, "principalType": "ServicePrincipal"}}, api_version="2022-04-01")
    assert status == 201, body
    return path


@pytest.fixture(scope="module")
def account(strict):
    mgmt = cognitive_mgmt(strict.url, GROUP)
    account = mgmt.accounts.begin_create(GROUP, "strict-openai", Account(
        kind="OpenAI", sku=Sku(name="S0"), location="eastus",
        properties=AccountProperties(custom_sub_domain_name="strict-openai"))).result()
    mgmt.deployments.begin_create_or_update(GROUP, "strict-openai", "gpt-4o", Deployment(
        sku=Sku(name="Standard", capacity=10),
        properties=DeploymentProperties(model=DeploymentModel(format="OpenAI", name="gpt-4o", version="2024-11-20")))).result()
    return account, mgmt.accounts.list_keys(GROUP, "strict-openai").key1


def test_openai_needs_a_data_action_then_answers(strict, principal, account):
    account, key = account
    credential, object_id = principal
    client = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_version="2024-10-21",
                         azure_ad_token_provider=get_bearer_token_provider(credential, COGNITIVE))
    assert str(client.base_url).startswith(strict.url)
    messages = [{"role": "user", "content": "Hello"}]
    with pytest.raises(AuthenticationError) as refused:
        client.chat.completions.create(model="gpt-4o", messages=messages)
    assert refused.value.status_code == 401
    assert refused.value.code == "PermissionDenied"
    assert refused.value.body["message"] == (
        f"The principal `{object_id}` lacks the required data action `{CHAT_ACTION}` to perform "
        "`POST /openai/deployments/{deployment-id}/chat/completions` operation.")

    # The key keeps working as keys do, with no role at all.
    keyed = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_key=key, api_version="2024-10-21")
    assert keyed.chat.completions.create(model="gpt-4o", messages=messages).choices[0].message.content

    granted = assign(strict, OPENAI_USER, object_id, account.id)
    reply = client.chat.completions.create(model="gpt-4o", messages=messages)
    assert reply.choices[0].message.content.startswith("This is a simulated reply")

    status, _ = strict.arm("DELETE", granted, api_version="2022-04-01")
    assert status == 200
    with pytest.raises(AuthenticationError):
        client.chat.completions.create(model="gpt-4o", messages=messages)


def test_aad_token_online_endpoint_needs_score_action(strict, principal):
    credential, object_id = principal
    ml_client = clients.ml_client(strict, "strict-ws", resource_group=ML_GROUP, credential=DefaultAzureCredential())
    endpoint = ManagedOnlineEndpoint(name="strict-aad-endpoint", auth_mode="aad_token")
    ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    ml_client.online_deployments.begin_create_or_update(ManagedOnlineDeployment(
        name="phi", endpoint_name=endpoint.name, model=PHI + "/versions/15", instance_type="Standard_NC24ads_A100_v4",
        instance_count=1)).result()
    endpoint.traffic = {"phi": 100}
    endpoint = ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    assert endpoint.auth_mode == "aad_token" and endpoint.scoring_uri.startswith(strict.url)

    def score():
        token = credential.get_token("https://ml.azure.com/.default").token
        return requests.post(endpoint.scoring_uri, json={"messages": [{"role": "user", "content": "Hi"}]},
                             headers={"Authorization": f"Bearer {token}"}, verify=strict.ca, timeout=30)

    refused = score()
    assert refused.status_code == 401
    assert refused.json() == {"error": {
        "code": "PermissionDenied",
        "message": f"The principal `{object_id}` lacks the required action `{SCORE_ACTION}` to perform `POST /score` operation."}}

    workspace = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{ML_GROUP}/providers/Microsoft.MachineLearningServices/workspaces/strict-ws"
    assign(strict, DATA_SCIENTIST, object_id, workspace)
    served = score()
    assert served.status_code == 200, served.text
    assert served.headers["azureml-model-deployment"] == "phi"
    assert served.json()["choices"][0]["message"]["content"].startswith("This is a simulated reply")
