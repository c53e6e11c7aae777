import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import type { OrgStatusAction } from '~/domain/organization-status';
import { useT } from '~/i18n/use-t';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { RegistrationSchema, StatusChangeSchema } from '~/schemas/organization';
import { Field, FormError, TextArea, TextField } from './ui/form';

type Failure = { messageKey: string; params?: Record<string, string | number> } | undefined;

/** The county bureau records the legal-person registration of a filed organization (§4.2). */
export function RegistrationPanel({ answer, failure }: { answer: unknown; failure: Failure }) {
  const { t } = useT();
  const [form, fields] = useAppForm(RegistrationSchema, { id: 'register', lastResult: replyFor(answer, 'register') });
  return (
    <section className="card">
      <h2>{t('org.register.title')}</h2>
      <p className="small muted">{t('org.register.lead')}</p>
      <FormError failure={failure} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="register" />
        <TextField field={fields.uscc} label={t('org.uscc')} hint={t('org.uscc.hint')} />
        <TextField field={fields.registeredOn} type="date" label={t('org.registeredOn')} />
        <button type="submit" className="btn">
          {t('org.register.submit')}
        </button>
      </Form>
    </section>
  );
}

/** Suspend, reinstate or exit (§4.3): only the changes this person may make now are offered. */
export function StatusPanel({ actions, answer, failure }: { actions: OrgStatusAction[]; answer: unknown; failure: Failure }) {
  const { t } = useT();
  const [form, fields] = useAppForm(StatusChangeSchema, { id: 'status', lastResult: replyFor(answer, 'status') });
  return (
    <section className="card">
      <h2>{t('org.status.title')}</h2>
      <FormError failure={failure} />
      <Form method="post" className="stack" {...getFormProps(form)}>
        <input type="hidden" name="intent" value="status" />
        <Field field={fields.action} label={t('org.status.action')}>
          {(p, initial) => (
            <select {...p} key={fields.action.key} defaultValue={typeof initial === 'string' ? initial : undefined}>
              {actions.map((a) => (
                <option key={a} value={a}>
                  {t(`org.statusAction.${a}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <TextArea field={fields.reason} label={t('org.status.reason')} rows={3} />
        <button type="submit" className="btn danger">
          {t('org.status.submit')}
        </button>
      </Form>
    </section>
  );
}
