import { describe, expect, it } from 'vitest';
import { compileEventPattern } from '../../../../shared/tenants/filters/compile-pattern.ts';
import { matchEventPattern } from '../../../../shared/tenants/filters/match-pattern.ts';

// The cases come from the EventBridge documentation ("Content filtering in Amazon EventBridge event patterns",
// "Comparison operators for use in event patterns", "Arrays in … event patterns", "Matching events on null
// values and empty strings") and from Event Ruler's README, EventBridge's matching library; each documented
// example is paired with events it must not match.

const matches = (pattern: unknown, event: unknown): boolean =>
  matchEventPattern(compileEventPattern(pattern), event).matched;

/** The EC2 state-change event of the EventBridge and Event Ruler documentation. */
const EC2_EVENT = {
  version: '0',
  id: 'ddddd4-aaaa-7777-4444-345dd43cc333',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '012345679012',
  time: '2017-10-02T16:24:49Z',
  region: 'us-east-1',
  resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
  detail: {
    'c-count': 5,
    'd-count': 3,
    'x-limit': 301.8,
    'source-ip': '10.0.0.33',
    'instance-id': 'i-000000aaaaaa00000',
    state: 'running',
  },
};

const withDetail = (detail: Record<string, unknown>) => ({
  ...EC2_EVENT,
  detail: { ...EC2_EVENT.detail, ...detail },
});

describe('Function: matchEventPattern — exact values and alternatives', () => {
  it('matches the documented simple pattern: every field named must match (AND)', () => {
    const pattern = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-000000aaaaaa00000'],
      detail: { state: ['initializing', 'running'] },
    };
    expect(matches(pattern, EC2_EVENT)).toBe(true);
    expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(true);
    expect(matches(pattern, withDetail({ state: 'stopped' }))).toBe(false);
    expect(matches(pattern, { ...EC2_EVENT, 'detail-type': 'Other' })).toBe(false);
  });

  it.each<[unknown, boolean]>([
    [{ Location: 'New York', Day: 'Monday' }, true],
    [{ Location: 'New York', Day: 'Tuesday' }, false],
    [{ Location: 'Boston', Day: 'Monday' }, false],
    [{ Location: 'New York' }, false],
  ])('matches Location and Day together: %j → %s', (event, expected) => {
    expect(matches({ Location: ['New York'], Day: ['Monday'] }, event)).toBe(expected);
  });

  it('compares strings case-sensitively and keeps types apart', () => {
    expect(matches({ Name: ['Alice'] }, { Name: 'Alice' })).toBe(true);
    expect(matches({ Name: ['Alice'] }, { Name: 'alice' })).toBe(false);
    expect(matches({ count: [300] }, { count: 300 })).toBe(true);
    expect(matches({ count: [300] }, { count: 3.0e2 })).toBe(true);
    expect(matches({ count: [300] }, { count: '300' })).toBe(false);
    expect(matches({ flag: [true] }, { flag: true })).toBe(true);
    expect(matches({ flag: [true] }, { flag: 'true' })).toBe(false);
  });

  it('matches null and the empty string exactly, and never one for the other', () => {
    const event = { detail: { eventVersion: '', responseElements: null } };
    expect(matches({ detail: { eventVersion: [''] } }, event)).toBe(true);
    expect(matches({ detail: { responseElements: [null] } }, event)).toBe(true);
    expect(matches({ detail: { eventVersion: [null] } }, event)).toBe(false);
    expect(matches({ detail: { responseElements: [''] } }, event)).toBe(false);
    expect(matches({ detail: { missing: [null] } }, event)).toBe(false);
  });

  it('matches an array field when the pattern and the array intersect (the documented resources case)', () => {
    const pattern = {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    };
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };
    expect(matches(pattern, event)).toBe(true);
    expect(matches(pattern, { resources: ['arn:aws:ec2:us-west-2:999999999999:instance/i-0'] })).toBe(false);
    expect(matches(pattern, { resources: [] })).toBe(false);
  });

  it('matches a field of objects inside an array within one element only (array-consistent)', () => {
    const event = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    };
    expect(matches({ employees: { firstName: ['Anna'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, event)).toBe(true);
    expect(matches({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, event)).toBe(false);
    const nested = { employees: [[event.employees[0], event.employees[1]], [event.employees[2]]] };
    expect(matches({ employees: { firstName: ['Peter'] } }, nested)).toBe(true);
    expect(matches({ employees: { firstName: ['Zoe'] } }, nested)).toBe(false);
  });

  it('requires nested fields to exist at the nested path', () => {
    expect(matches({ detail: { state: ['running'] } }, { state: 'running' })).toBe(false);
    expect(matches({ detail: { state: ['running'] } }, { detail: 'running' })).toBe(false);
    expect(matches({ detail: { state: ['running'] } }, { detail: { state: { value: 'running' } } })).toBe(
      false,
    );
  });
});

describe('Function: matchEventPattern — prefix, suffix, equals-ignore-case, wildcard', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ time: [{ prefix: '2017-10-02' }] }, EC2_EVENT, true],
    [{ time: [{ prefix: '2017-10-03' }] }, EC2_EVENT, false],
    [{ Region: [{ prefix: 'us-' }] }, { Region: 'us-east-1' }, true],
    [{ Region: [{ prefix: 'us-' }] }, { Region: 'eu-west-1' }, false],
    [{ Region: [{ prefix: 'us-' }] }, { Region: 'US-EAST-1' }, false],
    [{ service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { service: 'EventBridge' }, true],
    [{ service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] }, { service: 'Lambda' }, false],
    [{ source: [{ suffix: 'ec2' }] }, EC2_EVENT, true],
    [{ FileName: [{ suffix: '.png' }] }, { FileName: 'image.png' }, true],
    [{ FileName: [{ suffix: '.png' }] }, { FileName: 'image.jpg' }, false],
    [{ service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] }, { service: 'EVENTBRIDGE' }, true],
    [{ service: [{ suffix: { 'equals-ignore-case': 'tBridge' } }] }, { service: 'EventBus' }, false],
    [{ source: [{ 'equals-ignore-case': 'EC2' }] }, { source: 'ec2' }, true],
    [{ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'ALICE' }, true],
    [{ Name: [{ 'equals-ignore-case': 'alice' }] }, { Name: 'Alicia' }, false],
    // String operators never match numbers, booleans or null.
    [{ code: [{ prefix: '12' }] }, { code: 123 }, false],
    [{ code: [{ suffix: 'ue' }] }, { code: true }, false],
    [{ code: [{ 'equals-ignore-case': 'null' }] }, { code: null }, false],
  ])('%j on %j → %s', (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it.each<[string, string, boolean]>([
    ['Simple*Service', 'SimpleQueueService', true],
    ['Simple*Service', 'SimpleService', true],
    ['Simple*Service', 'SimpleQueueServiceX', false],
    ['Simple*Service', 'simpleQueueService', false],
    ['dir/*.png', 'dir/image.png', true],
    ['dir/*.png', 'dir/sub/image.png', true],
    ['dir/*.png', 'other/image.png', false],
    ['*/lib/*', '/usr/lib/node', true],
    ['*/lib/*', '/usr/local/bin', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYc', true],
    ['a*b*c', 'acb', false],
    ['ab*ab', 'ab', false],
    ['ab*ab', 'abab', true],
    ['*', '', true],
    ['lit\\*eral', 'lit*eral', true],
    ['lit\\*eral', 'litXeral', false],
    ['back\\\\slash', 'back\\slash', true],
  ])('wildcard %j on %j → %s', (wildcard, value, expected) => {
    expect(matches({ f: [{ wildcard }] }, { f: value })).toBe(expected);
  });
});

describe('Function: matchEventPattern — anything-but', () => {
  it.each<[unknown, unknown, boolean]>([
    [{ state: [{ 'anything-but': 'initializing' }] }, { state: 'running' }, true],
    [{ state: [{ 'anything-but': 'initializing' }] }, { state: 'initializing' }, false],
    [{ state: [{ 'anything-but': 'initializing' }] }, {}, false],
    [{ 'x-limit': [{ 'anything-but': 123 }] }, { 'x-limit': 301.8 }, true],
    [{ 'x-limit': [{ 'anything-but': 123 }] }, { 'x-limit': 123 }, false],
    [{ state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { state: 'running' }, true],
    [{ state: [{ 'anything-but': ['stopped', 'overloaded'] }] }, { state: 'overloaded' }, false],
    [{ 'x-limit': [{ 'anything-but': [100, 200, 300] }] }, { 'x-limit': 301.8 }, true],
    [{ 'x-limit': [{ 'anything-but': [100, 200, 300] }] }, { 'x-limit': 200 }, false],
    [{ state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'running' }, true],
    [{ state: [{ 'anything-but': { prefix: 'init' } }] }, { state: 'initializing' }, false],
    [{ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'eu-west-1' }, true],
    [{ Region: [{ 'anything-but': { prefix: 'us-' } }] }, { Region: 'us-east-1' }, false],
    [{ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.jpg' }, true],
    [{ FileName: [{ 'anything-but': { suffix: '.png' } }] }, { FileName: 'a.png' }, false],
    [{ state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] }, { state: 'running' }, true],
    [
      { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
      { state: 'INITIALIZING' },
      false,
    ],
    [{ state: [{ 'anything-but': { 'equals-ignore-case': ['a', 'B'] } }] }, { state: 'b' }, false],
    [{ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/bin/node' }, true],
    [{ FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] }, { FilePath: '/usr/lib/node' }, false],
    [{ FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*.tmp'] } }] }, { FilePath: 'x.tmp' }, false],
  ])('%j on %j → %s', (pattern, event, expected) => {
    expect(matches(pattern, event)).toBe(expected);
  });

  it('matches an array field when any element is not excluded', () => {
    const pattern = { tags: [{ 'anything-but': 'internal' }] };
    expect(matches(pattern, { tags: ['internal', 'billing'] })).toBe(true);
    expect(matches(pattern, { tags: ['internal'] })).toBe(false);
  });
});

describe('Function: matchEventPattern — numeric', () => {
  it('matches the documented numeric pattern', () => {
    const pattern = {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    };
    expect(matches(pattern, EC2_EVENT)).toBe(true);
    expect(matches(pattern, withDetail({ 'c-count': 6 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'c-count': 0 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'd-count': 10 }))).toBe(false);
    expect(matches(pattern, withDetail({ 'x-limit': 301.9 }))).toBe(false);
  });

  it.each<[unknown[], unknown, boolean]>([
    [['>=', 10000], 10000, true],
    [['>=', 10000], 9999, false],
    [['>', 10000], 10000, false],
    [['<=', 5], 5, true],
    [['<', 5], 5, false],
    [['>=', 1, '<', 2], 1.5, true],
    [['>=', 1, '<', 2], 2, false],
    [['>', -5, '<=', -1], -1, true],
    [['=', 0], 0, true],
    [['>=', 10000], '20000', false],
    [['>=', 10000], null, false],
  ])('numeric %j on %j → %s', (numeric, value, expected) => {
    expect(matches({ amount: [{ numeric }] }, { amount: value })).toBe(expected);
  });
});

describe('Function: matchEventPattern — exists', () => {
  it.each<[boolean, unknown, boolean]>([
    [true, EC2_EVENT, true],
    [true, { detail: { state: 'running' } }, false],
    [false, { detail: { state: 'running' } }, true],
    [false, EC2_EVENT, false],
    [false, { version: '0' }, true],
    // Exists looks at leaves: a field that holds an object is not a leaf.
    [false, { detail: { 'c-count': { c1: 100 } } }, true],
    [true, { detail: { 'c-count': { c1: 100 } } }, false],
    [true, { detail: { 'c-count': null } }, true],
    [true, { detail: { 'c-count': [] } }, false],
    [false, { detail: { 'c-count': [] } }, true],
    [true, { detail: { 'c-count': [1] } }, true],
  ])('exists %s on %j → %s', (exists, event, expected) => {
    expect(matches({ detail: { 'c-count': [{ exists }] } }, event)).toBe(expected);
  });

  it('combines exists with other alternatives of the same field as OR', () => {
    const pattern = { plan: ['gold', { exists: false }] };
    expect(matches(pattern, { plan: 'gold' })).toBe(true);
    expect(matches(pattern, {})).toBe(true);
    expect(matches(pattern, { plan: 'free' })).toBe(false);
  });
});

describe('Function: matchEventPattern — $or and the complex example', () => {
  it('matches "source" && ("metricName" || "namespace")', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [{ metricName: ['CPUUtilization', 'ReadLatency'] }, { namespace: ['AWS/EC2', 'AWS/ES'] }],
    };
    expect(matches(pattern, { source: 'aws.cloudwatch', metricName: 'ReadLatency' })).toBe(true);
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/ES' })).toBe(true);
    expect(matches(pattern, { source: 'aws.cloudwatch', namespace: 'AWS/RDS' })).toBe(false);
    expect(matches(pattern, { source: 'aws.ec2', metricName: 'ReadLatency' })).toBe(false);
  });

  it('matches parallel $or at two levels', () => {
    const pattern = {
      $or: [{ metricName: ['CPUUtilization'] }, { namespace: ['AWS/EC2'] }],
      detail: { $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }] },
    };
    expect(matches(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.cloudwatch' } })).toBe(true);
    expect(matches(pattern, { namespace: 'AWS/EC2', detail: { source: 'aws.ec2' } })).toBe(false);
  });

  it('matches nested $or and AND', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2', 'AWS/ES'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };
    expect(matches(pattern, { ...base, spaceId: 1000 })).toBe(true);
    expect(matches(pattern, { ...base, spaceId: 1001 })).toBe(false);
    expect(matches(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
  });

  it('matches the documented complex example (without cidr, which route filters do not support)', () => {
    const pattern = {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    };
    expect(matches(pattern, EC2_EVENT)).toBe(true);
    expect(matches(pattern, withDetail({ 'x-limit': 300 }))).toBe(false);
    expect(matches(pattern, withDetail({ state: 'initializing' }))).toBe(false);
  });
});

describe('Function: matchEventPattern — failed condition', () => {
  it('names the first failed condition and whether the field was there, never its value', () => {
    const pattern = { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }] } } };
    const result = matchEventPattern(compileEventPattern(pattern), {
      data: { object: { currency: 'jpy', amount: 5000 } },
    });
    expect(result).toEqual({
      matched: false,
      failedCondition: 'data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
    });
    const absent = matchEventPattern(compileEventPattern(pattern), { data: {} });
    expect(absent).toMatchObject({ failedCondition: expect.stringContaining('(the field is absent)') });
  });

  it('never throws on odd documents', () => {
    const compiled = compileEventPattern({ a: { b: ['x'] }, c: [{ exists: false }] });
    for (const document of [null, 'text', 42, [], [[]], { a: null }, { a: [null, 'x', [{ b: 'x' }]] }]) {
      expect(() => matchEventPattern(compiled, document)).not.toThrow();
    }
    expect(matchEventPattern(compiled, { a: [null, 'x', [{ b: 'x' }]] }).matched).toBe(true);
  });
});
