// The CLI side of the control socket: sends one request, collects the result or the streamed items.
import { createConnection } from 'node:net';
import { EvpnError, ProtocolError, UnreachableError } from '../errors.js';
import { LineSplitter } from './framing.js';
import { LISTINGS, PROTOCOL_VERSION, decodeReply, type ReplyMap, type Request } from './protocol.js';

const MAX_REPLY_BYTES = 256 * 1024 * 1024; // a route listing of 100k+ routes is large but bounded

/** Sends `req` to the daemon at `path` and resolves with its typed reply. */
export function request<R extends Request>(path: string, req: R, timeoutMs = 30_000, onItem?: (item: unknown) => void): Promise<ReplyMap[R['type']]> {
  return new Promise((resolve, reject) => {
    const items: unknown[] = [];
    let settled = false;
    const finish = (err: Error | null, value?: unknown) => {
      if (settled) return;
      settled = true;
      sock.destroy();
      if (timer !== undefined) clearTimeout(timer);
      if (err) reject(err);
      else resolve(value as ReplyMap[R['type']]);
    };
    const sock = createConnection(path);
    // A stream (`monitor`, timeoutMs 0) has no deadline: it ends when either side closes.
    const timer = timeoutMs > 0 ? setTimeout(() => finish(new UnreachableError(`no reply from the daemon at ${path} within ${timeoutMs} ms`)), timeoutMs) : undefined;
    const splitter = new LineSplitter(
      MAX_REPLY_BYTES,
      (line) => {
        let reply;
        try {
          reply = decodeReply(line);
        } catch (err) {
          finish(err as Error);
          return;
        }
        switch (reply.kind) {
          case 'result':
            finish(null, reply.data);
            break;
          case 'item':
            if (onItem) onItem(reply.data);
            else items.push(reply.data);
            break;
          case 'end':
            finish(null, items);
            break;
          case 'error':
            finish(new EvpnError(reply.code, reply.message));
            break;
        }
      },
      (err) => finish(err),
    );
    sock.on('connect', () => sock.write(`${JSON.stringify({ v: PROTOCOL_VERSION, id: 1, request: req })}\n`));
    sock.on('data', (chunk: Buffer) => splitter.push(chunk));
    sock.on('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? 'no socket there' : err.code === 'ECONNREFUSED' ? 'nothing listening' : err.message;
      finish(new UnreachableError(`cannot reach the evpnctl daemon at ${path} (${why}); start it with \`evpnctl daemon\` or pass --socket`, { cause: err }));
    });
    sock.on('end', () => finish(new ProtocolError(`the daemon closed the connection before ${LISTINGS.has(req.type) ? 'the end of the listing' : 'replying'}`)));
  });
}
