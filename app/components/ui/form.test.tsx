import { renderToStaticMarkup } from 'react-dom/server';
import type { ReactNode } from 'react';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router-dom/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAppForm } from '~/lib/use-app-form';
import { FilingSchema } from '~/schemas/filing';
import { CheckboxGroup, TextArea, TextField } from './form';

/** Renders as the server does, under a router whose root loader gives the language. */
async function render(element: ReactNode): Promise<string> {
  const handler = createStaticHandler([{ id: 'root', path: '/', loader: () => ({ locale: 'zh-CN' }), element }]);
  const context = await handler.query(new Request('http://localhost/'));
  if (context instanceof Response) throw new Error('the root loader answered a response');
  return renderToStaticMarkup(<StaticRouterProvider router={createStaticRouter(handler.dataRoutes, context)} context={context} />);
}

/** The filing form's fields: what its schema requires, and what it leaves optional (the rules default to none). */
function FilingFields() {
  const [, fields] = useAppForm(FilingSchema);
  return (
    <>
      <TextField field={fields.name} label="组织名称" />
      <TextArea field={fields.rules} label="管理制度" />
      <CheckboxGroup field={fields.serviceCategories} legend="服务领域" options={[{ value: 'culture', label: '文化' }]} />
      <TextField name="plain" label="没有模式的字段" />
      <TextField name="explicit" label="显式必填" required />
    </>
  );
}

/** The markup of the field whose label or legend says `label`: from its container to the next field. */
const fieldOf = (html: string, label: string) => {
  const at = html.indexOf(`>${label}<`);
  expect(at, `no field labelled ${label}`).toBeGreaterThan(-1);
  const start = html.lastIndexOf('<', html.lastIndexOf('class="field"', at));
  const next = html.indexOf('class="field"', at);
  return html.slice(start, next < 0 ? undefined : next);
};

describe('required fields', () => {
  let html = '';
  beforeAll(async () => {
    html = await render(<FilingFields />);
  });

  it('a field the schema requires shows a mark after its label, outside the label (its name stays the label), and says so to screen readers', () => {
    const name = fieldOf(html, '组织名称');
    expect(name).toMatch(/<label for="[^"]+">组织名称<\/label><span class="required-mark" aria-hidden="true" title="必填">\*<\/span>/);
    expect(name).toMatch(/<input[^>]*aria-required="true"/);
  });

  it('a field the schema makes optional or gives a default is not marked', () => {
    const rules = fieldOf(html, '管理制度');
    expect(rules).not.toContain('required-mark');
    expect(rules).not.toContain('aria-required');
  });

  it('a required group of boxes has the mark on its legend and "required" in its description', () => {
    const group = fieldOf(html, '服务领域');
    expect(group).toContain('<span class="required-mark" aria-hidden="true" title="必填">*</span></legend>');
    const describedBy = /<fieldset[^>]*aria-describedby="([^"]+)"/.exec(group)![1]!.split(' ');
    const note = describedBy.map((id) => new RegExp(`<span class="visually-hidden" id="${id}">([^<]*)</span>`).exec(group)?.[1]).find(Boolean);
    expect(note).toBe('必填');
  });

  it('without a schema a field is marked only when the page says it is required', () => {
    expect(fieldOf(html, '没有模式的字段')).not.toContain('required-mark');
    const explicit = fieldOf(html, '显式必填');
    expect(explicit).toContain('required-mark');
    expect(explicit).toMatch(/<input[^>]* required=""/);
  });
});
