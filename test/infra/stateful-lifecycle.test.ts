import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { STAGE_NAMES, type StageName } from '../../infra/config/stages.ts';
import { synthStage } from './helpers.ts';

/** Resource types that hold data (or, for keys, make it readable): replacing one loses what it holds. */
const STATEFUL_TYPES = [
  'AWS::DynamoDB::Table',
  'AWS::KMS::Key',
  'AWS::S3::Bucket',
  'AWS::SecretsManager::Secret',
  'AWS::SES::EmailIdentity',
  'AWS::SQS::Queue',
] as const;

/**
 * The committed logical ids of the stateful stack, per stage. Renaming a construct (or moving it under another
 * parent) changes its logical id, and CloudFormation then creates a new, empty resource and deletes or orphans
 * the old one. This file is the guard: a rename fails the test below. An intentional change must update the
 * JSON on purpose, in the same change, with a migration plan for the data (see the file's "//" note).
 */
const COMMITTED_IDS = JSON.parse(
  readFileSync(new URL('./__snapshots__/stateful-logical-ids.json', import.meta.url), 'utf8'),
) as Record<StageName, Record<(typeof STATEFUL_TYPES)[number], string[]>>;

/** Stages whose data must survive a stack deletion or a replacing deploy; dev can be torn down. */
const RETAINED_STAGES: readonly StageName[] = ['stg', 'prod'];

describe.each(STAGE_NAMES)('Stage: %s (stateful lifecycle)', (stageName) => {
  const { stage, stateful, stateless } = synthStage(stageName);
  const statefulResources = STATEFUL_TYPES.flatMap((type) => Object.entries(stateful.findResources(type)));

  it('keeps the committed logical ids of its queues, DLQs, tables, buckets, keys, secret and identity', () => {
    const synthesized = Object.fromEntries(
      STATEFUL_TYPES.map((type) => [type, Object.keys(stateful.findResources(type)).sort()]),
    );
    expect(synthesized).toEqual(COMMITTED_IDS[stageName]);
  });

  it('holds every stateful resource in the stateful stack, none in the stateless one', () => {
    for (const type of STATEFUL_TYPES) expect(stateless.findResources(type), type).toEqual({});
  });

  if (RETAINED_STAGES.includes(stageName)) {
    it('is termination-protected and retains every stateful resource on delete and on replacement', () => {
      expect(stage.stateful.terminationProtection).toBe(true);
      for (const [id, resource] of statefulResources) {
        expect(resource, id).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      }
      for (const [id, table] of Object.entries(stateful.findResources('AWS::DynamoDB::Table'))) {
        expect(table.Properties.DeletionProtectionEnabled, id).toBe(true);
      }
    });
  } else {
    it('can be torn down: no termination protection, stateful resources deleted with the stack', () => {
      expect(stage.stateful.terminationProtection).toBe(false);
      for (const [id, resource] of statefulResources) expect(resource.DeletionPolicy, id).toBe('Delete');
    });
  }
});
