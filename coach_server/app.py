"""The FastAPI application: built by ``create_app`` from settings; routers per concern; strict limits."""

from __future__ import annotations

import secrets
import uuid

from fastapi import Depends, FastAPI
from sqlalchemy import Engine, insert, select

from . import tables
from .access_log import install_access_log
from .api_errors import StrictRoute, error_responses, install_error_handlers, reject_unknown_query
from .db import make_engine
from .deps import ServerState
from .limits import install_limits
from .settings import ServerSettings


def load_or_init_meta(engine: Engine) -> ServerState:
    """Read the server's epoch and secrets, creating them on first start."""
    with engine.begin() as conn:
        row = conn.execute(select(tables.server_meta).where(tables.server_meta.c.id == 1)).first()
        if row is None:
            values = {"id": 1, "server_epoch": str(uuid.uuid4()), "tombstone_horizon_seq": 0,
                      "cursor_secret": secrets.token_hex(32), "token_secret": secrets.token_hex(32),
                      "min_schema": 1, "max_schema": 1}  # fmt: skip
            conn.execute(insert(tables.server_meta).values(**values))
            row = conn.execute(select(tables.server_meta).where(tables.server_meta.c.id == 1)).one()
    return ServerState(
        engine=engine,
        token_secret=bytes.fromhex(row.token_secret),
        cursor_secret=bytes.fromhex(row.cursor_secret),
        server_epoch=row.server_epoch,
    )


def create_app(settings: ServerSettings | None = None, engine: Engine | None = None) -> FastAPI:
    from .migrations_runner import upgrade_to_head
    from .routes_auth import router as auth_router
    from .routes_sync import router as sync_router

    settings = settings or ServerSettings()
    engine = engine or make_engine(settings.db_url)
    upgrade_to_head(engine)
    app = FastAPI(title="Coach Desktop sync server", version="1.0.0", docs_url=None, redoc_url=None,
                  dependencies=[Depends(reject_unknown_query)])  # fmt: skip
    app.router.route_class = StrictRoute
    app.state.coach = load_or_init_meta(engine)
    app.state.settings = settings
    install_error_handlers(app)
    install_limits(app, settings)
    install_access_log(app)
    app.include_router(auth_router)
    app.include_router(sync_router)

    @app.get("/healthz", tags=["ops"], responses=error_responses(422))
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app
