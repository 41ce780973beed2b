"""Signed records asked for when minutes are certified or amended and when a period's
figures are approved. A receiver here, because meetings and programs lie below reports
and may not import it (tests/test_layers.py); the record itself is made by a task after
the commit, never in the request."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from meetings.models import MinutesAmendment
from meetings.signals import minutes_status_changed
from programs.models.approvals import ApprovalState, PeriodApproval
from programs.signals import period_approval_changed
from reports import signed_records


@receiver(minutes_status_changed, dispatch_uid="reports_minutes_certified")
def minutes_certified(sender, meeting, action: str, **kwargs) -> None:
    if action == "certified":
        signed_records.signed_record_for_minutes(meeting=meeting)


@receiver(post_save, sender=MinutesAmendment, dispatch_uid="reports_minutes_amended")
def minutes_amended(sender, instance: MinutesAmendment, created=False, raw=False, **kwargs):
    if raw or not created:
        return
    signed_records.signed_record_for_minutes(
        meeting=instance.meeting, reason=instance.reason, new_version=True
    )


@receiver(period_approval_changed, dispatch_uid="reports_period_approved")
def period_approved(sender, approval: PeriodApproval, **kwargs) -> None:
    if approval.state == ApprovalState.APPROVED:
        signed_records.signed_record_for_approval(approval=approval)
