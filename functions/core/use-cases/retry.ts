import { VersionConflictError } from "../errors.js";

/**
 * Runs a read-decide-commit use case again when its commit lost a race on a version. The workflow's bookkeeping
 * (storing a task token, claiming a delivery) also writes the stage item, so a person's action can collide with it
 * without anything they saw having changed; each retry re-reads and re-checks every rule, so it is always safe.
 * A conflict that survives the attempts is reported as is (409).
 */
export async function retryOnConflict<T>(run: () => Promise<T>, attempts = 4): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!(error instanceof VersionConflictError) || attempt >= attempts) throw error;
    }
  }
}
