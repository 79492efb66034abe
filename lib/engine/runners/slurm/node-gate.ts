// The gate Hangar runs on a node beside an app's server (Python 3's standard library only: every node that runs
// Python apps has it). The app listens on the node's loopback; the gate listens on the node's addresses and
// forwards a connection to the app only when its first line is `HANGAR-GATE1 <secret> <port>`, the secret being
// the job's own (a file of mode 0600 in the job's folder). It writes the port it got to a file, and ends with the job.

/** File names in the job's folder. */
export const GATE_FILES = { program: 'gate.py', token: 'gate.token', port: 'gate.port' } as const;

export const NODE_GATE_SOURCE = String.raw`import asyncio, hmac, os, socket, sys

token_file, port_file = sys.argv[1], sys.argv[2]
with open(token_file, 'rb') as f:
    TOKEN = f.read().strip()
if len(TOKEN) < 32:
    sys.exit('Hangar gate: no secret in ' + token_file)
PARENT = os.getppid()
CHUNK = 256 * 1024
PREFACE_TIMEOUT = 10


async def relay(reader, writer):
    try:
        while True:
            data = await reader.read(CHUNK)
            if not data:
                break
            writer.write(data)
            await writer.drain()
        if writer.can_write_eof():
            writer.write_eof()
    except (ConnectionError, OSError) as error:
        writer.transport.abort()
        return error
    return None


async def serve(reader, writer):
    try:
        line = await asyncio.wait_for(reader.readuntil(b'\n'), PREFACE_TIMEOUT)
    except (asyncio.TimeoutError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
        writer.transport.abort()
        return
    words = line.split()
    ok = len(words) == 3 and words[0] == b'HANGAR-GATE1' and words[2].isdigit()
    ok = hmac.compare_digest(words[1] if len(words) == 3 else b'', TOKEN) and ok
    port = int(words[2]) if ok else 0
    if not ok or not 0 < port < 65536:
        writer.transport.abort()
        return
    try:
        app_reader, app_writer = await asyncio.open_connection('127.0.0.1', port)
    except OSError:
        writer.transport.abort()
        return
    for pair in (writer, app_writer):
        pair.get_extra_info('socket').setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    await asyncio.gather(relay(reader, app_writer), relay(app_reader, writer))
    app_writer.close()
    writer.close()


async def main():
    try:
        server = await asyncio.start_server(serve, '0.0.0.0', 0, limit=4096)
    except OSError:
        server = await asyncio.start_server(serve, '::', 0, limit=4096)
    port = server.sockets[0].getsockname()[1]
    temp = port_file + '.' + str(os.getpid())
    with open(temp, 'w') as f:
        f.write(str(port))
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, port_file)
    while os.getppid() == PARENT:
        await asyncio.sleep(2)
    server.close()


asyncio.run(main())
`;
