"""The tarball from Scripts/package, unpacked into an empty folder, run without Swift and without
the checkout, from another working folder, the way the container image runs it."""
import os
import pathlib
import re
import subprocess
import zipfile

from conftest import ROOT, parse_env, serverless_flow

ALLOWED_LIBRARIES = {"libc.so.6", "libm.so.6", "libstdc++.so.6", "libgcc_s.so.1", "libsqlite3.so.0",
                     "libdl.so.2", "libpthread.so.0", "librt.so.1", "libutil.so.1", "ld-linux-x86-64.so.2",
                     "ld-linux-aarch64.so.1"}


def test_the_tarball_holds_the_binary_scripts_readme_licences_and_the_wheel(tarball, unpacked):
    assert re.fullmatch(r"cerulean-\d+\.\d+\.\d+-linux-(x86_64|aarch64)\.tar\.gz", tarball.name)
    assert unpacked.name == tarball.name.removesuffix(".tar.gz")
    assert os.access(unpacked / "bin/cerulean", os.X_OK)
    for script in ("container-entrypoint", "healthcheck"):
        assert os.access(unpacked / "share/cerulean" / script, os.X_OK)
        assert (unpacked / "share/cerulean" / script).read_bytes() == (ROOT / "Packaging" / script).read_bytes()
    readme = (unpacked / "README.md").read_text()
    assert readme.startswith("# Cerulean\n") and "## This package" in readme and "eval \"$(cerulean env)\"" in readme
    licences = (unpacked / "THIRD-PARTY-LICENSES.txt").read_text()
    for package in ("swift-nio", "GRDB.swift", "hummingbird", "Swift runtime"):
        assert f"==== {package}" in licences, package
    (wheel,) = (unpacked / "python").glob("pytest_cerulean-*-py3-none-any.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        assert "pytest_cerulean/plugin.py" in names and "pytest_cerulean/server.py" in names
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "[pytest11]" in archive.read(entry_points).decode()


def test_the_binary_needs_only_glibc_libstdcxx_and_sqlite(unpacked):
    dynamic = subprocess.run(["readelf", "-d", str(unpacked / "bin/cerulean")], capture_output=True, text=True, check=True).stdout
    needed = set(re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", dynamic))
    assert needed and needed <= ALLOWED_LIBRARIES, needed - ALLOWED_LIBRARIES
    search = [p for paths in re.findall(r"\((?:RPATH|RUNPATH)\)\s+Library r(?:un)?path: \[([^\]]*)\]", dynamic)
              for p in paths.split(":")]
    assert set(search) <= {"$ORIGIN"}, f"the binary must not look for Swift's libraries elsewhere: {search}"


def test_it_runs_as_the_image_runs_it_without_swift_or_the_checkout(installed):
    assert installed.run("sh", "-c", "command -v swift || echo no-swift").stdout.strip() == "no-swift"
    if installed.root:
        assert installed.hidden, "the Swift toolchain and the checkout are hidden"
        assert installed.run("sh", "-c", f"ls -A '{ROOT}' | wc -l").stdout.strip() == "0"
        assert installed.run("id", "-u").stdout.strip() == str(installed.uid)
        assert (installed.data / "cerulean.sqlite").stat().st_uid == installed.uid
    assert (installed.data / "ca.pem").is_file()
    assert installed.healthy()


def test_the_start_up_message_says_how_to_trust_the_ca(installed):
    output = installed.output()
    ca = f"{installed.data}/ca.pem"
    assert f"Cerulean's certificate authority is {ca}, in the data volume." in output
    assert f":{ca} ./cerulean-ca.pem" in output and "cerulean env --ca-path" in output
    assert "Set CERULEAN_PUBLIC_URL" not in output  # it is set, as the Dockerfile's users are told to
    assert f"Listening on https://127.0.0.1:{installed.port}" in output


def test_env_prints_the_published_address_and_the_serverless_flow_works(installed, monkeypatch):
    printed = installed.run("cerulean", "env")
    assert printed.returncode == 0, printed.stderr
    env = parse_env(printed.stdout)
    assert env["CERULEAN_URL"] == installed.url
    assert env["REQUESTS_CA_BUNDLE"] == env["SSL_CERT_FILE"] == f"{installed.data}/ca.pem"
    reply = serverless_flow(env, monkeypatch, "tarball")
    assert "simulated reply from Meta-Llama-3-8B-Instruct" in reply


def test_the_portal_is_served_from_the_binary_alone(installed):
    """The portal's pages are embedded: the unpacked tarball serves them with no checkout beside it."""
    import requests
    ca = str(installed.data / "ca.pem")
    page = requests.get(installed.url + "/", verify=ca, timeout=30)
    assert page.status_code == 200 and '<script type="module" src="/portal/app.js"></script>' in page.text
    script = requests.get(installed.url + "/portal/pages/serverless-wizard.js", verify=ca, timeout=30)
    assert script.status_code == 200 and "Subscribe and Deploy" in script.text
    assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"


def test_it_stops_gracefully_and_keeps_its_state(installed):
    assert installed.stop() == 0
    again = installed.run("cerulean", "reset", "--help")
    assert again.returncode == 0
    assert (installed.data / "cerulean.sqlite").stat().st_size > 0
