import { type DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { AuditLog } from '../../ops/ports.ts';
import { type AuditRecord, AuditRecordSchema } from '../../ops/schemas.ts';

export { OPS_AUDIT_KEYS, opsAuditTableName } from '../../ops/audit-names.ts';

const partitionOf = (stage: string): string => `AUDIT#${stage}`;

/** The operators' audit trail in DynamoDB: one item per redrive, archive or cancel. Never updated. */
export class DynamoDbAuditLog implements AuditLog {
  public constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName: string,
  ) {}

  public async write(record: AuditRecord): Promise<void> {
    const item = { pk: partitionOf(record.stage), sk: `${record.at}#${record.id}`, ...record };
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: marshall(item, { removeUndefinedValues: true }),
        // A record is written once; an id collision must not overwrite another operator's record.
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  public async list(stage: string, since?: Date): Promise<AuditRecord[]> {
    const records: AuditRecord[] = [];
    let ExclusiveStartKey: Record<string, never> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: since ? 'pk = :pk AND sk >= :since' : 'pk = :pk',
          ExpressionAttributeValues: marshall({
            ':pk': partitionOf(stage),
            ...(since ? { ':since': since.toISOString() } : {}),
          }),
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const { pk: _pk, sk: _sk, ...rest } = unmarshall(item);
        records.push(AuditRecordSchema.parse(rest));
      }
      ExclusiveStartKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (ExclusiveStartKey);
    return records;
  }
}
