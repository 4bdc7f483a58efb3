"""The Dockerfile's image, built from the tarball and run with podman, driven from the host through
its published port. Skipped (saying why) where podman cannot run containers."""
import json
import os
import pathlib
import resource
import shutil
import subprocess
import tempfile
import time
import uuid

import pytest
import requests

from conftest import ROOT, free_port, parse_env, serverless_flow

BASE = "docker.io/library/debian:bookworm-slim"
IMAGE = "localhost/cerulean:package-check"
BASE_CACHE = ROOT / ".build" / "container-base"


class Podman:
    """podman with what this kind of machine needs: runc where crun refuses the hybrid cgroup
    layout, and ulimits no higher than podman's own (no CAP_SYS_RESOURCE to raise them)."""

    def __init__(self):
        self.command = ["podman"] + (["--runtime", "runc"] if shutil.which("runc") else [])
        nofile = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
        nproc = min(resource.getrlimit(resource.RLIMIT_NPROC)[1], 32768)  # podman sets its own to 32768
        self.limits = ["--ulimit", f"nofile={nofile}:{nofile}", "--ulimit", f"nproc={nproc}:{nproc}"]

    def __call__(self, *args, check=True, timeout=600):
        result = subprocess.run([*self.command, *args], capture_output=True, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"podman {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result


def ensure_base(podman):
    """debian:bookworm-slim: pulled where a registry is reachable, else made from Debian's packages
    with debootstrap (no container registry is reachable from this project's machines)."""
    if podman("image", "exists", BASE, check=False).returncode == 0:
        return
    if podman("pull", "-q", BASE, check=False, timeout=120).returncode == 0:
        return
    if not shutil.which("debootstrap"):
        pytest.skip(f"no {BASE}: no registry and no debootstrap")
    archive = BASE_CACHE / "debian-bookworm-minbase.tar"
    if not archive.exists():
        BASE_CACHE.mkdir(parents=True, exist_ok=True)
        rootfs = pathlib.Path(tempfile.mkdtemp(prefix="rootfs-", dir=BASE_CACHE))
        subprocess.run(["debootstrap", "--variant=minbase", "bookworm", str(rootfs), "http://deb.debian.org/debian"],
                       check=True, capture_output=True, timeout=900)
        subprocess.run(["tar", "-C", str(rootfs), "-cf", str(archive) + ".part", "."], check=True)
        os.rename(str(archive) + ".part", archive)
        shutil.rmtree(rootfs, ignore_errors=True)
    podman("import", str(archive), BASE)


@pytest.fixture(scope="module")
def podman():
    if not shutil.which("podman"):
        pytest.skip("podman is not installed (Scripts/install-deps installs it where apt is available)")
    podman = Podman()
    probe = podman("info", check=False)
    if probe.returncode != 0:
        pytest.skip(f"podman cannot run here: {probe.stderr.strip()[:300]}")
    return podman


@pytest.fixture(scope="module")
def image(podman, tarball):
    ensure_base(podman)
    context = pathlib.Path(tempfile.mkdtemp(prefix="cerulean-image-"))
    shutil.copy(ROOT / "Dockerfile", context / "Dockerfile")
    shutil.copy(ROOT / ".dockerignore", context / ".dockerignore")
    (context / "dist").mkdir()
    shutil.copy(tarball, context / "dist" / tarball.name)
    # --format docker keeps HEALTHCHECK (OCI images have none); host networking lets apt-get reach Debian.
    podman("build", "--format", "docker", "--network", "host", "-t", IMAGE, str(context), timeout=900)
    shutil.rmtree(context, ignore_errors=True)
    yield IMAGE
    podman("rmi", "-f", IMAGE, check=False)


@pytest.fixture(scope="module")
def container(podman, image):
    port = free_port()
    name = f"cerulean-check-{uuid.uuid4().hex[:8]}"
    volume = f"{name}-data"
    run = ["run", "-d", "--name", name, "-p", f"127.0.0.1:{port}:8443", "-v", f"{volume}:/data",
           "-e", f"CERULEAN_PUBLIC_URL=https://localhost:{port}", *podman.limits, image]
    started = podman(*run, check=False)
    if started.returncode != 0:
        pytest.skip(f"podman cannot run the container here: {started.stderr.strip()[:400]}")
    box = {"name": name, "port": port, "url": f"https://localhost:{port}", "volume": volume, "run": run}
    wait_healthy(podman, name)
    yield box
    podman("rm", "-f", name, check=False)
    podman("volume", "rm", "-f", volume, check=False)


def wait_healthy(podman, name):
    """Runs the image's HEALTHCHECK until it passes."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if podman("healthcheck", "run", name, check=False).returncode == 0:
            return
        time.sleep(0.5)
    raise AssertionError("never healthy:\n" + podman("logs", name, check=False).stdout)


def test_the_image_runs_as_a_non_root_user_with_its_state_in_a_volume(podman, image, container):
    inspected = json.loads(podman("image", "inspect", image).stdout)[0]
    config = inspected["Config"]
    assert config["User"] == "cerulean" and "/data" in config["Volumes"] and "8443/tcp" in config["ExposedPorts"]
    assert inspected["Healthcheck"]["Test"] == ["CMD", "/opt/cerulean/share/cerulean/healthcheck"]
    assert podman("exec", container["name"], "id", "-u").stdout.strip() == "10001"
    assert podman("exec", container["name"], "stat", "-c", "%U %a", "/data").stdout.split() == ["cerulean", "700"]
    logs = podman("logs", container["name"]).stdout
    assert "Cerulean's certificate authority is /data/ca.pem, in the data volume." in logs
    short_id = podman("inspect", "--format", "{{.Id}}", container["name"]).stdout.strip()[:12]
    assert f"docker cp {short_id}:/data/ca.pem ./cerulean-ca.pem" in logs  # the container's own name for itself


def test_the_host_trusts_the_ca_and_drives_the_serverless_flow_through_the_published_port(podman, container, monkeypatch, tmp_path):
    ca = tmp_path / "cerulean-ca.pem"
    # The CA is fetched once without verification (as docs/testing.md's CI recipes do), then checked.
    ca.write_text(requests.get(container["url"] + "/_cerulean/ca.pem", verify=False, timeout=30).text)
    assert ca.read_text() == podman("exec", container["name"], "cat", "/data/ca.pem").stdout
    health = subprocess.run(["curl", "-fsS", "--cacert", str(ca), container["url"] + "/_cerulean/health"],
                            capture_output=True, text=True, timeout=30)
    assert health.returncode == 0 and json.loads(health.stdout)["status"] == "ok", health.stderr
    printed = podman("exec", container["name"], "cerulean", "env", "--ca-path", str(ca)).stdout
    env = parse_env(printed)
    assert env["CERULEAN_URL"] == container["url"] and env["REQUESTS_CA_BUNDLE"] == str(ca)
    reply = serverless_flow(env, monkeypatch, "container")
    assert "simulated reply from Meta-Llama-3-8B-Instruct" in reply


def test_state_survives_a_restart_in_the_volume(podman, container):
    podman("stop", "-t", "30", container["name"])
    state = json.loads(podman("inspect", container["name"]).stdout)[0]["State"]
    assert state["ExitCode"] == 0, state
    podman("start", container["name"])
    wait_healthy(podman, container["name"])
    ca = podman("exec", container["name"], "cat", "/data/ca.pem").stdout
    path = pathlib.Path(tempfile.mkdtemp()) / "ca.pem"
    path.write_text(ca)
    answer = requests.get(container["url"] + "/_cerulean/info", verify=str(path), timeout=30).json()
    assert answer["counts"]["resources"] >= 4  # the group, the workspace, the subscription and the endpoint
