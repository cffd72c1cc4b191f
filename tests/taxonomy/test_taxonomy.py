"""The taxonomy loader: the bundled files are consistent, and every kind of broken file is
refused with a message naming the problem."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tacitus.errors import DataFileError
from tacitus.taxonomy import TAXONOMY_DIR, load_taxonomy, taxonomy

ACLED_EVENT_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians",
                     "Protests", "Riots", "Strategic developments"}


def test_bundled_taxonomy_has_acled_and_gtd_types():
    t = taxonomy()
    assert {e.label for e in t.event_types.values()} == ACLED_EVENT_TYPES
    assert len(t.sub_event_types) == 25
    assert len(t.gtd_types) == 9
    # GTD's hierarchy: assassination is coded first, unknown last
    ranked = sorted(t.gtd_types.values(), key=lambda g: g.priority)
    assert ranked[0].key == "assassination" and ranked[-1].key == "unknown"


@pytest.mark.parametrize("sub, event_type, gtd", [
    ("air_drone_strike", "Explosions/Remote violence", "bombing"),
    ("armed_clash", "Battles", "armed_assault"),
    ("abduction_forced_disappearance", "Violence against civilians", "kidnapping"),
    ("peaceful_protest", "Protests", None),
    ("mob_violence", "Riots", None),
])
def test_sub_event_types_map_to_event_type_and_gtd(sub, event_type, gtd):
    t = taxonomy()
    assert t.event_type_of(sub).label == event_type
    assert t.sub(sub).gtd_type == gtd


def test_disorder_type_override():
    t = taxonomy()
    assert t.disorder_type_of("peaceful_protest") == "Demonstrations"
    assert t.disorder_type_of("excessive_force_against_protesters") == "Political violence; Demonstrations"


def test_lookup_by_label():
    t = taxonomy()
    assert t.by_label("Remote explosive/landmine/IED").key == "remote_explosive_landmine_ied"
    assert t.gtd_by_label("Hostage Taking (Barricade Incident)").key == "hostage_barricade"
    assert t.by_label("no such type") is None


@pytest.fixture()
def copy(tmp_path) -> Path:
    target = tmp_path / "taxonomy"
    shutil.copytree(TAXONOMY_DIR, target, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    return target


def test_a_copy_loads(copy):
    assert load_taxonomy(copy).sub_event_types.keys() == taxonomy().sub_event_types.keys()


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


@pytest.mark.parametrize("file, old, new, message", [
    ("acled/sub_event_types/grenade.yaml", "event_type: explosions_remote_violence", "event_type: bangs",
     "'bangs' is not an event type"),
    ("acled/sub_event_types/grenade.yaml", "gtd_type: bombing", "gtd_type: boom", "'boom' is not a GTD type"),
    ("acled/sub_event_types/grenade.yaml", "merge: true", "merge: true\nmerges: false", "unknown key 'merges'"),
    ("acled/sub_event_types/grenade.yaml", "priority: 41", "priority: 42", "not a total order"),
    ("acled/sub_event_types/grenade.yaml", "key: grenade", "key: grenades", "differs from the file name"),
    ("gtd/bombing.yaml", "priority: 5", "priority: 5\npriority: 6", "duplicate key"),
    ("gtd/bombing.yaml", 'colour: "#e66101"', 'colour: "orange"', "colour must be #rrggbb"),
    ("gtd/hijacking.yaml", "acled_sub_event_type: null", "acled_sub_event_type: hijack",
     "'hijack' is not a sub-event type"),
    ("acled/event_types/riots.yaml", "actor2: target", "actor2: bystander", "unknown frame role"),
])
def test_broken_files_are_refused(copy, file, old, new, message):
    _edit(copy / file, old, new)
    with pytest.raises(DataFileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        load_taxonomy(copy)


def test_missing_required_key_is_refused(copy):
    _edit(copy / "gtd/armed_assault.yaml", "merge: true\n", "")
    with pytest.raises(DataFileError, match="missing 'merge'"):
        load_taxonomy(copy)


def test_an_event_type_without_sub_types_is_refused(copy):
    for path in (copy / "acled/sub_event_types").glob("*.yaml"):
        if "event_type: riots" in path.read_text():
            path.unlink()
    with pytest.raises(DataFileError, match="no sub-event type belongs to it"):
        load_taxonomy(copy)


def test_adding_a_sub_type_is_one_file(copy):
    (copy / "acled/sub_event_types/drone_swarm.yaml").write_text(
        "key: drone_swarm\nlabel: Drone swarm\nevent_type: explosions_remote_violence\n"
        "priority: 47\ngtd_type: bombing\nmerge: true\n")
    t = load_taxonomy(copy)
    assert t.event_type_of("drone_swarm").label == "Explosions/Remote violence"
