"""Pages of the evaluations app: an evaluator's itinerary and scoring screen (which also
work offline, see ``static/src/evaluations``), results per round and per site, and the
chair's finalisation."""

import hashlib
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.scoping import Action
from core.uploads import file_response
from evaluations.forms import ReopenForm, ScoreSheetForm
from evaluations.models import (
    EvaluationRound,
    EvidencePhoto,
    ScoreSheet,
    Visit,
)
from evaluations.offline_owner import kept_offline
from evaluations.selectors import visit_cards, visit_score_summary
from evaluations.services.results import is_round_chair, site_result_finalise, site_result_reopen
from evaluations.services.scoring import score_sheet_submit


@kept_offline
@require_GET
@login_required
def visit_list(request):
    """The evaluator's itinerary: assigned visits by date, with address and a map link."""
    visits = visit_cards(user=request.user)
    return render(request, "evaluations/visit_list.html", {"visits": visits})


@require_GET
@login_required
def round_list(request):
    rounds = (
        EvaluationRound.objects.for_user(request.user, Action.VIEW)
        .select_related("program", "province")
        .order_by("-fiscal_year", "-starts_on")
    )
    return render(request, "evaluations/round_list.html", {"rounds": rounds})


def _visible_visit(request, pk) -> Visit:
    visits = Visit.objects.for_user(request.user, Action.VIEW).select_related(
        "round", "rubric", "club", "district", "province"
    )
    return get_object_or_404(visits, pk=pk)


@kept_offline
@require_http_methods(["GET", "POST"])
@login_required
def visit_score(request, pk):
    """The scoring screen, one criterion per row. With JavaScript the form is kept in the
    phone and sent through the API when online; without it, it posts here."""
    visit = _visible_visit(request, pk)
    if not visit.assignments.filter(evaluator=request.user).exists():
        raise PermissionDenied(_("คุณไม่ได้รับมอบหมายให้ประเมินสถานที่นี้"))
    criteria = list(visit.rubric.criteria().select_related("component"))
    sheet = ScoreSheet.objects.filter(visit=visit, evaluator=request.user).first()
    data = request.POST if request.method == "POST" else None
    form = ScoreSheetForm(data, criteria=criteria, sheet=sheet)
    if request.method == "POST" and form.is_valid():
        try:
            score_sheet_submit(
                visit=visit,
                evaluator=request.user,
                client_id=form.cleaned_data["client_id"] or uuid.uuid4(),
                rubric_id=form.cleaned_data["rubric"],
                scores=form.scores(),
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("บันทึกคะแนนของ %(site)s แล้ว") % {"site": visit.competitor})
            return redirect("evaluations:visit_list")
    return TemplateResponse(
        request,
        "evaluations/visit_score.html",
        {
            "visit": visit,
            "form": form,
            "criteria_rows": form.criterion_rows(),
            "max_total": sum(criterion.max_points for criterion in criteria),
        },
        status=400 if form.errors else 200,
    )


def _chair_visit(request, pk) -> Visit:
    """A visit the user may see and, as the round's chair, finalise or reopen."""
    visit = _visible_visit(request, pk)
    if not is_round_chair(visit.round, request.user):
        raise PermissionDenied(_("เฉพาะประธานคณะกรรมการประเมินยืนยันหรือเปิดผลการประเมินได้"))
    return visit


@require_GET
@login_required
def visit_result(request, pk):
    """A site's result: each criterion with every evaluator's score, mean, spread and flag;
    photos and comments; the chair finalises or reopens here."""
    visit = _visible_visit(request, pk)
    summary = visit_score_summary(visit=visit)
    result = getattr(visit, "result", None)
    photos = EvidencePhoto.objects.for_user(request.user).filter(visit=visit)
    evaluators = [sheet.evaluator for sheet in summary.sheets]
    return render(
        request,
        "evaluations/visit_result.html",
        {
            "visit": visit,
            "summary": summary,
            "evaluators": evaluators,
            "rows": [
                (stats, [stats.by_evaluator.get(person.pk) for person in evaluators])
                for stats in summary.criteria
            ],
            "result": result,
            "photos": photos,
            "is_chair": is_round_chair(visit.round, request.user),
            "reopen_form": ReopenForm(),
        },
    )


@require_POST
@login_required
def visit_finalise(request, pk):
    visit = _chair_visit(request, pk)
    try:
        site_result_finalise(visit=visit, user=request.user, feedback=request.POST.get("feedback"))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ยืนยันผลการประเมินของ %(site)s แล้ว") % {"site": visit.competitor})
    return redirect("evaluations:visit_result", pk=visit.pk)


@require_POST
@login_required
def visit_reopen(request, pk):
    visit = _chair_visit(request, pk)
    form = ReopenForm(request.POST)
    if form.is_valid():
        try:
            site_result_reopen(visit=visit, user=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("เปิดผลการประเมินให้แก้ไขได้แล้ว"))
    else:
        messages.error(request, _("กรุณาระบุเหตุผลที่เปิดแก้ไขผลการประเมิน"))
    return redirect("evaluations:visit_result", pk=visit.pk)


@require_GET
@login_required
def photo(request, client_id):
    """A photo, only through the same scoping as its visit (never a public media URL),
    served as a sandboxed attachment like every stored file (``<img>`` still shows it)."""
    found = get_object_or_404(EvidencePhoto.objects.for_user(request.user), client_id=client_id)
    if not found.image:
        raise Http404
    with found.image.open("rb") as stored:
        return file_response(
            stored.read(), content_type="image/jpeg", filename=f"{found.client_id}.jpg"
        )


# What the scoring screens need to work offline, kept when the service worker installs.
OFFLINE_SHELL_STATIC = [
    "vendor/bootstrap/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "vendor/sarabun/sarabun.css",
    "vendor/idb/idb.umd.js",
    "src/portal.css",
    "src/portal.js",
    "src/thai_numbers.js",
    "src/evaluations/offline.js",
    "src/evaluations/shared_phone.js",
    "src/evaluations/icon.svg",
]


@require_GET
def service_worker(request):
    """The service worker, served under /evaluations/ so that it controls the scoring pages.

    Its cache is named after the static files' URLs (hashed in production), so a new
    release installs a fresh cache and drops the old one."""
    shell = [static(path) for path in OFFLINE_SHELL_STATIC] + [reverse("evaluations:offline")]
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "evaluations/sw.js",
        {"shell": shell, "version": version},
        content_type="application/javascript; charset=utf-8",
    )
    response["Cache-Control"] = "no-cache"
    # Served under /evaluations/, it may still control the whole portal: offline, any page
    # an evaluator opens falls back to the offline page rather than the browser's error.
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    return render(
        request, "evaluations/manifest.webmanifest", content_type="application/manifest+json"
    )


@require_GET
def offline(request):
    """What the service worker shows for a page it has not kept."""
    return render(request, "evaluations/offline.html")
