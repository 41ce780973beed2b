from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from audit.forms import AuditFilterForm
from audit.selectors import audit_entries, audit_log

PAGE_SIZE = 50


@require_GET
@login_required
def audit_log_view(request):
    """Who created, changed or deleted what, and when: administrators only, read only."""
    if not request.user.is_administrator:
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    filters = {}
    if form.is_valid():
        filters = {
            "model": form.cleaned_data["model"] or None,
            "changed_by": form.cleaned_data["user"],
            "date_from": form.cleaned_data["date_from"],
            "date_to": form.cleaned_data["date_to"],
        }
    # An invalid filter shows the form's errors over the whole log, never a server error.
    page = Paginator(audit_log(user=request.user, **filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/audit_log.html",
        {
            "form": form,
            "page": page,
            "entries": audit_entries(list(page.object_list)),
            "query": query.urlencode(),
        },
    )
