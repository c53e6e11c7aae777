/** A transition table: for each action, the states it may start from and the state it leads to. */
export type TransitionTable<S extends string, A extends string> = Record<A, { from: readonly S[]; to: S }>;

export function canTransition<S extends string, A extends string>(table: TransitionTable<S, A>, from: S, action: A): boolean {
  return table[action].from.includes(from);
}

/** The actions available from a state, in the table's order. */
export function actionsFrom<S extends string, A extends string>(table: TransitionTable<S, A>, from: S): A[] {
  return (Object.keys(table) as A[]).filter((a) => table[a].from.includes(from));
}
