"""What every app's API shares: scoped viewsets, and one exception handler that turns a
service's refusals into the API's answers.

Services raise Django's ``ValidationError`` (→ 400 with the messages on the fields they
name) and ``PermissionDenied`` (→ 403 with the service's Thai reason); views call them
without a ``try`` of their own.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions, serializers, viewsets
from rest_framework.views import exception_handler as drf_exception_handler

from core.scoping import Action, can_change


def as_drf_error(error: DjangoValidationError) -> serializers.ValidationError:
    if hasattr(error, "error_dict"):
        return serializers.ValidationError(error.message_dict)
    return serializers.ValidationError({"non_field_errors": error.messages})


def exception_handler(exc, context):
    """DRF's handler, which also answers a service's Django exceptions."""
    if isinstance(exc, DjangoValidationError):
        exc = as_drf_error(exc)
    elif isinstance(exc, DjangoPermissionDenied) and str(exc):
        exc = exceptions.PermissionDenied(str(exc))
    return drf_exception_handler(exc, context)


class ScopedReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """Reads ``model`` through the same ``for_user`` scoping as the pages."""

    model = None

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, Action.VIEW)


class ScopedChangeMixin:
    """A row outside the view scope is 404 (by ``get_queryset``); one the user sees but
    may not change is 403 for any unsafe method."""

    def get_object(self):
        obj = super().get_object()
        if self.request.method not in permissions.SAFE_METHODS and not can_change(
            self.request.user, obj
        ):
            raise exceptions.PermissionDenied
        return obj
