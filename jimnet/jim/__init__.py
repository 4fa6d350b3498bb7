"""The JIM (youth-initiated mentor): nomination, suitability, consent, invitation, role, end."""
