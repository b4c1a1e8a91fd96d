"""Actor mentions in invented sentences: phrases, leaders by date, coreference, stop phrases."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from pipeline.normalize.actors import (
    Actor,
    ActorResolver,
    ActorSpan,
    ArticleActors,
    default_actor_resolver,
)

D1988 = dt.date(1988, 6, 1)
D1990 = dt.date(1990, 6, 1)
D2000 = dt.date(2000, 1, 1)
D2005 = dt.date(2005, 6, 1)
D2019 = dt.date(2019, 6, 1)
D2022 = dt.date(2022, 9, 1)
D2023 = dt.date(2023, 6, 1)
D2024 = dt.date(2024, 6, 1)

# (span text, country, org, sector, role)
Expected = tuple[str, str | None, str | None, str | None, str | None]


@pytest.fixture(scope="module")
def resolver() -> ActorResolver:
    return default_actor_resolver()


def _find(
    resolver: ActorResolver,
    text: str,
    when: dt.date,
    memory: ArticleActors | None = None,
    person_spans: tuple[tuple[int, int], ...] = (),
) -> list[ActorSpan]:
    return resolver.find(
        text, when=when, memory=memory or ArticleActors(), person_spans=person_spans
    )


def _summary(spans: list[ActorSpan]) -> list[Expected]:
    return [(s.text, s.actor.country, s.actor.org, s.actor.sector, s.actor.role) for s in spans]


CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # demonym + title + name is one span, resolved through the leaders table
    (
        "Russian President Vladimir Putin arrived in Ankara on Monday.",
        D2024,
        [
            ("Russian President Vladimir Putin", "RUS", None, "GOV", "head_of_state"),
            ("Ankara", "TUR", None, None, None),
        ],
    ),
    # metonym + title + name
    (
        "Kremlin spokesperson Dmitry Peskov declined to comment.",
        D2024,
        [("Kremlin spokesperson Dmitry Peskov", "RUS", None, "GOV", "spokesperson")],
    ),
    # demonym + institution, determiner left out of the span
    (
        "The French foreign ministry issued a statement.",
        D2022,
        [("French foreign ministry", "FRA", None, "GOV", "foreign_ministry")],
    ),
    # capital possessive + institution
    (
        "Officials at Beijing's embassy rejected the claim.",
        D2022,
        [("Beijing's embassy", "CHN", None, "GOV", "embassy")],
    ),
    # demonym + title, no name
    (
        "Paris called in the Chinese envoy on Friday.",
        D2022,
        [
            ("Paris", "FRA", None, None, None),
            ("Chinese envoy", "CHN", None, "GOV", "envoy"),
        ],
    ),
    # IGO + title + name: organisation officeholder
    (
        "UN Secretary-General Antonio Guterres urged restraint.",
        D2023,
        [("UN Secretary-General Antonio Guterres", "IGO", "UN", "IGO", "secretary_general")],
    ),
    # IGO name alone
    (
        "The African Union will send observers.",
        D2023,
        [("African Union", "IGO", "AU", "IGO", None)],
    ),
    # demonym + military institution; a non-state armed group is not an actor
    (
        "Clashes broke out between the Sudanese army and a paramilitary group.",
        D2023,
        [("Sudanese army", "SDN", None, "MIL", "army")],
    ),
    # coordinated demonyms: one span each, sharing the head's sector
    (
        "Senior Czech and Slovak officials met in Vienna.",
        D2019,
        [
            ("Czech", "CZE", None, "GOV", "officials"),
            ("Slovak officials", "SVK", None, "GOV", "officials"),
            ("Vienna", "AUT", None, None, None),
        ],
    ),
    # "Visiting" stays out of the span; two presidents found by name
    (
        "Visiting Somali President Hassan Sheikh Mohamud held talks with Kenya's leader.",
        D2023,
        [
            ("Somali President Hassan Sheikh Mohamud", "SOM", None, "GOV", "head_of_state"),
            ("Kenya's leader", "KEN", None, "GOV", "leader"),
        ],
    ),
    # title + surname through the leaders table on the date
    (
        "President Biden spoke by phone with Chancellor Scholz.",
        D2023,
        [
            ("President Biden", "USA", None, "GOV", "head_of_state"),
            ("Chancellor Scholz", "DEU", None, "GOV", "head_of_government"),
        ],
    ),
    # bare surname through the leaders table
    (
        "Putin signed the decree late on Tuesday.",
        D2024,
        [("Putin", "RUS", None, "GOV", "head_of_state")],
    ),
    # a former officeholder keeps the country but loses the sector
    (
        "Former President Trump criticised the agreement.",
        D2023,
        [("Former President Trump", "USA", None, None, "former_head_of_state")],
    ),
    # out of office on the date even without "former"
    (
        "Merkel praised the agreement.",
        D2024,
        [("Merkel", "DEU", None, None, "former_head_of_government")],
    ),
    # news agencies are flagged, never actors
    (
        "The talks will resume, Sputnik reported, citing Reuters.",
        D2024,
        [
            ("Sputnik", None, None, "MED", "news_agency"),
            ("Reuters", None, None, "MED", "news_agency"),
        ],
    ),
    # stop phrases: festival, ocean, sea, currency
    (
        "Shipping through the Indian Ocean and the South China Sea slowed before Chinese New Year.",
        D2024,
        [],
    ),
    # currencies and idioms after a country word
    ("The Turkish lira and the Indian rupee fell, a game of Russian roulette.", D2024, []),
    # country words inside IGO names yield only the IGO
    (
        "The Organisation of Islamic Cooperation and the Arab League met in Jeddah.",
        D2024,
        [
            ("Organisation of Islamic Cooperation", "IGO", "OIC", "IGO", None),
            ("Arab League", "IGO", "ARAB_LEAGUE", "IGO", None),
        ],
    ),
    # an organ reports its parent organisation
    (
        "The Security Council voted on the draft.",
        D2024,
        [("Security Council", "IGO", "UN", "IGO", None)],
    ),
    # "Brussels" acts for the EU, not Belgium
    ("Brussels imposed new tariffs.", D2024, [("Brussels", "IGO", "EU", "IGO", None)]),
    # country possessive + leader
    (
        "India's Modi will travel to Washington.",
        D2024,
        [
            ("India's Modi", "IND", None, "GOV", "head_of_government"),
            ("Washington", "USA", None, None, None),
        ],
    ),
    # fixed-country institutions with a sector
    (
        "The State Department and the Pentagon briefed Congress.",
        D2024,
        [
            ("State Department", "USA", None, "GOV", "foreign_ministry"),
            ("Pentagon", "USA", None, "MIL", "defence_ministry"),
            ("Congress", "USA", None, "LEG", "legislature"),
        ],
    ),
    # fixed-country legislature and intelligence service
    (
        "The Knesset debated a report by the Mossad.",
        D2024,
        [
            ("Knesset", "ISR", None, "LEG", "legislature"),
            ("Mossad", "ISR", None, "SPY", "intelligence"),
        ],
    ),
    # country alias with full stops + institution
    (
        "A U.S. State Department official said so.",
        D2022,
        [("U.S. State Department", "USA", None, "GOV", "foreign_ministry")],
    ),
    # possessive country + multi-word institution with an of-complement
    (
        "The text was published by Eritrea's information ministry.",
        D2022,
        [("Eritrea's information ministry", "ERI", None, "GOV", "information_ministry")],
    ),
    # India's foreign ministry is fixed to IND even without a modifier
    (
        "The Ministry of External Affairs said talks were constructive.",
        D2024,
        [("Ministry of External Affairs", "IND", None, "GOV", "foreign_ministry")],
    ),
    # title + unknown name: a new person with the modifier's country
    (
        "Iranian communications minister Farid Rostami was sanctioned.",
        D2022,
        [("Iranian communications minister Farid Rostami", "IRN", None, "GOV", "minister")],
    ),
    # filler adjective between the country and the title
    (
        "Nigeria's cyber police chief Tunde Bello was questioned.",
        D2022,
        [("Nigeria's cyber police chief Tunde Bello", "NGA", None, "COP", "police_chief")],
    ),
    # title + "of" + country
    (
        "The President of Armenia met envoys.",
        D2024,
        [("President of Armenia", "ARM", None, "GOV", "head_of_state")],
    ),
    # metonyms resolve with sector GOV
    (
        "Downing Street and the Elysee issued a joint statement.",
        D2024,
        [("Downing Street", "GBR", None, "GOV", None), ("Elysee", "FRA", None, "GOV", None)],
    ),
    # all-caps dateline capital and an agency
    (
        "NAIROBI, March 3 (Xinhua) -- Kenya said it would reopen the border.",
        D2024,
        [
            ("NAIROBI", "KEN", None, None, None),
            ("Xinhua", None, None, "MED", "news_agency"),
            ("Kenya", "KEN", None, None, None),
        ],
    ),
    # "Congo" alone is the DRC; the Republic of the Congo has its own name
    (
        "Congo and the Republic of the Congo signed a border deal.",
        D2024,
        [
            ("Congo", "COD", None, None, None),
            ("Republic of the Congo", "COG", None, None, None),
        ],
    ),
    # Niger is not Nigeria
    (
        "Niger recalled its ambassador from Nigeria.",
        D2024,
        [
            ("Niger", "NER", None, None, None),
            ("ambassador", None, None, "GOV", "ambassador"),
            ("Nigeria", "NGA", None, None, None),
        ],
    ),
    # a country word after a given name is part of a person's name
    ("Fans cheered as Michael Jordan arrived.", D2024, []),
    # "-made" compounds are about goods; "-led" keeps the country
    (
        "Russian-made drones were shot down by Saudi-led forces.",
        D2024,
        [("Saudi", "SAU", None, None, None)],
    ),
    # "anti-" stances are not actors
    ("An anti-American rally was held.", D2024, []),
    # the coordinated countries each get a span
    (
        "Kenya, Uganda and Tanzania agreed on a customs union.",
        D2024,
        [
            ("Kenya", "KEN", None, None, None),
            ("Uganda", "UGA", None, None, None),
            ("Tanzania", "TZA", None, None, None),
        ],
    ),
    # a bare generic body without determiner or country is not a mention
    ("Officials said the talks had stalled.", D2024, []),
    # "PM" after a clock time is not a prime minister
    ("The meeting ended at 5 PM local time.", D2024, []),
    # Title Case headline: names stop at capitalised prepositions
    (
        "President Ruto In Mozambique For Talks With Nyusi",
        D2023,
        [
            ("President Ruto", "KEN", None, "GOV", "head_of_state"),
            ("Mozambique", "MOZ", None, None, None),
            ("Nyusi", "MOZ", None, "GOV", "head_of_state"),
        ],
    ),
    # a rebel title gives sector REB
    (
        "Sudanese rebel leader Adam Yousif rejected the offer.",
        D2023,
        [("Sudanese rebel leader Adam Yousif", "SDN", None, "REB", "rebel_leader")],
    ),
    # EU officeholder through the table
    (
        "European Commission President Ursula von der Leyen visited Kyiv.",
        D2024,
        [
            (
                "European Commission President Ursula von der Leyen",
                "IGO",
                "EU",
                "IGO",
                "commission_president",
            ),
            ("Kyiv", "UKR", None, None, None),
        ],
    ),
    # named with a title before the table's term starts: the title wins
    (
        "Foreign Secretary David Lammy met Wang Yi.",
        dt.date(2024, 6, 1),
        [
            ("Foreign Secretary David Lammy", "GBR", None, "GOV", "foreign_minister"),
            ("Wang Yi", "CHN", None, "GOV", "foreign_minister"),
        ],
    ),
    # foreign minister by title and table on the date
    (
        "Foreign Secretary David Lammy met Wang Yi.",
        dt.date(2024, 9, 1),
        [
            ("Foreign Secretary David Lammy", "GBR", None, "GOV", "foreign_minister"),
            ("Wang Yi", "CHN", None, "GOV", "foreign_minister"),
        ],
    ),
]

# News archives, groups with a sector, IGO assets, historical names.
BREADTH_CASES: list[tuple[str, dt.date, list[Expected]]] = [
    # leaders of 1990 by title and surname, on the date
    (
        "President Mitterrand welcomed Chancellor Kohl to Paris.",
        D1990,
        [
            ("President Mitterrand", "FRA", None, "GOV", "head_of_state"),
            ("Chancellor Kohl", "DEU", None, "GOV", "head_of_government"),
            ("Paris", "FRA", None, None, None),
        ],
    ),
    # a frequent misspelling of a leader's name is an alias
    (
        "Francois Mitterand spoke on television.",
        D1990,
        [("Francois Mitterand", "FRA", None, "GOV", "head_of_state")],
    ),
    # the Soviet Union is coded as its continuing state
    (
        "Soviet troops left Kabul after talks with the USSR foreign ministry.",
        D1988,
        [
            ("Soviet troops", "RUS", None, "MIL", "armed_forces"),
            ("Kabul", "AFG", None, None, None),
            ("USSR foreign ministry", "RUS", None, "GOV", "foreign_ministry"),
        ],
    ),
    # historical country names: Zaire, Kampuchea, West Germany
    (
        "Zaire, Kampuchea and West Germany voted against.",
        D1988,
        [
            ("Zaire", "COD", None, None, None),
            ("Kampuchea", "KHM", None, None, None),
            ("West Germany", "DEU", None, None, None),
        ],
    ),
    # a successor state described as "former Soviet" is not Russia
    (
        "Kazakhstan, a former Soviet republic, hosted the talks.",
        D2024,
        [("Kazakhstan", "KAZ", None, None, None)],
    ),
    # "former Soviet leader" still names a Russian (Soviet) leader
    (
        "Former Soviet leader Mikhail Gorbachev wrote to the summit.",
        D2019,
        [
            (
                "Former Soviet leader Mikhail Gorbachev",
                "RUS",
                None,
                None,
                "former_head_of_state",
            )
        ],
    ),
    # compound demonyms name the state the community lives in
    (
        "Bosnian Serbs and Greek Cypriots rejected the plan.",
        D2000,
        [("Bosnian Serbs", "BIH", None, None, None), ("Greek Cypriots", "CYP", None, None, None)],
    ),
    # "ethnic" kin are not their kin state; the police keep theirs
    (
        "Ethnic Albanian guerrillas attacked Macedonian police.",
        D2000,
        [("Macedonian police", "MKD", None, "COP", "police")],
    ),
    # IGO assets: the organisation acts through its troops and helicopters
    (
        "NATO peacekeeping troops and U.N. helicopters reached the town.",
        D2000,
        [
            ("NATO peacekeeping troops", "IGO", "NATO", "IGO", "armed_forces"),
            ("U.N. helicopters", "IGO", "UN", "IGO", "armed_forces"),
        ],
    ),
    # groups after a demonym take the demonym's state and the group's sector
    (
        "Swiss doctors and American aid groups reached the camp.",
        D2000,
        [
            ("Swiss doctors", "CHE", None, "HLH", "doctors"),
            ("American aid groups", "USA", None, "NGO", "aid_groups"),
        ],
    ),
    # military assets act for the armed forces
    (
        "Israeli tanks shelled the area as Syrian warplanes flew over.",
        D2000,
        [
            ("Israeli tanks", "ISR", None, "MIL", "armed_forces"),
            ("Syrian warplanes", "SYR", None, "MIL", "air_force"),
        ],
    ),
    # rebels and opposition of a state
    (
        "Ugandan rebels and Kenyan dissidents met Afghan rebel leaders.",
        D2000,
        [
            ("Ugandan rebels", "UGA", None, "REB", "rebels"),
            ("Kenyan dissidents", "KEN", None, "OPP", "opposition"),
            ("Afghan rebel leaders", "AFG", None, "REB", "leaders"),
        ],
    ),
    # a leader's name heading a government body is that state's government
    (
        "The Clinton administration and Blair's cabinet agreed.",
        D2000,
        [
            ("Clinton administration", "USA", None, "GOV", "government"),
            ("Blair's cabinet", "GBR", None, "GOV", "cabinet"),
        ],
    ),
    # a name nobody holds the title under on the date: the nearest holder, out of office
    (
        "President Jiang sent a message.",
        D2005,
        [("President Jiang", "CHN", None, None, "former_head_of_state")],
    ),
    # the title gate ignores case and Arabic article particles (Bashir: before his term, the
    # title gives the office)
    (
        "President Omar El Bashir and President Zia-Ul-Haq.",
        D1988,
        [
            ("President Omar El Bashir", "SDN", None, "GOV", "head_of_state"),
            ("President Zia-Ul-Haq", "PAK", None, "GOV", "head_of_state"),
        ],
    ),
    # an alias extends over the rest of the same person's name
    (
        "Sheikh Hamad bin Khalifa al-Thani arrived in Riyadh.",
        D2000,
        [
            ("Sheikh Hamad bin Khalifa al-Thani", "QAT", None, "GOV", "head_of_state"),
            ("Riyadh", "SAU", None, None, None),
        ],
    ),
    # the Palestinian territories are places of Palestine
    (
        "Israel sealed off the Gaza Strip and the West Bank.",
        D2000,
        [
            ("Israel", "ISR", None, None, None),
            ("Gaza Strip", "PSE", None, None, None),
            ("West Bank", "PSE", None, None, None),
        ],
    ),
    # a pope is the head of state of the Holy See; Arafat is Palestine's leader in 2000
    (
        "Pope John Paul II met Yasser Arafat in Bethlehem.",
        D2000,
        [
            ("Pope John Paul II", "VAT", None, "GOV", "head_of_state"),
            ("Yasser Arafat", "PSE", None, "GOV", "head_of_state"),
        ],
    ),
    # heads of IGOs back to the 1990s
    (
        "Kofi Annan and Javier Solana called for calm.",
        D2000,
        [
            ("Kofi Annan", "IGO", "UN", "IGO", "secretary_general"),
            ("Javier Solana", "IGO", "EU", "IGO", "foreign_policy_chief"),
        ],
    ),
]


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    CASES + BREADTH_CASES,
    ids=[f"{c[1].year}-{c[0][:40]}" for c in CASES + BREADTH_CASES],
)
def test_find_spans(
    resolver: ActorResolver, text: str, when: dt.date, expected: list[Expected]
) -> None:
    spans = _find(resolver, text, when)
    assert _summary(spans) == expected
    for span in spans:
        assert text[span.char_start : span.char_end] == span.text


def test_phrase_is_one_span_with_person(resolver: ActorResolver) -> None:
    spans = _find(resolver, "Russian President Vladimir Putin spoke.", D2024)
    assert len(spans) == 1
    actor = spans[0].actor
    assert actor == Actor(
        name="Vladimir Putin",
        country="RUS",
        org=None,
        sector="GOV",
        role="head_of_state",
        person="Vladimir Putin",
        resolution="leader_table",
    )


@pytest.mark.parametrize(
    ("text", "resolution"),
    [
        ("Russia said no.", "country"),  # country name
        ("Russian diplomats left.", "institution"),  # demonym + institution
        ("Russian oil flows.", "demonym"),  # bare demonym
        ("The summit is in Moscow.", "capital"),  # capital as a place, flagged for the coder
        ("The Kremlin said no.", "metonym"),  # seat of government
        ("NATO said no.", "igo"),  # organisation
        ("The Russian ambassador said no.", "title"),  # demonym + title
        ("Putin said no.", "leader_table"),  # leader by name
        ("Russian envoy Ivan Petrovsky said no.", "person"),  # new person after a title
    ],
)
def test_resolution_labels(resolver: ActorResolver, text: str, resolution: str) -> None:
    spans = _find(resolver, text, D2024)
    assert [span.actor.resolution for span in spans] == [resolution]


def test_coreference_across_sentences(resolver: ActorResolver) -> None:
    memory = ArticleActors()
    first = _find(resolver, "Indian Prime Minister Narendra Modi landed in Moscow.", D2024, memory)
    assert first[0].actor.person == "Narendra Modi"
    later = [
        "PM Modi held talks.",  # title + surname
        "Modi thanked his hosts.",  # bare surname
        "Mr Modi left on Wednesday.",  # honorific + surname
    ]
    for sentence in later:
        spans = _find(resolver, sentence, D2024, memory)
        assert spans[0].actor.resolution == "coreference", sentence
        assert (spans[0].actor.country, spans[0].actor.sector) == ("IND", "GOV")
        assert spans[0].actor.role == "head_of_government"
    assert memory.lookup("Modi") is not None


def test_coreference_of_new_person(resolver: ActorResolver) -> None:
    memory = ArticleActors()
    _find(resolver, "Ghanaian foreign minister Kwame Asante arrived in Lome.", D2024, memory)
    spans = _find(resolver, "Asante said the visit went well.", D2024, memory)
    assert _summary(spans) == [("Asante", "GHA", None, "GOV", "foreign_minister")]
    assert spans[0].actor.person == "Kwame Asante"
    assert spans[0].actor.resolution == "coreference"


def test_definite_title_refers_back(resolver: ActorResolver) -> None:
    memory = ArticleActors()
    _find(resolver, "President William Ruto arrived in Maputo.", D2023, memory)
    spans = _find(resolver, "The Kenyan president then met traders.", D2023, memory)
    assert spans[0].actor.person == "William Ruto"
    assert spans[0].actor.resolution == "coreference"


def test_relative_does_not_take_surname(resolver: ActorResolver) -> None:
    memory = ArticleActors()
    _find(resolver, "President Joe Biden hosted the dinner.", D2023, memory)
    spans = _find(resolver, "First Lady Jill Biden greeted the guests.", D2023, memory)
    assert spans[0].actor.person == "Jill Biden"
    assert spans[0].actor.role == "first_lady"
    later = _find(resolver, "Biden then gave a toast.", D2023, memory)
    assert later[0].actor.person == "Joe Biden"


def test_recent_countries_most_recent_first(resolver: ActorResolver) -> None:
    memory = ArticleActors()
    _find(resolver, "Japan and Kenya signed a pact, NATO said.", D2024, memory)
    _find(resolver, "Turkish President Recep Tayyip Erdogan welcomed it.", D2024, memory)
    assert memory.recent_countries() == ["TUR", "KEN", "JPN"]


@pytest.mark.parametrize(
    ("when", "role", "sector"),
    [
        (dt.date(2018, 6, 1), "head_of_state", "GOV"),  # first term
        (dt.date(2023, 6, 1), "former_head_of_state", None),  # between terms
        (dt.date(2025, 6, 1), "head_of_state", "GOV"),  # second term
        (dt.date(2015, 6, 1), None, None),  # before taking office: the person, not the office
    ],
)
def test_leader_terms_by_date(
    resolver: ActorResolver, when: dt.date, role: str | None, sector: str | None
) -> None:
    spans = _find(resolver, "Trump spoke to reporters.", when)
    assert (spans[0].actor.country, spans[0].actor.role, spans[0].actor.sector) == (
        "USA",
        role,
        sector,
    )


def test_shared_alias_picked_by_date(resolver: ActorResolver) -> None:
    # Two Lebanese presidents named Aoun, years apart
    spans_2018 = _find(resolver, "President Aoun met the envoy.", dt.date(2018, 1, 1))
    spans_2025 = _find(resolver, "President Aoun met the envoy.", dt.date(2025, 6, 1))
    assert spans_2018[0].actor.person == "Michel Aoun"
    assert spans_2025[0].actor.person == "Joseph Aoun"


def test_person_spans_extend_title_and_block_names(resolver: ActorResolver) -> None:
    text = "President Hakainde Hichilema met Jordan Peterson."
    hichilema = (text.index("Hakainde"), text.index(" met"))
    peterson = (text.index("Jordan"), len(text) - 1)
    spans = _find(resolver, text, D2024, person_spans=(hichilema, peterson))
    assert [span.text for span in spans] == ["President Hakainde Hichilema"]
    assert spans[0].actor.person == "Hakainde Hichilema"


def test_person_span_registers_name_without_guessing(resolver: ActorResolver) -> None:
    # With NER spans given, capitalised words that NER did not mark are not taken as a name
    text = "Minister Cabinet Reshuffle Looms"
    spans = _find(resolver, text, D2024, person_spans=((0, 1),))
    assert all(span.actor.person is None for span in spans)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # Without NER spans, a one-word title closing the name after a first name is a surname.
        ("British Defence Secretary Tom King promised aid.", "Tom King"),
        ("Foreign Minister Anna Bishop arrived.", "Anna Bishop"),
    ],
)
def test_a_closing_title_word_is_a_surname(resolver: ActorResolver, text: str, name: str) -> None:
    spans = _find(resolver, text, D2000)
    assert spans[0].actor.person == name
    assert text.startswith(spans[0].text)


def test_a_title_before_another_name_is_still_a_title(resolver: ActorResolver) -> None:
    text = "Prime Minister Anna Smith and King Abdullah met."
    spans = _find(resolver, text, D2005)
    assert spans[0].actor.person == "Anna Smith"
    assert any(span.text.startswith("King Abdullah") for span in spans[1:])


def test_offsets_with_curly_apostrophe(resolver: ActorResolver) -> None:
    text = "Iran’s foreign ministry protested."
    spans = _find(resolver, text, D2024)
    assert [(s.char_start, s.char_end, s.text) for s in spans] == [
        (0, 23, "Iran’s foreign ministry")
    ]


def test_default_resolver_is_cached() -> None:
    assert default_actor_resolver() is default_actor_resolver()


def test_speed_smoke(resolver: ActorResolver) -> None:
    sentences = [
        "Russian President Vladimir Putin met Chinese President Xi Jinping in Beijing on Friday.",
        "The French foreign ministry summoned the Iranian ambassador, AFP reported.",
        "Shares rose on Wall Street as the Indian rupee firmed against the dollar.",
        "UN Secretary-General Antonio Guterres urged the Sudanese army to stop fighting.",
        "The weather was mild and nobody said anything about politics at all.",
    ] * 1000
    memory = ArticleActors()
    start = time.perf_counter()
    found = sum(len(resolver.find(s, when=D2024, memory=memory)) for s in sentences)
    elapsed = time.perf_counter() - start
    # Printed for the record (pytest -s), not asserted: timing depends on the machine.
    print(
        f"\nactor resolver: {len(sentences)} sentences, {found} spans in {elapsed:.2f}s "
        f"= {len(sentences) / elapsed:,.0f} sentences/s, {found / elapsed:,.0f} spans/s"
    )
    assert found > 0
