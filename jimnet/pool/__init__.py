"""The volunteer-mentor pool: volunteers, screening, compatibility, global assignment, matches."""
