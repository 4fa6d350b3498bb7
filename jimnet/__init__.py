"""jimnet: network maps, youth-initiated mentors and the BIG5 toward 18, for Dutch youth care."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from flask import Flask

ROOT = Path(__file__).resolve().parent.parent

# Each domain package contributes one blueprint; order matters only for the URL map listing.
BLUEPRINTS = (
    "jimnet.health",
    "jimnet.home.views",
    "jimnet.accounts.views",
    "jimnet.accounts.settings_views",
    "jimnet.organisations.views",
    "jimnet.organisations.api",
    "jimnet.youth.views",
    "jimnet.youth.api",
    "jimnet.access.views",
    "jimnet.access.api",
    "jimnet.api.views",
    "jimnet.big5.views",
    "jimnet.big5.api",
    "jimnet.jim.views",
    "jimnet.jim.api",
    "jimnet.network.views",
    "jimnet.network.api",
    "jimnet.matching.views",
    "jimnet.matching.api",
    "jimnet.pool.views",
    "jimnet.pool.api",
    "jimnet.privacy.views",
    "jimnet.privacy.api",
)


def create_app(config: dict[str, Any] | None = None) -> Flask:
    app = Flask(
        __name__,
        instance_path=str(ROOT / "instance"),
        template_folder=str(ROOT / "templates"),
    )
    from jimnet.config import load_config

    app.config.update(load_config(Path(app.instance_path)))
    if config:
        app.config.update(config)
    from jimnet.jsonlimits import BoundedJSONProvider

    # Every JSON body is bounded (depth, number length) before Python's parser sees it.
    app.json = BoundedJSONProvider(app)

    from flask_smorest import Blueprint as SmorestBlueprint

    from jimnet import (
        cli,
        csrf,
        errors,
        i18n,
        input_guard,
        jobs,
        logs,
        navigation,
        paging,
        security,
        sessions,
        uow,
    )
    from jimnet.accounts import auth
    from jimnet.db import configure_sqlite
    from jimnet.extensions import api, db, limiter, migrate

    logs.init_app(app)
    paging.init_app(app)
    input_guard.init_app(app)
    db.init_app(app)
    with app.app_context():
        configure_sqlite(db.engine)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"))
    _import_models()
    sessions.init_app(app)
    auth.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    i18n.init_app(app)
    security.init_app(app)
    jobs.init_app(app)  # before the unit of work: its after-request hook runs after the commit
    uow.init_app(app)
    errors.init_app(app)
    navigation.init_app(app)
    api.init_app(app)
    for module_name in BLUEPRINTS:
        module = importlib.import_module(module_name)
        if isinstance(module.bp, SmorestBlueprint):
            api.register_blueprint(module.bp)  # its routes go into the OpenAPI document too
        else:
            app.register_blueprint(module.bp)
    cli.init_app(app)
    if app.config["JIMNET_PROXY_COUNT"]:
        # Client addresses (rate limits, the access log) come from the proxy's headers.
        from werkzeug.middleware.proxy_fix import ProxyFix

        count = app.config["JIMNET_PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count)  # type: ignore[method-assign]
    logging.getLogger("jimnet").setLevel(logging.INFO)
    return app


def _import_models() -> None:
    """Every model module, so that the metadata (and Alembic) knows every table."""
    from jimnet.models import import_all

    import_all()
