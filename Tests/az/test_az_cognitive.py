"""Azure OpenAI with the real Azure CLI: `az cognitiveservices` account, keys, deployments,
usages, soft delete and purge, and the ARM tab's template through `az deployment group create`;
then the reported endpoint called with curl's view of the wire (plain HTTP from Python)."""
import json
import time

import pytest
import requests

from conftest import SUBSCRIPTION, TEMPLATES

GROUP = "az-cog-rg"


@pytest.fixture(scope="module")
def group(az):
    az("group", "create", "-n", GROUP, "-l", "eastus")
    return GROUP


def wait_succeeded(az, *show):
    for _ in range(50):
        shown = az(*show)
        if shown["properties"]["provisioningState"] == "Succeeded":
            return shown
        time.sleep(0.2)
    raise AssertionError(f"{show} never succeeded: {shown}")


@pytest.fixture(scope="module")
def account(az, group):
    created = az("cognitiveservices", "account", "create", "-n", "az-openai", "-g", group, "--kind", "OpenAI",
                 "--sku", "S0", "-l", "eastus", "--custom-domain", "az-openai", "--yes")
    assert created["properties"]["provisioningState"] == "Succeeded"
    assert created["kind"] == "OpenAI" and created["sku"]["name"] == "S0"
    return created


def test_account_show_list_and_keys(az, account, cerulean):
    shown = az("cognitiveservices", "account", "show", "-n", "az-openai", "-g", GROUP)
    assert shown["properties"]["endpoint"] == cerulean.url + "/cognitiveservices/az-openai.openai.azure.com/"
    assert shown["properties"]["customSubDomainName"] == "az-openai"
    assert "az-openai" in [a["name"] for a in az("cognitiveservices", "account", "list", "-g", GROUP)]
    assert "az-openai" in [a["name"] for a in az("cognitiveservices", "account", "list")]
    keys = az("cognitiveservices", "account", "keys", "list", "-n", "az-openai", "-g", GROUP)
    assert set(keys) == {"key1", "key2"} and keys["key1"] != keys["key2"]
    rotated = az("cognitiveservices", "account", "keys", "regenerate", "-n", "az-openai", "-g", GROUP, "--key-name", "Key1")
    assert rotated["key1"] != keys["key1"] and rotated["key2"] == keys["key2"]
    models = az("cognitiveservices", "account", "list-models", "-n", "az-openai", "-g", GROUP)
    assert {"gpt-35-turbo", "gpt-4o"} <= {m["name"] for m in models}


def test_deployment_create_list_show_call_and_delete(az, account, cerulean):
    created = az("cognitiveservices", "account", "deployment", "create", "-n", "az-openai", "-g", GROUP,
                 "--deployment-name", "dpy", "--model-name", "gpt-35-turbo", "--model-version", "0125",
                 "--model-format", "OpenAI", "--sku-name", "Standard", "--sku-capacity", "1")
    assert (created["sku"]["name"], created["sku"]["capacity"]) == ("Standard", 1)
    assert [(r["key"], r["renewalPeriod"], r["count"]) for r in created["properties"]["rateLimits"]] == [
        ("request", 10, 1), ("token", 60, 1000)]
    shown = wait_succeeded(az, "cognitiveservices", "account", "deployment", "show", "-n", "az-openai", "-g", GROUP,
                           "--deployment-name", "dpy")
    model = shown["properties"]["model"]
    assert (model["format"], model["name"], model["version"]) == ("OpenAI", "gpt-35-turbo", "0125")
    assert [d["name"] for d in az("cognitiveservices", "account", "deployment", "list", "-n", "az-openai", "-g", GROUP)] == ["dpy"]
    usage = {u["name"]["value"]: u for u in az("cognitiveservices", "usage", "list", "-l", "eastus")}
    assert usage["OpenAI.Standard.gpt-35-turbo"]["currentValue"] == 1
    key = az("cognitiveservices", "account", "keys", "list", "-n", "az-openai", "-g", GROUP)["key1"]
    reply = requests.post(shown_endpoint(az) + "openai/deployments/dpy/chat/completions?api-version=2024-10-21",
                          headers={"api-key": key}, json={"messages": [{"role": "user", "content": "hi"}], "max_tokens": 5},
                          verify=cerulean.ca, timeout=30)
    assert reply.status_code == 200 and reply.json()["model"] == "gpt-35-turbo"
    refused = az.run("cognitiveservices", "account", "deployment", "create", "-n", "az-openai", "-g", GROUP,
                     "--deployment-name", "huge", "--model-name", "gpt-35-turbo", "--model-version", "0125",
                     "--model-format", "OpenAI", "--sku-name", "Standard", "--sku-capacity", "1000")
    assert refused.returncode != 0 and "InvalidCapacity" in refused.stderr
    az("cognitiveservices", "account", "deployment", "delete", "-n", "az-openai", "-g", GROUP, "--deployment-name", "dpy")
    assert az("cognitiveservices", "account", "deployment", "list", "-n", "az-openai", "-g", GROUP) == []


def shown_endpoint(az):
    return az("cognitiveservices", "account", "show", "-n", "az-openai", "-g", GROUP)["properties"]["endpoint"]


def test_soft_delete_list_deleted_and_purge(az, group):
    az("cognitiveservices", "account", "create", "-n", "az-soft", "-g", group, "--kind", "AIServices",
       "--sku", "S0", "-l", "eastus", "--yes")
    az("cognitiveservices", "account", "delete", "-n", "az-soft", "-g", group)
    assert "az-soft" in [a["name"] for a in az("cognitiveservices", "account", "list-deleted")]
    again = az.run("cognitiveservices", "account", "create", "-n", "az-soft", "-g", group, "--kind", "AIServices",
                   "--sku", "S0", "-l", "eastus", "--yes")
    assert again.returncode != 0 and "FlagMustBeSetForRestore" in again.stderr
    az("cognitiveservices", "account", "purge", "-l", "eastus", "-g", group, "-n", "az-soft")
    assert "az-soft" not in [a["name"] for a in az("cognitiveservices", "account", "list-deleted")]
    recreated = az("cognitiveservices", "account", "create", "-n", "az-soft", "-g", group, "--kind", "AIServices",
                   "--sku", "S0", "-l", "eastus", "--yes")
    assert recreated["properties"]["allowProjectManagement"] is True
    assert recreated["identity"]["type"] == "SystemAssigned" and recreated["identity"]["principalId"]


def test_template_creates_an_account_and_a_deployment(az, group, cerulean):
    result = az("deployment", "group", "create", "-g", group, "-n", "aoai",
                "--template-file", str(TEMPLATES / "openai-account-deployment.json"),
                "--parameters", "accountName=tmpl-aoai", "capacity=20")
    assert result["properties"]["provisioningState"] == "Succeeded"
    outputs = result["properties"]["outputs"]
    assert outputs["endpoint"]["value"] == cerulean.url + "/cognitiveservices/tmpl-aoai.openai.azure.com/"
    deployment = az("cognitiveservices", "account", "deployment", "show", "-n", "tmpl-aoai", "-g", group, "--deployment-name", "chat")
    assert (deployment["sku"]["name"], deployment["sku"]["capacity"]) == ("GlobalStandard", 20)
    assert deployment["properties"]["raiPolicyName"] == "Microsoft.DefaultV2"
    reply = requests.post(outputs["endpoint"]["value"] + "openai/deployments/chat/chat/completions?api-version=2024-10-21",
                          headers={"api-key": outputs["key"]["value"]}, json={"messages": [{"role": "user", "content": "hi"}]},
                          verify=cerulean.ca, timeout=30)
    assert reply.status_code == 200, reply.text
    bad = az.run("deployment", "group", "create", "-g", group, "-n", "aoai-bad",
                 "--template-file", str(TEMPLATES / "openai-account-deployment.json"),
                 "--parameters", "accountName=tmpl-aoai2", "capacity=999999")
    assert bad.returncode != 0 and "InvalidCapacity" in bad.stderr
