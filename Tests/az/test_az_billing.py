"""Marketplace billing with the real Azure CLI: the SaaS resource a model subscription makes in
`az resource list`/`show` (and the docs' query that can never match it), `az consumption usage
list` printing the chat calls' usage, and `az resource delete` on the SaaS resource making the
endpoint Unhealthy."""
import json
import time

import pytest
import requests

from conftest import SUBSCRIPTION

GROUP = "az-billing-rg"
WS = f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.MachineLearningServices/workspaces/billing-ws"
ENDPOINT = WS + "/serverlessEndpoints/az-mistral"
MISTRAL = "azureml://registries/azureml-mistral/models/Mistral-small"
MISTRAL_IN, MISTRAL_OUT = 0.001, 0.003  # USD per 1,000 tokens (Fixtures/prices.json)


def rest(az, cerulean, method, path, body=None, api="2024-04-01"):
    args = ["rest", "--method", method, "--url", f"{cerulean.url}{path}?api-version={api}"]
    return az(*args, *(["--body", json.dumps(body)] if body is not None else []))


def wait_online(az, cerulean):
    for _ in range(20):
        state = rest(az, cerulean, "get", ENDPOINT)["properties"]
        if state["provisioningState"] == "Succeeded" and state["endpointState"] == "Online":
            return
        time.sleep(0.5)
    raise AssertionError(f"the endpoint did not come online: {state}")


def chat(cerulean, key, text):
    return requests.post(f"{cerulean.url}/serverless/eastus2/az-mistral/chat/completions?api-version=2024-05-01-preview",
                         headers={"api-key": key}, json={"messages": [{"role": "user", "content": text}]},
                         verify=cerulean.ca, timeout=30)


@pytest.fixture(scope="module")
def billed(az, cerulean):
    """A subscribed workspace with an endpoint and two chat calls; the tokens they reported."""
    az("group", "create", "-n", GROUP, "-l", "eastus2")
    rest(az, cerulean, "put", WS, {"location": "eastus2"})
    rest(az, cerulean, "put", WS + "/marketplaceSubscriptions/mistral-small", {"properties": {"modelId": MISTRAL}})
    rest(az, cerulean, "put", ENDPOINT, {"location": "eastus2", "properties": {"modelSettings": {"modelId": MISTRAL}}})
    wait_online(az, cerulean)
    key = rest(az, cerulean, "post", ENDPOINT + "/listKeys")["primaryKey"]
    prompt = completion = 0
    for text in ["first question", "second question"]:
        reply = chat(cerulean, key, text)
        assert reply.status_code == 200, reply.text
        prompt += reply.json()["usage"]["prompt_tokens"]
        completion += reply.json()["usage"]["completion_tokens"]
    return key, prompt, completion


def saas_rows(az):
    return az("resource", "list", "-g", GROUP, "--query", "[?type=='Microsoft.SaaS/resources']")


def test_resource_list_shows_the_saas_resource(az, billed):
    listed = az("resource", "list", "-g", GROUP)
    saas = [r for r in listed if r["type"] == "Microsoft.SaaS/resources"]
    assert len(saas) == 1 and saas[0]["location"] == "global" and saas[0]["name"].startswith("Mistral-small-")
    # The docs' query compares the whole type, so it matches nothing (on Azure too); this one works.
    assert az("resource", "list", "--query", "[?type=='Microsoft.SaaS']") == []
    assert [r["id"] for r in saas_rows(az)] == [saas[0]["id"]]
    assert [r["name"] for r in az("resource", "list", "--resource-type", "Microsoft.SaaS/resources", "-g", GROUP)] == [saas[0]["name"]]
    shown = az("resource", "show", "--ids", saas[0]["id"])
    assert shown["properties"]["status"] == "Subscribed" and shown["properties"]["offerId"] == "mistral-ai-small-offer"
    assert shown["properties"]["paymentChannelMetadata"]["azureSubscriptionId"] == SUBSCRIPTION


def test_consumption_usage_list_prints_rows(az, billed):
    _, prompt, completion = billed
    saas = saas_rows(az)[0]
    run = az.run("consumption", "usage", "list", "-m", "-o", "json")
    assert run.returncode == 0, run.stderr
    rows = [r for r in json.loads(run.stdout) if r["instanceName"] == saas["name"]]
    assert {r["meterDetails"]["meterName"] for r in rows} == {"paygo-inference-input-tokens", "paygo-inference-output-tokens"}
    # az prints the numbers as strings.
    quantity = {r["meterDetails"]["meterName"]: float(r["usageQuantity"]) for r in rows}
    assert quantity["paygo-inference-input-tokens"] == pytest.approx(prompt / 1000)
    assert quantity["paygo-inference-output-tokens"] == pytest.approx(completion / 1000)
    cost = sum(float(r["pretaxCost"]) for r in rows)
    assert cost == pytest.approx(prompt / 1000 * MISTRAL_IN + completion / 1000 * MISTRAL_OUT, rel=1e-6)
    assert all(r["currency"] == "USD" and r["instanceId"] == saas["id"] and r["usageStart"].endswith("T00:00:00Z") for r in rows)
    today = rows[0]["usageStart"][:10]
    dated = az("consumption", "usage", "list", "--start-date", today, "--end-date", "2099-12-31", "--top", "50")
    assert saas["name"] in [r["instanceName"] for r in dated]
    assert az("consumption", "usage", "list", "--start-date", "2020-01-01", "--end-date", "2020-01-31") == []


def test_resource_delete_on_the_saas_resource_makes_the_endpoint_unhealthy(az, cerulean, billed):
    key, _, _ = billed
    saas = saas_rows(az)[0]
    az("resource", "delete", "--ids", saas["id"])
    assert saas_rows(az) == []
    assert rest(az, cerulean, "get", WS + "/marketplaceSubscriptions")["value"] == []
    assert rest(az, cerulean, "get", ENDPOINT)["properties"]["endpointState"] == "Suspended"
    refused = chat(cerulean, key, "still there?")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "EndpointUnhealthy"
