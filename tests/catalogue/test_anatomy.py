"""Anatomy facts and the schematic's geometry."""

from __future__ import annotations

from psoaskit.catalogue.anatomy import anatomy_facts, anatomy_notes, anatomy_sources, schematic


def test_key_facts() -> None:
    facts = anatomy_facts().set_index("id")
    assert (
        "T12" in facts.loc["psoas_major", "origin"] and "L5" in facts.loc["psoas_major", "origin"]
    )
    assert "lesser trochanter" in facts.loc["psoas_major", "insertion"]
    assert "lesser trochanter" in facts.loc["iliacus", "insertion"]
    assert "iliac fossa" in facts.loc["iliacus", "origin"]
    assert "femoral nerve" in facts.loc["iliacus", "nerve"]
    assert "not cross" in facts.loc["psoas_minor", "hip_action"]


def test_every_fact_cites_known_sources() -> None:
    keys = set(anatomy_sources()["key"])
    for frame in (anatomy_facts(), anatomy_notes()):
        for cited in frame["sources"]:
            assert cited and set(cited.split(", ")) <= keys


def test_schematic_muscles_reach_their_attachments() -> None:
    drawing = schematic()
    muscles = drawing[drawing["kind"] == "muscle"].sort_values(["path", "order"])
    ends = muscles.groupby("path").tail(1).set_index("path")
    trochanter = ends.loc["psoas L1", ["x", "y"]].tolist()
    for path, row in ends.iterrows():
        if path != "psoas minor":
            assert row[["x", "y"]].tolist() == trochanter, (
                path
            )  # psoas major and iliacus share the insertion
    starts = muscles.groupby("path").head(1).set_index("path")
    vertebrae = drawing[drawing["kind"] == "bone"].groupby("part")["y"].agg(["min", "max"])
    for level in ("T12", "L1", "L2", "L3", "L4", "L5"):
        y = starts.loc[f"psoas {level}", "y"]
        assert vertebrae.loc[level, "min"] <= y <= vertebrae.loc[level, "max"]
    assert ends.loc["psoas minor", "y"] > trochanter[1]  # psoas minor stops on the pelvis
