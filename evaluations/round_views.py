"""Setting up rounds in the portal: the round itself, its committee, and its itinerary of
visits with the evaluators assigned to each. Officers run their own province's rounds,
administrators any; everyone else who may read a round is refused (403), the rest do not
find it (404). The writes are the services'."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.forms import add_service_errors
from core.scoping import Action, can_change, scoped_object
from evaluations.forms import RoundEvaluatorForm, RoundForm, VisitForm
from evaluations.models import EvaluationRound, RoundEvaluator, Rubric, Visit
from evaluations.selectors import round_itinerary, round_results
from evaluations.services.rounds import (
    evaluation_round_create,
    evaluation_round_update,
    round_chair_set,
    round_evaluator_add,
    round_evaluator_remove,
    visit_create,
    visit_delete,
    visit_require_editable,
    visit_update,
)


def changeable_round(user, pk) -> EvaluationRound:
    """The round if the user may change it: 404 if they cannot see it, 403 if they only read it."""
    rounds = EvaluationRound.objects.select_related("program", "province")
    return scoped_object(rounds, user, Action.CHANGE, pk=pk)


def can_change_round(user, round_: EvaluationRound) -> bool:
    return can_change(user, round_)


def _changeable_visit(user, pk) -> Visit:
    visit = get_object_or_404(
        Visit.objects.for_user(user, Action.VIEW).select_related(
            "round", "club", "district", "province", "rubric"
        ),
        pk=pk,
    )
    changeable_round(user, visit.round_id)
    return visit


def _changeable_seat(user, pk) -> RoundEvaluator:
    seat = get_object_or_404(
        RoundEvaluator.objects.select_related("user", "round").filter(
            round__in=EvaluationRound.objects.for_user(user, Action.VIEW)
        ),
        pk=pk,
    )
    changeable_round(user, seat.round_id)
    return seat


def _back_to_round(round_id: int, anchor: str):
    response = redirect("evaluations:round_detail", pk=round_id)
    response["Location"] += f"#{anchor}"
    return response


# --- The round -------------------------------------------------------------------------


@require_GET
@login_required
def round_detail(request, pk):
    round_ = get_object_or_404(
        EvaluationRound.objects.for_user(request.user, Action.VIEW).select_related("program"),
        pk=pk,
    )
    return round_detail_response(request, round_)


def round_detail_response(request, round_, *, committee_form=None, status=200):
    """The round page: committee, rubrics, itinerary and results; for those who may change
    the round, the forms that set it up (``committee_form`` bound when it had errors)."""
    can_change = can_change_round(request.user, round_)
    if can_change and committee_form is None:
        committee_form = RoundEvaluatorForm(round_=round_)
    return TemplateResponse(
        request,
        "evaluations/round_detail.html",
        {
            "round": round_,
            "rows": round_results(round_=round_, user=request.user),
            "evaluators": round_.evaluators.select_related("user"),
            "rubrics": Rubric.objects.for_user(request.user).filter(rounds=round_),
            "itinerary": round_itinerary(round_=round_, user=request.user),
            "can_change": can_change,
            "committee_form": committee_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_create(request):
    user = request.user
    if not user.can_enter_data:
        raise PermissionDenied
    form = RoundForm(request.POST if request.method == "POST" else None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = evaluation_round_create(**form.round_fields(province=user.province))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("สร้างรอบการประเมิน %(name)s แล้ว เพิ่มคณะกรรมการและกำหนดการเยี่ยมได้ที่หน้านี้")
                % {"name": round_},
            )
            return redirect("evaluations:round_detail", pk=round_.pk)
    return TemplateResponse(
        request,
        "evaluations/round_form.html",
        {"form": form, "round": None},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def round_update(request, pk):
    round_ = changeable_round(request.user, pk)
    form = RoundForm(
        request.POST if request.method == "POST" else None, user=request.user, round_=round_
    )
    if request.method == "POST" and form.is_valid():
        try:
            evaluation_round_update(round_=round_, **form.round_fields(province=round_.province))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("บันทึกรอบการประเมินแล้ว"))
            return redirect("evaluations:round_detail", pk=round_.pk)
    return TemplateResponse(
        request,
        "evaluations/round_form.html",
        {"form": form, "round": round_},
        status=400 if form.errors else 200,
    )


# --- The committee ---------------------------------------------------------------------


@require_POST
@login_required
def round_evaluator_add_view(request, pk):
    """Seat an evaluator; on an error the round page comes back with what was chosen."""
    round_ = changeable_round(request.user, pk)
    form = RoundEvaluatorForm(request.POST, round_=round_)
    if form.is_valid():
        try:
            seat = round_evaluator_add(round_=round_, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("เพิ่ม %(name)s ในคณะกรรมการแล้ว") % {"name": seat})
            return _back_to_round(round_.pk, "committee")
    return round_detail_response(request, round_, committee_form=form, status=400)


@require_POST
@login_required
def round_evaluator_chair(request, pk):
    seat = _changeable_seat(request.user, pk)
    round_chair_set(seat=seat)
    messages.success(request, _("ตั้ง %(name)s เป็นประธานคณะกรรมการประเมินแล้ว") % {"name": seat})
    return _back_to_round(seat.round_id, "committee")


@require_POST
@login_required
def round_evaluator_remove_view(request, pk):
    seat = _changeable_seat(request.user, pk)
    try:
        round_evaluator_remove(seat=seat)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("นำ %(name)s ออกจากคณะกรรมการแล้ว") % {"name": seat})
    return _back_to_round(seat.round_id, "committee")


# --- Visits ----------------------------------------------------------------------------


def _visit_form_page(request, form, round_, visit=None):
    return TemplateResponse(
        request,
        "evaluations/visit_form.html",
        {"form": form, "round": round_, "visit": visit},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
def visit_create_view(request, pk):
    round_ = changeable_round(request.user, pk)
    form = VisitForm(request.POST if request.method == "POST" else None, round_=round_)
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_create(
                round_=round_,
                evaluators=list(form.cleaned_data["evaluators"]),
                **form.visit_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("เพิ่มการเยี่ยม %(visit)s แล้ว") % {"visit": visit})
            return _back_to_round(round_.pk, "itinerary")
    return _visit_form_page(request, form, round_)


@require_http_methods(["GET", "POST"])
@login_required
def visit_update_view(request, pk):
    visit = _changeable_visit(request.user, pk)
    try:
        visit_require_editable(visit)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return _back_to_round(visit.round_id, "itinerary")
    form = VisitForm(
        request.POST if request.method == "POST" else None, round_=visit.round, visit=visit
    )
    if request.method == "POST" and form.is_valid():
        try:
            visit = visit_update(
                visit=visit,
                evaluators=list(form.cleaned_data["evaluators"]),
                **form.visit_fields(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("บันทึกการเยี่ยม %(visit)s แล้ว") % {"visit": visit})
            return _back_to_round(visit.round_id, "itinerary")
    return _visit_form_page(request, form, visit.round, visit)


@require_POST
@login_required
def visit_delete_view(request, pk):
    visit = _changeable_visit(request.user, pk)
    try:
        visit_delete(visit=visit)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("ลบการเยี่ยม %(visit)s แล้ว") % {"visit": visit})
    return _back_to_round(visit.round_id, "itinerary")
