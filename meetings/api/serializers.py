from rest_framework import serializers

from meetings.models import ActionItem, AgendaItem, Attendance, Committee, CommitteeMember, Meeting


class CommitteeMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = CommitteeMember
        fields = ["id", "name", "position", "role", "order", "is_active"]


class CommitteeSerializer(serializers.ModelSerializer):
    provinces = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    programs = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    members = CommitteeMemberSerializer(many=True, read_only=True)

    class Meta:
        model = Committee
        fields = ["id", "name", "provinces", "programs", "numbering", "is_active", "members"]


class MeetingSerializer(serializers.ModelSerializer):
    number_label = serializers.CharField(read_only=True)
    committee_name = serializers.CharField(source="committee.name", read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id", "committee", "committee_name", "number", "year", "number_label", "title",
            "date", "start_time", "end_time", "venue", "is_online", "host_site", "chair_name",
            "chair_position", "on_behalf_of_name", "on_behalf_of_position", "recorder_name",
            "recorder_position", "checker_name", "checker_position", "minutes_status",
            "recorded_by", "submitted_at", "checked_by", "checked_at", "certified_in",
            "certified_by", "certified_at", "version",
        ]  # fmt: skip


class AgendaItemSerializer(serializers.ModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = AgendaItem
        fields = [
            "id", "meeting", "part", "sub", "number", "title", "presenter", "discussion",
            "resolution", "certifies", "carried_action_item", "version",
        ]  # fmt: skip


class ActionItemSerializer(serializers.ModelSerializer):
    meeting = serializers.IntegerField(source="agenda_item.meeting_id", read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = ActionItem
        fields = [
            "id", "agenda_item", "meeting", "description", "responsible", "due_date", "status",
            "is_overdue", "order",
        ]  # fmt: skip


class ActionItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionItem._meta.get_field("status").choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = [
            "id", "meeting", "member", "status", "name", "position", "substitute_name",
            "substitute_position", "absence_reason", "order",
        ]  # fmt: skip


class SearchResultSerializer(serializers.Serializer):
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    title = serializers.CharField()
    meeting = serializers.IntegerField(source="meeting.pk")
    meeting_number = serializers.CharField(source="meeting.number_label")
    snippet = serializers.CharField(help_text="HTML: matched words wrapped in <mark>")
    rank = serializers.FloatField()
