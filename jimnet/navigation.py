"""Main-menu items that domains add (the coach's dashboard, the JIM pipeline, …)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app
from flask_babel import LazyString
from flask_login import current_user

from jimnet.accounts.models import User


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: LazyString
    visible: Callable[[User], bool]
    order: int = 50


def add_nav(app: Flask, item: NavItem) -> None:
    items: list[NavItem] = app.extensions.setdefault("jimnet_nav", [])
    if all(i.endpoint != item.endpoint for i in items):
        items.append(item)
        items.sort(key=lambda i: i.order)


def nav_items() -> list[NavItem]:
    if not current_user.is_authenticated:
        return []
    items: list[NavItem] = current_app.extensions.get("jimnet_nav", [])
    return [i for i in items if i.visible(current_user)]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["nav_items"] = nav_items
