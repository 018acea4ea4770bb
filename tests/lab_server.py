"""Start a throw-away JupyterLab server for the browser tests.

The server runs from the interpreter running the tests (the project's own environment), listens on
a free localhost port with a token only the test knows, and keeps every piece of Jupyter state
(config, runtime, data, IPython profile, lab workspaces and user settings) in a temporary folder,
so neither the repository nor the user's own Jupyter set-up is read or changed.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

__all__ = ["LabServer", "running_lab"]

# Lab user settings that keep pop-ups (news, update checks) from covering the notebook.
_USER_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
}


@dataclass(frozen=True)
class LabServer:
    """A running JupyterLab server.

    Attributes
    ----------
    base_url : str
        ``http://127.0.0.1:<port>`` without a trailing slash.
    token : str
        The token the server accepts.
    root_dir : pathlib.Path
        The folder the server serves (a temporary copy, safe to modify).
    state_dir : pathlib.Path
        The temporary folder holding all of the server's Jupyter state.
    log_path : pathlib.Path
        The server's combined stdout/stderr, for diagnostics.
    """

    base_url: str
    token: str
    root_dir: Path
    state_dir: Path
    log_path: Path

    def url(self, path: str) -> str:
        """Return the URL of ``path`` on this server, with the token as a query parameter."""
        separator = "&" if "?" in path else "?"
        return f"{self.base_url}/{path.lstrip('/')}{separator}token={self.token}"

    def api(self, method: str, path: str) -> object:
        """Call the server's REST API; return the decoded JSON body (or None when empty)."""
        request = urllib.request.Request(
            f"{self.base_url}/{path.lstrip('/')}",
            method=method,
            headers={"Authorization": f"token {self.token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            body = response.read()
        return json.loads(body) if body else None

    def page_config(self) -> dict:
        """Return the page configuration JupyterLab hands to the browser with ``/lab``."""
        with urllib.request.urlopen(self.url("lab"), timeout=10) as response:
            html = response.read().decode("utf-8")
        found = re.search(
            r'<script id="jupyter-config-data" type="application/json">(.*?)</script>',
            html, re.DOTALL)
        if found is None:
            raise RuntimeError("no jupyter-config-data in /lab")
        return json.loads(found.group(1))

    def shutdown_session(self, notebook_path: str) -> None:
        """Shut down the kernel session of ``notebook_path`` (relative to root_dir), if any."""
        for session in self.api("GET", "api/sessions") or []:
            if session.get("path") == notebook_path:
                self.api("DELETE", f"api/sessions/{session['id']}")

    def log_tail(self, n_chars: int = 4000) -> str:
        """Return the end of the server log."""
        return self.log_path.read_text(errors="replace")[-n_chars:]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_user_settings(settings_dir: Path) -> None:
    for relative, values in _USER_SETTINGS.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")


@contextmanager
def running_lab(
        root_dir: Path, state_dir: Path, startup_timeout: float = 60.0) -> Iterator[LabServer]:
    """Run JupyterLab serving ``root_dir`` until the ``with`` block ends.

    Parameters
    ----------
    root_dir : pathlib.Path
        Folder to serve; pass a temporary copy, since notebooks may be saved into it.
    state_dir : pathlib.Path
        Empty temporary folder for Jupyter's config, runtime, data, workspaces and settings.
    startup_timeout : float
        Give up when the server does not answer within this time [s].
    """
    dirs = {name: state_dir / name for name in
            ("config", "runtime", "data", "ipython", "workspaces", "settings")}
    for path in dirs.values():
        path.mkdir(parents=True, exist_ok=True)
    _write_user_settings(dirs["settings"])

    port = _free_port()
    token = secrets.token_hex(24)
    env = {
        **os.environ,
        "JUPYTER_CONFIG_DIR": str(dirs["config"]),
        "JUPYTER_RUNTIME_DIR": str(dirs["runtime"]),
        "JUPYTER_DATA_DIR": str(dirs["data"]),
        "IPYTHONDIR": str(dirs["ipython"]),
        "JUPYTER_PLATFORM_DIRS": "1",
        "JUPYTER_TOKEN": token,  # kept off the command line, so `ps` does not show it
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    command = [
        sys.executable, "-m", "jupyterlab",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        "--ServerApp.open_browser=False",
        f"--ServerApp.root_dir={root_dir}",
        "--ServerApp.allow_root=True",
        f"--LabApp.workspaces_dir={dirs['workspaces']}",
        f"--LabApp.user_settings_dir={dirs['settings']}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.news_url=None",
        "--LabApp.extension_manager=readonly",
    ]
    log_path = state_dir / "jupyterlab.log"
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL)
    server = LabServer(f"http://127.0.0.1:{port}", token, root_dir, state_dir, log_path)
    try:
        _wait_until_ready(server, process, startup_timeout)
        yield server
    finally:
        process.terminate()  # SIGTERM: the server shuts its kernels down before exiting
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _wait_until_ready(server: LabServer, process: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"JupyterLab exited with code {process.returncode}:\n"
                               f"{server.log_tail()}")
        try:
            server.api("GET", "api/status")
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    raise RuntimeError(f"JupyterLab did not answer within {timeout:.0f} s:\n{server.log_tail()}")
