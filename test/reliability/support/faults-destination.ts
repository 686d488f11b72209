import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A tenant's HTTP endpoint whose behaviour each test scripts per path: answer a status, cut the connection, or
 * hold the request until released. It verifies the Standard Webhooks signature and records every request, so
 * a test can count side effects (2xx answers actually written to the client) per `Idempotency-Key`.
 */

/** What the endpoint does with one request. */
export type DestinationAction =
  | { readonly status: number; readonly headers?: Readonly<Record<string, string>> }
  | { readonly reset: true }
  | { readonly hold: Promise<DestinationAction> };

export interface DestinationRequest {
  readonly path: string;
  readonly idempotencyKey: string | null;
  readonly webhookId: string | null;
  /** 1 for the first request on this path, 2 for the next… */
  readonly nth: number;
}

export type DestinationBehaviour = (request: DestinationRequest) => DestinationAction;

export interface RecordedRequest extends DestinationRequest {
  readonly signatureValid: boolean;
  readonly providerEventId: string | null;
  /** When it arrived (epoch ms). */
  readonly at: number;
  /** The answer status, `reset` (connection cut), `aborted` (the caller went away first) or `pending`. */
  outcome: number | 'reset' | 'aborted' | 'pending';
}

export interface FaultDestination {
  readonly url: string;
  /** Sets what a path answers from now on; unknown paths answer 404. */
  on(path: string, behaviour: DestinationBehaviour): void;
  requests(path?: string): readonly RecordedRequest[];
  /** 2xx answers written to the client for this delivery key: the side effects a tenant would have made. */
  sideEffects(idempotencyKey: string): number;
  stop(): Promise<void>;
}

export const ok: DestinationAction = { status: 200 };

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const header = (req: IncomingMessage, name: string): string | null => {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
};

const verifies = (secret: string, body: Buffer, req: IncomingMessage): boolean => {
  try {
    new Webhook(secret).verify(body, {
      'webhook-id': header(req, 'webhook-id') ?? '',
      'webhook-timestamp': header(req, 'webhook-timestamp') ?? '',
      'webhook-signature': header(req, 'webhook-signature') ?? '',
    });
    return true;
  } catch {
    return false;
  }
};

const providerEventIdOf = (body: Buffer): string | null => {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { provider_event_id?: unknown };
    return typeof parsed.provider_event_id === 'string' ? parsed.provider_event_id : null;
  } catch {
    return null;
  }
};

/** Starts the endpoint on a free port; `secret` is the route's Standard Webhooks secret. */
export const startFaultDestination = async (secret: string): Promise<FaultDestination> => {
  const behaviours = new Map<string, DestinationBehaviour>();
  const recorded: RecordedRequest[] = [];
  const counts = new Map<string, number>();

  const act = async (action: DestinationAction, entry: RecordedRequest, res: ServerResponse) => {
    if ('hold' in action) return act(await action.hold, entry, res);
    if (res.destroyed || res.socket === null || res.socket.destroyed) {
      entry.outcome = 'aborted';
      return;
    }
    if ('reset' in action) {
      entry.outcome = 'reset';
      res.socket.destroy();
      return;
    }
    res.writeHead(action.status, { 'content-type': 'application/json', ...action.headers });
    // Only a response that reached the client counts as answered: a 2xx then is a side effect.
    res.once('finish', () => {
      entry.outcome = action.status;
    });
    res.end(JSON.stringify({ ok: action.status < 300 }));
  };

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const path = new URL(req.url ?? '/', 'http://destination').pathname;
      const behaviour = behaviours.get(path);
      if (req.method !== 'POST' || !behaviour) {
        res.writeHead(404).end();
        return;
      }
      const nth = (counts.get(path) ?? 0) + 1;
      counts.set(path, nth);
      const request: DestinationRequest = {
        path,
        idempotencyKey: header(req, 'idempotency-key'),
        webhookId: header(req, 'webhook-id'),
        nth,
      };
      const entry: RecordedRequest = {
        ...request,
        signatureValid: verifies(secret, body, req),
        providerEventId: providerEventIdOf(body),
        at: Date.now(),
        outcome: 'pending',
      };
      recorded.push(entry);
      // The caller went away (timed out, or died) before any answer: nothing was done for it.
      res.once('close', () => {
        if (entry.outcome === 'pending' && !res.writableFinished) entry.outcome = 'aborted';
      });
      await act(entry.signatureValid ? behaviour(request) : { status: 401 }, entry, res);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    on: (path, behaviour) => behaviours.set(path, behaviour),
    requests: (path) => recorded.filter((r) => path === undefined || r.path === path),
    sideEffects: (key) =>
      recorded.filter((r) => r.idempotencyKey === key && typeof r.outcome === 'number' && r.outcome < 300)
        .length,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
