import { randomUUID } from 'node:crypto';
import type { Clock } from '../kernel/clock.ts';
import type { DlqPorts } from './ports.ts';
import type { AuditListOutput, AuditRecord } from './schemas.ts';

/** The operators' audit trail: one record per change an operator made, and reading them back. */

export type AuditEntry = Omit<AuditRecord, 'id' | 'at' | 'who' | 'stage'>;

/** Writes one audit record for the target's stage, as the acting operator; returns its id. */
export const recordAudit = async (
  ports: Pick<DlqPorts, 'audit' | 'target' | 'who'>,
  entry: AuditEntry,
  clock: Clock = Date.now,
): Promise<string> => {
  const record: AuditRecord = {
    id: randomUUID(),
    at: new Date(clock()).toISOString(),
    who: await ports.who(),
    stage: ports.target.stage,
    ...entry,
  };
  await ports.audit.write(record);
  return record.id;
};

export interface AuditListInput {
  /** Only records at or after this time. */
  readonly since?: Date;
}

/** `audit list`: the target's records, oldest first. */
export const listAudit = async (
  ports: Pick<DlqPorts, 'audit' | 'target'>,
  input: AuditListInput,
): Promise<AuditListOutput> => ({
  target: ports.target.label,
  since: input.since?.toISOString() ?? null,
  records: await ports.audit.list(ports.target.stage, input.since),
});
