/**
 * Preloaded (`node --import`) into the Node processes `npm run build` starts: when the build
 * process is gone (killed with SIGKILL, which it cannot catch), its child ends too, instead of
 * writing on into folders the next build cleans up.
 */

const buildPid = process.ppid;
setInterval(() => {
  if (process.ppid !== buildPid) process.kill(process.pid, 'SIGKILL');
}, 250).unref();

export {};
