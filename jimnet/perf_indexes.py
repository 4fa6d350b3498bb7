"""Indexes chosen from the benchmark's evidence (``make bench``, README "Performance").

``ix_access_log_youth_id``: "who looked at this file" and the admin's log search for one young
person ask for one pseudonym's newest entries (``ORDER BY id DESC LIMIT 51``). With only
``(youth_pseudonym, occurred_at)`` the database reads every entry of that file and sorts them:
for the busiest file of the bench region (13,770 entries in a year) SQLite showed
``USE TEMP B-TREE FOR ORDER BY`` and the page took twice as long as for an ordinary file. With
this index the newest 51 entries are read straight from the index, whatever the file's size.
(It was ``(youth_pseudonym, seq)`` while entries carried a chain position; ids are that order
now, migration 0008.)
"""

from __future__ import annotations

from sqlalchemy import Index

from jimnet.access.models import AccessLogEntry

ACCESS_LOG_YOUTH_ID = Index(
    "ix_access_log_youth_id", AccessLogEntry.youth_pseudonym, AccessLogEntry.id
)
