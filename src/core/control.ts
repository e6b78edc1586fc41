// Pause, resume and cancel, checked by the experiment loop between steps.

export type ControlState = "running" | "paused" | "cancelled";

export class RunCancelled extends Error {
  constructor() {
    super("The run was cancelled.");
    this.name = "RunCancelled";
  }
}

export class RunControl {
  private current: ControlState = "running";
  private wakeUp: (() => void) | null = null;
  private pauseAtBoundary = false;
  private stepped: (() => void) | null = null;

  get state(): ControlState {
    return this.current;
  }

  pause(): void {
    if (this.current === "running") this.current = "paused";
  }

  resume(): void {
    if (this.current !== "paused") return;
    this.pauseAtBoundary = false;
    this.current = "running";
    this.wake();
  }

  /**
   * Step mode: run to the end of the current phase (or epoch) and pause there. Paused, it
   * resumes; running, it pauses at the next boundary.
   */
  step(): Promise<void> {
    if (this.current === "cancelled") return Promise.resolve();
    this.stepped?.();
    const reached = new Promise<void>((resolve) => {
      this.stepped = resolve;
    });
    // Not resume(): it clears pauseAtBoundary, and a step from a pause then never paused again.
    if (this.current === "paused") {
      this.current = "running";
      this.wake();
    }
    this.pauseAtBoundary = true;
    return reached;
  }

  cancel(): void {
    this.current = "cancelled";
    this.endStep();
    this.wake();
  }

  /**
   * The gate the loop passes between steps: resolves when running; waits while paused;
   * throws RunCancelled once cancelled.
   */
  async gate(): Promise<void> {
    while (this.current === "paused") {
      await new Promise<void>((resolve) => {
        this.wakeUp = resolve;
      });
    }
    if (this.current === "cancelled") throw new RunCancelled();
  }

  /**
   * Called by the loop where a phase (or an epoch) ends: the place a step-by-step mode stops.
   * Otherwise the same as `gate`.
   */
  async boundary(): Promise<void> {
    if (this.pauseAtBoundary && this.current === "running") {
      this.pauseAtBoundary = false;
      this.current = "paused";
      this.endStep();
    }
    await this.gate();
  }

  private endStep(): void {
    const resolve = this.stepped;
    this.stepped = null;
    resolve?.();
  }

  private wake(): void {
    const resolve = this.wakeUp;
    this.wakeUp = null;
    resolve?.();
  }
}
