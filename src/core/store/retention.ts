/**
 * What the store's retention keeps, as {@link Store.prune} was last called: a merge (./merge.ts) applies the same
 * limits to the rows it brings in, so a copy of the store that was pruned later cannot bring old rows back. Pure module.
 */

/** The limits of the last prune. */
export interface Retention {
  /** Events kept per session (the newest). */
  maxPerSession: number;
  /** Epoch ms before which events, closed findings, lifted snoozes, resets and resume failures are dropped. */
  olderThanMs: number;
}
