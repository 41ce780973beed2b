"""What reports adds to other apps' pages: the signed records of certified minutes."""

from core.registry import panel
from core.scoping import Action
from meetings.panels import meeting_panels
from reports.models import SignedRecord


@panel(meeting_panels, "signed_records", "reports/_signed_records_panel.html")
def signed_records_panel(*, meeting, user) -> dict | None:
    """Every version of the meeting's signed record, newest first, with its state."""
    if not meeting.is_certified:
        return None
    records = (
        SignedRecord.objects.for_user(user, Action.VIEW)
        .filter(meeting=meeting)
        .select_related("certificate", "replaces")
        .order_by("-version")
    )
    return {"records": list(records), "meeting": meeting}
