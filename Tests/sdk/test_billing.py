"""Marketplace billing with the real SDKs: a known number of chat calls on a serverless
endpoint, then azure-mgmt-costmanagement's query grouped by resource and by meter (tokens x
unit price), azure-mgmt-consumption's usage details, and the SaaS resource's lifecycle through
azure-mgmt-resource."""
import datetime

import pytest
from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.ai.ml import MLClient
from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
from azure.core.credentials import AzureKeyCredential
from azure.core.exceptions import HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.consumption import ConsumptionManagementClient
from azure.mgmt.costmanagement import CostManagementClient
from azure.mgmt.costmanagement.models import (QueryAggregation, QueryComparisonExpression, QueryDataset, QueryDefinition,
                                              QueryFilter, QueryGrouping, QueryTimePeriod)
from azure.mgmt.resource.resources import ResourceManagementClient
from openai import OpenAI

from conftest import SUBSCRIPTION

MISTRAL = "azureml://registries/azureml-mistral/models/Mistral-small"
COMMAND_R = "azureml://registries/azureml-cohere/models/Cohere-command-r-plus"
GROUP = "billing-rg"
SCOPE = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}"
# Fixtures/prices.json: USD per 1,000 tokens.
MISTRAL_IN, MISTRAL_OUT = 0.001, 0.003


def arm_client(cls, cerulean, *args):
    return cls(DefaultAzureCredential(), *args, base_url=cerulean.url, credential_scopes=[cerulean.url + "/.default"])


@pytest.fixture(scope="module")
def billing_ws(cerulean):
    """A workspace of its own (so no other test's calls are in its group's costs)."""
    assert cerulean.arm("PUT", f"/subscriptions/{SUBSCRIPTION}/resourcegroups/{GROUP}", {"location": "eastus2"}).status_code == 201
    ws = cerulean.arm("PUT", f"{SCOPE}/providers/Microsoft.MachineLearningServices/workspaces/billing-ws", {"location": "eastus2"})
    assert ws.status_code == 201, ws.text
    return MLClient(DefaultAzureCredential(), SUBSCRIPTION, GROUP, "billing-ws")


@pytest.fixture(scope="module")
def mistral(billing_ws):
    billing_ws.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="mistral-small", model_id=MISTRAL)).result()
    endpoint = billing_ws.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="billing-mistral", model_id=MISTRAL)).result()
    return endpoint, billing_ws.serverless_endpoints.get_keys(endpoint.name).primary_key


@pytest.fixture(scope="module")
def tokens(mistral):
    """Four chat calls (one streamed, with usage) and the tokens they reported."""
    endpoint, key = mistral
    client = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    prompt = completion = 0
    for question in ["What is a meter?", "How is a token priced?", "Who pays for the SaaS resource?"]:
        usage = client.complete(messages=[UserMessage(content=question)]).usage
        prompt, completion = prompt + usage.prompt_tokens, completion + usage.completion_tokens
    chunks = list(OpenAI(base_url=endpoint.scoring_uri + "/v1", api_key=key).chat.completions.create(
        model="ignored", stream=True, stream_options={"include_usage": True}, messages=[{"role": "user", "content": "Stream"}]))
    usage = next(c.usage for c in reversed(chunks) if c.usage)
    return prompt + usage.prompt_tokens, completion + usage.completion_tokens


def period():
    today = datetime.datetime.now(datetime.timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    return QueryTimePeriod(from_property=today - datetime.timedelta(days=1), to=today + datetime.timedelta(days=1, hours=23))


def saas_resource(cerulean):
    resources = arm_client(ResourceManagementClient, cerulean, SUBSCRIPTION)
    found = list(resources.resources.list_by_resource_group(GROUP, filter="resourceType eq 'Microsoft.SaaS/resources'"))
    assert len(found) == 1 and found[0].location == "global"
    return found[0]


def query(cerulean, scope, grouping, query_filter=None):
    client = arm_client(CostManagementClient, cerulean)
    return client.query.usage(scope, QueryDefinition(
        type="ActualCost", timeframe="Custom", time_period=period(),
        dataset=QueryDataset(granularity="None", aggregation={"totalCost": QueryAggregation(name="Cost", function="Sum")},
                             grouping=[QueryGrouping(type="Dimension", name=g) for g in grouping], filter=query_filter)))


def by_name(result):
    names = [c.name for c in result.columns]
    return [dict(zip(names, row)) for row in result.rows]


def test_cost_by_resource_is_tokens_times_unit_price(cerulean, tokens):
    prompt, completion = tokens
    saas = saas_resource(cerulean)
    assert saas.name.startswith("Mistral-small-")
    result = query(cerulean, SCOPE, ["ResourceId"])
    assert [c.name for c in result.columns] == ["Cost", "ResourceId", "Currency"]
    rows = by_name(result)
    assert len(rows) == 1
    assert rows[0]["ResourceId"] == saas.id.lower() and rows[0]["Currency"] == "USD"
    assert rows[0]["Cost"] == pytest.approx(prompt / 1000 * MISTRAL_IN + completion / 1000 * MISTRAL_OUT, rel=1e-9)


def test_cost_by_meter(cerulean, tokens):
    prompt, completion = tokens
    rows = {r["Meter"]: r["Cost"] for r in by_name(query(cerulean, SCOPE, ["Meter"]))}
    assert rows == {"paygo-inference-input-tokens": pytest.approx(prompt / 1000 * MISTRAL_IN, rel=1e-9),
                    "paygo-inference-output-tokens": pytest.approx(completion / 1000 * MISTRAL_OUT, rel=1e-9)}


def test_subscription_scope_filtered_to_marketplace_resources(cerulean, tokens):
    saas = saas_resource(cerulean)
    only_saas = QueryFilter(dimensions=QueryComparisonExpression(name="ResourceType", operator="In", values_property=["microsoft.saas/resources"]))
    rows = by_name(query(cerulean, f"/subscriptions/{SUBSCRIPTION}", ["ResourceId", "ResourceType"], only_saas))
    assert saas.id.lower() in [r["ResourceId"] for r in rows]
    assert {r["ResourceType"] for r in rows} == {"microsoft.saas/resources"}


def test_a_bad_query_is_a_bad_request(cerulean, tokens):
    with pytest.raises(HttpResponseError) as refused:
        query(cerulean, SCOPE, ["Resource"])
    assert refused.value.status_code == 400 and refused.value.error.code == "BadRequest"
    assert "Invalid dataset grouping: 'Resource'" in refused.value.error.message


def test_consumption_usage_details(cerulean, tokens):
    prompt, completion = tokens
    client = arm_client(ConsumptionManagementClient, cerulean, SUBSCRIPTION)
    details = list(client.usage_details.list(SCOPE, expand="properties/meterDetails", filter=f"properties/resourceGroup eq '{GROUP}'",
                                             metric="actualcost"))
    assert details and all(d.kind == "legacy" for d in details)
    by_meter = {}
    for d in details:
        by_meter.setdefault(d.meter_details.meter_name, []).append(d)
    assert by_meter.keys() == {"paygo-inference-input-tokens", "paygo-inference-output-tokens"}
    # The SDK reads quantities and money as Decimal.
    assert sum(float(d.quantity) for d in by_meter["paygo-inference-input-tokens"]) == pytest.approx(prompt / 1000)
    assert sum(float(d.quantity) for d in by_meter["paygo-inference-output-tokens"]) == pytest.approx(completion / 1000)
    assert sum(float(d.cost) for d in details) == pytest.approx(prompt / 1000 * MISTRAL_IN + completion / 1000 * MISTRAL_OUT, rel=1e-9)
    assert {d.resource_id for d in details} == {saas_resource(cerulean).id}
    assert all(d.billing_currency == "USD" and float(d.unit_price) in (MISTRAL_IN, MISTRAL_OUT) for d in details)


def test_deleting_the_saas_resource_ends_the_subscription(cerulean, billing_ws):
    """The portal's way to delete a model subscription: delete its SaaS resource."""
    billing_ws.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="command-r", model_id=COMMAND_R)).result()
    endpoint = billing_ws.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name="billing-command-r", model_id=COMMAND_R)).result()
    key = billing_ws.serverless_endpoints.get_keys(endpoint.name).primary_key
    client = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    assert client.complete(messages=[UserMessage(content="Hello")]).choices[0].message.content
    resources = arm_client(ResourceManagementClient, cerulean, SUBSCRIPTION)
    saas = [r for r in resources.resources.list_by_resource_group(GROUP, filter="resourceType eq 'Microsoft.SaaS/resources'")
            if r.name.startswith("Cohere-command-r-plus-")]
    assert len(saas) == 1
    resources.resources.begin_delete_by_id(saas[0].id, api_version="2026-04-01").result()
    assert "command-r" not in [s.name for s in billing_ws.marketplace_subscriptions.list()]
    state = cerulean.arm("GET", f"{SCOPE}/providers/Microsoft.MachineLearningServices/workspaces/billing-ws/serverlessEndpoints/billing-command-r")
    assert state.json()["properties"]["endpointState"] == "Suspended"
    with pytest.raises(HttpResponseError) as refused:
        client.complete(messages=[UserMessage(content="Still there?")])
    assert refused.value.status_code == 403 and "EndpointUnhealthy" in str(refused.value)
