"""The trigger lexicon, pattern family by pattern family, over invented news sentences.

Each sentence below was written for this project (never taken from the dev corpus or a
benchmark) and stands for one family of triggers in `data/reference/event_triggers.yaml`:
a verb, an event noun after a light verb, a phrasal verb, an object-constrained verb, a refined
code, a joint act, an absorbed complement. The expected set is every event the coder must
produce for the sentence, no more: (source country, target country, CAMEO code, modality).
A two-character code stands for any code of that CAMEO root.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from pipeline.reference.cameo import load_cameo_table
from pipeline.reference.triggers import load_trigger_lexicon
from schemas.records import EventMention

Expected = set[tuple[str | None, str | None, str, str]]


def coded(
    code_body: Callable[[str], list[EventMention]], body: str, expected: Expected
) -> Expected:
    """The coder's events for `body`, with codes cut to a root where `expected` gives one."""
    root_only = {(s, t, m) for s, t, c, m in expected if len(c) == 2}
    found: Expected = set()
    for event in code_body(body):
        key = (event.source_country, event.target_country, event.modality)
        code = event.cameo_root if key in root_only else event.cameo_code
        found.add((event.source_country, event.target_country, code, event.modality))
    return found


CASES: list[tuple[str, str, Expected]] = [
    # --- 02 appeals: refined by what is asked for ---------------------------------------------
    (
        "appeal to + absorbed release",
        "Germany appealed to Iran to release the detained aid workers.",
        {("DEU", "IRN", "0253", "occurred")},
    ),
    (
        "call on two parties for a ceasefire",
        "Pope Francis called on Russia and Ukraine to agree to an immediate ceasefire.",
        {("VAT", "RUS", "0256", "occurred"), ("VAT", "UKR", "0256", "occurred")},
    ),
    (
        "ask for weapons",
        "Ukraine asked the United States for more air defence systems.",
        {("UKR", "USA", "0232", "occurred")},
    ),
    (
        "urge talks",
        "Kenya urged Ethiopia to hold talks with Eritrea.",
        {("KEN", "ETH", "026", "occurred")},
    ),
    (
        "request aid from an IGO",
        "Lebanon requested emergency humanitarian aid from the European Union.",
        {("LBN", "IGO", "0233", "occurred")},
    ),
    # --- 03 intents: offers, pledges, proposals, assurances -----------------------------------
    (
        "aid pledge",
        "Japan pledged $2 billion in reconstruction aid to Ukraine on Monday.",
        {("JPN", "UKR", "0331", "intent")},
    ),
    (
        "offer to mediate",
        "Qatar offered to mediate between Israel and Hamas.",
        {("QAT", "ISR", "039", "intent")},
    ),
    (
        "proposed summit",
        "Brazil proposed a summit with Argentina to settle the trade dispute.",
        {("BRA", "ARG", "036", "intent")},
    ),
    (
        "assurance",
        "Indonesia assured Australia of its support in the fisheries dispute.",
        {("IDN", "AUS", "030", "intent")},
    ),
    # --- 04 consultations ---------------------------------------------------------------------
    (
        "held talks: light verb and event noun, both directions",
        "French President Emmanuel Macron held talks with Chinese President Xi Jinping.",
        {("FRA", "CHN", "040", "occurred"), ("CHN", "FRA", "040", "occurred")},
    ),
    (
        "spoke by phone",
        "Biden spoke by phone with Israeli Prime Minister Benjamin Netanyahu on Sunday.",
        {("USA", "ISR", "041", "occurred"), ("ISR", "USA", "041", "occurred")},
    ),
    (
        "planned trip",
        "Turkish Foreign Minister Hakan Fidan will travel to Cairo next week.",
        {("TUR", "EGY", "036", "planned")},
    ),
    (
        "hosting talks between others is mediation",
        "Saudi Arabia hosted talks between Sudan's army and the RSF in Jeddah.",
        # the host mediates; a one-sided "talks between" phrase is no pair, and a refined
        # hosting (045) implies no visit back
        {("SAU", "SDN", "045", "occurred")},
    ),
    (
        "exchange of views",
        "Egypt's foreign minister exchanged views with his Jordanian counterpart on Gaza.",
        {("EGY", "JOR", "040", "occurred"), ("JOR", "EGY", "040", "occurred")},
    ),
    # --- 05 diplomatic cooperation ------------------------------------------------------------
    (
        "congratulate",
        "India congratulated Sri Lanka on its successful elections.",
        {("IND", "LKA", "051", "occurred")},
    ),
    (
        "recognition",
        "Spain formally recognised a Palestinian state on Tuesday.",
        {("ESP", "PSE", "054", "occurred")},
    ),
    (
        "restored relations: joint act",
        "Saudi Arabia and Iran restored diplomatic relations after a seven-year rift.",
        {("SAU", "IRN", "054", "occurred"), ("IRN", "SAU", "054", "occurred")},
    ),
    (
        "signed a memorandum",
        "Vietnam and the Philippines signed a memorandum of understanding on maritime security.",
        {("VNM", "PHL", "057", "occurred"), ("PHL", "VNM", "057", "occurred")},
    ),
    (
        "apology",
        "Japan apologised to South Korea for the incident.",
        {("JPN", "KOR", "055", "occurred")},
    ),
    # --- 06 material cooperation --------------------------------------------------------------
    (
        "joint military drills",
        "The United States and South Korea launched joint military drills on Monday.",
        {("USA", "KOR", "062", "occurred"), ("KOR", "USA", "062", "occurred")},
    ),
    (
        "extradition",
        "Spain extradited a Russian businessman to the United States.",
        {("ESP", "USA", "063", "occurred")},
    ),
    (
        "intelligence sharing",
        "Britain shared intelligence with Ukraine about Russian troop movements.",
        {("GBR", "UKR", "064", "occurred")},
    ),
    # --- 07 aid -------------------------------------------------------------------------------
    (
        "announced weapons deliveries are an intent",
        "Germany will send 100 tanks to Poland.",
        {("DEU", "POL", "0332", "planned")},
    ),
    (
        "provide X with weapons",
        "The United States provided Ukraine with Patriot missile systems.",
        {("USA", "UKR", "072", "occurred")},
    ),
    (
        "humanitarian aid, target inside the object phrase",
        "The European Union provided 50 million euros in humanitarian aid to Sudan.",
        {("IGO", "SDN", "073", "occurred")},
    ),
    # --- 08 yielding: releases, easing, withdrawal, letting in --------------------------------
    (
        "release of a detainee",
        "Russia released an American journalist on Thursday.",
        {("RUS", "USA", "0841", "occurred")},
    ),
    (
        "lifting sanctions",
        "Washington lifted sanctions on Venezuela's oil sector.",
        {("USA", "VEN", "085", "occurred")},
    ),
    (
        "lifting a state of emergency",
        "Serbia lifted the state of emergency in Kosovo.",
        {("SRB", "XKX", "0814", "occurred")},
    ),
    (
        "troop withdrawal",
        "Russia withdrew its troops from Syria.",
        {("RUS", "SYR", "087", "occurred")},
    ),
    (
        "reopening a border",
        "Egypt reopened its border with Sudan.",
        {("EGY", "SDN", "081", "occurred")},
    ),
    (
        "letting inspectors in",
        "Iran allowed IAEA inspectors into the Fordow plant.",
        {("IRN", "IGO", "0862", "occurred")},
    ),
    (
        "prisoner exchange: joint act",
        "Russia and Ukraine exchanged prisoners of war on Friday.",
        {("RUS", "UKR", "0841", "occurred"), ("UKR", "RUS", "0841", "occurred")},
    ),
    # --- 09 investigation ---------------------------------------------------------------------
    (
        "launched an investigation",
        "Poland launched an investigation into the Russian sabotage plot.",
        {("POL", "RUS", "090", "occurred")},
    ),
    # --- 10 demands ---------------------------------------------------------------------------
    (
        "demand that X ...",
        "China demanded that the United States stop arms sales to Taiwan.",
        {("CHN", "USA", "10", "occurred")},
    ),
    (
        "reported demand: X said Y must ... (modal_demands)",
        "Japan said China must stop its coercive actions in the East China Sea.",
        {("JPN", "CHN", "100", "occurred")},
    ),
    (
        "a request acted on: made of whoever acted on it",
        "Kenya released the fishermen at the request of Uganda.",
        {("UGA", "KEN", "020", "occurred")},
    ),
    (
        "a request acted on, in a passive clause",
        "The detainee was freed by Kenya following a request from Uganda.",
        {("UGA", "KEN", "020", "occurred")},
    ),
    (
        "reported appeal: X said Y should ... (modal_demands)",
        "Japan said China should return to talks.",
        {("JPN", "CHN", "020", "occurred")},
    ),
    (
        "reported appeal told to someone, of no one named: the one told",
        "All sides should show restraint, the Japanese premier told the Chinese president.",
        {("JPN", "CHN", "020", "occurred")},
    ),
    (
        "demand a withdrawal",
        "Ukraine demanded the withdrawal of Russian troops from the Zaporizhzhia plant.",
        {("UKR", "RUS", "1056", "occurred")},
    ),
    # --- 11 disapproval -----------------------------------------------------------------------
    (
        "summoning an ambassador",
        "France summoned the Israeli ambassador over the strike on the aid convoy.",
        {("FRA", "ISR", "114", "occurred")},
    ),
    (
        "lodged a protest with",
        "Beijing lodged a strong protest with Tokyo over the visit.",
        {("CHN", "JPN", "114", "occurred")},
    ),
    (
        "accusation refined by the charge",
        "China accused the United States of espionage.",
        {("CHN", "USA", "1125", "occurred")},
    ),
    (
        "condemnation",
        "Germany condemned Russia's attack on Kyiv.",
        {("DEU", "RUS", "111", "occurred")},
    ),
    (
        "filed a case against",
        "South Africa filed a case against Israel at the International Court of Justice.",
        {("ZAF", "ISR", "115", "occurred")},
    ),
    # --- 12 rejection -------------------------------------------------------------------------
    (
        "veto",
        "Hungary vetoed the EU's aid package for Ukraine.",
        {("HUN", "IGO", "129", "occurred")},
    ),
    (
        "refusal absorbs the refused meeting",
        "Israel refused to meet the UN envoy.",
        {("ISR", "IGO", "125", "occurred")},
    ),
    (
        "rejected mediation",
        "Ethiopia rejected Egypt's offer of mediation.",
        {("ETH", "EGY", "126", "occurred")},
    ),
    # --- 13 threats ---------------------------------------------------------------------------
    (
        "threatened tariffs",
        "Trump threatened to impose tariffs on Canadian goods.",
        {("USA", "CAN", "1312", "occurred")},
    ),
    (
        "threatened nuclear strikes",
        "North Korea threatened South Korea with nuclear strikes.",
        {("PRK", "KOR", "1385", "occurred")},
    ),
    # --- 14 protest: no stated target means the protesters' own government --------------------
    (
        "staged demonstrations",
        "Thousands of Iranian students staged demonstrations against the government.",
        {("IRN", "IRN", "141", "occurred")},
    ),
    (
        "riot",
        "Kenyan protesters rioted in Nairobi.",
        {("KEN", "KEN", "145", "occurred")},
    ),
    # --- 15 force posture ---------------------------------------------------------------------
    (
        "massed troops",
        "Russia massed troops near the Ukrainian border.",
        {("RUS", "UKR", "154", "occurred")},
    ),
    (
        "drills around",
        "China launched large-scale military drills around Taiwan on Saturday.",
        {("CHN", "TWN", "150", "occurred")},
    ),
    # --- 16 reducing relations ----------------------------------------------------------------
    (
        "imposed sanctions",
        "Britain imposed new sanctions on Iranian officials.",
        {("GBR", "IRN", "163", "occurred")},
    ),
    (
        "expelled a diplomat",
        "Estonia expelled a Russian diplomat on Tuesday.",
        {("EST", "RUS", "161", "occurred")},
    ),
    (
        "ordered diplomats to leave",
        "Moscow ordered ten Estonian diplomats to leave the country.",
        {("RUS", "EST", "161", "occurred")},
    ),
    (
        "suspended cooperation",
        "Niger suspended military cooperation with the United States.",
        {("NER", "USA", "160", "occurred")},
    ),
    (
        "broke off relations: phrasal verb",
        "Venezuela broke off diplomatic relations with Argentina.",
        {("VEN", "ARG", "161", "occurred")},
    ),
    (
        "froze assets",
        "Washington froze Afghan central bank assets.",
        {("USA", "AFG", "163", "occurred")},
    ),
    (
        "recalled an ambassador",
        "Canada recalled its ambassador from Saudi Arabia.",
        {("CAN", "SAU", "161", "occurred")},
    ),
    # --- 17 coercion --------------------------------------------------------------------------
    (
        "seized a tanker",
        "Iran seized a Greek oil tanker in the Gulf.",
        {("IRN", "GRC", "171", "occurred")},
    ),
    (
        "detained a foreign national",
        "Russia detained a French researcher in Moscow.",
        {("RUS", "FRA", "173", "occurred")},
    ),
    (
        "closed a border",
        "Thailand closed its border with Myanmar.",
        {("THA", "MMR", "172", "occurred")},
    ),
    (
        "imposed a curfew",
        "Israeli forces imposed a curfew on the Palestinian town of Huwara.",
        {("ISR", "PSE", "1723", "occurred")},
    ),
    # --- 18 unconventional violence -----------------------------------------------------------
    (
        "abduction",
        "Venezuelan agents abducted a Colombian activist in Caracas.",
        {("VEN", "COL", "181", "occurred")},
    ),
    (
        "assassination",
        "Russian agents assassinated a Chechen dissident in Berlin.",
        {("RUS", "DEU", "186", "occurred")},
    ),
    # --- 19 conventional force ----------------------------------------------------------------
    (
        "air strikes after a light verb",
        "Israel carried out air strikes on Syria overnight.",
        {("ISR", "SYR", "195", "occurred")},
    ),
    (
        "shelling",
        "Russian artillery shelled Ukrainian positions near Bakhmut.",
        {("RUS", "UKR", "194", "occurred")},
    ),
    (
        "clash: joint act",
        "Azerbaijani troops clashed with Armenian forces on the border.",
        {("AZE", "ARM", "190", "occurred"), ("ARM", "AZE", "190", "occurred")},
    ),
    (
        "water cannon at a navy boat",
        "Chinese coast guard vessels fired water cannon at a Philippine navy boat.",
        {("CHN", "PHL", "190", "occurred")},
    ),
    # --- 20 mass violence ---------------------------------------------------------------------
    (
        "chemical weapons",
        "Iraq used chemical weapons against Iran in 1988.",
        {("IRQ", "IRN", "2041", "occurred")},
    ),
    # --- added vocabulary: protests, strikes, concessions, refusals, force posture ------------
    (
        "intransitive protest: against the own government",
        "Thousands of Indonesian students protested in Jakarta on Monday.",
        {("IDN", "IDN", "141", "occurred")},
    ),
    (
        "transitive protest of a thing: no demonstration",
        "China protested the visit.",
        set(),
    ),
    (
        "hunger strike absorbs its purpose clause",
        "Jailed Bahraini activists started a hunger strike to demand a new trial.",
        {("BHR", "BHR", "142", "occurred")},
    ),
    (
        "go on strike",
        "French rail workers went on strike on Monday.",
        {("FRA", "FRA", "143", "occurred")},
    ),
    (
        "take to the streets",
        "Thousands of Kenyans took to the streets of Nairobi to demand lower taxes.",
        {("KEN", "KEN", "141", "occurred")},
    ),
    (
        "demonstrate with an object is no protest",
        "China demonstrated its resolve to defend its claims in the South China Sea.",
        set(),
    ),
    (
        "market rally is no protest",
        "Japanese shares rallied strongly after the central bank held rates.",
        set(),
    ),
    (
        "failing to reach agreement: a joint rejection",
        "Israel and Lebanon failed to reach a deal on the maritime border on Monday.",
        {("ISR", "LBN", "120", "occurred"), ("LBN", "ISR", "120", "occurred")},
    ),
    (
        "meeting demands is yielding, not a meeting",
        "Germany met Poland's demands for compensation.",
        {("DEU", "POL", "083", "occurred")},
    ),
    (
        "arrest warrant",
        "The International Criminal Court issued an arrest warrant for the Israeli prime minister.",
        {("IGO", "ISR", "1121", "occurred")},
    ),
    (
        "joint war games",
        "Chinese warships held joint war games with Russia in the Sea of Japan.",
        {("CHN", "RUS", "062", "occurred"), ("RUS", "CHN", "062", "occurred")},
    ),
    (
        "outlawing a group falls on the own people",
        "Peru's government outlawed a radical student movement this week.",
        {("PER", "PER", "1722", "occurred")},
    ),
    (
        "storming an embassy",
        "Venezuelan police stormed the Argentine embassy in Caracas.",
        {("VEN", "ARG", "190", "occurred")},
    ),
    (
        "gunbattle: joint act",
        "Indian troops engaged in a gunbattle with Pakistani soldiers along the frontier.",
        {("IND", "PAK", "19", "occurred"), ("PAK", "IND", "19", "occurred")},
    ),
    # --- recall additions: investigations, access, aid, force ---------------------------------
    (
        "sending investigators is an investigation",
        "The United Nations sent investigators to Syria.",
        {("IGO", "SYR", "090", "occurred")},
    ),
    (
        "complaining about an act",
        "Lebanon complained about Israeli air raids on its villages.",
        {("LBN", "ISR", "111", "occurred")},
    ),
    (
        "holding a state responsible",
        "Iran held the United States responsible for the attack.",
        {("IRN", "USA", "112", "occurred")},
    ),
    (
        "pressuring officials",
        "Qatar kept pressuring Lebanese officials to drop the inquiry.",
        {("QAT", "LBN", "020", "occurred")},
    ),
    (
        "receiving observers",
        "Armenia accepted an OSCE team to monitor its parliamentary election.",
        {("ARM", "IGO", "0862", "occurred")},
    ),
    (
        "accepting peacekeepers",
        "Sudan accepted United Nations peacekeepers in Darfur.",
        {("SDN", "IGO", "0861", "occurred")},
    ),
    (
        "evacuating the wounded is humanitarian aid",
        "UN aircraft evacuated injured civilians from Gaza on Friday.",
        {("IGO", "PSE", "073", "occurred")},
    ),
    (
        "rescuing migrants",
        "The Greek coast guard rescued Turkish migrants off Lesbos.",
        {("GRC", "TUR", "073", "occurred")},
    ),
    (
        "opening fire on",
        "Israeli troops opened fire on Palestinian protesters.",
        {("ISR", "PSE", "190", "occurred")},
    ),
    (
        "stabbing soldiers",
        "A Palestinian stabbed two Israeli soldiers in Hebron.",
        {("PSE", "ISR", "180", "occurred")},
    ),
    (
        "sending reinforcements is force posture",
        "Russia sent reinforcements to the Ukrainian border.",
        {("RUS", "UKR", "150", "occurred")},
    ),
    ("held to a draw: codes nothing", "Manchester United held Chelsea to a draw.", set()),
    (
        "held responsible outside politics: codes nothing",
        "Shareholders held the board responsible for the losses.",
        set(),
    ),
    ("sent shares higher: codes nothing", "Investors sent shares higher on Wall Street.", set()),
    ("a company team: codes nothing", "Apple sent a team of engineers to China.", set()),
    (
        "complaining about the weather: codes nothing",
        "The minister complained about the weather at the summit in Paris.",
        set(),
    ),
    ("put on hold: codes nothing", "The central bank put interest rates on hold.", set()),
    # --- recall of the thinner PLOVER types: invented sentences, one per rule -----------------
    (
        "days of war games between coordinated demonyms",
        "Spanish and Moroccan warships began five days of war games off the coast.",
        {("ESP", "MAR", "062", "occurred"), ("MAR", "ESP", "062", "occurred")},
    ),
    (
        "the head of a list of fire nouns after a light verb",
        "Serbian gunners launched artillery, mortar and rocket fire against Kosovar villages.",
        {("SRB", "XKX", "194", "occurred")},
    ),
    (
        "a compass word before a country is no given name",
        "Syria launched an invasion of North Jordan.",
        {("SYR", "JOR", "192", "occurred")},
    ),
    (
        "an attack's place stands for its state",
        "Vietnamese-led troops recaptured a town in Western Laos.",
        {("VNM", "LAO", "190", "occurred")},
    ),
    (
        "opening fire on whom the purpose names",
        "Kenyan police opened fire to disperse opposition demonstrators.",
        {("KEN", "KEN", "175", "occurred"), ("KEN", "KEN", "190", "occurred")},
    ),
    (
        "unnamed victims belong to the place of the attack; a reflexive is no target",
        "Three Iraqi gunmen killed 12 people on Friday when they blew themselves up in Amman.",
        {("IRQ", "JOR", "18", "occurred")},
    ),
    (
        "detonating a bomb in a capital",
        "Libyan agents detonated a car bomb in Tunis.",
        {("LBY", "TUN", "1832", "occurred")},
    ),
    (
        "engaged in ethnic cleansing",
        "Armenian troops were engaged in ethnic cleansing in Azerbaijan, the report said.",
        {("ARM", "AZE", "203", "occurred")},
    ),
    (
        "forces held on alert in another state",
        "Nigerian troops remained on alert in Niger's capital on Monday.",
        {("NGA", "NER", "152", "occurred")},
    ),
    (
        "a hearing whose preposition hangs on the verb; the party inside its phrase",
        "Kenya's supreme court opened a hearing on Tuesday into the treatment of Somali refugees.",
        {("KEN", "SOM", "090", "occurred")},
    ),
    (
        "inspectors dispatched to a site in a state",
        "The IAEA dispatched inspectors to a reactor site in northern Syria.",
        {("IGO", "SYR", "090", "occurred")},
    ),
    (
        # the annotation notes: an appeal to an IGO to take up an issue is 020 (issue 17; the
        # PLOVER codebook reads the same form as an accusation of Togo)
        "a complaint taken to a forum is an appeal to it",
        "Ghana complained to the African Union over Togolese border raids.",
        {("GHA", "IGO", "020", "occurred")},
    ),
    (
        "an object shifted after an 'as' phrase",
        "Kenya on Monday condemned as a grave violation Uganda's seizure of the border post.",
        {("KEN", "UGA", "111", "occurred")},
    ),
    (
        "a reminder that a party must act absorbs the act",
        "The Italian president issued a firm reminder to Libya that it must release the fishermen.",
        {("ITA", "LBY", "020", "occurred")},
    ),
    (
        "lifting an emergency eases it for the own population",
        "Ecuador's government lifted a state of emergency in two coastal provinces.",
        {("ECU", "ECU", "0814", "occurred")},
    ),
    (
        "cancelling restrictions with no foreign addressee",
        "Estonia's constitutional court cancelled restrictions on the use of the Finnish language.",
        {("EST", "EST", "081", "occurred")},
    ),
    (
        "a measuring 'by' phrase is no passive agent",
        "President Ruto shortened by two hours the night curfew in Mombasa.",
        {("KEN", "KEN", "0813", "occurred")},
    ),
    (
        "calling off a strike yields to the own government; a dated 'on' is no 'call on'",
        "The Ghanaian teachers' union called off its national strike on Monday.",
        {("GHA", "GHA", "082", "occurred")},
    ),
    (
        "a withdrawal from the own state's ground has no addressee",
        "Armenia said its forces had completed their withdrawal from the Armenian border village.",
        {("ARM", None, "087", "occurred")},
    ),
    (
        "a reiterated demand is made of the subject of its clause",
        "The World Health Organization reiterated its demand that Egypt reopen the crossing.",
        {("IGO", "EGY", "100", "occurred")},
    ),
    (
        "an arrest where no agent is named is by the state it happens in",
        "A Danish sailor was arrested in Iran on Monday.",
        {("IRN", "DNK", "173", "occurred")},
    ),
    (
        "put under investigation in a state",
        "A French banker has been put under investigation in Belgium.",
        {("BEL", "FRA", "090", "occurred")},
    ),
    (
        "a currency sign after a country word is no actor",
        "Cuba was accused of hiding up to US $40 million, Chilean officials said.",
        {("CHL", "CUB", "112", "occurred")},
    ),
]


@pytest.mark.parametrize(
    ("body", "expected"),
    [pytest.param(body, expected, id=family) for family, body, expected in CASES],
)
def test_lexicon_pattern(
    code_body: Callable[[str], list[EventMention]], body: str, expected: Expected
) -> None:
    assert coded(code_body, body, expected) == expected


def test_cases_cover_every_coded_root() -> None:
    roots = {code[:2] for _, _, expected in CASES for _, _, code, _ in expected}
    assert {f"{root:02d}" for root in range(2, 21)} <= roots


def test_every_trigger_code_exists_and_every_root_has_triggers() -> None:
    cameo = load_cameo_table()
    lexicon = load_trigger_lexicon()
    triggers = [trigger for entries in lexicon.triggers.values() for trigger in entries]
    codes = {trigger.code for trigger in triggers}
    codes |= {code for trigger in triggers for code in trigger.refine.values()}
    codes |= {trigger.inverse for trigger in triggers if trigger.inverse}
    codes |= {code for pair in lexicon.intent_codes.items() for code in pair}
    assert all(code in cameo for code in codes)
    roots = {trigger.code[:2] for trigger in triggers}
    assert {f"{root:02d}" for root in range(2, 21)} <= roots
    # Root 01 (statements) is not coded: no trigger and no refinement may produce it.
    assert not any(code.startswith("01") for code in codes)


def test_statement_verbs_are_not_triggers() -> None:
    lexicon = load_trigger_lexicon()
    for lemma in ("say", "comment", "state", "tell", "note", "add", "claim"):
        assert not lexicon.candidates(lemma, "VERB"), lemma


def test_targets_and_particles_are_words() -> None:
    """YAML 1.1 reads a bare on/off/no/yes as a boolean: every target and particle is text."""
    lexicon = load_trigger_lexicon()
    for entries in lexicon.triggers.values():
        for trigger in entries:
            assert all(isinstance(target, str) and target for target in trigger.targets)
            assert trigger.prep is None or isinstance(trigger.prep, str)
            assert all(isinstance(word, str) for word in trigger.refine)
