"""Extending the gazetteer from a GeoNames dump (tacitus gazetteer build FILE)."""

from __future__ import annotations

import zipfile

import pytest
from click.testing import CliRunner

from tacitus.cli import main
from tacitus.errors import DataFileError
from tacitus.geo import resolve
from tacitus.geo import gazetteer as gz
from tacitus.geo.dump import build_extension, read_dump

# GeoNames' geoname table: 19 tab-separated fields; invented places in a real admin1 (Gedo, SO.06)
ROWS = [
    ["90000001", "Qorqorwaaq", "Qorqorwaaq", "Qorqorwaq,Korkorwak", "3.50", "42.10", "P", "PPL",
     "SO", "", "06", "", "", "", "350", "", "210", "Africa/Mogadishu", "2024-01-01"],
    ["90000002", "Xeebta Bir", "Xeebta Bir", "", "3.60", "42.20", "H", "STM", "SO", "", "06", "",
     "", "", "0", "", "200", "Africa/Mogadishu", "2024-01-01"],  # a stream: not a place
]


def dump_file(tmp_path, rows=ROWS, name="SO.txt"):
    path = tmp_path / name
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_read_dump_keeps_places_and_divisions(tmp_path):
    places = list(read_dump(dump_file(tmp_path)))
    assert [p["name"] for p in places] == ["Qorqorwaaq"]
    assert places[0]["kind"] == "town" and places[0]["a1"] == "06" and places[0]["pop"] == 350


def test_malformed_rows_are_refused_with_their_line(tmp_path):
    bad = dump_file(tmp_path, [ROWS[0], ["1", "x"]])
    with pytest.raises(DataFileError, match=":2:"):
        list(read_dump(bad))


@pytest.fixture
def extension_dir(tmp_path, monkeypatch):
    d = tmp_path / "ext"
    monkeypatch.setattr(gz, "extensions_dir", lambda: d)
    monkeypatch.setattr("tacitus.geo.dump.extensions_dir", lambda: d)
    gz.reset()
    yield d
    gz.reset()


@pytest.mark.parametrize("zipped", [False, True])
def test_an_extension_makes_a_village_resolvable(tmp_path, extension_dir, zipped):
    assert resolve(["Qorqorwaaq", "Gedo"]).precision == "province"  # only the region is known
    path = dump_file(tmp_path)
    if zipped:
        z = tmp_path / "SO.zip"
        with zipfile.ZipFile(z, "w") as fh:
            fh.write(path, "SO.txt")
        path = z
    out, count = build_extension(path)
    assert count == 1 and out.parent == extension_dir
    r = resolve(["Korkorwak", "Gedo"])  # an alternate name of the dump
    assert (r.place, r.country, r.precision, r.geo_precision) == ("Korkorwak", "Somalia", "town", 1)
    assert (r.latitude, r.longitude, r.admin1) == (3.5, 42.1, "Gedo")


def test_the_command(tmp_path, extension_dir):
    result = CliRunner().invoke(main, ["gazetteer", "build", str(dump_file(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "1 places" in result.output
    empty = dump_file(tmp_path, [ROWS[1]], "XX.txt")
    result = CliRunner().invoke(main, ["gazetteer", "build", str(empty)])
    assert result.exit_code != 0 and "no populated places" in result.output
