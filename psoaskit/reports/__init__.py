"""Batch reports: one offline HTML progress page per athlete, an index and a summary.

Modules: :mod:`~psoaskit.reports.batch` (the batch runner and its options),
:mod:`~psoaskit.reports.kernel` (papermill on warm kernels), :mod:`~psoaskit.reports.runtime`
(what the report notebook and the batch agree on), :mod:`~psoaskit.reports.page` (what a page
shows), :mod:`~psoaskit.reports.html` (offline HTML), :mod:`~psoaskit.reports.index` (the squad's
triage index); ``athlete_report.ipynb`` is the parameterised notebook run per athlete.
"""

from psoaskit.reports.batch import BatchResult, ReportOptions, run_batch

__all__ = ["BatchResult", "ReportOptions", "run_batch"]


def __getattr__(name: str) -> object:  # psoaskit 0.1 names of this module, with a warning
    from psoaskit._compat import moved_attribute

    return moved_attribute(__name__, name)
