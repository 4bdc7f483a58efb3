"""Starting the cerulean binary on loopback and talking to its admin API (standard library only)."""
import json
import os
import pathlib
import shlex
import shutil
import ssl
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

LOOPBACK = ("localhost", "127.0.0.1", "::1")
ML_API_VERSION = "2024-04-01"


class CeruleanError(Exception):
    """Cerulean did not start, or the admin API refused a request (the message is the server's)."""


def find_binary(setting=None, search_from=()):
    """The binary to run: `setting` (an option or CERULEAN_BINARY), else `cerulean` on PATH, else the
    newest `.build/{debug,release}/cerulean` of a Cerulean checkout at or above one of `search_from`."""
    if setting:
        path = pathlib.Path(setting).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise CeruleanError(f"The cerulean binary set ({setting}) is not an executable file.")
        return str(path.resolve())
    on_path = shutil.which("cerulean")
    if on_path:
        return on_path
    for start in search_from:
        for folder in [pathlib.Path(start).resolve(), *pathlib.Path(start).resolve().parents]:
            manifest = folder / "Package.swift"
            if manifest.is_file() and 'name: "Cerulean"' in manifest.read_text(errors="replace"):
                builds = [folder / ".build" / c / "cerulean" for c in ("debug", "release")]
                builds = [b for b in builds if b.is_file() and os.access(b, os.X_OK)]
                if builds:
                    return str(max(builds, key=lambda b: b.stat().st_mtime))
    raise CeruleanError("No cerulean binary: put it on PATH, set CERULEAN_BINARY (or --cerulean-binary, "
                        "or the cerulean_binary ini option), or build the checkout with `swift build`.")


class Clock:
    """The server's clock; `advance` needs a server started with `--clock manual` (marker cerulean_clock)."""

    def __init__(self, server):
        self._server = server

    def advance(self, seconds):
        return self._server.admin("POST", "clock/advance", {"seconds": seconds})

    @property
    def now(self):
        return self._server.admin("GET", "clock")["now"]

    @property
    def mode(self):
        return self._server.admin("GET", "clock")["mode"]


class Faults:
    """`faults(rule, ...)` replaces the fault plan (docs/admin.md#faults); `faults.clear()` removes it."""

    def __init__(self, server):
        self._server = server

    def __call__(self, *rules, seed=0):
        if len(rules) == 1 and isinstance(rules[0], (list, tuple)):
            rules = tuple(rules[0])
        return self._server.admin("POST", "faults", {"seed": seed, "rules": list(rules)})

    def plan(self):
        return self._server.admin("GET", "faults")

    def clear(self):
        self._server.admin("DELETE", "faults")


class CeruleanServer:
    """One cerulean process on a free loopback port with a scratch data folder.

    After `start()`: `url`, `ca` (the CA certificate's path), `subscription`, `tenant`, `env` (what
    `eval "$(cerulean env)"` sets, plus NO_PROXY for loopback), `data_dir`, `port`, `log_path`."""

    def __init__(self, binary, args=(), host="localhost", startup_timeout=60.0, keep_data=False):
        if host not in LOOPBACK:
            raise CeruleanError(f"pytest-cerulean serves on loopback only ({', '.join(LOOPBACK)}), not {host!r}.")
        self.binary = binary
        self.args = list(args)
        self.host = host
        self.startup_timeout = startup_timeout
        self.keep_data = keep_data
        self.process = None
        self.url = None
        self.clock = Clock(self)
        self.faults = Faults(self)

    # -- life cycle -------------------------------------------------------------------------------

    def start(self):
        self.data_dir = tempfile.mkdtemp(prefix="pytest-cerulean-")
        self.ca = os.path.join(self.data_dir, "ca.pem")
        self.log_path = os.path.join(self.data_dir, "server.log")
        self._log = open(self.log_path, "wb")
        command = [self.binary, "serve", "--host", self.host, "--port", "0", "--data-dir", self.data_dir, *self.args]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self._log, stdin=subprocess.DEVNULL)
        banner = []
        found = threading.Event()

        def read_stdout():
            # Keeps reading after the banner, so a chatty server never blocks on a full pipe.
            for raw in self.process.stdout:
                line = raw.decode(errors="replace")
                banner.append(line)
                if "Listening on " in line and self.url is None:
                    self.url = line.split()[-1]
                    found.set()
            found.set()

        threading.Thread(target=read_stdout, daemon=True).start()
        deadline = time.monotonic() + self.startup_timeout
        found.wait(self.startup_timeout)
        if self.url is None:
            self._fail("did not report its URL", "".join(banner))
        self.port = int(self.url.rsplit(":", 1)[1])
        self._context = ssl.create_default_context(cafile=self.ca)
        self._opener = urllib.request.build_opener(urllib.request.ProxyHandler({}),
                                                   urllib.request.HTTPSHandler(context=self._context))
        self._wait_until_healthy(deadline, banner)
        info = self.admin("GET", "info")
        self.subscription = info["subscriptionId"]
        self.tenant = info["tenantId"]
        self.env = self._client_environment()
        return self

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process:
            self._log.close()
        if self.process and not self.keep_data:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def _wait_until_healthy(self, deadline, banner):
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._fail(f"exited with status {self.process.returncode}", "".join(banner))
            try:
                status, _, body = self.request("GET", "/_cerulean/health")
                if status == 200 and body.get("status") == "ok":
                    return
                last = body
            except OSError as error:
                last = error
            time.sleep(0.05)
        self._fail(f"was not healthy in {self.startup_timeout:.0f} s (last answer: {last})", "".join(banner))

    def _fail(self, what, banner):
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self._log.flush()
        log = pathlib.Path(self.log_path).read_text(errors="replace")[-4000:]
        raise CeruleanError(f"cerulean ({self.binary}) {what}.\nIt printed:\n{banner}\nIts log ({self.log_path}):\n{log}")

    def _client_environment(self):
        out = subprocess.run([self.binary, "env", "--data-dir", self.data_dir, "--host", self.host,
                              "--port", str(self.port), "--subscription-id", self.subscription,
                              "--tenant-id", self.tenant],
                             check=True, capture_output=True, text=True, timeout=60).stdout
        env = {}
        for line in out.splitlines():
            words = shlex.split(line)
            if len(words) == 2 and words[0] == "export" and "=" in words[1]:
                name, value = words[1].split("=", 1)
                env[name] = value
        if env.get("CERULEAN_URL") != self.url:
            raise CeruleanError(f"`cerulean env` printed {env.get('CERULEAN_URL')}, the server listens on {self.url}.")
        loopback = ",".join(LOOPBACK)
        for name in ("NO_PROXY", "no_proxy"):
            current = os.environ.get(name, "")
            env[name] = f"{current},{loopback}" if current else loopback
        return env

    # -- HTTP -------------------------------------------------------------------------------------

    def request(self, method, path, body=None, headers=None):
        """One HTTPS request to the server (never through a proxy); returns (status, headers, JSON or text)."""
        data = None
        headers = dict(headers or {})
        if isinstance(body, (bytes, bytearray)):
            data = bytes(body)
        elif body is not None:
            data = json.dumps(body).encode()
            headers.setdefault("Content-Type", "application/json")
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with self._opener.open(req, timeout=60) as response:
                return response.status, dict(response.headers), _decode(response.read())
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), _decode(error.read())

    def admin(self, method, path, body=None):
        """A call to `/_cerulean/{path}`; raises CeruleanError with the server's message on an error."""
        status, _, answer = self.request(method, "/_cerulean/" + path.lstrip("/"), body)
        if status >= 400:
            raise CeruleanError(f"{method} /_cerulean/{path}: {status} {_message(answer)}")
        return answer

    def token(self, resource=None):
        """A token from Cerulean's managed-identity endpoint (valid under --auth strict too)."""
        query = urllib.parse.urlencode({"resource": resource or self.url, "api-version": "2019-08-01"})
        status, _, answer = self.request("GET", "/msi/token?" + query,
                                         headers={"X-IDENTITY-HEADER": self.env["IDENTITY_HEADER"]})
        if status != 200:
            raise CeruleanError(f"No token from /msi/token: {status} {_message(answer)}")
        return answer["access_token"]

    def arm(self, method, path, body=None, api_version=ML_API_VERSION):
        """A raw ARM call with a Cerulean token; returns (status, JSON)."""
        separator = "&" if "?" in path else "?"
        status, _, answer = self.request(method, f"{path}{separator}api-version={api_version}", body,
                                         headers={"Authorization": "Bearer " + self.token()})
        return status, answer

    # -- admin helpers ----------------------------------------------------------------------------

    def reset(self, subscription=None):
        """Deletes every resource (or one subscription's); the CA, policies and fault plan stay."""
        path = "reset" + (f"?subscription={urllib.parse.quote(subscription)}" if subscription else "")
        return self.admin("POST", path)

    def seed(self, source):
        """Applies a seed file (a path), a seed document (a dict) or its bytes; returns the items applied."""
        if isinstance(source, dict):
            body = json.dumps(source).encode()
        elif isinstance(source, (bytes, bytearray)):
            body = bytes(source)
        else:
            body = pathlib.Path(source).read_bytes()
        return self.admin("POST", "seed", body)["applied"]

    def provisioning(self, policy=None, type=None):
        """Sets the default policy (or `type`'s) when `policy` is given; returns the policies in force."""
        if policy is None:
            return self.admin("GET", "provisioning")
        body = {"type": type, "policy": policy} if type else {"default": policy}
        return self.admin("PUT", "provisioning", body)

    def workspace(self, name, resource_group="cerulean-rg", location="eastus2", kind="Default"):
        """Makes sure the resource group and the workspace exist; returns the workspace's ARM id."""
        group = f"/subscriptions/{self.subscription}/resourceGroups/{resource_group}"
        status, answer = self.arm("PUT", group, {"location": location}, api_version="2022-09-01")
        if status >= 300:
            raise CeruleanError(f"Cannot create resource group {resource_group}: {status} {_message(answer)}")
        workspace = f"{group}/providers/Microsoft.MachineLearningServices/workspaces/{name}"
        status, answer = self.arm("GET", workspace)
        if status == 404:
            status, answer = self.arm("PUT", workspace, {"location": location, "kind": kind})
            deadline = time.monotonic() + 60
            while status < 300 and answer.get("properties", {}).get("provisioningState") not in ("Succeeded", "Failed"):
                if time.monotonic() > deadline:
                    break
                time.sleep(0.2)
                status, answer = self.arm("GET", workspace)
        if status >= 300:
            raise CeruleanError(f"Cannot create workspace {name}: {status} {_message(answer)}")
        return workspace

    def endpoint(self, endpoint, key=None):
        """(scoring URI, name, key) of a serverless endpoint given as an azure-ai-ml entity, an ARM
        id or a scoring URI (then `key` is needed); the key comes from listKeys when not given."""
        resource_id = None
        if hasattr(endpoint, "scoring_uri"):
            uri, name, resource_id = endpoint.scoring_uri, endpoint.name, getattr(endpoint, "id", None)
        elif isinstance(endpoint, str) and endpoint.startswith("/subscriptions/"):
            resource_id = endpoint
            status, answer = self.arm("GET", endpoint)
            if status != 200:
                raise CeruleanError(f"No endpoint {endpoint}: {status} {_message(answer)}")
            uri, name = answer["properties"]["inferenceEndpoint"]["uri"], answer["name"]
        elif isinstance(endpoint, str) and endpoint.startswith(("https://", "http://")):
            uri, name = endpoint.rstrip("/"), endpoint.rstrip("/").rsplit("/", 1)[-1]
        else:
            raise CeruleanError(f"An endpoint is an azure-ai-ml ServerlessEndpoint, an ARM id or a URI, not {endpoint!r}.")
        if key is None:
            if not resource_id:
                raise CeruleanError(f"Give the key of {uri}.")
            status, answer = self.arm("POST", resource_id + "/listKeys")
            if status != 200:
                raise CeruleanError(f"No keys for {resource_id}: {status} {_message(answer)}")
            key = answer["primaryKey"]
        return uri, name, key


def _decode(raw):
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode(errors="replace")


def _message(answer):
    if isinstance(answer, dict) and isinstance(answer.get("error"), dict):
        return f"{answer['error'].get('code')}: {answer['error'].get('message')}"
    return answer
