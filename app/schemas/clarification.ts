import { z } from 'zod';
import { MAX_CLARIFICATION_LENGTH, MIN_CLARIFICATION_LENGTH } from '~/domain/clarification';
import { idField, text } from './fields';

const clarificationText = () =>
  text({
    min: MIN_CLARIFICATION_LENGTH,
    max: MAX_CLARIFICATION_LENGTH,
    multiline: true,
    tooShort: 'clarification.errors.tooShort',
    tooLong: 'clarification.errors.tooLong',
  });

/** A bidding organization's question; the organization is the one its administrator acts for (`org`, when several). */
export const AskQuestionSchema = z.object({ question: clarificationText(), organizationId: idField().optional() });

/** The purchaser's answer to one question, to every bidder; `changesDocuments` makes it a material amendment. */
export const AnswerQuestionSchema = z.object({
  questionId: idField(),
  answer: clarificationText(),
  changesDocuments: z
    .string()
    .optional()
    .transform((v) => v === 'on' || v === 'true'),
});
