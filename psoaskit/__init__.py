"""psoaskit: learn, programme and measure iliopsoas (hip-flexor) strengthening.

The public API is re-exported here; see the README for the layout of the kit.
"""

from psoaskit.exercises import Catalogue, CatalogueError, Exercise, load_catalogue
from psoaskit.programmes import Programme, load_programmes

# --- logs ---
# --- mechanics ---
# --- simulate ---
# --- analysis ---
# --- reports ---

__version__ = "0.1.0"

__all__ = [
    "Catalogue",
    "CatalogueError",
    "Exercise",
    "Programme",
    "__version__",
    "load_catalogue",
    "load_programmes",
    # --- logs ---
    # --- mechanics ---
    # --- simulate ---
    # --- analysis ---
    # --- reports ---
]
