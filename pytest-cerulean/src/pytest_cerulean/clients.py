"""Ready SDK clients pointed at a Cerulean server; each needs its package (else the test is skipped)."""
import pytest

from .server import CeruleanError


def ml_client(server, workspace, resource_group="cerulean-rg", credential=None, create=True):
    """azure-ai-ml's MLClient for `workspace` (made, with its resource group, when missing)."""
    ml = pytest.importorskip("azure.ai.ml", reason="ml_client needs azure-ai-ml")
    if credential is None:
        credential = pytest.importorskip("azure.identity", reason="ml_client needs azure-identity").DefaultAzureCredential()
    if create:
        server.workspace(workspace, resource_group)
    client = ml.MLClient(credential, server.subscription, resource_group, workspace)
    # azure-ai-ml silently falls back to the public cloud when the metadata URL is missing.
    if getattr(client, "_base_url", server.url).rstrip("/") != server.url:
        raise CeruleanError(f"MLClient would call {client._base_url}, not Cerulean: is ARM_CLOUD_METADATA_URL "
                            "set (the cerulean fixture sets the environment)?")
    return client


def openai_client(server, endpoint, key=None, azure=False, api_version="2024-10-21"):
    """openai's OpenAI client on the endpoint's `/v1` route, or AzureOpenAI (model = endpoint name)."""
    openai = pytest.importorskip("openai", reason="openai_client needs openai")
    uri, _, key = server.endpoint(endpoint, key)
    http_client = openai.DefaultHttpxClient(verify=server.ca, trust_env=False)
    if azure:
        return openai.AzureOpenAI(azure_endpoint=server.url, api_key=key, api_version=api_version, http_client=http_client)
    return openai.OpenAI(base_url=uri + "/v1", api_key=key, http_client=http_client)


def inference_client(server, endpoint, key=None, kind="chat"):
    """azure-ai-inference's ChatCompletionsClient (kind "chat") or EmbeddingsClient ("embeddings")."""
    inference = pytest.importorskip("azure.ai.inference", reason="inference_client needs azure-ai-inference")
    from azure.core.credentials import AzureKeyCredential

    uri, _, key = server.endpoint(endpoint, key)
    classes = {"chat": inference.ChatCompletionsClient, "embeddings": inference.EmbeddingsClient}
    if kind not in classes:
        raise CeruleanError(f"kind is 'chat' or 'embeddings', not {kind!r}")
    return classes[kind](endpoint=uri, credential=AzureKeyCredential(key), connection_verify=server.ca)
