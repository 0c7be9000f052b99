// Writing JSON replies. Every answer of the REST API, errors included, is a JSON document; errors are
// `{"error": "<message>", "status": N}` as rest_vtep sends them.
import type { ServerResponse } from 'node:http';

/** The body of every error reply. */
export interface ErrorBody {
  error: string;
  status: number;
}

/** Writes `body` as JSON with `status`; a no-op when the reply was already sent or the client left. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Readonly<Record<string, string>> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/** Writes an error reply `{"error": message, "status": status}`. */
export function sendError(res: ServerResponse, status: number, message: string, headers: Readonly<Record<string, string>> = {}): void {
  const body: ErrorBody = { error: message, status };
  sendJson(res, status, body, headers);
}
