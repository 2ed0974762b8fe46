"""The one NinjaAPI, mounting each app's router, with one JSON shape for every error:
``{"error": {"code": ..., "message": ..., "details": ...}}``."""

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from renkei.accounts.api import router as accounts_router
from renkei.agreements.api import me_router, workspace_router
from renkei.agreements.api import router as agreements_router
from renkei.agreements.api_ledger import router as ledger_router
from renkei.agreements.api_lifecycle import router as lifecycle_router
from renkei.consultations.api import router as consultations_router
from renkei.core.errors import ApplicationError
from renkei.core.input_guard import GuardedParser
from renkei.core.json_renderer import OrjsonRenderer
from renkei.core.openapi import openapi_refusals_document
from renkei.core.rate_limits import RateLimited
from renkei.exchange.api import router as exchange_router
from renkei.publication.api import health_router
from renkei.publication.api import router as verification_router
from renkei.registry.api import router as registry_router
from renkei.registry.api_suspension_cases import router as suspension_cases_router
from renkei.screening.api import router as screening_router


class RenkeiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return openapi_refusals_document(schema)


api = RenkeiAPI(
    title="renkei API",
    version="1",
    description=(
        "The JSON API of renkei, the information-sharing platform of Japan's Specified Skilled "
        "Worker Memoranda of Cooperation. Authenticate with `Authorization: Bearer <token>`; "
        "the agreements themselves are public."
    ),
    urls_namespace="api",
    docs_url="/docs",
    openapi_url="/openapi.json",
    # The C encoder in the standard library took a tenth of a name check's time.
    renderer=OrjsonRenderer(),
    parser=GuardedParser(),
)


def _error(request, status: int, code: str, message: str, details=None):
    return api.create_response(
        request,
        {"error": {"code": code, "message": message, "details": details or {}}},
        status=status,
    )


@api.exception_handler(ApplicationError)
def on_application_error(request, exc: ApplicationError):
    response = _error(request, exc.status, exc.code, exc.message, exc.details)
    if isinstance(exc, RateLimited):
        response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(AuthenticationError)
def on_authentication_error(request, exc):
    return _error(
        request,
        401,
        "unauthorized",
        _("Authentication required: send a valid, unrevoked API token as 'Authorization: Bearer'."),
    )


@api.exception_handler(ValidationError)
def on_validation_error(request, exc: ValidationError):
    return _error(request, 422, "invalid", _("The request is not valid."), {"errors": exc.errors})


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found."))


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return _error(request, exc.status_code, "http_error", str(exc))


# URLs are tried in order: the name check, the health probe and the examiners' verification,
# which programs call many times a second, come first.
api.add_router("/", screening_router)
api.add_router("/", health_router)
api.add_router("/", verification_router)
api.add_router("/", me_router)
api.add_router("/", accounts_router)
api.add_router("/agreements", agreements_router)
api.add_router("/agreements", lifecycle_router)
api.add_router("/workspaces", workspace_router)
api.add_router("/", exchange_router)
api.add_router("/", registry_router)
api.add_router("/", suspension_cases_router)
api.add_router("/", consultations_router)
api.add_router("/", ledger_router)
