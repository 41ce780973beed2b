from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.personal_data import PERSONAL_DATA
from accounts.selectors import home_context
from reports.dashboards.views import dashboard_response


@require_GET
@login_required
def home(request):
    """Each role has its own home page, linking to what that role does."""
    user = request.user
    if user.is_administrator:
        template = "accounts/home_admin.html"
    elif user.is_evaluator:
        template = "accounts/home_evaluator.html"
    elif user.is_executive:
        return dashboard_response(request)  # an executive's home is their dashboard
    else:
        template = "accounts/home_officer.html"
    return render(request, template, home_context(user=user))


@require_GET
def privacy(request):
    """What personal data the portal holds (PDPA): readable by everyone, signed in or not."""
    return render(request, "accounts/privacy.html", {"records": PERSONAL_DATA})
