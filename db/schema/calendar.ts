import { date, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './users';

/**
 * The working-day calendar (app/domain/working-days.ts): statutory holidays and make-up working days.
 * The official years ship in the migration that creates it; the province administrator enters each
 * new year's days as the State Council announces them. A day not listed is a working day from Monday
 * to Friday.
 */
export const calendarDays = pgTable('calendar_days', {
  date: date('date').primaryKey(),
  kind: text('kind', { enum: ['holiday', 'workday'] }).notNull(),
  name: text('name').notNull(),
  /** Who entered or last changed it (null for the shipped official days). */
  updatedBy: uuid('updated_by').references(() => users.id),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
