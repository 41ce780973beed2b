from django.urls import path

from meetings.views import agenda, committees, meetings, search

app_name = "meetings"

urlpatterns = [
    path("committees/", committees.CommitteeListView.as_view(), name="committee_list"),
    path("committees/new/", committees.CommitteeCreateView.as_view(), name="committee_create"),
    path("committees/<int:pk>/", committees.CommitteeDetailView.as_view(), name="committee_detail"),
    path(
        "committees/<int:pk>/edit/",
        committees.CommitteeUpdateView.as_view(),
        name="committee_update",
    ),
    path("meetings/", meetings.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", meetings.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/search/", search.SearchView.as_view(), name="search"),
    path("meetings/actions/", search.OpenActionItemsView.as_view(), name="action_item_list"),
    path("meetings/<int:pk>/", meetings.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", meetings.MeetingUpdateView.as_view(), name="meeting_update"),
    path(
        "meetings/<int:pk>/attendance/",
        meetings.MeetingAttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path(
        "meetings/<int:pk>/minutes/", meetings.MeetingMinutesView.as_view(), name="meeting_minutes"
    ),
    path(
        "meetings/<int:pk>/submit/",
        meetings.MeetingWorkflowView.as_view(transition="submit"),
        name="meeting_submit",
    ),
    path(
        "meetings/<int:pk>/check/",
        meetings.MeetingWorkflowView.as_view(transition="check"),
        name="meeting_check",
    ),
    path(
        "meetings/<int:pk>/return/",
        meetings.MeetingWorkflowView.as_view(transition="return"),
        name="meeting_return",
    ),
    path(
        "meetings/<int:pk>/certify-previous/",
        meetings.MeetingWorkflowView.as_view(transition="certify"),
        name="meeting_certify_previous",
    ),
    path("meetings/<int:pk>/agenda/add/", agenda.AgendaItemAddView.as_view(), name="agenda_add"),
    path(
        "meetings/<int:pk>/attachments/add/",
        agenda.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path(
        "meetings/attachments/<int:pk>/",
        agenda.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("meetings/agenda/<int:pk>/save/", agenda.AgendaItemSaveView.as_view(), name="agenda_save"),
    path(
        "meetings/agenda/<int:pk>/move/<str:direction>/",
        agenda.AgendaItemMoveView.as_view(),
        name="agenda_move",
    ),
    path(
        "meetings/agenda/<int:pk>/delete/",
        agenda.AgendaItemDeleteView.as_view(),
        name="agenda_delete",
    ),
    path("meetings/agenda/<int:pk>/amend/", agenda.AmendmentView.as_view(), name="agenda_amend"),
    path(
        "meetings/agenda/<int:pk>/actions/add/",
        agenda.ActionItemAddView.as_view(),
        name="action_add",
    ),
    path(
        "meetings/agenda/<int:pk>/actions/new/",
        agenda.ActionItemFormView.as_view(),
        name="action_form",
    ),
    path(
        "meetings/actions/<int:pk>/move/<str:direction>/",
        agenda.ActionItemMoveView.as_view(),
        name="action_move",
    ),
    path(
        "meetings/actions/<int:pk>/status/",
        agenda.ActionItemStatusView.as_view(),
        name="action_status",
    ),
    path(
        "meetings/actions/<int:pk>/reassign/",
        agenda.ActionItemReassignView.as_view(),
        name="action_reassign",
    ),
    path(
        "meetings/actions/<int:pk>/reassign/form/",
        agenda.ActionItemReassignFormView.as_view(),
        name="action_reassign_form",
    ),
    path(
        "meetings/actions/<int:pk>/progress/form/",
        agenda.ActionItemStatusFormView.as_view(),
        name="action_status_form",
    ),
    path(
        "meetings/actions/<int:pk>/delete/",
        agenda.ActionItemDeleteView.as_view(),
        name="action_delete",
    ),
]
