// A supervised child's messages to its supervisor (the session engine's and the route engine's IPC channel,
// child_process "ipc"). Node emits an 'error' event on `process` when a send fails without a callback, and an
// unhandled one ends the process with a stack trace: a SIGTERM that reaches the supervisor while a child is
// still starting closes the channel under the child's "ready" (EPIPE). Every send goes through here with a
// callback, so a closed channel is a rejected promise the caller decides about, never a crash.
import type { Server, Socket } from 'node:net';

/** Sends one message (and a socket or server to pass) to the supervisor; resolves once written. */
export function toParent(message: object, handle?: Socket | Server): Promise<void> {
  return new Promise((ok, fail) => {
    if (process.send === undefined || !process.connected) return fail(new Error('expected an open IPC channel to the supervisor, got none (it stopped or this process was not started by it)'));
    process.send(message, handle, {}, (err) => (err === null ? ok() : fail(err)));
  });
}

/**
 * Sends a notice that only matters while the supervisor listens ("ready", a request): a closed channel means
 * the supervisor is stopping us anyway, so the failure is only logged.
 */
export function tellParent(message: { type: string }, log: { debug(text: string): void }): void {
  toParent(message).catch((err: unknown) => log.debug(`not sent to the supervisor (${message.type}): ${(err as Error).message}`));
}
