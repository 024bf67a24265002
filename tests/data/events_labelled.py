"""Labelled articles for meeting extraction: the five seeds and 48 written for it.

The written articles imitate the customs news the bot reads (agency copy, customs-news
portals, WCO and ASEAN releases, interviews, calendars) and its traps: British and
American date order, ranges across months, years left out, relative dates with a known
publication date, several meetings in one article, meetings only planned, meetings named
only in related-news lists, action plans and strategies, impossible dates, datelines that
differ from the venue, crawl stamps and photo captions, and texts with no dates at all.
They were written as a journalist would write them: `ARTICLES` before the rules were
tuned, `HELD_OUT` after, in two batches, each measured before any rule was changed for it.

Each article has `id`, `title`, `published` (a date or None), `body` and `events`: the
meetings a reader would list, each with `name` (a regular expression the extracted name
must match, case-insensitive), `start` and `end` (ISO days; a year-only date spans its
year; None when the article gives no date) and the place parts the article states
(`city`, `province`, `country`; a part left out is not stated). Past editions named only
in passing are not events; `allowed` lists name patterns that may be extracted (as
background or not) without counting against precision.
"""

# ruff: noqa: E501  (article bodies are prose kept one paragraph to a line, as ingested)

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
_SEED_END = {"Related News", "Latest News", "Previously posted at :"}


def seed_article(path: Path) -> tuple[str, str]:
    """(title, body) of a seed as ingestion will give it: no site lists, no captions."""
    lines = path.read_text(encoding="utf-8").splitlines()
    kept = []
    for index, line in enumerate(lines):
        if line.strip() in _SEED_END:
            break
        caption = re.search(r"\(Photo: [^)]*\)\s*$", line)
        if caption or (path.name.startswith("003_") and index == 0):  # 003 opens with alt text
            continue
        kept.append(line)
    first = next((line for line in kept if line.strip()), "")
    if len(first) < 120 and not first.rstrip().endswith((".", "?", "!")):
        kept.remove(first)
        return first, "\n".join(kept)
    return "", "\n".join(kept)


_TECHCONF_2023 = {
    "name": r"Technology Conference and Exhibition.*2023|2023 WCO Technology Conference",
    "start": "2023-10-10",
    "city": "Hanoi",
    "country": "Vietnam",
}

SEED_EVENTS: dict[str, dict[str, Any]] = {
    "000": {"events": [dict(_TECHCONF_2023, end="2023-10-10")]},
    "001": {"events": [dict(_TECHCONF_2023, end="2023-10-12")]},
    "002": {
        "events": [
            {
                "name": r"^33rd ASEAN Customs Directors-General Meeting$",
                "start": "2024-06-04",
                "end": "2024-06-06",
                "city": "Phu Quoc",
                "province": "Kien Giang",
                "country": "Vietnam",
            }
        ],
        "allowed": [r"32nd ASEAN", r"ASEAN Customs Directors-General Meeting", r"ASEM", r"WCO"],
    },
    "003": {
        "events": [
            dict(_TECHCONF_2023, end="2023-10-12"),
            {
                "name": r"2024 WCO Technology Conference",
                "start": "2024-01-01",
                "end": "2024-12-31",
                "country": "Egypt",
            },
        ]
    },
    "004": {
        "events": [
            {"name": r"13th ASEM .*Meeting", "start": None, "end": None, "country": "Vietnam"}
        ]
    },
}


def seed_articles() -> list[dict[str, Any]]:
    """The five seeds with their labels."""
    articles = []
    for path in sorted(SEEDS.glob("*.txt")):
        title, body = seed_article(path)
        labels = SEED_EVENTS[path.name[:3]]
        articles.append(
            {
                "id": f"seed-{path.name[:3]}",
                "title": title,
                "published": None,
                "body": body,
                "events": labels["events"],
                "allowed": labels.get("allowed", []),
            }
        )
    return articles


ARTICLES: list[dict[str, Any]] = [
    {
        "id": "wto-mc13",
        "title": "Trade ministers gather in Abu Dhabi for WTO's 13th Ministerial Conference",
        "published": date(2024, 2, 26),
        "body": """Abu Dhabi (WAM) – Ministers from the World Trade Organization's 164 members opened the 13th WTO Ministerial Conference (MC13) in Abu Dhabi, the United Arab Emirates, on Monday. The conference runs from 26 to 29 February 2024 and is chaired by the UAE Minister of State for Foreign Trade Thani bin Ahmed Al Zeyoudi.

WTO Director-General Ngozi Okonjo-Iweala told delegates that the multilateral trading system was under strain but still delivering. "We need outcomes that matter to people," she said.

Customs administrations follow the talks closely because of the moratorium on customs duties on electronic transmissions, which was extended at the 12th Ministerial Conference in Geneva in June 2022.

The next Ministerial Conference will be held in Cameroon in 2026.""",
        "events": [
            {
                "name": r"13th WTO Ministerial Conference",
                "start": "2024-02-26",
                "end": "2024-02-29",
                "city": "Abu Dhabi",
                "country": "United Arab Emirates",
            },
            {
                "name": r"14th .*Ministerial Conference",
                "start": "2026-01-01",
                "end": "2026-12-31",
                "country": "Cameroon",
            },
        ],
        "allowed": [r"12th"],
    },
    {
        "id": "apec-sccp",
        "title": "APEC customs officials meet in San Francisco",
        "published": date(2023, 8, 17),
        "body": """SAN FRANCISCO — Customs officials from the 21 Asia-Pacific Economic Cooperation economies met August 14-16, 2023, for the third meeting of the APEC Sub-Committee on Customs Procedures (SCCP) this year, held in San Francisco, California.

The meeting reviewed progress on the APEC Customs Single Window Work Plan and agreed to step up cooperation on e-commerce risk management. More than 150 officials attended, the U.S. Customs and Border Protection said.""",
        "events": [
            {
                "name": r"third meeting of the APEC Sub-Committee on Customs Procedures",
                "start": "2023-08-14",
                "end": "2023-08-16",
                "city": "San Francisco",
                "country": "United States",
            },
        ],
    },
    {
        "id": "wco-council-2024",
        "title": "WCO Council concludes its annual sessions",
        "published": None,
        "body": """The 143rd /144th Sessions of the Customs Co-operation Council, the governing body of the World Customs Organization, took place at the WCO headquarters in Brussels, Belgium, from 27 to 29 June 2024.

More than 500 delegates representing 150 Member administrations attended the Sessions, which were chaired by Mr. Ernani Checcucci, Chairperson of the Council.

WCO Secretary General Ian Saunders presented his first annual report since taking office in January 2024. "Customs must be agile, connected and data-driven," he said.

The Council adopted the WCO Strategic Plan 2025-2028 and elected the new Chairperson for 2024/2025.""",
        "events": [
            {
                "name": r"143rd ?/144th Sessions of the Customs Co-operation Council",
                "start": "2024-06-27",
                "end": "2024-06-29",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "ptc-243",
        "title": "Vietnam Customs attends the 243/244th Session of WCO's Permanent Technical Committee",
        "published": date(2024, 4, 29),
        "body": """VCN – Vietnam Customs delegation attended the 243rd/244th Session of the WCO's Permanent Technical Committee (PTC) in Brussels from 23 to 26 April 2024.

The session discussed the implementation of the Revised Kyoto Convention, the WCO Data Model and the Customs response to e-commerce. The delegation was led by Deputy Director General Hoang Viet Cuong.

On the sidelines, the delegation held bilateral talks with Korea Customs Service and Japan Customs on the implementation of the AEO mutual recognition arrangements.""",
        "events": [
            {
                "name": r"243(rd)?/244th Session of (the )?WCO.s Permanent Technical Committee",
                "start": "2024-04-23",
                "end": "2024-04-26",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "acdgm-34-bernama",
        "title": "ASEAN customs chiefs meet in Kuala Lumpur",
        "published": date(2025, 6, 4),
        "body": """KUALA LUMPUR, June 3 (Bernama) -- The 34th ASEAN Customs Directors-General Meeting opened here on Tuesday with a call to speed up the ASEAN Customs Transit System.

Royal Malaysian Customs Department Director-General Anis Rizana Mohd Zainudin said the three-day meeting would also review the ASEAN Customs Vision 2025 and prepare a new strategic plan for 2026-2030.

About 120 delegates from the ten ASEAN member states, the ASEAN Secretariat and dialogue partners are attending the meeting.""",
        "events": [
            {
                "name": r"34th ASEAN Customs Directors-General Meeting",
                "start": "2025-06-03",
                "end": "2025-06-05",
                "city": "Kuala Lumpur",
                "country": "Malaysia",
            },
        ],
    },
    {
        "id": "rhcac-next-week",
        "title": "Asia-Pacific customs heads to meet in Seoul",
        "published": date(2024, 9, 2),
        "body": """Customs chiefs from Asia and the Pacific will gather in Seoul next week for the 29th Regional Heads of Customs Administrations Conference of the WCO Asia/Pacific Region.

The Korea Customs Service, which holds the regional vice-chairmanship, will host the conference. Delegates are expected to adopt the Regional Strategic Plan 2024-2026 and discuss capacity building for small island economies.""",
        "events": [
            {
                "name": r"29th Regional Heads of Customs Administrations Conference",
                "start": "2024-09-09",
                "end": "2024-09-15",
                "city": "Seoul",
                "country": "South Korea",
            },
        ],
    },
    {
        "id": "brussels-calendar",
        "title": "A busy June for customs diplomacy",
        "published": date(2024, 6, 10),
        "body": """Brussels will be busy this month. The 91st Session of the WCO Policy Commission meets from 24 to 26 June 2024, followed immediately by the 143rd/144th Sessions of the Customs Co-operation Council on 27–29 June. Both take place at WCO headquarters in Brussels, Belgium.

Before that, heads of customs from the Mekong subregion will meet in Vientiane, Laos, on 18 and 19 June for the 5th Lancang-Mekong Customs Cooperation Forum.

Later in the year, the 7th WCO Global AEO Conference will be held in Seoul, South Korea, from 15 to 17 October.""",
        "events": [
            {
                "name": r"91st Session of the WCO Policy Commission",
                "start": "2024-06-24",
                "end": "2024-06-26",
                "city": "Brussels",
                "country": "Belgium",
            },
            {
                "name": r"143rd/144th Sessions",
                "start": "2024-06-27",
                "end": "2024-06-29",
                "city": "Brussels",
                "country": "Belgium",
            },
            {
                "name": r"5th Lancang-Mekong Customs Cooperation Forum",
                "start": "2024-06-18",
                "end": "2024-06-19",
                "city": "Vientiane",
                "country": "Laos",
            },
            {
                "name": r"7th WCO Global AEO Conference",
                "start": "2024-10-15",
                "end": "2024-10-17",
                "city": "Seoul",
                "country": "South Korea",
            },
        ],
    },
    {
        "id": "malaysia-to-host",
        "title": "Malaysia to host 34th ASEAN customs meeting in 2025",
        "published": date(2024, 6, 7),
        "body": """The 34th meeting of the ASEAN Directors-General of Customs will take place in Malaysia in 2025, the Royal Malaysian Customs Department said on Friday, after Vietnam handed over the chairmanship at the close of this year's meeting in Phu Quoc.

Malaysia last hosted the gathering in 2015.""",
        "events": [
            {
                "name": r"34th meeting of the ASEAN Directors-General of Customs",
                "start": "2025-01-01",
                "end": "2025-12-31",
                "country": "Malaysia",
            },
        ],
        "allowed": [r"ASEAN"],
    },
    {
        "id": "related-list-only",
        "title": "Hai Phong Customs collects VND 5,300 billion in October",
        "published": date(2024, 11, 2),
        "body": """Hai Phong Customs Department collected VND 5,300 billion in October, up 12% year-on-year, thanks to strong imports of machinery and raw materials.

The department expects to exceed its annual revenue target of VND 62,000 billion by mid-December.

Related News
Vietnam Customs attends 91st Session of WCO Policy Commission
10:31 | 27/06/2024 Customs
33rd ASEAN Customs Directors-General Meeting opens in Phu Quoc
08:15 | 04/06/2024 Customs
WCO Council elects new Chairperson at 143rd/144th Sessions
16:20 | 29/06/2024 Customs""",
        "events": [],
    },
    {
        "id": "stamped-list-no-marker",
        "title": "Binh Duong Customs supports Korean investors",
        "published": None,
        "body": """Binh Duong Customs Department held a dialogue with Korean businesses on procedures for processing and export production.

Deputy Director Nguyen Thi Lan said the department would shorten clearance times for enterprises with good compliance records.

Customs sector deploys work in 2025
16:43 | 17/12/2024 Customs
Vietnam Customs delegation at the 13th ASEM Customs Directors-General and Commissioners Meeting
11:23 | 16/12/2024 Customs""",
        "events": [],
    },
    {
        "id": "vn-laos-plan",
        "title": "Vietnam, Laos customs agree 2024-2025 action plan",
        "published": date(2024, 3, 13),
        "body": """Vientiane (VNA) - The customs authorities of Vietnam and Laos signed the Customs Cooperation Action Plan 2024-2025 at the 14th Vietnam-Laos Customs Cooperation Conference held in Vientiane on 12 March 2024.

The two sides also reviewed the implementation of the Customs Development Strategy to 2030 and the Memorandum of Understanding on Customs Cooperation signed in 2019.

They agreed to pilot the one-stop inspection model at the Lao Bao – Dansavanh border gate pair from the second quarter of 2024.""",
        "events": [
            {
                "name": r"14th Vietnam-Laos Customs Cooperation Conference",
                "start": "2024-03-12",
                "end": "2024-03-12",
                "city": "Vientiane",
                "country": "Laos",
            },
        ],
    },
    {
        "id": "impossible-date",
        "title": "Bangkok to host regional AEO forum",
        "published": None,
        "body": """The 5th Asia-Pacific AEO Forum will open on 30 February 2024 in Bangkok, Thailand, according to a notice from the Thai Customs Department.

The forum is expected to bring together around 300 representatives of customs administrations and authorized economic operators from 25 economies.""",
        "events": [
            {
                "name": r"5th Asia-Pacific AEO Forum",
                "start": None,
                "end": None,
                "city": "Bangkok",
                "country": "Thailand",
            },
        ],
    },
    {
        "id": "no-dates-commentary",
        "title": "What the next ASEM customs meeting could bring",
        "published": None,
        "body": """Commentary: Asia and Europe have every reason to deepen customs cooperation. The 14th ASEM Customs Directors-General and Commissioners Meeting is an opportunity to agree common standards for e-commerce data and to share intelligence on waste shipments.

The ASEM Customs Action Plan has delivered useful projects on risk management, but implementation remains uneven. Partners should commit resources and clear targets.""",
        "events": [{"name": r"14th ASEM Customs Directors-General", "start": None, "end": None}],
    },
    {
        "id": "dateline-differs",
        "title": "Indonesia to host Asia-Pacific customs heads in Bali",
        "published": date(2023, 4, 20),
        "body": """Jakarta (ANTARA) - Indonesia's Directorate General of Customs and Excise will host the 28th Regional Heads of Customs Administrations Conference of the WCO Asia/Pacific region in Bali from 2 to 4 May 2023.

Director General Askolani said the conference would focus on digital customs and supply chain resilience.""",
        "events": [
            {
                "name": r"28th Regional Heads of Customs Administrations Conference",
                "start": "2023-05-02",
                "end": "2023-05-04",
                "province": "Bali",
                "country": "Indonesia",
            },
        ],
    },
    {
        "id": "stamp-and-caption",
        "title": "Integrated border management conference opens in Ho Chi Minh City",
        "published": None,
        "body": """09:15 | 05/11/2024
Delegates at the preparatory meeting on November 1, 2024. (Photo: VCN)
The 2nd Global Conference on Integrated Border Management opened in Ho Chi Minh City on November 5, 2024, bringing together border agencies from 40 countries.

The two-day conference, co-organized by the General Department of Vietnam Customs and the International Organization for Migration, discusses data sharing between customs, immigration and border guards.""",
        "events": [
            {
                "name": r"2nd Global Conference on Integrated Border Management",
                "start": "2024-11-05",
                "end": "2024-11-06",
                "city": "Ho Chi Minh City",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "ordinal-words-hsc",
        "title": "HS Committee wraps up its session",
        "published": None,
        "body": """The Harmonized System Committee concluded its ten-day Seventy-third Session in Brussels on 22 March 2024, adopting classification decisions on drones, plant-based meat substitutes and lithium batteries.

The Committee also prepared amendments for the 2028 edition of the Harmonized System.""",
        "events": [
            {
                "name": r"Seventy-third Session",
                "start": "2024-03-13",
                "end": "2024-03-22",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "numeric-range-forum",
        "title": "Customs-Business Partnership Forum held in Da Nang",
        "published": None,
        "body": """From 23-25/10/2024, in Da Nang city, the General Department of Vietnam Customs organized the 2024 Customs-Business Partnership Forum with the participation of more than 300 enterprises.

The forum themed "Customs and Business: Partners for Growth" discussed the draft amended Law on Customs and the rollout of the digital customs platform.""",
        "events": [
            {
                "name": r"2024 Customs-Business Partnership Forum",
                "start": "2024-10-23",
                "end": "2024-10-25",
                "city": "Da Nang",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "asem-wg-2017",
        "title": "ASEM customs enforcement group reviews cooperation in Tallinn",
        "published": date(2017, 5, 18),
        "body": """The 5th ASEM Customs Enforcement Working Group Meeting was held in Tallinn, Estonia on 15 and 16 May 2017, with customs experts from 40 Asian and European partners.

Participants reviewed joint operations against the smuggling of cigarettes and counterfeit goods. The next gathering, the 6th ASEM Customs Enforcement Working Group Meeting, is scheduled for 16/17 October 2017 in Bangkok.""",
        "events": [
            {
                "name": r"5th ASEM Customs Enforcement Working Group Meeting",
                "start": "2017-05-15",
                "end": "2017-05-16",
                "city": "Tallinn",
                "country": "Estonia",
            },
            {
                "name": r"6th ASEM Customs Enforcement Working Group Meeting",
                "start": "2017-10-16",
                "end": "2017-10-17",
                "city": "Bangkok",
                "country": "Thailand",
            },
        ],
    },
    {
        "id": "workshop-cross-month",
        "title": "Regional workshop on risk management opens in Hanoi",
        "published": None,
        "body": """Hanoi (VNA) - A Regional Workshop on Risk Management for customs officers of the Asia-Pacific region is taking place in Hanoi from 18th February to 3rd March, 2017, with support from the Japan International Cooperation Agency.

Thirty officers from 15 administrations are attending the workshop.""",
        "events": [
            {
                "name": r"Regional Workshop on Risk Management",
                "start": "2017-02-18",
                "end": "2017-03-03",
                "city": "Hanoi",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "two-day-duration",
        "title": "ASEAN enforcement working group meets in Siem Reap",
        "published": None,
        "body": """The 20th Meeting of the ASEAN Customs Enforcement and Compliance Working Group opened in Siem Reap, Cambodia on 5 March 2024.

The two-day meeting is reviewing the ASEAN Customs Enforcement and Compliance Work Plan and preparations for joint operations against drug trafficking.""",
        "events": [
            {
                "name": r"20th Meeting of the ASEAN Customs Enforcement and Compliance Working Group",
                "start": "2024-03-05",
                "end": "2024-03-06",
                "city": "Siem Reap",
                "country": "Cambodia",
            },
        ],
    },
    {
        "id": "chairmanship-term",
        "title": "Vietnam takes over ASEAN Customs chairmanship",
        "published": date(2024, 6, 8),
        "body": """Vietnam Customs will chair ASEAN customs cooperation from June 2024 to June 2025 after the 33rd ASEAN Customs Directors-General Meeting, which was held in Phu Quoc from 4 to 6 June.

During its term, Vietnam will host the meetings of the Customs Coordinating Committee and the technical working groups.""",
        "events": [
            {
                "name": r"33rd ASEAN Customs Directors-General Meeting",
                "start": "2024-06-04",
                "end": "2024-06-06",
                "city": "Phu Quoc",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "sco-last-week",
        "title": "SCO customs heads meet in Tashkent",
        "published": date(2023, 11, 20),
        "body": """Customs heads from the member states of the Shanghai Cooperation Organisation met in Tashkent, Uzbekistan, last week for the 9th Meeting of Heads of Customs Services of SCO Member States.

The meeting adopted a programme of cooperation for 2024-2026 and agreed on the exchange of preliminary information on goods and vehicles.""",
        "events": [
            {
                "name": r"9th Meeting of Heads of Customs Services of SCO Member States",
                "start": "2023-11-13",
                "end": "2023-11-19",
                "city": "Tashkent",
                "country": "Uzbekistan",
            },
        ],
    },
    {
        "id": "far-future-typo",
        "title": "Manila prepares for ASEAN customs meeting",
        "published": date(2025, 7, 1),
        "body": """The Bureau of Customs said preparations were under way for the 35th ASEAN Customs Directors-General Meeting, which is scheduled from 3 to 5 June 2206 in Manila, the Philippines.

The Bureau expects delegations from all ten ASEAN member states.""",
        "events": [
            {
                "name": r"35th ASEAN Customs Directors-General Meeting",
                "start": None,
                "end": None,
                "city": "Manila",
                "country": "Philippines",
            },
        ],
    },
    {
        "id": "bbc-agm-g8",
        "title": "Leaders prepare for Gleneagles summit",
        "published": date(2005, 6, 30),
        "body": """Shareholders of the brewer backed the board at the Annual General Meeting on 5 May 2005, despite protests about executive pay.

Meanwhile, security is being tightened ahead of the G8 Summit at Gleneagles, Scotland, from 6 to 8 July 2005, where leaders will discuss climate change and aid to Africa.""",
        "events": [
            {
                "name": r"G8 Summit",
                "start": "2005-07-06",
                "end": "2005-07-08",
                "city": "Gleneagles",
                "country": "United Kingdom",
            },
        ],
    },
    {
        "id": "title-only-name",
        "title": "Vietnam Customs attends 91st Session of WCO Policy Commission",
        "published": None,
        "body": """VCN - A delegation of the General Department of Vietnam Customs led by Director General Nguyen Van Tho attended the session, which took place in Brussels, Belgium from 24 to 26 June 2024.

The Commission discussed the WCO Strategic Plan, the future of the Harmonized System and the role of customs in green trade.""",
        "events": [
            {
                "name": r"91st Session of WCO Policy Commission",
                "start": "2024-06-24",
                "end": "2024-06-26",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "us-abbreviated-months",
        "title": "Customs data analytics conference wraps up",
        "published": None,
        "body": """WASHINGTON — The Global Conference on Customs Data Analytics ran Sept. 30–Oct. 2, 2024, in Washington, D.C., drawing analysts from 60 customs agencies.

Organizers said the 2025 conference would move to Singapore.""",
        "events": [
            {
                "name": r"Global Conference on Customs Data Analytics",
                "start": "2024-09-30",
                "end": "2024-10-02",
                "city": "Washington",
                "country": "United States",
            },
            {
                "name": r"Customs Data Analytics 2025",
                "start": "2025-01-01",
                "end": "2025-12-31",
                "country": "Singapore",
            },
        ],
    },
    {
        "id": "event-list-in-body",
        "title": "PICARD Conference heads to Mexico City",
        "published": None,
        "body": """The 18th PICARD Conference will be hosted by the Mexican Customs Administration in Mexico City from 25 to 27 September 2023, the WCO announced.

The conference brings together customs administrations and academia to discuss research on customs and border management.

Other WCO bodies meeting this year include the Policy Commission, the Permanent Technical Committee, the Harmonized System Committee and the Enforcement Committee.""",
        "events": [
            {
                "name": r"18th PICARD Conference",
                "start": "2023-09-25",
                "end": "2023-09-27",
                "city": "Mexico City",
                "country": "Mexico",
            },
        ],
    },
    {
        "id": "tuesday-three-day",
        "title": "ASEAN customs and business leaders meet in Vientiane",
        "published": date(2024, 11, 14),
        "body": """Customs officials and business leaders opened the third ASEAN Customs-Private Sector Consultative Forum in Vientiane on Tuesday.

The three-day forum, hosted by the Lao Customs Department, focuses on the ASEAN Single Window and the mutual recognition of authorized economic operators.""",
        "events": [
            {
                "name": r"third ASEAN Customs-Private Sector Consultative Forum",
                "start": "2024-11-12",
                "end": "2024-11-14",
                "city": "Vientiane",
                "country": "Laos",
            },
        ],
    },
    {
        "id": "spaced-dash-past",
        "title": "Luang Prabang hosts ASEAN customs heads",
        "published": None,
        "body": """The 32nd ASEAN Customs Directors-General Meeting took place in Luang Prabang, Laos from 6 – 8 June 2023 under the theme "Connecting Customs, Creating Prosperity".

Lao Customs Director General Phoukhong Chanthachack chaired the meeting, which was attended by about 90 delegates.""",
        "events": [
            {
                "name": r"32nd ASEAN Customs Directors-General Meeting",
                "start": "2023-06-06",
                "end": "2023-06-08",
                "city": "Luang Prabang",
                "country": "Laos",
            },
        ],
    },
    {
        "id": "caption-only-date",
        "title": "Mongolia joins Asia-Pacific customs dialogue",
        "published": None,
        "body": """Participants at the opening session on 3 April 2024. (Photo: Mongolian Customs)
Mongolia's customs authority took part for the first time in the Northeast Asia Customs Dialogue, the agency said, without giving details of the talks.""",
        "events": [{"name": r"Northeast Asia Customs Dialogue", "start": None, "end": None}],
    },
    {
        "id": "two-outlets-same-event-a",
        "title": "Global AEO Conference opens in Seoul",
        "published": date(2024, 10, 15),
        "body": """Seoul (Yonhap) -- The 7th WCO Global AEO Conference opened in Seoul on Tuesday, bringing together more than 1,000 participants from customs and industry.

Korea Customs Service Commissioner Ko Kwang-hyo said the three-day conference would focus on mutual recognition of authorized economic operators. "Trusted traders deserve faster borders," he said.""",
        "events": [
            {
                "name": r"7th WCO Global AEO Conference",
                "start": "2024-10-15",
                "end": "2024-10-17",
                "city": "Seoul",
                "country": "South Korea",
            },
        ],
    },
    {
        "id": "two-outlets-same-event-b",
        "title": "WCO AEO conference closes with call for mutual recognition",
        "published": date(2024, 10, 18),
        "body": """The 7th Global AEO Conference of the World Customs Organization closed in Seoul on 17 October 2024 after three days of discussion.

WCO Secretary General Ian Saunders said more than 100 mutual recognition arrangements were now in force. The next conference will be held in 2026.""",
        "events": [
            {
                "name": r"7th Global AEO Conference",
                "start": "2024-10-15",
                "end": "2024-10-17",
                "city": "Seoul",
                "country": "South Korea",
            },
            {"name": r"8th .*AEO Conference", "start": "2026-01-01", "end": "2026-12-31"},
        ],
    },
]


# Written after the rules were first measured, to check they generalise; kept in the set.
HELD_OUT: list[dict[str, Any]] = [
    {
        "id": "weekday-us-date",
        "title": "Singapore hosts Asia-Pacific customs leaders",
        "published": date(2024, 11, 7),
        "body": """On Wednesday, Nov. 6, 2024, the Asia-Pacific Customs Leaders Summit opened in Singapore with a keynote on supply chain security.

Singapore Customs Director-General Tan Hung Hooi said about 200 participants from 30 economies were attending the two-day summit.""",
        "events": [
            {
                "name": r"Asia-Pacific Customs Leaders Summit",
                "start": "2024-11-06",
                "end": "2024-11-07",
                "country": "Singapore",
            },
        ],
    },
    {
        "id": "venue-then-city",
        "title": "Illicit trade conference ends in Durban",
        "published": None,
        "body": """The Fourth Global Conference on Illicit Trade was held at the International Convention Centre in Durban, South Africa, on 8 and 9 July 2019.

Delegates called for stronger cooperation between customs, police and the private sector against the smuggling of tobacco and alcohol.""",
        "events": [
            {
                "name": r"Fourth Global Conference on Illicit Trade",
                "start": "2019-07-08",
                "end": "2019-07-09",
                "city": "Durban",
                "country": "South Africa",
            },
        ],
    },
    {
        "id": "committee-its-session",
        "title": "WCO committees meet in Brussels",
        "published": date(2024, 9, 23),
        "body": """The Harmonized System Committee held its 74th Session from 9 to 20 September 2024 in Brussels, where it adopted 150 classification opinions.

The WCO Enforcement Committee will hold its 44th session on 4 to 6 November in Brussels.""",
        "events": [
            {
                "name": r"74th Session",
                "start": "2024-09-09",
                "end": "2024-09-20",
                "city": "Brussels",
                "country": "Belgium",
            },
            {
                "name": r"44th [Ss]ession",
                "start": "2024-11-04",
                "end": "2024-11-06",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "half-year-review",
        "title": "Vietnam Customs active in multilateral forums in first half of 2024",
        "published": date(2024, 7, 5),
        "body": """In the first six months of 2024, Vietnam Customs attended 15 international meetings, including the 91st Session of the WCO Policy Commission (Brussels, 24–26 June) and the 33rd ASEAN Customs Directors-General Meeting (Phu Quoc, 4-6 June), which it chaired.

The international cooperation department also prepared the country's proposals for the WCO Council.""",
        "events": [
            {
                "name": r"91st Session of the WCO Policy Commission",
                "start": "2024-06-24",
                "end": "2024-06-26",
                "city": "Brussels",
                "country": "Belgium",
            },
            {
                "name": r"33rd ASEAN Customs Directors-General Meeting",
                "start": "2024-06-04",
                "end": "2024-06-06",
                "city": "Phu Quoc",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "monday-to-wednesday",
        "title": "China, Japan, South Korea customs chiefs meet in Busan",
        "published": date(2024, 5, 10),
        "body": """Customs chiefs of China, Japan and South Korea met in Busan from Monday to Wednesday for the 2024 Trilateral Customs Heads Meeting, the Korea Customs Service said.

The three sides agreed to expand the exchange of AEO data and to cooperate against drug smuggling.""",
        "events": [
            {
                "name": r"2024 Trilateral Customs Heads Meeting",
                "start": "2024-05-06",
                "end": "2024-05-08",
                "city": "Busan",
                "country": "South Korea",
            },
        ],
    },
    {
        "id": "strategy-only",
        "title": "Vietnam Customs issues plan to implement Customs Development Strategy to 2030",
        "published": date(2024, 1, 15),
        "body": """The General Department of Vietnam Customs has issued a plan to implement the Customs Development Strategy to 2030 in the 2024-2025 period.

The plan sets targets for digital customs, with 100% of procedures handled online by 2025, and asks local departments to report on progress every six months. It follows the Action Plan 2023 and the Customs Reform and Modernization Plan for 2021-2025.""",
        "events": [],
    },
    {
        "id": "asean-summit",
        "title": "Kuala Lumpur readies for ASEAN Summit",
        "published": date(2025, 5, 2),
        "body": """The 46th ASEAN Summit will take place in Kuala Lumpur on 26 May 2025, Malaysia's foreign ministry said, with trade facilitation and the digital economy framework agreement high on the agenda.""",
        "events": [
            {
                "name": r"46th ASEAN Summit",
                "start": "2025-05-26",
                "end": "2025-05-26",
                "city": "Kuala Lumpur",
                "country": "Malaysia",
            },
        ],
    },
    {
        "id": "cross-year-us",
        "title": "Dubai to host customs modernization conference",
        "published": None,
        "body": """The International Conference on Customs Modernization runs Dec. 30, 2024, to Jan. 2, 2025, in Dubai, United Arab Emirates, organizers said.""",
        "events": [
            {
                "name": r"International Conference on Customs Modernization",
                "start": "2024-12-30",
                "end": "2025-01-02",
                "city": "Dubai",
                "country": "United Arab Emirates",
            },
        ],
    },
    {
        "id": "edition-of",
        "title": "Baku hosted WCO IT conference",
        "published": None,
        "body": """Baku hosted the 10th edition of the WCO IT Conference & Exhibition from 1 to 3 June 2022, with the State Customs Committee of Azerbaijan as host.""",
        "events": [
            {
                "name": r"WCO IT Conference & Exhibition",
                "start": "2022-06-01",
                "end": "2022-06-03",
                "city": "Baku",
                "country": "Azerbaijan",
            },
        ],
    },
    {
        "id": "looking-back",
        "title": "Looking back: when Vietnam hosted ASEM customs chiefs",
        "published": date(2024, 12, 20),
        "body": """Five years ago, Vietnam hosted the ASEM Customs Directors-General and Commissioners Meeting in Ha Long City, Quang Ninh province, in 2019. Delegates from 53 partners attended.""",
        "events": [
            {
                "name": r"ASEM Customs Directors-General and Commissioners Meeting",
                "start": "2019-01-01",
                "end": "2019-12-31",
                "city": "Ha Long",
                "province": "Quang Ninh",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "press-conference-only",
        "title": "Finance ministry reports customs revenue",
        "published": date(2024, 6, 6),
        "body": """At a press conference on 5 June 2024 in Hanoi, Deputy Minister of Finance Cao Anh Tuan said customs revenue rose 15% in the first five months.

He told reporters that the ministry would hold a meeting with major importers next week to discuss tariff classification disputes.""",
        "events": [],
    },
    {
        "id": "year-edition-of",
        "title": "PICARD researchers meet in Mexico City",
        "published": None,
        "body": """The 2023 edition of the WCO PICARD Conference took place in Mexico City from 25 to 27 September, bringing together 300 researchers and customs officials.""",
        "events": [
            {
                "name": r"PICARD Conference",
                "start": "2023-09-25",
                "end": "2023-09-27",
                "city": "Mexico City",
                "country": "Mexico",
            },
        ],
    },
    {
        "id": "lowercase-meeting-after-name",
        "title": "Brunei to host ASEAN enforcement talks",
        "published": date(2024, 6, 1),
        "body": """Brunei will host the 21st ASEAN Customs Enforcement and Compliance Working Group meeting in Bandar Seri Begawan in August, the Royal Customs and Excise Department said.""",
        "events": [
            {
                "name": r"21st ASEAN Customs Enforcement and Compliance Working Group meeting",
                "start": "2024-08-01",
                "end": "2024-08-31",
                "city": "Bandar Seri Begawan",
                "country": "Brunei",
            },
        ],
    },
    {
        "id": "back-to-back",
        "title": "ASEAN customs working groups meet in Hanoi",
        "published": None,
        "body": """The 15th Meeting of the ASEAN Customs Procedures and Trade Facilitation Working Group and the 10th Meeting of the ASEAN Customs Capacity Building Working Group were held back-to-back in Hanoi from 1 to 3 April 2024.

Both meetings were chaired by Vietnam, which holds the chairmanship of ASEAN customs cooperation.""",
        "events": [
            {
                "name": r"15th Meeting of the ASEAN Customs Procedures",
                "start": "2024-04-01",
                "end": "2024-04-03",
                "city": "Hanoi",
                "country": "Vietnam",
            },
            {
                "name": r"10th Meeting of the ASEAN Customs Capacity Building",
                "start": "2024-04-01",
                "end": "2024-04-03",
                "city": "Hanoi",
                "country": "Vietnam",
            },
        ],
    },
    {
        "id": "interview-qa",
        "title": "Interview: preparing the WCO Council chairmanship",
        "published": None,
        "body": """Reporter: The 145th/146th Sessions of the WCO Council will take place in Brussels in June 2025. How is the Customs Administration preparing?

Commissioner Maria Santos:
We have set up a task force and are consulting members on the draft Strategic Plan 2025-2028. "We want a Council that decides, not just discusses," she said.""",
        "events": [
            {
                "name": r"145th/146th Sessions of the WCO Council",
                "start": "2025-06-01",
                "end": "2025-06-30",
                "city": "Brussels",
                "country": "Belgium",
            },
        ],
    },
    {
        "id": "opened-closed",
        "title": "Customs heads of Central Asia meet in Almaty",
        "published": None,
        "body": """The 12th Conference of Heads of Customs Services of Central Asian countries opened in Almaty, Kazakhstan on 14 May 2024.

The conference closed on 16 May with the adoption of a joint statement on transit facilitation.""",
        "events": [
            {
                "name": r"12th Conference of Heads of Customs Services",
                "start": "2024-05-14",
                "end": "2024-05-16",
                "city": "Almaty",
                "country": "Kazakhstan",
            },
        ],
    },
]


def labelled_articles() -> list[dict[str, Any]]:
    """The seeds and the written articles."""
    return seed_articles() + ARTICLES + HELD_OUT
