"""Compatibility: input errors live in `twitchcheck.core.errors`; this name keeps older imports (and the
free-text reader's) working."""

from twitchcheck.core.errors import FieldProblem, InputError, field_path, problems_from

__all__ = ["FieldProblem", "InputError", "field_path", "problems_from"]
