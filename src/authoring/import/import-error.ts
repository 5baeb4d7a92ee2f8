/** A document the importer cannot work with; the message says what is wrong and `hint` what to do. */
export class ImportError extends Error {
  readonly hint?: string;
  constructor(message: string, hint?: string) {
    super(message);
    this.name = 'ImportError';
    this.hint = hint;
  }
}
