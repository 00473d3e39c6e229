/**
 * One-off secrets of queued executions, in this process's memory only: keyed by execution id, taken once.
 * A restart loses them on purpose; the execution then fails and asks for them again.
 */
export class SecretStore<T> {
  private readonly entries = new Map<string, T>();

  put(executionId: string, secrets: T): void {
    this.entries.set(executionId, secrets);
  }

  take(executionId: string): T | undefined {
    const secrets = this.entries.get(executionId);
    this.entries.delete(executionId);
    return secrets;
  }
}
