import type { zhCN } from './zh-CN';

/**
 * Every message key, from the zh-CN catalog (the first language). `t()` takes only these, so a typo or a
 * removed message fails the typecheck. Where a key is built, build it from a typed union
 * (`project.status.${ProjectStatus}`): the template-literal type is then a union of keys and checks too.
 * Kept apart from i18n.ts so the pure domain can name the type (`import type`) without the catalogs.
 */
export type MessageKey = keyof typeof zhCN;

/** The forms of a message that counts, by Intl.PluralRules category; `other` is always there. */
export type PluralMessage = { other: string } & Partial<Record<Exclude<Intl.LDMLPluralRule, 'other'>, string>>;

export type Message = string | PluralMessage;

/** A language's messages: exactly the keys of zh-CN (`satisfies Catalog` in each language's file). */
export type Catalog = Record<MessageKey, Message>;
