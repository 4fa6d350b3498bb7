"""The one door to a young person's data: policy, loaders and the access log."""

from jimnet.access.loaders import authorize, load_owned, load_youth, may, visible_youth
from jimnet.access.log import Outcome, record
from jimnet.access.policy import Action, Relation

__all__ = [
    "Action",
    "Outcome",
    "Relation",
    "authorize",
    "load_owned",
    "load_youth",
    "may",
    "record",
    "visible_youth",
]
