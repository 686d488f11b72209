import type { RunReport, RunReportStore } from '../../sync/usecases/report.ts';
import { reportKey } from '../../sync/workflow/config-names.ts';
import type { MbcCqrsSyncWriter } from './mbc-cqrs-sync-writer.ts';
import type { S3SyncBucket } from './s3-sync-bucket.ts';

/** Stores a run report: its JSON, HTML and text in the sync bucket, then its run-report item pointing at them. */
export class SyncRunReportStore implements RunReportStore {
  public constructor(
    private readonly bucket: S3SyncBucket,
    private readonly writer: Pick<MbcCqrsSyncWriter, 'writeRunReport'>,
  ) {}

  public async save(report: RunReport): Promise<void> {
    const keys = {
      json: reportKey(report.run_id, 'json'),
      html: reportKey(report.run_id, 'html'),
      txt: reportKey(report.run_id, 'txt'),
    };
    // Objects first: the item is what `sync report` finds, so it must never point at missing objects.
    await this.bucket.put(keys.json, report.rendered.json, 'application/json');
    await this.bucket.put(keys.html, report.rendered.html, 'text/html');
    await this.bucket.put(keys.txt, report.rendered.text, 'text/plain');
    await this.writer.writeRunReport(report, { bucket: this.bucket.bucket, keys });
  }
}
