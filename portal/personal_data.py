"""What personal data the portal holds, why, who sees it and how long it is kept.

The privacy page (``portal:privacy``) is drawn from this list, and a test checks
that every field of a domain model that names or reaches a person is listed here, so
a new such field cannot be added without saying why (Thailand's PDPA, B.E. 2562).
The portal keeps only what the work needs: names and positions of officials,
committee members and evaluators, and a club coordinator's contact. Club members are
counted, never named.
"""

from dataclasses import dataclass

from django.apps import apps
from django.utils.translation import gettext_lazy as _

# Official documents are kept under the Prime Minister's Office regulation on
# correspondence (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ): at least 10 years.
RETENTION_OFFICIAL_RECORD = _(
    "ตลอดอายุของข้อมูลโครงการ และไม่น้อยกว่า 10 ปีตามระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ"
)


@dataclass(frozen=True)
class PersonalData:
    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    purpose: str
    seen_by: str
    kept: str
    # Thai names where the model's own are English (django-axes).
    label: str = ""
    labels: tuple[str, ...] = ()

    @property
    def model_label(self) -> str:
        return str(self.label or apps.get_model(self.model)._meta.verbose_name)

    @property
    def field_labels(self) -> list[str]:
        if self.labels:
            return [str(label) for label in self.labels]
        meta = apps.get_model(self.model)._meta
        return [str(meta.get_field(name).verbose_name) for name in self.fields]


SEEN_BY_PROVINCE = _("เจ้าหน้าที่และผู้บริหารของจังหวัดนั้น ผู้บริหารระดับประเทศ และผู้ดูแลระบบ")
SEEN_BY_COMMITTEE = _("เจ้าหน้าที่และผู้บริหารของจังหวัดที่อยู่ในคณะกรรมการ ผู้บริหารระดับประเทศ และผู้ดูแลระบบ")

PERSONAL_DATA = [
    PersonalData(
        "accounts.User",
        ("username", "first_name", "last_name", "email", "position", "province", "last_login"),
        _("บัญชีผู้ใช้: ยืนยันตัวตน กำหนดสิทธิ์ตามบทบาทและจังหวัด และระบุผู้บันทึกข้อมูล"),
        _("เจ้าของบัญชี และผู้ดูแลระบบ; ชื่อผู้บันทึกแสดงในประวัติการแก้ไขแก่ผู้ที่เห็นข้อมูลนั้น"),
        _("จนกว่าบัญชีจะถูกปิด; ชื่อในประวัติการแก้ไขเก็บเท่ากับข้อมูลที่แก้ไข"),
    ),
    PersonalData(
        "programs.Club",
        ("contact_name", "contact_phone"),
        _("ติดต่อผู้ประสานงานชมรมเพื่อนัดหมายการตรวจเยี่ยมและการประเมิน"),
        SEEN_BY_PROVINCE,
        _("จนกว่าจะแก้ไขหรือลบชมรม"),
    ),
    PersonalData(
        "meetings.CommitteeMember",
        ("name", "position"),
        _("รายชื่อคณะกรรมการตามคำสั่งแต่งตั้ง ใช้จัดทำรายงานการประชุม"),
        SEEN_BY_COMMITTEE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "meetings.Meeting",
        (
            "chair_name",
            "chair_position",
            "on_behalf_of_name",
            "on_behalf_of_position",
            "recorder_name",
            "recorder_position",
            "checker_name",
            "checker_position",
        ),
        _("ผู้ลงนามและผู้รับผิดชอบในรายงานการประชุม (แบบที่ 11 ตามระเบียบงานสารบรรณ)"),
        SEEN_BY_COMMITTEE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "meetings.Attendance",
        ("name", "position", "substitute_name", "substitute_position", "absence_reason"),
        _("รายชื่อผู้มาประชุม ผู้มาประชุมแทน และผู้ไม่มาประชุมพร้อมเหตุผล ในรายงานการประชุม"),
        SEEN_BY_COMMITTEE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "meetings.AgendaItem",
        ("presenter",),
        _("ผู้นำเสนอเรื่องในระเบียบวาระ"),
        SEEN_BY_COMMITTEE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "meetings.ActionItem",
        ("responsible",),
        _("ผู้รับผิดชอบข้อสั่งการ เพื่อติดตามผลการดำเนินงาน"),
        SEEN_BY_COMMITTEE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "reports.SignedRecord",
        ("decided_by_name",),
        _("ชื่อผู้รับรองรายงานการประชุมหรือผู้รับรองผลตัวชี้วัด ที่พิมพ์ในเอกสารที่ลงลายมือชื่ออิเล็กทรอนิกส์"),
        SEEN_BY_PROVINCE,
        RETENTION_OFFICIAL_RECORD,
    ),
    PersonalData(
        "notifications.LineLink",
        ("user", "line_user_id"),
        _("ส่งการแจ้งเตือนทาง LINE ให้ผู้ใช้ที่เชื่อมต่อบัญชี LINE ของตนเอง"),
        _("เจ้าของบัญชี และผู้ดูแลระบบ"),
        _("จนกว่าผู้ใช้จะยกเลิกการเชื่อมต่อ เลิกติดตามบัญชีทางการ หรือปิดบัญชี"),
    ),
    PersonalData(
        "accounts.ApiToken",
        ("user", "name", "created", "expiry", "last_used"),
        _("ยืนยันตัวตนของโปรแกรมที่เรียก API แทนผู้ใช้ เก็บเฉพาะค่าแฮชของโทเค็น และเวลาใช้ล่าสุดให้เจ้าของตรวจดูได้"),
        _("เจ้าของบัญชี และผู้ดูแลระบบ"),
        _("จนกว่าจะหมดอายุ ถูกยกเลิก เปลี่ยนรหัสผ่าน หรือปิดบัญชี แล้วลบทิ้ง"),
    ),
    PersonalData(
        "axes.AccessAttempt",
        ("username", "ip_address", "user_agent"),
        _("ป้องกันการเดารหัสผ่าน: ระงับการเข้าสู่ระบบชั่วคราวเมื่อกรอกรหัสผ่านผิดหลายครั้ง"),
        _("ผู้ดูแลระบบเท่านั้น"),
        _("จนกว่าจะเข้าสู่ระบบสำเร็จจากเครื่องเดิม หรือผู้ดูแลระบบล้างรายการ"),
        label=_("การเข้าสู่ระบบที่ไม่สำเร็จ"),
        labels=(_("ชื่อผู้ใช้ที่กรอก"), _("หมายเลข IP"), _("ชนิดเบราว์เซอร์")),
    ),
]
