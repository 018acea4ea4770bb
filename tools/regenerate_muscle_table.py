"""Re-create ``data/muscle_paths_rajagopal2016.csv`` with the OpenSim Python API (maintenance only).

The packaged table was transcribed from the psoaskit reference notes (model-tables.md 3.3-3.4),
which were computed this way. This script lets a maintainer recompute it, e.g. for another model
file. It is never imported by psoaskit and never run by the tests: it needs the OpenSim 4.6 wheel
(``pip install opensim``, Python 3.11) and a checkout of opensim-org/opensim-models.

Usage::

    python tools/regenerate_muscle_table.py path/to/Rajagopal2016.osim \
        data/muscle_paths_rajagopal2016.csv

Method (as in the references): right leg, pelvis fixed, hip adduction and rotation 0; moment arm
r = -dL/dq from ``computeMomentArm``; for the operating point each muscle alone is fully activated
(all others at the minimum), the model is equilibrated, and the tendon force x r is the moment.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

MUSCLES = {
    "psoas": "psoas_r",
    "iliacus": "iliacus_r",
    "rectus_femoris": "recfem_r",
    "tfl": "tfl_r",
    "sartorius": "sart_r",
}
HIP_ANGLES = (-30, -20, -10, 0, 15, 30, 45, 60, 75, 90, 100, 110, 120)
KNEE_ANGLES = (0, 90)
HEADER = (
    "muscle,knee_deg,hip_deg,moment_arm_cm,mt_length_cm,fiber_length_norm_opensim,"
    "active_fl_opensim,max_moment_nm_opensim,source"
)


def compute(model_path: Path) -> list[str]:
    import opensim as osim  # maintenance dependency only

    model = osim.Model(str(model_path))
    state = model.initSystem()
    hip = model.getCoordinateSet().get("hip_flexion_r")
    knee = model.getCoordinateSet().get("knee_angle_r")
    muscles = model.getMuscles()
    rows = []
    for name, opensim_name in MUSCLES.items():
        muscle = muscles.get(opensim_name)
        for knee_deg in KNEE_ANGLES:
            for hip_deg in HIP_ANGLES:
                knee.setValue(state, math.radians(knee_deg))
                hip.setValue(state, math.radians(hip_deg))
                for i in range(muscles.getSize()):
                    other = muscles.get(i)
                    other.setActivation(state, 1.0 if other.getName() == opensim_name else 0.01)
                model.equilibrateMuscles(state)
                model.realizeDynamics(state)
                arm = muscle.computeMomentArm(state, hip)
                length_cm = muscle.getLength(state) * 100
                rows.append(
                    f"{name},{knee_deg},{hip_deg},{arm * 100:.2f},{length_cm:.1f},"
                    f"{muscle.getNormalizedFiberLength(state):.2f},"
                    f"{muscle.getActiveForceLengthMultiplier(state):.2f},"
                    f"{muscle.getTendonForce(state) * arm:.0f},{model_path.stem} via OpenSim"
                )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model", type=Path, help="an .osim file, e.g. Rajagopal2016.osim")
    parser.add_argument("out", type=Path, help="CSV to write (atomically)")
    args = parser.parse_args(argv)
    try:
        rows = compute(args.model)
    except ImportError:
        print("needs the OpenSim Python API: pip install opensim (Python 3.11)", file=sys.stderr)
        return 2
    header = (
        f"# Hip-flexor paths recomputed with tools/regenerate_muscle_table.py from\n"
        f"# {args.model.name} (OpenSim Python API; right leg, pelvis fixed, hip adduction and\n"
        "# rotation 0). Columns as in the packaged data/muscle_paths_rajagopal2016.csv;\n"
        "# restore its provenance header lines before committing.\n"
    )
    tmp = args.out.with_name(args.out.name + ".tmp")
    tmp.write_text(header + HEADER + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    os.replace(tmp, args.out)
    print(f"wrote {len(rows)} rows to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
