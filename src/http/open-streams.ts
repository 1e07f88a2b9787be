/**
 * The long-lived responses (Server-Sent Events) a process is serving: a graceful shutdown ends
 * them first, so that the server's close is not held up by streams that would never finish.
 */
export class OpenStreams {
  private readonly closers = new Set<() => void>();
  private closing = false;

  /** Registers a stream's close; returns its removal. A stream opened during shutdown is closed at once. */
  add(close: () => void): () => void {
    if (this.closing) {
      close();
      return () => {};
    }
    this.closers.add(close);
    return () => {
      this.closers.delete(close);
    };
  }

  /** Ends every open stream (and any opened from now on). */
  closeAll(): void {
    this.closing = true;
    for (const close of [...this.closers]) close();
    this.closers.clear();
  }

  get size(): number {
    return this.closers.size;
  }
}
