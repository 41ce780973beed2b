from celery import shared_task

from accounts.services import api_tokens_purge_expired


@shared_task(time_limit=300)
def api_tokens_purge_expired_task() -> int:
    return api_tokens_purge_expired()
