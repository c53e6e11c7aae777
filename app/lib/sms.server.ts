import { env } from './env.server';

/** One text message: `id` is the outbound message's id, the gateway's idempotency key where it has one. */
export interface SmsMessage {
  id: string;
  /** A mainland mobile number, 11 digits. */
  to: string;
  text: string;
}

/**
 * The SMS gateway the platform sends through. The province's gateway plugs in here as another
 * implementation, chosen by SMS_GATEWAY; `send` throws when the gateway refuses or cannot be
 * reached (the delivery job then retries).
 */
export interface SmsSender {
  /** Whether a message given to `send` reaches a phone: false keeps it in the outbox as `kept`. */
  readonly delivers: boolean;
  send(message: SmsMessage): Promise<void>;
}

/** A number as it may appear in a log: the first three and last four digits. */
export function maskMobile(mobile: string): string {
  return mobile.length >= 7 ? `${mobile.slice(0, 3)}****${mobile.slice(-4)}` : '****';
}

/** Sends nothing: one log line per message (which, to whom, how long), for development and until a gateway is configured. */
export const logSmsSender: SmsSender = {
  delivers: false,
  async send(message) {
    console.info(`sms (log gateway): message ${message.id} to ${maskMobile(message.to)}, ${message.text.length} characters, not sent`);
  },
};

/** The gateway SMS_GATEWAY names. */
export function smsSender(): SmsSender {
  switch (env().SMS_GATEWAY) {
    case 'log':
      return logSmsSender;
  }
}
