"""The questionnaires Stegvis ships, in its own words.

They are not the NNS indicator questionnaires (licensed, and not to be copied into
software); they ask about the same kinds of things in plain Swedish. Changing a text
here makes ``questionnaires_ensure_defaults()`` publish a new version: the answers
already given stay tied to the words their respondents saw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from stegvis.surveys.models import Audience, Measure, Purpose, Question

Kind = Question.Kind
AskedAt = Question.AskedAt


@dataclass(frozen=True)
class QuestionSpec:
    text: str
    kind: str
    measure: str = ""
    required: bool = True
    asked_at: str = AskedAt.ALWAYS
    low: str = ""
    high: str = ""
    choices: tuple[str, ...] = ()
    help_text: str = ""


@dataclass(frozen=True)
class QuestionnaireSpec:
    key: str
    name: str
    audience: str
    purpose: str
    description: str
    title: str
    intro: str
    questions: list[QuestionSpec] = field(default_factory=list)


PARTICIPANT = QuestionnaireSpec(
    key="deltagarenkat",
    name="Deltagarenkät",
    audience=Audience.PARTICIPANT,
    purpose=Purpose.ANY,
    description="Besvaras av deltagaren vid start och vid avslut; svaren jämförs för att se förändring.",
    title="Hur har du det just nu?",
    intro=(
        "Vi vill veta hur du har det, så att stödet kan bli så bra som möjligt för dig. "
        "Det finns inga rätta eller felaktiga svar, och det tar ungefär fem minuter. "
        "Bara de i projektet som arbetar med ditt stöd kan se dina svar; i all annan "
        "redovisning räknas de ihop med andras."
    ),
    questions=[
        QuestionSpec(
            "Hur mår du i stort sett just nu?",
            Kind.SCALE,
            Measure.WELLBEING,
            low="Mycket dåligt",
            high="Mycket bra",
        ),
        QuestionSpec(
            "Hur har din hälsa varit den senaste månaden, i kroppen och i huvudet?",
            Kind.SCALE,
            Measure.HEALTH,
            low="Mycket dålig",
            high="Mycket bra",
        ),
        QuestionSpec(
            "När du pratar med dem som ska stötta dig, känner du att de lyssnar på dig?",
            Kind.SCALE,
            Measure.LISTENED_TO,
            low="Aldrig",
            high="Alltid",
            help_text="Till exempel din handledare, handläggare eller vården.",
        ),
        QuestionSpec(
            "Hur mycket tror du på att du kan nå de mål du sätter upp för dig själv?",
            Kind.SCALE,
            Measure.OWN_ABILITY,
            low="Inte alls",
            high="Helt och hållet",
        ),
        QuestionSpec(
            "Vad är viktigast för dig just nu?",
            Kind.CHOICE,
            required=False,
            choices=(
                "Att må bättre",
                "Att få ett arbete",
                "Att börja studera",
                "Att få ordning på ekonomin",
                "Något annat",
            ),
        ),
        QuestionSpec(
            "Hur nöjd är du med stödet du har fått i projektet?",
            Kind.SCALE,
            Measure.SATISFACTION,
            asked_at=AskedAt.EXIT,
            low="Inte alls nöjd",
            high="Mycket nöjd",
        ),
        QuestionSpec(
            "Är det något mer du vill berätta?",
            Kind.TEXT,
            required=False,
            help_text="Skriv inte namn på andra personer.",
        ),
    ],
)

PARTNER = QuestionnaireSpec(
    key="samverkansenkat",
    name="Enkät om samverkan",
    audience=Audience.PARTNER,
    purpose=Purpose.ANY,
    description="Besvaras av handläggare hos samverkansparterna om vad samverkan i projektet har gett.",
    title="Vad har samverkan i projektet gett?",
    intro=(
        "Enkäten går till handläggare hos projektets samverkansparter. Svara utifrån dina egna "
        "erfarenheter av projektet det senaste året. Svaren redovisas bara sammanräknade, och först "
        "när minst fem har svarat."
    ),
    questions=[
        QuestionSpec(
            "Samverkan i projektet har gjort det lättare för mig att hjälpa de personer jag möter i mitt arbete.",
            Kind.SCALE,
            Measure.COOPERATION,
            low="Instämmer inte alls",
            high="Instämmer helt",
        ),
        QuestionSpec(
            "Parterna har fått en mer gemensam bild av vad deltagarna behöver och vilket stöd som passar.",
            Kind.SCALE,
            Measure.SHARED_VIEW,
            low="Instämmer inte alls",
            high="Instämmer helt",
        ),
        QuestionSpec(
            "Personer skickas mindre mellan olika myndigheter och verksamheter än förut.",
            Kind.SCALE,
            Measure.LESS_RUNAROUND,
            low="Instämmer inte alls",
            high="Instämmer helt",
        ),
        QuestionSpec(
            "Jag vet vem jag ska vända mig till hos de andra parterna.",
            Kind.SCALE,
            low="Instämmer inte alls",
            high="Instämmer helt",
        ),
        QuestionSpec(
            "Hur har samverkan förändrats under det senaste året?",
            Kind.CHOICE,
            choices=("Den har blivit bättre", "Ingen skillnad", "Den har blivit sämre", "Vet inte"),
        ),
        QuestionSpec("Vad skulle göra samverkan ännu bättre?", Kind.TEXT, required=False),
    ],
)

DEFAULTS = [PARTICIPANT, PARTNER]
