"""The home page of each role and the privacy page: the top floor, which reads
every app below it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from portal.personal_data import PERSONAL_DATA
from portal.selectors import home_context
from portal.work import my_work, work_count_for_request
from reports.dashboards.views import dashboard_response


@require_GET
@login_required
def home(request):
    """Each role has its own home page, linking to what that role does."""
    user = request.user
    if user.is_administrator:
        template = "portal/home_admin.html"
    elif user.is_evaluator:
        template = "portal/home_evaluator.html"
    elif user.is_executive:
        return dashboard_response(request)  # an executive's home is their dashboard
    else:
        template = "portal/home_officer.html"
    context = home_context(user=user)
    if not user.is_administrator:
        work_count_for_request(request)  # counted once, shared with the navigation
        context["sections"] = my_work(user, counts=request._work_counts)
    return render(request, template, context)


@require_GET
def privacy(request):
    """What personal data the portal holds (PDPA): readable by everyone, signed in or not."""
    return render(request, "portal/privacy.html", {"records": PERSONAL_DATA})


@require_GET
@login_required
def my_work_view(request):
    """งานของฉัน: what waits for the user, each line linking to where it is done."""
    work_count_for_request(request)  # counted once, shared with the navigation
    sections = my_work(request.user, counts=request._work_counts)
    return render(request, "portal/my_work.html", {"sections": sections})
