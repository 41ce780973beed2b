"""The API's page numbers, as its schema states them: an integer from 1 (to 2^63-1).

DRF answered every unreadable page ("0", "-3", "abc") 404 "Invalid page", while the
schema allowed any integer. A page that cannot be one is now the client's mistake (400,
naming ``page``); a page past the end is still 404: the list may have shrunk.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from core.query_params import MAX_ID, integer_or_none


class ApiPageNumberPagination(PageNumberPagination):
    # "last" is not an integer, and the schema cannot offer it: every client reaches
    # the last page through the answers' links.
    last_page_strings = ()
    page_query_description = _("หน้าที่ (ตั้งแต่ 1)")

    def get_page_number(self, request, paginator):
        given = request.query_params.get(self.page_query_param) or "1"
        number = integer_or_none(given)
        if number is None or not 1 <= number <= MAX_ID:
            raise ValidationError({self.page_query_param: [_("ต้องเป็นจำนวนเต็มตั้งแต่ 1")]})
        return number

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"].update(minimum=1, maximum=MAX_ID)
        return parameters
