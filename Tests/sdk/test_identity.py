"""Every credential kind of azure-identity gets a Cerulean-signed token with nothing but environment."""
import os

import pytest
import requests
from azure.core.exceptions import ClientAuthenticationError
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


def test_app_service_errors_reach_the_caller(cerulean, monkeypatch):
    """App Service answers {statusCode, message}; MSAL (under azure-identity) prints both."""
    monkeypatch.setenv("IDENTITY_HEADER", "not-the-header")
    with pytest.raises(ClientAuthenticationError) as refused:
        ManagedIdentityCredential().get_token(ARM)
    assert "401, The X-IDENTITY-HEADER header is missing or does not match" in str(refused.value)
    assert "None, None" not in str(refused.value)


def test_azure_ml_errors_are_plain_text(cerulean, monkeypatch):
    """Azure ML's endpoint answers a line of text, which MSAL cannot parse (as on Azure ML compute)."""
    monkeypatch.delenv("IDENTITY_ENDPOINT")
    monkeypatch.delenv("IDENTITY_HEADER")
    monkeypatch.setenv("MSI_ENDPOINT", cerulean.url + "/msi/token")
    monkeypatch.setenv("MSI_SECRET", "not-the-secret")
    with pytest.raises(ValueError) as refused:
        ManagedIdentityCredential().get_token(ARM)
    assert "Expecting value" in str(refused.value)
    raw = requests.get(cerulean.url + "/msi/token", params={"api-version": "2017-09-01", "resource": "https://management.azure.com"},
                       headers={"secret": "not-the-secret"}, verify=cerulean.server.ca, timeout=30)
    assert raw.status_code == 401 and raw.headers["content-type"].startswith("text/plain")
    assert raw.text == "Invalid secret token header: not-the-secret."


def test_unknown_tenants_are_refused_as_entra_does(cerulean):
    credential = ClientSecretCredential("11111111-2222-3333-4444-555555555555", "my-app", "my-secret",
                                        authority=os.environ["AZURE_AUTHORITY_HOST"], disable_instance_discovery=True)
    with pytest.raises(ClientAuthenticationError) as refused:
        credential.get_token(ARM)
    assert "Unable to get authority configuration for " + cerulean.url + "/11111111-2222-3333-4444-555555555555" in str(refused.value)
    raw = requests.post(cerulean.url + "/11111111-2222-3333-4444-555555555555/oauth2/v2.0/token", verify=cerulean.server.ca, timeout=30,
                        data={"grant_type": "client_credentials", "client_id": "a", "client_secret": "b", "scope": ARM})
    assert raw.status_code == 400 and raw.json()["error_codes"] == [90002]
    assert raw.json()["error_description"].startswith("AADSTS90002: Tenant '11111111-2222-3333-4444-555555555555' not found.")
    # The tenant's domain name is as good as its id.
    domain = ClientSecretCredential("cerulean.local", "my-app", "my-secret", authority=os.environ["AZURE_AUTHORITY_HOST"],
                                    disable_instance_discovery=True)
    check(domain.get_token(ARM), cerulean)
