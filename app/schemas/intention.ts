import { z } from 'zod';
import { SERVICE_CATEGORIES } from '~/domain/catalog';
import { FUNDING_SOURCES } from '~/domain/project';
import { moneyField, numberField, text } from './fields';
import { choices } from './filing';

/** The purchase intention form (create and edit); the purchasing unit is the actor's, never posted. */
export const IntentionSchema = z.object({
  title: text({ min: 4, max: 100, required: 'intention.errors.title', tooShort: 'intention.errors.title', tooLong: 'intention.errors.title' }),
  description: text({
    min: 10,
    max: 2000,
    multiline: true,
    required: 'intention.errors.description',
    tooShort: 'intention.errors.description',
    tooLong: 'intention.errors.description',
  }),
  serviceCategories: choices(SERVICE_CATEGORIES, { min: 1, tooFew: 'filing.errors.categories' }),
  budget: moneyField('intention.errors.budget'),
  fundingSource: z.enum(FUNDING_SOURCES, 'errors.invalid'),
  year: numberField({ min: 2020, max: 2100, key: 'intention.errors.year' }),
  expectedMonth: numberField({ min: 1, max: 12, key: 'intention.errors.month' }),
});

export type IntentionInput = z.output<typeof IntentionSchema>;

/** Withdrawing a published intention: the reason is published with it. */
export const WithdrawIntentionSchema = z.object({
  reason: text({ min: 4, max: 1000, multiline: true, tooShort: 'filing.errors.reason.tooShort', tooLong: 'filing.errors.reason.tooLong' }),
});
