# Blocked in epoll.poll() with nothing ready in the main thread; SIGINT must end the
# wait with KeyboardInterrupt (PEP 475).
import select
import socket

a, b = socket.socketpair()
ep = select.epoll()
ep.register(a, select.EPOLLIN)
print("ready", flush=True)
ep.poll()
