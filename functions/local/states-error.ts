/** An error the ASL matches by name, as Step Functions matches the `Error` of a failed task. */
export class StatesError extends Error {
  constructor(name: string, message: string) {
    super(message);
    this.name = name;
  }
}
