"""The HTML pages (owned by the web-pages work; this is the skeleton's placeholder)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter()
