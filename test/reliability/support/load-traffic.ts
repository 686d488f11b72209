import { Agent, request } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import type { SignedRequest } from '../../../infra/local/signed-request.ts';

/**
 * Sends webhooks over real HTTP the way a provider fleet does: `concurrency` keep-alive connections, each
 * request signed when it is sent, and a 503 (or a dropped connection) retried after its `Retry-After` — a
 * 503 was never accepted, so it is the provider's to send again, not a loss.
 */

export interface TrafficOptions {
  readonly count: number;
  readonly concurrency: number;
  /** The signed request of webhook `index`; called again for each retry, so the signature stays fresh. */
  readonly build: (index: number) => SignedRequest;
  /** Tries per webhook before it counts as refused. Default 10. */
  readonly maxTries?: number;
  readonly onProgress?: (progress: TrafficProgress) => void;
  readonly progressEveryMs?: number;
}

export interface TrafficProgress {
  readonly sent: number;
  readonly accepted: number;
  readonly elapsedMs: number;
}

export interface TrafficResult {
  /** Platform event id (`event_id` of each 202) → webhook index. */
  readonly accepted: ReadonlyMap<string, number>;
  /** Answers by status, every try included. */
  readonly statuses: Readonly<Record<number, number>>;
  /** 503s and connection errors that were retried. */
  readonly retried: number;
  /** Webhooks that were never accepted (non-202 final answer, or out of tries), with the last answer. */
  readonly refused: readonly { readonly index: number; readonly answer: string }[];
  readonly elapsedMs: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | undefined;
}

const post = (agent: Agent, signed: SignedRequest): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const req = request(signed.url, { method: 'POST', agent, headers: signed.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const retryAfter = res.headers['retry-after'];
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), retryAfter });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(signed.body);
  });

const eventIdOf = (body: string): string | undefined => {
  try {
    return (JSON.parse(body) as { event_id?: string }).event_id;
  } catch {
    return undefined;
  }
};

export const sendWebhooks = async (options: TrafficOptions): Promise<TrafficResult> => {
  const agent = new Agent({ keepAlive: true, maxSockets: options.concurrency });
  const maxTries = options.maxTries ?? 10;
  const accepted = new Map<string, number>();
  const statuses: Record<number, number> = {};
  const refused: { index: number; answer: string }[] = [];
  let retried = 0;
  let next = 0;
  let sent = 0;
  const started = performance.now();
  const report = () =>
    options.onProgress?.({ sent, accepted: accepted.size, elapsedMs: performance.now() - started });
  const timer = setInterval(report, options.progressEveryMs ?? 3_000);

  const one = async (index: number) => {
    let last = '';
    for (let tries = 1; tries <= maxTries; tries++) {
      let answer: Answer;
      try {
        answer = await post(agent, options.build(index));
      } catch (error) {
        last = `connection error: ${error instanceof Error ? error.message : String(error)}`;
        retried += 1;
        await delay(100 * tries);
        continue;
      }
      statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      const eventId = answer.status === 202 ? eventIdOf(answer.body) : undefined;
      if (eventId) {
        accepted.set(eventId, index);
        return;
      }
      last = `${answer.status} ${answer.body.slice(0, 200)}`;
      if (answer.status !== 503) break;
      retried += 1;
      await delay(Math.min(2_000, Number(answer.retryAfter ?? 1) * 1000 || 1000));
    }
    refused.push({ index, answer: last });
  };

  const worker = async () => {
    while (next < options.count) {
      const index = next++;
      await one(index);
      sent += 1;
    }
  };
  try {
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    clearInterval(timer);
    agent.destroy();
  }
  report();
  return { accepted, statuses, retried, refused, elapsedMs: performance.now() - started };
};
