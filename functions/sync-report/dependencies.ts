import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { openSyncCommandService } from '../../shared/adapters/sync/mbc-cqrs-sync-context.ts';
import { MbcCqrsSyncWriter } from '../../shared/adapters/sync/mbc-cqrs-sync-writer.ts';
import { SyncRunReportStore } from '../../shared/adapters/sync/run-report-store.ts';
import { S3SyncBucket } from '../../shared/adapters/sync/s3-sync-bucket.ts';
import { SesReportMailer } from '../../shared/adapters/sync/ses-report-mailer.ts';
import { assertSyncTable, syncFrameworkEnv } from '../../shared/adapters/sync/sync-env.ts';
import type { ReportDeps } from '../../shared/sync/usecases/index.ts';
import type { SyncReportEnv } from './env.ts';

/** Builds sync-report's adapters once per container. */
export const buildSyncReportDependencies = (
  env: SyncReportEnv,
  raw: Record<string, string | undefined> = process.env,
): ReportDeps => {
  const framework = syncFrameworkEnv(env.STAGE, raw);
  assertSyncTable(framework, env.SYNC_TABLE);
  const s3 = new S3Client({ region: env.AWS_REGION, forcePathStyle: raw.AWS_ENDPOINT_URL_S3 !== undefined });
  const writer = new MbcCqrsSyncWriter(() => openSyncCommandService(framework));
  const bucket = new S3SyncBucket(s3, env.SYNC_BUCKET);
  return {
    store: new SyncRunReportStore(bucket, writer),
    // The Distributed Map's ResultWriter writes the children's results to the same bucket.
    results: bucket,
    mailer: new SesReportMailer(new SESv2Client({ region: env.AWS_REGION, maxAttempts: 3 }), env.EMAIL_FROM),
    recipients: env.REPORT_EMAIL_TO,
    now: () => new Date(),
  };
};
