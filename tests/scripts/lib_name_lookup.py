# Host name lookups through the C library's name services (NSS): getaddrinfo,
# gethostbyname, a server bound to and a client connecting to "localhost". gilpy's binary
# is linked statically, where glibc serves hosts from its built-in `files` and `dns`
# sources: this checks that they still answer as in CPython.
import socket

info = socket.getaddrinfo("localhost", 8080, socket.AF_INET, socket.SOCK_STREAM)
print(sorted({(family, address) for family, _, _, _, address in info}))
print(socket.gethostbyname("localhost"))
print(socket.getaddrinfo("127.0.0.1", None, socket.AF_INET)[0][4][0])
try:
    socket.getaddrinfo("no-such-host.invalid", 80)
except socket.gaierror as e:
    print("gaierror", type(e.args[0]).__name__)

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.bind(("localhost", 0))
server.listen(1)
client = socket.create_connection(("localhost", server.getsockname()[1]))
conn, _ = server.accept()
client.sendall(b"ping")
print(conn.recv(4))
for s in (client, conn, server):
    s.close()
