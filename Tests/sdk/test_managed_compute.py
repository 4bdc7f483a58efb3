"""Managed compute with azure-ai-ml exactly as Azure's "deploy models with managed compute" how-to
shows it (a registry model, an endpoint, a deployment, traffic, invoke with a request file), then
keys, logs, scaling, the quota refusal, a 90/10 split, AMLTokens, openai on a chat model's /v1
route and deletion."""
import json

import pytest
import requests
from azure.ai.ml.entities import ManagedOnlineDeployment, ManagedOnlineEndpoint, Model, ProbeSettings
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from openai import OpenAI

from conftest import SUBSCRIPTION

QA_MODEL = "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"
PHI_MODEL = "azureml://registries/azureml/models/Phi-3-mini-4k-instruct/versions/15"
LLAMA_MODEL = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct/versions/9"


def usages(cerulean, region="eastus2"):
    path = f"/subscriptions/{SUBSCRIPTION}/providers/Microsoft.MachineLearningServices/locations/{region}/usages"
    rows = cerulean.arm("GET", path, api_version="2025-12-01").json()["value"]
    return {r["name"]["value"]: r["currentValue"] for r in rows if r["type"].endswith("vmFamily/usages")}


def score(endpoint, key, body, request_id, deployment=None):
    headers = {"Authorization": f"Bearer {key}", "x-ms-client-request-id": request_id}
    if deployment:
        headers["azureml-model-deployment"] = deployment
    return requests.post(endpoint.scoring_uri, json=body, headers=headers, timeout=30)


@pytest.fixture(scope="module")
def qa_endpoint(ml_client, cerulean, tmp_path_factory):
    """The how-to's steps, verbatim apart from the names."""
    requests.delete(cerulean.url + "/_cerulean/requests", timeout=10)
    endpoint = ManagedOnlineEndpoint(name="qa-endpoint-cerulean", auth_mode="key")
    ml_client.begin_create_or_update(endpoint).wait()
    demo_deployment = ManagedOnlineDeployment(
        name="demo", endpoint_name=endpoint.name, model=QA_MODEL, instance_type="Standard_DS3_v2", instance_count=2,
        liveness_probe=ProbeSettings(failure_threshold=30, success_threshold=1, timeout=2, period=10, initial_delay=1000),
        readiness_probe=ProbeSettings(failure_threshold=10, success_threshold=1, timeout=10, period=10, initial_delay=1000))
    ml_client.online_deployments.begin_create_or_update(demo_deployment).wait()
    endpoint.traffic = {"demo": 100}
    ml_client.begin_create_or_update(endpoint).result()
    return ml_client.online_endpoints.get(endpoint.name)


def test_endpoint_and_deployment_from_a_registry_model(ml_client, cerulean, qa_endpoint, tmp_path):
    assert qa_endpoint.provisioning_state.lower() == "succeeded"
    assert qa_endpoint.scoring_uri == cerulean.url + "/online/eastus2/qa-endpoint-cerulean/score"
    assert qa_endpoint.traffic == {"demo": 100} and qa_endpoint.auth_mode == "key"
    deployment = ml_client.online_deployments.get("demo", qa_endpoint.name)
    assert deployment.instance_count == 2 and deployment.instance_type == "Standard_DS3_v2"
    assert deployment.model == QA_MODEL and deployment.scale_settings.type == "default"
    assert deployment.request_settings.request_timeout_ms == 5000
    assert deployment.request_settings.max_concurrent_requests_per_instance == 1
    assert deployment.liveness_probe.initial_delay == 1000 and deployment.readiness_probe.failure_threshold == 10
    # The SDK's registry look-up before the deployment went to Cerulean, not to the public cloud.
    journal = requests.get(cerulean.url + "/_cerulean/requests?last=1000", timeout=10).json()
    answered = [(r["path"], r["status"]) for r in journal["value"]]
    assert ("/registrymanagement/v1.0/registries/azureml/discovery", 200) in answered
    assert any(p.startswith("/mferp/managementfrontend/") and p.endswith("/models/deepset-roberta-base-squad2/versions/17") and status == 200
               for p, status in answered)
    request_file = tmp_path / "sample_score.json"
    request_file.write_text(json.dumps({"inputs": {
        "question": ["What is Cerulean?"],
        "context": ["Azure is a cloud. Cerulean is an offline emulator of Azure's AI deployment APIs. It runs locally."]}}))
    answer = json.loads(ml_client.online_endpoints.invoke(endpoint_name=qa_endpoint.name, deployment_name="demo",
                                                           request_file=str(request_file)))
    assert answer[0]["answer"] == "Cerulean is an offline emulator of Azure's AI deployment APIs."
    assert 0.5 <= answer[0]["score"] < 1.0
    assert usages(cerulean)["Standard DSv2 Family Cluster Dedicated vCPUs"] == 12  # ceil(1.2 x 2) x 4


def test_keys_and_regenerate(ml_client, qa_endpoint):
    keys = ml_client.online_endpoints.get_keys(qa_endpoint.name)
    body = {"inputs": {"question": ["Who?"], "context": ["Someone did it."]}}
    assert score(qa_endpoint, keys.secondary_key, body, "k-1").status_code == 200
    ml_client.online_endpoints.begin_regenerate_keys(name=qa_endpoint.name, key_type="secondary").result()
    fresh = ml_client.online_endpoints.get_keys(qa_endpoint.name)
    assert fresh.primary_key == keys.primary_key and fresh.secondary_key != keys.secondary_key
    refused = score(qa_endpoint, keys.secondary_key, body, "k-2")
    assert refused.status_code == 401 and refused.json()["error"]["code"] == "Unauthorized"
    assert score(qa_endpoint, fresh.secondary_key, body, "k-3").status_code == 200


def test_logs_scale_and_quota_refusal(ml_client, cerulean, qa_endpoint):
    logs = ml_client.online_deployments.get_logs(name="demo", endpoint_name=qa_endpoint.name, lines=50)
    assert "Running 2 instance(s)" in logs and "Readiness probe succeeded" in logs
    storage = ml_client.online_deployments.get_logs(name="demo", endpoint_name=qa_endpoint.name, lines=5,
                                                    container_type="storage-initializer")
    assert "Model download complete" in storage and QA_MODEL in storage
    deployment = ml_client.online_deployments.get("demo", qa_endpoint.name)
    deployment.instance_count = 3
    ml_client.online_deployments.begin_create_or_update(deployment).result()
    assert ml_client.online_deployments.get("demo", qa_endpoint.name).instance_count == 3
    assert "Scaled from 2 to 3 instance(s)" in ml_client.online_deployments.get_logs(name="demo", endpoint_name=qa_endpoint.name, lines=3)
    assert usages(cerulean)["Standard DSv2 Family Cluster Dedicated vCPUs"] == 16
    big = ManagedOnlineDeployment(name="big", endpoint_name=qa_endpoint.name, model=QA_MODEL,
                                  instance_type="Standard_DS3_v2", instance_count=3)
    with pytest.raises(HttpResponseError) as refused:
        ml_client.online_deployments.begin_create_or_update(big).result()
    text = str(refused.value)
    assert refused.value.status_code == 400 and "InferencingClientCreateDeploymentFailed" in text
    assert f"Not enough quota available for Standard_DS3_v2 in SubscriptionId {SUBSCRIPTION}" in text
    assert "Current usage/limit: 16/24. Additional needed: 16" in text
    with pytest.raises(ResourceNotFoundError):
        ml_client.online_deployments.get("big", qa_endpoint.name)


def test_a_second_deployment_with_a_90_10_split(ml_client, cerulean, qa_endpoint):
    deployment = ml_client.online_deployments.get("demo", qa_endpoint.name)
    deployment.instance_count = 1
    ml_client.online_deployments.begin_create_or_update(deployment).result()
    green = ManagedOnlineDeployment(name="green", endpoint_name=qa_endpoint.name, model=QA_MODEL,
                                    instance_type="Standard_DS3_v2", instance_count=1)
    ml_client.online_deployments.begin_create_or_update(green).result()
    endpoint = ml_client.online_endpoints.get(qa_endpoint.name)
    assert endpoint.traffic == {"demo": 100, "green": 0}
    endpoint.traffic = {"demo": 90, "green": 10}
    ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    assert ml_client.online_endpoints.get(qa_endpoint.name).traffic == {"demo": 90, "green": 10}
    key = ml_client.online_endpoints.get_keys(qa_endpoint.name).primary_key
    body = {"inputs": {"question": ["Where?"], "context": ["Here and there."]}}

    def run():
        answers = [score(qa_endpoint, key, body, f"split-{i}") for i in range(100)]
        assert all(a.status_code == 200 for a in answers)
        return [a.headers["azureml-model-deployment"] for a in answers]

    first = run()
    assert first == run(), "routing is deterministic from the request id"
    assert 80 <= first.count("demo") <= 98 and first.count("demo") + first.count("green") == 100
    # The header bypasses the weights, as the safe-rollout flow uses it.
    forced = score(qa_endpoint, key, body, "split-0", deployment="green")
    assert forced.status_code == 200 and forced.headers["azureml-model-deployment"] == "green"


def test_local_model_files_are_refused_naming_what_is_missing(ml_client, qa_endpoint, tmp_path):
    weights = tmp_path / "model.bin"
    weights.write_bytes(b"not a model")
    local = ManagedOnlineDeployment(name="local", endpoint_name=qa_endpoint.name, model=Model(path=str(weights)),
                                    instance_type="Standard_DS3_v2", instance_count=1)
    with pytest.raises(HttpResponseError) as refused:
        ml_client.online_deployments.begin_create_or_update(local).result()
    assert "Azure Storage" in str(refused.value) and "not emulated" in str(refused.value)


def test_openai_on_a_chat_model(ml_client, cerulean):
    endpoint = ManagedOnlineEndpoint(name="phi-endpoint-cerulean", auth_mode="key")
    ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    ml_client.online_deployments.begin_create_or_update(ManagedOnlineDeployment(
        name="phi", endpoint_name=endpoint.name, model=PHI_MODEL, instance_type="Standard_NC24ads_A100_v4", instance_count=1)).result()
    endpoint.traffic = {"phi": 100}
    endpoint = ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    key = ml_client.online_endpoints.get_keys(endpoint.name).primary_key
    client = OpenAI(base_url=endpoint.scoring_uri.removesuffix("/score") + "/v1", api_key=key)
    assert str(client.base_url).startswith(cerulean.url)
    raw = client.chat.completions.with_raw_response.create(model="Phi-3-mini-4k-instruct",
                                                           messages=[{"role": "user", "content": "Hello"}])
    assert raw.headers["azureml-model-deployment"] == "phi"
    reply = raw.parse()
    assert reply.choices[0].message.content.startswith("This is a simulated reply")
    assert reply.model == "Phi-3-mini-4k-instruct"


def test_aml_token_endpoint(ml_client, tmp_path):
    endpoint = ManagedOnlineEndpoint(name="llama-token-cerulean", auth_mode="aml_token")
    ml_client.online_endpoints.begin_create_or_update(endpoint).result()
    ml_client.online_deployments.begin_create_or_update(ManagedOnlineDeployment(
        name="llama", endpoint_name=endpoint.name, model=LLAMA_MODEL, instance_type="Standard_NC24ads_A100_v4",
        instance_count=1)).result()
    token = ml_client.online_endpoints.get_keys(endpoint.name)
    assert token.access_token and token.expiry_time_utc > 0 and token.refresh_after_time_utc < token.expiry_time_utc
    request_file = tmp_path / "chat.json"
    request_file.write_text(json.dumps({"input_data": {"input_string": [{"role": "user", "content": "Hi"}],
                                                       "parameters": {"temperature": 0.6, "max_new_tokens": 200}}}))
    answer = json.loads(ml_client.online_endpoints.invoke(endpoint_name=endpoint.name, deployment_name="llama",
                                                           request_file=str(request_file)))
    assert answer["output"].startswith("This is a simulated reply")


def test_delete_cascades_and_frees_quota(ml_client, cerulean, qa_endpoint):
    ml_client.online_endpoints.begin_delete(name=qa_endpoint.name).result()
    with pytest.raises(ResourceNotFoundError):
        ml_client.online_endpoints.get(qa_endpoint.name)
    assert usages(cerulean)["Standard DSv2 Family Cluster Dedicated vCPUs"] == 0
    ml_client.online_endpoints.begin_delete(name="phi-endpoint-cerulean").result()
    ml_client.online_endpoints.begin_delete(name="llama-token-cerulean").result()
    assert usages(cerulean)["Standard NCADSA100v4 Family Cluster Dedicated vCPUs"] == 0
