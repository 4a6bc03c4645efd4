"""Texts Stegvis ships: its own default instrument and the short labels of the IPS fidelity items.

Written for Stegvis in its own words. The Outcomes Star, the NNS indicators and the
IPS-25 item texts are copyrighted and are not reproduced here (DESIGN.md, "Licensed
instruments"); a project that holds a licence imports its instrument from a file.

DEFAULT_INSTRUMENT is version 1 of the key "stegvis-standard". A used version is
never changed: a change to these texts needs a new version (a data migration that
creates version 2), never an edit of this one.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

DEFAULT_KEY = "stegvis-standard"

DEFAULT_INSTRUMENT = {
    "key": DEFAULT_KEY,
    "version": 1,
    "name": "Stegvis stegskattning",
    "description": (
        "Åtta områden som påverkar hur nära arbete eller studier en person är. Deltagaren och "
        "handledaren skattar var för sig eller tillsammans, vid inskrivning, vid uppföljningar och vid "
        "avslut. Nivå 1 är längst från målet, nivå 5 närmast."
    ),
    "licence_note": "Stegvis egen skattning, skriven för Stegvis. Fri att använda i alla projekt.",
    "raters": "both",
    "scale_max": 5,
    "areas": [
        (
            "Hantera hälsan",
            "Hur du tar hand om din hälsa och hanterar det som påverkar den, i kropp och huvud.",
            [
                "Min hälsa styr det mesta i min vardag och jag vet inte hur jag ska få hjälp.",
                "Jag märker hur hälsan påverkar mig och har börjat prata med någon om det.",
                "Jag har kontakt med vården eller annat stöd och provar det som kan hjälpa.",
                "Jag gör oftast det som är bra för min hälsa, också när det är jobbigt.",
                "Jag sköter min hälsa själv och vet vad jag gör om den blir sämre.",
            ],
        ),
        (
            "Tilltro till att få arbete",
            "Hur mycket du tror att du kan få och klara ett arbete eller studier.",
            [
                "Jag tror inte att arbete eller studier är möjligt för mig.",
                "Ibland tänker jag att det kanske kan gå, men oftast tvivlar jag.",
                "Jag tror att det kan gå om jag får rätt stöd och tar små steg.",
                "Jag tror att jag kan få ett arbete eller börja studera inom rimlig tid.",
                "Jag är säker på att jag kan få och behålla ett arbete eller klara studier.",
            ],
        ),
        (
            "Kunskap om arbetsmarknaden",
            "Vad du vet om yrken, utbildningar och vägar till arbete.",
            [
                "Jag vet inte vilka arbeten eller utbildningar som finns eller passar mig.",
                "Jag känner till några yrken men vet inte vad de kräver.",
                "Jag har några idéer om vad jag vill göra och vet en del om vad som krävs.",
                "Jag vet vilket yrke eller vilken utbildning jag siktar på och hur jag kommer dit.",
                "Jag har en tydlig plan och vet var jag hittar arbeten, utbildningar och stöd.",
            ],
        ),
        (
            "Jobbsökande",
            "Hur du söker arbete, praktik eller utbildning: cv, ansökningar och intervjuer.",
            [
                "Jag söker inte och vet inte hur jag ska börja.",
                "Jag har börjat tänka på att söka och behöver mycket hjälp med cv och ansökningar.",
                "Jag har ett cv och söker ibland, med stöd.",
                "Jag söker regelbundet och klarar det mesta själv.",
                "Jag söker på egen hand, anpassar mina ansökningar och klarar en intervju.",
            ],
        ),
        (
            "Samarbete och sociala färdigheter",
            "Hur du fungerar tillsammans med andra, i en grupp och på en arbetsplats.",
            [
                "Jag undviker att träffa andra och det är svårt för mig att vara i en grupp.",
                "Jag klarar korta möten med personer jag känner, men grupper är svåra.",
                "Jag kan vara med i en grupp och samarbeta när jag får stöd.",
                "Jag samarbetar med andra och säger till när något inte fungerar.",
                "Jag fungerar bra med kollegor och andra och kan hantera en konflikt.",
            ],
        ),
        (
            "Språk",
            "Hur du klarar svenska, eller det språk arbetet kräver, i tal och skrift.",
            [
                "Jag kan nästan inte göra mig förstådd på svenska.",
                "Jag klarar enkla samtal om vardagliga saker med stöd.",
                "Jag klarar de flesta samtal i vardagen men har svårt att läsa och skriva.",
                "Jag klarar samtal och texter i vardagen och det mesta på en arbetsplats.",
                "Jag använder svenska utan problem i arbete och studier.",
            ],
        ),
        (
            "Struktur i vardagen",
            "Dygnsrytm, att passa tider och att planera dagen och veckan.",
            [
                "Jag har ingen fast dygnsrytm och missar oftast mina tider.",
                "Jag klarar några fasta tider i veckan om någon påminner mig.",
                "Jag har en rutin de flesta dagar och passar för det mesta tider.",
                "Jag planerar min vecka och passar nästan alltid tider.",
                "Min vardag är stabil och skulle fungera med ett heltidsarbete eller studier.",
            ],
        ),
        (
            "Boende och ekonomi",
            "Att ha ett tryggt boende och ordning på pengar, räkningar och skulder.",
            [
                "Jag har inget eget boende, eller så är skulder och räkningar ett stort hinder.",
                "Mitt boende eller min ekonomi är osäker och jag har börjat få hjälp.",
                "Jag har ett boende och ordning på det mesta, men ekonomin är sårbar.",
                "Mitt boende är tryggt och jag betalar räkningarna i tid med lite planering.",
                "Mitt boende är tryggt och jag klarar min ekonomi själv.",
            ],
        ),
    ],
}


# IPS fidelity: 25 items in three groups. Short neutral labels in Stegvis's own words,
# for recognising the item; the reviewers score it against the scale they hold.
FIDELITY_GROUPS = (
    (_("Bemanning"), range(1, 4)),
    (_("Organisation"), range(4, 12)),
    (_("Tjänsterna"), range(12, 26)),
)
FIDELITY_ITEMS = {
    1: "Antal deltagare per IPS-coach",
    2: "Coachen arbetar enbart med stöd till arbete",
    3: "Coachen ger hela stödet, från start till anställning",
    4: "Samordning med behandlingsteamet",
    5: "Tät kontakt mellan coach och behandlare",
    6: "Samarbete med handläggare hos myndigheterna",
    7: "Coacherna arbetar som ett team",
    8: "Teamledarens stöd och uppföljning",
    9: "Alla som vill arbeta får delta",
    10: "Verksamheten har arbete som mål",
    11: "Ledningens stöd för IPS",
    12: "Råd om ersättningar och ekonomi vid arbete",
    13: "Deltagaren bestämmer vad arbetsgivaren får veta",
    14: "Kartläggningen fortsätter under arbetet",
    15: "Snabb start på jobbsökandet",
    16: "Jobbsökandet utgår från deltagarens önskemål",
    17: "Många kontakter med arbetsgivare",
    18: "Kvalitet i kontakterna med arbetsgivare",
    19: "Olika slags arbeten",
    20: "Olika arbetsgivare",
    21: "Arbeten på den öppna arbetsmarknaden",
    22: "Stöd efter anställning, anpassat till personen",
    23: "Stöd utan tidsgräns",
    24: "Stödet ges ute i samhället",
    25: "Aktiv kontakt när deltagaren hör av sig mindre",
}
FIDELITY_MAX = 25 * 5
