import { afterEach, describe, expect, it } from 'vitest';
import { appUrlOf, env, resetEnvForTests } from './env.server';

const saved = {
  ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS,
  TRUST_PROXY: process.env.TRUST_PROXY,
  COOKIE_SECURE: process.env.COOKIE_SECURE,
  ENABLE_TEST_CLOCK: process.env.ENABLE_TEST_CLOCK,
  UPLOAD_DIR: process.env.UPLOAD_DIR,
  APP_URL: process.env.APP_URL,
  SMTP_URL: process.env.SMTP_URL,
  MAIL_FROM: process.env.MAIL_FROM,
  SMS_GATEWAY: process.env.SMS_GATEWAY,
  NODE_ENV: process.env.NODE_ENV,
  JOBS_WORKERS: process.env.JOBS_WORKERS,
};

function withEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  resetEnvForTests();
  return env;
}

afterEach(() => withEnv(saved));

describe('ALLOWED_ORIGINS must be full origins', () => {
  it('unset is none; a list of origins is trimmed', () => {
    expect(withEnv({ ALLOWED_ORIGINS: undefined })().ALLOWED_ORIGINS).toEqual([]);
    expect(withEnv({ ALLOWED_ORIGINS: ' https://mz.shaanxi.example , http://10.0.0.5:8080' })().ALLOWED_ORIGINS).toEqual([
      'https://mz.shaanxi.example',
      'http://10.0.0.5:8080',
    ]);
  });
  it.each([
    'mz.shaanxi.example',
    'https://mz.shaanxi.example/',
    'https://mz.shaanxi.example/app',
    'ftp://mz.example',
    'https://MZ.example',
    'https://mz.example:443',
    '*',
  ])('%s stops the app', (v) => {
    expect(() => withEnv({ ALLOWED_ORIGINS: v })()).toThrow(/ALLOWED_ORIGINS must list full origins/);
  });
});

describe('TRUST_PROXY is what Express understands', () => {
  it('default loopback; true, false, hops, addresses and subnets', () => {
    expect(withEnv({ TRUST_PROXY: undefined })().TRUST_PROXY).toBe('loopback');
    expect(withEnv({ TRUST_PROXY: '' })().TRUST_PROXY).toBe('loopback');
    expect(withEnv({ TRUST_PROXY: 'true' })().TRUST_PROXY).toBe(true);
    expect(withEnv({ TRUST_PROXY: 'false' })().TRUST_PROXY).toBe(false);
    expect(withEnv({ TRUST_PROXY: '1' })().TRUST_PROXY).toBe(1);
    expect(withEnv({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7' })().TRUST_PROXY).toBe('loopback, 10.0.0.0/8,fd00::/8, 192.168.1.7');
  });
  it.each(['yes', '10.0.0.0/33', 'proxy.internal', '10.0.0.1/8/1', ',', 'loopback,'])('%s stops the app', (v) => {
    expect(() => withEnv({ TRUST_PROXY: v })()).toThrow(/TRUST_PROXY must be/);
  });
});

describe('switches and folders are read once, through the schema', () => {
  it('defaults: Secure cookies decided by NODE_ENV, no test clock, uploads under .data', () => {
    const e = withEnv({ COOKIE_SECURE: undefined, ENABLE_TEST_CLOCK: '', UPLOAD_DIR: undefined })();
    expect(e.COOKIE_SECURE).toBeUndefined();
    expect(e.ENABLE_TEST_CLOCK).toBe('0');
    expect(e.UPLOAD_DIR).toBe('./.data/uploads');
  });
  it('job workers run unless JOBS_WORKERS=off', () => {
    expect(withEnv({ JOBS_WORKERS: undefined })().JOBS_WORKERS).toBe('on');
    expect(withEnv({ JOBS_WORKERS: '' })().JOBS_WORKERS).toBe('on');
    expect(withEnv({ JOBS_WORKERS: 'off' })().JOBS_WORKERS).toBe('off');
  });
  it.each([
    ['COOKIE_SECURE', 'true'],
    ['ENABLE_TEST_CLOCK', 'yes'],
    ['JOBS_WORKERS', 'false'],
  ])('%s=%s stops the app instead of being read as off', (name, v) => {
    expect(() => withEnv({ [name]: v })()).toThrow(new RegExp(name));
  });
});

describe('e-mail, SMS and the public URL of links', () => {
  it('defaults: no SMTP (mail kept in the outbox), the logging SMS gateway, links to localhost', () => {
    const e = withEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL: undefined, SMS_GATEWAY: '' })();
    expect(e.SMTP_URL).toBeUndefined();
    expect(e.SMS_GATEWAY).toBe('log');
    expect(appUrlOf(e)).toBe(`http://localhost:${e.PORT}`);
  });
  it('an SMTP server with its sender, and the public origin', () => {
    const e = withEnv({
      SMTP_URL: 'smtps://mailer:secret@smtp.example.cn:465',
      MAIL_FROM: '陕西省社区社会组织服务平台 <no-reply@mz.shaanxi.example>',
      APP_URL: 'https://mz.shaanxi.example',
    })();
    expect(e.SMTP_URL).toBe('smtps://mailer:secret@smtp.example.cn:465');
    expect(appUrlOf(e)).toBe('https://mz.shaanxi.example');
  });
  it.each([
    [{ SMTP_URL: 'http://smtp.example.cn' }, /SMTP_URL must be an smtp/],
    [{ SMTP_URL: 'smtp://smtp.example.cn', MAIL_FROM: undefined }, /MAIL_FROM is required when SMTP_URL is set/],
    [{ MAIL_FROM: 'no-reply' }, /MAIL_FROM must be an address/],
    [{ APP_URL: 'https://mz.shaanxi.example/app' }, /APP_URL must be the public origin/],
    [{ SMS_GATEWAY: 'aliyun' }, /SMS_GATEWAY/],
    [
      { NODE_ENV: 'production', SMTP_URL: 'smtp://smtp.example.cn', MAIL_FROM: 'no-reply@mz.shaanxi.example', APP_URL: undefined },
      /APP_URL is required in production/,
    ],
  ])('%o stops the app', (vars, message) => {
    expect(() => withEnv({ SMTP_URL: undefined, MAIL_FROM: undefined, APP_URL: undefined, ...vars })()).toThrow(message);
  });
});
