"""Demo data for ``manage.py seed_demo``: the five seed projects with synthetic participants.

Project metadata is the real metadata of the five seed project descriptions (ESF
projektbanken and the förbund's own pages). Everything about people is synthetic:
names from common-name lists, personnummer made up with a correct check digit,
situations and careers drawn from one seeded random generator, so a run on a given
day always gives the same data.

Participants, referrals, consents, phases and exits are written through
``stegvis.participants.services`` (and partners, places and targets through
``stegvis.projects.services``), so the audit log, the phase history and every
invariant are what the application itself would produce. The services refuse
future dates, so every date here is on or before the reference date (today).
"""

from __future__ import annotations

import datetime
import importlib
import importlib.util
import random
import time
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TypeVar

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from stdnum import luhn

from stegvis.accounts.models import Membership, Organisation, Role, User
from stegvis.audit.models import AuditEntry
from stegvis.audit.services import audit_log
from stegvis.core.models import Gender
from stegvis.participants import services as participant_services
from stegvis.participants.models import (
    Consent,
    Education,
    Enrolment,
    Exit,
    Forsorjning,
    LabourStatus,
    Person,
    Phase,
    Sysselsattning,
)
from stegvis.projects import services as project_services
from stegvis.projects.models import Project, ProjectMunicipality, ProjectPartner, ProjectTarget

T = TypeVar("T")

DEMO_PASSWORD = "Stegvis-demo-2026"  # noqa: S105 - demo accounts only; printed by seed_demo on purpose
LOGIN_URL = "http://127.0.0.1:8000/"
RANDOM_SEED = 20260
ADMIN_GROUP = "Administratörer"

# Finsam projects have no ESF diarienummer, but Project.diarienummer is required and
# unique, so REBUS gets a made-up reference. Its presence means "the demo is loaded".
REBUS_DIARIENUMMER = "KLASAM-REBUS-2017"

Kind = Organisation.Kind
Partner = ProjectPartner.Role
Metric = ProjectTarget.Metric
Outcome = Exit.Outcome
Reason = Exit.Reason

# --- names (common in Sweden; SCB name statistics) -----------------------------------

FEMALE_NAMES = [
    "Anna",
    "Eva",
    "Maria",
    "Karin",
    "Sara",
    "Christina",
    "Lena",
    "Emma",
    "Kerstin",
    "Hanna",
    "Marie",
    "Malin",
    "Ingrid",
    "Linnéa",
    "Sofia",
    "Elin",
    "Ida",
    "Johanna",
    "Julia",
    "Birgitta",
    "Jenny",
    "Annika",
    "Susanne",
    "Linda",
    "Camilla",
    "Helena",
    "Carina",
    "Åsa",
    "Elisabeth",
    "Therese",
    "Frida",
    "Maja",
    "Moa",
    "Alice",
    "Elsa",
    "Ebba",
    "Wilma",
    "Amanda",
    "Matilda",
    "Lisa",
    "Josefin",
    "Caroline",
    "Petra",
    "Sandra",
    "Ulrika",
    "Madeleine",
    "Agnes",
    "Klara",
    "Fatima",
    "Amina",
    "Mariam",
    "Yasmin",
    "Nour",
    "Leila",
    "Zahra",
    "Hodan",
    "Aisha",
    "Rania",
    "Daria",
    "Nadia",
]
MALE_NAMES = [
    "Lars",
    "Mikael",
    "Anders",
    "Johan",
    "Erik",
    "Per",
    "Karl",
    "Peter",
    "Thomas",
    "Jan",
    "Daniel",
    "Fredrik",
    "Hans",
    "Andreas",
    "Stefan",
    "Mats",
    "Marcus",
    "Magnus",
    "Jonas",
    "Mattias",
    "Niklas",
    "Björn",
    "Oskar",
    "Viktor",
    "Simon",
    "Alexander",
    "Emil",
    "Filip",
    "Gustav",
    "Anton",
    "Jesper",
    "Robin",
    "Sebastian",
    "Tobias",
    "Patrik",
    "Henrik",
    "Martin",
    "Kristoffer",
    "Linus",
    "Hugo",
    "Axel",
    "Isak",
    "Elias",
    "Adam",
    "Leo",
    "Albin",
    "Ludvig",
    "Olle",
    "Mohammed",
    "Ali",
    "Ahmed",
    "Omar",
    "Hassan",
    "Yusuf",
    "Abdi",
    "Mustafa",
    "Ibrahim",
    "Karim",
    "Samir",
    "Dragan",
]
LAST_NAMES = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Svensson",
    "Gustafsson",
    "Pettersson",
    "Jonsson",
    "Jansson",
    "Hansson",
    "Bengtsson",
    "Jönsson",
    "Lindberg",
    "Jakobsson",
    "Magnusson",
    "Olofsson",
    "Lindström",
    "Lindqvist",
    "Lindgren",
    "Berg",
    "Axelsson",
    "Bergström",
    "Lundberg",
    "Lind",
    "Lundgren",
    "Lundqvist",
    "Mattsson",
    "Berglund",
    "Fredriksson",
    "Sandberg",
    "Henriksson",
    "Forsberg",
    "Sjöberg",
    "Wallin",
    "Engström",
    "Eklund",
    "Danielsson",
    "Lundin",
    "Håkansson",
    "Björk",
    "Bergman",
    "Gunnarsson",
    "Holm",
    "Wikström",
    "Samuelsson",
    "Isaksson",
    "Fransson",
    "Bergqvist",
    "Nyström",
    "Holmberg",
    "Arvidsson",
    "Löfgren",
    "Söderberg",
    "Nyberg",
    "Blomqvist",
    "Claesson",
    "Nordström",
    "Mårtensson",
    "Lundström",
    "Viklund",
    "Björklund",
    "Eliasson",
    "Pålsson",
    "Berggren",
    "Sandström",
    "Nordin",
    "Ström",
    "Åberg",
    "Ali",
    "Mohamed",
    "Ahmed",
    "Hassan",
    "Hussein",
    "Abdullahi",
    "Yilmaz",
    "Nguyen",
]
# Names drawn more often for people with a foreign background.
FOREIGN_FEMALE = FEMALE_NAMES[48:]
FOREIGN_MALE = MALE_NAMES[48:]
FOREIGN_LAST = LAST_NAMES[72:]


# --- organisations --------------------------------------------------------------------


def fictional_orgnr(prefix: str, serial: int) -> str:
    """A valid but made-up organisation number: the group prefix of its kind, 9NN, Luhn digit."""
    base = f"{prefix}9{serial:02d}"
    return base + luhn.calc_check_digit(base)


# key: (name, kind, org.nr). Only Falun Borlänge Regionen AB and Region Uppsala have
# their org.nr in the seeds; every other number is fictional (fictional_orgnr).
ORGANISATIONS: dict[str, tuple[str, str, str]] = {
    "fbr": ("Falun Borlänge Regionen AB", Kind.BOLAG, "5566459284"),
    "region_dalarna": ("Region Dalarna", Kind.REGION, fictional_orgnr("232100", 1)),
    # Fornby is run by Region Dalarna: same legal person, same number.
    "fornby": ("Fornby folkhögskola", Kind.FOLKHOGSKOLA, fictional_orgnr("232100", 1)),
    "borlange": ("Borlänge kommun", Kind.KOMMUN, fictional_orgnr("212000", 1)),
    "falun": ("Falu kommun", Kind.KOMMUN, fictional_orgnr("212000", 2)),
    "ludvika": ("Ludvika kommun", Kind.KOMMUN, fictional_orgnr("212000", 3)),
    "leksand": ("Leksands kommun", Kind.KOMMUN, fictional_orgnr("212000", 4)),
    "rattvik": ("Rättviks kommun", Kind.KOMMUN, fictional_orgnr("212000", 5)),
    "af": ("Arbetsförmedlingen", Kind.ARBETSFORMEDLINGEN, fictional_orgnr("202100", 1)),
    "fk": ("Försäkringskassan", Kind.FORSAKRINGSKASSAN, fictional_orgnr("202100", 2)),
    "klasam": ("Klarälvdalens samordningsförbund", Kind.SAMORDNINGSFORBUND, fictional_orgnr("222000", 1)),
    "forshaga": ("Forshaga kommun", Kind.KOMMUN, fictional_orgnr("212000", 6)),
    "hagfors": ("Hagfors kommun", Kind.KOMMUN, fictional_orgnr("212000", 7)),
    "munkfors": ("Munkfors kommun", Kind.KOMMUN, fictional_orgnr("212000", 8)),
    "region_varmland": ("Region Värmland", Kind.REGION, fictional_orgnr("232100", 2)),
    "region_uppsala": ("Region Uppsala", Kind.REGION, "2321000024"),
    "enkoping": ("Enköpings kommun", Kind.KOMMUN, fictional_orgnr("212000", 9)),
    "heby": ("Heby kommun", Kind.KOMMUN, fictional_orgnr("212000", 10)),
    "knivsta": ("Knivsta kommun", Kind.KOMMUN, fictional_orgnr("212000", 11)),
    "tierp": ("Tierps kommun", Kind.KOMMUN, fictional_orgnr("212000", 12)),
    # Three förvaltningar of one kommun: one legal person, one number.
    "uppsala_amf": (
        "Uppsala kommun, Arbetsmarknadsförvaltningen",
        Kind.KOMMUN,
        fictional_orgnr("212000", 13),
    ),
    "uppsala_soc": ("Uppsala kommun, Socialförvaltningen", Kind.KOMMUN, fictional_orgnr("212000", 13)),
    "uppsala_utb": ("Uppsala kommun, Utbildningsförvaltningen", Kind.KOMMUN, fictional_orgnr("212000", 13)),
    "osthammar": ("Östhammars kommun", Kind.KOMMUN, fictional_orgnr("212000", 14)),
    "sf_uppsala": (
        "Samordningsförbundet i Uppsala län",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 2),
    ),
    "activa": ("Stiftelsen Activa i Örebro län", Kind.STIFTELSE, fictional_orgnr("802400", 1)),
    "region_orebro": ("Region Örebro län", Kind.REGION, fictional_orgnr("232100", 3)),
    "region_stockholm": ("Region Stockholm", Kind.REGION, fictional_orgnr("232100", 4)),
    # The six förbund that ran MIA's sub-projects (named on the förbund's own pages).
    "sf_ostra_sodertorn": (
        "Samordningsförbundet Östra Södertörn",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 3),
    ),
    "sf_sodertalje": (
        "Samordningsförbundet i Södertälje",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 4),
    ),
    "sf_hbs": (
        "Samordningsförbundet HBS (Huddinge, Botkyrka, Salem)",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 5),
    ),
    "sf_varna": (
        "Samordningsförbundet VärNa (Värmdö, Nacka)",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 6),
    ),
    "sf_stockholm": (
        "Samordningsförbundet Stockholms stad",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 7),
    ),
    "sf_sodra_roslagen": (
        "Samordningsförbundet Södra Roslagen",
        Kind.SAMORDNINGSFORBUND,
        fictional_orgnr("222000", 8),
    ),
    "haninge": ("Haninge kommun", Kind.KOMMUN, fictional_orgnr("212000", 15)),
    "nynashamn": ("Nynäshamns kommun", Kind.KOMMUN, fictional_orgnr("212000", 16)),
    "tyreso": ("Tyresö kommun", Kind.KOMMUN, fictional_orgnr("212000", 17)),
    "sodertalje": ("Södertälje kommun", Kind.KOMMUN, fictional_orgnr("212000", 18)),
    "huddinge": ("Huddinge kommun", Kind.KOMMUN, fictional_orgnr("212000", 19)),
    "botkyrka": ("Botkyrka kommun", Kind.KOMMUN, fictional_orgnr("212000", 20)),
    "salem": ("Salems kommun", Kind.KOMMUN, fictional_orgnr("212000", 21)),
    "varmdo": ("Värmdö kommun", Kind.KOMMUN, fictional_orgnr("212000", 22)),
    "nacka": ("Nacka kommun", Kind.KOMMUN, fictional_orgnr("212000", 23)),
    "stockholm": ("Stockholms stad", Kind.KOMMUN, fictional_orgnr("212000", 24)),
    "osteraker": ("Österåkers kommun", Kind.KOMMUN, fictional_orgnr("212000", 25)),
    "vaxholm": ("Vaxholms stad", Kind.KOMMUN, fictional_orgnr("212000", 26)),
}


# --- projects -------------------------------------------------------------------------

D = datetime.date

PROJECTS: dict[str, dict[str, object]] = {
    "egen": {
        "diarienummer": "24-006-S01",
        "name": "EgenmaktsArenan Dalarna",
        "fund": Project.Fund.ESF_PLUS,
        "program_cci": "2021SE05SFPR",
        "programomrade": "A",
        "specifikt_mal": "A2B",
        "region": "Norra Mellansverige",
        "nuts2": "SE31",
        "intervention_type": "140",
        "child_poverty_theme": False,
        "strategic_importance": False,
        "start_date": D(2024, 9, 1),
        "end_date": D(2027, 8, 31),
        "planned_participants": 310,
        "cofinancing_rate": Decimal(60),
        "owner": "fbr",
        "recipient_postcode": "78170",
        "recipient_city": "BORLÄNGE",
        "target_group": (
            "Individer som är arbetslösa, uppbär försörjningsstöd och som Arbetsförmedlingen inte når med "
            "sina insatser. Målgruppen är mångfacetterad där lågutbildade och utrikesfödda kvinnor är i "
            "majoritet. Långvarigt biståndsmottagande ökar risken för utanförskap och ohälsa."
        ),
        "description": (
            "Falun Borlänge-regionen arbetar tillsammans med Region Dalarna/Fornby folkhögskola och kommunerna "
            "Borlänge, Falun, Ludvika och Leksand (i samarbete med Rättvik) med nära och kontinuerligt "
            "handledarstöd och parallella insatser – språkundervisning, praktik, livsstil – individuellt och "
            "i grupp. Metoderna BIP och Matchning från Dag 1 prövas; språkundervisning för den som inte gjort "
            "progression på SFI vidareutvecklas.\n\n"
            "Mål för individerna: samtliga deltagare ska ha gjort stegförflyttning närmare arbetsmarknaden, "
            "uppleva en stärkt egenmakt och en bättre hälsa.\n"
            "Mål för samverkansparterna: nya metoder och arbetssätt implementerade i ordinarie verksamhet och "
            "en långsiktigt hållbar struktur för samverkan mellan förvaltningar, kommuner och Regionen."
        ),
    },
    "rebus": {
        "diarienummer": REBUS_DIARIENUMMER,
        "name": "REBUS",
        "fund": Project.Fund.FINSAM,
        "region": "Värmland",
        "start_date": D(2017, 1, 1),
        "end_date": None,  # continued year by year by the förbund's board
        "planned_participants": 40,  # 40 löpande platser
        "owner": "forshaga",
        "age_min": 18,
        "age_max": 64,
        "min_partner_agencies": 2,
        "follow_up_interval_days": 61,  # "varannan månad"
        "target_group": (
            "Personer i förvärvsaktiv ålder 18–64 år som befinner sig utanför arbetsmarknaden och behöver "
            "samordnade rehabiliteringsinsatser; de kan ha fysiska, psykiska, sociala och arbetsmässiga "
            "svårigheter. Personerna ska vara aktuella hos minst två av parterna i förbundet. Deltagare "
            "identifieras lokalt hos enskild part."
        ),
        "description": (
            "Projekt REBUS (latin för framgång) i Klarälvdalens samordningsförbund: individuellt stöd utformat "
            "efter deltagarens behov, grundat i motiverande samtal och stegförflyttning, och vid beslut "
            "Supported Employment. Totalt 40 deltagare löpande: 17 Hagfors, 17 Forshaga, 6 Munkfors.\n\n"
            "Resultatmål: Stegförflyttning genom uppsatta delmål. Att deltagare ska nå eller närma sig egen "
            "försörjning, studier eller vara aktuell hos rätt part. 80 % ska, mätt mot uppsatta delmål, ha gjort "
            "en stegförflyttning vid avslut. 30 % ska vid avslut ha nått målet arbete eller studier.\n"
            "Effektmål: ökat välbefinnande och upplevd livskvalitet för deltagaren samt att förhindra rundgång "
            "mellan parterna. 80 % ska, mätt mot enkätsvar, uppge upplevt ökat välbefinnande samt vid avslut "
            "ha fastställt en handlingsplan om inte arbete och studier är aktuellt vid avslut.\n"
            "Indirekta effektmål: ökad samsyn om individernas behov och adekvata insatser genom samverkan. "
            "Samverkansparter ska, mätt mot enkätsvar, uppge upplevt positiv och ökad effekt av samverkan.\n\n"
            "Uppföljningsmodell: Kartläggning – Aktivitet – Prövning – Avslut, uppföljning varannan månad med "
            "deltagare, projektets medarbetare och anvisande part."
        ),
    },
    "isa": {
        "diarienummer": "23-079-S10",
        "name": "ISA 2.0",
        "fund": Project.Fund.ESF_PLUS,
        "program_cci": "2021SE05SFPR",
        "programomrade": "A",
        "specifikt_mal": "A2A",
        "region": "Östra Mellansverige",
        "nuts2": "SE12",
        "intervention_type": "140",
        "child_poverty_theme": False,
        "strategic_importance": False,
        "start_date": D(2024, 10, 1),
        "end_date": D(2027, 9, 30),
        "planned_participants": 1300,
        "cofinancing_rate": Decimal(40),
        "owner": "region_uppsala",
        "recipient_postcode": "75125",
        "recipient_city": "UPPSALA",
        "age_min": 13,
        "age_max": 26,
        "target_group": (
            "Unga kvinnor, unga män och unga med annan könstillhörighet i åldrarna 13–26 år som varken arbetar "
            "eller studerar (UVAS) eller riskerar att bli det, med särskilt fokus på förebyggande insatser för "
            "13–16 år, elever skolplacerade i annan kommun än hemkommunen och unga i risk att dras in i "
            "kriminalitet."
        ),
        "description": (
            "ISA 2.0 – Insatser i samverkan för unga i region Uppsala 2.0. Ett tillämpningsprojekt där nio parter "
            "går samman: Region Uppsala (projektägare), Enköpings, Heby, Knivsta, Tierps och Östhammars "
            "kommuner, Uppsala kommun (Arbetsmarknadsförvaltningen, Socialförvaltningen, "
            "Utbildningsförvaltningen) och Samordningsförbundet i Uppsala län. Projektet stärker övergångarna "
            "mellan skolformer och arbetar uppsökande inom det kommunala aktivitetsansvaret (KAA).\n\n"
            "Förväntade resultat: att fler individer kommer i studier och/eller arbete, att fler slutför "
            "reguljära utbildningar, att organisationer bättre möter målgruppernas samlade behov, att "
            "förebyggande åtgärder minskar antalet unga kriminella och att ett regionalt nätverk etableras."
        ),
    },
    "ips": {
        "diarienummer": "2020/00651",
        "name": "Steg för steg – IPS 2.0",
        "fund": Project.Fund.ESF,
        "programomrade": "2",
        "specifikt_mal": "2.3",
        "region": "Östra Mellansverige",
        "nuts2": "SE12",  # Örebro län lies in Östra Mellansverige
        "intervention_type": "109",
        "start_date": D(2021, 3, 1),
        "end_date": D(2023, 2, 28),
        "planned_participants": 60,
        "cofinancing_rate": Decimal(50),
        "total_budget": Decimal(9395363),
        "granted_support": Decimal(7046761),
        "owner": "activa",
        "recipient_postcode": "70226",
        "recipient_city": "ÖREBRO",
        # The model has no e-mail field for the contact person, so the seed's address goes here.
        "contact_person": "Charlotta Karlsson-Andersson (lotta.karlsson-andersson@s-activa.se)",
        "target_group": (
            "Personer med NPF-diagnoser som står utanför arbetsmarknaden. I gruppen med NPF-diagnoser är "
            "arbetslösheten drygt 60 %, och risken för psykisk ohälsa är högre än för andra."
        ),
        "description": (
            "Stiftelsen Activa utvecklar IPS-metoden (Individual Placement and Support) för en ny målgrupp, "
            "personer med NPF-diagnoser, anpassar den till svenska förhållanden där många parter kan vara "
            "involverade, och tillför socialt stöd och efterföljandestöd för att deltagaren ska behålla arbete "
            "eller fullfölja studier. Praktisk tillämpning inom habiliteringen.\n\n"
            "Mål: ge stöd till 60 deltagare med IPS-metoden; mätbart mål är hur många deltagare som går vidare "
            "till arbete eller studier (i föregående projekt över 50 %). I förlängningen ska metoden "
            "implementeras hos en eller flera av samarbetsparterna."
        ),
    },
    # MIA: the seed article gives the name, period, six sub-projects run by the förbund in
    # Stockholms län and the 2 234 participants. Diarienummer, dates, budget and programme
    # data are from ESF projektbanken (dnr 2016/00403), where the official name is
    # "MIA Mobilisering inför Arbete"; the name below is the one the seed article uses.
    "mia": {
        "diarienummer": "2016/00403",
        "name": "MIA – Mobilisering till arbete",
        "fund": Project.Fund.ESF,
        "programomrade": "2",
        "specifikt_mal": "2.3",
        "region": "Stockholm",
        "nuts2": "SE11",
        "intervention_type": "109",
        "start_date": D(2016, 12, 1),
        "end_date": D(2020, 8, 31),
        "planned_participants": 2500,
        "cofinancing_rate": Decimal(50),
        "total_budget": Decimal(136883875),
        "granted_support": Decimal(91752514),
        "owner": "sf_ostra_sodertorn",
        "recipient_postcode": "13681",
        "recipient_city": "HANINGE",
        "contact_person": "Annica Falk, projektchef",
        "age_min": 16,
        "age_max": 64,
        "target_group": (
            "Kvinnor och män 16–64 år som står särskilt långt från arbetsmarknaden och behöver samordnat stöd "
            "från flera välfärdsaktörer – personer som annars riskerar att hamna mellan stolarna och "
            '"bollas runt" mellan myndigheterna.'
        ),
        "description": (
            "Länsgemensamt paraplyprojekt 2017–2020 med sex delprojekt, vart och ett drivet av ett "
            "samordningsförbund i Stockholms län med egen prägel. Personcentrerade metoder: Case Management, "
            "Supported Employment och Bostonmodellen; NNS-indikatorerna som mätverktyg; jämställd "
            "rehabilitering, systematiska frågor om våld i nära relationer och insamling av brister i "
            "samverkan. I verkligheten deltog 2 234 personer, och över hälften gjorde stegförflyttningar "
            "närmare arbetsmarknaden. Följdes av MIA Vidare (till 2022)."
        ),
    },
}

# MIA's sub-projects: (key, name, förbund, [(municipality, org key)], demo participants).
# The diarienummer suffixes are ours; ESF registered the umbrella only.
MIA_SUBPROJECTS: list[tuple[str, str, str, list[tuple[str, str]], int]] = [
    (
        "mia_os",
        "MIA Östra Södertörn",
        "sf_ostra_sodertorn",
        [("Haninge", "haninge"), ("Nynäshamn", "nynashamn"), ("Tyresö", "tyreso")],
        27,
    ),
    ("mia_st", "MIA Södertälje", "sf_sodertalje", [("Södertälje", "sodertalje")], 24),
    (
        "mia_hbs",
        "MIA Huddinge Botkyrka Salem",
        "sf_hbs",
        [("Huddinge", "huddinge"), ("Botkyrka", "botkyrka"), ("Salem", "salem")],
        26,
    ),
    ("mia_vn", "MIA VärNa", "sf_varna", [("Värmdö", "varmdo"), ("Nacka", "nacka")], 25),
    ("mia_sth", "MIA Stockholms stad", "sf_stockholm", [("Stockholm", "stockholm")], 25),
    (
        "mia_sr",
        "MIA Södra Roslagen",
        "sf_sodra_roslagen",
        [("Österåker", "osteraker"), ("Vaxholm", "vaxholm")],
        23,
    ),
]

PARTNERS: dict[str, list[tuple[str, str]]] = {
    "egen": [
        ("fbr", Partner.OWNER),
        ("region_dalarna", Partner.PARTNER),
        ("fornby", Partner.PARTNER),
        ("borlange", Partner.PARTNER),
        ("falun", Partner.PARTNER),
        ("ludvika", Partner.PARTNER),
        ("leksand", Partner.PARTNER),
        ("rattvik", Partner.PARTNER),
    ],
    "rebus": [
        ("forshaga", Partner.OWNER),
        ("klasam", Partner.FUNDER),
        ("af", Partner.PARTNER),
        ("fk", Partner.PARTNER),
        ("region_varmland", Partner.PARTNER),
        ("forshaga", Partner.PARTNER),
        ("hagfors", Partner.PARTNER),
        ("munkfors", Partner.PARTNER),
    ],
    "isa": [
        ("region_uppsala", Partner.OWNER),
        ("enkoping", Partner.PARTNER),
        ("heby", Partner.PARTNER),
        ("knivsta", Partner.PARTNER),
        ("tierp", Partner.PARTNER),
        ("uppsala_amf", Partner.PARTNER),
        ("uppsala_soc", Partner.PARTNER),
        ("uppsala_utb", Partner.PARTNER),
        ("osthammar", Partner.PARTNER),
        ("sf_uppsala", Partner.PARTNER),
    ],
    # The seed names no partners beyond "samarbetsparterna" and "habiliteringen";
    # the referring parties below are plausible, not sourced.
    "ips": [("activa", Partner.OWNER), ("region_orebro", Partner.REFERRING), ("af", Partner.REFERRING)],
    "mia": [
        ("sf_ostra_sodertorn", Partner.OWNER),
        ("sf_sodertalje", Partner.PARTNER),
        ("sf_hbs", Partner.PARTNER),
        ("sf_varna", Partner.PARTNER),
        ("sf_stockholm", Partner.PARTNER),
        ("sf_sodra_roslagen", Partner.PARTNER),
        ("af", Partner.PARTNER),
        ("fk", Partner.PARTNER),
        ("region_stockholm", Partner.PARTNER),
    ],
}

MUNICIPALITIES: dict[str, list[tuple[str, int | None]]] = {
    "egen": [("Borlänge", None), ("Falun", None), ("Ludvika", None), ("Leksand", None), ("Rättvik", None)],
    "rebus": [("Hagfors", 17), ("Forshaga", 17), ("Munkfors", 6)],
    "isa": [
        ("Enköping", None),
        ("Heby", None),
        ("Knivsta", None),
        ("Tierp", None),
        ("Uppsala", None),
        ("Östhammar", None),
    ],
}

TARGETS: dict[str, list[tuple[str, int, str]]] = {
    "rebus": [
        (
            Metric.STEP_MOVEMENT_AT_EXIT,
            80,
            "80 % ska, mätt mot uppsatta delmål, ha gjort en stegförflyttning vid avslut.",
        ),
        (Metric.WORK_OR_STUDIES_AT_EXIT, 30, "30 % ska vid avslut ha nått målet arbete eller studier."),
        (
            Metric.INCREASED_WELLBEING,
            80,
            "80 % ska, mätt mot enkätsvar, uppge upplevt ökat välbefinnande och livskvalitet.",
        ),
        (
            Metric.ACTION_PLAN_AT_EXIT,
            80,
            "Vid avslut ska en handlingsplan vara fastställd om inte arbete eller studier är aktuellt.",
        ),
    ],
    "egen": [
        (
            Metric.STEP_MOVEMENT_AT_EXIT,
            100,
            "Samtliga deltagare ska ha gjort stegförflyttning närmare arbetsmarknaden.",
        ),
    ],
    "ips": [
        (
            Metric.WORK_OR_STUDIES_AT_EXIT,
            50,
            "Deltagare som går vidare till arbete eller studier (föregående projekt: över 50 %).",
        ),
    ],
    "mia": [
        (Metric.WORK_OR_STUDIES_AT_EXIT, 30, "30 % av deltagarna går vidare till arbete eller studier."),
    ],
}

# For each municipality: the organisation a participant living there is current with.
MUNICIPALITY_ORG = {
    "Hagfors": "hagfors",
    "Forshaga": "forshaga",
    "Munkfors": "munkfors",
    "Borlänge": "borlange",
    "Falun": "falun",
    "Ludvika": "ludvika",
    "Leksand": "leksand",
    "Rättvik": "rattvik",
    "Enköping": "enkoping",
    "Heby": "heby",
    "Knivsta": "knivsta",
    "Tierp": "tierp",
    "Uppsala": "uppsala_soc",
    "Östhammar": "osthammar",
    **{name: org for _k, _n, _f, places, _c in MIA_SUBPROJECTS for name, org in places},
}
RURAL = {"Hagfors", "Munkfors", "Leksand", "Rättvik", "Heby", "Tierp", "Östhammar", "Nynäshamn", "Värmdö"}


# --- users ----------------------------------------------------------------------------


@dataclass(frozen=True)
class UserSpec:
    username: str
    first_name: str
    last_name: str
    organisation: str
    memberships: tuple[tuple[str, str], ...]
    label: str = ""
    administrator: bool = False


# The logins printed at the end. Staff names are fictional.
DEMO_USERS = [
    UserSpec(
        "handledare",
        "Sara",
        "Lindqvist",
        "forshaga",
        (("rebus", Role.COACH),),
        "Handledare i REBUS (egen ärendelista)",
    ),
    UserSpec(
        "kollega", "Jonas", "Berglund", "hagfors", (("rebus", Role.COACH),), "Handledare i REBUS (kollega)"
    ),
    UserSpec(
        "handledare2",
        "Linnéa",
        "Åberg",
        "fbr",
        (("egen", Role.COACH),),
        "Handledare i EgenmaktsArenan Dalarna",
    ),
    UserSpec(
        "projektledare",
        "Maria",
        "Sundberg",
        "forshaga",
        (("rebus", Role.PROJECT_MANAGER), ("egen", Role.PROJECT_MANAGER)),
        "Projektledare i REBUS och EgenmaktsArenan",
    ),
    UserSpec(
        "handlaggare",
        "Peter",
        "Ek",
        "af",
        (("rebus", Role.REFERRER),),
        "Handläggare, Arbetsförmedlingen (anvisar till REBUS)",
    ),
    UserSpec(
        "styrgrupp",
        "Kerstin",
        "Holm",
        "klasam",
        (("rebus", Role.STEERING), ("egen", Role.STEERING)),
        "Styrgrupp i REBUS och EgenmaktsArenan (endast statistik)",
    ),
    UserSpec(
        "admin",
        "Eva",
        "Wikström",
        "klasam",
        (),
        "Administratör (Django-admin, inget deltagarinnehåll)",
        administrator=True,
    ),
]

# Further staff so that caseloads look real (2–6 coaches a project). Same password.
EXTRA_STAFF: list[tuple[str, str, str, str, str]] = [
    # project, role, first name, last name, organisation
    ("egen", Role.COACH, "Fredrik", "Dahl", "fbr"),
    ("egen", Role.COACH, "Nadia", "Karimi", "fbr"),
    ("egen", Role.COACH, "Ulla", "Sjödin", "fornby"),
    ("egen", Role.REFERRER, "Helena", "Berggren", "borlange"),
    ("isa", Role.PROJECT_MANAGER, "Magnus", "Ekholm", "region_uppsala"),
    ("isa", Role.COACH, "Elin", "Strand", "region_uppsala"),
    ("isa", Role.COACH, "Omar", "Farah", "uppsala_amf"),
    ("isa", Role.COACH, "Johanna", "Vik", "enkoping"),
    ("isa", Role.COACH, "Viktor", "Blom", "tierp"),
    ("isa", Role.COACH, "Maja", "Ekdahl", "osthammar"),
    ("isa", Role.REFERRER, "Camilla", "Rask", "uppsala_utb"),
    ("ips", Role.PROJECT_MANAGER, "Ulrika", "Hedlund", "activa"),
    ("ips", Role.COACH, "Petra", "Norberg", "activa"),
    ("ips", Role.COACH, "Daniel", "Sundin", "activa"),
    ("ips", Role.COACH, "Sofia", "Hägg", "activa"),
    ("mia", Role.PROJECT_MANAGER, "Karin", "Lagerqvist", "sf_ostra_sodertorn"),
    ("mia_os", Role.COACH, "Anders", "Tell", "sf_ostra_sodertorn"),
    ("mia_os", Role.COACH, "Hodan", "Warsame", "sf_ostra_sodertorn"),
    ("mia_st", Role.COACH, "Marcus", "Lilja", "sf_sodertalje"),
    ("mia_st", Role.COACH, "Sandra", "Ilić", "sf_sodertalje"),
    ("mia_hbs", Role.COACH, "Therese", "Alm", "sf_hbs"),
    ("mia_hbs", Role.COACH, "Samir", "Haddad", "sf_hbs"),
    ("mia_vn", Role.COACH, "Jenny", "Falk", "sf_varna"),
    ("mia_vn", Role.COACH, "Patrik", "Öhman", "sf_varna"),
    ("mia_sth", Role.COACH, "Åsa", "Grip", "sf_stockholm"),
    ("mia_sth", Role.COACH, "Yusuf", "Demir", "sf_stockholm"),
    ("mia_sr", Role.COACH, "Helena", "Strid", "sf_sodra_roslagen"),
    ("mia_sr", Role.COACH, "Tobias", "Rosén", "sf_sodra_roslagen"),
]


def _username(first: str, last: str) -> str:
    table = str.maketrans("åäöéüć", "aaoeuc")
    return f"{first}.{last}".lower().translate(table)


# --- participants: what each project's people and careers look like --------------------


@dataclass(frozen=True)
class Cohort:
    """How many people a project has and what they look like."""

    project: str
    profile: str
    total: int
    open: int
    first_start: datetime.date
    last_start: datetime.date | None  # None: the reference date
    ages: tuple[int, int]
    women: float
    foreign: float
    consent_form: str
    re_enrolments: int = 0
    misregistrations: int = 0
    pending: int = 0
    declined: int = 0


def _cohorts(today: datetime.date) -> list[Cohort]:
    cohorts = [
        Cohort(
            "egen",
            "egen",
            90,
            52,
            D(2024, 9, 16),
            None,
            (19, 62),
            0.68,
            0.65,
            "EA samtycke 2024:1",
            re_enrolments=1,
            misregistrations=1,
            pending=3,
            declined=2,
        ),
        # REBUS has run since 2017; the demo shows the last few years.
        Cohort(
            "rebus",
            "rebus",
            70,
            40,
            max(D(2017, 3, 1), today - datetime.timedelta(days=1200)),
            None,
            (18, 64),
            0.55,
            0.2,
            "REBUS samtycke 2022-1",
            re_enrolments=2,
            misregistrations=1,
            pending=4,
            declined=3,
        ),
        Cohort(
            "isa",
            "isa",
            110,
            66,
            D(2024, 10, 14),
            None,
            (13, 26),
            0.46,
            0.35,
            "ISA 2.0 samtycke v1",
            re_enrolments=1,
            pending=3,
            declined=1,
        ),
        Cohort(
            "ips",
            "ips",
            60,
            0,
            D(2021, 4, 6),
            D(2022, 11, 30),
            (19, 35),
            0.45,
            0.12,
            "Activa IPS samtycke 2021",
        ),
    ]
    for index, (key, _name, _forbund, _places, count) in enumerate(MIA_SUBPROJECTS):
        cohorts.append(
            Cohort(
                key,
                "mia",
                count,
                0,
                D(2017, 4, 3),
                D(2020, 5, 29),
                (18, 63),
                0.55,
                0.5,
                "MIA samtycke 2017:2",
                re_enrolments=1 if index == 0 else 0,
            )
        )
    return cohorts


OUTCOME_WEIGHTS: dict[str, dict[str, int]] = {
    "rebus": {
        Outcome.EMPLOYMENT: 10,
        Outcome.SUBSIDISED_EMPLOYMENT: 10,
        Outcome.STUDIES: 10,
        Outcome.JOB_SEEKING: 18,
        Outcome.RIGHT_PARTY: 30,
        Outcome.NO_CHANGE: 17,
        Outcome.UNKNOWN: 5,
    },
    "egen": {
        Outcome.EMPLOYMENT: 14,
        Outcome.SUBSIDISED_EMPLOYMENT: 12,
        Outcome.STUDIES: 14,
        Outcome.JOB_SEEKING: 25,
        Outcome.RIGHT_PARTY: 15,
        Outcome.NO_CHANGE: 15,
        Outcome.UNKNOWN: 5,
    },
    "isa": {
        Outcome.STUDIES: 40,
        Outcome.EMPLOYMENT: 12,
        Outcome.SUBSIDISED_EMPLOYMENT: 3,
        Outcome.JOB_SEEKING: 15,
        Outcome.RIGHT_PARTY: 15,
        Outcome.NO_CHANGE: 10,
        Outcome.UNKNOWN: 5,
    },
    "ips": {
        Outcome.EMPLOYMENT: 35,
        Outcome.SUBSIDISED_EMPLOYMENT: 10,
        Outcome.STUDIES: 12,
        Outcome.JOB_SEEKING: 13,
        Outcome.RIGHT_PARTY: 15,
        Outcome.NO_CHANGE: 12,
        Outcome.UNKNOWN: 3,
    },
    "mia": {
        Outcome.EMPLOYMENT: 14,
        Outcome.SUBSIDISED_EMPLOYMENT: 10,
        Outcome.STUDIES: 8,
        Outcome.JOB_SEEKING: 25,
        Outcome.RIGHT_PARTY: 23,
        Outcome.NO_CHANGE: 15,
        Outcome.UNKNOWN: 5,
    },
}
# (shortest, longest) days in the project before an exit with this outcome.
OUTCOME_DAYS: dict[str, tuple[int, int]] = {
    Outcome.EMPLOYMENT: (100, 520),
    Outcome.SUBSIDISED_EMPLOYMENT: (120, 540),
    Outcome.STUDIES: (80, 420),
    Outcome.JOB_SEEKING: (120, 540),
    Outcome.RIGHT_PARTY: (45, 400),
    Outcome.NO_CHANGE: (25, 320),
    Outcome.UNKNOWN: (20, 240),
}
NO_CHANGE_REASONS = {
    Reason.DROPPED_OUT: 4,
    Reason.NO_CONTACT: 3,
    Reason.HEALTH: 4,
    Reason.MOVED: 2,
    Reason.OTHER: 1,
}
INCOME: dict[str, dict[str, int]] = {
    "egen": {Forsorjning.FORSORJNINGSSTOD: 100},
    "rebus": {
        Forsorjning.SJUKPENNING: 30,
        Forsorjning.AKTIVITETSERSATTNING: 15,
        Forsorjning.FORSORJNINGSSTOD: 35,
        Forsorjning.SJUKERSATTNING: 5,
        Forsorjning.AKTIVITETSSTOD: 10,
        Forsorjning.INGEN: 5,
    },
    "ips": {
        Forsorjning.AKTIVITETSERSATTNING: 45,
        Forsorjning.FORSORJNINGSSTOD: 20,
        Forsorjning.AKTIVITETSSTOD: 20,
        Forsorjning.SJUKERSATTNING: 5,
        Forsorjning.INGEN: 10,
    },
    "mia": {
        Forsorjning.FORSORJNINGSSTOD: 55,
        Forsorjning.SJUKPENNING: 20,
        Forsorjning.AKTIVITETSSTOD: 10,
        Forsorjning.AKTIVITETSERSATTNING: 5,
        Forsorjning.INGEN: 10,
    },
}
REFERRAL_REASONS = [
    "Behöver samordnat stöd från flera parter för att närma sig arbete.",
    "Långvarigt utanför arbetsmarknaden; behov av kartläggning och stöd i små steg.",
    "Önskar stöd att pröva sin arbetsförmåga med handledning.",
    "Har ingen planering; behöver motiverande stöd och struktur i vardagen.",
    "Behov av stöd mot studier eller arbete efter längre tids sjukskrivning.",
]
DECLINE_REASONS = [
    "Personen är inte aktuell hos tillräckligt många parter.",
    "Personen tackade nej till deltagande efter informationsmöte.",
    "Bedöms behöva insatser hos annan part först (vården).",
    "Ingen kontakt trots upprepade försök.",
]
OVERRIDE_REASON = (
    "Aktuell hos socialtjänsten; ansökan till Försäkringskassan är inlämnad. Beslutat i samverkansteamet "
    "att skriva in."
)


# --- generation -----------------------------------------------------------------------


@dataclass
class PersonSpec:
    gender: str
    birth_date: datetime.date
    foreign: bool
    anonymous: bool = False
    protected_identity: bool = False
    personal_id: str = ""
    first_name: str = ""
    last_name: str = ""
    consents: set[tuple[int, str]] = field(default_factory=set)

    def data(self) -> participant_services.PersonData:
        if self.anonymous:
            return participant_services.PersonData(
                anonymous=True,
                gender=self.gender,
                birth_year=self.birth_date.year,
                protected_identity=self.protected_identity,
            )
        return participant_services.PersonData(
            anonymous=False,
            gender=self.gender,
            personal_id=self.personal_id,
            first_name=self.first_name,
            last_name=self.last_name,
        )


@dataclass
class Story:
    """One enrolment, planned in full before it is written."""

    cohort: Cohort
    person: PersonSpec
    start: datetime.date
    municipality: str | None
    coach: User
    changes: list[tuple[str, datetime.date]]
    exit_date: datetime.date | None = None
    reason: str = ""
    outcome: str = ""
    via_referrer: bool = False
    override_reason: str = ""
    entry: participant_services.SituationData | None = None


@dataclass
class SeedResult:
    projects: int = 0
    subprojects: int = 0
    organisations: int = 0
    users: int = 0
    persons: int = 0
    anonymous: int = 0
    enrolments: int = 0
    open_enrolments: int = 0
    exits: int = 0
    re_enrolments: int = 0
    referrals_pending: int = 0
    referrals_declined: int = 0
    consents: int = 0
    audit_entries: int = 0
    seconds: float = 0.0
    per_project: list[tuple[str, int, int]] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)
    extra_staff: int = 0
    handledare_open: int = 0
    extensions: list[str] = field(default_factory=list)


def demo_loaded() -> bool:
    return Project.objects.filter(diarienummer=REBUS_DIARIENUMMER).exists()


def conflicting_usernames() -> list[str]:
    names = [spec.username for spec in DEMO_USERS] + [_username(s[2], s[3]) for s in EXTRA_STAFF]
    return sorted(User.objects.filter(username__in=names).values_list("username", flat=True))


def _age_fits(project: Project, person: PersonSpec, on: datetime.date) -> bool:
    """Whether the project's age rule holds, judged as eligibility_warnings judges it."""
    model = Person(
        birth_date=None if person.anonymous else person.birth_date, birth_year=person.birth_date.year
    )
    age = participant_services.age_on(model, on)
    return (project.age_min is None or age >= project.age_min) and (
        project.age_max is None or age <= project.age_max
    )


def _entry_of(story: Story) -> participant_services.SituationData:
    if story.entry is None:
        raise RuntimeError("the entry situation is set when the story is planned")
    return story.entry


def _years_before(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


class _Generator:
    def __init__(self, today: datetime.date) -> None:
        self.today = today
        self.rng = random.Random(RANDOM_SEED)  # noqa: S311 - synthetic demo data, not security
        self.orgs: dict[str, Organisation] = {}
        self.projects: dict[str, Project] = {}
        self.municipalities: dict[tuple[str, str], ProjectMunicipality] = {}
        self.users: dict[str, User] = {}
        self.coaches: dict[str, list[User]] = {}
        self.referrers: dict[str, User] = {}
        self.managers: dict[str, User] = {}
        self.used_ids: set[str] = set()
        self.result = SeedResult()

    # random helpers -------------------------------------------------------------------

    def days(self, low: int, high: int) -> datetime.timedelta:
        return datetime.timedelta(days=self.rng.randint(low, max(low, high)))

    def pick(self, weights: dict[T, int] | dict[T, float]) -> T:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + self.days(0, (last - first).days)

    # setup ----------------------------------------------------------------------------

    def organisations(self) -> None:
        for key, (name, kind, org_nr) in ORGANISATIONS.items():
            org = Organisation.objects.filter(name=name).first()
            if org is None:  # an organisation someone already set up is kept as it is
                org = Organisation(name=name, kind=kind, org_nr=org_nr)
                org.full_clean()
                org.save()
                self.result.organisations += 1
            self.orgs[key] = org

    def user(self, spec: UserSpec, password_hash: str | None = None) -> User:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@example.org",
            organisation=self.orgs[spec.organisation],
            is_administrator=spec.administrator,
            is_staff=spec.administrator,
        )
        if password_hash is None:
            user.set_password(DEMO_PASSWORD)
        else:
            user.password = password_hash
        user.save()
        self.users[spec.username] = user
        self.result.users += 1
        return user

    def admin_user(self) -> User:
        admin = self.user(next(spec for spec in DEMO_USERS if spec.administrator))
        group, _created = Group.objects.get_or_create(name=ADMIN_GROUP)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label__in=["accounts", "projects"])
        )
        admin.groups.add(group)
        return admin

    def project(
        self, key: str, fields: dict[str, object], by: User, parent: Project | None = None
    ) -> Project:
        values = dict(fields)
        values["owner"] = self.orgs[str(values["owner"])]
        project = Project(parent=parent, **values)
        project.full_clean()
        project.save()
        # There is no project_create service; log the creation the way services log writes.
        audit_log(user=by, action="projects.project.created", project_id=project.pk)
        self.projects[key] = project
        return project

    def all_projects(self, admin: User) -> None:
        for key, fields in PROJECTS.items():
            self.project(key, fields, admin)
        partners = dict(PARTNERS)
        municipalities = dict(MUNICIPALITIES)
        mia = self.projects["mia"]
        umbrella = PROJECTS["mia"]
        shared = {
            name: umbrella[name]
            for name in (
                "fund",
                "programomrade",
                "specifikt_mal",
                "region",
                "nuts2",
                "intervention_type",
                "start_date",
                "end_date",
                "cofinancing_rate",
                "age_min",
                "age_max",
                "target_group",
            )
        }
        for index, (key, name, forbund, places, _count) in enumerate(MIA_SUBPROJECTS, start=1):
            self.project(
                key,
                {
                    **shared,
                    "diarienummer": f"2016/00403-D{index}",
                    "name": name,
                    "owner": forbund,
                    "description": f"Delprojekt i MIA – Mobilisering till arbete, drivet av "
                    f"{ORGANISATIONS[forbund][0]} i {', '.join(p for p, _o in places)}.",
                },
                admin,
                parent=mia,
            )
            partners[key] = [
                (forbund, Partner.OWNER),
                ("af", Partner.PARTNER),
                ("fk", Partner.PARTNER),
                ("region_stockholm", Partner.PARTNER),
                *((org, Partner.PARTNER) for _p, org in places),
            ]
            municipalities[key] = [(place, None) for place, _org in places]
        for key, project in self.projects.items():
            for org, role in partners.get(key, []):
                project_services.partner_add(
                    project=project, organisation=self.orgs[org], role=role, by=admin
                )
            for name, places in municipalities.get(key, []):
                self.municipalities[key, name] = project_services.municipality_save(
                    project=project, name=name, planned_places=places, by=admin
                )
            for metric, threshold, description in TARGETS.get(key, []):
                project_services.target_save(
                    project=project,
                    metric=metric,
                    threshold_percent=threshold,
                    description=description,
                    by=admin,
                )
        self.result.projects = len(PROJECTS)
        self.result.subprojects = len(MIA_SUBPROJECTS)

    def staff(self) -> None:
        for spec in DEMO_USERS:
            user = self.users.get(spec.username) or self.user(spec)
            for project, role in spec.memberships:
                self.member(user, project, role)
            self.result.logins.append((spec.username, spec.label))
        # One hash for the extra staff: Argon2 costs ~0.2 s a call, and these are demo accounts.
        shared_hash = make_password(DEMO_PASSWORD)
        for project, role, first, last, org in EXTRA_STAFF:
            username = _username(first, last)
            user = self.users.get(username) or self.user(
                UserSpec(username, first, last, org, ()), password_hash=shared_hash
            )
            self.member(user, project, role)
            if project == "mia" and role == Role.PROJECT_MANAGER:
                for key, *_rest in MIA_SUBPROJECTS:
                    self.member(user, key, role)
        self.result.extra_staff = len({_username(s[2], s[3]) for s in EXTRA_STAFF})

    def member(self, user: User, project: str, role: str) -> None:
        Membership.objects.create(user=user, project=self.projects[project], role=role)
        if role == Role.COACH:
            self.coaches.setdefault(project, []).append(user)
        elif role == Role.REFERRER:
            self.referrers[project] = user
        elif role == Role.PROJECT_MANAGER:
            self.managers.setdefault(project, user)

    # people ---------------------------------------------------------------------------

    def new_person(self, cohort: Cohort, start: datetime.date) -> PersonSpec:
        roll = self.rng.random()
        other = 0.03 if cohort.profile in ("isa", "ips") else 0.01
        if roll < other:
            gender = Gender.ANNAN
        elif roll < other + 0.012:
            gender = Gender.SAKNAS
        else:
            gender = Gender.KVINNA if self.chance(cohort.women) else Gender.MAN
        age = self.age(cohort)
        newest = _years_before(start, age)
        oldest = _years_before(start, age + 1) + datetime.timedelta(days=1)
        person = PersonSpec(
            gender=gender, birth_date=self.between(oldest, newest), foreign=self.chance(cohort.foreign)
        )
        person.personal_id = self.personnummer(person.birth_date, gender)
        female = gender == Gender.KVINNA or (gender != Gender.MAN and self.chance(0.5))
        names = (
            (FOREIGN_FEMALE if female else FOREIGN_MALE)
            if person.foreign and self.chance(0.7)
            else (FEMALE_NAMES if female else MALE_NAMES)
        )
        person.first_name = self.rng.choice(names)
        lasts = FOREIGN_LAST if person.foreign and self.chance(0.6) else LAST_NAMES
        person.last_name = self.rng.choice(lasts)
        return person

    def age(self, cohort: Cohort) -> int:
        low, high = cohort.ages
        if cohort.profile == "isa":  # most are 15–22; KAA and the young ones at the edges
            return min(high, max(low, round(self.rng.triangular(low, high, 17))))
        if cohort.profile == "ips":
            return min(high, max(low, round(self.rng.triangular(low, high, 24))))
        return min(high, max(low, round(self.rng.triangular(low, high, (low + high) / 2 - 4))))

    def personnummer(self, birth: datetime.date, gender: str) -> str:
        """A synthetic personnummer: birth number 98N/99N, N even for kvinna and odd for man.

        The 98x–99x birth numbers are used here so that the demo does not point at real
        people; the check digit is a correct Luhn digit over ÅÅMMDDNNN.
        """
        for _attempt in range(50):
            prefix = self.rng.choice(("98", "99"))
            digit = (
                self.rng.choice((0, 2, 4, 6, 8))
                if gender == Gender.KVINNA
                else (self.rng.choice((1, 3, 5, 7, 9)) if gender == Gender.MAN else self.rng.randint(0, 9))
            )
            ten = f"{birth:%y%m%d}{prefix}{digit}"
            number = f"{birth:%Y%m%d}{prefix}{digit}{luhn.calc_check_digit(ten)}"
            if number not in self.used_ids:
                self.used_ids.add(number)
                return number
        raise RuntimeError("no free synthetic personnummer for a birth date")  # pragma: no cover

    def entry(
        self, cohort: Cohort, person: PersonSpec, start: datetime.date, municipality: str | None
    ) -> participant_services.SituationData:
        profile = cohort.profile
        age = participant_services.age_on(
            Person(birth_date=person.birth_date, birth_year=person.birth_date.year), start
        )
        orgs = self.orgs
        local = orgs[MUNICIPALITY_ORG[municipality]] if municipality else None
        characteristics: dict[str, bool | None] = {
            "foreign_background": person.foreign,
            "third_country_national": person.foreign and self.chance(0.45),
            "minority": self.chance(0.03),
            "homeless": self.chance(0.07 if profile in ("egen", "mia") else 0.03),
            "disability": self.chance(
                {"rebus": 0.4, "ips": 0.95, "mia": 0.3, "isa": 0.15}.get(profile, 0.15)
            ),
            "rural_area": municipality in RURAL and self.chance(0.7),
        }
        for name in list(characteristics):
            if self.chance(0.04):  # uppgift saknas / vill ej uppge
                characteristics[name] = None
        education = self.pick(
            {Education.ISCED_0_2: 45, Education.ISCED_3_4: 40, Education.ISCED_5_8: 8, Education.UNKNOWN: 7}
        )
        sysselsattning = self.pick({Sysselsattning.OVRIGT: 70, Sysselsattning.ARBETSSOKANDE: 30})
        labour = self.pick(
            {LabourStatus.LONG_TERM_UNEMPLOYED: 45, LabourStatus.INACTIVE: 40, LabourStatus.UNEMPLOYED: 15}
        )
        current: list[Organisation] = []
        if profile == "isa":
            if municipality == "Uppsala":
                local = (
                    orgs["uppsala_utb"] if age < 20 else orgs[self.rng.choice(("uppsala_amf", "uppsala_soc"))]
                )
            if age < 16:
                sysselsattning, labour, education = (
                    Sysselsattning.STUDIER,
                    LabourStatus.INACTIVE,
                    Education.ISCED_0_2,
                )
                income = [Forsorjning.INGEN]
            elif age < 20:
                in_school = self.chance(0.5)
                sysselsattning = Sysselsattning.STUDIER if in_school else Sysselsattning.OVRIGT
                labour = LabourStatus.INACTIVE if in_school or age < 18 else LabourStatus.UNEMPLOYED
                education = Education.ISCED_0_2 if self.chance(0.8) else Education.ISCED_3_4
                income = (
                    [Forsorjning.STUDIEMEDEL]
                    if in_school
                    else [
                        self.pick(
                            {
                                Forsorjning.INGEN: 3,
                                Forsorjning.AKTIVITETSSTOD: 1,
                                Forsorjning.FORSORJNINGSSTOD: 1,
                            }
                        )
                    ]
                )
            else:
                education = self.pick(
                    {Education.ISCED_0_2: 55, Education.ISCED_3_4: 40, Education.UNKNOWN: 5}
                )
                income = [
                    self.pick(
                        {
                            Forsorjning.FORSORJNINGSSTOD: 3,
                            Forsorjning.AKTIVITETSSTOD: 3,
                            Forsorjning.INGEN: 2,
                            Forsorjning.A_KASSA: 1,
                        }
                    )
                ]
            current = [local] if local else []
            if age >= 16 and self.chance(0.35):
                current.append(orgs["af"])
        elif profile == "egen":
            education = self.pick(
                {
                    Education.ISCED_0_2: 60,
                    Education.ISCED_3_4: 28,
                    Education.ISCED_5_8: 7,
                    Education.UNKNOWN: 5,
                }
            )
            labour = self.pick(
                {
                    LabourStatus.LONG_TERM_UNEMPLOYED: 55,
                    LabourStatus.INACTIVE: 30,
                    LabourStatus.UNEMPLOYED: 15,
                }
            )
            income = [Forsorjning.FORSORJNINGSSTOD]
            if self.chance(0.12):
                income.append(Forsorjning.AKTIVITETSSTOD)
            current = [local] if local else []
            if self.chance(0.3):
                current.append(orgs["af"])
            if self.chance(0.15):
                current.append(orgs["region_dalarna"])
        elif profile == "rebus":
            sysselsattning = self.pick({Sysselsattning.OVRIGT: 80, Sysselsattning.ARBETSSOKANDE: 20})
            labour = self.pick(
                {
                    LabourStatus.INACTIVE: 50,
                    LabourStatus.LONG_TERM_UNEMPLOYED: 40,
                    LabourStatus.UNEMPLOYED: 10,
                }
            )
            weights = dict(INCOME["rebus"])
            if age >= 30:
                weights.pop(Forsorjning.AKTIVITETSERSATTNING)
            income = [self.pick(weights)]
            if self.chance(0.15):
                income.append(self.pick(weights))
            current = [local] if local else []
            if {Forsorjning.SJUKPENNING, Forsorjning.AKTIVITETSERSATTNING, Forsorjning.SJUKERSATTNING} & set(
                income
            ):
                current.append(orgs["fk"])
            if Forsorjning.AKTIVITETSSTOD in income or self.chance(0.35):
                current.append(orgs["af"])
            if self.chance(0.4):
                current.append(orgs["region_varmland"])
            if len(current) < 2:
                current.append(orgs[self.rng.choice(("af", "fk", "region_varmland"))])
        elif profile == "ips":
            education = self.pick({Education.ISCED_3_4: 55, Education.ISCED_0_2: 35, Education.ISCED_5_8: 10})
            labour = self.pick(
                {
                    LabourStatus.INACTIVE: 50,
                    LabourStatus.LONG_TERM_UNEMPLOYED: 35,
                    LabourStatus.UNEMPLOYED: 15,
                }
            )
            weights = dict(INCOME["ips"])
            if age >= 30:
                weights.pop(Forsorjning.AKTIVITETSERSATTNING)
            income = [self.pick(weights)]
            current = [orgs["region_orebro"]] + ([orgs["af"]] if self.chance(0.6) else [])
        else:  # mia
            income = [self.pick(INCOME["mia"])]
            current = [local] if local else []
            current += [orgs[key] for key in ("af", "fk", "region_stockholm") if self.chance(0.45)]
            if len(current) < 2:
                current.append(orgs["af"])
        return participant_services.SituationData(
            sysselsattning=sysselsattning,
            income_sources=list(dict.fromkeys(income)),
            labour_status=labour,
            education=education,
            current_with=list(dict.fromkeys(current)),
            characteristics=characteristics,
        )

    def exit_situation(self, story: Story) -> participant_services.SituationData:
        entry = _entry_of(story)
        outcome = story.outcome
        af = self.orgs["af"]
        if outcome in (Outcome.EMPLOYMENT, Outcome.SUBSIDISED_EMPLOYMENT):
            return participant_services.SituationData(
                sysselsattning=Sysselsattning.FORVARVSARBETE,
                income_sources=[Forsorjning.LON],
                labour_status=LabourStatus.EMPLOYED,
                education=entry.education,
                current_with=[af] if outcome == Outcome.SUBSIDISED_EMPLOYMENT else [],
            )
        if outcome == Outcome.STUDIES:
            return participant_services.SituationData(
                sysselsattning=Sysselsattning.STUDIER,
                income_sources=[Forsorjning.STUDIEMEDEL],
                labour_status=LabourStatus.INACTIVE,
                education=entry.education,
            )
        if outcome == Outcome.JOB_SEEKING:
            income = (
                [Forsorjning.AKTIVITETSSTOD]
                if self.chance(0.5)
                else ([Forsorjning.A_KASSA] if self.chance(0.2) else list(entry.income_sources))
            )
            return participant_services.SituationData(
                sysselsattning=Sysselsattning.ARBETSSOKANDE,
                income_sources=income,
                labour_status=LabourStatus.UNEMPLOYED,
                education=entry.education,
                current_with=[af],
            )
        if outcome == Outcome.RIGHT_PARTY:
            return participant_services.SituationData(
                sysselsattning=Sysselsattning.OVRIGT,
                income_sources=list(entry.income_sources),
                labour_status=LabourStatus.INACTIVE,
                education=entry.education,
                current_with=list(entry.current_with),
            )
        return participant_services.SituationData(
            sysselsattning=entry.sysselsattning,
            income_sources=list(entry.income_sources),
            labour_status=entry.labour_status,
            education=entry.education,
        )

    # careers --------------------------------------------------------------------------

    def phase_pattern(self, count: int) -> list[str]:
        """Phases for the open enrolments of one coach or project: every phase at least twice."""
        if count == 0:
            return []
        shares = {Phase.KARTLAGGNING: 0.25, Phase.AKTIVITET: 0.45, Phase.PROVNING: 0.30}
        phases: list[str] = []
        for phase, share in shares.items():
            phases += [phase] * max(min(2, count // 3), round(count * share))
        phases = phases[:count] + [Phase.AKTIVITET] * (count - len(phases))
        self.rng.shuffle(phases)
        return phases

    def open_career(
        self, phase: str, earliest: datetime.date
    ) -> tuple[datetime.date, list[tuple[str, datetime.date]]]:
        today = self.today
        room = (today - earliest).days
        if phase == Phase.KARTLAGGNING:
            return today - self.days(2, min(75, room)), []
        if phase == Phase.AKTIVITET:
            elapsed = self.rng.randint(35, max(35, min(420, room)))
            start = today - datetime.timedelta(days=elapsed)
            aktivitet = start + self.days(10, min(60, elapsed - 5))
            changes = [(Phase.AKTIVITET, aktivitet)]
            left = (today - aktivitet).days
            if left > 90 and self.chance(0.15):  # tried prövning, went back to aktivitet
                provning = aktivitet + self.days(30, left - 40)
                changes += [(Phase.PROVNING, provning), (Phase.AKTIVITET, provning + self.days(14, 30))]
            return start, changes
        elapsed = self.rng.randint(110, max(110, min(560, room)))
        start = today - datetime.timedelta(days=elapsed)
        aktivitet = start + self.days(14, 60)
        provning = aktivitet + self.days(35, min(300, (today - aktivitet).days - 1))
        return start, [(Phase.AKTIVITET, aktivitet), (Phase.PROVNING, provning)]

    def exit_career(
        self, start: datetime.date, exit_date: datetime.date, outcome: str
    ) -> list[tuple[str, datetime.date]]:
        span = (exit_date - start).days
        changes: list[tuple[str, datetime.date]] = []
        if span >= 25 and self.chance(0.88):
            aktivitet = start + self.days(10, min(60, span - 10))
            changes.append((Phase.AKTIVITET, aktivitet))
            rest = (exit_date - aktivitet).days
            towards_work = outcome in Exit.WORK_OR_STUDIES
            if rest >= 45 and self.chance(0.75 if towards_work else 0.35):
                changes.append((Phase.PROVNING, aktivitet + self.days(30, rest - 10)))
        return changes

    def coach_for(self, cohort: Cohort, municipality: str | None) -> User:
        coaches = self.coaches[cohort.project]
        if cohort.project == "rebus":  # placed by kommun, as the seed describes
            handledare, kollega = self.users["handledare"], self.users["kollega"]
            if municipality == "Hagfors":
                return kollega
            if municipality == "Munkfors":
                return handledare if self.chance(0.65) else kollega
            return handledare
        return self.rng.choice(coaches)

    def municipality_for(self, cohort: Cohort) -> str | None:
        weights = {
            "egen": {"Borlänge": 35, "Falun": 30, "Ludvika": 20, "Leksand": 10, "Rättvik": 5},
            "rebus": {"Hagfors": 17, "Forshaga": 17, "Munkfors": 6},
            "isa": {"Uppsala": 42, "Enköping": 16, "Tierp": 12, "Östhammar": 11, "Heby": 10, "Knivsta": 9},
        }.get(cohort.project)
        if weights:
            return self.pick(weights)
        if cohort.profile == "mia":
            places = next(p for key, _n, _f, p, _c in MIA_SUBPROJECTS if key == cohort.project)
            return self.pick({name: 3 if index == 0 else 2 for index, (name, _org) in enumerate(places)})
        return None

    def plan(self, cohort: Cohort) -> list[Story]:
        project = self.projects[cohort.project]
        today = self.today
        earliest = max(cohort.first_start, project.start_date or cohort.first_start)
        stories: list[Story] = []

        # Open enrolments. In REBUS the 40 places are filled 17/17/6 and every coach
        # has every phase in the caseload.
        if cohort.project == "rebus":
            places = ["Hagfors"] * 17 + ["Forshaga"] * 17 + ["Munkfors"] * 6
            open_plan = [(place, self.coach_for(cohort, place)) for place in places]
            by_coach: dict[int, list[int]] = {}
            for index, (_place, coach) in enumerate(open_plan):
                by_coach.setdefault(coach.pk, []).append(index)
            phases = [""] * len(open_plan)
            for indexes in by_coach.values():
                for index, phase in zip(indexes, self.phase_pattern(len(indexes)), strict=True):
                    phases[index] = phase
        else:
            open_plan = []
            for _ in range(cohort.open):
                place = self.municipality_for(cohort)
                open_plan.append((place, self.coach_for(cohort, place)))
            phases = self.phase_pattern(cohort.open)
        for (place, coach), phase in zip(open_plan, phases, strict=True):
            start, changes = self.open_career(phase, earliest)
            stories.append(Story(cohort, self.new_person(cohort, start), start, place, coach, changes))

        # Exited enrolments.
        end = project.end_date if project.end_date and project.end_date < today else None
        last_start = cohort.last_start or today - datetime.timedelta(days=40)
        weights = OUTCOME_WEIGHTS[cohort.profile]
        for _ in range(cohort.total - cohort.open):
            start = self.between(earliest, last_start)
            outcome = self.pick(weights)
            low, high = OUTCOME_DAYS[outcome]
            exit_date = start + self.days(low, high)
            reason = {
                Outcome.EMPLOYMENT: Reason.WORK,
                Outcome.SUBSIDISED_EMPLOYMENT: Reason.WORK,
                Outcome.STUDIES: Reason.STUDIES,
                Outcome.JOB_SEEKING: Reason.PLANNED,
                Outcome.RIGHT_PARTY: Reason.HANDED_OVER,
            }.get(outcome) or self.pick(NO_CHANGE_REASONS)
            if end is not None and exit_date > end:
                exit_date, reason = end, Reason.PROJECT_ENDED
            elif exit_date >= today:
                exit_date = start + self.days(20, (today - start).days - 1)
            place = self.municipality_for(cohort)
            stories.append(
                Story(
                    cohort,
                    self.new_person(cohort, start),
                    start,
                    place,
                    self.coach_for(cohort, place),
                    self.exit_career(start, exit_date, outcome),
                    exit_date,
                    reason,
                    outcome,
                )
            )

        exited = [s for s in stories if s.exit_date is not None]
        for story in self.rng.sample(exited, cohort.misregistrations):  # felregistrering: undone at once
            story.exit_date = story.start + self.days(0, 3)
            story.changes, story.reason, story.outcome = [], Reason.MISREGISTRATION, Outcome.UNKNOWN

        # A few anonymous people (no consent to registration, or skyddade personuppgifter).
        # They carry a birth year only, so their age is checked by year as the service does.
        fits = [s for s in stories if _age_fits(project, replace(s.person, anonymous=True), s.start)]
        for story in self.rng.sample(fits, max(1, round(len(stories) * 0.03))):
            story.person.anonymous = True
            story.person.protected_identity = self.chance(0.4)
            story.person.personal_id = story.person.first_name = story.person.last_name = ""

        self.link_re_enrolments(cohort, stories)

        for story in stories:
            story.entry = self.entry(cohort, story.person, story.start, story.municipality)
        if cohort.project == "rebus":
            # Most come through the Arbetsförmedlingen handläggare's referral; two were enrolled
            # although current with one party only, with the reason written down.
            for story in stories:
                story.via_referrer = not story.person.anonymous and self.chance(0.35)
                if story.via_referrer and self.orgs["af"] not in story.entry.current_with:
                    story.entry.current_with.append(self.orgs["af"])
            for story in self.rng.sample([s for s in stories if not s.via_referrer], 2):
                story.entry.current_with = story.entry.current_with[:1]
                story.override_reason = OVERRIDE_REASON
        stories.sort(key=lambda s: (s.start, s.exit_date or today))
        return stories

    def link_re_enrolments(self, cohort: Cohort, stories: list[Story]) -> None:
        """Make some people come back: a later enrolment becomes the same person's second one."""
        project = self.projects[cohort.project]
        linked = 0
        candidates = [
            s
            for s in stories
            if s.exit_date is not None and not s.person.anonymous and s.reason != Reason.MISREGISTRATION
        ]
        self.rng.shuffle(candidates)
        used: set[int] = set()
        for first in candidates:
            if linked >= cohort.re_enrolments:
                break
            exited_on = first.exit_date or self.today
            for second in stories:
                if id(second) in used or second is first or second.person.anonymous:
                    continue
                if second.start < exited_on + datetime.timedelta(days=45):
                    continue
                if cohort.project == "rebus" and second.municipality != first.municipality:
                    continue
                if not _age_fits(project, first.person, second.start):
                    continue
                self.used_ids.discard(second.person.personal_id)
                second.person = first.person
                second.municipality = first.municipality
                used.update({id(first), id(second)})
                linked += 1
                self.result.re_enrolments += 1
                break

    # writing --------------------------------------------------------------------------

    def write(self, story: Story) -> None:
        cohort, person = story.cohort, story.person
        project = self.projects[cohort.project]
        coach = story.coach
        entry = _entry_of(story)
        municipality = self.municipalities.get((cohort.project, story.municipality or ""))
        referral = None
        referring = None
        if story.via_referrer:
            handlaggare = self.referrers[cohort.project]
            received = max(project.start_date or story.start, story.start - self.days(7, 35))
            referral = participant_services.participant_refer(
                project=project,
                person_data=person.data(),
                referring_organisation=handlaggare.organisation,
                received_on=received,
                reason=self.rng.choice(REFERRAL_REASONS),
                by=handlaggare,
            )
        else:
            parties = [org for org in entry.current_with if org.kind != Kind.SAMORDNINGSFORBUND]
            referring = self.rng.choice(parties) if parties else None
        enrolment = participant_services.participant_enrol(
            project=project,
            person_data=person.data(),
            consent_form_version=cohort.consent_form,
            by=coach,
            coach=coach,
            start_date=story.start,
            municipality=municipality,
            entry=entry,
            referral=referral,
            referring_organisation=referring,
            override_reason=story.override_reason,
        )
        if not person.anonymous:
            self.consents(story, enrolment)
        for phase, on in story.changes:
            participant_services.phase_change(
                enrolment=enrolment, phase=phase, on=on, by=coach, expected_version=enrolment.version
            )
        if story.exit_date is not None:
            qualification = None
            if project.fund in (Project.Fund.ESF, Project.Fund.ESF_PLUS):
                qualification = story.outcome in Exit.WORK_OR_STUDIES and self.chance(0.3)
            participant_services.enrolment_exit(
                enrolment=enrolment,
                exit_date=story.exit_date,
                reason=story.reason,
                outcome=story.outcome,
                qualification_gained=qualification,
                situation=self.exit_situation(story),
                by=coach,
                expected_version=enrolment.version,
            )

    def consents(self, story: Story, enrolment: Enrolment) -> None:
        project = story.cohort.project
        person = story.person
        wanted = [Consent.Scope.SHARING] if self.chance(0.9) else []
        if self.chance(0.97 if self.projects[project].fund != Project.Fund.FINSAM else 0.85):
            wanted.append(Consent.Scope.STATISTICS)
        if self.chance(0.75):
            wanted.append(Consent.Scope.SURVEYS)
        for scope in wanted:
            if (enrolment.project_id, scope) in person.consents:
                continue
            consent = participant_services.consent_record(
                person=enrolment.person,
                project=enrolment.project,
                scope=scope,
                form_version=story.cohort.consent_form,
                given_on=story.start,
                by=story.coach,
                enrolment=enrolment,
            )
            person.consents.add((enrolment.project_id, scope))
            last = story.exit_date or self.today
            if scope == Consent.Scope.SURVEYS and (last - story.start).days > 30 and self.chance(0.06):
                participant_services.consent_withdraw(
                    consent=consent,
                    on=story.start + self.days(14, (last - story.start).days),
                    by=story.coach,
                    enrolment=enrolment,
                )
                person.consents.discard((enrolment.project_id, scope))

    def referrals(self, cohort: Cohort) -> None:
        """Referrals still waiting for a decision, and some that were declined."""
        if not (cohort.pending or cohort.declined):
            return
        project = self.projects[cohort.project]
        handlaggare = self.referrers[cohort.project]
        decider = self.managers.get(cohort.project) or self.coaches[cohort.project][0]
        for index in range(cohort.pending + cohort.declined):
            pending = index < cohort.pending
            received = self.today - (self.days(1, 20) if pending else self.days(40, 300))
            person = self.new_person(cohort, received)
            referral = participant_services.participant_refer(
                project=project,
                person_data=person.data(),
                referring_organisation=handlaggare.organisation,
                received_on=received,
                reason=self.rng.choice(REFERRAL_REASONS),
                by=handlaggare,
            )
            if pending:
                self.result.referrals_pending += 1
            else:
                participant_services.referral_decline(
                    referral=referral,
                    reason=self.rng.choice(DECLINE_REASONS),
                    on=received + self.days(4, 21),
                    by=decider,
                )
                self.result.referrals_declined += 1

    def schedule_follow_ups(self) -> None:
        """Spread the open enrolments' next follow-up around today.

        Enrolment sets the first follow-up at start + the project's interval, and no
        service yet records a follow-up (stegvis.plans is still to come), so without this
        every enrolment older than two months would show an overdue follow-up. This is
        the one write here that is not made through a service; it bumps the version as
        a service would. Replace it with the follow-up service once that exists.
        """
        for pk in Enrolment.objects.exclude(phase=Phase.AVSLUT).order_by("pk").values_list("pk", flat=True):
            next_on = self.today + self.days(0, 56) - datetime.timedelta(days=7)
            Enrolment.objects.filter(pk=pk, next_follow_up_on__lt=next_on).update(
                next_follow_up_on=next_on, version=F("version") + 1
            )

    def participants(self) -> None:
        for cohort in _cohorts(self.today):
            stories = self.plan(cohort)
            for story in stories:
                self.write(story)
            self.referrals(cohort)
            open_count = sum(1 for s in stories if s.exit_date is None)
            self.result.per_project.append(
                (self.projects[cohort.project].name, open_count, len(stories) - open_count)
            )
        self.schedule_follow_ups()


def _seed_extensions(gen: _Generator) -> list[str]:
    """Apps add their own demo data in stegvis/<app>/demo.py: seed(*, today, rng, users) -> summary lines.

    Called in INSTALLED_APPS order, each with its own seeded RNG, so adding one app
    does not change what another generates.
    """
    lines: list[str] = []
    for app in settings.INSTALLED_APPS:
        if not app.startswith("stegvis.") or app == "stegvis.core":
            continue
        if importlib.util.find_spec(f"{app}.demo") is None:
            continue
        module = importlib.import_module(f"{app}.demo")
        rng = random.Random(f"stegvis-demo-{app}")  # noqa: S311 - synthetic demo data
        lines.extend(module.seed(today=gen.today, rng=rng, users=gen.users))
    return lines


@transaction.atomic
def load_demo(*, today: datetime.date | None = None) -> SeedResult:
    """Load the whole demo, all or nothing. Call only when demo_loaded() is False."""
    started = time.monotonic()
    gen = _Generator(today or datetime.date.today())
    if gen.today > datetime.date.today():
        raise ValueError("The reference date cannot be in the future: the services refuse future dates.")
    gen.organisations()
    admin = gen.admin_user()
    gen.all_projects(admin)
    gen.staff()
    gen.participants()
    result = gen.result
    result.extensions = _seed_extensions(gen)

    result.persons = Person.objects.count()
    result.anonymous = Person.objects.filter(is_anonymous=True).count()
    result.enrolments = Enrolment.objects.count()
    result.open_enrolments = Enrolment.objects.exclude(phase=Phase.AVSLUT).count()
    result.exits = Exit.objects.count()
    result.consents = Consent.objects.count()
    result.audit_entries = AuditEntry.objects.count()
    result.handledare_open = (
        Enrolment.objects.filter(coach=gen.users["handledare"]).exclude(phase=Phase.AVSLUT).count()
    )
    result.seconds = time.monotonic() - started
    return result


def summary(result: SeedResult) -> list[str]:
    """What seed_demo prints: counts only (no names or personnummer), then the demo logins."""
    lines = [
        f"Demodata inläst på {result.seconds:.1f} s.",
        f"Projekt: {result.projects} (MIA med {result.subprojects} delprojekt); "
        f"organisationer: {result.organisations}; användare: {result.users}.",
        f"Personer: {result.persons} (varav {result.anonymous} anonyma); inskrivningar: {result.enrolments} "
        f"({result.open_enrolments} pågående, {result.exits} avslutade, {result.re_enrolments} återinskrivningar).",
        f"Anvisningar som väntar på beslut: {result.referrals_pending}; avböjda: {result.referrals_declined}. "
        f"Samtycken: {result.consents}; loggposter: {result.audit_entries}.",
        "",
    ]
    width = max(len(name) for name, _o, _e in result.per_project)
    for name, open_count, exited in result.per_project:
        lines.append(f"  {name:<{width}}  {open_count:>3} pågående  {exited:>3} avslutade")
    lines += result.extensions
    lines += [
        "",
        f"Logga in på {LOGIN_URL} med lösenordet {DEMO_PASSWORD}",
        "",
        f"  {'användarnamn':<14} roll",
    ]
    for username, label in result.logins:
        extra = f" – {result.handledare_open} pågående deltagare" if username == "handledare" else ""
        lines.append(f"  {username:<14} {label}{extra}")
    lines += [
        "",
        f"Ytterligare {result.extra_staff} personalkonton (handledare, projektledare och handläggare i övriga "
        "projekt) har samma lösenord; se Administration → Användare.",
    ]
    return lines
