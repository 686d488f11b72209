import { readFile } from 'node:fs/promises';
import type { ApplyResult } from '../../tenants/apply-result.ts';
import type { TenantWriter } from '../../tenants/ports.ts';
import { parseTenantFileText } from '../../tenants/validate-tenant-file.ts';
import { MbcCqrsTenantWriter } from './mbc-cqrs-tenant-writer.ts';

export { renderApplyResult } from '../../tenants/apply-result.ts';

export interface ApplyTenantFileOptions {
  readonly dryRun: boolean;
  /** A writer to reuse; by default one is started from process.env and closed afterwards. */
  readonly writer?: TenantWriter;
  /** Recorded as createdBy/updatedBy when the writer is started here. */
  readonly actor?: string;
  /** The stage's secret prefix: every secret the file names must lie under `<prefix>/<tenantId>/`. */
  readonly secretPrefix?: string;
}

/**
 * `ops tenants apply <file> [--dry-run]`: validates the JSON tenant file (throws `TenantFileValidationError`
 * listing every problem, before touching any store) and applies it.
 */
export const applyTenantFile = async (
  path: string,
  options: ApplyTenantFileOptions,
): Promise<ApplyResult> => {
  const file = parseTenantFileText(await readFile(path, 'utf8'), { secretPrefix: options.secretPrefix });
  if (options.writer) return options.writer.apply(file.tenants, { dryRun: options.dryRun });
  const writer = await MbcCqrsTenantWriter.start(process.env, { actor: options.actor });
  try {
    return await writer.apply(file.tenants, { dryRun: options.dryRun });
  } finally {
    await writer.close();
  }
};
