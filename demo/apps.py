from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data of every app and ``manage.py load_demo``: the top floor, which
    may import every other app and which no app imports."""

    name = "demo"
    verbose_name = "ข้อมูลตัวอย่าง"
