"""The pytest plugin: options, markers and fixtures (registered through the pytest11 entry point)."""
import functools
import os
import pathlib

import pytest

from . import clients
from .server import CeruleanError, CeruleanServer, find_binary

AUTH_MODES = ("lenient", "strict")
CLOCK_MODES = ("system", "manual")


def pytest_addoption(parser):
    group = parser.getgroup("cerulean", "Cerulean (offline Azure AI emulator)")
    group.addoption("--cerulean-binary", default=None,
                    help="the cerulean binary to run (default: ini cerulean_binary, CERULEAN_BINARY, PATH, the checkout's build)")
    group.addoption("--cerulean-arg", action="append", default=[],
                    help="one more argument for `cerulean serve`, e.g. --cerulean-arg=--seed=seed.json; repeatable")
    group.addoption("--cerulean-keep-data", action="store_true", default=False,
                    help="keep the servers' scratch data folders (database, CA, server.log) after the run")
    parser.addini("cerulean_binary", "the cerulean binary to run")
    parser.addini("cerulean_args", "extra arguments for `cerulean serve`", type="args", default=[])
    parser.addini("cerulean_apply_env", "set the client environment in os.environ for the whole run (default true)",
                  type="bool", default=True)


def pytest_configure(config):
    config.addinivalue_line("markers", "cerulean_auth(mode): run against a Cerulean started with --auth MODE (lenient or strict)")
    config.addinivalue_line("markers", "cerulean_clock(mode): run against a Cerulean started with --clock MODE (system or manual)")
    config.addinivalue_line("markers", "cerulean_provisioning(policy, type=None): the provisioning policy while the test runs "
                                       "(immediate, after:2s, after:3polls, optionally ,fail:Code:message)")


class CeruleanServers:
    """The session's servers, one per (auth mode, clock mode), started when first asked for."""

    def __init__(self, config):
        setting = (config.getoption("cerulean_binary") or config.getini("cerulean_binary")
                   or os.environ.get("CERULEAN_BINARY"))
        self._binary = functools.partial(find_binary, setting,
                                         [config.rootpath, pathlib.Path.cwd(), pathlib.Path(__file__).parent])
        args = list(config.getini("cerulean_args")) + list(config.getoption("cerulean_arg"))
        # --auth and --clock given as arguments become the defaults of unmarked tests.
        self.defaults = {"auth": "lenient", "clock": "system"}
        self._args = []
        words = iter(args)
        for word in words:
            name, _, value = word.partition("=")
            if name in ("--auth", "--clock"):
                self.defaults[name[2:]] = value or next(words, "")
            else:
                self._args.append(word)
        self._keep = config.getoption("cerulean_keep_data")
        self._running = {}

    def get(self, auth=None, clock=None):
        auth, clock = auth or self.defaults["auth"], clock or self.defaults["clock"]
        key = (auth, clock)
        if key not in self._running:
            args = [*self._args, "--auth", auth, "--clock", clock]
            self._running[key] = CeruleanServer(self._binary(), args, keep_data=self._keep).start()
        return self._running[key]

    def stop(self):
        for server in self._running.values():
            server.stop()
        self._running.clear()


@pytest.fixture(scope="session")
def cerulean_servers(request):
    servers = CeruleanServers(request.config)
    yield servers
    servers.stop()


@pytest.fixture(scope="session")
def cerulean_server(request, cerulean_servers):
    """The run's Cerulean (lenient auth and system clock unless cerulean_args say): url, ca, subscription, tenant, env. With
    cerulean_apply_env (the default) its env is in os.environ for the whole run."""
    server = cerulean_servers.get()
    saved = {name: os.environ.get(name) for name in server.env}
    if request.config.getini("cerulean_apply_env"):
        os.environ.update(server.env)
    yield server
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


def _marker_value(request, name, allowed, default):
    marker = request.node.get_closest_marker(name)
    if marker is None:
        return default
    value = marker.args[0] if marker.args else marker.kwargs.get("mode")
    if value not in allowed:
        raise pytest.UsageError(f"@pytest.mark.{name}: {value!r} is not one of {', '.join(allowed)}")
    return value


@pytest.fixture
def cerulean(request, cerulean_servers, cerulean_server, monkeypatch):
    """The Cerulean for this test (its markers choose auth, clock and provisioning policy), with its
    environment set for the test: reset(), seed(), clock.advance(), faults(...), provisioning()."""
    auth = _marker_value(request, "cerulean_auth", AUTH_MODES, cerulean_servers.defaults["auth"])
    clock = _marker_value(request, "cerulean_clock", CLOCK_MODES, cerulean_servers.defaults["clock"])
    server = cerulean_servers.get(auth, clock)
    for name, value in server.env.items():
        monkeypatch.setenv(name, value)
    markers = list(request.node.iter_markers("cerulean_provisioning"))
    before = server.provisioning() if markers else None
    changed = set()
    try:
        for marker in reversed(markers):  # the closest marker is applied last, so it wins
            policy = marker.args[0] if marker.args else marker.kwargs["policy"]
            kind = marker.args[1] if len(marker.args) > 1 else marker.kwargs.get("type")
            server.provisioning(policy, kind)
            changed.add(kind)
    except (CeruleanError, KeyError, IndexError) as error:
        raise pytest.UsageError(f"@pytest.mark.cerulean_provisioning: {error}") from error
    yield server
    if before is not None:
        server.provisioning(before["default"])
        for kind in changed - {None}:
            # The server keys types in lower case.
            server.provisioning(before["types"].get(kind.lower(), before["default"]), kind)


@pytest.fixture
def ml_client(cerulean):
    """ml_client(workspace, resource_group="cerulean-rg") -> azure-ai-ml MLClient (workspace made if missing)."""
    return functools.partial(clients.ml_client, cerulean)


@pytest.fixture
def openai_client(cerulean):
    """openai_client(endpoint, key=None, azure=False) -> openai.OpenAI (or AzureOpenAI) for a serverless endpoint."""
    return functools.partial(clients.openai_client, cerulean)


@pytest.fixture
def inference_client(cerulean):
    """inference_client(endpoint, key=None, kind="chat"|"embeddings") -> an azure-ai-inference client."""
    return functools.partial(clients.inference_client, cerulean)
