"""Provisioning finishes as time passes, as on Azure: a client that does not wait for one
operation before the next (the docs' order, or an ARM template's dependsOn) still ends well."""
import time

from azure.ai.inference import ChatCompletionsClient
from azure.ai.inference.models import UserMessage
from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
from azure.core.credentials import AzureKeyCredential

MISTRAL = "azureml://registries/azureml-mistral/models/Mistral-small"


def test_endpoint_deployed_before_its_subscription_finished_is_online(ml_client):
    # Subscribe, and deploy at once without waiting for the subscription's poller.
    pending = ml_client.marketplace_subscriptions.begin_create_or_update(
        MarketplaceSubscription(name="mistral-small", model_id=MISTRAL))
    endpoint = ml_client.serverless_endpoints.begin_create_or_update(
        ServerlessEndpoint(name="mistral-small-now", model_id=MISTRAL)).result()
    assert endpoint.provisioning_state == "succeeded"
    key = ml_client.serverless_endpoints.get_keys(endpoint.name).primary_key
    reply = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key)).complete(
        messages=[UserMessage(content="Are you there?")])
    assert "simulated reply from Mistral-small" in reply.choices[0].message.content
    # Nobody polled the subscription: it finished on its own.
    assert pending.status() in ("InProgress", "Succeeded")
    assert ml_client.marketplace_subscriptions.get("mistral-small").provisioning_state.lower() == "succeeded"

    # Unsubscribe without polling, wait, subscribe again: the deletion had finished.
    ml_client.marketplace_subscriptions.begin_delete("mistral-small")
    time.sleep(2)
    again = ml_client.marketplace_subscriptions.begin_create_or_update(
        MarketplaceSubscription(name="mistral-small", model_id=MISTRAL)).result()
    assert again.status == "subscribed"
    reply = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key)).complete(
        messages=[UserMessage(content="Back?")])
    assert reply.choices[0].finish_reason == "stop"
