"""Schema pieces every API resource shares: the base schema, ids, versions, text, dates, enums
as strings, paging. A domain's ``schemas.py`` builds its resources from these, so that the same
shape is written once and documented once (see docs/api.md)."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

import marshmallow as ma
from marshmallow import fields, validate

from jimnet import text
from jimnet.paging import MAX_ID, MAX_PAGE

MAX_PER_PAGE = 200


class ApiSchema(ma.Schema):
    """Base of every API schema: unknown keys in a body are refused (422 with their pointer).

    One class per resource: fields the server sets are ``dump_only`` (id, version as read,
    timestamps), fields only a client sends are ``load_only``. A query-string schema may set
    ``problem_type`` for its 400 answer.
    """

    problem_type: ClassVar[str | None] = None

    class Meta:
        unknown = ma.RAISE


class PatchSchema(ApiSchema):
    """A PATCH body: every field of the resource is optional, ``version`` is required.

    Subclass the resource schema and this one: ``class MemberPatchSchema(PatchSchema,
    MemberSchema)``. Fields the client leaves out keep their stored value.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault(
            "partial", tuple(name for name in self._declared_fields if name != "version")
        )
        super().__init__(*args, **kwargs)


# --- fields -----------------------------------------------------------------------------------


class StrictBoolean(fields.Boolean):
    """Only JSON ``true`` and ``false``: "yes", 1 or "false" are refused, not guessed at."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, bool):
            return value
        raise self.make_error("invalid", input=value)


def Id(**kwargs: Any) -> fields.Integer:
    """A primary key: a JSON integer from 1 to the 32-bit key range (larger ids name no row)."""
    kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
    return fields.Integer(strict=True, **kwargs)


def Integer(low: int, high: int, **kwargs: Any) -> fields.Integer:
    """A bounded JSON integer (strings such as "2" are refused)."""
    return fields.Integer(strict=True, validate=validate.Range(min=low, max=high), **kwargs)


VERSION_DESCRIPTION = (
    "The version you last read. A write with an older one answers 409 with the current state."
)


def Version(**kwargs: Any) -> fields.Integer:
    """The optimistic-lock version of a row two people may edit (see docs/api.md, 409)."""
    kwargs.setdefault("metadata", {"description": VERSION_DESCRIPTION})
    return Id(**kwargs)


MULTILINE_FROM = 500  # a text field this long or longer is a note: tabs and newlines allowed


class RuledString(fields.String):
    """A string under the one text rule (jimnet.text): refused text is a 422 with its pointer
    and message, accepted text is loaded NFC-normalised."""

    def __init__(self, *args: Any, multiline: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.multiline = multiline

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> Any:
        loaded = super()._deserialize(value, attr, data, **kwargs)
        try:
            return text.clean(loaded, multiline=self.multiline, required=self.required)
        except text.TextRefused as error:
            raise ma.ValidationError(error.message) from None


def Text(
    max_length: int, *, min_length: int = 0, multiline: bool | None = None, **kwargs: Any
) -> fields.String:
    """Text typed by a person, with a length bound and the one text rule (control characters,
    lone surrogates, direction overrides, invisible-only required text are refused; see
    ``jimnet.text``). NUL and lone surrogates are refused for every body before the schema runs
    (jimnet.api.blueprint); ``min_length=1`` also refuses an empty string. Fields of
    ``MULTILINE_FROM`` characters or more admit tabs and newlines unless ``multiline`` says
    otherwise. More validators may be passed in ``validate``."""
    extra = kwargs.pop("validate", None)
    validators: list[Any] = [validate.Length(min=min_length, max=max_length)]
    if extra is not None:
        validators.extend(extra if isinstance(extra, list | tuple) else [extra])
    if multiline is None:
        multiline = max_length >= MULTILINE_FROM
    return RuledString(validate=validators, multiline=multiline, **kwargs)


def enum_field(
    values: type[enum.Enum] | Iterable[Any], *, allow_none: bool = False, **kwargs: Any
) -> fields.String:
    """An enumeration as its string values, both ways (stored and sent as plain strings)."""
    choices: list[Any] = [str(getattr(v, "value", v)) for v in values]
    if allow_none:
        # So that the document's enum admits the null its type admits.
        choices.append(None)
    return fields.String(validate=validate.OneOf(choices), allow_none=allow_none, **kwargs)


Date = fields.Date
DateTime = fields.DateTime


# --- paging -----------------------------------------------------------------------------------


class PageArgsSchema(ApiSchema):
    """``?page=&per_page=`` of every list; out of range answers 400 ``bad-paging``."""

    problem_type = "bad-paging"

    # Query strings carry text: numbers arrive as "2", so these fields are not strict.
    page = fields.Integer(validate=validate.Range(min=1, max=MAX_PAGE), load_default=1)
    per_page = fields.Integer(validate=validate.Range(min=1, max=MAX_PER_PAGE), load_default=50)

    class Meta:
        unknown = ma.EXCLUDE


@dataclass(frozen=True)
class PageOf:
    """One page of a list, as every list endpoint answers it."""

    items: list[Any]
    page: int
    per_page: int
    total: int


_PAGE_SCHEMAS: dict[str, type[ApiSchema]] = {}


def page_schema(item: type[ma.Schema], name: str) -> type[ApiSchema]:
    """The envelope ``{items, page, per_page, total}`` around one item schema."""
    if name not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[name] = type(
            name,
            (ApiSchema,),
            {
                "items": fields.List(fields.Nested(item), required=True),
                "page": fields.Integer(required=True),
                "per_page": fields.Integer(required=True),
                "total": fields.Integer(required=True),
            },
        )
    return _PAGE_SCHEMAS[name]


def list_schema(item: type[ma.Schema], name: str) -> type[ApiSchema]:
    """The envelope ``{items}`` of a short, unpaged list."""
    if name not in _PAGE_SCHEMAS:
        _PAGE_SCHEMAS[name] = type(
            name, (ApiSchema,), {"items": fields.List(fields.Nested(item), required=True)}
        )
    return _PAGE_SCHEMAS[name]


class Delegate:
    """A read model: the row's attributes plus what the view computed beside it.

    ``Delegate(youth, care_team=team)`` dumps like the youth with one more attribute, so that a
    schema reads both without a hand-built dictionary.
    """

    def __init__(self, obj: Any, **extra: Any) -> None:
        self._obj = obj
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._obj, name)


def free_object(description: str, **kwargs: Any) -> fields.Dict:
    """An object whose keys the document does not list (graph data, counts per key)."""
    return fields.Dict(metadata={"description": description}, **kwargs)


JsonMapping = Mapping[str, Any]
