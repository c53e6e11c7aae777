import type { ContractDocumentPanel } from '~/components/contract-document';
import type { ContractSide } from '~/domain/contract-capabilities';
import type { attachmentsOfContract } from '~/queries/attachments.server';
import type { ContractPage } from '~/queries/contracts.server';

/**
 * The contract page's data for one side: the read model as the query gives it (ContractPage; dates
 * are ISO strings, money integer fen), the side, the files, today in China and what this side may do.
 */
export type ContractViewData = ContractPage & {
  side: ContractSide;
  files: Awaited<ReturnType<typeof attachmentsOfContract>>;
  /** YYYY-MM-DD in China. */
  today: string;
  /** Whether the service period has started (before it, nothing is accepted and only an advance is paid). */
  started: boolean;
  /** What is left of the share the contract allows to subcontract. */
  remainingShareFen: number;
  may: ContractMay;
  /** Number, terms, signing deadline and publication (ADR 020); absent in the bench baseline. */
  document?: ContractDocumentPanel;
};

/** What this side may do now (from app/domain/contract-capabilities.ts): milestone ids to submit or review, tranche ids to pay. */
export interface ContractMay {
  confirm: boolean;
  submit: string[];
  review: string[];
  /** Milestone ids whose latest round may be accepted (the service period has started). */
  accept: string[];
  pay: string[];
  complete: boolean;
  subcontract: boolean;
  /** Subcontract ids waiting for this (parent) purchaser's written consent. */
  consent: string[];
  /** Propose an amendment; answer (confirm or decline) or withdraw the one waiting, by id. */
  amend: boolean;
  answerAmendment: string | null;
  withdrawAmendment: string | null;
  terminate: boolean;
}

/**
 * What the page's action answered: a refusal on its form, a form's reply (Conform's, ADR 015: what
 * was sent as `initialValue`, intent included, and the first message key per field), or what was done.
 */
export type ContractActionResult =
  | {
      formError?: { messageKey: string; params: Record<string, string | number> };
      fieldErrors?: Record<string, string>;
      initialValue?: Record<string, unknown> | null;
      done?: string;
      n?: number;
    }
  | undefined;
