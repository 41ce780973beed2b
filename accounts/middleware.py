"""The portal's language: the user's choice, never the browser's Accept-Language.

A signed-in user reads the language kept on their account (``User.language``, changed on
their own page or with the switcher in the footer); until they choose one, the language
this browser chose with the switcher (Django's language cookie), else Thai. An English
browser therefore gets Thai unless someone chose English. Replaces Django's
LocaleMiddleware, which would follow Accept-Language; it sits after authentication.
"""

from django.conf import settings
from django.utils import translation

AVAILABLE = {code for code, _name in settings.LANGUAGES}


def chosen_language(request) -> str:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated and user.language in AVAILABLE:
        return user.language
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return cookie if cookie in AVAILABLE else settings.LANGUAGE_CODE


class UserLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = chosen_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
