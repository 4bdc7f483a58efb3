"""The serverless-API how-to with azure-ai-ml, then the endpoint called with azure-ai-inference
and openai, exactly as Azure's docs show them."""
import pytest
from azure.ai.inference import ChatCompletionsClient, EmbeddingsClient
from azure.ai.inference.models import SystemMessage, UserMessage
from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError
from openai import AzureOpenAI, OpenAI

from conftest import COHERE, LLAMA, PHI


@pytest.fixture(scope="module")
def llama(ml_client, cerulean):
    subscription = ml_client.marketplace_subscriptions.begin_create_or_update(
        MarketplaceSubscription(name="meta-llama3-8b", model_id=LLAMA)).result()
    assert subscription.status == "subscribed"
    assert subscription.marketplace_plan["publisher_id"] == "metagenai"
    endpoint = ml_client.serverless_endpoints.begin_create_or_update(
        ServerlessEndpoint(name="meta-llama3-8b-qwerty", model_id=LLAMA)).result()
    assert endpoint.provisioning_state == "succeeded"
    assert endpoint.scoring_uri == cerulean.url + "/serverless/eastus2/meta-llama3-8b-qwerty"
    keys = ml_client.serverless_endpoints.get_keys(endpoint.name)
    return endpoint, keys.primary_key


def test_control_plane_get_and_list(ml_client, llama):
    endpoint, _ = llama
    got = ml_client.serverless_endpoints.get(endpoint.name)
    assert got.model_id == LLAMA and got.location == "eastus2"
    assert [e.name for e in ml_client.serverless_endpoints.list()] == [endpoint.name]
    assert "meta-llama3-8b" in [s.name for s in ml_client.marketplace_subscriptions.list()]
    assert ml_client.marketplace_subscriptions.get("meta-llama3-8b").model_id == LLAMA


def test_chat_completions_client(llama, cerulean):
    endpoint, key = llama
    client = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    assert client._config.endpoint.startswith(cerulean.url)
    response = client.complete(messages=[SystemMessage(content="You are helpful."),
                                         UserMessage(content="How many languages are in the world?")])
    assert "simulated reply from Meta-Llama-3-8B-Instruct" in response.choices[0].message.content
    assert response.usage.total_tokens == response.usage.prompt_tokens + response.usage.completion_tokens
    streamed = "".join(update.choices[0].delta.content or ""
                       for update in client.complete(stream=True, messages=[UserMessage(content="Stream please")]) if update.choices)
    assert streamed.startswith("This is a simulated reply")
    info = client.get_model_info()
    assert info.model_name == "Meta-Llama-3-8B-Instruct" and info.model_provider_name == "Meta"


def test_openai_clients(llama, cerulean):
    endpoint, key = llama
    openai = OpenAI(base_url=endpoint.scoring_uri + "/v1", api_key=key)
    assert str(openai.base_url).startswith(cerulean.url)
    reply = openai.chat.completions.create(model="ignored", messages=[{"role": "user", "content": "Hello"}])
    assert reply.choices[0].message.content.startswith("This is a simulated reply")
    azure = AzureOpenAI(azure_endpoint=cerulean.url, api_key=key, api_version="2024-10-21")
    assert str(azure.base_url).startswith(cerulean.url)
    reply = azure.chat.completions.create(model=endpoint.name, messages=[{"role": "user", "content": "Hello"}])
    assert reply.choices[0].finish_reason == "stop"
    chunks = list(azure.chat.completions.create(model=endpoint.name, stream=True,
                                                messages=[{"role": "user", "content": "Hello"}]))
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices).startswith("This is a simulated")


def test_embeddings_client(ml_client, cerulean):
    ml_client.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="cohere", model_id=COHERE)).result()
    endpoint = ml_client.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="cohere-embed", model_id=COHERE)).result()
    key = ml_client.serverless_endpoints.get_keys(endpoint.name).primary_key
    client = EmbeddingsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    assert client._config.endpoint.startswith(cerulean.url)
    result = client.embed(input=["first phrase", "second phrase"])
    assert [len(item.embedding) for item in result.data] == [1024, 1024]
    assert result.data[0].embedding != result.data[1].embedding


def test_rate_limit_429_is_retried_by_the_sdk(ml_client, cerulean):
    endpoint = ml_client.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="phi-limited", model_id=PHI)).result()
    key = ml_client.serverless_endpoints.get_keys(endpoint.name).primary_key
    statuses = []
    client = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    # 60 requests per minute admit 10 per 10-second window. 21 quick requests meet a refusal even
    # if they straddle a window boundary (at most 10 + 10 fit); the SDK retries after the
    # retry-after it reads (the hook sees every attempt).
    for _ in range(21):
        reply = client.complete(messages=[UserMessage(content="hi")], max_tokens=5,
                                raw_response_hook=lambda r: statuses.append(r.http_response.status_code))
        assert reply.choices[0].finish_reason == "length"
    assert 429 in statuses and statuses.count(200) == 21


def test_deleted_subscription_makes_the_endpoint_unusable(ml_client, llama):
    endpoint, key = llama
    client = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    ml_client.marketplace_subscriptions.begin_delete("meta-llama3-8b").result()
    with pytest.raises(HttpResponseError) as refused:
        client.complete(messages=[UserMessage(content="Still there?")])
    assert refused.value.status_code == 403
    assert "EndpointUnhealthy" in str(refused.value)
    ml_client.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="meta-llama3-8b", model_id=LLAMA)).result()
    assert client.complete(messages=[UserMessage(content="Back?")]).choices[0].message.content
    ml_client.serverless_endpoints.begin_delete(endpoint.name).result()
    with pytest.raises(HttpResponseError) as gone:
        client.complete(messages=[UserMessage(content="Gone?")])
    assert gone.value.status_code == 404
