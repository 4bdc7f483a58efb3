#!/usr/bin/env python3
"""Hand-made bad input for the ARM and inference planes, sent byte for byte over TLS to a fresh
cerulean: malformed and truncated JSON, wrong types, deep nesting, huge bodies, unicode and
path-traversal names, bad percent-encoding, unknown api-versions, bad methods and auth, tags past
ARM's limits, bodies not declared JSON, and what the connection layer answers itself (a chunk size
of 2^64-1, 1,001 headers, a 100 KB URL, HTTP/1.0, a head or body that stops halfway).

For every request: never a 5xx; a refusal carries the plane's Azure-shaped error
({"error": {"code", "message"}}); and nothing stored changes (ARM bodies, etags, keys, the
resource count, and the data plane's rate-limit counters). Standard library only.
Usage: bad_input_check.py (uses CERULEAN_BINARY or .build/debug/cerulean)."""
import base64
import http.client
import json
import os
import pathlib
import shutil
import socket
import ssl
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "Tests" / "pysupport"))
from cerulean_process import BINARY, RunningCerulean  # noqa: E402
SUB = "00000000-1111-2222-3333-444444444444"
RG = f"/subscriptions/{SUB}/resourceGroups/victim-rg"
WS = f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/victim-ws"
EP = f"{WS}/serverlessEndpoints/victim-ep"
LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"
COHERE = "azureml://registries/azureml-cohere/models/Cohere-embed-v3-english"
KEY = "victim-primary-key-000000000000"
CHAT = "/serverless/eastus2/victim-ep/chat/completions?api-version=2024-05-01-preview"
EMBED = "/serverless/eastus2/victim-embed/embeddings?api-version=2024-05-01-preview"
ARM_V = "api-version=2024-04-01"
AUTHZ = "providers/Microsoft.Authorization"
READER = f"/subscriptions/{SUB}/{AUTHZ}/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7"
CS = f"{RG}/providers/Microsoft.CognitiveServices/accounts"
ACCOUNT = f"{CS}/victim-aoai"
QUERY = "providers/Microsoft.CostManagement/query?api-version=2025-03-01"
USAGE = "providers/Microsoft.Consumption/usageDetails?api-version=2024-08-01"
GOOD_QUERY = ('{"type": "ActualCost", "timeframe": "MonthToDate", "dataset": {"granularity": "Daily", '
              '"aggregation": {"c": {"name": "Cost", "function": "Sum"}}, "grouping": [{"type": "Dimension", "name": "ResourceId"}, '
              '{"type": "Dimension", "name": "Meter"}]}}')
AOAI = "/cognitiveservices/victim-aoai.openai.azure.com"
ONLINE = f"{WS}/onlineEndpoints/victim-online"
QA = "azureml://registries/azureml/models/deepset-roberta-base-squad2/versions/17"
SCORE = "/online/eastus2/victim-online/score"
SEED = {
    "resourceGroups": [{"name": "victim-rg", "location": "eastus2", "tags": {"keep": "me"}}],
    "workspaces": [{"resourceGroup": "victim-rg", "name": "victim-ws", "location": "eastus2"}],
    "marketplaceSubscriptions": [
        {"resourceGroup": "victim-rg", "workspace": "victim-ws", "name": "llama", "modelId": LLAMA},
        {"resourceGroup": "victim-rg", "workspace": "victim-ws", "name": "cohere", "modelId": COHERE},
    ],
    "serverlessEndpoints": [
        {"resourceGroup": "victim-rg", "workspace": "victim-ws", "name": "victim-ep", "modelId": LLAMA,
         "keys": {"primary": KEY, "secondary": "victim-secondary-key-00000000000"},
         "limits": {"tokensPerMinute": 10000000, "requestsPerMinute": 6000}},
        {"resourceGroup": "victim-rg", "workspace": "victim-ws", "name": "victim-embed", "modelId": COHERE,
         "keys": {"primary": KEY + "-e", "secondary": "victim-secondary-key-0000000000e"}},
    ],
}


class Server:
    def __init__(self, url, ca):
        host_port = url.split("://", 1)[1]
        self.host, port = host_port.rsplit(":", 1)
        self.port = int(port)
        self.context = ssl.create_default_context(cafile=ca)

    def raw(self, data, wait=15):
        """Sends `data` as is and reads until the server closes (or `wait` seconds pass); returns
        (status, headers, body, closed)."""
        with socket.create_connection((self.host, self.port), timeout=wait) as plain:
            with self.context.wrap_socket(plain, server_hostname=self.host) as tls:
                tls.sendall(data)
                chunks, closed = [], False
                while True:
                    try:
                        chunk = tls.recv(65536)
                    except (ssl.SSLError, ConnectionResetError):
                        closed = True
                        break
                    except socket.timeout:
                        break
                    if not chunk:
                        closed = True
                        break
                    chunks.append(chunk)
        return (*parse(b"".join(chunks)), closed)

    def send(self, method, target, headers=None, body=b""):
        """One request, exactly these bytes on the wire; returns (status, headers, body).
        `target` may be str (sent as UTF-8, unescaped) or bytes."""
        if isinstance(body, str):
            body = body.encode()
        if isinstance(target, str):
            target = target.encode("utf-8", "surrogateescape")
        lines = [method.encode() + b" " + target + b" HTTP/1.1", f"Host: {self.host}:{self.port}".encode(), b"Connection: close"]
        for name, value in (headers or {}).items():
            lines.append(f"{name}: {value}".encode())
        if body or method in ("POST", "PUT", "PATCH"):
            lines.append(f"Content-Length: {len(body)}".encode())
        raw = b"\r\n".join(lines) + b"\r\n\r\n" + body
        with socket.create_connection((self.host, self.port), timeout=60) as plain:
            with self.context.wrap_socket(plain, server_hostname=self.host) as tls:
                tls.sendall(raw)
                chunks = []
                while True:
                    try:
                        data = tls.recv(65536)
                    except (ssl.SSLError, ConnectionResetError):
                        break
                    if not data:
                        break
                    chunks.append(data)
        return parse(b"".join(chunks))


def parse(response):
    if not response:
        return 0, {}, b""
    head, _, body = response.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if headers.get("transfer-encoding") == "chunked":
        out, rest = b"", body
        while rest:
            size_line, _, rest = rest.partition(b"\r\n")
            size = int(size_line.split(b";")[0] or b"0", 16)
            if size == 0:
                break
            out, rest = out + rest[:size], rest[size + 2:]
        body = out
    return status, headers, body


class Check:
    def __init__(self, server):
        self.server = server
        self.passed, self.failed = 0, 0
        self.auth = {"Authorization": "Bearer fuzz"}
        # State is read on one kept-alive connection: a TLS handshake per read would dominate the run.
        self.reader = http.client.HTTPSConnection(server.host, server.port, context=server.context, timeout=60)
        self.baseline = self.arm_state()

    def read(self, method, path):
        self.reader.request(method, path, headers=self.auth)
        response = self.reader.getresponse()
        return response.status, response.getheader("ETag"), response.read()

    def result(self, name, problems):
        if problems:
            self.failed += 1
            print(f"  FAIL  {name}: " + "; ".join(problems))
        else:
            self.passed += 1

    def arm_state(self):
        """What a refused request must not change: bodies and etags, keys, counts."""
        state = [self.read("GET", f"{path}?{ARM_V}") for path in (RG, WS, f"{WS}/marketplaceSubscriptions/llama", EP)]
        state.append(self.read("POST", f"{EP}/listKeys?{ARM_V}"))
        for path in (ACCOUNT, f"{ACCOUNT}/deployments/chat", f"{CS}"):
            state.append(self.read("GET", f"{path}?{ARM_V}"))
        state.append(self.read("POST", f"{ACCOUNT}/listKeys?{ARM_V}"))
        for path in (ONLINE, f"{ONLINE}/deployments/blue"):
            state.append(self.read("GET", f"{path}?{ARM_V}"))
        state.append(self.read("POST", f"{ONLINE}/listKeys?{ARM_V}"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices/locations/eastus2/quotas?{ARM_V}"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/providers/Microsoft.CognitiveServices/deletedAccounts?{ARM_V}"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/resourcegroups?{ARM_V}"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/providers/Microsoft.SaaS/resources?{ARM_V}"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/{AUTHZ}/roleAssignments?api-version=2022-04-01"))
        state.append(self.read("GET", f"/subscriptions/{SUB}/{AUTHZ}/roleDefinitions?api-version=2022-05-01-preview"))
        state.append(self.read("GET", "/v1.0/servicePrincipals"))
        state.append(self.read("GET", "/v1.0/applications"))
        state.append(json.loads(self.read("GET", "/_cerulean/info")[2])["counts"])
        state.append(self.usage())
        return state

    def usage(self):
        """The metered usage so far (a refused request must not be billed): the rows of a cost query."""
        self.reader.request("POST", f"/subscriptions/{SUB}/{QUERY}", body=GOOD_QUERY,
                            headers={**self.auth, "Content-Type": "application/json"})
        response = self.reader.getresponse()
        return response.status, json.loads(response.read())["properties"]["rows"]

    def refused(self, name, method, target, body=b"", headers=None, auth=True, codes=None, shape="arm"):
        """A request that must be refused with a 4xx in the plane's error shape, changing nothing."""
        all_headers = dict(self.auth if auth else {})
        if shape == "inference" and auth:
            all_headers = {"api-key": KEY}
        if body:
            all_headers["Content-Type"] = "application/json"
        all_headers.update(headers or {})
        all_headers = {k: v for k, v in all_headers.items() if v is not None}  # None removes a header
        status, response_headers, response = self.server.send(method, target, all_headers, body)
        problems = []
        if status == 0:
            problems.append("no response (connection closed)")
        elif status >= 500:
            problems.append(f"server error {status}: {response[:300]!r}")
        elif not 400 <= status < 500:
            problems.append(f"accepted with {status}: {response[:200]!r}")
        else:
            problems += error_shape(response, response_headers)
            code = problems == [] and json.loads(response)["error"]["code"]
            if codes and code not in codes:
                problems.append(f"code {code!r}, expected one of {codes}")
        if self.arm_state() != self.baseline:
            problems.append("stored state changed")
            self.baseline = self.arm_state()
        self.result(name, problems)

    def refused_by_http_layer(self, name, method, target, body=b""):
        """A request line that is not valid HTTP (raw bytes outside ASCII): the connection layer
        answers 400 in ARM's envelope and closes, before any plane sees it; nothing changes."""
        status, headers, response = self.server.send(method, target, {**self.auth, "Content-Type": "application/json"}, body)
        problems = [] if status == 400 else [f"status {status}"]
        problems += error_shape(response, headers)
        if self.arm_state() != self.baseline:
            problems.append("stored state changed")
        self.result(name, problems)

    def refused_by_connection(self, name, data, status, code, wait=15):
        """Raw bytes the connection layer answers itself: `status` with `code` in ARM's envelope,
        `Connection: close`, the connection closed; nothing changes."""
        got, headers, response, closed = self.server.raw(data, wait)
        problems = [] if got == status else [f"status {got}, expected {status}: {response[:200]!r}"]
        problems += error_shape(response, headers)
        if not problems and json.loads(response)["error"]["code"] != code:
            problems.append(f"code {json.loads(response)['error']['code']!r}, expected {code!r}")
        if headers.get("connection", "").lower() != "close":
            problems.append(f"Connection: {headers.get('connection')!r}")
        if not closed:
            problems.append("the connection stayed open")
        if self.arm_state() != self.baseline:
            problems.append("stored state changed")
            self.baseline = self.arm_state()
        self.result(name, problems)

    def answered(self, name, method, target, body=b"", headers=None):
        """A read whose answer may be a success or a refusal, but never a 5xx; a refusal is Azure-shaped."""
        status, response_headers, response = self.server.send(method, target, {**self.auth, **(headers or {})}, body)
        problems = []
        if status == 0 or status >= 500:
            problems.append(f"status {status}: {response[:300]!r}")
        elif status >= 400:
            problems += error_shape(response, response_headers)
        self.result(name, problems)

    def accepted(self, name, method, target, body, headers):
        """A valid but hostile request (huge client-supplied schemas): answered 200, and in time."""
        status, _, response = self.server.send(method, target, {"Content-Type": "application/json", **headers}, body)
        self.result(name, [] if status == 200 and len(response) < 2_000_000 else [f"status {status}, {len(response)} bytes"])
        self.baseline = self.arm_state()  # an accepted chat is billed


def error_shape(body, headers):
    problems = []
    if not headers.get("content-type", "").startswith("application/json"):
        problems.append(f"content-type {headers.get('content-type')!r}")
    try:
        error = json.loads(body)["error"]
        if not isinstance(error.get("code"), str) or not error["code"]:
            problems.append("error.code missing")
        if not isinstance(error.get("message"), str) or not error["message"]:
            problems.append("error.message missing")
    except (ValueError, KeyError, TypeError, AttributeError):
        problems.append(f"not an Azure error body: {body[:200]!r}")
    return problems


def deep(open_text, close_text, depth, inner="1"):
    return open_text * depth + inner + close_text * depth


def arm_cases(c):
    put_rg = f"{RG}?{ARM_V}"
    bad_json = {
        "malformed JSON": '{"location": "eastus2", "tags": {"keep": "changed"}',
        "truncated JSON": '{"location": "eas',
        "a trailing comma": '{"location": "eastus2", "tags": {"keep": "x"},}',
        "single quotes": "{'location': 'eastus2'}",
        "an array body": "[]",
        "a string body": '"eastus2"',
        "a null body": "null",
        "a number body": "42",
        "a location of the wrong type": '{"location": 5}',
        "tags that are not strings": '{"location": "eastus2", "tags": {"keep": 1}}',
        "tags that are a string": '{"location": "eastus2", "tags": "keep"}',
        "tags that are an array": '{"location": "eastus2", "tags": []}',
        "an infinite number": '{"location": "eastus2", "tags": {}, "managedBy": 1e999999}',
        "deep arrays": '{"location": "eastus2", "tags": {}, "properties": ' + deep("[", "]", 100_000) + "}",
        "deep objects": '{"location": "eastus2", "tags": {}, "properties": ' + deep('{"a":', "}", 100_000) + "}",
        "a control character in a string": '{"location": "east\u0001us2"}',
        "a lone surrogate escape": '{"location": "eastus2", "tags": {"keep": "\\ud800"}}',
    }
    for name, body in bad_json.items():
        c.refused(f"ARM PUT with {name}", "PUT", put_rg, body)
    c.refused("ARM PUT with invalid UTF-8", "PUT", put_rg, b'{"location": "eastus2", "tags": {"keep": "\xff\xfe"}}')
    c.refused("ARM PUT with an empty body", "PUT", put_rg, b"", codes=["InvalidRequestContent"])
    c.refused("ARM PUT of 5 MB", "PUT", put_rg, '{"location": "eastus2", "tags": {"keep": "' + "x" * 5_000_000 + '"}}',
              codes=["RequestEntityTooLarge"])
    c.refused("ARM PATCH with tag values of the wrong type", "PATCH", put_rg, '{"tags": {"keep": null}}')
    many_tags = json.dumps({f"t{i}": "v" for i in range(51)})
    c.refused("ARM PUT with 51 tags", "PUT", put_rg, '{"location": "eastus2", "tags": %s}' % many_tags, codes=["InvalidTags"])
    c.refused("ARM PATCH with 51 tags", "PATCH", put_rg, '{"tags": %s}' % many_tags, codes=["InvalidTags"])
    c.refused("ARM PUT with a 257-character tag value", "PUT", put_rg, '{"location": "eastus2", "tags": {"keep": "%s"}}' % ("v" * 257),
              codes=["InvalidTagValueLength"])
    c.refused("ARM PUT with a 4 MB tag value", "PUT", put_rg, '{"location": "eastus2", "tags": {"keep": "%s"}}' % ("v" * 4_000_000),
              codes=["InvalidTagValueLength"])
    c.refused("ARM PUT with a 513-character tag name", "PUT", put_rg, '{"location": "eastus2", "tags": {"%s": "v"}}' % ("n" * 513),
              codes=["InvalidTagName"])
    c.refused("ARM PUT with a blank tag name", "PUT", put_rg, '{"location": "eastus2", "tags": {" ": "v"}}', codes=["InvalidTagName"])
    c.refused("ARM PUT with a slash in a tag name", "PUT", put_rg, '{"location": "eastus2", "tags": {"a/b": "v"}}',
              codes=["InvalidTagNameCharacters"])
    c.refused("workspace PATCH with 51 tags", "PATCH", f"{WS}?{ARM_V}", '{"tags": %s}' % many_tags, codes=["InvalidTags"])
    for media_type in ("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x"):
        c.refused(f"ARM PUT declared {media_type}", "PUT", put_rg, '{"location": "eastus2"}', headers={"Content-Type": media_type},
                  codes=["UnsupportedMediaType"])
    c.refused("ARM PUT with no Content-Type", "PUT", put_rg, '{"location": "eastus2"}', headers={"Content-Type": None},
              codes=["UnsupportedMediaType"])
    c.refused("ARM PATCH of a read-only member", "PATCH", put_rg, '{"location": "westus"}')
    c.refused("workspace PUT with a kind of the wrong type", "PUT", f"{WS}?{ARM_V}", '{"location": "eastus2", "kind": 5}')
    c.refused("endpoint PUT with a model id of the wrong type", "PUT", f"{EP}?{ARM_V}",
              '{"location": "eastus2", "properties": {"modelSettings": {"modelId": 5}}}')
    c.refused("endpoint PUT with deep model settings", "PUT", f"{EP}?{ARM_V}",
              '{"location": "eastus2", "properties": {"modelSettings": ' + deep('{"m":', "}", 5_000) + "}}")

    groups = f"/subscriptions/{SUB}/resourcegroups"
    names = {
        "an emoji name": "%F0%9F%98%80",
        "a right-to-left override": "rg%E2%80%AEgnp",
        "a NUL byte": "rg%00x",
        "a newline": "rg%0Ax",
        "a 91-character name": "r" * 91,
        "a 5000-character name": "r" * 5000,
        "an encoded traversal": "..%2F..%2Fetc%2Fpasswd",
        "an encoded backslash traversal": "..%5C..%5Cwindows",
        "a dot-dot name": "..",
        "a name ending in a dot": "rg.",
        "an invalid escape": "%ZZ",
        "a lone percent": "%",
        "a truncated escape": "rg%E0%A4%A",
        "an overlong UTF-8 slash": "%C0%AF",
        "bytes that are not UTF-8": "%FF%FE",
    }
    for name, segment in names.items():
        c.refused(f"ARM resource group PUT with {name}", "PUT", f"{groups}/{segment}?{ARM_V}", '{"location": "eastus2"}')
    c.refused_by_http_layer("ARM resource group PUT with raw non-UTF-8 bytes in the path", "PUT",
                            f"{groups}/rg".encode() + b"\xff\xfe?" + ARM_V.encode(), '{"location": "eastus2"}')
    c.refused_by_http_layer("ARM resource group PUT with raw unicode in the path", "PUT", f"{groups}/grüße😀?{ARM_V}",
                            '{"location": "eastus2"}')
    c.refused("ARM workspace PUT named by an encoded traversal", "PUT",
              f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/..%2Fvictim-ws?{ARM_V}", '{"location": "eastus2"}')
    c.refused("ARM workspace PUT with a unicode name", "PUT",
              f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/w%C3%BCrk?{ARM_V}", '{"location": "eastus2"}')
    c.refused("ARM PUT through a dot-dot path", "PUT", f"{RG}/../../victim-rg?{ARM_V}", '{"location": "eastus2"}')
    c.refused("ARM DELETE through a dot-dot path", "DELETE", f"{groups}/other/../victim-rg?{ARM_V}")
    c.refused("ARM DELETE with an encoded traversal", "DELETE", f"{groups}/x%2F..%2Fvictim-rg?{ARM_V}")
    c.refused("ARM PUT of an unknown subscription", "PUT", f"/subscriptions/%ZZ/resourcegroups/rg?{ARM_V}", '{"location": "eastus2"}')
    c.refused("ARM path of 2000 segments", "GET", "/subscriptions/" + "/".join(["a"] * 2000) + f"?{ARM_V}")

    c.refused("ARM PUT without an api-version", "PUT", RG, '{"location": "eastus2"}', codes=["MissingApiVersionParameter"])
    c.refused("ARM PUT with an empty api-version", "PUT", f"{RG}?api-version=", '{"location": "eastus2"}',
              codes=["MissingApiVersionParameter"])
    for version in ("1999-01-01", "zzz", "2024-13-45-preview", "%FF", "../../etc"):
        # Any api-version is accepted on reads (docs/differences.md); the answer must still be well-formed.
        c.answered(f"ARM GET with api-version {version}", "GET", f"{RG}?api-version={version}")
    for query in ("$top=-1", "$top=abc", "$top=99999999999999999999", "$skiptoken=garbage", "$filter=)))", "$filter=tagName%20eq",
                  "%ZZ=1", "$top=1&$top=2"):
        c.answered(f"ARM list with {query}", "GET", f"{groups}?{ARM_V}&{query}")

    c.refused("ARM PUT without a token", "PUT", put_rg, '{"location": "eastus2"}', auth=False, codes=["AuthenticationFailed"])
    c.refused("ARM PUT with Basic auth", "PUT", put_rg, '{"location": "eastus2"}', auth=False,
              headers={"Authorization": "Basic Zm9vOmJhcg=="}, codes=["AuthenticationFailed"])
    c.refused("ARM PATCH of a subscription", "PATCH", f"/subscriptions/{SUB}?{ARM_V}", "{}")
    c.refused("ARM TRACE", "TRACE", put_rg)
    c.refused("ARM unknown action", "POST", f"{EP}/explode?{ARM_V}", "{}")
    c.refused("ARM regenerateKeys with a bad key type", "POST", f"{EP}/regenerateKeys?{ARM_V}", '{"keyType": 5}')
    c.refused("ARM regenerateKeys with malformed JSON", "POST", f"{EP}/regenerateKeys?{ARM_V}", '{"keyType": "Primary"')
    deployment = f"{RG}/providers/Microsoft.Resources/deployments/fuzz?{ARM_V}"
    ws_type = "Microsoft.MachineLearningServices/workspaces"

    def template(resources="[]", parameters="{}", extra=""):
        return '{"properties": {"mode": "Incremental", "parameters": %s, template: {"resources": %s%s}}}' % (
            parameters, resources, extra)

    def resource(name, more=""):
        return '{"type": "%s", "apiVersion": "2024-04-01", "name": "%s", "location": "eastus2"%s}' % (ws_type, name, more)

    bad_deployments = {
        "a comment outside the template": '{"properties": {"mode": "Incremental", /* no */ "template": {"resources": []}}}',
        "no mode": '{"properties": {"template": {"resources": []}}}',
        "a mode of the wrong type": '{"properties": {"mode": 1, "template": {"resources": []}}}',
        "a template that is an array": '{"properties": {"mode": "Incremental", "template": []}}',
        "a template without resources": '{"properties": {"mode": "Incremental", "template": {}}}',
        "a truncated template": '{"properties": {"mode": "Incremental", template: {"resources": [',
        "an unknown function": template("[" + resource("[explode()]") + "]"),
        "an unterminated expression": template("[" + resource("[concat('a']") + "]"),
        "an unknown parameter": template("[" + resource("[parameters('nope')]") + "]"),
        "a parameter of the wrong type": template("[]", '{"n": {"value": "x"}}', ', "parameters": {"n": {"type": "int"}}'),
        "a value outside allowedValues": template("[]", '{"n": {"value": "c"}}', ', "parameters": {"n": {"type": "string", "allowedValues": ["a"]}}'),
        "an undeclared parameter": template("[]", '{"ghost": {"value": 1}}'),
        "a dependency cycle": template("[" + resource("a", ', "dependsOn": ["b"]') + ", " + resource("b", ', "dependsOn": ["a"]') + "]"),
        "a dependency on nothing": template("[" + resource("a", ', "dependsOn": ["ghost"]') + "]"),
        "a copy count of a billion": template("[" + resource("[concat('w', copyIndex())]", ', "copy": {"name": "l", "count": 1000000000}') + "]"),
        "a range of a billion": template("[" + resource("w", ', "tags": {"n": "[string(length(range(0, 1000000000)))]"}') + "]"),
        "a deep expression": template("[" + resource("[" + deep("concat(", ")", 5_000, "'a'") + "]") + "]"),
        "a deep template": template(deep("[", "]", 50_000)),
        "a name with too many segments": template("[" + resource("a/b/c") + "]"),
        "a templateLink": '{"properties": {"mode": "Incremental", "templateLink": {"uri": "https://example.com/t.json"}}}',
        "257 parameters": template("[]", "{}", ', "parameters": {%s}' % ", ".join(f'"p{i}": {{"type": "string", "defaultValue": ""}}' for i in range(257))),
        "801 resources with copies": template("[" + resource("[concat('w', copyIndex())]", ', "copy": {"name": "l", "count": 800}') + ", "
                                              + resource("one") + "]"),
        "an expression of 30,000 characters": template("[" + resource("[concat('" + "a" * 30_000 + "')]") + "]"),
    }
    for name, body in bad_deployments.items():
        c.refused(f"deployment PUT with {name}", "PUT", deployment, body)
        c.refused(f"deployment validate with {name}", "POST",
                  f"{RG}/providers/Microsoft.Resources/deployments/fuzz/validate?{ARM_V}", body)
    c.refused("deployment PUT with an invalid name", "PUT",
              f"{RG}/providers/Microsoft.Resources/deployments/bad%20name!?{ARM_V}", template())
    c.refused("deployment cancel of a missing deployment", "POST",
              f"{RG}/providers/Microsoft.Resources/deployments/ghost/cancel?{ARM_V}", codes=["DeploymentNotFound"])
    c.refused("ARM If-Match with a stale etag", "PUT", f"{WS}?{ARM_V}", '{"location": "eastus2", "tags": {"keep": "x"}}',
              headers={"If-Match": '"stale"'}, codes=["PreconditionFailed"])


def connection_cases(c, host):
    """What the connection layer answers itself (the server runs with 2 s head and body timeouts)."""
    head = (f"PUT {RG}?{ARM_V} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer fuzz\r\n"
            "Content-Type: application/json\r\n").encode()
    chunked = head + b"Transfer-Encoding: chunked\r\n\r\n"
    c.refused_by_connection("a chunk size of 2^64-1", chunked + b'FFFFFFFFFFFFFFFF\r\n{"location": "westus"}\r\n0\r\n\r\n',
                            400, "InvalidChunkSize")
    c.refused_by_connection("a chunk size of 2^63", chunked + b"8000000000000000\r\nx\r\n", 400, "InvalidChunkSize")
    c.refused_by_connection("a chunk size that overflows 64 bits", chunked + b"1FFFFFFFFFFFFFFFF\r\nx\r\n", 400, "InvalidChunkSize")
    c.refused_by_connection("a chunk size that is not hex", chunked + b"zz\r\nx\r\n", 400, "InvalidChunkSize")
    many = b"".join(b"X-Header-%d: v\r\n" % i for i in range(1001))
    c.refused_by_connection("1,001 headers", f"GET {RG}?{ARM_V} HTTP/1.1\r\nHost: {host}\r\n".encode() + many + b"\r\n",
                            400, "RequestHeadersTooLarge")
    c.refused_by_connection("a 100 KB URL", f"GET {RG}?{ARM_V}&x={'a' * 100_000} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode(),
                            400, "RequestHeadersTooLarge")
    c.refused_by_connection("a head that stops halfway", f"GET {RG}?{ARM_V} HTTP/1.1\r\nHost: {host}\r\nX-Slow: ".encode(),
                            408, "RequestTimeout")
    c.refused_by_connection("a body that stops halfway (valid JSON so far)",
                            head.replace(b"victim-rg", b"cut-rg") + b'Content-Length: 100\r\n\r\n{"location": "eastus2"}',
                            408, "RequestTimeout")
    status, _, _ = c.server.send("GET", f"/subscriptions/{SUB}/resourcegroups/cut-rg?{ARM_V}", c.auth)
    c.result("a body cut by the timeout is not stored", [] if status == 404 else [f"status {status}"])
    got, headers, _, closed = c.server.raw(f"GET {RG}?{ARM_V} HTTP/1.0\r\nAuthorization: Bearer fuzz\r\n\r\n".encode(), wait=10)
    c.result("HTTP/1.0 without keep-alive is answered with Connection: close and closed",
             [] if got == 200 and headers.get("connection", "").lower() == "close" and closed else
             [f"status {got}, Connection {headers.get('connection')!r}, closed {closed}"])


def inference_cases(c):
    bodies = {
        "malformed JSON": '{"messages": [{"role": "user", "content": "hi"}]',
        "truncated JSON": '{"messages": [{"role": "us',
        "an array body": "[]",
        "a string body": '"hi"',
        "a null body": "null",
        "messages that are a string": '{"messages": "hi"}',
        "messages that are numbers": '{"messages": [1, 2]}',
        "an empty message list": '{"messages": []}',
        "a role of the wrong type": '{"messages": [{"role": 5, "content": "hi"}]}',
        "an unknown role": '{"messages": [{"role": "wizard", "content": "hi"}]}',
        "a temperature of the wrong type": '{"messages": [{"role": "user", "content": "hi"}], "temperature": "hot"}',
        "an infinite temperature": '{"messages": [{"role": "user", "content": "hi"}], "temperature": 1e999}',
        "a negative max_tokens": '{"messages": [{"role": "user", "content": "hi"}], "max_tokens": -1}',
        "a huge max_tokens": '{"messages": [{"role": "user", "content": "hi"}], "max_tokens": 100000000000000000000}',
        "n of 0": '{"messages": [{"role": "user", "content": "hi"}], "n": 0}',
        "n of a million": '{"messages": [{"role": "user", "content": "hi"}], "n": 1000000}',
        "a stream flag that is a string": '{"messages": [{"role": "user", "content": "hi"}], "stream": "yes"}',
        "an unknown parameter": '{"messages": [{"role": "user", "content": "hi"}], "frobnicate": true}',
        "deeply nested content": '{"messages": [{"role": "user", "content": ' + deep("[", "]", 100_000) + "}]}",
        "invalid UTF-8": b'{"messages": [{"role": "user", "content": "\xff\xfe"}]}',
    }
    for name, body in bodies.items():
        c.refused(f"chat with {name}", "POST", CHAT, body if isinstance(body, bytes) else body.encode(), shape="inference")
    c.refused("chat of 5 MB", "POST", CHAT, '{"messages": [{"role": "user", "content": "' + "x" * 5_000_000 + '"}]}',
              shape="inference", codes=["RequestEntityTooLarge"])
    c.refused("chat with an empty body", "POST", CHAT, b"", shape="inference")
    c.refused("chat declared text/plain", "POST", CHAT, b'{"messages": [{"role": "user", "content": "hi"}]}', shape="inference",
              headers={"Content-Type": "text/plain"}, codes=["UnsupportedMediaType"])
    for name, body in {"input that is a number": '{"input": 5}', "nested input": '{"input": [[["a"]]]}',
                       "dimensions of the wrong type": '{"input": ["a"], "dimensions": "x"}',
                       "an unknown encoding": '{"input": ["a"], "encoding_format": "morse"}'}.items():
        c.refused(f"embeddings with {name}", "POST", EMBED, body.encode(), headers={"api-key": KEY + "-e"}, shape="inference")

    for name, segment in {"an encoded traversal": "..%2Fvictim-ep", "an emoji": "%F0%9F%98%80", "an invalid escape": "%ZZ",
                          "a truncated escape": "victim-ep%E0%A4", "a NUL byte": "victim%00ep", "a 5000-character name": "e" * 5000}.items():
        c.refused(f"chat to an endpoint named by {name}", "POST",
                  f"/serverless/eastus2/{segment}/chat/completions?api-version=2024-05-01-preview",
                  b'{"messages": [{"role": "user", "content": "hi"}]}', shape="inference")
    c.refused("chat through a dot-dot path", "POST", "/serverless/eastus2/x/../victim-ep/chat/completions?api-version=2024-05-01-preview",
              b'{"messages": [{"role": "user", "content": "hi"}]}', shape="inference")
    c.refused_by_http_layer("chat with raw unicode in the path", "POST",
                            "/serverless/eastus2/viсtim-ep/chat/completions?api-version=2024-05-01-preview",
                            b'{"messages": [{"role": "user", "content": "hi"}]}')
    for version in ("", "zzz", "1999-01-01", "2024-05-01preview", "%FF"):
        target = CHAT.replace("api-version=2024-05-01-preview", f"api-version={version}")
        c.refused(f"chat with api-version {version!r}", "POST", target, b'{"messages": [{"role": "user", "content": "hi"}]}',
                  shape="inference", codes=["MissingApiVersionParameter", "UnsupportedApiVersion"])
    c.refused("chat without a key", "POST", CHAT, b'{"messages": [{"role": "user", "content": "hi"}]}', auth=False, shape="inference",
              codes=["Unauthorized"])
    c.refused("chat with a wrong key", "POST", CHAT, b'{"messages": [{"role": "user", "content": "hi"}]}', shape="inference",
              headers={"api-key": "not-the-key"}, codes=["Unauthorized"])
    c.refused("chat with GET", "GET", CHAT, shape="inference")
    huge_schema = {"type": "array", "minItems": 1_000_000_000, "items": {"type": "array", "minItems": 1_000_000_000,
                   "items": {"type": "string", "minLength": 1_000_000_000_000}}}
    tool = {"type": "function", "function": {"name": "explode", "parameters": {"type": "object", "properties": {"a": huge_schema}}}}
    c.accepted("chat with a tool whose schema asks for 10^18 values", "POST", CHAT,
               json.dumps({"messages": [{"role": "user", "content": "go"}], "tools": [tool], "tool_choice": "required"}).encode(),
               {"api-key": KEY})
    c.accepted("chat with a response schema asking for 10^18 values", "POST", CHAT,
               json.dumps({"messages": [{"role": "user", "content": "go"}],
                           "response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": huge_schema}}}).encode(),
               {"api-key": KEY})
    c.refused("openai v1 chat naming no deployment", "POST", "/openai/v1/chat/completions",
              b'{"messages": [{"role": "user", "content": "hi"}]}', shape="inference")
    c.refused("openai v1 chat naming a deployment of the wrong type", "POST", "/openai/v1/chat/completions",
              b'{"model": 5, "messages": [{"role": "user", "content": "hi"}]}', shape="inference")


def put_resources_and_list_keys(server, resources, keys_of):
    """PUTs each (path, body) in order (each must be created), then answers `keys_of`'s listKeys."""
    auth = {"Authorization": "Bearer fuzz", "Content-Type": "application/json"}
    for path, body in resources:
        status, _, answer = server.send("PUT", f"{path}?{ARM_V}", auth, json.dumps(body).encode())
        if status not in (200, 201):
            raise AssertionError(f"{path}: {status} {answer[:300]!r}")
    status, _, body = server.send("POST", f"{keys_of}/listKeys?{ARM_V}", auth)
    return json.loads(body)


def setup_accounts(server):
    """An Azure OpenAI account with a chat deployment the cases below must leave as they are."""
    return put_resources_and_list_keys(server, (
        (ACCOUNT, {"kind": "OpenAI", "sku": {"name": "S0"}, "location": "eastus2", "properties": {"customSubDomainName": "victim-aoai"}}),
        (f"{ACCOUNT}/deployments/chat", {"sku": {"name": "Standard", "capacity": 10},
                                         "properties": {"model": {"format": "OpenAI", "name": "gpt-4o"}}}),
    ), ACCOUNT)["key1"]


def cognitive_cases(c, account_key):
    account = lambda props="{}", kind='"OpenAI"', sku='{"name": "S0"}': (
        '{"kind": %s, "sku": %s, "location": "eastus2", "properties": %s}' % (kind, sku, props)).encode()
    for name, (body, codes) in {
        "an unknown kind": (account(kind='"Emotion"'), ["InvalidApiSetId"]),
        "a kind that is a number": (account(kind="5"), None),
        "an unknown SKU": (account(sku='{"name": "S9"}'), ["InvalidSkuId"]),
        "a SKU that is a string": (account(sku='"S0"'), None),
        "no kind": (b'{"sku": {"name": "S0"}, "location": "eastus2"}', None),
        "a bad subdomain": (account('{"customSubDomainName": "Not_Valid!"}'), ["InvalidSubDomainName"]),
        "a taken subdomain": (account('{"customSubDomainName": "victim-aoai"}'), ["CustomDomainInUse"]),
        "a subdomain that is a number": (account('{"customSubDomainName": 7}'), None),
        "disableLocalAuth that is a string": (account('{"disableLocalAuth": "yes"}'), None),
        "properties that are an array": (account("[1]"), None),
        "malformed JSON": (b'{"kind": "OpenAI", "sku": {"name": "S0"', None),
    }.items():
        c.refused(f"account with {name}", "PUT", f"{CS}/fuzz-acct?{ARM_V}", body, codes=codes)
    for name, segment in {"a leading dash": "-acct", "a space": "a%20b", "a 100-character name": "a" * 100, "an emoji": "%F0%9F%98%80"}.items():
        c.refused(f"account named by {name}", "PUT", f"{CS}/{segment}?{ARM_V}", account())
    c.refused("changing an account's subdomain", "PUT", f"{ACCOUNT}?{ARM_V}", account('{"customSubDomainName": "elsewhere"}'),
              codes=["CustomSubDomainNameCannotBeChanged"])
    deployment = lambda model='{"format": "OpenAI", "name": "gpt-4o"}', sku='{"name": "Standard", "capacity": 1}': (
        '{"sku": %s, "properties": {"model": %s}}' % (sku, model)).encode()
    for name, (body, codes) in {
        "capacity 0": (deployment(sku='{"name": "Standard", "capacity": 0}'), ["InvalidCapacity"]),
        "a negative capacity": (deployment(sku='{"name": "Standard", "capacity": -5}'), ["InvalidCapacity"]),
        "a fractional capacity": (deployment(sku='{"name": "Standard", "capacity": 1.5}'), None),
        "a capacity of 1e300": (deployment(sku='{"name": "Standard", "capacity": 1e300}'), None),
        "a capacity beyond the quota": (deployment(sku='{"name": "Standard", "capacity": 445}'), ["InsufficientQuota"]),
        "an unknown model": (deployment('{"format": "OpenAI", "name": "gpt-99"}'), ["DeploymentModelNotSupported"]),
        "an unknown version": (deployment('{"format": "OpenAI", "name": "gpt-4o", "version": "1999"}'), ["DeploymentModelNotSupported"]),
        "a Foundry model in an OpenAI account": (deployment('{"format": "Meta", "name": "Meta-Llama-3-8B-Instruct"}',
                                                            '{"name": "GlobalStandard", "capacity": 1}'), ["DeploymentModelNotSupported"]),
        "an unknown SKU": (deployment(sku='{"name": "Turbo", "capacity": 1}'), ["InvalidResourceProperties"]),
        "a model that is a string": (deployment('"gpt-4o"'), None),
        "no model": (b'{"sku": {"name": "Standard", "capacity": 1}, "properties": {}}', None),
        "no SKU": (b'{"properties": {"model": {"format": "OpenAI", "name": "gpt-4o"}}}', None),
        "a changed model": (deployment('{"format": "OpenAI", "name": "gpt-4o-mini"}'), ["InvalidResourceProperties"]),
    }.items():
        target = f"{ACCOUNT}/deployments/{'chat' if name == 'a changed model' else 'fuzz-dep'}?{ARM_V}"
        c.refused(f"deployment with {name}", "PUT", target, body, codes=codes)
    c.refused("deployment under a missing account", "PUT", f"{CS}/no-such-acct/deployments/d1?{ARM_V}", deployment())
    c.refused("regenerateKey with an unknown key name", "POST", f"{ACCOUNT}/regenerateKey?{ARM_V}", b'{"keyName": "Key3"}')
    c.refused("regenerateKey with a body that is an array", "POST", f"{ACCOUNT}/regenerateKey?{ARM_V}", b"[]")
    c.refused("checkDomainAvailability without a name", "POST",
              f"/subscriptions/{SUB}/providers/Microsoft.CognitiveServices/checkDomainAvailability?{ARM_V}", b"{}")
    c.refused("purging an account that was never deleted", "DELETE",
              f"/subscriptions/{SUB}/providers/Microsoft.CognitiveServices/locations/eastus2/resourceGroups/victim-rg/deletedAccounts/victim-aoai?{ARM_V}")
    chat = f"{AOAI}/openai/deployments/chat/chat/completions?api-version=2024-10-21"
    good = b'{"messages": [{"role": "user", "content": "hi"}]}'
    key = {"api-key": account_key}
    c.refused("account chat with a wrong key", "POST", chat, good, headers={"api-key": "wrong"}, shape="inference", codes=["401"])
    c.refused("account chat with a forged token", "POST", chat, good, headers={"Authorization": "Bearer a.b.c"}, auth=False,
              shape="inference", codes=["401"])
    c.refused("account chat to a missing deployment", "POST", chat.replace("/chat/chat/", "/nope/chat/"), good, headers=key,
              shape="inference", codes=["DeploymentNotFound"])
    c.refused("account chat to a missing account", "POST", chat.replace("victim-aoai", "ghost-aoai"), good, headers=key,
              shape="inference", codes=["ResourceNotFound"])
    c.refused("account chat with malformed JSON", "POST", chat, b'{"messages": [', headers=key, shape="inference")
    c.refused("account chat without an api-version", "POST", chat.split("?")[0], good, headers=key, shape="inference")
    c.refused("account models chat naming no model", "POST", f"{AOAI}/models/chat/completions?api-version=2024-05-01-preview", good,
              headers=key, shape="inference", codes=["no_model_name"])
    c.refused("account v1 chat naming a deployment of the wrong type", "POST", f"{AOAI}/openai/v1/chat/completions",
              b'{"model": [1], "messages": [{"role": "user", "content": "hi"}]}', headers=key, shape="inference")
    c.refused("account embeddings on a chat deployment", "POST", f"{AOAI}/openai/deployments/chat/embeddings?api-version=2024-10-21",
              b'{"input": "hi"}', headers=key, shape="inference", codes=["OperationNotSupported"])


def billing_cases(c):
    """Cost Management queries, Consumption usage details and SaaS resources (docs/billing.md)."""
    sub_query, rg_query = f"/subscriptions/{SUB}/{QUERY}", f"{RG}/{QUERY}"
    ds = '"dataset": {"aggregation": {"c": {"name": "Cost", "function": "Sum"}}}'
    custom = lambda start, end: '{"type": "Usage", "timeframe": "Custom", "timePeriod": {"from": "%s", "to": "%s"}, %s}' % (start, end, ds)
    with_dataset = lambda dataset: '{"type": "Usage", "timeframe": "MonthToDate", "dataset": %s}' % dataset
    bad_queries = {
        "malformed JSON": '{"type": "Usage", "timeframe": ',
        "an array body": "[]",
        "a string body": '"Usage"',
        "an empty object": "{}",
        "a type of the wrong type": '{"type": 5, "timeframe": "MonthToDate", %s}' % ds,
        "an unknown type": '{"type": "Forecast", "timeframe": "MonthToDate", %s}' % ds,
        "an unknown timeframe": '{"type": "Usage", "timeframe": "Forever", %s}' % ds,
        "a custom timeframe without a period": '{"type": "Usage", "timeframe": "Custom", %s}' % ds,
        "a period that is a string": '{"type": "Usage", "timeframe": "Custom", "timePeriod": "last week", %s}' % ds,
        "an inverted period": custom("2026-10-31T00:00:00Z", "2026-10-01T00:00:00Z"),
        "a period of two years": custom("2024-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        "a period with a bad date": custom("2026-02-30T00:00:00Z", "2026-03-01"),
        "a period of dates that are numbers": '{"type": "Usage", "timeframe": "Custom", "timePeriod": {"from": 1, "to": 2}, %s}' % ds,
        "no dataset": '{"type": "Usage", "timeframe": "MonthToDate"}',
        "a dataset that is a list": with_dataset("[]"),
        "an hourly granularity": with_dataset('{"granularity": "Hourly"}'),
        "a granularity that is a number": with_dataset('{"granularity": 1}'),
        "an unknown dimension": with_dataset('{"grouping": [{"type": "Dimension", "name": "PublisherName"}]}'),
        "three groupings": with_dataset('{"grouping": [{"type": "Dimension", "name": "Meter"}, {"type": "Dimension", "name": "ResourceId"}, '
                                        '{"type": "Dimension", "name": "ServiceName"}]}'),
        "a grouping that is an object": with_dataset('{"grouping": {"type": "Dimension", "name": "Meter"}}'),
        "a grouping without a name": with_dataset('{"grouping": [{"type": "Dimension"}]}'),
        "an unknown grouping type": with_dataset('{"grouping": [{"type": "Column", "name": "Meter"}]}'),
        "an average": with_dataset('{"aggregation": {"c": {"name": "Cost", "function": "Avg"}}}'),
        "an unknown aggregated column": with_dataset('{"aggregation": {"c": {"name": "Profit", "function": "Sum"}}}'),
        "three aggregations": with_dataset('{"aggregation": {"a": {"name": "Cost", "function": "Sum"}, "b": {"name": "CostUSD", "function": "Sum"}, '
                                           '"c": {"name": "PreTaxCost", "function": "Sum"}}}'),
        "an aggregation that is a list": with_dataset('{"aggregation": [1]}'),
        "a filter with two kinds": with_dataset('{"filter": {"dimensions": {"name": "Meter", "operator": "In", "values": ["a"]}, '
                                                '"tags": {"name": "t", "operator": "In", "values": ["b"]}}}'),
        "an empty filter": with_dataset('{"filter": {}}'),
        "a filter operator other than In": with_dataset('{"filter": {"dimensions": {"name": "Meter", "operator": "Contains", "values": ["a"]}}}'),
        "a filter on an unknown dimension": with_dataset('{"filter": {"dimensions": {"name": "Color", "operator": "In", "values": ["a"]}}}'),
        "a filter without values": with_dataset('{"filter": {"dimensions": {"name": "Meter", "operator": "In", "values": []}}}'),
        "an and of one": with_dataset('{"filter": {"and": [{"dimensions": {"name": "Meter", "operator": "In", "values": ["a"]}}]}}'),
        "a not": with_dataset('{"filter": {"not": {"dimensions": {"name": "Meter", "operator": "In", "values": ["a"]}}}}'),
        "a deep filter": with_dataset('{"filter": ' + deep('{"and": [{"dimensions": {"name": "Meter", "operator": "In", "values": ["a"]}}, ', "]}", 5_000,
                                                          '{"dimensions": {"name": "Meter", "operator": "In", "values": ["b"]}}') + "}"),
        "deeply nested JSON": with_dataset(deep('{"a":', "}", 100_000)),
    }
    for name, body in bad_queries.items():
        c.refused(f"cost query with {name}", "POST", sub_query, body)
    c.refused("cost query at group scope with an inverted period", "POST", rg_query, custom("2026-10-31", "2026-10-01"), codes=["BadRequest"])
    c.refused("cost query of 5 MB", "POST", sub_query, '{"type": "Usage", "x": "' + "x" * 5_000_000 + '"}', codes=["RequestEntityTooLarge"])
    c.refused("cost query with GET", "GET", sub_query)
    for query in ("$top=0", "$top=x", "$top=99999999999999999999", "$skiptoken=garbage", "$skiptoken=%FF"):
        c.refused(f"cost query with {query}", "POST", f"{sub_query}&{query}", GOOD_QUERY, codes=["BadRequest"])
    c.refused("cost query of an unknown subscription", "POST", f"/subscriptions/99999999-0000-0000-0000-000000000000/{QUERY}", GOOD_QUERY,
              codes=["SubscriptionNotFound"])
    c.refused("cost query of a missing resource group", "POST", f"/subscriptions/{SUB}/resourceGroups/ghost/{QUERY}", GOOD_QUERY,
              codes=["ResourceGroupNotFound"])
    c.refused("cost query at a workspace's scope", "POST", f"{WS}/{QUERY}", GOOD_QUERY)
    c.refused("cost query at a management group's scope", "POST", f"/providers/Microsoft.Management/managementGroups/mg/{QUERY}", GOOD_QUERY)
    c.refused("cost query at a billing account's scope", "POST", f"/providers/Microsoft.Billing/billingAccounts/1234/{QUERY}", GOOD_QUERY)
    usage = f"/subscriptions/{SUB}/{USAGE}"
    for name, query in {"ne": "$filter=properties/resourceGroup%20ne%20'x'", "or": "$filter=properties/resourceGroup%20eq%20'a'%20or%20properties/resourceGroup%20eq%20'b'",
                        "not": "$filter=not%20properties/resourceGroup%20eq%20'a'", "an unknown property": "$filter=properties/price%20eq%20'1'",
                        "a bad date": "$filter=properties/usageEnd%20ge%20'someday'", "an unquoted value": "$filter=properties/resourceGroup%20eq%20rg",
                        "an open quote": "$filter=properties/resourceGroup%20eq%20'rg", "half a clause": "$filter=properties/resourceGroup",
                        "a bad metric": "metric=profit", "a negative top": "$top=-5", "a top of a billion": "$top=1000000000"}.items():
        c.refused(f"usage details with {name}", "GET", f"{usage}&{query}", codes=["BadRequest"])
    c.refused("usage details of a badly named billing period", "GET",
              f"/subscriptions/{SUB}/providers/Microsoft.Billing/billingPeriods/2026-13/{USAGE}", codes=["NotFound"])
    c.refused("usage details with POST", "POST", usage, "{}")
    saas = f"{RG}/providers/Microsoft.SaaS/resources"
    for name, body in {"no offer": '{"location": "global", "properties": {"publisherId": "p", "skuId": "s"}}',
                       "a regional location": '{"location": "eastus2", "properties": {"publisherId": "p", "offerId": "o", "skuId": "s"}}',
                       "an offer that is a number": '{"location": "global", "properties": {"publisherId": "p", "offerId": 5, "skuId": "s"}}',
                       "properties that are a list": '{"location": "global", "properties": [1]}',
                       "malformed JSON": '{"location": "global", "properties": {'}.items():
        c.refused(f"SaaS resource PUT with {name}", "PUT", f"{saas}/fuzz-saas?api-version=2018-03-01-beta", body)
    c.refused("SaaS resource PUT named with a traversal", "PUT", f"{saas}/..%2F..%2Fx?api-version=2018-03-01-beta",
              '{"location": "global", "properties": {"publisherId": "p", "offerId": "o", "skuId": "s"}}')
    c.refused("unsubscribe of a missing SaaS resource", "POST", f"{saas}/ghost/unsubscribe?api-version=2018-03-01-beta", "{}",
              codes=["ResourceNotFound"])


def setup_compute(server):
    """A managed online endpoint with one deployment taking all traffic, which the cases below must leave as they are."""
    deployment = {"location": "eastus2", "sku": {"name": "Default", "capacity": 1},
                  "properties": {"endpointComputeType": "Managed", "model": QA, "instanceType": "Standard_DS3_v2"}}
    return put_resources_and_list_keys(server, (
        (ONLINE, {"location": "eastus2", "properties": {"authMode": "Key"}}),
        (f"{ONLINE}/deployments/blue", deployment),
        (ONLINE, {"location": "eastus2", "properties": {"authMode": "Key", "traffic": {"blue": 100}}}),
    ), ONLINE)["primaryKey"]


def compute_cases(c, online_key):
    endpoint = lambda props: ('{"location": "eastus2", "properties": %s}' % props).encode()
    for name, (body, codes) in {
        "no authMode": (endpoint("{}"), ["InvalidRequestContent"]),
        "an unknown authMode": (endpoint('{"authMode": "Password"}'), ["BadArgument"]),
        "an authMode that is a number": (endpoint('{"authMode": 1}'), ["InvalidRequestContent"]),
        "a Kubernetes compute": (endpoint('{"authMode": "Key", "compute": "/subscriptions/x/k8s"}'), ["NotSupportedByEmulator"]),
        "traffic to a missing deployment": (endpoint('{"authMode": "Key", "traffic": {"green": 100}}'), ["BadArgument"]),
        "traffic summing to 90": (endpoint('{"authMode": "Key", "traffic": {"blue": 90}}'), ["BadArgument"]),
        "a fractional weight": (endpoint('{"authMode": "Key", "traffic": {"blue": 99.5}}'), ["BadArgument"]),
        "a weight that is a string": (endpoint('{"authMode": "Key", "traffic": {"blue": "100"}}'), ["BadArgument"]),
        "traffic that is an array": (endpoint('{"authMode": "Key", "traffic": [100]}'), ["InvalidRequestContent"]),
        "60 % mirrored": (endpoint('{"authMode": "Key", "traffic": {"blue": 100}, "mirrorTraffic": {"blue": 60}}'), ["BadArgument"]),
        "properties that are an array": (endpoint("[1]"), ["InvalidRequestContent"]),
        "malformed JSON": (b'{"location": "eastus2", "properties": {"authMode": ', ["InvalidRequestContent"]),
    }.items():
        c.refused(f"online endpoint with {name}", "PUT", f"{ONLINE}?{ARM_V}", body, codes=codes)
    for name, segment in {"two characters": "ab", "a leading digit": "1ep", "a trailing dash": "ep-", "33 characters": "e" * 33}.items():
        c.refused(f"online endpoint named by {name}", "PUT", f"{WS}/onlineEndpoints/{segment}?{ARM_V}", endpoint('{"authMode": "Key"}'),
                  codes=["InvalidResourceName"])
    deployment = lambda model=QA, size="Standard_DS3_v2", capacity="1", extra="": (
        '{"location": "eastus2", "sku": {"name": "Default", "capacity": %s}, "properties": {"endpointComputeType": "Managed", '
        '"model": "%s", "instanceType": "%s"%s}}' % (capacity, model, size, extra)).encode()
    for name, (body, codes) in {
        "an unknown instance type": (deployment(size="Standard_Imaginary_v9"), ["BadArgument"]),
        "an instance type managed endpoints do not offer": (deployment(size="Standard_DS1_v2"), ["BadArgument"]),
        "instance count 0": (deployment(capacity="0"), ["BadArgument"]),
        "a negative instance count": (deployment(capacity="-3"), ["BadArgument"]),
        "an instance count of 1e300": (deployment(capacity="1e300"), ["InvalidRequestContent"]),
        "a fractional instance count": (deployment(capacity="1.5"), ["InvalidRequestContent"]),
        "an instance count beyond quota": (deployment(capacity="50"), ["BadRequest"]),
        "a model not in the catalog": (deployment(model="azureml://registries/azureml/models/ghost/versions/1"), ["BadArgument"]),
        "a model too big for the instance type": (deployment(model="azureml://registries/azureml-meta/models/Meta-Llama-3-70B-Instruct/versions/8"), ["BadArgument"]),
        "a model without a version": (deployment(model="azureml://registries/azureml/models/deepset-roberta-base-squad2"), ["BadArgument"]),
        "a local model asset": (deployment(model=f"{WS}/models/mine/versions/1"), ["NotSupportedByEmulator"]),
        "a model that is a number": (b'{"location": "eastus2", "properties": {"endpointComputeType": "Managed", "model": 7}}', ["InvalidRequestContent"]),
        "no model": (b'{"location": "eastus2", "properties": {"endpointComputeType": "Managed"}}', ["InvalidRequestContent"]),
        "no compute type": (b'{"location": "eastus2", "properties": {"model": "%s"}}' % QA.encode(), ["InvalidRequestContent"]),
        "a Kubernetes compute type": (deployment().replace(b'"Managed"', b'"Kubernetes"'), ["NotSupportedByEmulator"]),
        "scoring code": (deployment(extra=', "codeConfiguration": {"codeId": "x", "scoringScript": "score.py"}'), ["NotSupportedByEmulator"]),
        "a ten-minute request timeout": (deployment(extra=', "requestSettings": {"requestTimeout": "PT10M"}'), ["BadArgument"]),
        "a probe period that is not a duration": (deployment(extra=', "livenessProbe": {"period": "soon"}'), ["BadArgument"]),
        "malformed JSON": (b'{"location": "eastus2", "sku": {', ["InvalidRequestContent"]),
    }.items():
        c.refused(f"online deployment with {name}", "PUT", f"{ONLINE}/deployments/fuzz-dep?{ARM_V}", body, codes=codes)
    c.refused("moving a deployment to another instance type", "PUT", f"{ONLINE}/deployments/blue?{ARM_V}", deployment(size="Standard_DS4_v2"),
              codes=["BadArgument"])
    c.refused("scaling a deployment beyond quota", "PATCH", f"{ONLINE}/deployments/blue?{ARM_V}", b'{"sku": {"capacity": 40}}', codes=["BadRequest"])
    c.refused("scaling a deployment to 0", "PATCH", f"{ONLINE}/deployments/blue?{ARM_V}", b'{"sku": {"capacity": 0}}', codes=["BadArgument"])
    c.refused("a deployment under a missing endpoint", "PUT", f"{WS}/onlineEndpoints/ghost-ep/deployments/d1?{ARM_V}", deployment())
    c.refused("getLogs of an unknown container", "POST", f"{ONLINE}/deployments/blue/getLogs?{ARM_V}", b'{"containerType": "Sidecar"}',
              codes=["BadArgument"])
    c.refused("getLogs with a tail that is a string", "POST", f"{ONLINE}/deployments/blue/getLogs?{ARM_V}", b'{"tail": "all"}')
    c.refused("a token from a key endpoint", "POST", f"{ONLINE}/token?{ARM_V}", codes=["BadArgument"])
    c.refused("regenerateKeys with an unknown key type", "POST", f"{ONLINE}/regenerateKeys?{ARM_V}", b'{"keyType": "Tertiary"}')
    quotas = f"/subscriptions/{SUB}/providers/Microsoft.MachineLearningServices/locations/eastus2/updateQuotas?{ARM_V}"
    c.refused("updateQuotas without a value", "POST", quotas, b"{}")
    c.refused("updateQuotas with a limit that is a string", "POST", quotas,
              b'{"value": [{"id": "x/quotas/Standard_DSv2_Family_Cluster_Dedicated_vCPUs", "limit": "lots"}]}')
    c.refused("updateQuotas with a row that is a number", "POST", quotas, b'{"value": [5]}')
    qa = b'{"inputs": {"question": ["Why?"], "context": ["Because."]}}'
    key = {"Authorization": f"Bearer {online_key}"}
    c.refused("scoring with a wrong key", "POST", SCORE, qa, headers={"Authorization": "Bearer wrong"}, auth=False, shape="inference",
              codes=["Unauthorized"])
    c.refused("scoring without credentials", "POST", SCORE, qa, auth=False, shape="inference", codes=["Unauthorized"])
    c.refused("scoring a missing deployment", "POST", SCORE, qa, headers={**key, "azureml-model-deployment": "ghost"}, auth=False,
              shape="inference", codes=["DeploymentNotFound"])
    c.refused("scoring a missing endpoint", "POST", SCORE.replace("victim-online", "ghost-online"), qa, headers=key, auth=False,
              shape="inference", codes=["EndpointNotFound"])
    c.refused("scoring malformed JSON", "POST", SCORE, b'{"inputs": ', headers=key, auth=False, shape="inference")
    c.refused("scoring a body declared as text", "POST", SCORE, qa, headers={**key, "Content-Type": "text/plain"}, auth=False,
              shape="inference", codes=["UnsupportedMediaType"])
    c.refused("scoring a body the model cannot read", "POST", SCORE, b'{"input_data": 5}', headers=key, auth=False, shape="inference",
              codes=["ModelError"])
    c.refused("chat completions on a question-answering model", "POST", SCORE.replace("/score", "/v1/chat/completions"),
              b'{"messages": [{"role": "user", "content": "hi"}]}', headers=key, auth=False, shape="inference")


# The principal the assignments name: a client that has had a token is in the directory (its `oid`).
PRINCIPAL = "aaaaaaaa-0000-0000-0000-000000000001"
UNKNOWN_PRINCIPAL = "aaaaaaaa-0000-0000-0000-00000000dead"


def sign_in_principal(server, client="fuzz-principal"):
    """Signs `client` in (client credentials) and returns its object id from the token."""
    form = f"grant_type=client_credentials&client_id={client}&client_secret=s&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"
    status, _, response = server.send("POST", "/common/oauth2/v2.0/token", {"Content-Type": "application/x-www-form-urlencoded"}, form)
    assert status == 200, f"no token for {client}: {status} {response[:300]!r}"
    payload = json.loads(response)["access_token"].split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))["oid"]


def setup_authorization(server):
    """One role assignment on the victim group, which the duplicate below must not add to."""
    global PRINCIPAL
    PRINCIPAL = sign_in_principal(server)
    body = json.dumps({"properties": {"principalId": PRINCIPAL, "roleDefinitionId": READER}})
    status, _, response = server.send("PUT", f"{RG}/{AUTHZ}/roleAssignments/88888888-0000-0000-0000-000000000001?api-version=2022-04-01",
                                      {"Authorization": "Bearer fuzz", "Content-Type": "application/json"}, body)
    assert status == 201, f"the role assignment was not made: {status} {response[:300]!r}"


def authorization_cases(c):
    """Role assignments and custom roles (docs/access-control.md): Azure's codes, nothing stored."""
    assign = lambda name, scope=RG: f"{scope}/{AUTHZ}/roleAssignments/{name}?api-version=2022-04-01"
    good_name = "88888888-0000-0000-0000-0000000000f0"
    props = lambda **p: json.dumps({"properties": {"principalId": PRINCIPAL, "roleDefinitionId": READER, **p}})
    bad_assignments = {
        "malformed JSON": ('{"properties": {', None),
        "an array body": ("[]", ["InvalidRequestContent"]),
        "properties that are a string": ('{"properties": "x"}', ["InvalidRequestContent"]),
        "no roleDefinitionId": (json.dumps({"properties": {"principalId": PRINCIPAL}}), None),
        "a roleDefinitionId that is a name": (props(roleDefinitionId="Reader"), ["InvalidRoleDefinitionId"]),
        "a roleDefinitionId that is a number": (props(roleDefinitionId=7), ["InvalidRequestContent"]),
        "an unknown role": (props(roleDefinitionId=READER[:-12] + "000000000000"), ["RoleDefinitionDoesNotExist"]),
        "a principalId that is not a GUID": (props(principalId="alice"), ["InvalidPrincipalId"]),
        "a principal the directory does not know": (props(principalId=UNKNOWN_PRINCIPAL), ["PrincipalNotFound"]),
        "an unknown principalType": (props(principalType="Robot"), None),
        "a conditionVersion other than 2.0": (props(conditionVersion="1.0"), None),
    }
    for name, (body, codes) in bad_assignments.items():
        c.refused(f"role assignment PUT with {name}", "PUT", assign(good_name), body, codes=codes)
    c.refused("role assignment PUT under a name that is not a GUID", "PUT", assign("not-a-guid"), props(), codes=["InvalidRoleAssignmentId"])
    c.refused("role assignment PUT that duplicates one under another name", "PUT", assign(good_name), props(),
              codes=["RoleAssignmentExists"])
    c.refused("role assignment PUT on a group that does not exist", "PUT",
              assign(good_name, f"/subscriptions/{SUB}/resourceGroups/nope"), props(), codes=["ResourceGroupNotFound"])
    c.refused("role assignment PUT on a resource that does not exist", "PUT",
              assign(good_name, f"{RG}/providers/Microsoft.MachineLearningServices/workspaces/nope"), props(), codes=["ResourceNotFound"])
    c.refused("role assignment list with an unknown filter", "GET",
              f"{RG}/{AUTHZ}/roleAssignments?api-version=2022-04-01&%24filter=roleName%20eq%20%27Reader%27", codes=["InvalidFilter"])
    role = lambda name="99999999-0000-0000-0000-000000000001", scope=f"/subscriptions/{SUB}": \
        f"{scope}/{AUTHZ}/roleDefinitions/{name}?api-version=2022-05-01-preview"
    custom = lambda **p: json.dumps({"properties": {"roleName": "Fuzzed", "assignableScopes": [f"/subscriptions/{SUB}"],
                                                    "permissions": [{"actions": ["*/read"]}], **p}})
    bad_roles = {
        "no roleName": (json.dumps({"properties": {"assignableScopes": [f"/subscriptions/{SUB}"]}}), None),
        "the name of a built-in role": (custom(roleName="reader"), ["RoleDefinitionWithSameNameExists"]),
        "no assignableScopes": (json.dumps({"properties": {"roleName": "Fuzzed"}}), None),
        "the tenant root as assignable scope": (custom(assignableScopes=["/"]), ["InvalidAssignableScope"]),
        "an assignable group that does not exist": (custom(assignableScopes=[f"/subscriptions/{SUB}/resourceGroups/nope"]),
                                                    ["ResourceGroupNotFound"]),
        "assignableScopes that are a string": (custom(assignableScopes=f"/subscriptions/{SUB}"), ["InvalidRequestContent"]),
        "permissions that are an object": (custom(permissions={"actions": []}), ["InvalidRequestContent"]),
        "actions that are numbers": (custom(permissions=[{"actions": [1]}]), ["InvalidRequestContent"]),
        "the built-in type": (custom(type="BuiltInRole"), None),
    }
    for name, (body, codes) in bad_roles.items():
        c.refused(f"custom role PUT with {name}", "PUT", role(), body, codes=codes)
    c.refused("custom role PUT at a scope not among its assignable scopes", "PUT", role(scope=RG), custom(),
              codes=["InvalidRoleDefinitionScope"])
    c.refused("custom role PUT under a name that is not a GUID", "PUT", role("not-a-guid"), custom(), codes=["InvalidRoleDefinitionId"])
    c.refused("a built-in role PUT", "PUT", role("acdd72a7-3385-48ef-bd42-f606fba81ae7"), custom(),
              codes=["InvalidRoleDefinitionUpdate"])
    c.refused("a built-in role DELETE", "DELETE", role("acdd72a7-3385-48ef-bd42-f606fba81ae7"), codes=["InvalidRoleDefinitionUpdate"])
    c.refused("an unknown role definition GET", "GET", role(), codes=["RoleDefinitionDoesNotExist"])


def graph_cases(c):
    """The Microsoft Graph slice (docs/access-control.md): Graph's JSON error shape, nothing stored."""
    unknown = "00000000-0000-0000-0000-00000000dead"
    for name, (method, path, body, codes) in {
        "an application with malformed JSON": ("POST", "/v1.0/applications", '{"displayName": ', ["Request_BadRequest"]),
        "an application without a displayName": ("POST", "/v1.0/applications", "{}", ["Request_BadRequest"]),
        "an application whose displayName is a number": ("POST", "/v1.0/applications", '{"displayName": 5}', ["Request_BadRequest"]),
        "an application body that is an array": ("POST", "/v1.0/applications", "[]", ["Request_BadRequest"]),
        "a service principal for an unknown appId": ("POST", "/v1.0/servicePrincipals", json.dumps({"appId": unknown}), ["Request_BadRequest"]),
        "a service principal without an appId": ("POST", "/v1.0/servicePrincipals", "{}", ["Request_BadRequest"]),
        "getByIds with ids that are a string": ("POST", "/v1.0/directoryObjects/getByIds", '{"ids": "x"}', ["Request_BadRequest"]),
        "a password for an unknown application": ("POST", f"/v1.0/applications/{unknown}/addPassword", "{}", ["Request_ResourceNotFound"]),
        "an unknown service principal": ("GET", f"/v1.0/servicePrincipals/{unknown}", "", ["Request_ResourceNotFound"]),
        "an unsupported filter": ("GET", "/v1.0/users?%24filter=jobTitle%20gt%20%27a%27", "", ["Request_UnsupportedQuery"]),
        "a filter that is not closed": ("GET", "/v1.0/servicePrincipals?%24filter=appId%20eq%20%27x", "", ["Request_UnsupportedQuery"]),
        "a page size of zero": ("GET", "/v1.0/servicePrincipals?%24top=0", "", ["Request_BadRequest"]),
        "a page size that is not a number": ("GET", "/v1.0/servicePrincipals?%24top=abc", "", ["Request_BadRequest"]),
        "a skip token past the end": ("GET", "/v1.0/servicePrincipals?%24skiptoken=99999", "", ["Request_BadRequest"]),
        "an unknown route": ("GET", "/v1.0/groups", "", ["BadRequest"]),
    }.items():
        c.refused(f"Graph: {name}", method, path, body, codes=codes)
    c.refused("Graph without a token", "GET", "/v1.0/users", auth=False, codes=["InvalidAuthenticationToken"])


def main():
    if not os.access(BINARY, os.X_OK):
        print(f"bad input: no cerulean binary at {BINARY}: run swift build first")
        return 1
    # A manual clock: the rate-limit window the check below reads never rolls over.
    try:
        process = RunningCerulean("--clock", "manual", "--provisioning", "immediate",
                                  "--request-head-timeout", "2", "--request-body-timeout", "2")
    except AssertionError:
        print("bad input: cerulean did not start")
        return 1
    url, data_dir = process.url, process.data_dir
    try:
        server = Server(url, os.path.join(data_dir, "ca.pem"))
        status, _, body = server.send("POST", "/_cerulean/seed", {"Content-Type": "application/json"}, json.dumps(SEED))
        if status != 200:
            print(f"bad input: the seed failed: {status} {body[:300]!r}")
            return 1
        account_key = setup_accounts(server)
        online_key = setup_compute(server)
        setup_authorization(server)
        c = Check(server)
        good = b'{"messages": [{"role": "user", "content": "hi"}]}'

        def remaining():
            status, headers, _ = server.send("POST", CHAT, {"api-key": KEY, "Content-Type": "application/json"}, good)
            return status, headers.get("x-ratelimit-remaining-requests")

        before = remaining()
        c.baseline = c.arm_state()  # that chat was billed
        arm_cases(c)
        inference_cases(c)
        cognitive_cases(c, account_key)
        billing_cases(c)
        compute_cases(c, online_key)
        authorization_cases(c)
        graph_cases(c)
        connection_cases(c, f"{server.host}:{server.port}")
        after = remaining()
        # Refused data-plane requests are not counted against the endpoint's limits (the two accepted
        # hostile requests are).
        c.result("refused requests did not use the rate limit", [] if before[0] == after[0] == 200 and
                 int(after[1]) == int(before[1]) - 3 else [f"remaining {before} then {after}"])
        status, _, _ = server.send("GET", "/_cerulean/health")
        c.result("the server is still healthy", [] if status == 200 else [f"health {status}"])
    finally:
        process.stop()
        shutil.rmtree(data_dir, ignore_errors=True)
    print(f"bad input: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
