"""Scoping for class-based views: outside the user's scope → 404, read-only → 403."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied

from core.scoping import Action, can_change


class ScopedViewMixin(LoginRequiredMixin):
    """Reads through ``model.objects.for_user``; changing views also need the change scope."""

    action = Action.VIEW

    def get_queryset(self):
        return self.model.objects.for_user(self.request.user, Action.VIEW)

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)  # 404 when outside the view scope
        if self.action is Action.CHANGE and not can_change(self.request.user, obj):
            raise PermissionDenied
        return obj


class ImportPreviewMixin:
    """An import page that checks first and writes only when confirmed (a FormView on a
    ``core.forms.KeptUploadForm``): the check says what will be created and updated and
    every problem by row and column; "confirm" runs the import from the kept file.

    A subclass gives ``run_import(form, data=..., dry_run=...)``, whose result has ``ok``
    and ``problems`` (``core.imports.Problem``) and may have ``planned`` rows."""

    max_shown = 500
    failed_status = 200  # of a check or a form that failed

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def run_import(self, form, *, data: bytes, dry_run: bool):
        raise NotImplementedError

    def import_done(self, form, result):
        """The response after a confirmed import that succeeded; the page by default."""
        return None

    def form_valid(self, form):
        confirmed = "confirm" in self.request.POST
        result = self.run_import(form, data=form.kept_file.data, dry_run=not confirmed)
        kept = form.kept_file
        if confirmed and result.ok:
            form.discard_kept_file()
            kept = None
            done = self.import_done(form, result)
            if done is not None:
                return done
        problems = list(result.problems)
        planned = list(getattr(result, "planned", []))
        context = self.get_context_data(
            form=form,
            result=result,
            kept_file=kept,
            filename=form.kept_file.name,
            problems=problems[: self.max_shown],
            more_problems=max(0, len(problems) - self.max_shown),
            planned=planned[: self.max_shown],
            more_planned=max(0, len(planned) - self.max_shown),
        )
        return self.render_to_response(context, status=200 if result.ok else self.failed_status)

    def form_invalid(self, form):
        context = self.get_context_data(form=form, kept_file=form.kept_file)
        return self.render_to_response(context, status=self.failed_status)
