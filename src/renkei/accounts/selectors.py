from django.db.models import QuerySet

from renkei.accounts.models import ApiToken, User


def api_token_list_for(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor).order_by("-created_at")


def user_get_by_username(*, username: str) -> User | None:
    return User.objects.filter(username=username).select_related("unit").first()
