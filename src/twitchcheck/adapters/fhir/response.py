"""QuestionnaireResponse in and out: a filled-in check becomes a report, and a report a QuestionnaireResponse.

Real clients answer in more than one way; all of these are taken: valueCoding (with or without its system),
valueString (an answer's code or its label), valueBoolean, valueDecimal, valueInteger, and valueQuantity for
numbers with units (the unit must be the question's). Items may be nested in groups, or flat.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from twitchcheck.core.errors import FieldProblem, InputError
from twitchcheck.core.report import Report, parse_report
from twitchcheck.knowledge.loader import KnowledgeBase
from twitchcheck.knowledge.model import Question

from ._common import QUESTIONNAIRE_URL, UCUM, answer_system, is_questionnaire_response, ucum_unit
from ._questionnaire import answer_options, groups_of, questionnaire_version

WHAT = "QuestionnaireResponse"


def report_from_questionnaire_response(data: Mapping[str, Any], knowledge: KnowledgeBase) -> dict[str, Any]:
    """The report (contract JSON) a QuestionnaireResponse to the check's Questionnaire gives.

    InputError names each bad item by its linkId path (`twitch/twitch.side`), like a report's fields.
    """
    if not is_questionnaire_response(data):
        raise InputError([FieldProblem("resourceType", "expected 'QuestionnaireResponse'")], WHAT)
    canonical = data.get("questionnaire")
    if canonical is not None:
        url = str(canonical).split("|", 1)[0]
        if url != QUESTIONNAIRE_URL:
            raise InputError(
                [
                    FieldProblem(
                        "questionnaire",
                        f"answers another questionnaire ({canonical}); twitchcheck reads answers to "
                        f"{QUESTIONNAIRE_URL}",
                    )
                ],
                WHAT,
            )
    questions = {question.id: question for _, members in groups_of(knowledge) for question in members}
    problems: list[FieldProblem] = []
    report: dict[str, dict[str, Any]] = {}
    paths: dict[str, str] = {}
    items = data.get("item", [])
    if not isinstance(items, list):
        raise InputError([FieldProblem("item", "must be a list of items")], WHAT)
    for path, item in _walk(items, ""):
        link_id = item.get("linkId")
        question = questions.get(link_id) if isinstance(link_id, str) else None
        answers = item.get("answer")
        if answers is None or answers == []:
            continue  # a group, or a question left unanswered
        if question is None:
            problems.append(FieldProblem(path, "not a question of the twitchcheck check"))
            continue
        if link_id in paths:
            problems.append(FieldProblem(path, f"answered twice (also at {paths[link_id]})"))
            continue
        paths[question.id] = path
        if not isinstance(answers, list):
            problems.append(FieldProblem(path, "answer must be a list"))
            continue
        values = []
        for index, answer in enumerate(answers):
            where = f"{path}.answer[{index}]" if len(answers) > 1 else path
            try:
                values.append(_value(question, answer, knowledge))
            except ValueError as error:
                problems.append(FieldProblem(where, str(error)))
        if len(values) != len(answers):
            continue
        repeats = question.answer in ("choices", "regions")
        if not repeats and len(values) > 1:
            problems.append(FieldProblem(path, "takes one answer"))
            continue
        section, name = question.id.split(".", 1)
        report.setdefault(section, {})[name] = values if repeats else values[0]
    if problems:
        raise InputError(problems, WHAT)
    try:
        parse_report(report)
    except InputError as error:
        raise InputError([_at_item(problem, paths) for problem in error.problems], WHAT) from None
    return report


def _walk(items: list[Any], parent: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            raise InputError([FieldProblem(f"{parent or 'item'}[{index}]", "an item is a JSON object")], WHAT)
        link_id = item.get("linkId")
        path = f"{parent}/{link_id}" if parent else str(link_id)
        yield path, item
        children = item.get("item")
        if isinstance(children, list):
            yield from _walk(children, path)
        for answer in item.get("answer") or []:  # FHIR nests follow-up items under an answer too
            if isinstance(answer, Mapping) and isinstance(answer.get("item"), list):
                yield from _walk(answer["item"], path)


def _at_item(problem: FieldProblem, paths: Mapping[str, str]) -> FieldProblem:
    """A report field's problem, named by the item that answered it."""
    field = problem.field.split("[", 1)[0]
    if field in paths:
        return FieldProblem(paths[field] + problem.field[len(field) :], problem.message)
    if field in ("twitch", "twitch.regions", "twitch.duration_days") or problem.message.startswith(
        "required"
    ):
        return FieldProblem(problem.field, f"{problem.message} (answer the question {problem.field})")
    return problem


def _value(question: Question, answer: Any, knowledge: KnowledgeBase) -> Any:
    if not isinstance(answer, Mapping):
        raise ValueError("an answer is a JSON object")
    kinds = [key for key in answer if key.startswith("value")]
    if len(kinds) != 1:
        raise ValueError("an answer has exactly one value[x]")
    kind = kinds[0]
    value = answer[kind]
    if question.answer == "bool":
        if kind == "valueBoolean" and isinstance(value, bool):
            return value
        if kind == "valueCoding" and isinstance(value, Mapping) and value.get("code") in ("true", "false"):
            return value["code"] == "true"
        raise ValueError(f"expected valueBoolean (true or false), got {kind}")
    if question.answer in ("choice", "choices", "regions"):
        return _choice(question, kind, value, knowledge)
    number = _number(question, kind, value)
    if question.answer == "integer":
        if not float(number).is_integer():
            raise ValueError(f"expected a whole number, got {number}")
        return int(number)
    return number


def _choice(question: Question, kind: str, value: Any, knowledge: KnowledgeBase) -> Any:
    options = answer_options(question, knowledge)
    if kind == "valueCoding" and isinstance(value, Mapping):
        system = value.get("system")
        if system is not None and system != answer_system(question):
            raise ValueError(f"code system {system!r} is not this question's ({answer_system(question)})")
        for code, report_value, _ in options:
            if value.get("code") == code:
                return report_value
        raise ValueError(f"{value.get('code')!r} is not one of {', '.join(code for code, _, _ in options)}")
    if kind == "valueString" and isinstance(value, str):
        wanted = value.strip().casefold()
        for code, report_value, label in options:
            if wanted in (code.casefold(), label.casefold()):
                return report_value
        raise ValueError(f"{value!r} is not one of {', '.join(code for code, _, _ in options)}")
    raise ValueError(f"expected valueCoding or valueString, got {kind}")


def _number(question: Question, kind: str, value: Any) -> float | int:
    if kind == "valueQuantity" and isinstance(value, Mapping):
        unit = ucum_unit(question)
        given = value.get("code", value.get("unit"))
        if given is not None and given not in (unit, question.unit):
            raise ValueError(f"unit {given!r}: this question takes {unit or 'no unit'}")
        if value.get("system") not in (None, UCUM):
            raise ValueError(f"unit system {value.get('system')!r}: expected {UCUM}")
        value = value.get("value")
        kind = "valueDecimal"
    if (
        kind in ("valueDecimal", "valueInteger")
        and isinstance(value, int | float)
        and not isinstance(value, bool)
    ):
        return value
    raise ValueError(f"expected valueDecimal, valueInteger or valueQuantity, got {kind}")


def questionnaire_response_from_report(
    report: Report | Mapping[str, Any], knowledge: KnowledgeBase, *, authored: str | None = None
) -> QuestionnaireResponse:
    """The QuestionnaireResponse that answers the check as `report` does (InputError for a bad report)."""
    return QuestionnaireResponse.model_validate(
        questionnaire_response_json(report, knowledge, authored=authored)
    )


def questionnaire_response_json(
    report: Report | Mapping[str, Any], knowledge: KnowledgeBase, *, authored: str | None = None
) -> dict[str, Any]:
    """questionnaire_response_from_report, as JSON."""
    parsed = parse_report(report)
    fields = parsed.model_dump(mode="json", exclude_none=True, by_alias=False)
    items = []
    for group, members in groups_of(knowledge):
        answered = []
        for question in members:
            section, name = question.id.split(".", 1)
            if name not in fields.get(section, {}):
                continue
            value = fields[section][name]
            if value == []:
                continue  # an empty list (say, no medications) has no answer in FHIR: it stays unanswered
            answered.append(
                {
                    "linkId": question.id,
                    "text": question.prompt,
                    "answer": [_answer(question, item, knowledge) for item in _as_list(question, value)],
                }
            )
        if answered:
            items.append({"linkId": group, "item": answered})
    data: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "questionnaire": f"{QUESTIONNAIRE_URL}|{questionnaire_version(knowledge)}",
        "status": "completed",
        "item": items,
    }
    if authored is not None:
        data["authored"] = authored
    return data


def _as_list(question: Question, value: Any) -> list[Any]:
    return list(value) if question.answer in ("choices", "regions") else [value]


def _answer(question: Question, value: Any, knowledge: KnowledgeBase) -> dict[str, Any]:
    if question.answer == "bool":
        return {"valueBoolean": value}
    if question.answer in ("choice", "choices", "regions"):
        for code, report_value, label in answer_options(question, knowledge):
            if report_value == value:
                return {"valueCoding": {"system": answer_system(question), "code": code, "display": label}}
        raise InputError([FieldProblem(question.id, f"{value!r} is not an answer of the Questionnaire")])
    if question.answer == "integer":
        return {"valueInteger": int(value)}
    return {"valueDecimal": float(value)}
