from django import forms
from django.utils.translation import gettext_lazy as _


class ArchiveCheckForm(forms.Form):
    archive = forms.FileField(
        label=_("ไฟล์สำรอง (.pmbackup)"),
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )
    passphrase = forms.CharField(
        label=_("รหัสผ่านของไฟล์สำรอง"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off", "class": "form-control"}),
    )
