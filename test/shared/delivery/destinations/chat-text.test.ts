import { describe, expect, it } from 'vitest';
import { CHAT_TEXT_RULES } from '../../../../shared/delivery/destinations/chat/chat-text.ts';
import { buildChatSenders } from '../../../../shared/delivery/destinations/chat/registry.ts';
import { SecretUpdater, TenantSecrets } from '../../../../shared/delivery/destinations/secrets.ts';
import { CHAT_SYSTEMS } from '../../../../shared/tenants/destinations.ts';
import { fastRuntime, MemorySecrets, RecordingTokenObserver, SECRET_PREFIX } from './fixtures.ts';

describe('Constant: CHAT_TEXT_RULES', () => {
  it('holds the escaping and length limit each chat sender uses, so previews render as deliveries do', () => {
    const { time, runtime } = fastRuntime();
    const secrets = new MemorySecrets(new Map());
    const nowhere = 'http://127.0.0.1:9';
    const senders = buildChatSenders(
      {
        client: runtime.client,
        secrets: new TenantSecrets(secrets, SECRET_PREFIX, time.clock),
        secretUpdater: new SecretUpdater(secrets),
        tokenObserver: new RecordingTokenObserver(),
        clock: time.clock,
        perAttemptTimeoutMs: 2_000,
      },
      {
        slackApiBaseUrl: nowhere,
        graphApiBaseUrl: nowhere,
        graphLoginBaseUrl: nowhere,
        lineWorksApiBaseUrl: nowhere,
        lineWorksAuthBaseUrl: nowhere,
      },
    );
    for (const system of CHAT_SYSTEMS) {
      const { escaping, maxTextLength } = senders[system];
      expect(CHAT_TEXT_RULES[system]).toEqual({ escaping, maxTextLength });
    }
  });
});
