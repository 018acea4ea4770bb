"""The vocabulary of the kit: exercises, programmes, anatomy facts and quizzes, as validated data.

Modules: :mod:`~psoaskit.catalogue.exercises` (the exercise catalogue),
:mod:`~psoaskit.catalogue.programmes` (the sources' programmes),
:mod:`~psoaskit.catalogue.anatomy` (iliopsoas facts and schematic),
:mod:`~psoaskit.catalogue.quiz` (self-check quizzes) and :mod:`~psoaskit.catalogue.checks`
(checks of every packaged data file).
"""

from psoaskit.catalogue import anatomy, checks, exercises, programmes, quiz
from psoaskit.catalogue.exercises import Catalogue, Exercise, read_catalogue
from psoaskit.catalogue.programmes import Programme, get_programme, read_programmes

__all__ = [
    "Catalogue",
    "Exercise",
    "Programme",
    "anatomy",
    "checks",
    "exercises",
    "get_programme",
    "programmes",
    "quiz",
    "read_catalogue",
    "read_programmes",
]
