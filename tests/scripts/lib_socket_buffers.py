# Sockets take any bytes-like object to send and write into any writable one.
import socket

a, b = socket.socketpair()
a.sendall(bytearray(b"hello"))
buf = bytearray(20)
n = b.recv_into(buf)
print(n, buf[:n])
a.send(memoryview(b"xyz world")[1:4])
m = memoryview(bytearray(4))
print(b.recv_into(m[1:]), bytes(m.obj))
a.sendall(b"0123456789")
print(b.recv_into(buf, 4), bytes(buf[:4]))
print(b.recv(100))
for bad in (b"abc", "text", memoryview(b"ro")):
    try:
        b.recv_into(bad)
    except TypeError as e:
        print("TypeError:", e)
try:
    b.recv_into(bytearray(2), 5)
except ValueError as e:
    print("ValueError:", e)
try:
    a.send("text")
except TypeError as e:
    print("TypeError:", e)
# The bytearray being received into cannot be resized meanwhile: it is exported.
view = memoryview(buf)
try:
    buf.extend(b"x")
except BufferError as e:
    print("BufferError:", e)
view.release()
buf.extend(b"x")
print(len(buf))
u1 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u1.bind(("127.0.0.1", 0))
u2 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u2.sendto(bytearray(b"datagram"), u1.getsockname())
data = bytearray(16)
nbytes, addr = u1.recvfrom_into(data)
print(nbytes, data[:nbytes], addr[0])
try:
    socket.getaddrinfo(bytearray(b"127.0.0.1"), 80)
except TypeError as e:
    print("TypeError:", e)
print(socket.getaddrinfo(b"127.0.0.1", 80, socket.AF_INET, socket.SOCK_STREAM)[0][4])
for s in (a, b, u1, u2):
    s.close()
