from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import name_required_fields
from core.uploads import ACCEPT, MAX_BYTES
from meetings.models import (
    ActionStatus,
    AgendaPart,
    AttendanceStatus,
    Committee,
    Meeting,
    MemberRole,
)
from meetings.services import AMENDABLE_FIELDS
from programs.models import Program, Province
from thai.forms import ThaiDateField, ThaiIntegerField

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class CommitteeForm(forms.ModelForm):
    provinces = forms.ModelMultipleChoiceField(
        label=_("จังหวัด"),
        queryset=Province.objects.order_by("name_th"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("คณะอนุกรรมการระดับพื้นที่เลือกได้หลายจังหวัด (กด Ctrl ค้างไว้)"),
    )
    programs = forms.ModelMultipleChoiceField(
        label=_("โครงการ"),
        queryset=Program.objects.order_by("pk"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Committee
        fields = ["name", "programs", "provinces", "numbering", "is_active"]
        widgets = {"name": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Officers keep committees in their own province; committees across provinces
        # (ร้อยใจรักษ์'s area sub-committee) are set up by administrators.
        if user is None or not user.is_administrator:
            del self.fields["provinces"]

    def _post_clean(self):
        pass  # the services validate and save


class CommitteeMemberRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=255, required=False)
    position = forms.CharField(label=_("ตำแหน่ง"), max_length=500, required=False)
    role = forms.ChoiceField(label=_("บทบาท"), choices=MemberRole.choices, initial="member")

    def clean(self):
        data = super().clean()
        if (data.get("name") or data.get("id")) and not data.get("position"):
            self.add_error("position", _("ระบุตำแหน่ง"))
        return data


CommitteeMemberFormSet = forms.formset_factory(CommitteeMemberRowForm, extra=3, can_delete=True)


class MeetingForm(forms.ModelForm):
    date = ThaiDateField(label=_("วันที่ประชุม"))
    number = ThaiIntegerField(
        label=_("ครั้งที่"), min_value=1, required=False,
        help_text=_("เว้นว่างไว้เพื่อใช้ครั้งถัดไปที่ระบบเสนอ"),
    )  # fmt: skip
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Meeting
        fields = [
            "committee", "number", "date", "start_time", "end_time", "title", "venue",
            "is_online", "host_site", "chair_name", "chair_position", "on_behalf_of_name",
            "on_behalf_of_position", "recorder_name", "recorder_position", "checker_name",
            "checker_position",
        ]  # fmt: skip
        widgets = {"start_time": TIME_INPUT, "end_time": TIME_INPUT}

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["committee"]
            self.fields["number"].required = True
            self.initial.setdefault("version", self.instance.version)
        else:
            del self.fields["version"]
            self.fields["committee"].queryset = committees
        name_required_fields(self)

    def _post_clean(self):
        # The services validate the whole meeting (year from the date, unique number).
        pass


class AttendanceMemberForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(
        label=_("การมาประชุม"),
        choices=[c for c in AttendanceStatus.choices if c[0] != AttendanceStatus.ATTENDEE],
        widget=forms.RadioSelect,
        initial=AttendanceStatus.PRESENT,
    )
    substitute_name = forms.CharField(label=_("ผู้มาประชุมแทน"), max_length=255, required=False)
    substitute_position = forms.CharField(label=_("ตำแหน่ง"), max_length=500, required=False)
    absence_reason = forms.CharField(label=_("เหตุที่ไม่มา"), max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("status") == AttendanceStatus.SUBSTITUTE and not data.get("substitute_name"):
            self.add_error("substitute_name", _("ระบุชื่อผู้มาประชุมแทน"))
        return data


AttendanceMemberFormSet = forms.formset_factory(AttendanceMemberForm, extra=0)


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("ชื่อ-สกุล"), max_length=255, required=False)
    position = forms.CharField(label=_("ตำแหน่ง/หน่วยงาน"), max_length=500, required=False)


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=3, can_delete=True)


class AgendaItemAddForm(forms.Form):
    part = forms.TypedChoiceField(label=_("ระเบียบวาระที่"), choices=AgendaPart.choices, coerce=int)
    title = forms.CharField(label=_("เรื่อง"), max_length=1000)


class AgendaItemForm(forms.Form):
    title = forms.CharField(label=_("เรื่อง"), max_length=1000)
    presenter = forms.CharField(label=_("ผู้นำเสนอ"), max_length=500, required=False)
    discussion = forms.CharField(
        label=_("สาระสำคัญ/การอภิปราย"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    resolution = forms.CharField(
        label=_("มติที่ประชุม"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ActionItemForm(forms.Form):
    description = forms.CharField(
        label=_("ข้อสั่งการ/สิ่งที่ต้องดำเนินการ"), widget=forms.Textarea(attrs={"rows": 2})
    )
    responsible = forms.CharField(label=_("ผู้รับผิดชอบ"), max_length=500)
    due_date = ThaiDateField(label=_("กำหนดเสร็จ"), required=False)


class ActionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("สถานะ"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("ความคืบหน้า"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ActionReassignForm(forms.Form):
    responsible = forms.CharField(label=_("ผู้รับผิดชอบใหม่"), max_length=500)
    reason = forms.CharField(label=_("เหตุผล"), required=False, max_length=500)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("ไฟล์แนบ"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF รูปภาพ JPEG/PNG หรือเอกสาร Word Excel PowerPoint ไม่เกิน %(mb)s MB")
        % {"mb": MAX_BYTES // (1024 * 1024)},
    )
    agenda_item = forms.TypedChoiceField(
        label=_("แนบกับระเบียบวาระ"), required=False, coerce=int, empty_value=None
    )
    description = forms.CharField(label=_("คำอธิบาย"), max_length=500, required=False)

    def __init__(self, *args, meeting=None, agenda_items=None, **kwargs):
        """``agenda_items``: the meeting's, when the page has them already."""
        super().__init__(*args, **kwargs)
        choices = [("", _("ทั้งการประชุม"))]
        if agenda_items is None and meeting is not None:
            agenda_items = meeting.agenda_items.all()
        if agenda_items is not None:
            choices += [(i.pk, f"{i.number} {i.title[:60]}") for i in agenda_items]
        self.fields["agenda_item"].choices = choices


FIELD_LABELS = {
    "title": _("เรื่อง"),
    "presenter": _("ผู้นำเสนอ"),
    "discussion": _("สาระสำคัญ/การอภิปราย"),
    "resolution": _("มติที่ประชุม"),
}


class AmendmentForm(forms.Form):
    field_name = forms.ChoiceField(
        label=_("ส่วนที่แก้ไข"), choices=[(f, FIELD_LABELS[f]) for f in AMENDABLE_FIELDS]
    )
    text = forms.CharField(label=_("ข้อความที่ถูกต้อง"), widget=forms.Textarea(attrs={"rows": 4}))
    reason = forms.CharField(label=_("เหตุผลการแก้ไข"), widget=forms.Textarea(attrs={"rows": 2}))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("คำค้น"), max_length=200, required=False)
