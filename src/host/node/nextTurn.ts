/**
 * The yield of the Node hosts' time-sliced work (the tailer's catch-up, the store's move into WebAssembly memory, the
 * document reader, the extension's activation).
 *
 * One `setImmediate` is not a turn: work resumed from an I/O callback (a file read, the parse worker's message) runs in
 * the event loop's poll phase, and an immediate queued there runs in the same iteration's check phase, so two slices ran
 * back to back with no timer between them (a 180 MB catch-up, 20 ms slices: the loop held 40-65 ms at a time). An
 * immediate queued from the check phase waits for the next iteration, after its timers and I/O callbacks.
 */

/** Resolves in a later iteration of the event loop than the one it is called in, after that iteration's timers. */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}
