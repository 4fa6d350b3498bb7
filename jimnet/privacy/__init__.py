"""A person's rights over their data: export (AVG art. 15 and 20), erasure within the Jeugdwet
(art. 17), retention (see docs/privacy.md)."""
