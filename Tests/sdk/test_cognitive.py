"""Azure OpenAI and Azure AI model inference: accounts and deployments made with
azure-mgmt-cognitiveservices, then called with openai and azure-ai-inference exactly as Azure's
docs show, through the endpoint the account reports."""
import time

import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.identity import DefaultAzureCredential, get_bearer_token_provider
from azure.mgmt.cognitiveservices.models import (Account, AccountProperties, Deployment, DeploymentModel,
                                                 DeploymentProperties, Sku)
from openai import AzureOpenAI, OpenAI, RateLimitError

from conftest import SUBSCRIPTION, cognitive_mgmt

GROUP = "cog-rg"


@pytest.fixture(scope="module")
def mgmt(cerulean):
    return cognitive_mgmt(cerulean.url, GROUP)


def deploy(mgmt, account, name, model, version, sku="Standard", capacity=10, fmt="OpenAI"):
    return mgmt.deployments.begin_create_or_update(
        GROUP, account, name,
        Deployment(sku=Sku(name=sku, capacity=capacity),
                   properties=DeploymentProperties(model=DeploymentModel(format=fmt, name=model, version=version)))).result()


@pytest.fixture(scope="module")
def openai_account(mgmt, cerulean):
    account = mgmt.accounts.begin_create(GROUP, "sdk-openai", Account(
        kind="OpenAI", sku=Sku(name="S0"), location="eastus",
        properties=AccountProperties(custom_sub_domain_name="sdk-openai"))).result()
    assert account.properties.provisioning_state == "Succeeded"
    assert account.properties.endpoint == cerulean.url + "/cognitiveservices/sdk-openai.openai.azure.com/"
    deployment = deploy(mgmt, "sdk-openai", "gpt-4o", "gpt-4o", "2024-11-20", capacity=10)
    assert deployment.properties.provisioning_state == "Succeeded"
    assert [(r.key, r.renewal_period, r.count) for r in deployment.properties.rate_limits] == [
        ("request", 10, 10), ("token", 60, 10000)]
    deploy(mgmt, "sdk-openai", "embed", "text-embedding-3-small", "1", capacity=120)
    keys = mgmt.accounts.list_keys(GROUP, "sdk-openai")
    return account, keys.key1


def test_account_get_list_keys_and_regenerate(mgmt, openai_account):
    account, key1 = openai_account
    got = mgmt.accounts.get(GROUP, "sdk-openai")
    assert got.kind == "OpenAI" and got.sku.name == "S0"
    assert got.properties.custom_sub_domain_name == "sdk-openai"
    assert len(got.properties.internal_id) == 32 and got.properties.date_created
    assert got.properties.endpoints["OpenAI Language Model Instance API"] == account.properties.endpoint
    assert "sdk-openai" in [a.name for a in mgmt.accounts.list_by_resource_group(GROUP)]
    assert "sdk-openai" in [a.name for a in mgmt.accounts.list()]
    assert sorted(d.name for d in mgmt.deployments.list(GROUP, "sdk-openai")) == ["embed", "gpt-4o"]
    before = mgmt.accounts.list_keys(GROUP, "sdk-openai")
    rotated = mgmt.accounts.regenerate_key(GROUP, "sdk-openai", key_name="Key2")
    assert rotated.key1 == key1 == before.key1 and rotated.key2 != before.key2
    assert mgmt.accounts.list_keys(GROUP, "sdk-openai").key2 == rotated.key2


def test_usages_models_and_skus(mgmt, openai_account):
    usages = {u.name.value: u for u in mgmt.usages.list("eastus")}
    assert usages["OpenAI.Standard.gpt-4o"].current_value == 10
    assert usages["OpenAI.Standard.gpt-4o"].limit == 450
    assert usages["OpenAI.Standard.text-embedding-3-small"].current_value == 120
    models = list(mgmt.accounts.list_models(GROUP, "sdk-openai"))
    assert {"gpt-4o", "gpt-4o-mini", "text-embedding-ada-002"} <= {m.name for m in models}
    assert all(m.format == "OpenAI" for m in models)
    location_models = list(mgmt.models.list("eastus"))
    assert any(m.kind == "AIServices" and m.model.format == "Meta" for m in location_models)
    assert any(s.kind == "OpenAI" and s.name == "S0" for s in mgmt.resource_skus.list())
    assert [s.sku.name for s in mgmt.accounts.list_skus(GROUP, "sdk-openai").value] == ["S0"]
    check = mgmt.check_domain_availability(subdomain_name="sdk-openai", type="Microsoft.CognitiveServices/accounts")
    assert check.is_subdomain_available is False


def test_quota_and_catalog_errors(mgmt, openai_account):
    with pytest.raises(HttpResponseError) as quota:
        deploy(mgmt, "sdk-openai", "too-big", "gpt-4o", "2024-11-20", capacity=445)
    assert quota.value.error.code == "InsufficientQuota"
    with pytest.raises(HttpResponseError) as model:
        deploy(mgmt, "sdk-openai", "nope", "gpt-9", "1")
    assert model.value.error.code == "DeploymentModelNotSupported"
    assert "too-big" not in [d.name for d in mgmt.deployments.list(GROUP, "sdk-openai")]


def test_azure_openai_with_a_key(openai_account):
    account, key = openai_account
    client = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_key=key, api_version="2024-10-21")
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello"}])
    assert reply.model == "gpt-4o" and reply.choices[0].message.content.startswith("This is a simulated reply")
    assert reply.choices[0].finish_reason == "stop"
    chunks = list(client.chat.completions.create(model="gpt-4o", stream=True, messages=[{"role": "user", "content": "Hello"}]))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).startswith("This is a simulated")
    vectors = client.embeddings.create(model="embed", input=["one", "two"])
    assert [len(v.embedding) for v in vectors.data] == [1536, 1536]
    from openai import NotFoundError
    with pytest.raises(NotFoundError) as missing:
        client.chat.completions.create(model="no-such-deployment", messages=[{"role": "user", "content": "Hello"}])
    assert missing.value.code == "DeploymentNotFound"


def test_azure_openai_with_entra_tokens(openai_account):
    account, _ = openai_account
    provider = get_bearer_token_provider(DefaultAzureCredential(), "https://cognitiveservices.azure.com/.default")
    client = AzureOpenAI(azure_endpoint=account.properties.endpoint, azure_ad_token_provider=provider, api_version="2024-10-21")
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello"}])
    assert reply.choices[0].message.content


def test_legacy_completions(mgmt, openai_account):
    account, key = openai_account
    deploy(mgmt, "sdk-openai", "instruct", "gpt-35-turbo-instruct", "0914", capacity=10)
    client = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_key=key, api_version="2024-10-21")
    reply = client.completions.create(model="instruct", prompt="Once upon a time", max_tokens=8)
    assert reply.object == "text_completion" and reply.choices[0].text
    assert reply.usage.completion_tokens <= 8


def test_openai_v1_with_a_key(openai_account):
    account, key = openai_account
    client = OpenAI(base_url=account.properties.endpoint + "openai/v1/", api_key=key)
    reply = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "Hello"}])
    assert reply.choices[0].message.content.startswith("This is a simulated reply")


def test_a_429_is_retried_by_the_openai_client(mgmt, openai_account):
    account, key = openai_account
    deploy(mgmt, "sdk-openai", "tiny", "gpt-4o-mini", "2024-07-18", capacity=1)
    client = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_key=key, api_version="2024-10-21", max_retries=0)
    client.chat.completions.create(model="tiny", max_tokens=5, messages=[{"role": "user", "content": "one"}])
    with pytest.raises(RateLimitError) as limited:
        client.chat.completions.create(model="tiny", max_tokens=5, messages=[{"role": "user", "content": "two"}])
    assert limited.value.code == "429"
    assert float(limited.value.response.headers["retry-after-ms"]) <= 10_000
    retrying = AzureOpenAI(azure_endpoint=account.properties.endpoint, api_key=key, api_version="2024-10-21", max_retries=2)
    started = time.monotonic()
    reply = retrying.chat.completions.with_raw_response.create(model="tiny", max_tokens=5, messages=[{"role": "user", "content": "three"}])
    assert reply.http_response.status_code == 200
    assert reply.retries_taken >= 1 and time.monotonic() - started < 15


def test_ai_services_model_inference(mgmt, cerulean):
    account = mgmt.accounts.begin_create(GROUP, "sdk-foundry", Account(
        kind="AIServices", sku=Sku(name="S0"), location="eastus", identity={"type": "SystemAssigned"},
        properties=AccountProperties(custom_sub_domain_name="sdk-foundry", allow_project_management=True))).result()
    assert account.identity.principal_id
    deploy(mgmt, "sdk-foundry", "mistral-large", "Mistral-large-2407", "1", sku="GlobalStandard", capacity=20, fmt="Mistral AI")
    key = mgmt.accounts.list_keys(GROUP, "sdk-foundry").key1
    endpoint = account.properties.endpoints["Azure AI Model Inference API"]
    client = ChatCompletionsClient(endpoint=endpoint + "models", credential=AzureKeyCredential(key))
    reply = client.complete(model="mistral-large", messages=[UserMessage(content="Hi")])
    assert reply.model == "Mistral-large-2407"
    streamed = "".join(u.choices[0].delta.content or "" for u in
                       client.complete(model="mistral-large", stream=True, messages=[UserMessage(content="Hi")]) if u.choices)
    assert streamed.startswith("This is a simulated reply")
    with pytest.raises(HttpResponseError) as unknown:
        client.complete(model="nothing-here", messages=[UserMessage(content="Hi")])
    assert unknown.value.status_code == 404
    token_client = ChatCompletionsClient(endpoint=endpoint + "models", credential=DefaultAzureCredential(),
                                         credential_scopes=["https://cognitiveservices.azure.com/.default"])
    assert token_client.complete(model="mistral-large", messages=[UserMessage(content="Hi")]).choices[0].message.content
    project = mgmt.projects.begin_create(GROUP, "sdk-foundry", "proj1", {"location": "eastus", "identity": {"type": "SystemAssigned"},
                                                                         "properties": {"description": "d"}}).result()
    assert project.properties.endpoints["AI Foundry API"].endswith("/sdk-foundry.services.ai.azure.com/api/projects/proj1")


def test_soft_delete_restore_and_purge(mgmt):
    mgmt.accounts.begin_create(GROUP, "sdk-soft", Account(kind="OpenAI", sku=Sku(name="S0"), location="eastus",
                                                          properties=AccountProperties())).result()
    mgmt.accounts.begin_delete(GROUP, "sdk-soft").result()
    with pytest.raises(ResourceNotFoundError):
        mgmt.accounts.get(GROUP, "sdk-soft")
    assert "sdk-soft" in [a.name for a in mgmt.deleted_accounts.list()]
    assert mgmt.deleted_accounts.get("eastus", GROUP, "sdk-soft").properties.deletion_date
    with pytest.raises(ResourceExistsError) as conflict:
        mgmt.accounts.begin_create(GROUP, "sdk-soft", Account(kind="OpenAI", sku=Sku(name="S0"), location="eastus",
                                                              properties=AccountProperties())).result()
    assert conflict.value.error.code == "FlagMustBeSetForRestore"
    restored = mgmt.accounts.begin_create(GROUP, "sdk-soft", Account(location="eastus", properties=AccountProperties(restore=True))).result()
    assert restored.kind == "OpenAI"
    mgmt.accounts.begin_delete(GROUP, "sdk-soft").result()
    mgmt.deleted_accounts.begin_purge("eastus", GROUP, "sdk-soft").result()
    assert "sdk-soft" not in [a.name for a in mgmt.deleted_accounts.list()]
    fresh = mgmt.accounts.begin_create(GROUP, "sdk-soft", Account(kind="OpenAI", sku=Sku(name="S0"), location="eastus",
                                                                  properties=AccountProperties())).result()
    assert fresh.properties.provisioning_state == "Succeeded"
