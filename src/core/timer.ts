/** Wall time of each build stage, in milliseconds, in the order they ran. */
export class StageTimer {
  readonly stages: { name: string; ms: number }[] = [];
  private readonly start = performance.now();

  /** `onStage` hears the name of each stage as it starts (for progress lines). */
  constructor(private readonly onStage: (name: string) => void = () => {}) {}

  time<T>(name: string, work: () => T): T {
    this.onStage(name);
    const begin = performance.now();
    try {
      return work();
    } finally {
      this.stages.push({ name, ms: performance.now() - begin });
    }
  }

  async timeAsync<T>(name: string, work: () => Promise<T>): Promise<T> {
    this.onStage(name);
    const begin = performance.now();
    try {
      return await work();
    } finally {
      this.stages.push({ name, ms: performance.now() - begin });
    }
  }

  get totalMs(): number {
    return performance.now() - this.start;
  }
}
