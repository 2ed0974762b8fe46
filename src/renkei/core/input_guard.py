"""The gate every request passes before a view runs: bodies over their limit are refused before
they are read, and no string of the path, query, form, JSON body, uploaded file's name or bearer
token may carry a control character (``core.text``). A refusal is a 400 or 413 in the reader's
language, as JSON under ``/api/`` and as a page elsewhere, and nothing is written.

JSON bodies are parsed here once; the API's parser (:class:`GuardedParser`) takes the parsed
document instead of parsing again.
"""

from __future__ import annotations

from typing import Any

import orjson
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from ninja.parser import Parser

from renkei.core.errors import ApplicationError
from renkei.core.text import (
    control_characters_error,
    has_control_characters,
    strings_with_control_characters,
)

_PARSED = "_renkei_json"


class UploadTooLarge(Exception):
    pass


class AttachmentLimitUploadHandler(FileUploadHandler):
    """First of the upload handlers: counts each file's bytes as they stream in and stops the
    upload at the attachment limit, so a 2 GB file costs no more than the limit to refuse."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self._received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self._received += len(raw_data)
        if self._received > settings.RENKEI_ATTACHMENT_MAX_BYTES:
            raise UploadTooLarge
        return raw_data

    def file_complete(self, file_size: int):
        return None  # the next handler keeps the file


def body_too_large_error(limit: int) -> ApplicationError:
    error = ApplicationError(
        _("The request is larger than %(kb)s KB.") % {"kb": limit // 1024},
        code="request_too_large",
        details={"limit": limit},
    )
    error.status = 413
    return error


def upload_too_large_error() -> ApplicationError:
    limit = settings.RENKEI_ATTACHMENT_MAX_BYTES
    error = ApplicationError(
        _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)},
        code="file_too_large",
        details={"limit": limit},
    )
    error.status = 413
    return error


def malformed_json_error() -> ApplicationError:
    return ApplicationError(
        _("The request body is not valid JSON (UTF-8, no lone surrogates)."),
        code="malformed_json",
    )


def _content_length(request: HttpRequest) -> int:
    try:
        return max(int(request.META.get("CONTENT_LENGTH") or 0), 0)
    except ValueError:
        return 0


def _refusal(request: HttpRequest) -> ApplicationError | None:
    if has_control_characters(request.path_info):
        return control_characters_error(_("the address"))
    if has_control_characters(request.META.get("HTTP_AUTHORIZATION", "")):
        return control_characters_error("Authorization")
    for key, values in request.GET.lists():
        for value in [key, *values]:
            if has_control_characters(value):
                return control_characters_error(key)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = request.content_type or ""
    if content_type.startswith("multipart/"):
        return _form_refusal(request, limit_checked=False)
    if _content_length(request) > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
        return body_too_large_error(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if content_type == "application/x-www-form-urlencoded":
        return _form_refusal(request, limit_checked=True)
    if content_type == "application/json" or (
        request.path_info.startswith("/api/") and request.body
    ):
        return _json_refusal(request)
    return None


def _form_refusal(request: HttpRequest, *, limit_checked: bool) -> ApplicationError | None:
    # Multipart bodies carry files, limited per file while they stream in; their other fields
    # count against DATA_UPLOAD_MAX_MEMORY_SIZE inside Django's parser.
    try:
        form, files = request.POST, request.FILES
    except UploadTooLarge:
        return upload_too_large_error()
    for key, values in form.lists():
        for value in [key, *values]:
            if has_control_characters(value):
                return control_characters_error(key)
    for _key, uploads in files.lists():
        for upload in uploads:
            if has_control_characters(upload.name or ""):
                return control_characters_error(_("the file's name"))
    return None


def _json_refusal(request: HttpRequest) -> ApplicationError | None:
    if not request.body:
        return None
    try:
        document = orjson.loads(request.body)  # refuses invalid UTF-8 and lone surrogates
    except orjson.JSONDecodeError:
        return malformed_json_error()
    for where in strings_with_control_characters(document):
        return control_characters_error(where)
    setattr(request, _PARSED, document)
    return None


def refusal_response(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        body = {"error": {"code": error.code, "message": error.message, "details": error.details}}
        return JsonResponse(body, status=error.status)
    return render(request, "refused.html", {"message": error.message}, status=error.status)


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Django raises RequestDataTooBig on reading a body over the limit; a client that lies
        # about its length is caught there and answered like this.
        from django.core.exceptions import RequestDataTooBig

        try:
            error = _refusal(request)
        except RequestDataTooBig:
            error = body_too_large_error(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if error is not None:
            return refusal_response(request, error)
        return self.get_response(request)


class GuardedParser(Parser):
    """ninja's JSON parser, taking the document the guard already parsed."""

    def parse_body(self, request: HttpRequest) -> Any:
        if hasattr(request, _PARSED):
            return getattr(request, _PARSED)
        return orjson.loads(request.body)
