"""Django's four password validators with Thai messages.

Django's own Thai translation leaves the password rules and errors in English, so
these subclasses give each rule a Thai msgid (translated to English in
locale/en). Django 5.2's validators build their ValidationError from
get_error_message(), so overriding the two hooks also changes what validate()
raises; the checks themselves are Django's.
"""

from django.contrib.auth import password_validation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class UserAttributeSimilarityValidator(password_validation.UserAttributeSimilarityValidator):
    def get_error_message(self):
        # validate() passes params={"verbose_name": ...}; ValidationError fills it in.
        return _("รหัสผ่านคล้ายกับ%(verbose_name)sมากเกินไป")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่คล้ายกับข้อมูลส่วนตัวอื่นของคุณ")


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    def get_error_message(self):
        # Thai has one form; the plural is there for English ("1 character").
        return ngettext(
            "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(min_length)d ตัวอักษร",
            "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(min_length)d ตัวอักษร",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "รหัสผ่านต้องมีความยาวอย่างน้อย %(min_length)d ตัวอักษร",
            "รหัสผ่านต้องมีความยาวอย่างน้อย %(min_length)d ตัวอักษร",
            self.min_length,
        ) % {"min_length": self.min_length}


class CommonPasswordValidator(password_validation.CommonPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านนี้ใช้กันทั่วไปและเดาง่าย")

    def get_help_text(self):
        return _("รหัสผ่านต้องไม่ใช่รหัสผ่านที่ใช้กันทั่วไป")


class NumericPasswordValidator(password_validation.NumericPasswordValidator):
    def get_error_message(self):
        return _("รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด")

    def get_help_text(self):
        return _("รหัสผ่านต้องมีตัวอักษรหรือสัญลักษณ์อื่นนอกเหนือจากตัวเลข")
