import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sesModule from 'aws-ses-v2-local';

/**
 * aws-ses-v2-local in this process: SES v1 and v2 SendEmail, a mailbox at `GET /store` and a viewer at `/`.
 * Its store is module state, so every instance in one process shares one mailbox (filter by recipient or
 * subject in tests).
 */

export interface LocalSes {
  /** What `AWS_ENDPOINT_URL_SES` / `AWS_ENDPOINT_URL_SESV2` point at. */
  readonly endpoint: string;
  /** JSON list of sent mail. */
  readonly mailboxUrl: string;
  /** A page a person can open to read the mail. */
  readonly viewerUrl: string;
  stop(): Promise<void>;
}

/** One sent mail as the stand-in stores it (the fields local mode reads). */
export interface SesMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[]; readonly cc: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  /** Epoch seconds. */
  readonly at: number;
}

type StartSes = (config?: { host?: string; port?: number }) => Promise<Server>;

// The package is CommonJS with `exports.default`; under ESM its default import is the exports object.
const startSes = ((sesModule as unknown as { default?: StartSes }).default ??
  (sesModule as unknown as StartSes)) as StartSes;

export const startLocalSes = async (options: { port?: number; host?: string } = {}): Promise<LocalSes> => {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8005;
  const server = await startSes({ host, port });
  // Express 5 calls back on an error too (EADDRINUSE) and the package then resolves with a server that is
  // not listening; the error itself is not passed on.
  if (!server.listening) {
    throw Object.assign(new Error(`aws-ses-v2-local could not listen on ${host}:${port}`), {
      code: 'EADDRINUSE',
    });
  }
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    mailboxUrl: `${endpoint}/store`,
    viewerUrl: `${endpoint}/`,
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};

/** The mail the stand-in has accepted, oldest first. */
export const readMailbox = async (mailboxUrl: string): Promise<SesMail[]> => {
  const response = await fetch(mailboxUrl);
  if (!response.ok) throw new Error(`SES mailbox ${mailboxUrl} answered ${response.status}`);
  const { emails } = (await response.json()) as { emails: SesMail[] };
  return emails;
};
