"""More English dev articles (issue 15's traps), all in the **dev** half.

Written by us, before any rule was changed for them, one trap each as issue 15 lists them:
several places in one sentence, reporting clauses at capitals ("Kyiv said", "the Kremlin
said", a MOSCOW dateline), headlines repeated by the body, negations and failed attempts,
and the day of the statement apart from the day of the event. ``build_events_dev.py``
appends them after the original 65 articles with ids a066.. and ``split`` ``dev`` (the
held-out half stays as it was, so its figures compare before and after).
"""

from __future__ import annotations

from collections.abc import Callable


def articles(E: Callable[..., dict]) -> list[tuple[str, str, str, list[dict]]]:
    """(date, title, text, gold events) of the extra dev articles."""
    return [
        ("2023-09-20", "Kyiv says Russian strikes hit Kharkiv and Odesa",
         "Russian missiles struck Kharkiv and Odesa overnight, Kyiv said on Wednesday. In "
         "Odesa, a grain terminal was damaged.",
         [E("2023-09-19", "shelling_strike", "Kharkiv", "claimed", "Kyiv"),
          E("2023-09-19", "shelling_strike", "Odesa", "claimed", "Kyiv")]),
        ("2023-06-14", "Moscow claims advance near Bakhmut",
         "Moscow said its forces had advanced near Bakhmut and Soledar on Tuesday. Ukraine's "
         "military said it had repelled the attacks.",
         [E("2023-06-13", "ground_fighting", "Bakhmut", "disputed", "Moscow",
            "Ukraine's military"),
          E("2023-06-13", "ground_fighting", "Soledar", "disputed", "Moscow",
            "Ukraine's military")]),
        ("2023-10-25", "Ukraine says it holds Krynky",
         "UKRAINE SAYS IT HOLDS POSITIONS IN KRYNKY\nUkrainian marines are holding positions in "
         "Krynky on the left bank of the Dnipro, the navy said on Tuesday.",
         [E("2023-10-24", "ground_fighting", "Krynky", "claimed", "navy")]),
        ("2024-02-14", "Russian troops fail to enter Avdiivka",
         "Russian troops did not enter Avdiivka on Tuesday despite heavy assaults, the Tavria "
         "group said. Russian forces have not captured Robotyne, ISW said.",
         [E("2024-02-13", "ground_fighting", "Avdiivka", "claimed", "Tavria group")]),
        ("2023-05-29", "Kyiv says it downed drones on Sunday",
         "Ukraine's air force said on Monday that it had shot down 40 drones over Kyiv on "
         "Sunday night.",
         [E("2023-05-28", "shelling_strike", "Kyiv", "claimed", "Ukraine's air force")]),
        ("2023-08-02", "Drones hit Danube ports",
         "Russian drones attacked the Danube ports of Izmail and Reni early on Wednesday, "
         "damaging grain warehouses, the Odesa regional governor said.",
         [E("2023-08-02", "shelling_strike", "Izmail", "claimed", "Odesa regional governor"),
          E("2023-08-02", "shelling_strike", "Reni", "claimed", "Odesa regional governor")]),
        ("2023-07-24", "Kremlin says Ukraine attacked Moscow",
         "The Kremlin said Ukrainian drones hit two buildings in Moscow overnight. Kyiv denied "
         "involvement.",
         [E("2023-07-23", "shelling_strike", "Moscow", "disputed", "Kremlin", "Kyiv")]),
        ("2024-03-18", "Zelenskyy visits Odesa",
         "Zelenskyy visited Odesa on Saturday with the Greek prime minister. A Russian missile "
         "struck the port city shortly after they left, the military said.",
         [E("2024-03-16", "diplomatic", "Odesa", "confirmed"),
          E("2024-03-16", "shelling_strike", "Odesa", "claimed", "military")]),
        ("2023-04-12", "Strikes on Sloviansk",
         "Russian strikes on Sloviansk killed 11 people on Friday, officials said, while Moscow "
         "said it had hit Ukrainian troops in Kramatorsk.",
         [E("2023-04-07", "shelling_strike", "Sloviansk", "claimed", "officials"),
          E("2023-04-07", "shelling_strike", "Kramatorsk", "claimed", "Moscow")]),
        ("2023-11-27", "Odesa left without power after storm",
         "Odesa left without power after storm\nA severe storm left more than 2,000 towns and "
         "villages without electricity, including parts of Odesa, officials said on Monday.",
         [E("2023-11-27", "humanitarian", "Odesa", "claimed", "officials")]),
        ("2023-09-08", "Russia says it repelled attack near Klishchiivka",
         "Ukrainian troops attacked near Klishchiivka and Andriivka on Thursday, the General "
         "Staff said, but Russia's defence ministry said the assaults had been repelled.",
         [E("2023-09-07", "ground_fighting", "Klishchiivka", "disputed", "General Staff",
            "Russia's defence ministry"),
          E("2023-09-07", "ground_fighting", "Andriivka", "disputed", "General Staff",
            "Russia's defence ministry")]),
        ("2024-06-03", "NATO leaders to meet in Washington",
         "NATO leaders will meet in Washington next month, and Zelenskyy is expected to attend. "
         "Russian forces shelled Kharkiv on Sunday, the governor said.",
         [E("2024-07-01", "diplomatic", "Washington", "planned", precision="month"),
          E("2024-06-02", "shelling_strike", "Kharkiv", "claimed", "governor")]),
        ("2023-03-08", "Wagner claims eastern Bakhmut",
         "Wagner chief Yevgeny Prigozhin claimed on Wednesday that his fighters had taken the "
         "eastern part of Bakhmut. Ukrainian commanders said the city had not fallen.",
         [E("2023-03-08", "capture_claim", "Bakhmut", "disputed", "Yevgeny Prigozhin",
            "Ukrainian commanders")]),
        ("2022-10-10", "Missiles hit cities across Ukraine",
         "Russian missiles hit Kyiv, Lviv, Dnipro and Zaporizhzhia during the Monday morning "
         "rush hour, killing at least 11 people, police said.",
         [E("2022-10-10", "shelling_strike", p, "claimed", "police")
          for p in ("Kyiv", "Lviv", "Dnipro", "Zaporizhzhia")]),
        ("2023-02-24", "Kherson shelled again",
         "Ukraine's General Staff said on Friday that Russian forces had shelled Kherson on "
         "Wednesday, killing two people.",
         [E("2023-02-22", "shelling_strike", "Kherson", "claimed", "Ukraine's General Staff")]),
        ("2023-12-13", "Moscow says drones downed over Moscow and Kaluga",
         "MOSCOW (Reuters) - Russia's defence ministry said on Wednesday its air defences had "
         "destroyed drones over Moscow and Kaluga. Kyiv declined to comment.",
         [E("2023-12-13", "shelling_strike", "Moscow", "claimed", "Russia's defence ministry"),
          E("2023-12-13", "shelling_strike", "Kaluga", "claimed", "Russia's defence ministry")]),
            # wording the first dev half rarely used
        ("2023-06-10", "Ukraine gains ground near Bakhmut",
         "Ukrainian forces gained ground on the flanks of Bakhmut on Friday, Deputy Defence "
         "Minister Hanna Maliar said.",
         [E("2023-06-09", "ground_fighting", "Bakhmut", "claimed", "Hanna Maliar")]),
        ("2023-05-04", "Explosions rock Sevastopol",
         "Explosions rocked Sevastopol on Wednesday as naval drones targeted the harbour, the "
         "Russian-installed governor said.",
         [E("2023-05-03", "shelling_strike", "Sevastopol", "claimed",
            "Russian-installed governor")]),
        ("2023-06-20", "Ukraine retakes a village",
         "Ukrainian troops took back the village of Piatykhatky in the Zaporizhzhia region, the "
         "military said on Monday.",
         [E("2023-06-19", "capture_claim", "Piatykhatky", "claimed", "military")]),
        ("2023-02-10", "Power outages after strikes",
         "Emergency power outages were imposed in Kharkiv and Odesa on Friday after Russian "
         "missiles hit energy facilities.",
         [E("2023-02-10", "humanitarian", "Kharkiv", "confirmed"),
          E("2023-02-10", "humanitarian", "Odesa", "confirmed"),
          E("2023-02-10", "shelling_strike", "Kharkiv", "confirmed"),
          E("2023-02-10", "shelling_strike", "Odesa", "confirmed")]),
        ("2023-08-19", "Missile hits Chernihiv",
         "A Russian missile slammed into the centre of Chernihiv on Saturday, killing seven "
         "people, Zelenskyy said.",
         [E("2023-08-19", "shelling_strike", "Chernihiv", "claimed", "Zelenskyy")]),
        ("2023-10-05", "Strike on Hroza",
         "A Russian strike on a cafe in the village of Hroza killed 52 people on Thursday, "
         "regional officials said.",
         [E("2023-10-05", "shelling_strike", "Hroza", "claimed", "regional officials")]),
        ("2023-03-28", "Clashes around Avdiivka",
         "Fierce clashes continued around Avdiivka on Monday as Russian troops tried to cut "
         "supply routes, Ukraine's military said.",
         [E("2023-03-27", "ground_fighting", "Avdiivka", "claimed", "Ukraine's military")]),
        ("2023-11-08", "Ship hit in Odesa port",
         "A Russian missile hit a civilian ship entering the port of Odesa on Wednesday, "
         "killing the pilot, the military's southern command said.",
         [E("2023-11-08", "shelling_strike", "Odesa", "claimed", "southern command")]),
        ("2024-05-11", "Russia attacks Vovchansk",
         "Russian troops crossed the border and attacked Vovchansk on Friday, forcing hundreds "
         "of residents to flee.",
         [E("2024-05-10", "ground_fighting", "Vovchansk", "confirmed"),
          E("2024-05-10", "humanitarian", "Vovchansk", "confirmed")]),
        ("2023-01-14", "Missile hits Dnipro apartment block",
         "A Russian missile destroyed part of an apartment block in Dnipro on Saturday. Rescue "
         "workers pulled survivors from the rubble for hours.",
         [E("2023-01-14", "shelling_strike", "Dnipro", "confirmed")]),
        ("2023-09-04", "Kherson region shelled",
         "Russian artillery pounded Beryslav and Kherson over the weekend, the regional "
         "administration said.",
         [E("2023-09-02", "shelling_strike", "Beryslav", "claimed", "regional administration",
            precision="week"),
          E("2023-09-02", "shelling_strike", "Kherson", "claimed", "regional administration",
            precision="week")]),
        ("2023-07-14", "Ukrainian units push toward Tokmak",
         "Ukrainian units pushed toward Tokmak on Thursday, Oleksandr Shtupun, a military "
         "spokesman, said.",
         [E("2023-07-13", "ground_fighting", "Tokmak", "claimed", "Oleksandr Shtupun")]),
        ("2022-04-08", "Strike on Kramatorsk station",
         "A missile strike on the railway station in Kramatorsk killed at least 50 people "
         "waiting to be evacuated, Ukrainian officials said.",
         [E("2022-04-08", "shelling_strike", "Kramatorsk", "claimed", "Ukrainian officials")]),
        ("2023-12-30", "Shelling kills 14 in Belgorod",
         "Shelling killed 14 people in central Belgorod on Saturday, Russian officials said, "
         "accusing Kyiv of the attack. Kyiv did not comment.",
         [E("2023-12-30", "shelling_strike", "Belgorod", "claimed", "Russian officials")]),
        ("2023-03-05", "Ukraine could pull back from Bakhmut",
         "Ukrainian forces could withdraw from Bakhmut if needed, an adviser to Zelenskyy said. "
         "Russian troops shelled Chasiv Yar on Saturday, the General Staff said.",
         [E("2023-03-04", "shelling_strike", "Chasiv Yar", "claimed", "General Staff")]),
        ("2023-05-16", "Air defences intercept missiles over Kyiv",
         "Air defences intercepted 18 missiles over Kyiv overnight, officials said.",
         [E("2023-05-15", "shelling_strike", "Kyiv", "claimed", "officials")]),
            # more wording: sabotage, skirmishes, jailing, signing, overrunning
        ("2023-06-15", "Bridge destroyed near Kherson",
         "Ukrainian forces destroyed a pontoon bridge near Nova Kakhovka on Wednesday, the "
         "southern command said.",
         [E("2023-06-14", "shelling_strike", "Nova Kakhovka", "claimed", "southern command")]),
        ("2023-08-24", "Skirmishes near Kupiansk",
         "Skirmishes flared near Kupiansk and Synkivka on Wednesday, the Ukrainian army said.",
         [E("2023-08-23", "ground_fighting", "Kupiansk", "claimed", "Ukrainian army"),
          E("2023-08-23", "ground_fighting", "Synkivka", "claimed", "Ukrainian army")]),
        ("2024-01-12", "Sunak signs security pact in Kyiv",
         "British Prime Minister Rishi Sunak signed a security agreement with Ukraine in Kyiv on "
         "Friday.",
         [E("2024-01-12", "diplomatic", "Kyiv", "confirmed")]),
        ("2023-07-06", "Court jails Ukrainian in Sevastopol",
         "A Russian-installed court in Sevastopol jailed a Ukrainian man for 12 years on "
         "Thursday on sabotage charges.",
         [E("2023-07-06", "judicial", "Sevastopol", "confirmed")]),
        ("2022-06-25", "Sievierodonetsk falls",
         "Russian forces overran Sievierodonetsk on Friday after weeks of street fighting, the "
         "city's mayor said.",
         [E("2022-06-24", "capture_claim", "Sievierodonetsk", "claimed", "city's mayor")]),
        ("2023-10-02", "Blasts at Kerch",
         "Blasts were heard near the Kerch Bridge on Sunday night, Russian media reported.",
         [E("2023-10-01", "shelling_strike", "Kerch Bridge", "claimed", "Russian media")]),
        ("2023-11-22", "Fighting in Marinka",
         "Ukrainian troops fought off 15 assaults near Marinka on Tuesday, the General Staff "
         "said.",
         [E("2023-11-21", "ground_fighting", "Marinka", "claimed", "General Staff")]),
        ("2023-05-15", "Zelenskyy meets Macron in Paris",
         "Zelenskyy held talks with Emmanuel Macron in Paris on Sunday evening.",
         [E("2023-05-14", "diplomatic", "Paris", "confirmed")]),
        ("2022-03-17", "Mariupol theatre bombed",
         "A Russian air strike destroyed the drama theatre in Mariupol where hundreds of "
         "civilians were sheltering, city officials said on Thursday.",
         [E("2022-03-17", "shelling_strike", "Mariupol", "claimed", "city officials")]),
        ("2024-03-01", "Ukraine pulls back near Avdiivka",
         "Ukrainian troops retreated from Stepove and Sieverne, west of Avdiivka, the army said "
         "on Thursday.",
         [E("2024-02-29", "withdrawal", "Stepove", "claimed", "army"),
          E("2024-02-29", "withdrawal", "Sieverne", "claimed", "army")]),
        ("2023-09-27", "Partisans claim blast in Melitopol",
         "Partisans said they blew up a Russian military train near Melitopol on Tuesday.",
         [E("2023-09-26", "shelling_strike", "Melitopol", "claimed", "Partisans")]),
        ("2024-07-09", "Children's hospital hit in Kyiv",
         "A Russian missile hit Kyiv's main children's hospital on Monday, killing two adults, "
         "Ukrainian officials said. Moscow denied targeting the hospital.",
         [E("2024-07-08", "shelling_strike", "Kyiv", "disputed", "Ukrainian officials",
            "Moscow")]),
    ]
