import type { Submission } from '@conform-to/react';
import { attachmentProblem } from '~/services/attach-file.server';
import { replyTo } from './forms.server';

/**
 * The one file of an upload form's field, read and checked by its content before anything is
 * written: `{ file }`, or the answer to send back, the message beside the field: 413 when the file is
 * over the cap, 400 when it is empty, missing, badly named or not a type we take.
 */
export async function uploadedFile(form: FormData, submission: Submission<unknown, string[], unknown>, field = 'file') {
  const value = form.get(field);
  const isFile = typeof value === 'object' && value !== null && 'arrayBuffer' in value;
  const file = isFile ? { name: (value as File).name, bytes: new Uint8Array(await (value as File).arrayBuffer()) } : { name: '', bytes: new Uint8Array() };
  const problem = attachmentProblem(file);
  if (!problem) return { file };
  const status = problem.key === 'attachment.errors.tooLarge' ? 413 : 400;
  return { refusal: replyTo(submission, { fieldErrors: { [field]: problem.key }, status }) };
}

/** Whether the request carries a multipart body: a route that takes uploads authorizes before reading one. */
export function isMultipart(request: Request): boolean {
  return (request.headers.get('content-type') ?? '').toLowerCase().startsWith('multipart/form-data');
}
