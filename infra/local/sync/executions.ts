import {
  ConditionalCheckFailedException,
  CreateTableCommand,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';

/**
 * Local mode's stand-in for Step Functions' execution list. In AWS the run id names the execution, and a
 * second StartExecution with that name cannot start a second run; locally the schedule (inside `npm start`)
 * and `ops sync run --local` (another process) both claim the name here first, with a conditional put, so the
 * same guarantee holds across processes. An in-memory set answers repeats in one process without a round trip.
 */

export const LOCAL_EXECUTIONS_TABLE = 'tsunagi-local-sync-executions';

export type LocalExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface LocalExecutionRecord {
  readonly name: string;
  readonly status: LocalExecutionStatus;
  readonly input: string;
  readonly started_at: string;
  readonly stopped_at?: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** The name is taken: the same answer StartExecution gives (ExecutionAlreadyExists). */
export class ExecutionAlreadyExistsError extends Error {
  public override readonly name = 'ExecutionAlreadyExists';
  constructor(public readonly executionName: string) {
    super(`an execution named "${executionName}" already exists (a run id starts at most one run)`);
  }
}

export class LocalExecutions {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly client: DynamoDBClient,
    private readonly tableName = LOCAL_EXECUTIONS_TABLE,
  ) {}

  async ensureTable(): Promise<void> {
    try {
      await this.client.send(
        new CreateTableCommand({
          TableName: this.tableName,
          KeySchema: [{ AttributeName: 'name', KeyType: 'HASH' }],
          AttributeDefinitions: [{ AttributeName: 'name', AttributeType: 'S' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }

  /** Records a new execution, or throws ExecutionAlreadyExistsError when the name was ever used. */
  async claim(name: string, input: unknown, startedAt = new Date().toISOString()): Promise<void> {
    if (this.claimed.has(name)) throw new ExecutionAlreadyExistsError(name);
    this.claimed.add(name);
    const item: LocalExecutionRecord = {
      name,
      status: 'RUNNING',
      input: JSON.stringify(input),
      started_at: startedAt,
    };
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: marshall(item),
          ConditionExpression: 'attribute_not_exists(#name)',
          ExpressionAttributeNames: { '#name': 'name' },
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) throw new ExecutionAlreadyExistsError(name);
      // Not recorded: let a later attempt with this name try again.
      this.claimed.delete(name);
      throw error;
    }
  }

  async finish(
    name: string,
    result: {
      status: LocalExecutionStatus;
      output?: unknown;
      error?: { error: string; cause: string } | null;
    },
  ): Promise<void> {
    const values: Record<string, unknown> = {
      ':status': result.status,
      ':stopped': new Date().toISOString(),
      ':output': result.output === undefined ? null : JSON.stringify(result.output),
      ':error': result.error?.error ?? null,
      ':cause': result.error?.cause ?? null,
    };
    await this.client.send(
      new UpdateItemCommand({
        TableName: this.tableName,
        Key: marshall({ name }),
        UpdateExpression:
          'SET #status = :status, stopped_at = :stopped, #output = :output, #error = :error, #cause = :cause',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#output': 'output',
          '#error': 'error',
          '#cause': 'cause',
        },
        ExpressionAttributeValues: marshall(values, { removeUndefinedValues: true }),
      }),
    );
  }

  async get(name: string): Promise<LocalExecutionRecord | null> {
    const answer = await this.client.send(
      new GetItemCommand({ TableName: this.tableName, Key: marshall({ name }), ConsistentRead: true }),
    );
    return answer.Item ? (unmarshall(answer.Item) as LocalExecutionRecord) : null;
  }
}
