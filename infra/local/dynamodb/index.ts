export { type LocalDynamo, type LocalDynamoOptions, startLocalDynamo } from './local-dynamo.ts';
export { ensureTables, localTableNames } from './tables.ts';
