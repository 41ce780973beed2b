from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง"),
        "inactive": _("บัญชีนี้ถูกระงับการใช้งาน"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("ชื่อผู้ใช้")
        self.fields["password"].label = _("รหัสผ่าน")


class PortalPasswordChangeForm(PasswordChangeForm):
    """Django's password change form with Thai msgids.

    Django's Thai locale leaves the mismatch error and the confirmation help text in
    English; the labels and the wrong-old-password error are given Thai msgids too so
    the whole form reads in one voice (and is translated in locale/en). The rules under
    the new password come from accounts.password_validation.
    """

    error_messages = {
        **PasswordChangeForm.error_messages,
        "password_mismatch": _("รหัสผ่านใหม่ทั้งสองช่องไม่ตรงกัน"),
        "password_incorrect": _("รหัสผ่านเดิมไม่ถูกต้อง กรุณากรอกใหม่อีกครั้ง"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("รหัสผ่านเดิม")
        self.fields["new_password1"].label = _("รหัสผ่านใหม่")
        self.fields["new_password2"].label = _("ยืนยันรหัสผ่านใหม่")
        self.fields["new_password2"].help_text = _("กรอกรหัสผ่านใหม่อีกครั้งเพื่อยืนยัน")
