// Demo data that is built on first use instead of at start: the usage and activity histories
// take tens of milliseconds to generate, and most simulator starts (one per test file) never
// read them. A store calls run() at the top of every method that reads or adds data.
export class DeferredSeed {
  private pending: (() => void) | undefined;

  set(seed: () => void): void {
    this.pending = seed;
  }

  run(): void {
    const seed = this.pending;
    // Cleared first: the seed adds data through the same methods that call run().
    this.pending = undefined;
    seed?.();
  }
}
