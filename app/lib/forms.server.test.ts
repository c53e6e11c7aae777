import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from './errors';
import { parseSubmission } from './forms.server';

const Schema = z.object({ title: z.string().min(1), rows: z.array(z.object({ name: z.string().min(1) })).default([]) });

function form(fields: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
}

describe('parseSubmission', () => {
  it('reads a list intent (a button pressed without JavaScript) and answers with the form as it stands', () => {
    const s = parseSubmission(form({ title: 'a', 'rows[0].name': 'x', __intent__: '{"type":"insert","payload":{"name":"rows"}}' }), Schema);
    expect(s.status).toBeUndefined();
    expect(s.payload).toEqual({ title: 'a', rows: [{ name: 'x' }, undefined] });
  });

  it('refuses a forged intent as unreadable input (400), never a server error, and pollutes no prototype', () => {
    for (const intent of [
      'not json',
      '{"type":"insert","payload":{"name":"__proto__.polluted","defaultValue":"x"}}',
      '{"type":"update","payload":{"name":"constructor.prototype.polluted","value":"x"}}',
      '{"type":"remove","payload":{"name":"title","index":0}}',
    ]) {
      const attempt = () => parseSubmission(form({ title: 'a', __intent__: intent }), Schema);
      expect(attempt, intent).toThrow(AppError);
      expect(attempt, intent).toThrow('errors.form.unreadable');
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('reports every field error in one round', () => {
    const s = parseSubmission(form({ title: '', 'rows[0].name': '', 'rows[1].name': '' }), Schema);
    if (s.status !== 'error') throw new Error(`expected errors, got ${String(s.status)}`);
    expect(Object.keys(s.error ?? {}).sort()).toEqual(['rows[0].name', 'rows[1].name', 'title']);
  });
});
