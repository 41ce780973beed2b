from django.urls import path

from meetings import views

app_name = "meetings"

urlpatterns = [
    path("committees/", views.CommitteeListView.as_view(), name="committee_list"),
    path("committees/new/", views.CommitteeCreateView.as_view(), name="committee_create"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee_detail"),
    path("committees/<int:pk>/edit/", views.CommitteeUpdateView.as_view(), name="committee_update"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting_list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("meetings/search/", views.SearchView.as_view(), name="search"),
    path("meetings/actions/", views.OpenActionItemsView.as_view(), name="action_item_list"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting_detail"),
    path("meetings/<int:pk>/edit/", views.MeetingUpdateView.as_view(), name="meeting_update"),
    path(
        "meetings/<int:pk>/attendance/",
        views.MeetingAttendanceView.as_view(),
        name="meeting_attendance",
    ),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting_minutes"),
    path(
        "meetings/<int:pk>/submit/",
        views.MeetingWorkflowView.as_view(transition="submit"),
        name="meeting_submit",
    ),
    path(
        "meetings/<int:pk>/check/",
        views.MeetingWorkflowView.as_view(transition="check"),
        name="meeting_check",
    ),
    path(
        "meetings/<int:pk>/return/",
        views.MeetingWorkflowView.as_view(transition="return"),
        name="meeting_return",
    ),
    path(
        "meetings/<int:pk>/certify-previous/",
        views.MeetingWorkflowView.as_view(transition="certify"),
        name="meeting_certify_previous",
    ),
    path("meetings/<int:pk>/agenda/add/", views.AgendaItemAddView.as_view(), name="agenda_add"),
    path(
        "meetings/<int:pk>/attachments/add/",
        views.AttachmentAddView.as_view(),
        name="attachment_add",
    ),
    path(
        "meetings/attachments/<int:pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment_download",
    ),
    path("meetings/agenda/<int:pk>/save/", views.AgendaItemSaveView.as_view(), name="agenda_save"),
    path(
        "meetings/agenda/<int:pk>/move/<str:direction>/",
        views.AgendaItemMoveView.as_view(),
        name="agenda_move",
    ),
    path(
        "meetings/agenda/<int:pk>/delete/",
        views.AgendaItemDeleteView.as_view(),
        name="agenda_delete",
    ),
    path("meetings/agenda/<int:pk>/amend/", views.AmendmentView.as_view(), name="agenda_amend"),
    path(
        "meetings/agenda/<int:pk>/actions/add/",
        views.ActionItemAddView.as_view(),
        name="action_add",
    ),
    path(
        "meetings/actions/<int:pk>/move/<str:direction>/",
        views.ActionItemMoveView.as_view(),
        name="action_move",
    ),
    path(
        "meetings/actions/<int:pk>/status/",
        views.ActionItemStatusView.as_view(),
        name="action_status",
    ),
    path(
        "meetings/actions/<int:pk>/delete/",
        views.ActionItemDeleteView.as_view(),
        name="action_delete",
    ),
]
