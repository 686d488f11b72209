import { describe, expect, it, vi } from 'vitest';
import type { AslMachine, AslState } from '../../../../infra/local/sync/asl.ts';
import {
  LOCAL_ITEMS_KEY,
  parseItems,
  transformDistributedMaps,
  UnsupportedDefinitionError,
} from '../../../../infra/local/sync/distributed-map.ts';
import { syncLikeDefinition } from './fixtures.ts';

const readNothing = async () => [];

const nested = (definition: AslMachine, map: string): AslMachine =>
  definition.States[map]!.ItemProcessor as unknown as AslMachine;

describe('transformDistributedMaps', () => {
  it('inserts a reader Task before the Map and points the Map at its items', () => {
    const source = syncLikeDefinition();
    const { definition, readers } = transformDistributedMaps(source, { readItems: readNothing });
    expect(readers).toEqual([{ reader: 'Fan out ItemReader', map: 'Fan out' }]);
    expect(definition.States.Plan!.Next).toBe('Fan out ItemReader');
    expect(definition.States['Fan out ItemReader']).toEqual({
      Type: 'Task',
      Resource: 'arn:aws:states:::s3:getObject',
      Parameters: { 'Bucket.$': '$.plan.Payload.items.bucket', 'Key.$': '$.plan.Payload.items.key' },
      ResultPath: `$.${LOCAL_ITEMS_KEY}`,
      Next: 'Fan out',
      Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.mapError', Next: 'Run failed' }],
    });
    const map = definition.States['Fan out']!;
    expect(map.ItemsPath).toBe(`$.${LOCAL_ITEMS_KEY}`);
    for (const field of ['ItemReader', 'ToleratedFailurePercentage', 'Label'])
      expect(map).not.toHaveProperty(field);
    expect(nested(definition, 'Fan out')).not.toHaveProperty('ProcessorConfig');
    // What the library does honour stays.
    expect(map.MaxConcurrency).toBe(10);
    expect(map.ItemSelector).toEqual(source.States['Fan out']!.ItemSelector);
  });

  it('leaves its input untouched', () => {
    const source = syncLikeDefinition();
    const copy = structuredClone(source);
    transformDistributedMaps(source, { readItems: readNothing });
    expect(source).toEqual(copy);
  });

  it('retargets every transition into the Map: StartAt, Choice rules and Default', () => {
    const source = syncLikeDefinition({ withChoice: true });
    const choice = source.States['Anything to do?']!;
    choice.Default = 'Fan out';
    (choice.Choices as { Next: string }[])[0]!.Next = 'Fan out';
    source.StartAt = 'Fan out';
    const { definition } = transformDistributedMaps(source, { readItems: readNothing });
    expect(definition.StartAt).toBe('Fan out ItemReader');
    const rewritten = definition.States['Anything to do?']!;
    expect(rewritten.Default).toBe('Fan out ItemReader');
    expect((rewritten.Choices as { Next: string }[])[0]!.Next).toBe('Fan out ItemReader');
  });

  it('removes the items again after a Map whose result is merged into its input', async () => {
    const { definition, handlers } = transformDistributedMaps(syncLikeDefinition(), {
      readItems: readNothing,
    });
    expect(definition.States['Fan out']!.Next).toBe('Fan out drop local items');
    expect(definition.States['Fan out drop local items']!.Next).toBe('Report');
    const dropped = await handlers['Fan out drop local items']!({
      run_id: 'r',
      [LOCAL_ITEMS_KEY]: [1],
      results: [],
    });
    expect(dropped).toEqual({ run_id: 'r', results: [] });
  });

  it('needs no clean-up when the Map result replaces its input, and keeps End', () => {
    const source = syncLikeDefinition();
    const map = source.States['Fan out'] as AslState;
    delete map.ResultPath;
    delete map.Next;
    map.End = true;
    const { definition, handlers } = transformDistributedMaps(source, { readItems: readNothing });
    expect(Object.keys(handlers)).toEqual(['Fan out ItemReader']);
    expect(definition.States['Fan out']!.End).toBe(true);
  });

  it('reads through readItems with the evaluated Parameters, honouring MaxItems', async () => {
    const source = syncLikeDefinition();
    const reader = source.States['Fan out']!.ItemReader as { ReaderConfig: Record<string, unknown> };
    reader.ReaderConfig.MaxItems = 2;
    const readItems = vi.fn(async () => [{ a: 1 }, { a: 2 }, { a: 3 }]);
    const { definition, handlers } = transformDistributedMaps(source, { readItems });
    expect((definition.States['Fan out ItemReader']!.Parameters as Record<string, unknown>).MaxItems).toBe(2);
    const items = await handlers['Fan out ItemReader']!({ Bucket: 'b', Key: 'k', MaxItems: 2 });
    expect(items).toEqual([{ a: 1 }, { a: 2 }]);
    expect(readItems).toHaveBeenCalledWith({ bucket: 'b', key: 'k', inputType: 'JSONL' });
  });

  it('reports a failed read as States.ItemReaderFailed, which the Map catchers can match', async () => {
    const readItems = async () => {
      throw new Error('NoSuchKey');
    };
    const { handlers } = transformDistributedMaps(syncLikeDefinition(), { readItems });
    await expect(handlers['Fan out ItemReader']!({ Bucket: 'b', Key: 'k' })).rejects.toMatchObject({
      name: 'States.ItemReaderFailed',
      message: 's3://b/k: NoSuchKey',
    });
  });

  it('rewrites Distributed Maps nested in an item processor too', () => {
    const inner = syncLikeDefinition();
    const outer = {
      StartAt: 'Outer',
      States: {
        Outer: { Type: 'Map', ItemsPath: '$.groups', ItemProcessor: { ...inner }, End: true },
      },
    } as unknown as AslMachine;
    const { definition, readers } = transformDistributedMaps(outer, { readItems: readNothing });
    expect(readers.map((r) => r.reader)).toEqual(['Fan out ItemReader']);
    expect(nested(definition, 'Outer').States['Fan out ItemReader']).toBeDefined();
  });

  it('refuses what it cannot emulate faithfully', () => {
    const batched = syncLikeDefinition();
    batched.States['Fan out']!.ItemBatcher = { MaxItemsPerBatch: 10 };
    expect(() => transformDistributedMaps(batched, { readItems: readNothing })).toThrow(
      UnsupportedDefinitionError,
    );
    const csv = syncLikeDefinition();
    (csv.States['Fan out']!.ItemReader as { ReaderConfig: object }).ReaderConfig = { InputType: 'CSV' };
    expect(() => transformDistributedMaps(csv, { readItems: readNothing })).toThrow(/CSV/);
    const listing = syncLikeDefinition();
    (listing.States['Fan out']!.ItemReader as { Resource: string }).Resource =
      'arn:aws:states:::s3:listObjectsV2';
    expect(() => transformDistributedMaps(listing, { readItems: readNothing })).toThrow(/listObjectsV2/);
  });
});

describe('parseItems', () => {
  it('reads JSON lines, skipping blank lines, and JSON arrays', () => {
    expect(parseItems('{"a":1}\n\n{"a":2}\n', 'JSONL')).toEqual([{ a: 1 }, { a: 2 }]);
    expect(parseItems('[1,2]', 'JSON')).toEqual([1, 2]);
    expect(() => parseItems('{"a":1}', 'JSON')).toThrow(/not an array/);
  });
});
