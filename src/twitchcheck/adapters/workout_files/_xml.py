"""XML from workout files, parsed with defusedxml: no entities, no external references."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from twitchcheck.adapters.workout_files._common import file_error


def parse_xml(data: bytes, path: Path) -> Element:
    """The document's root; InputError naming the file and line if it is not well-formed, safe XML."""
    # Strava's TCX exports start with spaces before `<?xml`, which XML forbids; dropping them loses nothing.
    try:
        return fromstring(data.lstrip())
    except ParseError as error:
        line, column = error.position
        raise file_error(path, f"not well-formed XML at line {line}, column {column}") from None
    except LookupError as error:  # an encoding the XML declaration names but Python does not know
        raise file_error(path, f"not readable XML ({error})") from None
    except DefusedXmlException as error:
        raise file_error(path, f"XML with entities or a DTD is not accepted ({error})") from None


def local_name(element: Element) -> str:
    """A tag without its namespace: `{http://...}Lap` -> `Lap`."""
    return element.tag.rpartition("}")[2]
