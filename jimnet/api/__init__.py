"""The JSON API under /api/v1: problem details, bearer tokens, the OpenAPI document."""
