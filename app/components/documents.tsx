import { getFormProps } from '@conform-to/react';
import { Form } from '@remix-run/react';
import { useState } from 'react';
import { MAX_ATTACHMENT_BYTES } from '~/domain/file-type';
import { BID_DOCUMENT_KINDS, FILING_DOCUMENT_KINDS } from '~/domain/documents';
import { BidDocumentSchema, FilingDocumentSchema } from '~/schemas/documents';
import { replyFor, useAppForm } from '~/lib/use-app-form';
import { Field } from '~/components/ui/form';
import { keyUnder } from '~/i18n/i18n';
import { useT } from '~/i18n/use-t';

/** A document as its page lists it (app/queries/attachments.server.ts, `DocumentRow`). */
export interface DocumentItem {
  id: string;
  documentKind: string;
  name: string;
  sizeBytes: number;
  uploadedAt: string;
}

type Family = 'bid' | 'filing';
const KIND_FAMILY = { bid: 'documents.bidKind', filing: 'documents.filingKind' } as const;

/** The documents of a bid or a filing, each a download through /attachments/:id (which checks who asks). */
export function DocumentList({ documents, family, removable = false }: { documents: DocumentItem[]; family: Family; removable?: boolean }) {
  const { t, num, dateTime } = useT();
  if (!documents.length) return <p className="muted small">{t('documents.none')}</p>;
  return (
    <ul className="small" style={{ paddingLeft: '1.1rem' }}>
      {documents.map((d) => (
        <li key={d.id}>
          <span className="badge">{t(keyUnder(KIND_FAMILY[family], d.documentKind))}</span>{' '}
          <a href={`/attachments/${d.id}`} download style={{ overflowWrap: 'anywhere' }}>
            {d.name}
          </a>{' '}
          <span className="muted small">
            ({num(Math.ceil(d.sizeBytes / 1024))} KB · {dateTime(d.uploadedAt)})
          </span>
          {removable ? (
            <Form method="post" style={{ display: 'inline' }}>
              <input type="hidden" name="intent" value="detach" />
              <input type="hidden" name="attachmentId" value={d.id} />{' '}
              <button type="submit" className="btn secondary small" aria-label={`${t('documents.remove')} ${d.name}`}>
                {t('documents.remove')}
              </button>
            </Form>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/**
 * One document at a time: its kind and its file, sent as multipart with intent `attach` to the page's
 * own action. The server checks the file by its content (400/413 with the message beside the field);
 * with JavaScript a file over the cap is refused here before anything is sent.
 */
export function DocumentUploadForm({ family, bidId, result }: { family: Family; bidId?: string; result: unknown }) {
  const { t } = useT();
  const hidden: Record<string, string> = bidId ? { bidId } : {};
  const [form, fields] = useAppForm(family === 'bid' ? BidDocumentSchema : FilingDocumentSchema, {
    id: `form-attach-${family}`,
    lastResult: replyFor(result, 'attach', hidden),
  });
  const [tooLarge, setTooLarge] = useState(false);
  const fileError = tooLarge ? 'attachment.errors.tooLarge' : form.allErrors.file?.[0];
  const formProps = getFormProps(form);
  const kinds = family === 'bid' ? BID_DOCUMENT_KINDS : FILING_DOCUMENT_KINDS;
  return (
    <Form
      method="post"
      encType="multipart/form-data"
      className="stack"
      {...formProps}
      onSubmit={(e) => {
        const input = e.currentTarget.elements.namedItem('file') as HTMLInputElement | null;
        const size = input?.files?.[0]?.size ?? 0;
        setTooLarge(size > MAX_ATTACHMENT_BYTES);
        if (size > MAX_ATTACHMENT_BYTES) e.preventDefault();
        else formProps.onSubmit(e);
      }}
    >
      <input type="hidden" name="intent" value="attach" />
      {bidId ? <input type="hidden" name="bidId" value={bidId} /> : null}
      <Field field={fields.documentKind} label={t('documents.kind')}>
        {(p, initial) => (
          <select {...p} key={fields.documentKind.key} defaultValue={typeof initial === 'string' ? initial : kinds[0]}>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(keyUnder(KIND_FAMILY[family], k))}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field name="file" label={t('documents.file')} hint={t('documents.file.hint')} errors={fileError ? { file: fileError } : undefined} required>
        {(p) => <input {...p} type="file" required accept=".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx" style={{ maxWidth: '100%' }} />}
      </Field>
      <div>
        <button type="submit" className="btn secondary">
          {t('documents.attach')}
        </button>
      </div>
    </Form>
  );
}
