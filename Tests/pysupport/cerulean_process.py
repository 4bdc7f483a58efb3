"""Starts the real cerulean binary for a Python suite and reads the client environment it prints."""
import os
import pathlib
import subprocess
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
BINARY = os.environ.get("CERULEAN_BINARY", str(ROOT / ".build" / "debug" / "cerulean"))


class RunningCerulean:
    def __init__(self, *extra_args, host="localhost"):
        """Starts it on a free port with a fresh data folder; raises AssertionError if it does not start."""
        self.data_dir = tempfile.mkdtemp(prefix="cerulean-py-")
        self.process = subprocess.Popen(
            [BINARY, "--port", "0", "--host", host, "--data-dir", self.data_dir, "--log-level", "error", *extra_args],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.url = None
        for line in self.process.stdout:
            if "Listening on " in line:
                self.url = line.split()[-1]
                break
        if not self.url:
            self.process.kill()
            raise AssertionError("cerulean did not start")
        self.port = self.url.rsplit(":", 1)[1]
        self.ca = os.path.join(self.data_dir, "ca.pem")

    def client_environment(self):
        """What `eval "$(cerulean env)"` sets, as a dict."""
        out = subprocess.run([BINARY, "env", "--data-dir", self.data_dir, "--port", self.port], check=True,
                             capture_output=True, text=True).stdout
        env = {}
        for line in out.splitlines():
            name, value = line.removeprefix("export ").split("=", 1)
            env[name] = value.strip("'")
        assert env["CERULEAN_URL"] == self.url
        return env

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
