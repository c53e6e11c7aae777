import type { Db } from '#db/client';

/**
 * Sends one notification's e-mail/SMS (the `notification-deliver` job). A placeholder on this branch:
 * the delivery helper's version (outbound_messages, SMTP, SMS) replaces it at merge.
 */
export async function deliverNotification(db: Db, notificationId: string): Promise<void> {
  void db;
  console.log(`jobs: deliver notification ${notificationId} (no delivery on this branch)`);
}
