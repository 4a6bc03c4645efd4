"""The analysis demo: REBUS's project manager has saved two conclusions with measures, once."""

from __future__ import annotations

import datetime
import random

from stegvis.analysis import demo
from stegvis.analysis.models import AnalysisNote
from stegvis.analysis.selectors import notes_of_year

TODAY = datetime.date.today()


def test_demo_saves_rebus_conclusions_once(world):
    world.project_a.name = "REBUS"
    world.project_a.save()
    lines = demo.seed(today=TODAY, rng=random.Random("analysis-test"), users={})  # noqa: S311 - demo data
    notes = list(AnalysisNote.objects.filter(project=world.project_a))
    assert len(notes) == 2 and lines == ["Analys: 2 sparade slutsatser med åtgärder i REBUS."]
    assert all(note.author == world.petra and note.measure for note in notes)
    assert len(notes_of_year(world.project_a, TODAY.year - 1)) == 2
    demo.seed(today=TODAY, rng=random.Random("analysis-test"), users={})  # noqa: S311 - demo data
    assert AnalysisNote.objects.count() == 2


def test_demo_does_nothing_without_rebus(world):
    assert demo.seed(today=TODAY, rng=random.Random("analysis-test"), users={}) == []  # noqa: S311
