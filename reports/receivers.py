"""Signed records asked for when minutes are certified or amended and when a period's
figures are approved. A receiver here, because meetings and programs lie below reports
and may not import it (tests/test_layers.py); the record itself is made by a task after
the commit, never in the request."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from meetings.models import Meeting, MinutesAmendment
from programs.models.approvals import ApprovalState, PeriodApproval
from reports import signed_records


@receiver(post_save, sender=Meeting, dispatch_uid="reports_minutes_certified")
def minutes_certified(sender, instance: Meeting, raw=False, **kwargs) -> None:
    if raw or not instance.is_certified:
        return
    signed_records.signed_record_for_minutes(meeting=instance)


@receiver(post_save, sender=MinutesAmendment, dispatch_uid="reports_minutes_amended")
def minutes_amended(sender, instance: MinutesAmendment, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    signed_records.signed_record_for_minutes(
        meeting=instance.meeting, reason=instance.reason, new_version=True
    )


@receiver(post_save, sender=PeriodApproval, dispatch_uid="reports_period_approved")
def period_approved(sender, instance: PeriodApproval, raw=False, **kwargs) -> None:
    if raw or instance.state != ApprovalState.APPROVED or instance.approved_at is None:
        return
    signed_records.signed_record_for_approval(approval=instance)
