import {
  SecretConflictError,
  SecretExistsError,
  SecretMissingError,
} from '../../shared/kernel/secret-store.ts';
import { SecretPlanError } from '../../shared/ops/secrets/signing-secret-list.ts';

/** Store errors become plan errors the operator can act on; everything else stays as it is. */
export const explain = (error: unknown): never => {
  if (error instanceof SecretPlanError) throw new Error(error.message, { cause: error });
  if (error instanceof SecretExistsError) {
    throw new Error(`${error.message} (changed meanwhile?); use "secrets rotate"`, { cause: error });
  }
  if (error instanceof SecretMissingError) {
    throw new Error(`${error.message} (deleted meanwhile?); use "secrets put"`, { cause: error });
  }
  if (error instanceof SecretConflictError) {
    throw new Error(`${error.message}; nothing was written, run the command again`, { cause: error });
  }
  throw error;
};
