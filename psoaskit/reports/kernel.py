"""A papermill engine that runs notebooks on a warm IPython kernel, one kernel per worker thread.

Starting a kernel and importing pandas and Altair in it costs a few seconds, far more than a
report's own work. The ``"psoaskit_warm"`` engine keeps one kernel per worker thread (so one per
process in a process pool, one per thread in a thread pool or a Dask worker) and reuses it:

* before every notebook, every name the previous notebook defined is deleted and the kernel's
  initial names are restored (a clean namespace; the kernel keeps its imported modules);
* the kernel runs without IPython's history database and output cache, so nothing of a previous
  notebook stays referenced and parallel kernels share no SQLite file;
* a notebook that times out or whose kernel dies marks the kernel broken: it is killed and the
  next notebook gets a fresh one;
* the time limit covers the whole notebook, not each cell.

What a clean namespace does not reset: imported modules and their settings (pandas options, the
Altair theme and renderer, module-level caches). Notebooks run this way must set what they rely
on at their start and leave global settings alone; the packaged report notebook sets its chart
renderer, and its only module-level state is :mod:`psoaskit.reports.runtime`'s read-only cache.

Kernels are killed when their process exits (pool workers included); a kernel whose parent dies
exits by itself (ipykernel's parent poller).
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from typing import Any

__all__ = ["ENGINE_NAME", "THIS_PYTHON", "execute_notebook", "shutdown_kernels"]

#: Name under which the engine is registered with papermill.
ENGINE_NAME = "psoaskit_warm"
#: Kernel name meaning "an ipykernel on the interpreter running psoaskit" (no kernelspec lookup).
THIS_PYTHON = "psoaskit-this-python"

_RESET_CODE = """\
def _psk_reset():
    import psoaskit.reports.runtime
    shell = get_ipython()
    namespace, initial = shell.user_ns, shell.user_ns_hidden
    for name in [n for n in namespace if n not in initial]:
        del namespace[name]
    namespace.update(initial)
    psoaskit.reports.runtime.reset_report_state()
_psk_reset()  # deletes itself too
"""
_KERNEL_ARGUMENTS = [
    "--HistoryManager.enabled=False",
    "--InteractiveShell.cache_size=0",
]
# the kernel imports what reports need once, and ends itself if its worker dies
_PRELOAD_CODE = (
    "import pandas, altair, psoaskit.reports.runtime\n"
    "import psoaskit._lifeline\n"
    "psoaskit._lifeline.die_with_parent()\n"
)


def _this_python_specs() -> Any:
    """A kernelspec manager whose every spec is ipykernel on ``sys.executable``.

    A user-level ``python3`` kernelspec may point at another interpreter without psoaskit.
    """
    from ipykernel.kernelspec import get_kernel_dict
    from jupyter_client.kernelspec import KernelSpec, KernelSpecManager

    class ThisPython(KernelSpecManager):  # type: ignore[misc]
        def get_kernel_spec(self, kernel_name: str) -> KernelSpec:
            return KernelSpec(resource_dir="", **get_kernel_dict())

    return ThisPython()


class _WarmKernel:
    """One IPython kernel kept alive for many notebooks, used by one worker thread."""

    def __init__(self, kernel_name: str, start_timeout: float = 60.0) -> None:
        import subprocess
        import tempfile

        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.kernel_name = kernel_name
        self.broken = False
        # IPC sockets: no TCP ports to race for; a folder of our own so parallel workers
        # never pick the same socket names.
        self.socket_dir = tempfile.mkdtemp(prefix="psoaskit-kernel-")
        extra = {"kernel_spec_manager": _this_python_specs()} if kernel_name == THIS_PYTHON else {}
        self.km = AsyncKernelManager(
            kernel_name=kernel_name, transport="ipc", ip=os.path.join(self.socket_dir, "k"), **extra
        )
        self.kc: Any = None
        try:
            run_sync(self.km.start_kernel)(
                extra_arguments=_KERNEL_ARGUMENTS,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            self.kc = self.km.client()
            self.kc.start_channels()
            run_sync(self.kc.wait_for_ready)(timeout=start_timeout)
            self.kc.allow_stdin = False
            self.run_code(_PRELOAD_CODE, timeout=start_timeout)
        except BaseException:
            self.close()
            raise

    def run_code(self, code: str, timeout: float) -> None:
        """Run ``code`` silently; raise RuntimeError if it fails."""
        from jupyter_core.utils import run_sync

        reply = run_sync(self.kc.execute_interactive)(
            code, silent=True, store_history=False, timeout=timeout, output_hook=lambda msg: None
        )
        content = reply["content"]
        if content["status"] != "ok":
            failure = f"{content.get('ename')}: {content.get('evalue')}"
            raise RuntimeError(f"kernel set-up failed: {failure}")

    def is_alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return not self.broken and bool(run_sync(self.km.is_alive)())

    def close(self) -> None:
        """Stop the kernel; safe from any thread and more than once."""
        import shutil

        if self.kc is not None:
            with contextlib.suppress(Exception):  # best effort while tearing down
                self.kc.stop_channels()
        process = getattr(self.km.provisioner, "process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)
        with contextlib.suppress(Exception):
            self.km.cleanup_connection_file()
            self.km.cleanup_ipc_files()
        shutil.rmtree(self.socket_dir, ignore_errors=True)


_local = threading.local()
_all_kernels: list[_WarmKernel] = []
_all_lock = threading.Lock()
_cleanup_pid: list[int] = []


def _forget_parent_kernels() -> None:
    """In a forked child: the parent's kernels are not ours to reuse or to kill."""
    global _local, _all_lock
    _local = threading.local()
    _all_lock = threading.Lock()
    _all_kernels.clear()
    _cleanup_pid.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parent_kernels)


def shutdown_kernels() -> None:
    """Kill every warm kernel this process started.

    Examples
    --------
    >>> shutdown_kernels()  # nothing to do when no kernel was started
    """
    with _all_lock:
        kernels = list(_all_kernels)
        _all_kernels.clear()
    for kernel in kernels:
        kernel.close()


def _register_cleanup() -> None:
    """Kill this process's kernels when it exits (once per process, pool workers included)."""
    import atexit
    from multiprocessing import util

    if _cleanup_pid == [os.getpid()]:
        return
    _cleanup_pid[:] = [os.getpid()]
    atexit.register(shutdown_kernels)
    # pool workers leave through os._exit: atexit is skipped, multiprocessing finalizers run
    util.Finalize(None, shutdown_kernels, exitpriority=10)


def _thread_kernel(kernel_name: str) -> _WarmKernel:
    """This thread's warm kernel, started (or replaced) when needed."""
    kernel: _WarmKernel | None = getattr(_local, "kernel", None)
    if kernel is not None and (kernel.kernel_name != kernel_name or not kernel.is_alive()):
        _discard_kernel()
        kernel = None
    if kernel is None:
        _register_cleanup()
        kernel = _WarmKernel(kernel_name)
        _local.kernel = kernel
        with _all_lock:
            _all_kernels.append(kernel)
    return kernel


def _discard_kernel() -> None:
    kernel: _WarmKernel | None = getattr(_local, "kernel", None)
    _local.kernel = None
    if kernel is not None:
        with _all_lock:
            if kernel in _all_kernels:
                _all_kernels.remove(kernel)
        kernel.close()


def _engine_class() -> type:
    from nbclient.exceptions import CellTimeoutError
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import Engine

    class WarmKernelEngine(Engine):  # type: ignore[misc]
        """papermill engine running the notebook on this thread's warm kernel."""

        @classmethod
        def execute_managed_notebook(
            cls,
            nb_man: Any,
            kernel_name: str,
            log_output: bool = False,
            stdout_file: Any = None,
            stderr_file: Any = None,
            start_timeout: float = 60,
            execution_timeout: float | None = None,
            **kwargs: Any,
        ) -> Any:
            _local.notebook = nb_man.nb  # the partial notebook, if this raises
            kernel = _thread_kernel(kernel_name)
            kernel.run_code(_RESET_CODE, timeout=start_timeout)
            deadline = None if execution_timeout is None else time.monotonic() + execution_timeout

            def remaining(cell: Any) -> float | None:
                if deadline is None:
                    return None
                left = deadline - time.monotonic()
                if left <= 0:
                    raise CellTimeoutError(f"the notebook used up its {execution_timeout:g} s")
                return left

            client = PapermillNotebookClient(
                nb_man,
                km=kernel.km,
                kernel_name=kernel_name,
                timeout_func=remaining,
                startup_timeout=start_timeout,
                log_output=log_output,
                stdout_file=stdout_file,
                stderr_file=stderr_file,
            )
            client.kc = kernel.kc
            try:
                return client.execute()
            except BaseException:
                kernel.broken = True  # timed out, interrupted or died: never reuse it
                raise

    return WarmKernelEngine


def _ensure_engine() -> None:
    from papermill.engines import papermill_engines

    if ENGINE_NAME not in papermill_engines._engines:
        papermill_engines.register(ENGINE_NAME, _engine_class())


def execute_notebook(
    nb: Any,
    parameters: dict[str, Any],
    *,
    kernel_name: str = THIS_PYTHON,
    timeout_s: float | None = None,
    start_timeout_s: float = 60.0,
) -> tuple[Any, BaseException | None]:
    """Run a notebook through papermill on this thread's warm kernel.

    Parameters
    ----------
    nb : nbformat.NotebookNode
        The notebook (not modified; papermill works on a copy).
    parameters : dict
        Injected after the cell tagged ``parameters`` (strings stay strings).
    kernel_name : str
        A kernelspec name, or :data:`THIS_PYTHON` for ipykernel on the running interpreter.
    timeout_s : float, optional
        Time allowed for the whole notebook [s]; None for no limit.
    start_timeout_s : float
        Time allowed for a kernel to start and for the namespace reset [s].

    Returns
    -------
    tuple
        ``(notebook, error)``: the executed notebook (partial when it failed, None if it never
        started) and the exception (None on success). A broken kernel is already discarded.

    Examples
    --------
    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 6 * 7")])
    >>> params = nbformat.v4.new_code_cell("x = 0")
    >>> params.metadata["tags"] = ["parameters"]
    >>> nb.cells.insert(0, params)
    >>> out, error = execute_notebook(nb, {"x": "007"})
    >>> error is None, out.cells[1].source
    (True, '# Parameters\\nx = "007"\\n')
    """
    import papermill as pm

    _ensure_engine()
    _local.notebook = None
    try:
        executed = pm.execute_notebook(
            nb,
            None,
            parameters=parameters,
            engine_name=ENGINE_NAME,
            kernel_name=kernel_name,
            language="python",
            progress_bar=False,
            request_save_on_cell_execute=False,
            execution_timeout=timeout_s,
            start_timeout=start_timeout_s,
        )
    except Exception as exc:
        kernel = getattr(_local, "kernel", None)
        if kernel is not None and kernel.broken:
            _discard_kernel()
        return getattr(_local, "notebook", None), exc
    return executed, None
