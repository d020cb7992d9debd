"""A journal as a FHIR R4 Bundle (type "collection"): what a doctor's system can import.

Inside: a minimal Patient; an Observation for each measurement and finding of the journal (codes from
knowledge/data/codes.yaml; UCUM units); the QuestionnaireResponse of the latest check (the report the
journal's current assessment is built from); a RiskAssessment (triage level and red flags); a CarePlan (the
plan's advice, with its sources). Ids are uuid5 of the content, so the same journal exported as of the same
moment gives the same Bundle, byte for byte.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from fhir.resources.R4B.bundle import Bundle

from twitchcheck.journal.events import (
    BodyMassEvent,
    FluidEvent,
    History,
    StrengthTestEvent,
    SymptomEvent,
    Timed,
    TwitchEvent,
    WorkoutEvent,
    day_start,
    is_date_only,
)
from twitchcheck.journal.link import history_report
from twitchcheck.knowledge.loader import KnowledgeBase, load_knowledge
from twitchcheck.services.status import journal_status

from ._common import BASE_URL, UCUM, stable_id
from .response import questionnaire_response_json

if TYPE_CHECKING:
    from twitchcheck.adapters.storage.journal import Journal
    from twitchcheck.core.assessment import Assessment

OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
RISK_PROBABILITY = "http://terminology.hl7.org/CodeSystem/risk-probability"
TRIAGE_SYSTEM = f"{BASE_URL}/CodeSystem/triage-level"
RED_FLAG_SYSTEM = f"{BASE_URL}/CodeSystem/red-flag"
# How likely a harmful outcome is, said in the words of HL7's risk-probability codes.
_RISK = {"emergency": "high", "urgent": "high", "see_doctor": "moderate", "self_care": "low"}


def export_bundle(
    source: Journal | History,
    *,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Mapping[str, Any] | None = None,
) -> Bundle:
    """The journal (or its History) as of `now` as a FHIR R4 Bundle of type "collection".

    `person`: Patient fields to include as given (`name`, `gender`, `birthDate`); nothing is invented.
    """
    return Bundle.model_validate(export_bundle_json(source, now=now, knowledge=knowledge, person=person))


def export_bundle_json(
    source: Journal | History,
    *,
    now: datetime,
    knowledge: KnowledgeBase | None = None,
    person: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """export_bundle, as JSON."""
    kb = knowledge if knowledge is not None else load_knowledge()
    history = source if isinstance(source, History) else source.history(until=now)
    history = history.until(now)
    builder = _Builder(kb, history, now, dict(person or {}))
    return builder.build()


def _instant(timed: Timed) -> str:
    """A FHIR dateTime: a date as written, or the aware instant (FHIR needs a zone with a time)."""
    if is_date_only(timed.event.at):
        return timed.event.at
    return timed.when.isoformat()


def _quantity(value: float, unit: str, display: str | None = None) -> dict[str, Any]:
    return {"value": value, "unit": display or unit, "system": UCUM, "code": unit}


class _Builder:
    def __init__(self, kb: KnowledgeBase, history: History, now: datetime, person: dict[str, Any]) -> None:
        self.kb = kb
        self.history = history
        self.now = now
        self.resources: list[dict[str, Any]] = []
        self.ids: set[str] = set()
        patient_id = stable_id("Patient", person)
        self.patient = {"resourceType": "Patient", "id": patient_id, **person}
        self.subject = {"reference": f"urn:uuid:{patient_id}"}

    # -- helpers ---------------------------------------------------------------------------------------

    def concept(self, target: str, fallback_text: str | None = None) -> dict[str, Any] | None:
        """The CodeableConcept for `target` from codes.yaml (text alone when it has no code)."""
        concepts = self.kb.codes_for(target)
        if not concepts:
            return {"text": fallback_text} if fallback_text else None
        codings = [
            {"system": coding.system, "code": coding.code, "display": coding.display}
            for concept in concepts
            for coding in concept.codings
        ]
        return {"coding": codings, "text": " / ".join(concept.title for concept in concepts)}

    def add(self, resource: dict[str, Any]) -> dict[str, Any]:
        content = {key: value for key, value in resource.items() if key != "id"}
        occurrence = 0  # the same event logged twice is two resources, each with its own id
        while (
            resource_id := stable_id(resource["resourceType"], self.patient["id"], content, occurrence)
        ) in self.ids:
            occurrence += 1
        resource["id"] = resource_id
        self.ids.add(resource_id)
        self.resources.append(resource)
        return resource

    def observation(
        self, target: str, effective: Mapping[str, Any], value: Mapping[str, Any], **extra: Any
    ) -> dict[str, Any] | None:
        code = self.concept(target)
        if code is None:
            return None
        category = extra.pop("category", None)
        resource: dict[str, Any] = {"resourceType": "Observation", "status": "final"}
        if category is not None:
            resource["category"] = [{"coding": [{"system": OBSERVATION_CATEGORY, "code": category}]}]
        resource.update({"code": code, "subject": self.subject, **effective, **value, **extra})
        return self.add(resource)

    # -- the parts -------------------------------------------------------------------------------------

    def build(self) -> dict[str, Any]:
        self.measurements()
        evidence = self.findings()
        self.fluid_totals()
        self.assessment(evidence)
        entries = [self.patient, *self.resources]
        bundle_id = stable_id("Bundle", [entry["id"] for entry in entries], self.now.isoformat())
        return {
            "resourceType": "Bundle",
            "id": bundle_id,
            "meta": {"tag": [{"system": f"{BASE_URL}/CodeSystem/generator", "code": "twitchcheck"}]},
            "type": "collection",
            "timestamp": self.now.isoformat(),
            "entry": [{"fullUrl": f"urn:uuid:{entry['id']}", "resource": entry} for entry in entries],
        }

    def measurements(self) -> None:
        for timed in self.history.entries:
            event = timed.event
            at = {"effectiveDateTime": _instant(timed)}
            if isinstance(event, BodyMassEvent):
                self.observation(
                    "observation.body_weight",
                    at,
                    {"valueQuantity": _quantity(event.kg, "kg")},
                    category="vital-signs",
                )
            elif (
                isinstance(event, StrengthTestEvent)
                and event.test == "grip"
                and event.side in ("left", "right")
            ):
                self.observation(
                    f"observation.grip_strength_{event.side}",
                    at,
                    {"valueQuantity": _quantity(event.value, "kg")},
                    category="exam",
                )
            elif isinstance(event, WorkoutEvent):
                if event.rpe is not None:
                    self.observation(
                        "observation.rpe",
                        at,
                        {"valueQuantity": _quantity(event.rpe, "{score}", "score")},
                        category="activity",
                    )
                self.observation(
                    "observation.exercise_duration",
                    at,
                    {"valueQuantity": _quantity(event.duration_min, "min")},
                    category="activity",
                )

    def fluid_totals(self) -> None:
        """One 24 h total per local day (LOINC 9108-2 is a 24 h code), for the days with drinks logged."""
        totals: dict[date, float] = defaultdict(float)
        for timed in self.history.of_type("fluid"):
            assert isinstance(timed.event, FluidEvent)
            totals[timed.day] += timed.event.ml
        zone = self.history.zone
        for day, total in sorted(totals.items()):
            start = day_start(day, zone)
            end = day_start(date.fromordinal(day.toordinal() + 1), zone)
            self.observation(
                "observation.fluid_intake_24h",
                {"effectivePeriod": {"start": start.isoformat(), "end": end.isoformat()}},
                {"valueQuantity": _quantity(total, "mL")},
                note=[{"text": "Sum of the drinks logged that day; drinks not logged are not counted."}],
            )

    def findings(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        for timed in self.history.entries:
            event = timed.event
            at = {"effectiveDateTime": _instant(timed)}
            if isinstance(event, TwitchEvent):
                sites = ", ".join(self.kb.regions[region].label for region in event.regions)
                details = [
                    f"{key}: {value}" for key in ("side", "frequency") if (value := getattr(event, key))
                ]
                extra: dict[str, Any] = {"bodySite": {"text": sites}}
                if details:
                    extra["note"] = [{"text": "; ".join(details)}]
                twitch = self.observation("finding.twitch", at, {"valueBoolean": True}, **extra)
                if twitch is not None:
                    found.append(twitch)
                if event.painful_cramps is not None:
                    cramp = self.observation(
                        "finding.painful_cramps",
                        at,
                        {"valueBoolean": event.painful_cramps},
                        bodySite={"text": sites},
                    )
                    if cramp is not None:
                        found.append(cramp)
            elif isinstance(event, SymptomEvent):
                code = self.concept(f"symptom.{event.symptom}", event.symptom.replace("_", " ").capitalize())
                resource = {
                    "resourceType": "Observation",
                    "status": "final",
                    "code": code,
                    "subject": self.subject,
                    **at,
                    "valueBoolean": event.present,
                }
                found.append(self.add(resource))
        return found

    def assessment(self, evidence: Sequence[dict[str, Any]]) -> None:
        # The status the status page shows for the same moment (one use case: services.journal_status).
        assessment = journal_status(self.history, self.now, self.kb).assessment
        if assessment is None:
            return  # nothing to assess: the Bundle holds the observations alone
        basis = [{"reference": f"urn:uuid:{resource['id']}"} for resource in evidence]
        synthesis = history_report(self.history, self.now, self.kb)
        if synthesis is not None:
            response = questionnaire_response_json(synthesis.report, self.kb, authored=self.now.isoformat())
            response["subject"] = self.subject
            self.add(response)
            basis.append({"reference": f"urn:uuid:{response['id']}"})
        risk = self.risk_assessment(assessment, basis)
        self.care_plan(assessment, risk)

    def risk_assessment(self, assessment: Assessment, basis: list[dict[str, str]]) -> dict[str, Any]:
        level = assessment.triage.level
        predictions = []
        for flag in [*assessment.red_flags, *assessment.warnings]:
            outcome = self.concept(f"red_flag.{flag.id}") or {}
            codings = [{"system": RED_FLAG_SYSTEM, "code": flag.id, "display": flag.title}]
            predictions.append(
                {
                    "outcome": {"coding": [*codings, *outcome.get("coding", [])], "text": flag.title},
                    "qualitativeRisk": _risk(flag.level),
                    "rationale": f"{flag.reason} {flag.what_to_do}",
                }
            )
        return self.add(
            {
                "resourceType": "RiskAssessment",
                "status": "final",
                "code": {
                    "coding": [
                        {"system": TRIAGE_SYSTEM, "code": level, "display": assessment.triage.headline}
                    ],
                    "text": assessment.triage.headline,
                },
                "subject": self.subject,
                "occurrenceDateTime": self.now.isoformat(),
                **({"basis": basis} if basis else {}),
                **({"prediction": predictions} if predictions else {}),
                "mitigation": self.kb.levels[level].action,
                "note": [{"text": assessment.triage.summary}, {"text": assessment.disclaimer}],
            }
        )

    def care_plan(self, assessment: Assessment, risk: dict[str, Any]) -> None:
        sources = {source.id: source for source in assessment.sources}
        activities = []
        for step in assessment.plan:
            cited = [sources[source].citation() for source in step.sources if source in sources]
            activity: dict[str, Any] = {
                "detail": {
                    "code": {
                        "coding": [{"system": f"{BASE_URL}/CodeSystem/advice", "code": step.id}],
                        "text": step.title,
                    },
                    "status": "not-started",
                    "description": step.advice,
                }
            }
            if cited:
                activity["progress"] = [{"text": "Sources: " + "; ".join(cited)}]
            activities.append(activity)
        notes = [
            {"text": f"{source.citation()}" + (f" <{source.url}>" if source.url else "")}
            for source in assessment.sources
        ]
        self.add(
            {
                "resourceType": "CarePlan",
                "status": "active",
                "intent": "plan",
                "title": assessment.triage.headline,
                "description": assessment.triage.summary,
                "subject": self.subject,
                "created": self.now.isoformat(),
                "supportingInfo": [{"reference": f"urn:uuid:{risk['id']}"}],
                "activity": activities,
                "note": [*notes, {"text": assessment.disclaimer}],
            }
        )


def _risk(level: str) -> dict[str, Any]:
    code = _RISK[level]
    return {"coding": [{"system": RISK_PROBABILITY, "code": code}], "text": level.replace("_", " ")}
