# A fan-out fetcher limited by a Semaphore: a tiny HTTP-like server on 127.0.0.1 answers
# each "GET /n" after a short delay; the client fetches 30 paths with at most 5 requests
# in flight and reports what it got and the peak concurrency the server saw.
import asyncio

LIMIT = 5
PATHS = 30


async def serve(reader, writer, state):
    request = await reader.readline()
    state["now"] += 1
    state["peak"] = max(state["peak"], state["now"])
    await asyncio.sleep(0.005)
    n = int(request.split()[1][1:])
    body = f"resource {n}: {n * n}".encode()
    writer.write(b"200 OK " + str(len(body)).encode() + b"\n" + body)
    await writer.drain()
    state["now"] -= 1
    writer.close()


async def fetch(port, n, sem):
    async with sem:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(f"GET /{n}\n".encode())
        await writer.drain()
        status = await reader.readline()
        length = int(status.split()[2])
        body = await reader.readexactly(length)
        writer.close()
        await writer.wait_closed()
        return body.decode()


async def main():
    state = {"now": 0, "peak": 0}
    server = await asyncio.start_server(lambda r, w: serve(r, w, state), "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    sem = asyncio.Semaphore(LIMIT)
    async with server:
        bodies = await asyncio.gather(*(fetch(port, n, sem) for n in range(PATHS)))
    print(bodies[:3], "...", bodies[-1])
    print("all correct:", bodies == [f"resource {n}: {n * n}" for n in range(PATHS)])
    print("peak requests in flight:", state["peak"], "(limit", LIMIT, ")")


asyncio.run(main())
