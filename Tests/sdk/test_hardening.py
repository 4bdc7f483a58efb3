"""Azure's limits and a prompt stop, as the real SDKs meet them: ARM's tag limits come back as
HttpResponseError with ARM's codes, and stopping Cerulean while an SDK client holds a pooled
connection takes no fixed wait."""
import os
import sys
import time

import pytest
from azure.core.exceptions import HttpResponseError
from azure.identity import DefaultAzureCredential
from azure.mgmt.resource.resources import ResourceManagementClient

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "pysupport"))
from cerulean_process import RunningCerulean  # noqa: E402

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"


def resources(url):
    return ResourceManagementClient(DefaultAzureCredential(), SUBSCRIPTION, base_url=url, credential_scopes=[url + "/.default"])


@pytest.mark.parametrize("tags, code", [
    ({f"t{i}": "v" for i in range(51)}, "InvalidTags"),
    ({"owner": "v" * 257}, "InvalidTagValueLength"),
    ({"n" * 513: "v"}, "InvalidTagName"),
    ({"team/owner": "v"}, "InvalidTagNameCharacters"),
])
def test_tags_past_arms_limits_are_refused_with_arms_codes(cerulean, tags, code):
    client = resources(cerulean.url)
    with pytest.raises(HttpResponseError) as refused:
        client.resource_groups.create_or_update("sdk-tagged", {"location": "eastus2", "tags": tags})
    assert refused.value.status_code == 400
    assert refused.value.error.code == code
    assert not client.resource_groups.check_existence("sdk-tagged")
    group = client.resource_groups.create_or_update("sdk-tagged", {"location": "eastus2", "tags": {f"t{i}": "v" * 256 for i in range(50)}})
    assert len(group.tags) == 50
    client.resource_groups.begin_delete("sdk-tagged").result()


def test_stopping_while_an_sdk_client_holds_a_pooled_connection_is_prompt(monkeypatch):
    server = RunningCerulean()
    try:
        for name, value in server.client_environment().items():
            monkeypatch.setenv(name, value)
        client = resources(server.url)
        assert list(client.resource_groups.list()) == []  # the client's pool keeps the connection open
        started = time.monotonic()
        server.process.terminate()
        assert server.process.wait(timeout=30) == 0
        assert time.monotonic() - started < 2, "stopping waited on the idle pooled connection"
    finally:
        if server.process.poll() is None:
            server.process.kill()
