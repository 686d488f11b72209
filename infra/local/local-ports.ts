/**
 * The fixed ports of local mode. `npm start` listens on them (each overridable, see main.ts) and the ops
 * CLI's `--local` finds the running platform through them; tests pass 0 everywhere for free ports.
 */
export const LOCAL_PORTS = {
  webhooks: 3000,
  sqs: 9324,
  objectStore: 9325,
  /** DynamoDB stand-ins traditionally listen on 8000. */
  dynamodb: 8000,
  /** aws-ses-v2-local's own default; its mailbox viewer is at the root. */
  ses: 8005,
  /** The fakes take consecutive ports from here, in `FAKE_NAMES` order. */
  fakes: 9330,
} as const;

/** The local fakes of third parties, in port order. */
export const FAKE_NAMES = ['tenantBackend', 'always400', 'always503', 'secondaryEmail', 'slack'] as const;
export type FakeName = (typeof FAKE_NAMES)[number];

/** Port of each fake from a base; a base of 0 gives every fake a free port. */
export const fakePorts = (base: number): Record<FakeName, number> =>
  Object.fromEntries(FAKE_NAMES.map((name, i) => [name, base === 0 ? 0 : base + i])) as Record<
    FakeName,
    number
  >;

/** Where local mode's DynamoDB listens, for tools that talk to a running `npm start`. */
export const localDynamoEndpoint = (env: Record<string, string | undefined> = process.env): string =>
  env.AWS_ENDPOINT_URL_DYNAMODB ?? `http://127.0.0.1:${env.DYNAMODB_PORT ?? LOCAL_PORTS.dynamodb}`;
