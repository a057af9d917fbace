import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../core/config.js';

describe('config', () => {
  it('runs on embedded defaults with no environment at all', () => {
    const c = parseConfig({});
    expect(c).toMatchObject({ PORT: 3000, STORE_DRIVER: 'embedded', SEARCH_DRIVER: 'embedded', QUEUE_DRIVER: 'embedded', MAIL_DRIVER: 'outbox', DATA_DIR: './data' });
  });

  it('requires a driver\'s variables only when that driver is chosen', () => {
    expect(() => parseConfig({ STORE_DRIVER: 'mongo' })).toThrow(/MONGO_URL: is required when STORE_DRIVER=mongo/);
    expect(() => parseConfig({ QUEUE_DRIVER: 'bullmq' })).toThrow(/REDIS_URL/);
    expect(() => parseConfig({ SEARCH_DRIVER: 'meilisearch' })).toThrow(/MEILI_URL/);
    expect(() => parseConfig({ MAIL_DRIVER: 'smtp' })).toThrow(/SMTP_URL/);
    expect(parseConfig({ QUEUE_DRIVER: 'bullmq', REDIS_URL: 'redis://127.0.0.1:6380' }).REDIS_URL).toBe('redis://127.0.0.1:6380');
  });

  it('names the variable, what is allowed and what it got', () => {
    try {
      parseConfig({ PORT: 'eighty', STORE_DRIVER: 'postgres' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const message = (e as Error).message;
      expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
      expect(message).toMatch(/STORE_DRIVER: .*embedded.*mongo.*\(got "postgres"\)/);
    }
  });

  it('rejects a URL with the wrong scheme and a short secret in production', () => {
    expect(() => parseConfig({ QUEUE_DRIVER: 'bullmq', REDIS_URL: 'http://redis' })).toThrow(/REDIS_URL: must start with redis:\/\//);
    expect(() => parseConfig({ NODE_ENV: 'production', APP_SECRET: 'short-but-16-chars' })).toThrow(/APP_SECRET: must be at least 32/);
  });

  it('treats empty strings as unset and parses lists and booleans', () => {
    const c = parseConfig({ PORT: '', CORS_ORIGINS: 'https://a.nl, https://b.nl', SEED_DEMO: 'no' });
    expect(c.PORT).toBe(3000);
    expect(c.CORS_ORIGINS).toEqual(['https://a.nl', 'https://b.nl']);
    expect(c.SEED_DEMO).toBe(false);
  });
});
