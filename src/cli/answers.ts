import type { AnswerProblem } from '../authoring/scaffold.ts';

/** What `new` and `import` print for wrong answers (flags checked against the registries): a line each. */
export function answerProblemsText(command: string, problems: readonly AnswerProblem[]): string {
  return problems.map((p) => `${command}: ${p.flag}: ${p.message}.${p.suggestion ? ` Did you mean "${p.suggestion}"?` : ''}`).join('\n');
}
