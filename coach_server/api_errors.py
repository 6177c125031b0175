"""Typed API errors: every failure answers with the protocol's ErrorBody, never a stack trace or PHI."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from coach_desktop.sync.protocol import ErrorBody, ErrorCode


class ApiError(Exception):
    def __init__(self, status: int, code: ErrorCode, detail: str = "", headers: dict[str, str] | None = None,
                 **extra: Any) -> None:  # fmt: skip
        super().__init__(code.value)
        self.status = status
        self.body = ErrorBody(error=code, detail=detail, **extra)
        self.headers = headers


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        return JSONResponse(exc.body.model_dump(exclude_none=True), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # Field locations only: the submitted values could be PHI and are never echoed back.
        where = sorted({".".join(str(p) for p in err.get("loc", ())) for err in exc.errors()})[:20]
        body = ErrorBody(error=ErrorCode.INVALID, detail="invalid request: " + ", ".join(where))
        return JSONResponse(body.model_dump(exclude_none=True), status_code=422)
