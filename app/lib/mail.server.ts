import nodemailer, { type Transporter } from 'nodemailer';
import { env } from './env.server';

/** One e-mail: plain text, with a Message-ID fixed by the caller so a repeated send is recognisably one message. */
export interface MailMessage {
  /** `<…@…>`, the same for every attempt at one message. */
  messageId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

let cached: { url: string; transport: Transporter } | undefined;

/**
 * The SMTP mailer SMTP_URL configures (nodemailer), or null when none is: e-mail is then kept in the
 * outbox. Timeouts keep one attempt well inside the delivery job's expiry (app/lib/jobs.server.ts),
 * so a silent server fails the attempt, to be retried, rather than holding the job.
 */
export function mailer(): Mailer | null {
  const { SMTP_URL, MAIL_FROM } = env();
  if (!SMTP_URL || !MAIL_FROM) return null;
  if (cached?.url !== SMTP_URL) {
    cached?.transport.close();
    cached = {
      url: SMTP_URL,
      transport: nodemailer.createTransport({ url: SMTP_URL, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }),
    };
  }
  const transport = cached.transport;
  return {
    async send(m) {
      await transport.sendMail({
        from: MAIL_FROM,
        to: m.to,
        subject: m.subject,
        text: m.text,
        messageId: m.messageId,
        // RFC 3834: machine-written; auto-responders should not answer it.
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
  };
}
