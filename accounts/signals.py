"""A user's API tokens end when their password changes or their account is deactivated.

A model signal, not a call in a view, because a password is set in many places: the
password-change page, the admin site's user form and its password form, ``add_user``,
``changepassword``, a password reset. Every one of them saves the user, so this is
the one hook none of them can miss.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from accounts.models import User
from accounts.services import api_tokens_revoke_all


def _ends_api_tokens(user: User, update_fields) -> bool:
    fields = set(update_fields) if update_fields is not None else None
    if fields is not None and not fields & {"password", "is_active"}:
        return False  # a sign-in saves last_login only
    before = User.objects.filter(pk=user.pk).values("password", "is_active").first()
    if before is None:
        return False
    if before["is_active"] and not user.is_active:
        return True
    if before["password"] == user.password:
        return False
    # check_password() re-hashes the same password when Django's hasher settings move
    # on, and saves only the hash without the new raw password: that is no change.
    rehash = fields == {"password"} and getattr(user, "_password", None) is None
    return not rehash


@receiver(pre_save, sender=User, dispatch_uid="accounts_api_tokens_check")
def note_password_change_or_deactivation(sender, instance, raw=False, update_fields=None, **kw):
    if raw or instance.pk is None:
        return
    instance._end_api_tokens = _ends_api_tokens(instance, update_fields)


@receiver(post_save, sender=User, dispatch_uid="accounts_api_tokens_end")
def end_api_tokens(sender, instance, raw=False, **kwargs):
    # After the save, so that a save that fails ends no token.
    if getattr(instance, "_end_api_tokens", False):
        instance._end_api_tokens = False
        api_tokens_revoke_all(user=instance)
