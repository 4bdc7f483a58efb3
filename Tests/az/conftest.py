"""Starts a fresh Cerulean and points the real Azure CLI at it with `cerulean az-setup`."""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "pysupport"))
from cerulean_process import BINARY, RunningCerulean  # noqa: E402

SUBSCRIPTION = "00000000-1111-2222-3333-444444444444"
TENANT = "00000000-aaaa-bbbb-cccc-dddddddddddd"
AZ = str(pathlib.Path(sys.executable).parent / "az")
TEMPLATES = pathlib.Path(__file__).resolve().parents[2] / "Fixtures" / "templates"


class AzureCLI:
    def __init__(self, env):
        self.env = env

    def run(self, *args):
        """Runs az; returns the CompletedProcess (stdout JSON when -o json)."""
        return subprocess.run([AZ, *args], env=self.env, capture_output=True, text=True, timeout=300)

    def __call__(self, *args):
        """Runs az, which must succeed, and returns its parsed JSON output (or None)."""
        result = self.run(*args, "-o", "json")
        assert result.returncode == 0, f"az {' '.join(args)} failed:\n{result.stderr}"
        return json.loads(result.stdout) if result.stdout.strip() else None


def setup_az(server, *flags):
    """`eval "$(cerulean az-setup)"` in a scratch config folder; returns the environment az then runs with."""
    env = dict(os.environ)
    env.update(server.client_environment())
    config = tempfile.mkdtemp(prefix="az-config-")
    out = subprocess.run([BINARY, "az-setup", "--data-dir", server.data_dir, "--port", server.port, "--az", AZ,
                          "--config-dir", config, *flags], env=env, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    env.pop("ARM_CLOUD_METADATA_URL")
    for line in out.stdout.splitlines():
        assert line.startswith("export "), line
        name, value = line.removeprefix("export ").split("=", 1)
        env[name] = value.strip("'")
    assert env["AZURE_CONFIG_DIR"] == config
    # Kept set for the `ml` extension, which reads its cloud only from it; plain az works with it.
    assert env["ARM_CLOUD_METADATA_URL"] == f"{server.url}/metadata/endpoints?api-version=2019-05-01"
    return env


@pytest.fixture(scope="session")
def cerulean():
    server = RunningCerulean()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def az(cerulean):
    return AzureCLI(setup_az(cerulean))
