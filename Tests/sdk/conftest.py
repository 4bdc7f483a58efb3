"""The suite's Cerulean comes from pytest-cerulean (installed from the checkout, binary from
CERULEAN_BINARY, `cerulean_args` in pytest.ini), which sets the environment the way a user does
(`eval "$(cerulean env)"`), so every SDK below runs unchanged."""
import base64
import json

import pytest
import requests
from pytest_cerulean import clients

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
COHERE = "azureml://registries/azureml-cohere/models/Cohere-embed-v3-english"
PHI = "azureml://registries/azureml/models/Phi-3-mini-4k-instruct"


class Cerulean:
    """The plugin's server, with raw ARM calls that answer as requests does."""

    def __init__(self, server):
        self.server = server
        self.url = server.url

    def arm(self, method, path, body=None, api_version="2024-04-01"):
        """A raw ARM call with a token from the managed-identity endpoint."""
        from azure.identity import DefaultAzureCredential
        token = DefaultAzureCredential().get_token(self.url + "/.default").token
        sep = "&" if "?" in path else "?"
        return requests.request(method, f"{self.url}{path}{sep}api-version={api_version}",
                                headers={"Authorization": f"Bearer {token}"}, json=body, timeout=30)


@pytest.fixture(scope="session")
def cerulean(cerulean_server):
    return Cerulean(cerulean_server)


@pytest.fixture(scope="module")
def strict(cerulean_servers):
    """The run's `--auth strict` server, with its client environment (as `eval "$(cerulean env)"`
    sets it) and Cerulean's CA set while the module runs."""
    server = cerulean_servers.get("strict")
    with pytest.MonkeyPatch.context() as patch:
        for name, value in server.env.items():
            patch.setenv(name, value)
        for name in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"):
            patch.setenv(name, server.ca)
        yield server


@pytest.fixture(scope="session")
def workspace(cerulean):
    """A resource group and an AI project made through azure-mgmt-resource and raw ARM."""
    from azure.identity import DefaultAzureCredential
    from azure.mgmt.resource.resources import ResourceManagementClient
    client = ResourceManagementClient(DefaultAzureCredential(), SUBSCRIPTION, base_url=cerulean.url,
                                      credential_scopes=[cerulean.url + "/.default"])
    urls = []
    group = client.resource_groups.create_or_update("sdk-rg", {"location": "eastus2"},
                                                    raw_response_hook=lambda r: urls.append(r.http_request.url))
    assert urls and urls[0].startswith(cerulean.url + "/subscriptions/"), "azure-mgmt-resource must call Cerulean"
    assert group.name == "sdk-rg" and group.properties.provisioning_state == "Succeeded"
    ws = "/subscriptions/%s/resourceGroups/sdk-rg/providers/Microsoft.MachineLearningServices/workspaces" % SUBSCRIPTION
    hub = cerulean.arm("PUT", ws + "/sdk-hub", {"location": "eastus2", "kind": "Hub"})
    assert hub.status_code == 201, hub.text
    project = cerulean.arm("PUT", ws + "/sdk-project", {"location": "eastus2", "kind": "Project",
                                                        "properties": {"hubResourceId": hub.json()["id"]}})
    assert project.status_code == 201, project.text
    return "sdk-rg", "sdk-project"


@pytest.fixture(scope="session")
def ml_client(cerulean, workspace):
    """azure-ai-ml on the project (the plugin's client refuses one that would call the public cloud)."""
    return clients.ml_client(cerulean.server, workspace[1], resource_group=workspace[0], create=False)


def cognitive_mgmt(url, group, location="eastus"):
    """azure-mgmt-cognitiveservices on Cerulean at `url`, after making `group` with azure-mgmt-resource."""
    from azure.identity import DefaultAzureCredential
    from azure.mgmt.cognitiveservices import CognitiveServicesManagementClient
    from azure.mgmt.resource.resources import ResourceManagementClient
    credential = DefaultAzureCredential()
    ResourceManagementClient(credential, SUBSCRIPTION, base_url=url,
                             credential_scopes=[url + "/.default"]).resource_groups.create_or_update(group, {"location": location})
    return CognitiveServicesManagementClient(credential, SUBSCRIPTION, base_url=url,
                                             credential_scopes=[url + "/.default"], polling_interval=0.2)


def claims(token):
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
