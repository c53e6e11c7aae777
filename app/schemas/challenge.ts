import { z } from 'zod';
import {
  CHALLENGE_MATTERS,
  CHALLENGE_OUTCOMES,
  challengeMatterProblem,
  challengeRemedyProblem,
  MAX_CHALLENGE_TEXT,
  MIN_CHALLENGE_TEXT,
} from '~/domain/challenge';
import { idField, text } from './fields';

const challengeText = () =>
  text({ min: MIN_CHALLENGE_TEXT, max: MAX_CHALLENGE_TEXT, multiline: true, tooShort: 'challenge.errors.tooShort', tooLong: 'challenge.errors.tooLong' });

/**
 * A bidder's challenge (质疑): the matter, the bid when a ranking is challenged, reasons and evidence.
 * The organization is the one its administrator acts for (`organizationId`, when several).
 */
export const FileChallengeSchema = z
  .object({
    organizationId: idField().optional(),
    matter: z.enum(CHALLENGE_MATTERS, 'challenge.errors.matter'),
    // A form posts an empty choice as '' (no auto-coercion): no bid named.
    bidId: z
      .union([z.literal(''), idField()])
      .optional()
      .transform((v) => v || undefined),
    reasons: challengeText(),
    evidence: challengeText(),
  })
  .superRefine((v, c) => {
    const problem = challengeMatterProblem(v.matter, v.bidId);
    if (problem) c.addIssue({ code: 'custom', path: ['bidId'], message: problem });
  });

/** The purchaser's written answer to one challenge: dismissed, or upheld with the remedy. */
export const AnswerChallengeSchema = z
  .object({
    challengeId: idField(),
    answer: challengeText(),
    outcome: z.enum(CHALLENGE_OUTCOMES, 'challenge.errors.outcome'),
    // Empty unless upheld: the form posts '' for an unused field.
    remedy: z
      .union([z.literal(''), challengeText()])
      .optional()
      .transform((v) => v || undefined),
  })
  .superRefine((v, c) => {
    const problem = challengeRemedyProblem(v.outcome, v.remedy);
    if (problem) c.addIssue({ code: 'custom', path: ['remedy'], message: problem });
  });
