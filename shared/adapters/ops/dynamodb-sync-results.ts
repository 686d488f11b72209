import { type DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { SyncReportItem, SyncResultsReader, SyncRunIndex } from '../../ops/sync-reads.ts';
import { type SyncHistoryRow, SyncHistoryRowSchema } from '../../sync/engine/outcome.ts';
import { queryPrefix } from '../sync/dynamodb-sync-query.ts';
import { RUN_REPORT_PK, syncPk } from '../sync/sync-items.ts';

/**
 * The sync results as the operators read them back: history rows and run reports from the sync table (through
 * the framework's item layout: data under `attributes`, deleted items flagged), report objects from S3.
 */
export class DynamoDbSyncResults implements SyncResultsReader, SyncRunIndex {
  public constructor(
    private readonly dynamo: DynamoDBClient,
    private readonly tableName: string,
    /** Made on first use: reading history needs no S3 client. */
    private readonly s3: () => S3Client,
  ) {}

  public async historyRows(tenantId: string): Promise<SyncHistoryRow[]> {
    const items = await queryPrefix(this.dynamo, this.tableName, syncPk(tenantId), 'HISTORY#');
    return items.flatMap((item) => {
      const parsed = SyncHistoryRowSchema.safeParse(item.attributes ?? item);
      return parsed.success && !item.isDeleted ? [parsed.data] : [];
    });
  }

  public async reportItem(runId: string): Promise<SyncReportItem | null> {
    const answer = await this.dynamo.send(
      new GetItemCommand({
        TableName: this.tableName,
        Key: marshall({ pk: RUN_REPORT_PK, sk: `REPORT#${runId}` }),
      }),
    );
    const raw = answer.Item ? unmarshall(answer.Item) : undefined;
    return raw ? ((raw.attributes ?? raw) as SyncReportItem) : null;
  }

  public async reportItems(): Promise<SyncReportItem[]> {
    const items = await queryPrefix(this.dynamo, this.tableName, RUN_REPORT_PK, 'REPORT#');
    return items.flatMap((item) =>
      item.isDeleted ? [] : [(item.attributes ?? item) as unknown as SyncReportItem],
    );
  }

  public async reportObject(bucket: string, key: string): Promise<string | null> {
    const s3 = this.s3();
    try {
      const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return (await answer.Body?.transformToString('utf8')) ?? null;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return null;
      throw error;
    } finally {
      s3.destroy();
    }
  }
}
