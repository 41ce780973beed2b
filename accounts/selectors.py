"""Reads of accounts; each is scoped to the user."""

from django.db.models import QuerySet

from accounts.models import ApiToken, User


def api_token_list(*, user: User, everyone: bool = False, username: str = "") -> QuerySet[ApiToken]:
    """Live tokens the user may see: their own, or with ``everyone`` (administrators) all."""
    tokens = ApiToken.objects.for_user(user).live().select_related("user")
    if not everyone:
        tokens = tokens.filter(user=user)
    if username:
        tokens = tokens.filter(user__username__icontains=username)
    return tokens
