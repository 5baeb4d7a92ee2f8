// `npm test`: the lint (formatting and types) and the test suite side by side. The lint is mostly
// one process type-checking while the suite mostly waits on its builds and browsers, so running
// them together takes about the suite's time alone. The lint's report is printed whole when it
// ends; the exit code is non-zero when either fails. Arguments go to Vitest (`npm test -- file`).
import { spawn } from 'node:child_process';

/** Runs a command; its output is kept and returned when `quiet`, else shown as it comes. */
function run(command, args, quiet) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (quiet) for (const stream of [child.stdout, child.stderr]) stream.on('data', (chunk) => (output += chunk));
    child.on('error', (error) => resolve({ code: 1, output: `${output}${error.message}\n` }));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}

const lint = run('npm', ['run', '-s', 'lint'], true).then(({ code, output }) => {
  process.stdout.write(`\n── npm run lint: ${code === 0 ? 'passed' : 'FAILED'} ──\n${output}\n`);
  return code;
});
const suite = run('vitest', ['run', ...process.argv.slice(2)], false).then(({ code }) => code);
const [lintCode, suiteCode] = await Promise.all([lint, suite]);
if (lintCode !== 0) process.stderr.write('npm test: the lint failed (formatting or types): see its report above.\n');
process.exitCode = lintCode || suiteCode;
