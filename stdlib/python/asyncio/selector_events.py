# asyncio.selector_events: BaseSelectorEventLoop, the loop on a readiness selector (the
# native loop's epoll): sockets (sock_recv, sock_sendall, sock_connect, sock_accept...)
# and the socket transports behind streams and protocols.

__all__ = ('BaseSelectorEventLoop',)

from asyncio import base_events


class BaseSelectorEventLoop(base_events.BaseEventLoop):
    """Selector event loop (the selector is the native loop's epoll)."""

    def __init__(self, selector=None):
        super().__init__()
