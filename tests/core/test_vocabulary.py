"""One table per vocabulary, and everything that lists values derives from it."""

from __future__ import annotations

from typing import get_args

from twitchcheck.adapters.web.pages.journal import FORMS
from twitchcheck.core.report import Symptoms, Workout
from twitchcheck.core.vocabulary import EVENT_TYPES, STRENGTH_TESTS, SYMPTOMS, WORKOUT_KINDS
from twitchcheck.journal.events import EVENT_MODELS, StrengthTestEvent


def test_the_contract_models_use_the_tables() -> None:
    assert tuple(Symptoms.model_fields) == SYMPTOMS  # the report's symptoms are the journal's symptom events
    assert tuple(EVENT_MODELS) == EVENT_TYPES
    assert get_args(StrengthTestEvent.model_fields["test"].annotation) == STRENGTH_TESTS
    kinds = [arg for arg in get_args(Workout.model_fields["kind"].annotation) if arg is not type(None)]
    assert get_args(kinds[0]) == WORKOUT_KINDS


def test_the_web_forms_offer_the_tables_choices() -> None:
    choices = {(kind, field.name): field.choices for kind, (_, fields) in FORMS.items() for field in fields}
    assert choices[("workout", "kind")] == WORKOUT_KINDS
    assert choices[("strength_test", "test")] == STRENGTH_TESTS
    assert choices[("symptom", "symptom")] == SYMPTOMS
