import { describe, expect, it } from 'vitest';
import { createSyncConnectors, SYNC_CONNECTORS } from '../../../../shared/sync/connectors/index.ts';
import { CHAT_SYSTEMS } from '../../../../shared/tenants/destinations.ts';

describe('Const: SYNC_CONNECTORS', () => {
  it('has a connector factory for every chat system, each building its own system', () => {
    // Act
    const systems = CHAT_SYSTEMS.map((system) => SYNC_CONNECTORS[system]().system);

    // Assess
    expect(Object.keys(SYNC_CONNECTORS).sort()).toEqual([...CHAT_SYSTEMS].sort());
    expect(systems).toEqual([...CHAT_SYSTEMS]);
  });
});

describe('Function: createSyncConnectors', () => {
  it('builds all three connectors with their own options', () => {
    // Act
    const connectors = createSyncConnectors({ SLACK: { apiBaseUrl: 'http://127.0.0.1:1/api' } });

    // Assess
    expect(connectors.SLACK.system).toBe('SLACK');
    expect(connectors.TEAMS.system).toBe('TEAMS');
    expect(connectors.LINE_WORKS.system).toBe('LINE_WORKS');
  });
});
