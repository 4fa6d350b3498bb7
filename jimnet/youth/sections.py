"""Links on a young person's page that other domains add (network map, JIM, BIG5)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import LazyString

from jimnet.access import may
from jimnet.youth.models import Youth


@dataclass(frozen=True)
class Section:
    endpoint: str  # takes youth_id
    label: LazyString
    action: str
    order: int = 50


def add_section(app: Flask, section: Section) -> None:
    sections: list[Section] = app.extensions.setdefault("jimnet_youth_sections", [])
    if all(s.endpoint != section.endpoint for s in sections):
        sections.append(section)
        sections.sort(key=lambda s: s.order)


def sections_for(youth: Youth) -> list[Section]:
    sections: list[Section] = current_app.extensions.get("jimnet_youth_sections", [])
    return [s for s in sections if may(youth, s.action)]
