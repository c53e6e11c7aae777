import { boolean, index, pgTable, text } from 'drizzle-orm/pg-core';

/**
 * The statistical division tree of Shaanxi (NBS 2023). `code` is the short significant code
 * (2/4/6/9/12 digits), so a region's subtree is every code with its code as prefix.
 */
export const regions = pgTable(
  'regions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'city', 'county', 'street', 'community'] }).notNull(),
    parentCode: text('parent_code'),
    /** Only for communities: 'urban' (居委会) or 'rural' (村委会). */
    communityType: text('community_type', { enum: ['urban', 'rural'] }),
    /** Which rule decided the type, or 'corrected' once a bureau set it by hand. */
    communityTypeReason: text('community_type_reason'),
    /** Units the policy names as reporting directly to the province (杨凌示范区, 韩城市 …). */
    directlyReported: boolean('directly_reported').notNull().default(false),
  },
  (t) => [index('regions_parent_idx').on(t.parentCode), index('regions_code_prefix_idx').on(t.code.op('text_pattern_ops'))],
);
