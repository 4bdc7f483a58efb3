"""The packaged tarball (CERULEAN_TARBALL, made by `Scripts/package --debug`), unpacked into an
empty folder, and the steps the container image takes (Dockerfile), run on it."""
import os
import pathlib
import pwd
import shutil
import socket
import subprocess
import tarfile
import tempfile
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def tarball():
    path = os.environ.get("CERULEAN_TARBALL")
    if not path or not os.path.isfile(path):
        pytest.fail("Set CERULEAN_TARBALL to a tarball made by Scripts/package (Scripts/package-check does).")
    return pathlib.Path(path)


@pytest.fixture(scope="session")
def unpacked(tarball):
    """The tarball's folder, unpacked into an empty folder outside the checkout, readable by all."""
    folder = pathlib.Path(tempfile.mkdtemp(prefix="cerulean-unpacked-"))
    folder.chmod(0o755)
    with tarfile.open(tarball) as archive:
        archive.extractall(folder)
    (top,) = list(folder.iterdir())
    yield top
    shutil.rmtree(folder, ignore_errors=True)


def toolchain_root():
    """Where the Swift toolchain lives (/opt/swift), if it is a folder of its own that can be hidden."""
    swift = shutil.which("swift")
    if not swift:
        return None
    root = pathlib.Path(os.path.realpath(swift)).parents[2]
    return None if str(root) in ("/", "/usr", "/usr/local") else root


class Installed:
    """The unpacked tarball run the way the image runs it: the Dockerfile's environment, a data folder
    only the server's user may use, a PATH with a link to the binary and without Swift, another
    working folder; as root, as `nobody` in a mount namespace where the Swift toolchain and the
    build checkout are empty folders."""

    def __init__(self, top):
        self.top = top
        self.scratch = pathlib.Path(tempfile.mkdtemp(prefix="cerulean-installed-"))
        self.scratch.chmod(0o755)
        self.links = self.scratch / "bin"
        self.links.mkdir()
        (self.links / "cerulean").symlink_to(top / "bin" / "cerulean")  # as the image's /usr/local/bin link
        self.data = self.scratch / "data"
        self.data.mkdir(mode=0o700)
        self.workdir = self.scratch / "elsewhere"
        self.workdir.mkdir()
        self.root = os.geteuid() == 0
        if self.root:
            nobody = pwd.getpwnam("nobody")
            self.uid, self.gid = nobody.pw_uid, nobody.pw_gid
            os.chown(self.data, self.uid, self.gid)
            os.chown(self.workdir, self.uid, self.gid)
        self.port = free_port()
        self.url = f"https://localhost:{self.port}"
        # The Dockerfile's ENV (CERULEAN_HOST is loopback here: a test serves nothing beyond it).
        self.env = {
            "PATH": f"{self.links}:/usr/local/bin:/usr/bin:/bin", "HOME": str(self.workdir), "LANG": "C.UTF-8",
            "CERULEAN_DATA_DIR": str(self.data), "CERULEAN_HOST": "127.0.0.1", "CERULEAN_PORT": str(self.port),
            "CERULEAN_PUBLIC_URL": self.url,
        }
        self.hidden = [p for p in (toolchain_root(), ROOT) if p] if self.root else []

    def command(self, *argv):
        """argv run as the image's user would run it (see the class comment)."""
        if not self.root:
            return list(argv)
        mounts = "".join(f"mount -t tmpfs -o size=1m cerulean-hidden '{p}' && " for p in self.hidden)
        return ["unshare", "--mount", "--propagation", "private", "sh", "-c",
                mounts + f'exec setpriv --reuid={self.uid} --regid={self.gid} --clear-groups "$@"', "sh", *argv]

    def run(self, *argv, timeout=60):
        return subprocess.run(self.command(*argv), env=self.env, cwd=self.workdir, capture_output=True,
                              text=True, timeout=timeout)

    def start(self):
        """The image's ENTRYPOINT and CMD."""
        self.log = open(self.scratch / "server.log", "w+")
        self.process = subprocess.Popen(
            self.command(str(self.top / "share/cerulean/container-entrypoint"), "serve", "--log-level", "warning"),
            env=self.env, cwd=self.workdir, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.output()
            if self.healthy():
                return
            time.sleep(0.2)
        raise AssertionError("never healthy:\n" + self.output())

    def healthy(self):
        """The image's HEALTHCHECK command."""
        return self.run(str(self.top / "share/cerulean/healthcheck")).returncode == 0

    def output(self):
        self.log.flush()
        return (self.scratch / "server.log").read_text()

    def stop(self):
        self.process.terminate()
        status = self.process.wait(timeout=30)
        self.log.close()
        return status


@pytest.fixture(scope="session")
def installed(unpacked):
    server = Installed(unpacked)
    server.start()
    yield server
    if server.process.poll() is None:
        server.stop()
    shutil.rmtree(server.scratch, ignore_errors=True)


LLAMA = "azureml://registries/azureml-meta/models/Meta-Llama-3-8B-Instruct"


def parse_env(text):
    """`cerulean env` output as a dict."""
    import shlex
    env = {}
    for line in text.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export":
            name, value = words[1].split("=", 1)
            env[name] = value
    return env


def serverless_flow(env, monkeypatch, name):
    """The serverless-API how-to with the real SDKs, in the environment `cerulean env` printed:
    a workspace (raw ARM), a marketplace subscription and an endpoint (azure-ai-ml), its keys, a chat
    completion (azure-ai-inference). Returns the reply."""
    import requests
    from azure.ai.inference import ChatCompletionsClient
    from azure.ai.inference.models import UserMessage
    from azure.ai.ml import MLClient
    from azure.ai.ml.entities import MarketplaceSubscription, ServerlessEndpoint
    from azure.core.credentials import AzureKeyCredential
    from azure.identity import DefaultAzureCredential

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    url, subscription = env["CERULEAN_URL"], env["AZURE_SUBSCRIPTION_ID"]
    token = DefaultAzureCredential().get_token(url + "/.default").token
    group = f"{url}/subscriptions/{subscription}/resourceGroups/{name}-rg"
    headers = {"Authorization": f"Bearer {token}"}
    assert requests.put(group + "?api-version=2022-09-01", json={"location": "eastus2"}, headers=headers,
                        timeout=30).status_code in (200, 201)
    workspace = requests.put(group + f"/providers/Microsoft.MachineLearningServices/workspaces/{name}?api-version=2024-04-01",
                             json={"location": "eastus2"}, headers=headers, timeout=30)
    assert workspace.status_code in (200, 201), workspace.text
    client = MLClient(DefaultAzureCredential(), subscription, f"{name}-rg", name)
    assert client._base_url == url
    client.marketplace_subscriptions.begin_create_or_update(MarketplaceSubscription(name="llama", model_id=LLAMA)).result()
    endpoint = client.serverless_endpoints.begin_create_or_update(ServerlessEndpoint(name=f"{name}-llama", model_id=LLAMA)).result()
    assert endpoint.scoring_uri.startswith(url + "/serverless/")
    key = client.serverless_endpoints.get_keys(endpoint.name).primary_key
    chat = ChatCompletionsClient(endpoint=endpoint.scoring_uri, credential=AzureKeyCredential(key))
    return chat.complete(messages=[UserMessage(content="Hello from the package test")]).choices[0].message.content
