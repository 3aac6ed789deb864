"""Build ``events_dev.jsonl``: short wire-style articles we wrote, with their gold events.

Written before the extraction rules were changed, in the style of the examples of issue
15. Odd-numbered articles are the **dev** half (looked at while tuning), even-numbered ones
the **held-out** half (never looked at while tuning; only their totals are printed by
``bench/events.py``). Gold coordinates are typed by hand from public maps (not taken from
our gazetteer), so a place only needs to be within 25 km.

Annotation rules (what an event is):

* one event per place, day and kind that the text reports as having happened, or as
  planned (``planned``); habitual or general statements ("has been shelled almost daily")
  and reporting clauses ("Kyiv said") are not events;
* ``day`` is when it happened: relative dates against the publication day; "overnight" and
  "last night" are the day before publication; "last week"/"next week" are that week's
  Monday (precision ``week``); a range has ``end_day``;
* ``claim_status``: ``confirmed`` in the reporter's own voice; ``claimed`` when attributed
  to a party (``claimed_by``); ``assessed`` for analysts (ISW, a defence intelligence
  update); ``disputed`` when one side claims and the other denies (``denied_by``);
  ``planned`` for what is announced or expected;
* a statement is an event only when what was said is the news (no other event in the
  sentence); it is placed where it was made, else at the speaker's seat.

    .venv/bin/python tests/data/build_events_dev.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from events_dev_extra import articles as extra_articles  # noqa: E402

PLACES: dict[str, tuple[float, float]] = {
    "Kyiv": (50.450, 30.523), "Kharkiv": (49.994, 36.230), "Odesa": (46.483, 30.723),
    "Lviv": (49.840, 24.030), "Dnipro": (48.465, 35.046), "Zaporizhzhia": (47.839, 35.140),
    "Kherson": (46.635, 32.617), "Mykolaiv": (46.975, 31.995), "Bakhmut": (48.595, 38.000),
    "Avdiivka": (48.139, 37.750), "Marinka": (47.943, 37.505), "Vuhledar": (47.780, 37.249),
    "Soledar": (48.683, 38.083), "Chasiv Yar": (48.586, 37.835), "Kupiansk": (49.711, 37.616),
    "Lyman": (48.989, 37.802), "Kramatorsk": (48.739, 37.584), "Sloviansk": (48.853, 37.604),
    "Pokrovsk": (48.283, 37.183), "Robotyne": (47.445, 35.835), "Tokmak": (47.251, 35.706),
    "Orikhiv": (47.568, 35.786), "Kremenchuk": (49.066, 33.420), "Sumy": (50.908, 34.798),
    "Chernihiv": (51.498, 31.289), "Belgorod": (50.600, 36.599), "Kursk": (51.737, 36.187),
    "Moscow": (55.756, 37.617), "Sevastopol": (44.617, 33.525), "Donetsk": (48.016, 37.803),
    "Melitopol": (46.849, 35.368), "Nova Kakhovka": (46.755, 33.348), "Izium": (49.213, 37.256),
    "Vinnytsia": (49.233, 28.468), "Uman": (48.748, 30.222), "Kryvyi Rih": (47.911, 33.392),
    "Poltava": (49.588, 34.551), "Zhytomyr": (50.255, 28.659), "Ternopil": (49.554, 25.595),
    "Lutsk": (50.747, 25.325), "Izmail": (45.351, 28.837), "Reni": (45.456, 28.272),
    "Nikopol": (47.567, 34.395), "Enerhodar": (47.499, 34.657), "Huliaipole": (47.664, 36.256),
    "Velyka Novosilka": (47.842, 36.829), "Toretsk": (48.398, 37.848), "Siversk": (48.867, 38.100),
    "Kostiantynivka": (48.528, 37.705), "Selydove": (48.149, 37.304), "Vovchansk": (50.291, 36.942),
    "Krynky": (46.729, 33.079), "Balakliia": (49.463, 36.861), "Beijing": (39.904, 116.407),
    "Washington": (38.907, -77.037), "Brussels": (50.850, 4.352), "The Hague": (52.071, 4.301),
    "Minsk": (53.905, 27.562), "Ankara": (39.933, 32.860), "Istanbul": (41.008, 28.978),
    "Warsaw": (52.230, 21.012), "Berlin": (52.520, 13.405), "Paris": (48.857, 2.352),
    "London": (51.507, -0.128), "Vienna": (48.208, 16.374), "Geneva": (46.204, 6.143),
    "Jeddah": (21.486, 39.193), "Vilnius": (54.687, 25.280), "Rzeszow": (50.041, 21.999),
    "Bryansk": (53.252, 34.372), "Novorossiysk": (44.724, 37.769), "Kerch": (45.357, 36.468),
    "Snake Island": (45.255, 30.204), "Pavlohrad": (48.535, 35.870), "Engels": (51.498, 46.121),
    "Sudzha": (51.192, 35.271), "Synkivka": (49.786, 37.634), "Klishchiivka": (48.534, 37.960),
    "Andriivka": (48.503, 37.965), "Staromaiorske": (47.753, 36.793), "Urozhaine": (47.751, 36.818),
    "Bilohorivka": (48.926, 38.247), "Myrnohrad": (48.303, 37.263), "Kurakhove": (47.985, 37.282),
    "Hostomel": (50.569, 30.265), "Bucha": (50.544, 30.221), "Irpin": (50.522, 30.250),
    "Mariupol": (47.097, 37.543), "Sievierodonetsk": (48.948, 38.491),
    "Lysychansk": (48.904, 38.428),
    "Shebekino": (50.410, 36.899), "Voronezh": (51.672, 39.184), "Ocheretyne": (48.244, 37.616),
    "Krasnohorivka": (48.006, 37.510), "Kerch Bridge": (45.307, 36.508),
    "Orlivka": (48.165, 37.611),
    "Tonenke": (48.122, 37.622), "Berdychi": (48.190, 37.640), "Makiivka": (48.048, 37.966),
    "Hiroshima": (34.385, 132.455), "Skopje": (41.998, 21.425), "New York": (40.713, -74.006),
    "Snihurivka": (47.075, 32.805), "Lucerne": (47.050, 8.309), "Kaluga": (54.513, 36.261),
    "Piatykhatky": (47.423, 35.521), "Hroza": (49.667, 37.607), "Beryslav": (46.839, 33.426),
    "Stepove": (48.208, 37.642), "Sieverne": (48.117, 37.597),
}


def E(day: str, kind: str, place: str, status: str, by: str = "", denied: str = "",
      end: str | None = None, precision: str = "day") -> dict:
    """One gold event."""
    lat, lon = PLACES[place]
    out = {"day": day, "kind": kind, "place": {"name": place, "lat": lat, "lon": lon},
           "claim_status": status, "claimed_by": by, "precision": precision}
    if denied:
        out["denied_by"] = denied
    if end:
        out["end_day"] = end
    return out


ARTICLES: list[tuple[str, str, str, list[dict]]] = [
    ("2023-09-20", "Russia claims Marinka, Kyiv denies",
     "Russia's defence ministry claimed its troops had taken Marinka on Tuesday, a claim Kyiv "
     "denied. Ukrainian officials said fighting was still going on at the western edge of the "
     "town. Overnight, Russian drones struck grain silos in Izmail, the regional governor said.",
     [E("2023-09-19", "capture_claim", "Marinka", "disputed", "Russian defence ministry", "Kyiv"),
      E("2023-09-20", "ground_fighting", "Marinka", "claimed", "Ukrainian officials"),
      E("2023-09-19", "shelling_strike", "Izmail", "claimed", "regional governor")]),
    ("2023-09-20", "Kyiv says Russian strikes hit Kharkiv",
     "Russian missiles hit an industrial area of Kharkiv on Wednesday morning, injuring three "
     "people, Ukraine's air force said. The city has been shelled almost daily since the spring.",
     [E("2023-09-20", "shelling_strike", "Kharkiv", "claimed", "Ukraine's air force")]),
    ("2023-03-20", "Xi arrives in Moscow for state visit",
     "MOSCOW, March 20 - Chinese President Xi Jinping arrived in Moscow on Monday for a state "
     "visit from 20 to 22 March 2023, his first trip abroad since securing a third term. Xi and "
     "Vladimir Putin were due to hold informal talks over dinner.",
     [E("2023-03-20", "diplomatic", "Moscow", "confirmed", end="2023-03-22")]),
    ("2022-09-12", "Ukraine retakes Izium as Russian troops pull back",
     "Ukrainian forces recaptured the city of Izium on Saturday, the General Staff said. "
     "Russia's defence ministry said its units had pulled back from Balakliia on Friday to "
     "regroup. On Sunday the first aid convoy in six months reached Izium.",
     [E("2022-09-10", "capture_claim", "Izium", "claimed", "General Staff"),
      E("2022-09-09", "withdrawal", "Balakliia", "claimed", "Russian defence ministry"),
      E("2022-09-11", "humanitarian", "Izium", "confirmed")]),
    ("2023-07-31", "Drones hit Moscow business district",
     "Drones struck two office towers in Moscow overnight, Russia's defence ministry said, "
     "blaming Kyiv. The mayor said nobody was hurt. Kyiv did not comment.",
     [E("2023-07-30", "shelling_strike", "Moscow", "claimed", "Russian defence ministry")]),
    ("2023-06-06", "Dam at Nova Kakhovka destroyed",
     "The Kakhovka dam at Nova Kakhovka was destroyed early on Tuesday, flooding villages "
     "downstream. Ukraine blamed Russian forces, while Moscow accused Kyiv of sabotage. "
     "Thousands of residents were evacuated from low-lying parts of Kherson.",
     [E("2023-06-06", "shelling_strike", "Nova Kakhovka", "disputed", "Ukraine", "Moscow"),
      E("2023-06-06", "humanitarian", "Kherson", "confirmed")]),
    ("2023-01-02", "New Year strikes across Ukraine",
     "Russian missiles and drones hit Kyiv and Zaporizhzhia on New Year's Eve, officials said. "
     "Air defences shot down 45 drones over the capital on Sunday night, according to the "
     "city's military administration.",
     [E("2022-12-31", "shelling_strike", "Kyiv", "claimed", "officials"),
      E("2022-12-31", "shelling_strike", "Zaporizhzhia", "claimed", "officials"),
      E("2023-01-01", "shelling_strike", "Kyiv", "claimed", "city's military administration")]),
    ("2023-05-21", "Wagner says it holds Bakhmut; Kyiv says fighting goes on",
     "Wagner chief Yevgeny Prigozhin said on Saturday his fighters had taken full control of "
     "Bakhmut. Ukraine's deputy defence minister denied that the city had fallen, saying "
     "Ukrainian troops still held a small area in the south-west.",
     [E("2023-05-20", "capture_claim", "Bakhmut", "disputed", "Yevgeny Prigozhin",
        "Ukraine's deputy defence minister")]),
    ("2023-08-29", "ISW: Ukrainian forces advance near Robotyne",
     "Ukrainian forces have likely advanced south of Robotyne, the Institute for the Study of "
     "War said in its latest assessment. Russian troops failed to recapture positions near "
     "the village on Monday, it added.",
     [E("2023-08-29", "ground_fighting", "Robotyne", "assessed", "ISW"),
      E("2023-08-28", "ground_fighting", "Robotyne", "assessed", "ISW")]),
    ("2024-02-17", "Ukraine withdraws from Avdiivka",
     "Ukraine's top commander Oleksandr Syrskyi said on Saturday that he had ordered troops "
     "to withdraw from Avdiivka to avoid encirclement. The town, north of Donetsk, had been "
     "under assault since October.",
     [E("2024-02-17", "withdrawal", "Avdiivka", "claimed", "Oleksandr Syrskyi")]),
    ("2022-04-04", "Bodies found in Bucha after Russian retreat",
     "Ukrainian officials said on Sunday that the bodies of dozens of civilians had been found "
     "in Bucha after Russian forces pulled out of the town. Prosecutors opened a war crimes "
     "investigation there on Monday.",
     [E("2022-04-03", "humanitarian", "Bucha", "claimed", "Ukrainian officials"),
      E("2022-04-04", "judicial", "Bucha", "confirmed")]),
    ("2023-10-11", "Russia launches assault on Avdiivka",
     "Russian forces launched their biggest assault in months on Avdiivka on Tuesday, "
     "Ukrainian officials said, attacking from three directions. The assault was repelled, "
     "according to the Ukrainian military.",
     [E("2023-10-10", "ground_fighting", "Avdiivka", "claimed", "Ukrainian officials")]),
    ("2024-05-10", "Russia opens new front north of Kharkiv",
     "Russian troops crossed the border and attacked Vovchansk on Friday, Ukraine's defence "
     "ministry said. Heavy shelling hit the town and nearby villages, and about 1,800 people "
     "were evacuated, the regional governor said.",
     [E("2024-05-10", "ground_fighting", "Vovchansk", "claimed", "Ukraine's defence ministry"),
      E("2024-05-10", "shelling_strike", "Vovchansk", "claimed", "regional governor"),
      E("2024-05-10", "humanitarian", "Vovchansk", "claimed", "regional governor")]),
    ("2022-11-11", "Ukrainian troops enter Kherson",
     "Ukrainian troops entered Kherson on Friday after Russia completed its withdrawal from "
     "the west bank of the Dnipro. Crowds celebrated in the city's main square.",
     [E("2022-11-11", "capture_claim", "Kherson", "confirmed"),
      E("2022-11-11", "withdrawal", "Kherson", "confirmed")]),
    ("2023-03-14", "Zelenskyy visits front-line troops near Bakhmut",
     "President Volodymyr Zelenskyy visited troops near Bakhmut on Tuesday, his office said. "
     "He will travel to Kramatorsk next week, an aide said.",
     [E("2023-03-14", "diplomatic", "Bakhmut", "claimed", "his office"),
      E("2023-03-20", "diplomatic", "Kramatorsk", "planned", "an aide", precision="week")]),
    ("2024-08-06", "Ukrainian forces cross into Kursk region",
     "Ukrainian troops crossed into Russia's Kursk region on Tuesday and fought Russian border "
     "guards near Sudzha, the Russian defence ministry said. Kyiv made no comment.",
     [E("2024-08-06", "ground_fighting", "Sudzha", "claimed", "Russian defence ministry")]),
    ("2023-11-01", "Missiles hit Odesa and Kherson",
     "Russian strikes hit Odesa and Kherson on Tuesday, killing two people, regional "
     "officials said. In Odesa, a port warehouse was set on fire.",
     [E("2023-10-31", "shelling_strike", "Odesa", "claimed", "regional officials"),
      E("2023-10-31", "shelling_strike", "Kherson", "claimed", "regional officials")]),
    ("2022-07-01", "Russia leaves Snake Island",
     "Russian forces withdrew from Snake Island on Thursday, Russia's defence ministry said, "
     "calling it a goodwill gesture. Ukraine said its artillery had forced them out.",
     [E("2022-06-30", "withdrawal", "Snake Island", "claimed", "Russian defence ministry")]),
    ("2024-06-03", "Putin to meet Lukashenko in Minsk",
     "Vladimir Putin will visit Minsk next week for talks with Alexander Lukashenko, the "
     "Kremlin said on Monday. The two leaders last met in May.",
     [E("2024-06-10", "diplomatic", "Minsk", "planned", "Kremlin", precision="week")]),
    ("2023-02-24", "UN General Assembly marks anniversary of invasion",
     "The UN General Assembly in New York voted on Thursday for a resolution demanding that "
     "Russia withdraw from Ukraine. In Kyiv, Zelenskyy held a ceremony on Friday to mark a year "
     "since the invasion.",
     [E("2023-02-23", "diplomatic", "New York", "confirmed"),
      E("2023-02-24", "statement", "Kyiv", "confirmed")]),
    ("2023-12-29", "Russia's largest air attack of the war",
     "Russia fired 122 missiles and dozens of drones at Ukraine on Friday, Ukraine's air force "
     "said, hitting Kyiv, Lviv, Dnipro and Odesa. In Dnipro a maternity hospital was damaged.",
     [E("2023-12-29", "shelling_strike", "Kyiv", "claimed", "Ukraine's air force"),
      E("2023-12-29", "shelling_strike", "Lviv", "claimed", "Ukraine's air force"),
      E("2023-12-29", "shelling_strike", "Dnipro", "claimed", "Ukraine's air force"),
      E("2023-12-29", "shelling_strike", "Odesa", "claimed", "Ukraine's air force")]),
    ("2022-10-10", "Explosions rock Kyiv",
     "Explosions rocked central Kyiv on Monday morning as Russian missiles hit the capital, "
     "witnesses said. Strikes were also reported in Lviv, Ternopil and Zhytomyr.",
     [E("2022-10-10", "shelling_strike", "Kyiv", "claimed", "witnesses"),
      E("2022-10-10", "shelling_strike", "Lviv", "claimed", "unnamed reports"),
      E("2022-10-10", "shelling_strike", "Ternopil", "claimed", "unnamed reports"),
      E("2022-10-10", "shelling_strike", "Zhytomyr", "claimed", "unnamed reports")]),
    ("2024-02-29", "Russian troops did not enter Robotyne, Kyiv says",
     "Russian troops did not enter Robotyne, the Ukrainian military said on Thursday, "
     "rejecting Moscow's claim. Fighting continued on the approaches to the village, it said.",
     [E("2024-02-29", "ground_fighting", "Robotyne", "claimed", "Ukrainian military")]),
    ("2023-07-03", "Ukraine says it retook ground near Bakhmut last week",
     "Ukrainian troops regained control of several positions near Klishchiivka last week, "
     "deputy defence minister Hanna Maliar said on Monday. Russian forces shelled Kostiantynivka "
     "on Sunday, the regional governor said.",
     [E("2023-06-26", "capture_claim", "Klishchiivka", "claimed", "Hanna Maliar", precision="week"),
      E("2023-07-02", "shelling_strike", "Kostiantynivka", "claimed", "regional governor")]),
    ("2023-11-30", "Heavy fighting near Avdiivka, ISW says",
     "Russian forces continued offensive operations around Avdiivka and Marinka on Wednesday, "
     "the Institute for the Study of War said. Russian sources claimed advances near "
     "Krasnohorivka, but ISW has not observed confirmation.",
     [E("2023-11-29", "ground_fighting", "Avdiivka", "assessed", "ISW"),
      E("2023-11-29", "ground_fighting", "Marinka", "assessed", "ISW"),
      E("2023-11-30", "ground_fighting", "Krasnohorivka", "claimed", "Russian sources")]),
    ("2022-08-15", "Shelling near Zaporizhzhia nuclear plant",
     "Shells landed near the Zaporizhzhia nuclear power plant in Enerhodar on Sunday, Russian-"
     "installed officials said, blaming Ukraine. Kyiv said Russia was shelling the area itself. "
     "IAEA chief Rafael Grossi will visit the plant next week.",
     [E("2022-08-14", "shelling_strike", "Enerhodar", "disputed", "Russian-installed officials",
        "Kyiv"),
      E("2022-08-22", "diplomatic", "Enerhodar", "planned", precision="week")]),
    ("2023-01-31", "Russia claims gains around Vuhledar",
     "Russia said on Monday its forces had advanced near Vuhledar, but Ukrainian officials said "
     "the attacks had been repelled. The town, a strategic hilltop, has been under heavy "
     "bombardment since last week.",
     [E("2023-01-30", "ground_fighting", "Vuhledar", "disputed", "Russia", "Ukrainian officials")]),
    ("2024-11-17", "Massive strike on Ukrainian power grid",
     "Russia launched a massive missile and drone attack on Ukraine's energy system on "
     "Sunday, hitting power plants in Lviv and Odesa, Energy Minister Herman Halushchenko said. "
     "Power cuts were announced in Kyiv.",
     [E("2024-11-17", "shelling_strike", "Lviv", "claimed", "Herman Halushchenko"),
      E("2024-11-17", "shelling_strike", "Odesa", "claimed", "Herman Halushchenko"),
      E("2024-11-17", "humanitarian", "Kyiv", "confirmed")]),
    ("2023-04-30", "Oil depot burns in Sevastopol",
     "A fire broke out at an oil depot in Sevastopol on Saturday after a drone attack, the "
     "Russian-installed governor Mikhail Razvozhayev said. Ukraine's military intelligence "
     "declined to comment.",
     [E("2023-04-29", "shelling_strike", "Sevastopol", "claimed", "Mikhail Razvozhayev")]),
    ("2022-03-01", "Russian column stalls north of Kyiv",
     "A Russian military convoy stretching 64 km was seen north of Kyiv on Monday, satellite "
     "images showed. Russian shelling killed at least ten people in Kharkiv on Tuesday, the "
     "governor said.",
     [E("2022-03-01", "shelling_strike", "Kharkiv", "claimed", "the governor")]),
    ("2024-03-01", "Ukraine says it repelled attacks west of Avdiivka",
     "Ukrainian troops repelled Russian attacks near Orlivka and Tonenke, the General Staff "
     "said on Friday. Russian forces failed to capture Berdychi, it added.",
     [E("2024-03-01", "ground_fighting", "Orlivka", "claimed", "General Staff"),
      E("2024-03-01", "ground_fighting", "Tonenke", "claimed", "General Staff"),
      E("2024-03-01", "ground_fighting", "Berdychi", "claimed", "General Staff")]),
    ("2023-03-01", "Drone crashes near Moscow",
     "A drone crashed near a gas facility outside Moscow on Tuesday, Russian media reported. "
     "In Belgorod, the governor said on Wednesday that shelling had damaged several houses.",
     [E("2023-02-28", "shelling_strike", "Moscow", "claimed", "Russian media"),
      E("2023-03-01", "shelling_strike", "Belgorod", "claimed", "the governor")]),
    ("2024-07-08", "Missile hits children's hospital in Kyiv",
     "A Russian missile hit Okhmatdyt children's hospital in Kyiv on Monday, killing two "
     "people, Ukrainian officials said. Moscow denied targeting the hospital. Strikes also hit "
     "Kryvyi Rih, where ten people died.",
     [E("2024-07-08", "shelling_strike", "Kyiv", "disputed", "Ukrainian officials", "Moscow"),
      E("2024-07-08", "shelling_strike", "Kryvyi Rih", "claimed", "Ukrainian officials")]),
    ("2023-11-30", "Blinken in Brussels for NATO meeting",
     "US Secretary of State Antony Blinken met NATO foreign ministers in Brussels on "
     "Wednesday. He will fly to Skopje on Thursday for a security conference.",
     [E("2023-11-29", "diplomatic", "Brussels", "confirmed"),
      E("2023-11-30", "diplomatic", "Skopje", "planned")]),
    ("2024-10-01", "Ukraine's army pulls out of Vuhledar",
     "Ukrainian forces withdrew from Vuhledar on Tuesday, the command of the eastern group said, "
     "after two years of defending the hilltop town. Russia's defence ministry had claimed on "
     "Monday that its forces had captured it, which Kyiv denied at the time.",
     [E("2024-10-01", "withdrawal", "Vuhledar", "claimed", "command of the eastern group"),
      E("2024-09-30", "capture_claim", "Vuhledar", "disputed", "Russian defence ministry",
        "Kyiv")]),
    ("2023-12-29", "ICC issues warrants",
     "The International Criminal Court issued arrest warrants on Thursday for two Russian "
     "commanders over strikes on the Ukrainian power grid, the court said in The Hague.",
     [E("2023-12-28", "judicial", "The Hague", "claimed", "the court")]),
    ("2022-05-31", "Fighting rages in Sievierodonetsk",
     "Russian forces controlled most of Sievierodonetsk on Tuesday, regional governor Serhiy "
     "Haidai said, as street fighting continued. Shelling also hit Lysychansk across the river.",
     [E("2022-05-31", "capture_claim", "Sievierodonetsk", "claimed", "Serhiy Haidai"),
      E("2022-05-31", "ground_fighting", "Sievierodonetsk", "claimed", "Serhiy Haidai"),
      E("2022-05-31", "shelling_strike", "Lysychansk", "claimed", "Serhiy Haidai")]),
    ("2023-08-29", "UK intelligence: Russia reinforces Tokmak",
     "Russia has likely moved reserves to Tokmak to slow the Ukrainian counteroffensive, "
     "Britain's Ministry of Defence said in its daily intelligence update. Ukrainian forces "
     "shelled the town on Monday, Russian-installed officials said.",
     [E("2023-08-29", "other", "Tokmak", "assessed", "UK Ministry of Defence"),
      E("2023-08-28", "shelling_strike", "Tokmak", "claimed", "Russian-installed officials")]),
    ("2024-08-31", "Belgorod under fire",
     "Shelling killed five people in Belgorod on Friday, the governor said, blaming Ukraine. "
     "Ukrainian drones attacked an oil depot in Voronezh overnight, Russian officials said.",
     [E("2024-08-30", "shelling_strike", "Belgorod", "claimed", "the governor"),
      E("2024-08-30", "shelling_strike", "Voronezh", "claimed", "Russian officials")]),
    ("2022-12-30", "Kherson shelled as residents flee",
     "Russian artillery shelled Kherson on Thursday, hitting a maternity ward. Many residents "
     "left the city for Mykolaiv and Odesa, local officials said.",
     [E("2022-12-29", "shelling_strike", "Kherson", "confirmed"),
      E("2022-12-30", "humanitarian", "Kherson", "claimed", "local officials")]),
    ("2023-05-21", "Zelenskyy at G7 summit",
     "Zelenskyy met US President Joe Biden at the G7 summit in Hiroshima on Sunday. Back home, "
     "Russian drones struck Dnipro overnight, the regional governor said.",
     [E("2023-05-21", "diplomatic", "Hiroshima", "confirmed"),
      E("2023-05-20", "shelling_strike", "Dnipro", "claimed", "regional governor")]),
    ("2024-04-11", "Kharkiv power plant destroyed",
     "A Russian strike destroyed the Trypillia power plant near Kyiv on Thursday, the "
     "operator Centrenergo said. Strikes also hit Kharkiv and Lviv overnight, officials said.",
     [E("2024-04-11", "shelling_strike", "Kyiv", "claimed", "Centrenergo"),
      E("2024-04-10", "shelling_strike", "Kharkiv", "claimed", "officials"),
      E("2024-04-10", "shelling_strike", "Lviv", "claimed", "officials")]),
    ("2023-07-31", "Grain talks in Istanbul planned",
     "Turkish President Recep Tayyip Erdogan will host talks on the Black Sea grain deal in "
     "Istanbul next week, his office said. Russian drones hit the port of Izmail on Sunday.",
     [E("2023-08-07", "diplomatic", "Istanbul", "planned", "his office", precision="week"),
      E("2023-07-30", "shelling_strike", "Izmail", "confirmed")]),
    ("2022-09-12", "Kupiansk changes hands",
     "Ukrainian troops raised the flag over Kupiansk on Saturday, the General Staff said. "
     "Russian forces fled the town after a rapid advance, the ISW assessed on Sunday.",
     [E("2022-09-10", "capture_claim", "Kupiansk", "claimed", "General Staff"),
      E("2022-09-11", "withdrawal", "Kupiansk", "assessed", "ISW")]),
    ("2024-01-02", "Kyiv and Kharkiv hit on New Year",
     "Russian missiles hit Kyiv and Kharkiv on Tuesday, killing at least five people, Ukrainian "
     "officials said. In Kharkiv, a residential building was destroyed. Meanwhile Ukrainian "
     "drones struck Belgorod, according to the Russian defence ministry.",
     [E("2024-01-02", "shelling_strike", "Kyiv", "claimed", "Ukrainian officials"),
      E("2024-01-02", "shelling_strike", "Kharkiv", "claimed", "Ukrainian officials"),
      E("2024-01-02", "shelling_strike", "Belgorod", "claimed", "Russian defence ministry")]),
    ("2023-06-06", "Ukrainian offensive begins near Velyka Novosilka",
     "Ukrainian troops attacked Russian positions south of Velyka Novosilka on Monday, "
     "advancing up to a kilometre, Ukrainian officials said. Moscow said it had repelled the "
     "attacks.",
     [E("2023-06-05", "ground_fighting", "Velyka Novosilka", "claimed", "Ukrainian officials")]),
    ("2023-10-11", "Fighting near Kupiansk and Lyman",
     "Russian forces attacked near Synkivka and Lyman on Tuesday, the General Staff said, "
     "while Ukrainian units pushed forward near Bakhmut.",
     [E("2023-10-10", "ground_fighting", "Synkivka", "claimed", "General Staff"),
      E("2023-10-10", "ground_fighting", "Lyman", "claimed", "General Staff"),
      E("2023-10-10", "ground_fighting", "Bakhmut", "claimed", "General Staff")]),
    ("2024-12-25", "Christmas strikes on energy",
     "Russia attacked Ukraine's energy system with missiles and drones on Wednesday, "
     "Zelenskyy said, hitting Kharkiv, where half a million people were left without heating.",
     [E("2024-12-25", "shelling_strike", "Kharkiv", "claimed", "Volodymyr Zelenskyy"),
      E("2024-12-25", "humanitarian", "Kharkiv", "claimed", "Volodymyr Zelenskyy")]),
    ("2022-03-01", "Fighting in Irpin and Hostomel",
     "Fierce fighting was under way in Irpin and Hostomel on Tuesday, local officials said. "
     "Civilians were evacuated from Irpin across a damaged bridge.",
     [E("2022-03-01", "ground_fighting", "Irpin", "claimed", "local officials"),
      E("2022-03-01", "ground_fighting", "Hostomel", "claimed", "local officials"),
      E("2022-03-01", "humanitarian", "Irpin", "confirmed")]),
    ("2023-03-01", "Ukraine may pull back from Bakhmut, adviser says",
     "Ukrainian forces may withdraw from Bakhmut if needed, an adviser to Zelenskyy said on "
     "Wednesday. Wagner fighters advanced in the north of the city, according to the ISW.",
     [E("2023-03-01", "ground_fighting", "Bakhmut", "assessed", "ISW")]),
    ("2024-02-29", "Drone attacks in Odesa",
     "A Russian drone hit an apartment block in Odesa on Saturday, killing 12 people, the "
     "regional governor Oleh Kiper said on Thursday, as rescuers finished searching the rubble.",
     [E("2024-02-24", "shelling_strike", "Odesa", "claimed", "Oleh Kiper")]),
    ("2023-09-20", "Ukraine strikes Sevastopol",
     "Ukrainian missiles struck the headquarters of Russia's Black Sea Fleet in Sevastopol on "
     "Friday, Kyiv said. Russia's defence ministry said one serviceman was missing.",
     [E("2023-09-15", "shelling_strike", "Sevastopol", "claimed", "Kyiv")]),
    ("2023-11-01", "Kherson boat crossings",
     "Ukrainian marines held positions near Krynky on the east bank of the Dnipro last week, "
     "the ISW said. Russia claimed it had destroyed Ukrainian boats there on Tuesday.",
     [E("2023-10-23", "ground_fighting", "Krynky", "assessed", "ISW", precision="week"),
      E("2023-10-31", "ground_fighting", "Krynky", "claimed", "Russia")]),
    ("2022-10-10", "Kerch bridge blast",
     "An explosion damaged the Kerch bridge linking Russia to Crimea on Saturday, Russian "
     "officials said. Putin called it a terrorist attack and blamed Ukraine on Sunday.",
     [E("2022-10-08", "shelling_strike", "Kerch Bridge", "claimed", "Russian officials"),
      E("2022-10-09", "statement", "Moscow", "claimed", "Vladimir Putin")]),
    ("2024-05-10", "Putin sworn in; strikes continue",
     "Vladimir Putin was sworn in for a fifth term at the Kremlin on Tuesday. Russian troops "
     "shelled Nikopol across the river on Thursday, the regional governor said.",
     [E("2024-05-07", "other", "Moscow", "confirmed"),
      E("2024-05-09", "shelling_strike", "Nikopol", "claimed", "regional governor")]),
    ("2023-01-02", "Makiivka strike kills Russian soldiers",
     "A Ukrainian strike on a building housing Russian soldiers in Makiivka, near Donetsk, "
     "killed dozens on New Year's night, Russia's defence ministry said on Monday.",
     [E("2023-01-01", "shelling_strike", "Makiivka", "claimed", "Russian defence ministry")]),
    ("2024-07-08", "Orban visits Moscow",
     "Hungarian Prime Minister Viktor Orban visited Moscow on Friday and met Putin, days after "
     "a trip to Kyiv. EU officials criticised the visit.",
     [E("2024-07-05", "diplomatic", "Moscow", "confirmed")]),
    ("2023-07-03", "Strike on Kramatorsk restaurant",
     "A Russian missile hit a restaurant in Kramatorsk on Tuesday last week, killing 13, "
     "police said. A suspect was detained in the city the next day.",
     [E("2023-06-27", "shelling_strike", "Kramatorsk", "claimed", "police"),
      E("2023-06-28", "judicial", "Kramatorsk", "claimed", "police")]),
    ("2024-06-03", "Peace summit planned in Switzerland",
     "Ukraine will hold a peace summit at a resort near Lucerne on June 15-16, the foreign "
     "ministry said. "
     "Russian strikes hit Kharkiv at the weekend, killing six people, officials said.",
     [E("2024-06-15", "diplomatic", "Lucerne", "planned", "foreign ministry", end="2024-06-16"),
      E("2024-06-01", "shelling_strike", "Kharkiv", "claimed", "officials", precision="week")]),
    ("2022-11-11", "Russia says withdrawal from Kherson complete",
     "Russia's defence ministry said on Friday that it had completed its withdrawal from the "
     "west bank of the Dnipro, including Kherson. Ukrainian forces entered Snihurivka on "
     "Thursday, Kyiv said.",
     [E("2022-11-11", "withdrawal", "Kherson", "claimed", "Russian defence ministry"),
      E("2022-11-10", "capture_claim", "Snihurivka", "claimed", "Kyiv")]),
    ("2023-04-30", "Uman apartment block hit",
     "A Russian missile struck an apartment block in Uman on Friday, killing 23 people, "
     "Ukrainian officials said. Strikes also hit Dnipro the same day.",
     [E("2023-04-28", "shelling_strike", "Uman", "claimed", "Ukrainian officials"),
      E("2023-04-28", "shelling_strike", "Dnipro", "claimed", "Ukrainian officials")]),
    ("2024-08-06", "Pokrovsk under pressure",
     "Russian forces advanced towards Pokrovsk on Monday, Ukrainian military bloggers said, "
     "and shelled Myrnohrad. Authorities ordered families with children to leave Pokrovsk.",
     [E("2024-08-05", "ground_fighting", "Pokrovsk", "claimed", "Ukrainian military bloggers"),
      E("2024-08-05", "shelling_strike", "Myrnohrad", "claimed", "Ukrainian military bloggers"),
      E("2024-08-06", "humanitarian", "Pokrovsk", "confirmed")]),
    ("2022-05-31", "EU leaders agree oil embargo in Brussels",
     "EU leaders agreed in Brussels on Monday to ban most Russian oil imports by the end of the "
     "year. Russian forces shelled Kharkiv on Tuesday, the regional governor said.",
     [E("2022-05-30", "diplomatic", "Brussels", "confirmed"),
      E("2022-05-31", "shelling_strike", "Kharkiv", "claimed", "regional governor")]),
    ("2023-10-11", "Russia denies losses near Avdiivka",
     "Ukraine said on Wednesday that Russian forces had lost dozens of tanks near Avdiivka, a "
     "claim Moscow denied. Kremlin spokesman Dmitry Peskov said the operation was going to "
     "plan.",
     [E("2023-10-11", "ground_fighting", "Avdiivka", "disputed", "Ukraine", "Moscow")]),
    ("2024-12-25", "Putin to host Modi in Moscow next month",
     "Indian Prime Minister Narendra Modi will visit Moscow in January, the Kremlin said on "
     "Wednesday. Drones hit Kursk overnight, the governor said.",
     [E("2025-01-01", "diplomatic", "Moscow", "planned", "Kremlin", precision="month"),
      E("2024-12-24", "shelling_strike", "Kursk", "claimed", "the governor")]),
]


def build() -> list[dict]:
    """The JSON-lines records, ids a001.., split dev (odd) / held (even); then the extra dev
    articles of ``events_dev_extra.py`` (all dev)."""
    out = []
    for number, (date, title, text, events) in enumerate(
            ((a[0], a[1], a[2], a[3]) for a in ARTICLES), start=1):
        out.append({"id": f"a{number:03d}", "split": "dev" if number % 2 else "held",
                    "date": date, "title": title, "text": text, "events": events})
    for number, (date, title, text, events) in enumerate(extra_articles(E),
                                                         start=len(out) + 1):
        out.append({"id": f"a{number:03d}", "split": "dev", "date": date, "title": title,
                    "text": text, "events": events})
    return out


def write(records: list[dict], name: str) -> None:
    """Write ``records`` as JSON lines to ``tests/data/<name>`` and say how many."""
    with open(HERE / name, "w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles, {sum(len(r['events']) for r in records)} events")


if __name__ == "__main__":
    write(build(), "events_dev.jsonl")
