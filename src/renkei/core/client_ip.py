"""The address a request came from, as lock-outs and rate limits count it.

Behind ``PROXY_COUNT`` trusted proxies the client is the address the outermost of them saw,
read from the right of ``X-Forwarded-For`` (what a client writes on the left is not believed);
with none, the connection's own address.
"""

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    proxies = settings.RENKEI_PROXY_COUNT
    remote = request.META.get("REMOTE_ADDR", "") or "127.0.0.1"  # a local socket
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    return hops[-proxies] if len(hops) >= proxies else remote
