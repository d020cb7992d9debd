"""The person: age and sex as people write them ("34M", "I'm 52", "f, 29")."""

from __future__ import annotations

import re

from twitchcheck.text.normalise import Text
from twitchcheck.text.result import Result, note


def read_person(text: Text, result: Result) -> None:
    forms = [
        r"\b(?:i'?m|i am|aged?|age:?)\s+(\d{2,3})\b"
        r"(?!\s*(?:kg|kgs|kilo|lb|lbs|mg|ml|min|minutes|hours?|hrs?|%|k\b|km|miles|mins|times|days|weeks|cups))",
        r"\b(\d{2,3})\s*(?:yo|y/o|y\.o\.?|yrs? old|years? old|year old|yr old)\b",
        r"(?:^|[\s(\[])(\d{2})\s?([mf])\b",
        r"(?:^|[\s(\[])([mf])\s?(\d{2})\b",
    ]
    for index, form in enumerate(forms):
        match = re.search(form, text.norm)
        if match is None:
            continue
        groups = match.groups()
        digits = next(g for g in groups if g is not None and g.isdigit())
        age = int(digits)
        if 10 <= age <= 120 and "person.age" not in result.values:
            result.set("person.age", age, note(text, "person.age", age, match.span()))
        if index >= 2 and "person.sex" not in result.values:
            letter = next(g for g in groups if g is not None and not g.isdigit())
            sex = "male" if letter == "m" else "female"
            result.set("person.sex", sex, note(text, "person.sex", sex, match.span()))
