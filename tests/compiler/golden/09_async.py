async def fetch(session, url):
    async with session.get(url) as resp:
        return await resp.text()

async def agen():
    async for item in source():
        yield item

async def main():
    results = [await x async for x in agen()]
    await asyncio.sleep(0)

async def comps(xs):
    s = {y async for y in agen() if await pred(y)}
    g = (z async for z in agen())
    return [w for w in xs if await pred(w)]
