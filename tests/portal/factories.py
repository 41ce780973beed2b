from django.core.files.base import ContentFile
from django.utils import timezone

from portal.models import BackupJob, BackupOrigin, BackupStatus
from portal.services import backup_storage


def done_backup_job(**kwargs) -> BackupJob:
    """A finished backup whose (not really sealed) archive is in the backup storage."""
    name = backup_storage().save("portal-backup-test.pmbackup", ContentFile(b"PMBACKUP test"))
    return BackupJob.objects.create(
        origin=BackupOrigin.SCHEDULED,
        status=BackupStatus.DONE,
        name=name,
        size=13,
        row_count=1,
        file_count=0,
        finished_at=timezone.now(),
        **kwargs,
    )
