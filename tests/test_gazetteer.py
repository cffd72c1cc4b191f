"""The bundled actor vocabularies and their strict loader."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pycountry
import pytest

from tacitus.errors import DataFileError
from tacitus.gazetteer import (
    ACLED_CATEGORIES,
    GROUP_KINDS,
    IDEOLOGIES,
    ArmedGroup,
    alias_index,
    case_sensitive_alias_index,
    groups_by_id,
    load_armed_groups,
    load_demonyms,
    lookup_demonym,
    lookup_group,
    normalise_alias,
)

# ISO alpha-2 codes of the 193 UN member states.
UN_MEMBERS = """
AF AL DZ AD AO AG AR AM AU AT AZ BS BH BD BB BY BE BZ BJ BT BO BA BW BR BN BG BF BI CV KH CM CA
CF TD CL CN CO KM CG CR CI HR CU CY CZ KP CD DK DJ DM DO EC EG SV GQ ER EE SZ ET FJ FI FR GA GM
GE DE GH GR GD GT GN GW GY HT HN HU IS IN ID IR IQ IE IL IT JM JP JO KZ KE KI KW KG LA LV LB LS
LR LY LI LT LU MG MW MY MV ML MT MH MR MU MX FM MC MN ME MA MZ MM NA NR NP NL NZ NI NE NG MK NO
OM PK PW PA PG PY PE PH PL PT QA KR MD RO RU RW KN LC VC WS SM ST SA SN RS SC SL SG SK SI SB SO
ZA SS ES LK SD SR SE CH SY TJ TH TL TG TO TT TN TR TM TV UG UA AE GB TZ US UY UZ VU VE VN YE ZM
ZW
""".split()


def write(tmp_path: Path, text: str, name: str = "groups.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD_GROUPS = """
- id: parent
  name: Parent Front
  aliases: [PF, Parent]
  countries: [IQ]
  affiliate_of: []
  ideology: jihadist
- id: child
  name: Child Brigade
  aliases: [CB]
  countries: [SY]
  affiliate_of: [parent]
  ideology: jihadist
"""


# --- the bundled armed groups -----------------------------------------------------------------


def test_bundled_groups_load():
    groups = load_armed_groups()
    assert len(groups) >= 800
    assert all(isinstance(g, ArmedGroup) for g in groups)
    assert load_armed_groups() is groups  # cached


@pytest.mark.parametrize(
    "alias, group_id",
    [
        ("Isis", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("IS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("Daesh", "islamic-state"),
        ("the Islamic State group", "islamic-state"),
        ("ISKP", "islamic-state-khorasan"),
        ("Isis-K", "islamic-state-khorasan"),
        ("IS-K", "islamic-state-khorasan"),
        ("ISIS-K", "islamic-state-khorasan"),
        ("Isis Khorasan", "islamic-state-khorasan"),
        ("Islamic State Khorasan", "islamic-state-khorasan"),
        ("TIP", "turkistan-islamic-party"),
        ("East Turkestan Islamic Movement", "turkistan-islamic-party"),
        ("TTP", "tehrik-i-taliban-pakistan"),
        ("Pakistani Taliban", "tehrik-i-taliban-pakistan"),
        ("Afghan Taliban", "taliban"),
        ("the Taliban", "taliban"),
        ("al-Shabab", "al-shabaab"),
        ("Harakat al-Shabaab al-Mujahideen", "al-shabaab"),
        ("al-Qaida", "al-qaeda"),
        ("Al Qaeda", "al-qaeda"),
        ("al-Qa\u2019ida", "al-qaeda"),
        ("AQAP", "al-qaeda-arabian-peninsula"),
        ("AQIM", "al-qaeda-islamic-maghreb"),
        ("JNIM", "jnim"),
        ("HTS", "hayat-tahrir-al-sham"),
        ("Hay\u2019at Tahrir al-Sham", "hayat-tahrir-al-sham"),
        ("Jabhat al-Nusra", "jabhat-al-nusra"),
        ("ISWAP", "islamic-state-west-africa"),
        ("Boko Haram", "boko-haram"),
        ("Houthis", "houthis"),
        ("Ansar Allah", "houthis"),
        ("Hizbollah", "hezbollah"),
        ("BLA", "balochistan-liberation-army"),
        ("Baloch Liberation Front", "balochistan-liberation-front"),
        ("LeT", "lashkar-e-taiba"),
        ("Lashkar-e-Tayyiba", "lashkar-e-taiba"),
        ("PKK", "pkk"),
        ("Tamil Tigers", "ltte"),
        ("ETA", "eta"),
        ("Real IRA", "real-ira"),
        ("Wagner", "wagner-group"),
        ("M23", "march-23-movement"),
        ("FMLN", "fmln"),
        ("Farabundo Marti National Liberation Front", "fmln"),
        ("Shining Path", "shining-path"),
        ("SHINING PATH", "shining-path"),
        ("Sendero Luminoso", "shining-path"),
        ("Tupac Amaru Revolutionary Movement", "mrta"),
        ("MRTA", "mrta"),
        ("FARC", "farc"),
        ("ELN", "eln"),
        ("National Liberation Army", "eln"),
        ("M-19", "m-19"),
        ("URNG", "urng"),
        ("Manuel Rodriguez Patriotic Front", "fpmr"),
        ("the extraditables", "medellin-cartel"),
        ("Contras", "contras"),
        ("Cinchoneros", "cinchoneros"),
        ("Morazanist Patriotic Front", "morazanist-patriotic-front"),
        ("Lautaro Youth Movement", "lautaro-youth-movement"),
        ("Isis's", "islamic-state"),
    ],
)
def test_aliases_resolve(alias, group_id):
    group = lookup_group(alias)
    assert group is not None, alias
    assert group.id == group_id


# Names and aliases added for 2000-2026 coverage, one or more per region, as news prints them.
@pytest.mark.parametrize(
    "alias, group_id",
    [
        # Sahel, Lake Chad, Nigeria, Cameroon
        ("Katiba Serma", "katiba-serma"),
        ("HCUA", "hcua"),
        ("GATIA", "gatia"),
        ("CSP-DPA", "csp-dpa"),
        ("Dozo hunters", "dozo"),
        ("Lakurawa", "lakurawa"),
        ("Civilian JTF", "civilian-joint-task-force"),
        ("Yan Sakai", "yan-sakai"),
        ("Amotekun", "amotekun"),
        ("ISMP", "islamic-state-mozambique"),
        ("Amba Boys", "ambazonian-separatists"),
        ("AGovC", "ambazonia-governing-council"),
        # Central Africa and the Great Lakes
        ("FPRC", "fprc"),
        ("Azande Ani Kpi Gbe", "azande-ani-kpi-gbe"),
        ("Mai-Mai Yakutumba", "mai-mai-yakutumba"),
        ("Mai Mai", "mai-mai"),
        ("NDC-R", "ndc-r"),
        ("Twirwaneho", "twirwaneho"),
        ("Wazalendo", "wazalendo"),
        ("Raia Mutomboki", "raia-mutomboki"),
        ("CNDP", "cndp"),
        ("Imbonerakure", "imbonerakure"),
        # Sudan, South Sudan, Horn
        ("SLM-AW", "slm-abdul-wahid"),
        ("SPLM-N (al-Hilu)", "splm-n-al-hilu"),
        ("Nuer White Army", "white-army"),
        ("National Salvation Front", "national-salvation-front-south-sudan"),
        ("OLF", "oromo-liberation-front"),
        ("Macawisley", "macawisley"),
        ("Ma'awisley", "macawisley"),
        ("Danab", "danab-brigade"),
        ("Amniyat", "amniyat"),
        ("Islamic Courts Union", "islamic-courts-union"),
        # North Africa and the Middle East
        ("Special Deterrence Force", "special-deterrence-force"),
        ("444 Brigade", "brigade-444"),
        ("Operation Dignity", "libyan-national-army"),
        ("Security Belt Forces", "security-belt-forces"),
        ("Giants Brigades", "giants-brigades"),
        ("Kata'ib Sayyid al-Shuhada", "kataib-sayyid-al-shuhada"),
        ("Saraya Awliya al-Dam", "saraya-awliya-al-dam"),
        ("Sinjar Resistance Units", "sinjar-resistance-units"),
        ("Sultan Murad Division", "sultan-murad-division"),
        ("al-Amshat", "sultan-suleiman-shah-brigade"),
        ("Saraya Ansar al-Sunna", "saraya-ansar-al-sunna"),
        ("Ansar al-Sunna", "ansar-al-sunna-iraq"),
        ("Radwan Force", "radwan-force"),
        ("Tulkarm Brigade", "tulkarm-brigade"),
        ("Nukhba", "nukhba-force"),
        ("Hilltop Youth", "hilltop-youth"),
        # South and Southeast Asia
        ("Fitna al-Khawarij", "tehrik-i-taliban-pakistan"),
        ("PAFF", "peoples-anti-fascist-front"),
        ("Kashmir Tigers", "kashmir-tigers"),
        ("PLFI", "plfi"),
        ("PREPAK", "prepak"),
        ("Arambai Tenggol", "arambai-tenggol"),
        ("Kuki National Army", "kuki-national-army"),
        ("KNDF", "kndf"),
        ("Chin National Front", "chin-national-front"),
        ("SSA-S", "rcss"),
        ("Special Task Agency of Burma", "special-task-agency-of-burma"),
        ("Three Brotherhood Alliance", "three-brotherhood-alliance"),
        ("Dawlah Islamiyah", "dawlah-islamiyah"),
        ("RKK", "runda-kumpulan-kecil"),
        # Europe and the former Soviet Union
        ("Rusich", "rusich"),
        ("Right Sector", "right-sector"),
        ("Blood and Honour", "blood-and-honour"),
        ("Reichsbürger", "reichsburger"),
        # the Americas
        ("Los Chapitos", "los-chapitos"),
        ("Cárteles Unidos", "carteles-unidos"),
        ("Nueva Familia Michoacana", "la-familia-michoacana"),
        ("Los Pachenca", "acsn"),
        ("FARC dissidents", "farc-dissidents"),
        ("Comandos de la Frontera", "comandos-de-la-frontera"),
        ("Sindicato do Crime", "sindicato-do-crime"),
        ("Los Tiguerones", "los-tiguerones"),
        ("5 Segonn", "5-segonn"),
        ("Patriot Front", "patriot-front"),
        # multinational missions and coalitions
        ("MINUSMA", "minusma"),
        ("Minusca", "minusca"),
        ("MONUSCO", "monusco"),
        ("AMISOM", "amisom"),
        ("ATMIS", "atmis"),
        ("AUSSOM", "aussom"),
        ("UNIFIL", "unifil"),
        ("UNMISS", "unmiss"),
        ("MNJTF", "mnjtf"),
        ("the Saudi-led coalition", "saudi-led-coalition"),
    ],
)
def test_added_aliases_resolve(alias, group_id):
    group = lookup_group(alias)
    assert group is not None, alias
    assert group.id == group_id


# Aliases that read as ordinary English once lower-cased: an alias of the file that folds to one
# of these must be matched exactly as written (listed under case_sensitive, or an acronym).
ENGLISH_WORDS = frozenset(
    """
    base front army party union league lions tigers wolves hawks falcons eagles dragons cobra
    sparta model stab hope dawn dignity storm shield platform resistance legion network alliance
    coalition movement brotherhood command sector order brand youth guardians defenders vanguard
    partisans crusaders patriots warriors soldiers rangers guards raiders
    """.split()
)
ENGLISH_PHRASES = frozenset({
    "the base", "the brand", "right sector", "men of dignity", "resolute support",
    "arab coalition", "white army", "brotherhood alliance", "guards of the republic",
    "cobra faction", "national action", "revolutionary struggle", "security belt",
    "red dragons", "popular forces", "local force", "soldiers of egypt", "border commandos",
})


def test_aliases_that_read_as_english_are_case_sensitive():
    offenders = []
    for g in load_armed_groups():
        exact = set(g.case_sensitive_aliases)
        for alias in g.names:
            key = normalise_alias(alias)
            if (key in ENGLISH_WORDS or key in ENGLISH_PHRASES) and alias not in exact:
                offenders.append((g.id, alias))
    assert offenders == []


@pytest.mark.parametrize(
    "text",
    ["stab", "Stab", "model", "Model", "men of dignity", "resolute support", "right sector",
     "white army", "arab coalition", "brotherhood alliance", "guards of the republic",
     "cobra faction", "national action", "los rojos", "gorgor", "fano", "mpc", "kra", "icu"],
)
def test_english_readings_do_not_resolve(text):
    assert lookup_group(text) is None


def test_every_bundled_group_has_an_acled_category():
    groups = load_armed_groups()
    assert [g.id for g in groups if g.acled_category is None] == []
    assert {g.acled_category for g in groups} == set(ACLED_CATEGORIES)


@pytest.mark.parametrize(
    "group_id, category, inter",
    [
        ("jnim", "Rebel group", 2),
        ("tehrik-i-taliban-pakistan", "Rebel group", 2),
        ("cjng", "Political militia", 3),
        ("kataib-hezbollah", "Political militia", 3),
        ("macawisley", "Identity militia", 4),
        ("dozo", "Identity militia", 4),
        ("popular-mobilization-forces", "State forces", 1),
        ("minusma", "External/Other forces", 8),
        ("wagner-group", "External/Other forces", 8),
    ],
)
def test_acled_categories(group_id, category, inter):
    group = groups_by_id()[group_id]
    assert (group.acled_category, group.acled_inter) == (category, inter)


def test_missions_and_coalitions_are_external_state_forces():
    missions = ["minusma", "minusca", "monusco", "amisom", "atmis", "aussom", "unifil", "unmiss",
                "mnjtf", "saudi-led-coalition"]
    for gid in missions:
        group = groups_by_id()[gid]
        assert (group.kind, group.acled_category) == ("state_force", "External/Other forces"), gid


def test_each_alias_key_names_one_group():
    owners: dict[str, set[str]] = {}
    for g in load_armed_groups():
        exact = set(g.case_sensitive_aliases)
        for alias in g.names:
            key = normalise_alias(alias, keep_case=alias in exact)
            owners.setdefault(key, set()).add(g.id)
    shared = {k: v for k, v in owners.items() if len(v) > 1}
    assert shared == {}


@pytest.mark.parametrize(
    "country",
    "ML BF NE NG CM TD CF CD SD SS ET SO KE MZ LY EG YE IQ SY LB PS IR AF PK IN BD MM TH PH ID "
    "CO VE MX BR EC HT UA RU GB US".split(),
)
def test_conflict_countries_are_covered(country):
    groups = [g for g in load_armed_groups() if country in g.countries]
    assert len(groups) >= 3, country


@pytest.mark.parametrize("word", ["is", "tip", "let", "eta", "Tip", "wagner", "klan", "the", ""])
def test_case_sensitive_aliases_do_not_match_ordinary_words(word):
    assert lookup_group(word) is None


def test_acronyms_are_case_sensitive():
    group = groups_by_id()["islamic-state"]
    assert {"IS", "ISIS", "ISIL"} <= set(group.case_sensitive_aliases)
    assert "Isis" not in group.case_sensitive_aliases
    assert "LeT" in groups_by_id()["lashkar-e-taiba"].case_sensitive_aliases
    assert "is" not in alias_index()
    assert case_sensitive_alias_index()["IS"] == "islamic-state"
    assert alias_index()["isis k"] == "islamic-state-khorasan"


@pytest.mark.parametrize(
    "child, parent",
    [
        ("islamic-state-khorasan", "islamic-state"),
        ("islamic-state-west-africa", "islamic-state"),
        ("islamic-state-sahel", "islamic-state"),
        ("turkistan-islamic-party", "al-qaeda"),
        ("al-shabaab", "al-qaeda"),
        ("jnim", "al-qaeda"),
        ("haqqani-network", "taliban"),
        ("qassam-brigades", "hamas"),
        ("new-peoples-army", "communist-party-of-the-philippines"),
        ("fpl-el-salvador", "fmln"),
        ("katiba-serma", "jnim"),
        ("amniyat", "al-shabaab"),
        ("radwan-force", "hezbollah"),
        ("nukhba-force", "qassam-brigades"),
        ("los-chapitos", "sinaloa-cartel"),
        ("march-23-movement", "alliance-fleuve-congo"),
        ("arakan-army", "three-brotherhood-alliance"),
        ("slm-minni-minawi", "sudan-liberation-movement"),
        ("splm-n-agar", "splm-n"),
        ("mandalay-pdf", "peoples-defence-force-myanmar"),
        ("security-belt-forces", "southern-transitional-council"),
        ("dawlah-islamiyah", "islamic-state-east-asia"),
    ],
)
def test_affiliations(child, parent):
    assert parent in groups_by_id()[child].affiliate_of


def test_bundled_groups_are_consistent():
    groups = load_armed_groups()
    ids = {g.id for g in groups}
    assert len(ids) == len(groups)
    for g in groups:
        assert g.countries, g.id
        assert all(pycountry.countries.get(alpha_2=c) or c == "XK" for c in g.countries), g.id
        assert set(g.affiliate_of) <= ids, g.id
        assert g.ideology in IDEOLOGIES and g.kind in GROUP_KINDS, g.id
        assert set(g.case_sensitive_aliases) <= set(g.names), g.id


def test_every_alias_resolves_to_its_own_group():
    for g in load_armed_groups():
        for alias in g.names:
            assert lookup_group(alias) == g, (alias, g.id)


@pytest.mark.parametrize(
    "text, key",
    [
        ("al-Qa'ida", "al qaida"),
        ("Al\u2013Qaeda", "al qaeda"),
        ("  Isis-K ", "isis k"),
        ("Farabundo Martí", "farabundo marti"),
        ("F.M.L.N.", "fmln"),
    ],
)
def test_normalise_alias(text, key):
    assert normalise_alias(text) == key


def test_normalise_alias_keep_case():
    assert normalise_alias("IS-K", keep_case=True) == "IS K"


# --- the bundled demonyms ----------------------------------------------------------------------


def test_bundled_demonyms_load():
    table = load_demonyms()
    assert len(table) >= 250


@pytest.mark.parametrize(
    "word, country, ethnic",
    [
        ("Tajik", "TJ", False),
        ("Afghan", "AF", False),
        ("Turkish", "TR", False),
        ("Russian", "RU", False),
        ("American", "US", False),
        ("Salvadoran", "SV", False),
        ("Salvadorean", "SV", False),
        ("Peruvian", "PE", False),
        ("Colombian", "CO", False),
        ("Chinese", "CN", False),
        ("Norwegian", "NO", False),
        ("Frenchmen", "FR", False),
        ("Uygur", "CN", True),
        ("Uyghur", "CN", True),
        ("Baloch", "PK", True),
        ("Baluch", "PK", True),
        ("Hazara", "AF", True),
        ("Rohingya", "MM", True),
        ("Pashtun", None, True),
        ("Kurdish", None, True),
        ("Kurd", None, True),
        ("Tamil", None, True),
        ("Fulani", None, True),
    ],
)
def test_demonyms(word, country, ethnic):
    entry = load_demonyms()[word]
    assert (entry.country, entry.ethnic) == (country, ethnic)
    assert entry.countries  # every entry knows at least one country


@pytest.mark.parametrize(
    "word, term",
    [("Tajiks", "Tajik"), ("TAJIK", "Tajik"), ("Uygurs", "Uygur"), ("Kurds", "Kurd"), ("fur", None)],
)
def test_lookup_demonym(word, term):
    entry = lookup_demonym(word)
    assert (entry.term if entry else None) == term


def test_every_un_member_has_a_demonym():
    assert len(set(UN_MEMBERS)) == 193
    covered = {c for d in load_demonyms().values() for c in d.countries}
    assert set(UN_MEMBERS) - covered == set()


# --- the loader rejects bad files -------------------------------------------------------------


def test_good_small_file(tmp_path):
    path = write(tmp_path, GOOD_GROUPS)
    groups = load_armed_groups(path)
    assert [g.id for g in groups] == ["parent", "child"]
    assert groups[0].case_sensitive_aliases == ("PF",)
    assert lookup_group("parent", path).id == "parent"
    assert lookup_group("pf", path) is None
    assert lookup_group("PF", path).id == "parent"


def test_acled_category_is_optional_and_read(tmp_path):
    path = write(
        tmp_path,
        """
        - {id: a, name: Alpha Front, aliases: [], countries: [IQ], ideology: jihadist,
           acled_category: Rebel group}
        - {id: b, name: Beta Militia, aliases: [], countries: [IQ], ideology: militia}
        """,
    )
    a, b = load_armed_groups(path)
    assert (a.acled_category, a.acled_inter) == ("Rebel group", 2)
    assert (b.acled_category, b.acled_inter) == (None, None)


def test_missing_file(tmp_path):
    with pytest.raises(DataFileError, match="nope.yaml: data file not found"):
        load_armed_groups(tmp_path / "nope.yaml")
    with pytest.raises(DataFileError, match="not found"):
        load_demonyms(tmp_path / "nope.yaml")


@pytest.mark.parametrize("text", ["", "[]\n", "# only a comment\n"])
def test_empty_group_file(tmp_path, text):
    with pytest.raises(DataFileError, match="no armed groups"):
        load_armed_groups(write(tmp_path, text))


def test_not_a_list(tmp_path):
    with pytest.raises(DataFileError, match="expected a list"):
        load_armed_groups(write(tmp_path, "id: x\n"))


def test_invalid_yaml(tmp_path):
    with pytest.raises(DataFileError, match="not valid YAML"):
        load_armed_groups(write(tmp_path, "- id: [unclosed\n"))


def test_duplicate_yaml_key(tmp_path):
    text = """
    - id: a
      id: b
      name: A
      aliases: []
      countries: [IQ]
      ideology: jihadist
    """
    with pytest.raises(DataFileError, match="duplicate key 'id'"):
        load_armed_groups(write(tmp_path, text))


BAD_CASES = {
    "missing field": (
        """
        - id: a
          aliases: []
          countries: [IQ]
          ideology: jihadist
        """,
        "missing required field 'name'",
    ),
    "duplicate id": (
        """
        - {id: a, name: A One, aliases: [], countries: [IQ], ideology: jihadist}
        - {id: a, name: A Two, aliases: [], countries: [IQ], ideology: jihadist}
        """,
        "duplicate id 'a'",
    ),
    "alias shared by two groups": (
        """
        - {id: a, name: Alpha Front, aliases: [The Front], countries: [IQ], ideology: jihadist}
        - {id: b, name: Beta Army, aliases: [the front], countries: [SY], ideology: jihadist}
        """,
        "alias 'the front' of 'b' is also alias 'The Front' of 'a'",
    ),
    "exact alias against a loose one": (
        """
        - {id: a, name: Alpha Front, aliases: [ETA], countries: [ES], ideology: separatist}
        - {id: b, name: Beta Army, aliases: [Eta], countries: [ES], ideology: separatist}
        """,
        "alias 'ETA' of 'a' is also alias 'Eta' of 'b'",
    ),
    "unknown parent": (
        """
        - {id: a, name: A, aliases: [], countries: [IQ], affiliate_of: [ghost], ideology: jihadist}
        """,
        "affiliate_of 'ghost' is not an id in the file",
    ),
    "cycle": (
        """
        - {id: a, name: Alpha, aliases: [], countries: [IQ], affiliate_of: [b], ideology: jihadist}
        - {id: b, name: Beta, aliases: [], countries: [IQ], affiliate_of: [a], ideology: jihadist}
        """,
        "affiliate_of forms a cycle",
    ),
    "bad country": (
        """
        - {id: a, name: A, aliases: [], countries: [QQ], ideology: jihadist}
        """,
        "'QQ' is not an ISO 3166-1 alpha-2 country code",
    ),
    "lowercase country": (
        """
        - {id: a, name: A, aliases: [], countries: [iq], ideology: jihadist}
        """,
        "'iq' is not an ISO 3166-1 alpha-2 country code",
    ),
    "bare NO": (
        """
        - {id: a, name: A, aliases: [], countries: [SE, NO], ideology: right-wing}
        """,
        'write "NO" for Norway',
    ),
    "no countries": (
        """
        - {id: a, name: A, aliases: [], countries: [], ideology: jihadist}
        """,
        "'countries' is empty",
    ),
    "bad ideology": (
        """
        - {id: a, name: A, aliases: [], countries: [IQ], ideology: anarchic}
        """,
        "ideology 'anarchic' is not one of",
    ),
    "bad acled category": (
        """
        - {id: a, name: A, aliases: [], countries: [IQ], ideology: other,
           acled_category: rebel_group}
        """,
        "acled_category 'rebel_group' is not one of",
    ),
    "bad kind": (
        """
        - {id: a, name: A, aliases: [], countries: [IQ], ideology: other, kind: army}
        """,
        "kind 'army' is not one of",
    ),
    "bad slug": (
        """
        - {id: Islamic State, name: A, aliases: [], countries: [IQ], ideology: jihadist}
        """,
        "is not a slug",
    ),
    "unknown field": (
        """
        - {id: a, name: A, alias: [X], aliases: [], countries: [IQ], ideology: jihadist}
        """,
        "unknown field 'alias'",
    ),
    "aliases not a list": (
        """
        - {id: a, name: A, aliases: Alpha, countries: [IQ], ideology: jihadist}
        """,
        "'aliases' must be a list",
    ),
    "alias twice": (
        """
        - {id: a, name: A, aliases: [Alpha, Alpha], countries: [IQ], ideology: jihadist}
        """,
        "alias 'Alpha' listed twice",
    ),
    "case_sensitive not an alias": (
        """
        - {id: a, name: A, aliases: [Alpha], countries: [IQ], ideology: jihadist,
           case_sensitive: [Beta]}
        """,
        "case_sensitive alias 'Beta' is not among its aliases",
    ),
    "entry not a mapping": (
        """
        - just a string
        """,
        "entry 1: expected a mapping",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_rejects_bad_group_file(tmp_path, case):
    text, message = BAD_CASES[case]
    path = write(tmp_path, text)
    with pytest.raises(DataFileError) as info:
        load_armed_groups(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)


def test_collects_every_problem_before_raising(tmp_path):
    text = """
    - {id: a, name: A, aliases: [], countries: [QQ], ideology: jihadist}
    - {id: b, aliases: [], countries: [IQ], affiliate_of: [ghost], ideology: jihadist}
    - {id: a, name: C, aliases: [], countries: [IQ], ideology: jihadist}
    """
    with pytest.raises(DataFileError) as info:
        load_armed_groups(write(tmp_path, text))
    problems = info.value.problems
    assert len(problems) == 4
    message = str(info.value)
    assert "4 problems" in message
    fragments = ("'QQ'", "missing required field 'name'", "'ghost'", "duplicate id 'a'")
    for fragment in fragments:
        assert fragment in message


# --- the demonym loader rejects bad files -----------------------------------------------------


def test_good_small_demonym_file(tmp_path):
    path = write(
        tmp_path,
        """
        demonyms:
          Tajik: {country: TJ}
          Kurdish: {country: null, ethnic: true, countries: [TR, IQ]}
        """,
        "demonyms.yaml",
    )
    table = load_demonyms(path)
    assert table["Tajik"].countries == ("TJ",)
    assert table["Kurdish"].country is None and table["Kurdish"].ethnic


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "no demonyms"),
        ("demonyms: {}\n", "'demonyms' is empty"),
        ("- Tajik\n", "expected a mapping with a 'demonyms' key"),
        ("demonyms:\n  Tajik: TJ\n", "expected a mapping such as"),
        ("demonyms:\n  Tajik: {ethnic: false}\n", "missing required field 'country'"),
        ("demonyms:\n  Tajik: {country: XX}\n", "'XX' is not an ISO 3166-1 alpha-2"),
        ("demonyms:\n  Norwegian: {country: NO}\n", 'write "NO" for Norway'),
        ("demonyms:\n  Somebody: {country: null}\n", "a nationality needs a country"),
        ("demonyms:\n  Tajik: {country: TJ, ethnic: maybe}\n", "ethnic must be true or false"),
        ("demonyms:\n  Tajik: {country: TJ, kind: x}\n", "unknown field 'kind'"),
        ("demonyms:\n  Tajik: {country: TJ}\n  TAJIK: {country: TJ}\n", "repeats 'Tajik'"),
        ("demonyms:\n  Tajik: {country: TJ}\n  Tajik: {country: AF}\n", "duplicate key 'Tajik'"),
    ],
)
def test_rejects_bad_demonym_file(tmp_path, text, message):
    path = write(tmp_path, text, "demonyms.yaml")
    with pytest.raises(DataFileError) as info:
        load_demonyms(path)
    assert str(path) in str(info.value)
    assert message in str(info.value)
