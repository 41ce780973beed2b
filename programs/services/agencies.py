"""Writes of agencies and projects: validated with ``full_clean`` before saving."""

from django.db import transaction

from programs.models import Agency, Project


@transaction.atomic
def agency_save(*, agency: Agency) -> Agency:
    """Create or change an agency of a province."""
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def project_save(*, project: Project) -> Project:
    """Create or change a project; its agency must be of the project's province."""
    project.full_clean()
    project.save()
    return project
