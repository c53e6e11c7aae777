import { afterEach, describe, expect, it } from 'vitest';
import { env, resetEnvForTests } from './env.server';

const saved = {
  ALLOWED_ORIGINS: process.env.ALLOWED_ORIGINS,
  TRUST_PROXY: process.env.TRUST_PROXY,
  COOKIE_SECURE: process.env.COOKIE_SECURE,
  ENABLE_TEST_CLOCK: process.env.ENABLE_TEST_CLOCK,
  UPLOAD_DIR: process.env.UPLOAD_DIR,
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
