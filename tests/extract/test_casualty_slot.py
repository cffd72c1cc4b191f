"""The casualty slot: toll statements read from parsed sentences and combined the way GTD and
ACLED coders do. The sentences are the team's own, written in the three coder styles; each is
parsed with the spaCy model (``model`` marker) and the event's combined figure is asserted."""

from __future__ import annotations

import pytest

from tacitus.extract.slots.casualties import Casualties, Toll, combine, tolls_in

OPEN = None  # an open maximum ("at least N")


@pytest.fixture(scope="module")
def read():
    from tacitus.annotate import annotate, get_nlp
    from tacitus.clean import clean
    from tacitus.ingest import text_document

    nlp = get_nlp()

    def run(text: str) -> Casualties:
        sentences = annotate(clean(text_document(text)), nlp).sentences
        return combine([t for s in sentences for t in tolls_in(s)])

    return run


def _range(expected):
    if expected is None or isinstance(expected, tuple):
        return expected
    if isinstance(expected, str):  # "40+": at least 40
        return int(expected.rstrip("+")), OPEN
    return expected, expected


CASES = [
    # --- ACLED-style notes ---------------------------------------------------------------
    ("On 3 March 2022, JNIM militants ambushed a FAMa patrol near Diafarabe (Tenenkou, Mopti). "
     "6 soldiers were killed and 3 were injured.", 6, 3),
    ("On 14 May 2021, unidentified gunmen shot dead a local councillor in Mandera town (Mandera, "
     "Mandera). 1 fatality.", 1, None),
    ("On 2 June 2023, Al Shabaab militants attacked an SNA base in Bacadweyn (Hobyo, Mudug). "
     "Several soldiers were killed. Unspecified number of fatalities coded as 3.", 3, None),
    ("On 9 May 2020, a suspect was killed during a police operation in Cagayan de Oro "
     "(Misamis Oriental, Northern Mindanao).", 1, None),
    ("On 21 April 2024, suspected BRN militants detonated a roadside bomb near a rubber "
     "plantation in Rueso (Rueso, Narathiwat). There were no casualties.", 0, 0),
    ("On 11 November 2022, ISWAP fighters attacked a military base in Malam Fatori (Abadam, "
     "Borno). 12 soldiers and 20 militants were killed.", 32, None),
    ("On 5 July 2021, Fulani ethnic militia attacked Kadawa village (Zurmi, Zamfara). 35 "
     "fatalities split across 3 villages and coded as 12 for this event.", 12, None),
    ("On 8 August 2023, a Russian missile struck an apartment block in Pokrovsk (Pokrovskyi, "
     "Donetsk). 9 people were killed and 82 were injured.", 9, 82),
    ("On 17 February 2024, police forces of Kenya fired live rounds at protesters in Kisumu "
     "(Kisumu Central, Kisumu). 2 protesters were killed and dozens were injured.", 2, (24, 99)),
    ("On 30 January 2025, a Sudanese army drone struck the Omdurman market (Karari, Khartoum). "
     "Fatalities coded as 54.", 54, None),
    ("On 19 April 2022, Dozo militia members killed 4 Fulani civilians near Bama (Houet, "
     "Hauts-Bassins) and burned 12 huts. 4 fatalities.", 4, None),
    ("On 6 October 2020, M23 rebels clashed with FARDC troops near Rutshuru (Rutshuru, "
     "Nord-Kivu). The army said it killed 15 rebels; 2 soldiers died.", 17, None),
    ("On 12 June 2024, unidentified armed men abducted 14 passengers from a bus near Gusau "
     "(Gusau, Zamfara). Casualties unknown.", None, None),
    ("On 3 April 2023, Israeli forces raided Nablus (Nablus, West Bank) and killed 2 "
     "Palestinian gunmen. 3 Israeli soldiers were wounded.", 2, 3),
    ("On 25 September 2023, gunmen attacked a market in Bankass (Bankass, Mopti) and killed "
     "at least 11 traders, including 4 women.", "11+", None),
    ("On 1 March 2023, a clash between Macawisley fighters and Al Shabaab near Mahaday "
     "(Jowhar, Middle Shabelle) left 7 dead.", 7, None),
    ("On 26 July 2024, an IED struck a minibus near Beledhawo (Beled Hawo, Gedo). 1 civilian "
     "was killed and 6 others were injured.", 1, 6),
    # --- GTD-style summaries -------------------------------------------------------------
    ("Assailants attacked a border post in Seytenga, Seno, Burkina Faso. A border guard was "
     "killed.", 1, None),
    ("Two assailants and a soldier were killed.", 3, None),
    ("Assailants opened fire on a bus carrying pilgrims in Reasi, Jammu and Kashmir, India. "
     "Nine people were killed and 33 were injured. No group claimed responsibility for the "
     "incident.", 9, 33),
    ("A suicide bomber detonated an explosive vest at a checkpoint in Bannu, Khyber "
     "Pakhtunkhwa, Pakistan. Five police officers were killed in addition to the bomber, and "
     "eleven civilians were injured.", 6, 11),
    ("Gunmen stormed a hotel in Mogadishu, Banadir, Somalia. At least 15 people, including "
     "three of the attackers, were killed and 20 were injured.", ("15+"), 20),
    ("Assailants stormed a bank in Kandahar, Kandahar, Afghanistan. Six employees and all four "
     "assailants were killed and 12 people were injured.", 10, 12),
    ("A bomb exploded at a bus station in Maiduguri, Borno, Nigeria. At least 30 people were "
     "killed and 48 were injured; security forces shot dead two suspected accomplices.",
     "32+", 48),
    ("Assailants opened fire on a wedding party in Herat, Herat, Afghanistan, killing the groom "
     "and four guests.", 5, None),
    ("An assailant stabbed a rabbi outside a synagogue in Manchester, England, United Kingdom. "
     "The rabbi was wounded, and no one was killed.", 0, 1),
    ("Soldiers discovered and defused an explosive device on a road near Gao, Gao, Mali.",
     None, None),
    ("Assailants attacked a convoy near Kidal, Kidal, Mali. Twelve people, 10 soldiers and two "
     "drivers, were killed.", 12, None),
    ("Assailants fired on a market in Aleppo, Aleppo, Syria. Fourteen people, 8 of them "
     "children, were killed.", 14, None),
    ("Assailants set fire to a school in Tamanrasset, Tamanrasset, Algeria. There were no "
     "casualties.", 0, 0),
    ("This was one of six coordinated bombings across the province, which together killed more "
     "than 90 people; the toll at this site was not reported separately.", None, None),
    ("Assailants opened fire on a police vehicle in Quetta, Balochistan, Pakistan. Two police "
     "officers died at the scene and a passer-by was injured.", 2, 1),
    ("Armed men abducted 23 passengers from a bus near Zhob, Balochistan, Pakistan, and later "
     "killed nine of them.", 9, None),
    ("A car bomb exploded outside a courthouse in Mogadishu, Banadir, Somalia. Eleven people "
     "were killed, among them two judges, and 16 were injured.", 11, 16),
    ("Assailants threw a grenade into a bar in Bujumbura, Bujumbura Mairie, Burundi. A woman "
     "was killed and seven people were wounded.", 1, 7),
    ("Gunmen killed a priest and his driver near Enugu, Enugu, Nigeria.", 2, None),
    # --- wire items ----------------------------------------------------------------------
    ("KABUL (Reuters) - A suicide bomber struck a crowded mosque in northern Kabul on Friday, "
     "killing at least 21 people and wounding 33, police said.", "21+", 33),
    ("LAGOS (Reuters) - Gunmen killed more than 40 villagers in attacks on Saturday in Nigeria's "
     "Plateau state, officials said on Sunday. Dozens were wounded.", "40+", (24, 99)),
    ("BAGHDAD (AP) - The death toll from Monday's twin bombings in a Baghdad market rose to 38, "
     "officials said on Wednesday. At least 70 people were wounded.", 38, "70+"),
    ("NAIROBI (Reuters) - Gunmen killed five people in an attack on Tuesday near the Somali "
     "border; across the region, more than 60 people have been killed this year.", 5, None),
    ("PESHAWAR, Pakistan (AP) - A bomb hidden in a motorcycle exploded near a police van on "
     "Thursday, wounding six officers, police said. No deaths were reported.", 0, 6),
    ("DAMASCUS (Reuters) - An air strike on a rebel-held town killed 11 civilians on Monday, "
     "including four children, a monitoring group said. The group said 3 fighters were also "
     "killed.", 14, None),
    ("BAMAKO (Reuters) - Militants killed 15 soldiers in an ambush on Sunday in central Mali, "
     "the army said, in addition to 4 civilians caught in the crossfire.", 19, None),
    # --- more of the same kinds, mixed styles ---------------------------------------------
    ("On 4 April 2024, unidentified gunmen killed a village chief and his wife in Tanwalbougou "
     "(Fada N'Gourma, Est).", 2, None),
    ("On 13 July 2022, Ukrainian forces shelled Nova Kakhovka (Kakhovskyi, Kherson), killing 7 "
     "people and wounding about 70.", 7, (63, 77)),
    ("On 2 May 2023, clashes between the army and RSF in El Obeid (Sheikan, North Kordofan) "
     "left 12 civilians dead and 30 injured.", 12, 30),
    ("Assailants opened fire on a minibus in Kurram, Khyber Pakhtunkhwa, Pakistan. Fourteen "
     "passengers and the driver were killed.", 15, None),
    ("A roadside bomb struck a military vehicle near Kidal, Kidal, Mali. Three soldiers were "
     "killed and two were wounded. The toll later rose to five.", 5, 2),
    ("Assailants attacked a church in Kaduna, Kaduna, Nigeria. A pastor and three worshippers "
     "were killed, and several others were wounded.", 4, (3, 9)),
    ("On 18 May 2021, a mob lynched a man accused of theft in Kano (Kano Municipal, Kano). 1 "
     "fatality.", 1, None),
    ("On 7 March 2023, FARDC troops killed 9 ADF militants in an operation near Oicha (Beni, "
     "Nord-Kivu). 2 soldiers were wounded.", 9, 2),
    ("KHARTOUM (Reuters) - Artillery fire killed at least 25 people in Omdurman on Sunday, a "
     "medical group said, and more than 100 were injured.", "25+", "100+"),
    ("Gunmen attacked a police station in Zamfara, Nigeria, killing three officers. Two of the "
     "attackers were also killed.", 5, None),
    ("An explosive device detonated in a market in Bossaso, Bari, Somalia. No one was injured.", None, 0),
    ("On 1 January 2024, the Israeli military struck a house in Rafah (Rafah, Gaza Strip). 11 "
     "people, including 5 children, were killed and 20 were wounded.", 11, 20),
    ("Militants attacked a checkpoint in North Waziristan, Khyber Pakhtunkhwa, Pakistan. Seven "
     "soldiers and a civilian were killed. The army said 6 militants died in the exchange of "
     "fire.", 14, None),
    ("Assailants abducted 12 aid workers near Juba, Central Equatoria, South Sudan. Two of the "
     "hostages were later found dead.", 2, None),
    ("MOGADISHU (AP) - A car bomb exploded outside a police academy in Mogadishu on Saturday, "
     "killing 16 recruits and wounding 22, a police official said. The bomber also died.", 17, 22),
    ("An assailant drove a car into a crowd at a Christmas market in Magdeburg, Saxony-Anhalt, "
     "Germany. Six people were killed and more than 200 were injured.", 6, "200+"),
    ("On 20 August 2023, an IED hit an army truck near Djibo (Soum, Sahel), killing 4 "
     "soldiers. Several soldiers were injured.", 4, (3, 9)),
    ("Gunmen killed eight people, among them two children, in an attack on Dogon village, "
     "Mopti, Mali.", 8, None),
    ("A suicide bomber killed 12 people at a funeral in Jalalabad, Nangarhar, Afghanistan; the "
     "bomber was among the dead.", 12, None),
    ("On 5 June 2021, JNIM militants killed about 160 people in Solhan (Seno, Sahel) over "
     "several hours. Fatalities coded as 160.", 160, None),
    # --- figures that are not this event's, claims, hostages ----------------------------
    ("On 14 March 2019, gunmen killed 2 farmers near Koro (Koro, Mopti). Since January 2019, "
     "more than 300 civilians have been killed in the region.", 2, None),
    ("On 2 February 2021, Al Shabaab fired 6 mortar rounds at Mogadishu airport (Banadir). No "
     "fatalities were reported.", 0, None),
    ("Assailants held 35 people hostage in a hotel in Bamako, Mali, for nine hours. Three "
     "hostages were killed.", 3, None),
    ("On 30 June 2022, a 19-year-old student was shot dead by police in Nairobi (Nairobi, "
     "Nairobi) during protests over fuel prices.", 1, None),
    ("On 11 May 2024, a bomb hit a bus carrying 40 passengers near Maungdaw (Maungdaw, "
     "Rakhine). 5 passengers were killed.", 5, None),
    ("The Taliban claimed to have killed 50 soldiers in the attack on the base in Ghazni, "
     "Afghanistan; officials said 12 soldiers were killed.", 12, None),
    ("A bomb exploded in a market in Peshawar, Khyber Pakhtunkhwa, Pakistan, in 2013, killing "
     "40 people. On Monday, a second bomb in the same market killed 3 people.", 40, None),
    ("Gunmen stormed a mosque in Kaduna, Kaduna, Nigeria, and killed 18 worshippers; 7 other "
     "people died later in hospital.", 25, None),
    ("An air strike hit a wedding in Hajjah, Hajjah, Yemen. The death toll climbed to 33, and "
     "41 people were wounded.", 33, 41),
    ("Assailants attacked an army post in Boni, Mopti, Mali. The army said 10 soldiers were "
     "killed, and that it had killed 20 assailants in response.", 30, None),
    ("On 12 April 2023, an IED targeted a police convoy in Bajaur (Bajaur, Khyber "
     "Pakhtunkhwa). 4 policemen were killed and a bystander was injured.", 4, 1),
    ("BEIRUT (Reuters) - An Israeli strike on a building in southern Lebanon killed a "
     "Hezbollah commander and two of his aides on Tuesday, security sources said.", 3, None),
    ("Gunmen stormed a hotel complex in Nairobi, Nairobi, Kenya. Twenty-one people were killed. "
     "Five attackers died: the suicide bomber and four gunmen.", 26, None),
    ("A suicide bomber struck a concert hall in Moscow, Russia. At least 40 people were killed, "
     "several children among them, and more than 150 were injured.", "40+", "150+"),
    ("The attack recalled the 2015 massacre at a university in Garissa. How many people died "
     "this time is not yet known.", None, None),
]


@pytest.mark.model
@pytest.mark.parametrize("text, killed, injured", CASES)
def test_event_figures(read, text, killed, injured):
    result = read(text)
    assert result.killed == _range(killed), result.used
    assert result.injured == _range(injured), result.used


@pytest.mark.model
def test_years_ages_distances_and_vehicles_are_not_tolls(read):
    result = read("On 9 May 2020, gunmen in 3 vehicles attacked a 25-year-old trader about 15 km "
                  "from Gao (Gao, Gao) and set 4 shops on fire. The trader was killed.")
    assert result.killed == (1, 1)
    assert result.injured is None


@pytest.mark.model
def test_missing_and_abducted_are_not_tolls(read):
    result = read("Gunmen abducted 40 students and 3 teachers from a school in Kagara, Niger, "
                  "Nigeria; 12 others were reported missing.")
    assert result.killed is None and result.injured is None


@pytest.mark.model
def test_assailants_are_kept_apart(read):
    result = read("Four employees and all three assailants were killed and 15 people were injured.")
    assert result.killed == (7, 7)
    assert result.assailants_killed == 3
    assert result.injured == (15, 15)


@pytest.mark.model
def test_evidence_points_at_the_figure(read):
    text = "Assailants attacked a bank in Gao, Mali. Eight people were killed."
    result = read(text)
    [toll] = result.used
    assert text[toll.start:toll.end] == "Eight people were killed"
    assert toll.sentence == 1 and toll.text == "Eight people were killed."


# --- combine on hand-built statements (no model) -----------------------------------------------


def _toll(kind="killed", low=1, high=1, group="victims", sentence=0, start=0, **flags) -> Toll:
    return Toll(kind, low, high, group, sentence, start, start + 5, "", statement=start, **flags)


def test_the_coded_figure_overrides_everything():
    tolls = [_toll(low=3, high=9, vague=True), _toll(low=40, high=40, start=10),
             _toll(low=47, high=47, start=20, coded=True)]
    assert combine(tolls).killed == (47, 47)


def test_the_same_category_twice_is_not_added_but_an_update_replaces():
    first = _toll(low=79, high=79, category="people", generic=True)
    again = _toll(low=80, high=80, start=10, category="people", generic=True)
    assert combine([first, again]).killed == (79, 79)
    update = _toll(low=137, high=137, start=20, update=True, generic=True)
    assert combine([first, again, update]).killed == (137, 137)


def test_distinct_categories_and_assailants_add_up():
    tolls = [_toll(low=7, high=7, category="soldier"), _toll(low=35, high=35, start=10, category="civilian"),
             _toll(low=80, high=80, start=20, group="assailants", category="assailant")]
    result = combine(tolls)
    assert result.killed == (122, 122) and result.assailants_killed == 80


def test_a_mixed_figure_already_holds_the_assailants():
    tolls = [_toll(low=9, high=9, group="mixed", inside=2, generic=True),
             _toll(low=2, high=2, start=10, group="assailants")]
    result = combine(tolls)
    assert result.killed == (9, 9) and result.assailants_killed == 2


def test_vague_never_overrides_a_stated_figure_and_zero_only_alone():
    assert combine([_toll(low=11, high=11), _toll(low=3, high=9, start=9, vague=True, group="assailants")]).killed == (11, 11)
    assert combine([_toll(low=3, high=9, vague=True)]).killed == (3, 9)
    assert combine([_toll(low=0, high=0, zero=True), _toll(low=2, high=2, start=9)]).killed == (2, 2)
    assert combine([_toll(kind="injured", low=0, high=0, zero=True)]).injured == (0, 0)


def test_elsewhere_subsets_superseded_and_claims():
    assert combine([_toll(low=250, high=None, elsewhere=True)]).killed is None
    assert combine([_toll(low=51, high=51), _toll(low=40, high=40, start=9, subset=True)]).killed == (51, 51)
    assert combine([_toll(low=43, high=43, superseded=True), _toll(low=110, high=None, start=9)]).killed == (110, None)
    assert combine([_toll(low=100, high=None, claimed=True)]).killed == (100, None)
    assert combine([_toll(low=100, high=None, claimed=True), _toll(low=17, high=17, start=9)]).killed == (17, 17)


def test_nothing_said_is_nothing():
    result = combine([])
    assert result.killed is None and result.injured is None and result.assailants_killed is None
    assert result.used == ()
