import { OperationError } from '../../kernel/index.ts';
import { AuthRevokedError, RateLimitWaitRequiredError } from '../connectors/errors.ts';
import type { SyncType } from '../engine/index.ts';
import type { ChildState, SyncStep } from '../workflow/contract.ts';
import { withOutcome } from './child-state.ts';
import {
  CredentialConflictError,
  CredentialFormatError,
  CredentialMissingError,
  IntegrationMissingError,
} from './errors.ts';
import { runHistoryStep } from './history-step.ts';
import { runTeamsStep, runUsersStep, type StepResult } from './mapping-steps.ts';
import { runNotificationsStep } from './notifications-step.ts';
import { toStepOutcome, ZERO_COUNTS } from './outcome.ts';
import type { SyncStepDeps } from './step-deps.ts';
import { obtainToken } from './token.ts';

/** What `runStep` answers: the next state, what it wrote, and whether it was the token step that failed. */
export interface RunStepResult extends StepResult {
  readonly token_failed: boolean;
}

const runTokenStep = async (state: ChildState, deps: SyncStepDeps): Promise<StepResult> => {
  if (state.fatal_error === null) await obtainToken(state.item, deps, state.item.force_refresh);
  return { state: { ...state, wait_seconds: null }, written: 0 };
};

const STEPS = {
  token: runTokenStep,
  users: runUsersStep,
  teams: runTeamsStep,
  notifications: runNotificationsStep,
  history: runHistoryStep,
} as const satisfies Record<SyncStep, (state: ChildState, deps: SyncStepDeps) => Promise<StepResult>>;

const SYNC_TYPE_OF: Partial<Record<SyncStep, SyncType>> = {
  users: 'users',
  teams: 'teams',
  notifications: 'notifications',
};

/** Failures no retry can fix for this tenant × system: the child stops and its history says why. */
const isFatal = (error: unknown): boolean =>
  error instanceof AuthRevokedError ||
  error instanceof CredentialMissingError ||
  error instanceof CredentialFormatError ||
  error instanceof CredentialConflictError ||
  error instanceof IntegrationMissingError;

const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

const fatalMessage = (step: SyncStep, error: unknown): string =>
  step === 'token'
    ? `token refresh failed: ${describeError(error)}`
    : `${step} sync stopped: ${describeError(error)}`;

/** Rounds up so the Wait state never ends before the vendor's reset. */
const waitSecondsOf = (error: RateLimitWaitRequiredError): number =>
  Math.max(1, Math.ceil(error.waitMs / 1000));

/**
 * Runs one step of the child workflow and turns its failures into the state machine's decisions: a long
 * rate-limit wait sets `wait_seconds` on the unchanged state (the Wait state re-runs the step); revoked or missing
 * credentials set `fatal_error` (later steps skip, history records FAILED); any other vendor failure fails only
 * that sync type. Anything else (a store outage, a bug) is thrown for the state machine's Retry and Catch.
 */
export const runStep = async (
  step: SyncStep,
  state: ChildState,
  deps: SyncStepDeps,
): Promise<RunStepResult> => {
  const started = deps.now();
  try {
    return { ...(await STEPS[step](state, deps)), token_failed: false };
  } catch (error) {
    if (error instanceof RateLimitWaitRequiredError) {
      return { state: { ...state, wait_seconds: waitSecondsOf(error) }, written: 0, token_failed: false };
    }
    const token_failed = step === 'token' || error instanceof AuthRevokedError;
    if (isFatal(error) || (step === 'token' && error instanceof OperationError)) {
      return {
        state: { ...state, wait_seconds: null, fatal_error: fatalMessage(step, error) },
        written: 0,
        token_failed,
      };
    }
    const syncType = SYNC_TYPE_OF[step];
    if (syncType === undefined || !(error instanceof OperationError)) throw error;
    const tally = {
      sync_type: syncType,
      counts: ZERO_COUNTS,
      fatal: error,
      started_at: started,
      completed_at: deps.now(),
    };
    return { state: withOutcome(state, toStepOutcome(state, tally)), written: 0, token_failed: false };
  }
};
