"""A young person's log as she can read it: entries grouped per visit, said in words.

A *visit* is one person's run of entries on her file with no pause longer than ``PAUSE``
(30 minutes), like a visit in web statistics. Each visit says who (name, role, organisation),
when (from–to), and what, in a sentence in the second person when she reads it herself
("bekeek je netwerkkaart, veranderde je BIG5-plan"), in the third person for a parent or staff.
The reader's own visits are left out unless asked for, and then marked as theirs; refused
attempts are said as such; a list that only showed her name says that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask_babel import gettext as _

from jimnet.access.search import LogRow, readable_action

PAUSE = timedelta(minutes=30)


def _you(action: str) -> str | None:
    """What someone did, said to the young person herself."""
    return {
        "view": _("bekeek je dossier"),
        "edit": _("veranderde je gegevens"),
        "manage_team": _("werkte je team bij"),
        "view_log": _("bekeek wie je dossier bekeek"),
        "list": _("zag je naam in een lijst"),
        "search": _("zag je naam bij het zoeken"),
        "add_team_member": _("zette iemand in je team"),
        "remove_team_member": _("haalde iemand uit je team"),
        "invite_participant": _("stuurde een uitnodiging voor je dossier"),
        "add_authority": _("zette een ouder met gezag in je dossier"),
        "export": _("downloadde gegevens uit je dossier"),
        "print": _("printte gegevens uit je dossier"),
        "view_network": _("bekeek je netwerkkaart"),
        "edit_network": _("veranderde je netwerkkaart"),
        "add_member": _("zette iemand op je netwerkkaart"),
        "remove_member": _("haalde iemand van je netwerkkaart"),
        "restore_member": _("zette iemand terug op je netwerkkaart"),
        "add_tie": _("tekende een lijn op je netwerkkaart"),
        "snapshot": _("bewaarde een meting van je netwerkkaart"),
        "snapshot_network": _("bewaarde een meting van je netwerkkaart"),
        "import": _("zette een netwerkkaart in je dossier"),
        "import_network": _("zette een netwerkkaart in je dossier"),
        "view_big5": _("bekeek je BIG5-plan"),
        "edit_big5": _("veranderde je BIG5-plan"),
        "self_assess_big5": _("vulde je BIG5-score in"),
        "jim_assess_big5": _("vulde een BIG5-score over je in"),
        "view_jim": _("bekeek je JIM"),
        "nominate_jim": _("koos een JIM voor je"),
        "manage_jim": _("werkte aan de keuze van je JIM"),
        "consent_jim": _("gaf of weigerde toestemming voor je JIM"),
        "withdraw_jim": _("trok de keuze voor je JIM in"),
        "share_jim": _("veranderde wat je JIM mag zien"),
        "jim_role": _("werkte aan de rol van je JIM"),
        "view_jim_role": _("bekeek wat je JIM mag zien"),
        "view_case_notes": _("las verslagen over je"),
        "view_mentor": _("bekeek je vrijwillige mentor"),
        "refer_mentor": _("vroeg een vrijwillige mentor voor je aan"),
        "answer_mentor": _("gaf antwoord op een mentor voor je"),
        "coordinate_mentor": _("zocht een vrijwillige mentor voor je"),
        "mentor_role": _("bekeek je als vrijwillige mentor"),
        "view_privacy": _("bekeek de pagina over je gegevens"),
        "export_data": _("vroeg al je gegevens op of downloadde ze"),
        "record_erasure": _("legde je verzoek om te wissen vast"),
        "decide_erasure": _("besliste over je verzoek om te wissen"),
        "refuse_erasure": _("weigerde je verzoek om te wissen"),
        "erase_file": _("wiste je dossier"),
        "edit_retention": _("veranderde hoe lang je dossier bewaard wordt"),
    }.get(action)


def phrase(action: str, *, to_youth: bool) -> str:
    if to_youth:
        said = _you(action)
        if said is not None:
            return said
    said_neutrally = readable_action(action)
    if said_neutrally == action.replace("_", " "):  # no words for it yet: never a raw code
        return (
            _("opende een deel van je dossier")
            if to_youth
            else _("opende een deel van het dossier")
        )
    return said_neutrally


@dataclass
class Visit:
    actor_user_id: int | None
    actor_name: str
    role: str | None
    organisation: str | None
    started: datetime
    ended: datetime
    doings: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    own: bool = False
    entries: int = 0
    organisation_id: int | None = None

    @property
    def sentence(self) -> str:
        return _join(self.doings)

    @property
    def refused_sentence(self) -> str:
        return _join(self.refused)


def _join(parts: list[str]) -> str:
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return _("%(first)s en %(last)s", first=", ".join(parts[:-1]), last=parts[-1])


def group(rows: list[LogRow], *, reader_id: int, to_youth: bool) -> list[Visit]:
    """Rows newest first → visits newest first. One visit: one person, no pause over PAUSE."""
    visits: list[Visit] = []
    for row in rows:
        e = row.entry
        key = (e.actor_user_id, e.actor_role, e.actor_organisation_id)
        last = visits[-1] if visits else None
        if (
            last is None
            or (last.actor_user_id, last.role, last.organisation_id) != key
            or last.started - e.occurred_at > PAUSE
        ):
            last = Visit(
                actor_user_id=e.actor_user_id,
                actor_name=row.actor_name,
                role=e.actor_role,
                organisation=row.organisation_name,
                started=e.occurred_at,
                ended=e.occurred_at,
                own=e.actor_user_id is not None and e.actor_user_id == reader_id,
                organisation_id=e.actor_organisation_id,
            )
            visits.append(last)
        last.started = e.occurred_at
        last.entries += 1
        said = phrase(e.action, to_youth=to_youth)
        if row.in_list and e.action not in ("list", "search"):
            said = _("zag je naam in een lijst") if to_youth else _("zag de naam in een lijst")
        target = last.doings if e.outcome == "allowed" else last.refused
        if said not in target:
            target.insert(0, said)  # rows come newest first: the visit reads in time order
    return visits
