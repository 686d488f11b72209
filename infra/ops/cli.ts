import { createInterface } from 'node:readline/promises';
import { type ParseArgsConfig, parseArgs } from 'node:util';

/** What every ops command shares: usage errors, option parsing, confirmation and output. */

/** Thrown for bad usage; printed without a stack trace and exits 2. */
export class UsageError extends Error {
  public override readonly name = 'UsageError';
}

/** What was asked for does not exist; exits 1 with the message alone. */
export { NotFoundError } from '../../shared/ops/errors.ts';

/** The user said no, or could not be asked; exits 3 so scripts can tell it from a failure. */
export class NotConfirmedError extends Error {
  public override readonly name = 'NotConfirmedError';
}

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** Where a command reads or writes: exactly one of them. */
export const TARGET_OPTIONS = {
  local: { type: 'boolean' },
  stage: { type: 'string' },
  region: { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
} as const satisfies Options;

/** Options of commands that change something. */
export const CHANGE_OPTIONS = {
  'dry-run': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
} as const satisfies Options;

export const TARGET_HELP = `  --local                   the platform \`npm start\` runs on this machine (DynamoDB at
                            $AWS_ENDPOINT_URL_DYNAMODB or http://127.0.0.1:\${DYNAMODB_PORT:-8000})
  --stage <dev|stg|prod>    a deployed stage (standard AWS credential and region resolution)
  --region <region>         AWS region (default $AWS_REGION, else ap-northeast-1)
  --dynamodb-endpoint <url> with --local: where local mode's DynamoDB listens`;

export const COMMON_HELP = `  --json                    machine-readable output
  -h, --help                print this help`;

/** parseArgs with positionals, strict, for one command's options. */
export const parseCommand = <T extends Options>(args: string[], options: T) =>
  parseArgs({ args, options, allowPositionals: true, strict: true });

export interface ConfirmOptions {
  readonly yes: boolean;
  /** The question, without the answer hint. */
  readonly question: string;
  /** Injected in tests; defaults to the process's stdin. */
  readonly input?: NodeJS.ReadableStream & { isTTY?: boolean };
}

/**
 * Asks on stderr (stdout stays clean for --json). Without a terminal there is nobody to ask, and CI must not
 * hang or change things by accident: refuse, and say how to proceed.
 */
export const confirm = async (options: ConfirmOptions): Promise<void> => {
  if (options.yes) return;
  const input = options.input ?? process.stdin;
  if (!input.isTTY) {
    throw new NotConfirmedError(
      `${options.question} Standard input is not a terminal, so nobody can confirm: re-run with --yes ` +
        '(or with --dry-run to only see the changes).',
    );
  }
  const rl = createInterface({ input, output: process.stderr });
  try {
    const answer = await rl.question(`${options.question} [y/N] `);
    if (!/^y(es)?$/i.test(answer.trim())) throw new NotConfirmedError('not confirmed; nothing was changed.');
  } finally {
    rl.close();
  }
};

/** Prints a value as pretty JSON on stdout. */
export const printJson = (value: unknown): void => {
  console.log(JSON.stringify(value, null, 2));
};
