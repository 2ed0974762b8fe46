"""`Idempotency-Key` on POST: the first request's answer is stored with its changes, in the same
transaction; a retry with the same key and body gets that answer again and changes nothing."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils.translation import gettext as _
from ninja import Status

from renkei.core.errors import ApplicationError
from renkei.core.models import IdempotencyRecord
from renkei.core.transitions import StateConflict


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(request.method.encode())
    digest.update(request.path.encode())
    try:
        body = request.body
    except RawPostDataException:  # the stream was parsed as a form already
        body = request.POST.urlencode().encode()
    digest.update(body if not request.FILES else request.POST.urlencode().encode())
    for name, upload in sorted(request.FILES.items()):
        digest.update(name.encode())
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
    return digest.hexdigest()


def run_idempotent(
    request: HttpRequest, status: int, produce: Callable[[], dict[str, Any]]
) -> Status:
    key = request.headers.get("Idempotency-Key")
    if key is None:
        return Status(status, produce())
    if not (1 <= len(key) <= 100 and key.isascii() and key.isprintable()):
        raise ApplicationError(
            _("The Idempotency-Key must be 1 to 100 printable ASCII characters."),
            code="invalid_idempotency_key",
        )
    fingerprint = _fingerprint(request)
    user = request.auth
    stored = IdempotencyRecord.objects.filter(user=user, key=key).first()
    if stored is None:
        try:
            with transaction.atomic():
                body = json.loads(json.dumps(produce(), cls=DjangoJSONEncoder))
                IdempotencyRecord.objects.create(
                    user=user, key=key, fingerprint=fingerprint, status_code=status, response=body
                )
            return Status(status, body)
        except IntegrityError:
            # A concurrent retry won the race; everything this one wrote was rolled back.
            stored = IdempotencyRecord.objects.get(user=user, key=key)
        except StateConflict:
            # A retry sent while the first request still ran waited for its lock and found the
            # state it left: the first request's answer, once it committed, is this one's too.
            stored = IdempotencyRecord.objects.filter(user=user, key=key).first()
            if stored is None:
                raise
    if stored.fingerprint != fingerprint:
        error = ApplicationError(
            _("This Idempotency-Key was used for a different request."),
            code="idempotency_key_reused",
        )
        error.status = 422
        raise error
    return Status(stored.status_code, stored.response)
