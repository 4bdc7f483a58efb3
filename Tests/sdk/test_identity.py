"""Every credential kind of azure-identity gets a Cerulean-signed token with nothing but environment."""
import os

import pytest
from azure.identity import (ClientSecretCredential, DefaultAzureCredential, ManagedIdentityCredential,
                            WorkloadIdentityCredential)

from conftest import claims

ARM = "https://management.azure.com/.default"


def check(token, cerulean, audience="https://management.azure.com"):
    c = claims(token.token)
    assert c["aud"].rstrip("/") == audience.rstrip("/")
    assert c["iss"].startswith(cerulean.url), "the token must come from Cerulean"
    assert c["tid"] == os.environ["AZURE_TENANT_ID"]


def test_default_credential_uses_the_app_service_identity(cerulean):
    check(DefaultAzureCredential().get_token(cerulean.url + "/.default"), cerulean, cerulean.url)


def test_client_secret_credential(cerulean):
    credential = ClientSecretCredential(os.environ["AZURE_TENANT_ID"], "my-app", "my-secret",
                                        authority=os.environ["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True)
    token = credential.get_token(ARM)
    check(token, cerulean)
    assert claims(token.token)["appid"] == "my-app"


def test_workload_identity_credential(cerulean, tmp_path):
    token_file = tmp_path / "federated-token"
    token_file.write_text("any-federated-token")
    credential = WorkloadIdentityCredential(tenant_id=os.environ["AZURE_TENANT_ID"], client_id="workload-app",
                                            token_file_path=str(token_file), authority=os.environ["AZURE_AUTHORITY_HOST"],
                                            disable_instance_discovery=True)
    check(credential.get_token(ARM), cerulean)


@pytest.mark.parametrize("kind", ["azure-ml", "imds"])
def test_other_managed_identities(cerulean, monkeypatch, kind):
    monkeypatch.delenv("IDENTITY_ENDPOINT")
    monkeypatch.delenv("IDENTITY_HEADER")
    if kind == "azure-ml":
        monkeypatch.setenv("MSI_ENDPOINT", cerulean.url + "/msi/token")
        monkeypatch.setenv("MSI_SECRET", "cerulean-identity-header")
    check(ManagedIdentityCredential().get_token(ARM), cerulean)


def test_resource_groups_through_azure_mgmt_resource(cerulean, workspace):
    from azure.mgmt.resource.resources import ResourceManagementClient
    client = ResourceManagementClient(DefaultAzureCredential(), "00000000-1111-2222-3333-444444444444",
                                      base_url=cerulean.url, credential_scopes=[cerulean.url + "/.default"])
    urls = []
    client.resource_groups.create_or_update("sdk-temp", {"location": "westus", "tags": {"kind": "temp"}},
                                            raw_response_hook=lambda r: urls.append(r.http_request.url))
    assert urls[0].startswith(cerulean.url + "/subscriptions/")
    names = [g.name for g in client.resource_groups.list()]
    assert "sdk-rg" in names and "sdk-temp" in names
    assert client.resource_groups.check_existence("sdk-temp")
    client.resource_groups.begin_delete("sdk-temp").result()
    assert not client.resource_groups.check_existence("sdk-temp")
