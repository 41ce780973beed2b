"""Backups for administrators: the list, "back up now", download, check an archive.

Restoring is not here on purpose: it replaces the whole database under a running
portal, so it is a command on the machine (README, Operations).
"""

import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.uploads import FILE_RESPONSE_POLICY
from portal import backup, services
from portal.forms import ArchiveCheckForm
from portal.models import BackupJob, BackupStatus


def administrator_required(view):
    """Signed in and an administrator (403 otherwise), checked before the method, so
    that no one else learns which methods a backup URL takes."""

    @login_required
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_administrator:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


@administrator_required
@require_GET
def backup_list_view(request):
    services.backup_jobs_expire_stale()
    jobs = list(BackupJob.objects.select_related("requested_by")[:100])
    return render(
        request,
        "portal/backup_list.html",
        {
            "jobs": jobs,
            "in_progress": any(job.in_progress for job in jobs),
            "passphrase_set": bool(settings.BACKUP_PASSPHRASE),
            "keep": settings.BACKUP_KEEP,
        },
    )


@administrator_required
@require_POST
def backup_create_view(request):
    try:
        services.backup_job_request(user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("ส่งงานสำรองข้อมูลเข้าคิวแล้ว หน้านี้จะแสดงสถานะเมื่อเสร็จ"))
    return redirect("portal:backup_list")


@administrator_required
@require_GET
def backup_download_view(request, pk: int):
    job = get_object_or_404(BackupJob, pk=pk, status=BackupStatus.DONE)
    storage = services.backup_storage()
    try:
        archive = storage.open(job.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    # Streamed (archives are large) and, like every stored file, a sandboxed attachment.
    response = FileResponse(archive, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, job.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = FILE_RESPONSE_POLICY
    return response


@administrator_required
@require_http_methods(["GET", "POST"])
def backup_check_view(request):
    """Verify an uploaded archive with its passphrase, without restoring anything."""
    form = ArchiveCheckForm(request.POST or None, request.FILES or None)
    verdict = manifest = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archive"]
        try:
            manifest = backup.archive_read(upload, passphrase=form.cleaned_data["passphrase"])
            verdict = "intact"
        except backup.BackupError as error:
            verdict = str(error)
    status = 400 if request.method == "POST" and not form.is_valid() else 200
    return render(
        request,
        "portal/backup_check.html",
        {
            "form": form,
            "verdict": verdict,
            "manifest": manifest,
            "rows": sum(manifest["rows"].values()) if manifest else None,
            "made_at": datetime.datetime.fromisoformat(manifest["created_at"])
            if manifest
            else None,
        },
        status=status,
    )
