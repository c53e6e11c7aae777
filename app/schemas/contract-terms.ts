import { z } from 'zod';
import { TERM_SECTION_MAX, TERM_SECTION_MIN } from '~/domain/contract-document';
import { numberField, text } from './fields';

/** One section of a contract's terms (or of a template): several paragraphs of plain text. */
const section = () =>
  text({
    min: TERM_SECTION_MIN,
    max: TERM_SECTION_MAX,
    multiline: true,
    required: 'contractDoc.errors.sectionRequired',
    tooShort: 'contractDoc.errors.sectionTooShort',
    tooLong: 'contractDoc.errors.sectionTooLong',
  });

/** The six sections, in print order (TERM_SECTIONS): a draft contract's terms form. */
export const ContractTermsSchema = z.object({
  content: section(),
  quantity: section(),
  acceptance: section(),
  payment: section(),
  liability: section(),
  disputes: section(),
});

/** A unit's template, with the revision the form was loaded at (a save in between is not overwritten). */
export const ContractTemplateSchema = ContractTermsSchema.extend({
  revision: numberField({ min: 0, max: 1_000_000, key: 'errors.invalid' }),
});
