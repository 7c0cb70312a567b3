# Blocked in a socket's recv() (one with a timeout: the wait is a poll() in sock_call)
# in the main thread; SIGINT must end the wait with KeyboardInterrupt (PEP 475).
import socket

a, b = socket.socketpair()
a.settimeout(1000)
print("ready", flush=True)
a.recv(1)
