from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from portal.work import unread_count_for_request, work_count_for_request

# How many items the bar shows before the rest go under "เพิ่มเติม": with the brand and
# the user menu, five Thai labels fit a 1200 px window (narrower windows fold the whole
# menu behind ☰, which lists every item).
NAV_INLINE = 5


def navigation(request):
    """The menu a user sees depends on their role."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_bar": [], "nav_more": []}
    items = [(_("หน้าแรก"), reverse("portal:home"))]
    work_url = ""
    if not user.is_administrator:
        work_url = reverse("portal:my_work")
        items.append((_("งานของฉัน"), work_url))
    if not user.is_evaluator and not user.is_executive:
        # An executive's home is the dashboard already.
        items.append((_("แดชบอร์ด"), reverse("reports:dashboard")))
    if user.is_national:
        items.append((_("จังหวัดทั้งหมด"), reverse("programs:province_list")))
    elif user.province_id and not user.is_evaluator:
        own_province = reverse("programs:province_detail", args=[user.province_id])
        items.append((_("จังหวัดของฉัน"), own_province))
    items.append((_("โครงการ"), reverse("programs:program_list")))
    if not user.is_evaluator:
        items.append((_("ชมรม"), reverse("programs:club_list")))
        items.append((_("หมู่บ้าน"), reverse("programs:village_list")))
        items.append((_("การประชุม"), reverse("meetings:meeting_list")))
    if user.is_evaluator:
        items.append((_("การตรวจเยี่ยมของฉัน"), reverse("evaluations:visit_list")))
    items.append((_("การตรวจประเมิน"), reverse("evaluations:round_list")))
    if user.is_administrator:
        items.append((_("เกณฑ์การประเมิน"), reverse("evaluations:rubric_list")))
    items.append((_("รายงาน"), reverse("reports:job_list")))
    if user.is_administrator:
        items.append((_("บันทึกการเปลี่ยนแปลง"), reverse("audit:log")))
        items.append((_("สำรองข้อมูล"), reverse("portal:backup_list")))
        items.append((_("จัดการระบบ"), reverse("admin:index")))
    inline = len(items) if len(items) <= NAV_INLINE + 1 else NAV_INLINE
    return {
        "nav_items": items,
        "nav_bar": items[:inline],
        "nav_more": items[inline:],
        "work_url": work_url,
        # Called by the template only where it shows the count: one query, once a request.
        "work_count": lambda: work_count_for_request(request),
        "unread_count": lambda: unread_count_for_request(request),
    }
