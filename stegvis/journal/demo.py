"""Demo journal notes for ``seed_demo``: a few dated notes on most ongoing enrolments, some sensitive.

Written through journal.services (so the audit log holds their creation), by the
enrolment's coach. The texts are synthetic and name nobody. Deterministic for a
given reference date and random generator.
"""

from __future__ import annotations

import datetime
import random

from stegvis.accounts.models import Membership, Role, User
from stegvis.journal import services
from stegvis.journal.models import JournalNote
from stegvis.participants.models import Enrolment, Phase

SHARE_WITH_NOTES = 0.85
SENSITIVE_SHARE = 0.15
CORRECTED_SHARE = 0.04

FIELDS = [
    "lager och logistik",
    "handel",
    "restaurang",
    "vård och omsorg",
    "lokalvård",
    "bygg",
    "park och trädgård",
]
ACTIVITIES = ["friskvården", "den sociala träningen", "språkcaféet", "gruppträffarna", "jobbsökarpasset"]
PARTIES = ["Arbetsförmedlingen", "Försäkringskassan", "socialtjänsten", "vårdcentralen"]
WORKPLACES = [
    "en lagerarbetsplats i kommunen",
    "kommunens återbruk",
    "en livsmedelsbutik",
    "ett äldreboende",
    "kommunens park- och gatuenhet",
    "ett café med arbetsträningsplatser",
]
THEMES = ["hälsa och sömn", "arbetsmarknaden i regionen", "ekonomi i vardagen", "att söka jobb digitalt"]

FIRST = (
    "Inskrivningssamtal",
    "Gick igenom samtycket och hur projektet arbetar. Deltagaren vill i första hand arbeta inom {field}. "
    "Vi bokade in kartläggningssamtal varannan vecka.",
)
REGULAR = [
    (
        "Uppföljningssamtal",
        "Pratade om hur veckorna har fungerat. Deltagaren har varit med på {activity} och tycker att det går "
        "bra. Vi fortsätter som planerat.",
    ),
    ("Telefonsamtal", "Deltagaren ringde och lämnade återbud till dagens träff. Ny tid bokad nästa vecka."),
    (
        "Trepartssamtal",
        "Möte med deltagaren och handläggare från {party}. Vi stämde av handlingsplanen och delmålen. "
        "{party_cap} ansvarar för nästa steg.",
    ),
    (
        "Studiebesök",
        "Besökte {workplace} tillsammans med deltagaren. Deltagaren var intresserad och vill pröva en "
        "praktikperiod.",
    ),
    (
        "Arbetsprövning",
        "Arbetsprövningen på {workplace} har kommit i gång, tre förmiddagar i veckan. Handledaren på plats "
        "känner till anpassningarna.",
    ),
    ("CV och ansökningar", "Arbetade med CV och personligt brev. Två ansökningar skickade inom {field}."),
    (
        "Studievägledning",
        "Träffade studievägledare tillsammans med deltagaren, som funderar på att läsa in gymnasiebehörighet "
        "på Komvux.",
    ),
    (
        "Avstämning med arbetsplatsen",
        "Avstämning med handledaren på {workplace}. Deltagaren kommer i tid och tar eget ansvar för sina "
        "uppgifter. Vi ökar till fyra dagar i veckan.",
    ),
    ("Gruppträff", "Deltagaren var med på gruppträffen om {theme} och tog aktiv del i samtalet."),
    (
        "Uteblivet besök",
        "Deltagaren kom inte till bokad tid och svarade inte i telefon. Skickade sms med förslag på ny tid.",
    ),
]
SENSITIVE = [
    (
        "halsa",
        "Samtal om mående",
        "Deltagaren berättar om sömnsvårigheter och oro inför praktiken. Har kontakt med vårdcentralen och "
        "väntar på tid hos psykolog. Vi anpassar tempot i planeringen.",
    ),
    (
        "halsa",
        "Sjukskrivning",
        "Deltagaren har fått besked om fortsatt sjukskrivning på halvtid. Vi planerar aktiviteter två "
        "förmiddagar i veckan.",
    ),
    (
        "vald",
        "Samtal om hemsituationen",
        "Deltagaren berättar om hot från en tidigare partner. Informerade om stöd från socialtjänsten och "
        "kvinnojouren; deltagaren vill ha hjälp att ta kontakt. Vi träffas på annan plats tills vidare.",
    ),
    (
        "missbruk",
        "Samtal om alkohol",
        "Deltagaren tar själv upp att alkoholen har blivit ett problem. Pratade om vilket stöd som finns; "
        "deltagaren vill träffa beroendemottagningen.",
    ),
    (
        "ekonomi",
        "Skulder och ekonomi",
        "Deltagaren har skulder hos Kronofogden och oroar sig för hyran. Bokade tid hos budget- och "
        "skuldrådgivningen.",
    ),
    (
        "annat",
        "Pågående utredning",
        "Deltagaren har en pågående utredning hos socialtjänsten som påverkar planeringen. Vi väntar med "
        "arbetsprövning tills den är klar.",
    ),
]
CORRECTIONS = [
    ("Kompletterade med det vi kom överens om", " Vi kom överens om att ses igen om två veckor."),
    ("Rättade fel i texten", " (Rättat: gäller förmiddagar, inte eftermiddagar.)"),
]


def _fill(text: str, rng: random.Random) -> str:
    party = rng.choice(PARTIES)
    return text.format(
        field=rng.choice(FIELDS),
        activity=rng.choice(ACTIVITIES),
        party=party,
        party_cap=party[0].upper() + party[1:],
        workplace=rng.choice(WORKPLACES),
        theme=rng.choice(THEMES),
    )


def _dates(start: datetime.date, today: datetime.date, count: int, rng: random.Random) -> list[datetime.date]:
    span = max(0, (today - start).days)
    return sorted({start + datetime.timedelta(days=rng.randint(0, span)) for _ in range(count)} | {start})


def seed(*, today: datetime.date, rng: random.Random, users: dict[str, User]) -> list[str]:
    notes = sensitive = corrected = 0
    enrolments = (
        Enrolment.objects.exclude(phase=Phase.AVSLUT)
        .select_related("coach", "project")
        .order_by("project_id", "pk")
    )
    managers = {
        m.project_id: m.user
        for m in Membership.objects.filter(role=Role.PROJECT_MANAGER).select_related("user")
    }
    for enrolment in enrolments:
        if rng.random() > SHARE_WITH_NOTES:
            continue
        dates = _dates(min(enrolment.start_date, today), today, rng.randint(1, 5), rng)
        for index, day in enumerate(dates):
            author = enrolment.coach
            if index and enrolment.project_id in managers and rng.random() < 0.1:
                author = managers[enrolment.project_id]
            category = ""
            if index and rng.random() < SENSITIVE_SHARE:
                category, title, text = rng.choice(SENSITIVE)
            else:
                title, text = FIRST if index == 0 else rng.choice(REGULAR)
                text = _fill(text, rng)
            note = services.note_create(
                enrolment=enrolment,
                written_on=day,
                title=title,
                text=text,
                sensitive=bool(category),
                category=category,
                by=author,
            )
            notes += 1
            sensitive += bool(category)
            if rng.random() < CORRECTED_SHARE:
                reason, addition = rng.choice(CORRECTIONS)
                services.note_correct(
                    note=note,
                    written_on=note.written_on,
                    title=note.title,
                    text=note.text + addition,
                    sensitive=note.sensitive,
                    category=note.category,
                    reason=reason,
                    by=author,
                    expected_version=note.version,
                )
                corrected += 1
    with_notes = JournalNote.objects.values("enrolment").distinct().count()
    return [
        f"Journal: {notes} anteckningar på {with_notes} pågående inskrivningar "
        f"({sensitive} känsliga, {corrected} rättade)."
    ]
