"""``python -m psoaskit`` runs the ``psoaskit`` command."""

import sys

from psoaskit.cli import main

__all__: list[str] = []

sys.exit(main())
