"""PDFs of the offline report pages, printed by a local headless Chromium (nothing downloaded).

Each page is printed with Chromium's own ``--print-to-pdf`` after its scripts have run (the
charts are drawn by the inlined Vega JavaScript), using the pages' print stylesheet (A4, no
buttons, charts and tables kept whole). Chromium is looked for in ``PSOASKIT_CHROMIUM``, then
on ``PATH`` (``chromium``, ``chromium-browser``, ``google-chrome``), then at
``/usr/bin/chromium`` (Debian's package, which ``make chromium`` installs). Each print runs in a
fresh profile folder, so several can run at once, and in its own process group, so a timeout
or an interrupt leaves no browser behind. The squad's PDF joins the printed index and every
athlete's PDF with ``pypdf``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from psoaskit._files import atomic_write
from psoaskit.errors import PsoaskitError

__all__ = ["ChromiumNotFound", "find_chromium", "html_to_pdf", "join_pdfs"]

_NAMES = ("chromium", "chromium-browser", "google-chrome")
_FALLBACK = Path("/usr/bin/chromium")
# no network, no first-run work, no crash reporter; the page's own scripts get up to 10 s of
# virtual time to draw their charts before the print
_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-extensions", "--no-first-run", "--no-default-browser-check",
    "--disable-breakpad", "--no-pdf-header-footer", "--virtual-time-budget=10000",
    "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
)


class ChromiumNotFound(PsoaskitError):
    """No Chromium to print PDFs with."""


def find_chromium() -> Path:
    """The Chromium executable to print with.

    Raises
    ------
    ChromiumNotFound
        With the places looked in and how to install it.

    Examples
    --------
    >>> find_chromium().name.startswith(("chromium", "chrome", "google-chrome"))  # doctest: +SKIP
    True
    """
    given = os.environ.get("PSOASKIT_CHROMIUM")
    if given:
        if Path(given).is_file() and os.access(given, os.X_OK):
            return Path(given)
        raise ChromiumNotFound(f"PSOASKIT_CHROMIUM={given} is not an executable file")
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    if _FALLBACK.is_file():
        return _FALLBACK
    raise ChromiumNotFound(
        "PDFs need Chromium: none found on PATH (" + ", ".join(_NAMES) + f") or at {_FALLBACK}; "
        "install Debian's chromium (`make chromium`) or set PSOASKIT_CHROMIUM"
    )


def html_to_pdf(page: str | os.PathLike[str], pdf: str | os.PathLike[str], *,
                chromium: str | os.PathLike[str] | None = None, timeout_s: float = 120.0) -> Path:
    """Print an HTML file to PDF with headless Chromium; the PDF is written atomically.

    Parameters
    ----------
    page : path
        The HTML file (opened from ``file://``; it must not need the network).
    pdf : path
        Where the PDF goes.
    chromium : path, optional
        The browser (default :func:`find_chromium`).
    timeout_s : float
        Time allowed for one page [s]; the browser is killed after it.

    Returns
    -------
    Path
        ``pdf``.

    Raises
    ------
    PsoaskitError
        When Chromium fails, times out or writes no PDF (its last message is given).
    """
    browser = str(chromium or find_chromium())
    url = Path(page).resolve().as_uri()

    def write(tmp: Path) -> None:
        with tempfile.TemporaryDirectory(prefix="psoaskit-chromium-") as profile:
            command = [browser, *_FLAGS, f"--user-data-dir={profile}",
                       f"--print-to-pdf={tmp}", url]
            process = subprocess.Popen(command, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.PIPE, start_new_session=True)
            try:
                _, err = process.communicate(timeout=timeout_s)
            except BaseException:  # timeout, Ctrl-C: take the whole browser down with us
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                raise
            finally:
                # renderer or zygote processes that outlive the browser's main process
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(process.pid, signal.SIGKILL)
        with open(tmp, "rb") as handle:
            head = handle.read(5)
        if process.returncode != 0 or head != b"%PDF-":
            lines = [x for x in err.decode("utf-8", "replace").splitlines() if x.strip()]
            last = lines[-1] if lines else f"exit status {process.returncode}"
            raise PsoaskitError(f"Chromium printed no PDF of {Path(page).name}: {last}")

    try:
        return atomic_write(pdf, write)
    except subprocess.TimeoutExpired:
        raise PsoaskitError(
            f"Chromium took longer than {timeout_s:g} s to print {Path(page).name}") from None


def join_pdfs(parts: Sequence[str | os.PathLike[str]], pdf: str | os.PathLike[str]) -> Path:
    """Join PDFs, in the order given, into one (written atomically).

    Examples
    --------
    >>> import pypdf, tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> for name in ("a", "b"):
    ...     writer = pypdf.PdfWriter()
    ...     _ = writer.add_blank_page(width=100, height=100)
    ...     _ = writer.write(folder / f"{name}.pdf")
    >>> len(pypdf.PdfReader(join_pdfs([folder / "a.pdf", folder / "b.pdf"],
    ...                               folder / "ab.pdf")).pages)
    2
    """
    import pypdf

    def write(tmp: Path) -> None:
        writer = pypdf.PdfWriter()
        for part in parts:
            writer.append(str(part))
        with open(tmp, "wb") as handle:
            writer.write(handle)

    return atomic_write(pdf, write)
